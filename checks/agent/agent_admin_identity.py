from __future__ import annotations

import re
from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.agent import AgentConfig

#: Variables that name the identity an agent or MCP server acts as.
PROFILE_VARIABLES = ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_API_MCP_PROFILE_NAME", "AWS_ROLE_ARN")
ADMIN_NAME = re.compile(r"(?:^|[-_./:])(admin|administrator|administratoraccess|root|prod|production|poweruser|owner|superuser|break-?glass)(?:$|[-_./])", re.I)
AWS_MOUNT = re.compile(r"(?:~|\$\{?HOME\}?|/home/[^/:]+|/Users/[^/:]+)/\.aws(?::|$)")


class AdminIdentity(Check):
    """The agent or one of its MCP servers acts as an administrator, production or ambient identity.

    ## What it does
    Looks at the identity an agent configuration gives: `AWS_PROFILE`,
    `AWS_API_MCP_PROFILE_NAME` and `AWS_ROLE_ARN` in the agent's or an MCP
    server's `env` whose name reads as administrator or production (`admin`,
    `prod`, `root`, `poweruser`, `break-glass`), and MCP servers run in a
    container with the developer's whole `~/.aws` mounted.

    ## Why is this bad?
    Whatever the agent may do, it does with this identity. An agent that
    runs as `prod-admin` turns a bad decision into a production outage; a
    mounted `~/.aws` hands it every profile the developer has, and the model
    chooses which one to use.

    ## Example
    ```json
    {"mcpServers": {"aws": {"command": "uvx", "args": ["awslabs.aws-api-mcp-server==1.2.0"],
                            "env": {"AWS_API_MCP_PROFILE_NAME": "prod-admin", "READ_OPERATIONS_ONLY": "true"}}}}
    ```

    ## Remediation
    Give the agent a profile of its own, for a role with the least privilege
    its task needs in a non-production account; pass that profile alone
    (`-e AWS_PROFILE=agent-dev`, never `-v ~/.aws:...`).

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
    """

    id = "agent-admin-identity"
    name = "Agent acts as an administrator or production identity"
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    subject = AgentConfig
    tags = ("agent", "identity")
    cwe = (250,)
    example_path = ".kiro/settings/mcp.json"

    valid = [
        Valid('{"mcpServers": {"aws": {"command": "uvx", "args": ["awslabs.aws-api-mcp-server==1.2.0"], '
              '"env": {"AWS_API_MCP_PROFILE_NAME": "agent-dev-readonly", "READ_OPERATIONS_ONLY": "true"}}}}'),
        Valid('{"env": {"AWS_PROFILE": "sandbox"}}', path=".claude/settings.json"),
    ]
    invalid = [
        Invalid(
            '{"mcpServers": {"aws": {"command": "uvx", "args": ["awslabs.aws-api-mcp-server==1.2.0"], '
            '"env": {"AWS_API_MCP_PROFILE_NAME": "prod-admin", "READ_OPERATIONS_ONLY": "true"}}}}',
            expect=["/mcpServers/aws/env/AWS_API_MCP_PROFILE_NAME"],
            messages=["MCP server `aws` acts as `prod-admin`, named as an administrator or production identity"],
        ),
        Invalid(
            '{"mcpServers": {"k8s": {"command": "docker", "args": ["run", "-i", "--rm", "-v", "~/.aws:/root/.aws:ro", "acme/k8s-mcp:1.0"]}}}',
            expect=["/mcpServers/k8s/args/4"],
            messages=["mounts the developer's whole `~/.aws` into MCP server `k8s`"],
            severity=Severity.MEDIUM,
        ),
        Invalid('{"env": {"AWS_PROFILE": "AdministratorAccess-123456789012"}}', path=".claude/settings.json", expect=["/env/AWS_PROFILE"]),
    ]

    def check(self, config: AgentConfig) -> Iterator[Violation]:
        for name, item in config.env.items():
            yield from _profile(f"the agent (`env.{name}`)", name, item)
        for server in config.mcp_servers:
            if server.disabled:
                continue
            for name, item in server.env:
                yield from _profile(f"MCP server `{server.name}`", name, item)
            for arg in server.args:
                if AWS_MOUNT.search(arg.value):
                    yield Violation(
                        arg.pointer,
                        f"`{arg.value}` mounts the developer's whole `~/.aws` into MCP server `{server.name}`: "
                        "every profile, and the model picks one",
                        severity=Severity.MEDIUM,
                    )


def _profile(who: str, name: str, item) -> Iterator[Violation]:
    if name.upper() in PROFILE_VARIABLES and isinstance(item.value, str) and ADMIN_NAME.search(item.value):
        yield Violation(item.pointer, f"{who} acts as `{item.value}`, named as an administrator or production identity")
