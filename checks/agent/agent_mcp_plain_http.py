from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlsplit

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.agent import AgentConfig

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "host.docker.internal"}


class McpPlainHttp(Check):
    """A remote MCP server is reached over plain HTTP.

    ## What it does
    Reports MCP servers whose `url` (or Windsurf's `serverUrl`) uses
    `http://` to a host other than the local machine.

    ## Why is this bad?
    Everything the agent sends to the server (file contents, tool arguments,
    the tokens in `headers`) and every tool result it acts on crosses the
    network unencrypted: anyone on the path can read it or change what the
    agent is told to do.

    ## Example
    ```json
    {"mcpServers": {"tickets": {"url": "http://mcp.internal.example.com/sse"}}}
    ```

    ## Remediation
    Use `https://`. For a server on the same machine, `http://localhost` is
    not reported.

    ## References
    - https://modelcontextprotocol.io/specification/2025-06-18/basic/transports#security-warning
    """

    id = "agent-mcp-plain-http"
    name = "Remote MCP server over plain HTTP"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = AgentConfig
    tags = ("agent", "transport")
    cwe = (319,)
    example_path = ".cursor/mcp.json"

    valid = [
        Valid('{"mcpServers": {"tickets": {"url": "https://mcp.example.com/sse"}}}'),
        Valid('{"mcpServers": {"dev": {"url": "http://localhost:3001/mcp"}}}'),
        Valid('{"mcpServers": {"jira": {"command": "npx", "args": ["-y", "mcp-remote@0.1.18", "https://jira-mcp.corp.example.com/sse"]}}}'),
    ]
    invalid = [
        Invalid(
            '{"mcpServers": {"tickets": {"url": "http://mcp.internal.example.com/sse", "headers": {"Authorization": "${env:TICKETS_TOKEN}"}}}}',
            expect=["/mcpServers/tickets/url"],
            messages=["MCP server `tickets` is reached over plain HTTP at `mcp.internal.example.com`"],
        ),
        Invalid(
            '{"mcpServers": {"jira": {"command": "npx", "args": ["-y", "mcp-remote@0.1.18", "http://jira-mcp.corp.example.com/sse"]}}}',
            expect=["/mcpServers/jira/args/2"],
            messages=["via its local proxy"],
        ),
    ]

    def check(self, config: AgentConfig) -> Iterator[Violation]:
        for server in config.mcp_servers:
            if server.disabled:
                continue
            # a remote server's URL, or one handed to a local proxy (`npx mcp-remote http://…`)
            urls = [server.url] if server.url is not None else [a for a in server.args if a.value.strip().startswith("http://")]
            for url in urls:
                host = _remote_http_host(url.value)
                if host:
                    via = "" if url is server.url else " via its local proxy"
                    yield Violation(
                        url.pointer,
                        f"MCP server `{server.name}` is reached over plain HTTP at `{host}`{via}: its traffic "
                        "and tokens can be read and changed in transit",
                    )


def _remote_http_host(url: str) -> str | None:
    parts = urlsplit(url.strip())
    try:
        host = (parts.hostname or "").lower()
    except ValueError:  # a malformed URL names no host we could judge
        return None
    if parts.scheme == "http" and host and host not in LOCAL_HOSTS and not host.endswith(".localhost"):
        return host
    return None
