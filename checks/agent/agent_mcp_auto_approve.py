from __future__ import annotations

import re
from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.agent import AgentConfig

#: Tool names that change or destroy something, as MCP servers name them.
CHANGING = re.compile(
    r"(?:^|[_\-.])(delete|drop|terminate|destroy|remove|purge|truncate|apply|exec|execute|run|write|edit|move|"
    r"update|put|create|push|merge|deploy|kill|reset|call_aws|shell)(?:$|[_\-.]|s$)",
    re.I,
)


class McpAutoApprove(Check):
    """An MCP server's tools run with no prompt: all of them, or ones that change things.

    ## What it does
    Reads `autoApprove` (Kiro, Amazon Q), `alwaysAllow` (Cline, Roo) and
    Codex's `default_tools_approval_mode` / `approval_mode = "approve"` in MCP
    client configurations and reports each entry that is `*` (every tool of
    the server) or names a tool that writes, deletes, deploys or runs
    commands (`delete_*`, `*_write`, `execute_*`, `call_aws`, ...). Disabled
    servers are skipped.

    ## Why is this bad?
    An auto-approved tool runs whenever the agent decides to call it. A tool
    that deletes, deploys or runs commands then acts with the server's
    credentials and no person in the loop; `*` extends that to every tool the
    server has today and adds tomorrow.

    ## Example
    ```json
    {"mcpServers": {"aws": {"command": "uvx", "args": ["awslabs.aws-api-mcp-server@1.2.0"],
                            "autoApprove": ["call_aws"]}}}
    ```

    ## Remediation
    Auto-approve only tools that read (`get_*`, `list_*`, `describe_*`,
    `search_*`); leave writing tools to the prompt, or run the server in its
    read-only mode.

    ## References
    - https://kiro.dev/docs/mcp/configuration/
    - https://modelcontextprotocol.io/specification/2025-06-18/server/tools#security-considerations
    """

    id = "agent-mcp-auto-approve"
    name = "MCP tools that change things run without a prompt"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = AgentConfig
    tags = ("agent", "approval")
    cwe = (862,)
    example_path = ".kiro/settings/mcp.json"

    valid = [
        Valid('{"mcpServers": {"docs": {"command": "uvx", "args": ["awslabs.aws-documentation-mcp-server@1.1.0"], '
              '"autoApprove": ["search_documentation", "read_documentation", "list_pages"]}}}'),
        Valid('{"mcpServers": {"db": {"command": "uvx", "args": ["db-mcp@2.0.0"], "autoApprove": ["*"], "disabled": true}}}',
              note="a disabled server runs nothing"),
    ]
    invalid = [
        Invalid(
            '[mcp_servers.aws]\ncommand = "uvx"\nargs = ["awslabs.aws-api-mcp-server==1.2.0"]\ndefault_tools_approval_mode = "approve"\n',
            path=".codex/config.toml",
            expect=["/mcp_servers/aws/default_tools_approval_mode"],
            messages=["`default_tools_approval_mode` runs every tool of MCP server `aws`"],
        ),
        Invalid(
            '{"mcpServers": {"aws": {"command": "uvx", "args": ["awslabs.aws-api-mcp-server@1.2.0"], '
            '"autoApprove": ["suggest_aws_commands", "call_aws"]}}}',
            expect=["/mcpServers/aws/autoApprove/1"],
            messages=["`autoApprove` entry `call_aws` runs MCP server `aws`'s tool `call_aws` without a prompt"],
        ),
        Invalid(
            '{"mcpServers": {"fs": {"command": "npx", "args": ["@modelcontextprotocol/server-filesystem@2025.7.1", "/"], '
            '"alwaysAllow": ["*"]}}}',
            path=".roo/mcp.json",
            expect=["/mcpServers/fs/alwaysAllow/0"],
            messages=["every tool of MCP server `fs`"],
            severity=Severity.CRITICAL,
        ),
    ]

    def check(self, config: AgentConfig) -> Iterator[Violation]:
        for server in config.mcp_servers:
            if server.disabled:
                continue
            for item in server.auto_approve:
                tokens = item.pointer.rsplit("/", 2)
                # a list entry (`autoApprove/1`) or a setting that approves by itself (Codex, Gemini `trust`)
                label = f"`{tokens[-2]}` entry `{item.value}`" if tokens[-1].isdigit() else f"`{tokens[-1]}`"
                if item.value.strip() == "*":
                    yield Violation(
                        item.pointer,
                        f"{label} runs every tool of MCP server `{server.name}` without a prompt, including any it adds later",
                        severity=Severity.CRITICAL,
                    )
                elif CHANGING.search(item.value):
                    yield Violation(
                        item.pointer,
                        f"{label} runs MCP server `{server.name}`'s tool `{item.value}` without a prompt, "
                        "and the tool changes or deletes things",
                    )
