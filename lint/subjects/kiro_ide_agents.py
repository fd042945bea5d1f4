"""Kiro IDE custom agents (`.kiro/agents/*.md`): YAML front matter with `tools`, `mcpServers` and
capability `permissions` (`{capability: shell, effect: allow, match: [...]}`), then the prompt."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from lint.document import Comment, Document, ParseError, join
from lint.model import Span
from lint.subjects.agent import AgentConfig, AgentConfigData, ToolApproval
from lint.subjects.base import Extractor, Item, Problem, Subject, type_name
from lint.subjects import recognizers
from lint.subjects.mcp import _server

CAPABILITY_TOOLS = {"shell": ("execute_bash",), "fs_write": ("fs_write",), "write": ("fs_write",), "aws": ("use_aws",)}


class FrontMatter(Document):
    """The YAML front matter of a Markdown file, located in the Markdown file's own lines."""

    def __init__(self, markdown: Document, yaml_document: Document, first_line: int) -> None:
        super().__init__(markdown.path, markdown.text, yaml_document.data)
        self.format = "yaml"
        self.inner = yaml_document
        self.offset = first_line - 1

    def _shift(self, span: Span) -> Span:
        return Span(span.start_line + self.offset, span.start_col, span.end_line + self.offset, span.end_col)

    def locate(self, pointer: str) -> Span:
        return self._shift(self.inner.locate(pointer))

    def locate_key(self, pointer: str) -> Span:
        return self._shift(self.inner.locate_key(pointer))

    def comments(self) -> Iterable[Comment]:
        return [Comment(c.line + self.offset, c.col, c.text, c.end_col) for c in self.inner.comments()]


class KiroIdeAgentExtractor(recognizers.KiroIdeAgent, Extractor):
    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        from lint.formats.yaml import parse_yaml

        lines = document.text.split("\n")
        if not lines or lines[0].strip() != "---":
            return  # no front matter: a prompt only
        end = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
        if end is None:
            yield Problem("front matter opened with `---` is never closed", span=Span.point(1, 1))
            return
        try:
            inner = parse_yaml(document.path, "\n".join(lines[1:end]) + "\n")
        except ParseError as error:
            yield Problem(error.message, span=Span.point(error.line + 1, error.col))
            return
        matter = FrontMatter(document, inner, 2)
        data = matter.data
        if not isinstance(data, dict):
            yield Problem(f"front matter must be a mapping, not {type_name(data)}", span=Span.point(2, 1))
            return
        name = document.path.rsplit("/", 1)[-1].removesuffix(".md")
        config = AgentConfigData(product="kiro-ide", name=name)
        servers = data.get("mcpServers")
        if isinstance(servers, dict):
            for server, body in servers.items():
                if isinstance(body, dict):
                    config.mcp_servers.append(_server(server, body, join("/mcpServers", server)))
        permissions = data.get("permissions")
        for i, rule in enumerate(permissions if isinstance(permissions, list) else []):
            if isinstance(rule, dict) and rule.get("effect") == "allow":
                _permission(config, rule, join("/permissions", i))
        yield AgentConfig(matter, config)


def _permission(config: AgentConfigData, rule: dict[str, Any], pointer: str) -> None:
    capability = str(rule.get("capability", ""))
    match = rule.get("match")
    patterns = [m for m in match if isinstance(m, str)] if isinstance(match, list) else []
    if capability == "all":
        config.default_mode = Item("all", join(pointer, "capability"))
        config.mode_key = "permissions: capability"
        config.bypass_reason = "allows every capability (shell, files, MCP) without asking"
    elif capability == "shell":
        if not patterns:
            config.shell_prefixes.append(Item("*", join(pointer, "capability")))
            config.shell_labels[join(pointer, "capability")] = "permission `shell: allow` with no `match`"
        for j, pattern in enumerate(patterns):
            config.shell_prefixes.append(Item(pattern, join(pointer, "match", j)))
    elif capability in CAPABILITY_TOOLS and not patterns:
        config.approvals.append(ToolApproval(Item(capability, join(pointer, "capability")), "permissions", CAPABILITY_TOOLS[capability]))
    elif capability in ("fs_write", "write"):
        config.write_paths += [Item(p, join(pointer, "match", j)) for j, p in enumerate(patterns)]
