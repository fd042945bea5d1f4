"""Amazon Q Developer CLI and Kiro CLI custom agents (`.amazonq/cli-agents/*.json`, `.kiro/agents/*.json`).

`allowedTools` entries run tools with no prompt. They are globs: for built-in
tools any entry not starting with `@` is matched against the tool names, so
`"*"` auto-approves every built-in (`execute_bash`, `fs_write`, `use_aws`);
`"@builtin"` does too; `"@*"` approves every MCP server's tools and
`"@server"` one server's. `toolsSettings` widens single tools: shell command
patterns, AWS services, writable paths.
"""

from __future__ import annotations

from collections.abc import Iterator
from fnmatch import fnmatchcase
from typing import Any

from lint.document import Document, join
from lint.subjects.agent import AgentConfig, AgentConfigData, ToolApproval
from lint.subjects.base import Extractor, Item, Problem, Subject, type_name
from lint.subjects import recognizers
from lint.subjects.mcp import _server

#: Built-in tools of the Q / Kiro CLI, those that change things first.
BUILTINS = ("execute_bash", "fs_write", "use_aws", "fs_read", "report_issue", "knowledge", "thinking", "todo_list", "introspect", "delegate")


#: Kiro CLI's names for the same tools.
ALIASES = {"shell": "execute_bash", "write": "fs_write", "aws": "use_aws", "read": "fs_read", "subagent": "delegate"}


def builtins_matching(pattern: str) -> tuple[str, ...]:
    if pattern in ("@builtin", "@builtin/*"):
        return BUILTINS
    if pattern.startswith("@"):
        return ()
    names = [*BUILTINS, *ALIASES]
    matched = {ALIASES.get(t, t) for t in names if fnmatchcase(t, pattern)}
    return tuple(t for t in BUILTINS if t in matched)


class CliAgentExtractor(recognizers.CliAgent, Extractor):
    """Amazon Q / Kiro CLI agent files."""

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        data = document.data
        if not isinstance(data, dict):
            yield Problem(f"an agent file must be a JSON object, not {type_name(data)}", "")
            return
        product = "kiro-cli" if "/.kiro/" in f"/{document.path}" else "amazon-q"
        name = data.get("name") if isinstance(data.get("name"), str) else document.path.rsplit("/", 1)[-1].removesuffix(".json")
        config = AgentConfigData(product=product, name=name)
        servers = data.get("mcpServers")
        if isinstance(servers, dict):
            for server, body in servers.items():
                if isinstance(body, dict):
                    config.mcp_servers.append(_server(server, body, join("/mcpServers", server)))
        allowed = data.get("allowedTools")
        if allowed is not None and not isinstance(allowed, list):
            yield Problem(f"`allowedTools` must be a list, not {type_name(allowed)}", "/allowedTools")
        for i, entry in enumerate(allowed if isinstance(allowed, list) else []):
            if not isinstance(entry, str):
                continue
            item = Item(entry, join("/allowedTools", i))
            mcp = "*" if entry in ("@*", "@*/*") else (entry[1:].split("/", 1)[0] if entry.startswith("@") and not entry.startswith("@builtin") else None)
            config.approvals.append(ToolApproval(item, "allowedTools", builtins_matching(entry), mcp))
        hooks = data.get("hooks")
        if isinstance(hooks, dict):
            for event, entries in hooks.items():
                for i, hook in enumerate(entries if isinstance(entries, list) else []):
                    if isinstance(hook, dict) and isinstance(hook.get("command"), str):
                        config.hooks.append((event, Item(hook["command"], join("/hooks", event, i, "command"))))
        settings = data.get("toolsSettings") if isinstance(data.get("toolsSettings"), dict) else {}
        config.shell_allowed = [i for tool in ("execute_bash", "execute_cmd", "shell") for i in _strings(settings, (tool, "allowedCommands"))]
        config.shell_denied = [i for tool in ("execute_bash", "execute_cmd", "shell") for i in _strings(settings, (tool, "deniedCommands"))]
        config.cloud_services = [i for tool in ("use_aws", "aws") for i in _strings(settings, (tool, "allowedServices"))]
        config.write_paths = [i for tool in ("fs_write", "write") for i in _strings(settings, (tool, "allowedPaths"))]
        yield AgentConfig(document, config)


def _strings(settings: dict[str, Any], keys: tuple[str, str]) -> list[Item[str]]:
    tool, key = keys
    values = settings.get(tool, {}).get(key) if isinstance(settings.get(tool), dict) else None
    if not isinstance(values, list):
        return []
    return [Item(v, join("/toolsSettings", tool, key, i)) for i, v in enumerate(values) if isinstance(v, str)]
