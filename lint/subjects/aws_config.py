"""AWS CLI/SDK configuration committed to a repository: which profile becomes which role.

Dotfiles and dev-container repositories commit `.aws/config` (and sometimes `.aws/credentials`).
An agent that names a profile acts as the role that profile assumes; this reader states those
mappings as `ProfileFact`s for the repository graph, each key located at its line. The INI text
is read by a line scanner, never by a library that interpolates values.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lint.document import Document
from lint.graph.facts import Fact, ProfileFact
from lint.model import Location, Span
from lint.subjects.base import Extractor, Problem, Subject
from lint.subjects import recognizers

_SECTION = re.compile(r"^\s*\[\s*(?P<name>[^\]]+?)\s*\]\s*(?:[#;].*)?$")
_KEY = re.compile(r"^\s*(?P<key>[A-Za-z0-9_.-]+)\s*=\s*(?P<value>.*?)\s*$")
#: The keys that decide what a profile acts as.
PROFILE_KEYS = ("role_arn", "source_profile", "sso_role_name", "credential_process", "aws_access_key_id")


class AwsConfigExtractor(recognizers.AwsConfig, Extractor):
    """`.aws/config` and `.aws/credentials` (also `aws/config` in dev-container layouts)."""

    def extract(self, document: Document) -> Iterator[Subject | Problem | Fact]:
        credentials = document.path.endswith("credentials")
        yield from profiles(document, credentials=credentials)


def profiles(document: Document, *, credentials: bool = False) -> Iterator[ProfileFact]:
    """One fact per profile section, keyed by the profile name the SDKs use (`[profile ops]` is `ops`)."""
    current: str | None = None
    header: Location | None = None
    values: dict[str, tuple[str, Location]] = {}

    def flush() -> Iterator[ProfileFact]:
        if current is None or header is None:
            return
        role = values.get("role_arn")
        yield ProfileFact(
            role[1] if role else header,
            current,
            role_arn=role[0] if role else None,
            source_profile=values["source_profile"][0] if "source_profile" in values else None,
            sso_role_name=values["sso_role_name"][0] if "sso_role_name" in values else None,
            credential_process=values["credential_process"][0] if "credential_process" in values else None,
            static_keys="aws_access_key_id" in values,
        )

    for number, line in enumerate(document.lines, start=1):
        stripped = line.strip()
        if not stripped or stripped[0] in "#;":
            continue
        section = _SECTION.match(line)
        if section:
            yield from flush()
            name = section.group("name")
            if not credentials and name.startswith("profile "):
                name = name[len("profile "):].strip()
            elif not credentials and name != "default":
                current, header, values = None, None, {}  # `[sso-session x]`, `[services y]`: not profiles
                continue
            current = name
            start = line.index("[") + 1
            header = Location(document.path, Span(number, start, number, len(line.rstrip()) + 1), f"/{name}")
            values = {}
            continue
        key = _KEY.match(line)
        if key and current is not None and key.group("key").lower() in PROFILE_KEYS:
            col = line.index(key.group("key")) + 1
            where = Location(document.path, Span(number, col, number, len(line.rstrip()) + 1), f"/{current}/{key.group('key').lower()}")
            values[key.group("key").lower()] = (key.group("value"), where)
    yield from flush()
