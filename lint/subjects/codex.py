"""OpenAI Codex CLI configuration (`.codex/config.toml`), and each `[profiles.<name>]` in it.

`approval_policy = "never"` runs everything without asking; `sandbox_mode =
"danger-full-access"` turns the sandbox off. MCP servers come from
`[mcp_servers.<name>]`; `default_tools_approval_mode = "approve"` (or a tool's
`approval_mode = "approve"`) runs their tools with no prompt.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lint.document import Document, join
from lint.subjects.agent import AgentConfig, AgentConfigData, McpServer
from lint.subjects.base import Extractor, Item, Problem, Subject, type_name
from lint.subjects import recognizers

BYPASS = {"never": "never asks for approval before running commands or changing files"}


class CodexExtractor(recognizers.Codex, Extractor):
    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        data = document.data
        if not isinstance(data, dict):
            yield Problem(f"a Codex configuration must be a table, not {type_name(data)}", "")
            return
        yield AgentConfig(document, _config(data, "", "codex", document.path))
        profiles = data.get("profiles")
        if isinstance(profiles, dict):
            for name, body in profiles.items():
                if isinstance(body, dict):
                    yield AgentConfig(document, _config(body, join("/profiles", name), "codex", f"profile `{name}`"))


def _config(data: dict[str, Any], base: str, product: str, name: str) -> AgentConfigData:
    config = AgentConfigData(product=product, name=name, mode_key="approval_policy")
    policy = data.get("approval_policy")
    if isinstance(policy, str):
        config.default_mode = Item(policy, join(base, "approval_policy"))
        config.bypass_reason = BYPASS.get(policy)
    sandbox = data.get("sandbox_mode")
    if isinstance(sandbox, str):
        config.sandbox = Item(sandbox, join(base, "sandbox_mode"))
        config.sandbox_off = sandbox == "danger-full-access"
    policy = data.get("shell_environment_policy")
    if isinstance(policy, dict):
        # `inherit = "all"` (the default) passes the whole environment; default excludes drop *KEY*/*SECRET*/*TOKEN*
        if policy.get("ignore_default_excludes") is True and policy.get("inherit", "all") == "all":
            config.shell_credentials = Item(True, join(base, "shell_environment_policy", "ignore_default_excludes"))
    network = data.get("sandbox_workspace_write")
    if isinstance(network, dict) and network.get("network_access") is True:
        config.sandbox_network = Item(True, join(base, "sandbox_workspace_write", "network_access"))
    servers = data.get("mcp_servers")
    if isinstance(servers, dict):
        for server, body in servers.items():
            if isinstance(body, dict):
                config.mcp_servers.append(_server(server, body, join(base, "mcp_servers", server)))
    return config


def _server(name: str, body: dict[str, Any], pointer: str) -> McpServer:
    args = body.get("args")
    env = body.get("env")
    headers = body.get("http_headers")
    approvals = []
    if body.get("default_tools_approval_mode") == "approve":
        approvals.append(Item("*", join(pointer, "default_tools_approval_mode")))
    tools = body.get("tools")
    if isinstance(tools, dict):
        for tool, settings in tools.items():
            if isinstance(settings, dict) and settings.get("approval_mode") == "approve":
                approvals.append(Item(tool, join(pointer, "tools", tool, "approval_mode")))
    command = body.get("command")
    url = body.get("url")
    return McpServer(
        name=name,
        pointer=pointer,
        command=Item(command, join(pointer, "command")) if isinstance(command, str) else None,
        args=tuple(Item(v, join(pointer, "args", i)) for i, v in enumerate(args) if isinstance(v, str)) if isinstance(args, list) else (),
        env=tuple((k, Item(v, join(pointer, "env", k))) for k, v in env.items()) if isinstance(env, dict) else (),
        headers=tuple((k, Item(v, join(pointer, "http_headers", k))) for k, v in headers.items()) if isinstance(headers, dict) else (),
        url=Item(url, join(pointer, "url")) if isinstance(url, str) else None,
        auto_approve=tuple(approvals),
        disabled=body.get("enabled") is False,
    )
