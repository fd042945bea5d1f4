"""Gemini CLI settings (`.gemini/settings.json`): approval mode, tools allowed without confirmation,
the sandbox, and MCP servers (`trust: true` bypasses every confirmation of that server)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lint.document import Document, join
from lint.subjects.agent import AgentConfig, AgentConfigData, McpServer, ToolApproval
from lint.subjects.base import Extractor, Item, Problem, Subject, type_name
from lint.subjects import recognizers
from lint.subjects.mcp import _server

_SHELL = re.compile(r"^\s*(?:run_shell_command|ShellTool)\s*(?:\((?P<prefix>.*)\))?\s*$")
#: Gemini tool names -> the product-neutral tools they amount to.
TOOLS = {"write_file": "fs_write", "replace": "fs_write", "edit": "fs_write"}


class GeminiSettingsExtractor(recognizers.GeminiSettings, Extractor):
    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        data = document.data
        if not isinstance(data, dict):
            yield Problem(f"Gemini CLI settings must be an object, not {type_name(data)}", "")
            return
        config = AgentConfigData(product="gemini-cli", name=document.path, mode_key="general.defaultApprovalMode")
        general = data.get("general") if isinstance(data.get("general"), dict) else {}
        mode = general.get("defaultApprovalMode")
        if isinstance(mode, str):
            item = Item(mode, "/general/defaultApprovalMode")
            if mode == "yolo":
                config.default_mode, config.bypass_reason = item, "accepts every tool call without asking"
            elif mode == "auto_edit":
                config.autonomy = item
        tools = data.get("tools") if isinstance(data.get("tools"), dict) else {}
        allowed = tools.get("allowed")
        for i, entry in enumerate(allowed if isinstance(allowed, list) else []):
            if not isinstance(entry, str):
                continue
            pointer = join("/tools/allowed", i)
            shell = _SHELL.match(entry)
            if shell:
                config.shell_prefixes.append(Item(shell.group("prefix") if shell.group("prefix") is not None else "*", pointer))
                config.shell_labels[pointer] = f"`tools.allowed` entry `{entry}`"
            elif entry.strip() in TOOLS:
                config.approvals.append(ToolApproval(Item(entry, pointer), "tools.allowed", (TOOLS[entry.strip()],)))
        if tools.get("sandbox") is False:
            config.sandbox, config.sandbox_off, config.sandbox_key = Item(False, "/tools/sandbox"), True, "tools.sandbox"
        servers = data.get("mcpServers")
        if isinstance(servers, dict):
            for name, body in servers.items():
                if isinstance(body, dict):
                    config.mcp_servers.append(_trusting(_server(name, body, join("/mcpServers", name)), body))
        yield AgentConfig(document, config)


def _trusting(server: McpServer, body: dict[str, Any]) -> McpServer:
    """`trust: true` is Gemini's "approve every tool of this server"."""
    if body.get("trust") is not True:
        return server
    from dataclasses import replace

    return replace(server, auto_approve=(*server.auto_approve, Item("*", f"{server.pointer}/trust")))
