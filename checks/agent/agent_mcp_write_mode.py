from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.mcp_servers import identify, switched, writes
from lint.subjects.agent import AgentConfig


class McpWriteMode(Check):
    """An MCP server runs with its writing tools on.

    ## What it does
    Recognises well-known MCP servers by their package or image (the AWS
    `awslabs.*` servers, GitHub, Kubernetes, filesystem, Git, database and
    shell servers; the list is data in `lint/data/mcp-servers.yaml`) and
    reports those launched with their writing or deleting tools enabled:
    without `--readonly` / `READ_OPERATIONS_ONLY=true` where writes are the
    default, or with `--allow-write` where they are not. When the server's
    tools are also auto-approved the finding is high. For the AWS API
    server, the message says whether mutations ask for consent
    (`REQUIRE_MUTATION_CONSENT`).

    ## Why is this bad?
    The server's credentials decide what it can destroy, and the agent
    decides when. A documentation-reading task does not need a server that
    can `delete-db-cluster` or merge pull requests.

    ## Example
    ```json
    {"mcpServers": {"aws": {"command": "uvx", "args": ["awslabs.aws-api-mcp-server==1.2.0"],
                            "env": {"AWS_API_MCP_PROFILE_NAME": "prod"}}}}
    ```

    ## Remediation
    Start the server read-only (`READ_OPERATIONS_ONLY=true`, `--readonly`,
    `--read-only`) and give a write-capable one only to the agent and
    session that need it, with a least-privilege profile.

    ## References
    - https://github.com/awslabs/mcp
    - https://github.com/github/github-mcp-server#read-only-mode
    """

    id = "agent-mcp-write-mode"
    name = "MCP server with writing tools enabled"
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    subject = AgentConfig
    tags = ("agent", "mcp")
    cwe = (250,)
    example_path = ".kiro/settings/mcp.json"

    valid = [
        Valid('{"mcpServers": {"aws": {"command": "uvx", "args": ["awslabs.aws-api-mcp-server==1.2.0"], '
              '"env": {"READ_OPERATIONS_ONLY": "true"}}}}'),
        Valid('{"mcpServers": {"eks": {"command": "uvx", "args": ["awslabs.eks-mcp-server==0.1.5"]}}}',
              note="the EKS server writes only with --allow-write"),
        Valid('{"mcpServers": {"gh": {"command": "docker", "args": ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server:v0.9.0", "--read-only"]}}}'),
    ]
    invalid = [
        Invalid(
            '{"mcpServers": {"aws": {"command": "uvx", "args": ["awslabs.aws-api-mcp-server==1.2.0"], '
            '"autoApprove": ["call_aws"]}}}',
            expect=["/mcpServers/aws/args/0"],
            messages=["MCP server `aws` (AWS API MCP server) can run any AWS CLI command, deletes included",
                      "mutations ask no consent", "its tools are auto-approved"],
            severity=Severity.HIGH,
        ),
        Invalid(
            '{"mcpServers": {"eks": {"command": "uvx", "args": ["awslabs.eks-mcp-server==0.1.5", "--allow-write"]}}}',
            expect=["/mcpServers/eks/args/0"],
            severity=Severity.MEDIUM,
        ),
    ]

    def check(self, config: AgentConfig) -> Iterator[Violation]:
        for server in config.mcp_servers:
            if server.disabled:
                continue
            known = identify(server)
            if known is None or not writes(server, known):
                continue
            at = next((a for a in server.args if known.match in a.value), server.command)
            if at is None:
                continue
            message = f"MCP server `{server.name}` ({known.name}) can {known.changes}"
            if known.consent and not switched(server, known.consent):
                message += "; mutations ask no consent"
            severity = None
            if server.auto_approve:
                message += "; its tools are auto-approved"
                severity = Severity.HIGH
            yield Violation(at.pointer, message, severity=severity)
