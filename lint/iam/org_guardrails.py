"""Service control policies in the scanned tree, as guardrails for the identity policies beside them.

An SCP that denies `rds:Delete*` does not change what an identity policy says,
but it does change what that policy can do in the accounts the SCP is attached
to. Attachments live in AWS Organizations, not in the repository, so a finding
is never dropped because of an SCP: it is lowered, and the SCP's `Deny`
statement is shown as evidence.

SCP files are recognised by name, as for kind detection: a `scps/` folder, or a
file name starting with `scp` or containing `service_control` / `_scp`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from lint.document import Document


@dataclass(frozen=True)
class OrgDeny:
    """One `Deny` statement of an SCP."""

    document: Document
    pointer: str
    names: frozenset[str]  # canonical actions it denies
    conditional: bool

    @property
    def path(self) -> str:
        return self.document.path


class OrgGuardrails:
    """Every SCP `Deny` found in the run, queried by the actions a finding is about."""

    def __init__(self, denies: Iterable[OrgDeny] = ()) -> None:
        self.denies = tuple(denies)
        self.texts = {d.document.path: d.document.text for d in self.denies}

    def __bool__(self) -> bool:
        return bool(self.denies)

    def denying(self, actions: Iterable[str]) -> list[tuple[OrgDeny, list[str]]]:
        """The SCP statements that deny some of `actions`, each with the actions it denies, in order."""
        wanted = list(dict.fromkeys(actions))
        found = []
        for deny in self.denies:
            hit = [a for a in wanted if a in deny.names]
            if hit:
                found.append((deny, hit))
        return found


def collect(files: Iterable[tuple[str, Path, str]]) -> OrgGuardrails:
    """Read the SCPs among `files` (display path, file, format); files that do not parse are skipped here
    and reported by the normal run."""
    from lint.formats import parse
    from lint.iam.grants import statement_names
    from lint.subjects.iam import PolicyDocument, PolicyKind, detect_kind

    denies: list[OrgDeny] = []
    for path, file, fmt in files:
        try:
            text = file.read_text(encoding="utf-8-sig")
            document = parse(path, text, fmt)
        except Exception:  # unreadable or malformed: the per-file run reports it with its position
            continue
        if not isinstance(document.data, dict) or "Statement" not in document.data:
            continue
        if detect_kind(path, document.data) is not PolicyKind.SCP:
            continue
        policy = PolicyDocument(document, "", PolicyKind.SCP)
        for statement in policy.statements:
            if not statement.is_deny:
                continue
            names = statement_names(statement)
            if names:
                denies.append(OrgDeny(document, statement.pointer, names, bool(statement.conditions)))
    return OrgGuardrails(denies)
