"""Atlantis: the repository's `atlantis.yaml` and the server-side repo config (`repos.yaml`).

`atlantis.yaml` sits at the repository root (claimed by name); a server-side repo config is any
YAML whose `repos:` entries carry Atlantis keys (sniffed). Atlantis's own defaults apply: with no
`apply_requirements`, anyone who can comment `atlantis apply` applies; `atlantis.yaml` is read
from the pull request, so whatever the server lets it override, the pull request decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lint.document import Document, join
from lint.subjects.base import Extractor, Item, Problem, Subject, type_name
from lint.subjects.deploy_platforms.model import AtlantisConfig, AtlantisRule

_SERVER_SNIFF = re.compile(r"^\s*-?\s*(?:apply_requirements|allowed_overrides|allow_custom_workflows|import_requirements)\s*:", re.M)
_KEYS = ("apply_requirements", "import_requirements", "allowed_overrides", "allow_custom_workflows")


class AtlantisExtractor(Extractor):
    """`atlantis.yaml` at a known location and sniffed server-side repo configs."""

    name = "atlantis"
    formats = ("yaml", "json")
    location = re.compile(r"(?:^|/)atlantis\.ya?ml$")

    def sniff(self, text: str) -> bool:
        return "repos" in text and _SERVER_SNIFF.search(text) is not None

    def accepts(self, document: Document) -> bool:
        data = document.data
        return isinstance(data, dict) and isinstance(data.get("repos"), list)

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        data = document.data
        if data is None:
            return
        if not isinstance(data, dict):
            yield Problem(f"an Atlantis config must be a mapping, not {type_name(data)}", "")
            return
        if isinstance(data.get("repos"), list):
            yield _server(document, data)
        elif "projects" in data or "version" in data or "workflows" in data:
            yield _repo(document, data)


def _rule(entry: dict[str, Any], pointer: str, target: str) -> AtlantisRule:
    rule = AtlantisRule(target, pointer)
    for key in _KEYS:
        if key in entry:
            setattr(rule, key, Item(entry[key], join(pointer, key)))
    branch = entry.get("branch")
    rule.branch = branch if isinstance(branch, str) else None
    return rule


def _server(document: Document, data: dict[str, Any]) -> AtlantisConfig:
    config = AtlantisConfig(document, "", server=True)
    for i, entry in enumerate(data["repos"]):
        if isinstance(entry, dict):
            target = entry.get("id")
            config.rules.append(_rule(entry, join("/repos", i), f"repos `{target}`" if isinstance(target, str) else f"repos entry {i}"))
    return config


def _repo(document: Document, data: dict[str, Any]) -> AtlantisConfig:
    config = AtlantisConfig(document, "", server=False)
    if "automerge" in data:
        config.automerge = Item(data["automerge"], "/automerge")
    if isinstance(data.get("workflows"), dict) and data["workflows"]:
        config.custom_workflows = Item(data["workflows"], "/workflows")
    projects = data.get("projects")
    for i, project in enumerate(projects if isinstance(projects, list) else []):
        if isinstance(project, dict):
            name = project.get("name") or project.get("dir") or f"project {i}"
            workspace = project.get("workspace")
            label = f"project `{name}`" + (f" (workspace `{workspace}`)" if isinstance(workspace, str) and workspace != "default" else "")
            rule = _rule(project, join("/projects", i), label)
            rule.branch = project.get("branch") if isinstance(project.get("branch"), str) else None
            config.rules.append(rule)
    return config
