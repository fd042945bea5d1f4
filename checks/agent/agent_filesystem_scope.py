from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.agent import AgentConfig

#: Roots that mean "the whole home folder or disk".
WHOLE = {"/", "/**", "**", "*", "~", "~/", "~/**", "$HOME", "${HOME}", "C:\\", "C:/", "C:\\**"}
FILESYSTEM_SERVERS = ("@modelcontextprotocol/server-filesystem", "mcp-server-filesystem")


class FilesystemScope(Check):
    """An agent may write anywhere in the home folder or on the disk.

    ## What it does
    Reports `fs_write.allowedPaths` entries of Amazon Q / Kiro CLI agents,
    `fs_write` permission matches of Kiro IDE agents, and root arguments of
    the filesystem MCP server, that cover the whole
    home folder or disk (`~/**`, `/`, `**`).

    ## Why is this bad?
    The home folder holds `~/.aws/credentials`, `~/.ssh`, shell start-up files
    and every other project: an agent that may write there unprompted can
    change what runs at the next login or replace another project's code.

    ## Example
    ```json
    {"name": "ops", "toolsSettings": {"fs_write": {"allowedPaths": ["~/**"]}}}
    ```

    ## Remediation
    List the project folders the agent works on (`./src/**`, `./docs/**`).

    ## References
    - https://github.com/modelcontextprotocol/servers/tree/main/src/filesystem
    """

    id = "agent-filesystem-scope"
    name = "Agent may write anywhere"
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    subject = AgentConfig
    tags = ("agent", "filesystem")
    cwe = (732,)
    example_path = ".amazonq/cli-agents/ops.json"

    valid = [
        Valid('{"name": "docs", "toolsSettings": {"fs_write": {"allowedPaths": ["./docs/**", "./README.md"]}}}'),
        Valid('{"mcpServers": {"fs": {"command": "npx", "args": ["@modelcontextprotocol/server-filesystem@2025.7.1", "./workspace"]}}}',
              path=".cursor/mcp.json"),
    ]
    invalid = [
        Invalid(
            '{"name": "ops", "toolsSettings": {"fs_write": {"allowedPaths": ["./src/**", "~/**"]}}}',
            expect=["/toolsSettings/fs_write/allowedPaths/1"],
            messages=["write path `~/**` lets agent `ops` write anywhere in the home folder"],
        ),
        Invalid(
            '{"mcpServers": {"fs": {"command": "npx", "args": ["-y", "@modelcontextprotocol/server-filesystem@2025.7.1", "/"]}}}',
            path=".cursor/mcp.json",
            expect=["/mcpServers/fs/args/2"],
            messages=["MCP server `fs` serves `/`"],
        ),
    ]

    def check(self, config: AgentConfig) -> Iterator[Violation]:
        for path in config.write_paths:
            if path.value.strip() in WHOLE:
                where = "in the home folder" if path.value.strip().startswith(("~", "$")) else "on the disk"
                yield Violation(path.pointer, f"write path `{path.value}` lets agent `{config.name}` write anywhere {where}")
        for server in config.mcp_servers:
            if server.disabled or not any(any(name in a.value for name in FILESYSTEM_SERVERS) for a in server.args):
                continue
            for root in server.args:
                if root.value.strip() in WHOLE:
                    yield Violation(
                        root.pointer,
                        f"MCP server `{server.name}` serves `{root.value}`: its write and move tools reach the whole "
                        + ("home folder" if root.value.startswith(("~", "$")) else "disk"),
                    )
