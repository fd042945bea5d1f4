"""Agents may auto-approve tools only from MCP servers on ACME's approved list."""

from __future__ import annotations

from collections.abc import Iterator

from lint import AgentConfig, Check, Confidence, Invalid, Severity, Valid, Violation

#: Servers reviewed by the security team (see the internal MCP registry).
APPROVED_SERVERS = {"github", "acme-docs", "acme-tickets"}


class UnapprovedMcpServer(Check):
    """Auto-approves tools of an MCP server that is not on ACME's approved list.

    ## What it does
    Finds `permissions.allow` rules in Claude Code settings that auto-approve
    tools (`mcp__<server>` or `mcp__<server>__<tool>`) of an MCP server that
    is not in ACME's registry of approved servers.

    ## Why is this bad?
    An unreviewed MCP server can hold write access to anything its
    credentials reach. Auto-approving its tools lets the agent use that access
    with nobody watching.

    ## Example
    ```json
    {"permissions": {"allow": ["mcp__random-db__execute_sql"]}}
    ```

    ## Remediation
    Ask the security team to review the server and add it to the registry, or
    move the rule to `permissions.ask`.

    ## References
    - https://wiki.acme.example/security/mcp-registry
    """

    id = "acme-unapproved-mcp-server"
    name = "MCP server not on the approved list auto-approved"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = AgentConfig
    tags = ("agent", "acme")
    example_path = ".claude/settings.json"

    valid = [
        Valid('{"permissions": {"allow": ["mcp__github__get_issue", "mcp__acme-docs", "Bash(npm test)"]}}'),
        Valid('{"permissions": {"ask": ["mcp__random-db__execute_sql"]}}'),
    ]
    invalid = [
        Invalid(
            '{"permissions": {"allow": ["mcp__github__get_issue", "mcp__random-db__execute_sql"]}}',
            expect=["/permissions/allow/1"],
        ),
    ]

    def check(self, config: AgentConfig) -> Iterator[Violation]:
        for rule in config.allowed:
            if not rule.tool.startswith("mcp__"):
                continue
            server = rule.tool.removeprefix("mcp__").split("__", 1)[0]
            if server not in APPROVED_SERVERS:
                yield Violation(
                    rule.pointer,
                    f"allow rule `{rule.raw}` auto-approves tools of MCP server `{server}`, "
                    "which is not on ACME's approved list",
                )
