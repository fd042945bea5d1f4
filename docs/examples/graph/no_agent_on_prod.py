"""ACME's rule: no agent that acts unprompted may reach a production role, whatever the role may do."""

from collections.abc import Iterator

from lint import Graph, Invalid, Related, RepositoryCheck, Severity, Valid, Violation, unprompted_paths

AGENT = '{"mcpServers": {"aws": {"command": "uvx", "args": ["awslabs.aws-api-mcp-server==1.2.0"], ' \
        '"env": {"AWS_API_MCP_PROFILE_NAME": "%s"}, "autoApprove": ["call_aws"]}}}'
PROFILES = "[profile dev]\nrole_arn = arn:aws:iam::111122223333:role/dev-readonly\n\n" \
           "[profile live]\nrole_arn = arn:aws:iam::444455556666:role/prod-operator\n"


class NoAgentOnProductionRole(RepositoryCheck):
    """An unprompted agent reaches a role whose name marks it as production.

    ## What it does
    Follows every unprompted agent to the roles it may act as and reports those named `prod-*`.

    ## Why is this bad?
    ACME keeps agents out of production accounts; a production role's reviewers never see the
    agent configuration that reaches it.

    ## Example
    An MCP server with `AWS_API_MCP_PROFILE_NAME=live`, where `live` assumes `prod-operator`.

    ## Remediation
    Point the agent at a development profile.

    ## References
    - https://wiki.acme.example/security/agents
    """

    id = "acme-agent-on-production-role"
    name = "Agent reaches a production role"
    severity = Severity.HIGH

    valid = [Valid(files={".kiro/settings/mcp.json": AGENT % "dev", ".aws/config": PROFILES})]
    invalid = [
        Invalid(files={".kiro/settings/mcp.json": AGENT % "live", ".aws/config": PROFILES},
                expect=[".kiro/settings/mcp.json:/mcpServers/aws/autoApprove/0"]),
    ]

    def check(self, graph: Graph) -> Iterator[Violation]:
        for path in unprompted_paths(graph):
            role = path.reach.role or ""
            if role.startswith("prod-"):
                hops = tuple(Related(hop, hop.note) for hop in path.reach.hops)
                yield Violation(path.capability.location, f"{path.agent} reaches production role `{role}`", related=hops, flow=hops)
