from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.agent import AgentConfig

#: Built-in tools that act on the world, and how far an unprompted call reaches.
REACH = {
    "use_aws": (Severity.CRITICAL, "any AWS API call with the user's credentials"),
    "execute_bash": (Severity.HIGH, "any shell command"),
    "fs_write": (Severity.MEDIUM, "writing any file it may reach"),
    "delegate": (Severity.HIGH, "background agents started with every tool trusted"),
}


class ToolsAutoApproved(Check):
    """An agent's allow list approves tools that act on the world: the shell, the cloud, file writes.

    ## What it does
    Expands each `allowedTools` entry of Amazon Q / Kiro CLI agents the way
    the CLI does (a glob over built-in tool names: `*` and `@builtin` cover
    every built-in; `@*` every MCP tool; `@server` one server's) and reports
    the entries that let `use_aws`, `execute_bash`, `fs_write` or `delegate`
    run without a prompt, naming each tool the entry covers. Entries that
    approve whole MCP servers are reported too.

    ## Why is this bad?
    An allowed tool runs whenever the model decides to call it. `use_aws`
    runs any AWS API operation, deletes included, with the credentials of
    whoever runs the agent; `execute_bash` runs any command. The `*` that
    looks like "all read tools" is a glob that matches all of them.

    ## Example
    ```json
    {"name": "ops", "tools": ["*"], "allowedTools": ["*"]}
    ```

    ## Remediation
    Allow only read tools (`fs_read`), and widen single tools with
    `toolsSettings`: `execute_bash.allowedCommands` for specific commands,
    `use_aws.autoAllowReadonly` for read operations.

    ## References
    - https://github.com/aws/amazon-q-developer-cli/blob/main/docs/agent-format.md
    - https://kiro.dev/docs/cli/custom-agents/configuration-reference/
    """

    id = "agent-tools-auto-approved"
    name = "Tools that act on the world run without a prompt"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = AgentConfig
    tags = ("agent", "approval")
    cwe = (862,)
    example_path = ".amazonq/cli-agents/ops.json"

    valid = [
        Valid('{"name": "reviewer", "tools": ["*"], "allowedTools": ["fs_read", "report_issue", "@docs/search_documentation"]}'),
    ]
    invalid = [
        Invalid(
            '{"name": "ops", "tools": ["*"], "allowedTools": ["fs_read", "*"]}',
            expect=["/allowedTools/1"],
            messages=["`allowedTools` entry `*` auto-approves `use_aws` (any AWS API call with the user's credentials), `execute_bash`"],
            severity=Severity.CRITICAL,
        ),
        Invalid(
            '{"name": "infra", "allowedTools": ["read", "shell"], "toolsSettings": {"shell": {"deniedCommands": ["git push.*"]}}}',
            path=".kiro/agents/infra.json",
            expect=["/allowedTools/1"],
            messages=["`allowedTools` entry `shell` auto-approves `execute_bash` (any shell command)", "cannot stop it"],
        ),
        Invalid(
            '{"name": "builder", "allowedTools": ["fs_*", "@git"], "mcpServers": {"git": {"command": "uvx", "args": ["mcp-server-git==0.6.2"]}}}',
            path=".kiro/agents/builder.json",
            expect=["/allowedTools/0", "/allowedTools/1"],
            messages=["`fs_*` auto-approves `fs_write`", "every tool of MCP server `git`"],
        ),
    ]

    def check(self, config: AgentConfig) -> Iterator[Violation]:
        servers = {s.name: s for s in config.mcp_servers}
        for approval in config.approvals:
            acting = [t for t in REACH if t in approval.tools]
            entry = f"`{approval.setting}` entry `{approval.item.value}`"
            if acting:
                severity = max(REACH[t][0] for t in acting)
                acting.sort(key=lambda t: -REACH[t][0])
                what = ", ".join([f"`{acting[0]}` ({REACH[acting[0]][1]})", *(f"`{t}`" for t in acting[1:])])
                message = f"{entry} auto-approves {what} for agent `{config.name}`"
                if "execute_bash" in acting and config.shell_denied:
                    message += "; its `deniedCommands` list cannot stop it"
                yield Violation(approval.item.pointer, message, severity=severity)
            elif approval.mcp == "*":
                yield Violation(approval.item.pointer, f"{entry} auto-approves every tool of every MCP server for agent `{config.name}`")
            elif approval.mcp and "/" not in approval.item.value and not (servers.get(approval.mcp) and servers[approval.mcp].disabled):
                yield Violation(
                    approval.item.pointer,
                    f"{entry} auto-approves every tool of MCP server `{approval.mcp}` for agent `{config.name}`, "
                    "including any it adds later",
                )
