from __future__ import annotations

from collections.abc import Iterator

from checks.graph import _trees as t
from lint import Confidence, Invalid, Related, Severity, Valid, Violation
from lint.messages import brief, first_fitting
from lint.graph.model import Graph, RepositoryCheck
from lint.graph.paths import unprompted_paths


class AiIdentityOutsideRepository(RepositoryCheck):
    """An agent acts unprompted as an identity whose permissions the repository does not show.

    ## What it does
    Follows the identity an unprompted agent acts as (a profile, a role ARN, the profile the
    model picks) through the repository, and reports where the path leaves it: a role ARN with
    no definition here, an IAM Identity Center permission set, a `credential_process`, long-lived
    keys. The finding says which hop could not be followed, so the reviewer knows what was not
    judged.

    ## Why is this bad?
    scopelint can tell whether the agent may destroy something only when the role's policies are
    in the repository. A path that leaves it is not safe, only unknown: the agent acts without a
    prompt, and whether its identity may delete production is decided somewhere no reviewer of
    this change looks.

    ## Example
    `.kiro/settings/mcp.json` auto-approves `call_aws` with `AWS_API_MCP_PROFILE_NAME=ops`;
    `.aws/config` maps `ops` to `arn:aws:iam::123456789012:role/ops-deployer`, which no
    Terraform, CloudFormation or CDK file in the repository defines.

    ## Remediation
    Keep the definition of the agent's role with the agent (or scan the repository that holds
    it together with this one), and give the agent a role of its own with the least privilege
    its task needs. Where the role must live elsewhere, make the agent ask before each call.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
    """

    id = "ai-identity-outside-repository"
    name = "Agent acts unprompted as an identity defined outside the repository"
    severity = Severity.LOW
    confidence = Confidence.HIGH
    tags = ("graph", "agent", "identity")
    valid = [
        Valid(
            files={".kiro/settings/mcp.json": t.AGENT_MCP_PROFILE, ".aws/config": t.AWS_CONFIG, "infra/iam.tf": t.ROLE_READ_ONLY},
            note="the role is defined in the repository",
        ),
        Valid(files={".kiro/settings/mcp.json": t.AGENT_MCP_PROFILE_PROMPTED, ".aws/config": t.AWS_CONFIG}, note="the agent asks first"),
    ]
    invalid = [
        Invalid(
            files={".kiro/settings/mcp.json": t.AGENT_MCP_PROFILE, ".aws/config": t.AWS_CONFIG},
            expect=[".kiro/settings/mcp.json:/mcpServers/aws/autoApprove/0"],
            messages=["identity not judged: role `ops-deployer` is not defined in this repository"],
        ),
        Invalid(
            files={".kiro/settings/mcp.json": t.AGENT_MCP_PROFILE},
            expect=[".kiro/settings/mcp.json:/mcpServers/aws/autoApprove/0"],
            messages=["profile `ops` is not defined in a committed AWS config"],
        ),
    ]

    def check(self, graph: Graph) -> Iterator[Violation]:
        reported: set[tuple] = set()
        for path in unprompted_paths(graph):
            why = path.reach.unresolved
            if why is None:
                continue
            key = (path.capability.location, why)
            if key in reported:
                continue
            reported.add(key)
            hops = tuple(Related(hop, hop.note) for hop in path.reach.hops)
            yield Violation(
                path.capability.location,
                first_fitting(*(f"{path.agent}{what}; identity not judged: {why}" for what in (
                    f": {path.capability.description}", f": {brief(path.capability.description)}", ""))),
                related=hops,
                flow=(Related(path.capability.location, path.capability.description), *hops),
            )
