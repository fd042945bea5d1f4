"""Atlantis: the repository's `atlantis.yaml` and the server-side repo config (`repos.yaml`).

`atlantis.yaml` sits at the repository root (claimed by name); a server-side repo config is any
YAML whose `repos:` entries carry Atlantis keys (sniffed), or such a config written as a block
string inside another YAML file: the Atlantis Helm chart's `repoConfig: |` value or a ConfigMap's
`data` entry, located in the outer file line by line. Atlantis's own defaults apply: with no
`apply_requirements`, anyone who can comment `atlantis apply` applies; `atlantis.yaml` is read
from the pull request, so whatever the server lets it override, the pull request decides.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lint.document import Document, join
from lint.subjects.base import Extractor, Item, Problem, Subject, type_name
from lint.subjects import recognizers
from lint.subjects.recognizers import ATLANTIS_SERVER_SNIFF as _SERVER_SNIFF
from lint.subjects.deploy_platforms.model import AtlantisConfig, AtlantisRule

_KEYS = ("apply_requirements", "import_requirements", "allowed_overrides", "allow_custom_workflows")


class AtlantisExtractor(recognizers.Atlantis, Extractor):
    """`atlantis.yaml` at a known location and sniffed server-side repo configs."""

    def accepts(self, document: Document) -> bool:
        data = document.data
        if not isinstance(data, dict):
            return False
        if isinstance(data.get("projects"), list) and data.get("version") in (2, 3, "2", "3"):
            return True
        return isinstance(data.get("repos"), list) or bool(_embedded_candidates(data))

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        data = document.data
        if data is None:
            return
        candidates = _embedded_candidates(data) if isinstance(data, dict) and not isinstance(data.get("repos"), list) else []
        if candidates and document.format == "yaml":
            for pointer in candidates:
                embedded = EmbeddedYaml.read(document, pointer)
                if embedded is not None and isinstance(embedded.data, dict) and isinstance(embedded.data.get("repos"), list):
                    yield _server(embedded, embedded.data)
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
            rule = _rule(entry, join("/repos", i), f"repos `{target}`" if isinstance(target, str) else f"repos entry {i}")
            rule.key = target if isinstance(target, str) else ""
            config.rules.append(rule)
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
            rule.key = str(name)
            rule.branch = project.get("branch") if isinstance(project.get("branch"), str) else None
            config.rules.append(rule)
    return config


#: Keys under which a server-side repo config is written as a string: the Atlantis Helm chart's
#: values (`repoConfig`, also under `atlantis:`) and a ConfigMap's `data` entries.
_EMBEDDING_KEYS = ("repoConfig", "repo_config", "repo-config")


def _embedded_candidates(data: dict[str, Any]) -> list[str]:
    found = []
    for key in _EMBEDDING_KEYS:
        if _is_repo_config(data.get(key)):
            found.append(join("", key))
    for parent in ("atlantis", "data"):
        inner = data.get(parent)
        if isinstance(inner, dict):
            for key, value in inner.items():
                if (parent == "data" or key in _EMBEDDING_KEYS) and _is_repo_config(value):
                    found.append(join("", parent, key))
    return found


def _is_repo_config(value: Any) -> bool:
    return isinstance(value, str) and "repos:" in value and _SERVER_SNIFF.search(value) is not None


class EmbeddedYaml(Document):
    """A YAML document written as a block string (`key: |`) inside another YAML file, located there."""

    format = "yaml"
    comment_prefixes = ("#",)

    def __init__(self, outer: Document, inner: Document, line_offset: int, indent: int) -> None:
        super().__init__(outer.path, outer.text, inner.data)
        self.outer = outer
        self.inner = inner
        self.line_offset = line_offset
        self.indent = indent
        self.file = outer.file

    @classmethod
    def read(cls, outer: Document, pointer: str) -> EmbeddedYaml | None:
        from lint.document import ParseError
        from lint.formats.yaml import parse_yaml

        node, _ = outer._node(pointer) if hasattr(outer, "_node") else (None, None)
        if node is None or getattr(node, "style", None) not in ("|", ">"):
            return None  # a quoted or plain string has no line structure to map back
        first = node.start_mark.line + 2  # 1-based line after the `|` indicator
        while first <= len(outer.lines) and not outer.line_text(first).strip():
            first += 1
        line = outer.line_text(first)
        indent = len(line) - len(line.lstrip(" "))
        try:
            inner = parse_yaml(outer.path, node.value)
        except ParseError:
            return None
        if inner.multi and isinstance(inner.data, list):
            return None
        return cls(outer, inner, first - 1, indent)

    def _shift(self, span):
        from lint.model import Span

        return Span(span.start_line + self.line_offset, span.start_col + self.indent,
                    span.end_line + self.line_offset, span.end_col + self.indent)

    def locate(self, pointer: str):
        return self._shift(self.inner.locate(pointer))

    def locate_key(self, pointer: str):
        return self._shift(self.inner.locate_key(pointer))

    def comments(self):
        return self.outer.comments()
