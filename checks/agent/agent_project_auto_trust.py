from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.agent import AgentConfig


class ProjectAutoTrust(Check):
    """The project trusts every MCP server it declares, without asking.

    ## What it does
    Reports Claude Code `enableAllProjectMcpServers: true` in project
    settings.

    ## Why is this bad?
    Claude Code asks before starting the MCP servers a cloned repository
    declares in `.mcp.json`. This setting removes the question: a pull
    request that adds a server to `.mcp.json` gets it started, with the
    developer's credentials, the next time anyone opens the project.

    ## Example
    ```json
    {"enableAllProjectMcpServers": true}
    ```

    ## Remediation
    Remove it; approve servers one by one (`enabledMcpjsonServers`) after
    reviewing them.

    ## References
    - https://docs.anthropic.com/en/docs/claude-code/settings
    """

    id = "agent-project-auto-trust"
    name = "Project MCP servers trusted without asking"
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    subject = AgentConfig
    tags = ("agent", "trust")
    cwe = (829,)
    example_path = ".claude/settings.json"

    valid = [Valid('{"enabledMcpjsonServers": ["docs"], "enableAllProjectMcpServers": false}')]
    invalid = [
        Invalid('{"enableAllProjectMcpServers": true}', expect=["/enableAllProjectMcpServers"],
                messages=["`enableAllProjectMcpServers: true` starts every MCP server the repository declares"]),
    ]

    def check(self, config: AgentConfig) -> Iterator[Violation]:
        trust = config.enable_all_project_mcp_servers
        if trust is not None and trust.value is True:
            yield Violation(
                trust.pointer,
                "`enableAllProjectMcpServers: true` starts every MCP server the repository declares in `.mcp.json`, "
                "including ones a pull request adds, without asking",
            )
