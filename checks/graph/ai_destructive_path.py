from __future__ import annotations

from collections.abc import Iterator

from checks.graph import _trees as t
from lint import Confidence, Invalid, Related, Severity, Valid, Violation
from lint.messages import brief, first_fitting
from lint.graph.model import Graph, RepositoryCheck
from lint.graph.paths import describe_grants, grant_note, unprompted_paths


class AiDestructivePath(RepositoryCheck):
    """An agent acts with no person's prompt as an identity that may destroy or take over the account.

    ## What it does
    Joins the files of the repository: an agent that acts unprompted (tools auto-approved, a
    bypass mode, an agent step in a CI job nobody approves), the identity it acts as (an
    `AWS_PROFILE` or `--profile`, the profile's `role_arn` in a committed `.aws/config`, a
    `role-to-assume`), and that role's definition in Terraform, CloudFormation, CDK or
    serverless with its policies — inline, attached, AWS managed. It reports the path when the
    role may perform destructive actions, escalate its privileges or do anything, with no
    guardrail (MFA, `aws:CalledVia`, a boundary) on the grant.

    ## Why is this bad?
    This is the whole incident in one line: the agent decides, alone, to "delete and recreate the
    environment", and the role it runs as lets it. Each file looks harmless on its own — an MCP
    server with a profile, a profile that assumes a role, a role with a deploy policy — and no
    reviewer of one file sees the path.

    ## Example
    `.amazonq/cli-agents/ops.json` auto-approves `use_aws`; the model may use profile `ops`
    from `.aws/config`, which assumes `ops-deployer`; `infra/iam.tf` lets that role
    `rds:DeleteDBCluster` on `*`.

    ## Remediation
    Break the path at the cheapest hop: make the agent ask before it acts (remove `use_aws` from
    `allowedTools`, `call_aws` from `autoApprove`), give it a profile of its own for a read-only
    role, or take the destructive actions out of the role and require MFA or a reviewed pipeline
    (`aws:CalledVia`) for those that remain.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
    - https://genai.owasp.org/llmrisk/llm062025-excessive-agency/
    """

    id = "ai-destructive-path"
    name = "Agent acts unprompted as an identity that may destroy"
    severity = Severity.CRITICAL
    confidence = Confidence.HIGH
    tags = ("graph", "agent", "iam")
    cwe = (250, 862)
    valid = [
        Valid(
            files={".amazonq/cli-agents/ops.json": t.AGENT_USE_AWS, ".aws/config": t.AWS_CONFIG, "infra/iam.tf": t.ROLE_READ_ONLY},
            note="the same agent with a read-only role",
        ),
        Valid(
            files={".kiro/settings/mcp.json": t.AGENT_MCP_PROFILE_PROMPTED, ".aws/config": t.AWS_CONFIG, "infra/iam.tf": t.ROLE_DESTRUCTIVE},
            note="the agent asks before every AWS call",
        ),
        Valid(
            files={".kiro/settings/mcp.json": t.AGENT_MCP_PROFILE, ".aws/config": t.AWS_CONFIG, "infra/iam.tf": t.ROLE_MFA},
            note="the destructive grant requires MFA",
        ),
        Valid(
            files={".kiro/settings/mcp.json": t.AGENT_MCP_PROFILE, ".aws/config": t.AWS_CONFIG},
            note="the role is not defined in the repository: reported as unknown by ai-identity-outside-repository",
        ),
    ]
    invalid = [
        Invalid(
            files={".kiro/settings/mcp.json": t.AGENT_MCP_PROFILE, ".aws/config": t.AWS_CONFIG, "infra/iam.tf": t.ROLE_DESTRUCTIVE},
            expect=[".kiro/settings/mcp.json:/mcpServers/aws/autoApprove/0"],
            messages=["as role `ops-deployer`, which may destroy with `rds:DeleteDBCluster`"],
        ),
        Invalid(
            files={".amazonq/cli-agents/ops.json": t.AGENT_USE_AWS, ".aws/config": t.AWS_CONFIG, "infra/iam.tf": t.ROLE_DESTRUCTIVE},
            expect=[".amazonq/cli-agents/ops.json:/allowedTools/1"],
            messages=["auto-approves `use_aws`"],
        ),
    ]

    def check(self, graph: Graph) -> Iterator[Violation]:
        reported: set[tuple] = set()
        for path in unprompted_paths(graph):
            grants = path.risky_grants()
            if not grants or path.reach.role is None:
                continue
            key = (path.agent_location, path.reach.role)
            if key in reported:
                continue
            reported.add(key)
            # The capability in full when it fits; its first flow hop shows it otherwise.
            may = f" as {path.reach.label}, which may {describe_grants(grants, limit=1)}"
            none = "; no guardrail, no approver"
            what = path.capability.description
            message = first_fitting(
                f"{path.agent}: {what}{may}{none}", f"{path.agent}: {brief(what)}{may}{none}",
                f"{path.agent}: {what}{may}", f"{path.agent}: {brief(what)}{may}", f"{path.agent} acts{may}{none}",
            )
            hops = [Related(hop, hop.note) for hop in path.reach.hops]
            hops += [Related(g.location, grant_note(g)) for g in grants[:5]]
            flow = (Related(path.capability.location, path.capability.description), *hops)
            actions = sorted({a for g in grants for a in g.actions})
            yield Violation(path.capability.location, message, related=tuple(hops), flow=flow, data={"actions": actions})
