"""AI-agent configuration subjects, normalised across products.

`AgentConfig` says what an agent may do with no human in the loop: its
approval mode, the permission rules that allow, ask about or deny tools, and
the environment it runs with. Each product's parser fills the same fields.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lint.document import Document, join
from lint.subjects.base import Extractor, Item, Problem, Subject, type_name
from lint.subjects import recognizers
from lint.subjects.cloud_env import IDENTITY_VARIABLES

_RULE = re.compile(r"^\s*(?P<tool>[^()\s]+)\s*(?:\((?P<spec>.*)\))?\s*$", re.S)

#: Claude Code approval modes that run tools without asking anyone.
BYPASS_MODES = {"bypassPermissions": "skips every permission prompt", "dontAsk": "never asks before using a tool"}
SHELL_TOOLS = {"Bash"}


@dataclass(frozen=True)
class PermissionRule:
    """One ``Tool`` or ``Tool(specifier)`` rule from an allow, ask or deny list."""

    list: str  # "allow" | "ask" | "deny"
    raw: str
    tool: str
    specifier: str | None
    pointer: str

    @property
    def is_shell(self) -> bool:
        return self.tool in SHELL_TOOLS

    @property
    def matches_everything(self) -> bool:
        """``Tool`` with no specifier, or a specifier that is only wildcards."""
        return self.specifier is None or self.specifier.strip() in ("", "*", "**", ":*")


def parse_rule(list_name: str, raw: str, pointer: str) -> PermissionRule | None:
    m = _RULE.match(raw)
    if not m:
        return None
    return PermissionRule(list_name, raw, m.group("tool"), m.group("spec"), pointer)


@dataclass(frozen=True)
class McpServer:
    """One MCP server an agent may start or call, as a client config declares it."""

    name: str
    pointer: str
    command: Item[str] | None = None
    args: tuple[Item[str], ...] = ()
    env: tuple[tuple[str, Item[Any]], ...] = ()  # (variable, value item)
    headers: tuple[tuple[str, Item[Any]], ...] = ()
    url: Item[str] | None = None
    auto_approve: tuple[Item[str], ...] = ()  # tools that run with no prompt (`autoApprove`, `alwaysAllow`)
    disabled: bool = False

    @property
    def launch(self) -> str:
        """`npx -y @scope/pkg` as written: command and arguments."""
        parts = [self.command.value] if self.command else []
        return " ".join(parts + [a.value for a in self.args])


@dataclass(frozen=True)
class ToolApproval:
    """A setting that lets tools run with no prompt, and the built-in tools it covers."""

    item: Item[str]  # the entry as written (`*`, `@builtin`, `execute_bash`)
    setting: str  # where it is written (`allowedTools`)
    tools: tuple[str, ...]  # built-in tools it auto-approves
    mcp: str | None = None  # `*` for every MCP server's tools, or one server's name


@dataclass
class AgentConfigData:
    product: str
    name: str
    default_mode: Item[str] | None = None
    #: The setting `default_mode` comes from (`defaultMode`, `approval_policy`), and what its value
    #: means when it takes people out of the loop (None when it does not).
    mode_key: str = "defaultMode"
    bypass_reason: str | None = None
    #: A setting that makes the agent act end to end by default (`kiroAgent.agentAutonomy: Autopilot`).
    autonomy: Item[Any] | None = None
    #: Sandbox setting and whether it is off (`sandbox_mode = "danger-full-access"`).
    sandbox: Item[Any] | None = None
    sandbox_off: bool = False
    sandbox_key: str = "sandbox_mode"
    rules: list[PermissionRule] = field(default_factory=list)
    env: dict[str, Item[Any]] = field(default_factory=dict)
    enable_all_project_mcp_servers: Item[bool] | None = None
    disable_bypass_mode: Item[Any] | None = None
    mcp_servers: list[McpServer] = field(default_factory=list)
    approvals: list[ToolApproval] = field(default_factory=list)
    #: Commands the product runs by itself on events (Claude Code `hooks`, Q / Kiro agent `hooks`).
    hooks: list[tuple[str, Item[str]]] = field(default_factory=list)  # (event, command item)
    #: Shell command patterns that run with no prompt: anchored regexes (`execute_bash.allowedCommands`)
    #: and command prefixes (`kiroAgent.trustedCommands`, Gemini `run_shell_command(git)`).
    shell_allowed: list[Item[str]] = field(default_factory=list)
    shell_prefixes: list[Item[str]] = field(default_factory=list)
    #: Shell command patterns that are refused or asked about (`deniedCommands`): a deny list.
    shell_denied: list[Item[str]] = field(default_factory=list)
    #: Environment the agent's shell inherits that carries credentials (Codex `shell_environment_policy`).
    shell_credentials: Item[Any] | None = None
    #: The sandbox's network is open (Codex `sandbox_workspace_write.network_access = true`).
    sandbox_network: Item[Any] | None = None
    #: How a shell pattern is written when that differs from the pattern (`run_shell_command` for `*`), by pointer.
    shell_labels: dict[str, str] = field(default_factory=dict)
    #: Cloud services every operation of which runs with no prompt (`use_aws.allowedServices`).
    cloud_services: list[Item[str]] = field(default_factory=list)
    #: Paths the agent may write with no prompt (`fs_write.allowedPaths`).
    write_paths: list[Item[str]] = field(default_factory=list)


class AgentConfig(Subject):
    """What one agent configuration grants, in product-neutral terms."""

    family = "agent"

    def __init__(self, document: Document, data: AgentConfigData, pointer: str = "") -> None:
        super().__init__(document, pointer)
        self.product = data.product
        self.name = data.name
        self.default_mode = data.default_mode
        self.mode_key = data.mode_key
        self.bypass_reason = data.bypass_reason
        self.sandbox = data.sandbox
        self.autonomy = data.autonomy
        self.sandbox_off = data.sandbox_off
        self.sandbox_key = data.sandbox_key
        self.rules = data.rules
        self.env = data.env
        self.enable_all_project_mcp_servers = data.enable_all_project_mcp_servers
        self.disable_bypass_mode = data.disable_bypass_mode
        #: MCP servers the config declares, disabled ones included (checks skip those).
        self.mcp_servers = data.mcp_servers
        self.approvals = data.approvals
        self.shell_allowed = data.shell_allowed
        self.shell_prefixes = data.shell_prefixes
        self.hooks = data.hooks
        self.shell_labels = data.shell_labels
        self.shell_denied = data.shell_denied
        self.shell_credentials = data.shell_credentials
        self.sandbox_network = data.sandbox_network
        self.cloud_services = data.cloud_services
        self.write_paths = data.write_paths

    def rules_in(self, list_name: str) -> list[PermissionRule]:
        return [r for r in self.rules if r.list == list_name]

    @property
    def allowed(self) -> list[PermissionRule]:
        """Rules that let a tool run without a prompt."""
        return self.rules_in("allow")

    @property
    def shell_rules(self) -> list[PermissionRule]:
        return [r for r in self.rules if r.is_shell]

    @property
    def cloud_identity(self) -> tuple[str, Item[Any]] | None:
        """The first env variable that gives the agent a cloud identity, and its item."""
        for name, item in self.env.items():
            if name.upper() in IDENTITY_VARIABLES and item.value not in (None, ""):
                return name, item
        return None

    def denies(self, tool: str) -> bool:
        return any(r.tool == tool and r.matches_everything for r in self.rules_in("deny"))


class ClaudeSettingsExtractor(recognizers.ClaudeSettings, Extractor):
    """Claude Code settings: ``.claude/settings.json``, ``.claude/settings.local.json`` and ``managed-settings.json``."""

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        data = document.data
        if not isinstance(data, dict):
            yield Problem(f"Claude Code settings must be a JSON object, not {type_name(data)}", "")
            return
        config = AgentConfigData(product="claude-code", name=document.path)
        permissions = data.get("permissions")
        if permissions is not None and not isinstance(permissions, dict):
            yield Problem(f"`permissions` must be an object, not {type_name(permissions)}", "/permissions")
            permissions = None
        permissions = permissions or {}
        mode = permissions.get("defaultMode")
        if mode is not None:
            if isinstance(mode, str):
                config.default_mode = Item(mode, "/permissions/defaultMode")
                config.bypass_reason = BYPASS_MODES.get(mode)
            else:
                yield Problem(f"`defaultMode` must be a string, not {type_name(mode)}", "/permissions/defaultMode")
        if "disableBypassPermissionsMode" in permissions:
            config.disable_bypass_mode = Item(
                permissions["disableBypassPermissionsMode"], "/permissions/disableBypassPermissionsMode"
            )
        for list_name in ("allow", "ask", "deny"):
            rules = permissions.get(list_name)
            base = join("/permissions", list_name)
            if rules is None:
                continue
            if not isinstance(rules, list):
                yield Problem(f"`permissions.{list_name}` must be a list of rules, not {type_name(rules)}", base)
                continue
            for i, raw in enumerate(rules):
                pointer = join(base, i)
                rule = parse_rule(list_name, raw, pointer) if isinstance(raw, str) else None
                if rule is None:
                    yield Problem(f"not a permission rule: {raw!r} (expected `Tool` or `Tool(specifier)`)", pointer)
                else:
                    config.rules.append(rule)
        env = data.get("env")
        if isinstance(env, dict):
            config.env = {k: Item(v, join("/env", k)) for k, v in env.items()}
        elif env is not None:
            yield Problem(f"`env` must be an object, not {type_name(env)}", "/env")
        hooks = data.get("hooks")
        if isinstance(hooks, dict):
            for event, matchers in hooks.items():
                for i, matcher in enumerate(matchers if isinstance(matchers, list) else []):
                    inner = matcher.get("hooks") if isinstance(matcher, dict) else None
                    for j, hook in enumerate(inner if isinstance(inner, list) else []):
                        if isinstance(hook, dict) and hook.get("type") == "command" and isinstance(hook.get("command"), str):
                            config.hooks.append((event, Item(hook["command"], join("/hooks", event, i, "hooks", j, "command"))))
        trust_all = data.get("enableAllProjectMcpServers")
        if trust_all is not None:
            config.enable_all_project_mcp_servers = Item(trust_all, "/enableAllProjectMcpServers")
        yield AgentConfig(document, config)
