from __future__ import annotations

from collections.abc import Iterator

from checks.graph import _trees as t
from lint import Confidence, Invalid, Related, Severity, Valid, Violation
from lint.messages import brief, first_fitting
from lint.graph.model import Graph, RepositoryCheck
from lint.graph.paths import job_gated, unprompted_paths
from lint.graph.resolve import resolve


class AiIdentitySharedWithDeploy(RepositoryCheck):
    """The role an agent acts as is also the role an unreviewed pipeline deploys with.

    ## What it does
    For each role an unprompted agent acts as, reads who else may assume it: a GitHub Actions
    OIDC trust whose `sub` is not bound to a deployment environment with required reviewers
    (`repo:acme/app:*`, `repo:acme/app:ref:refs/heads/main`), and deploy jobs of the repository
    that assume it with no approval gate. Either makes the agent's identity and the pipeline's one
    path that no second person reviews.

    ## Why is this bad?
    An agent that may push a branch, or a workflow change it writes, then runs with the same
    production role in CI, where the only check between its change and production is the agent
    itself. A role shared by an agent and a deploy pipeline should be reachable from CI only
    through an environment whose reviewers approve each run.

    ## Example
    An MCP server runs as profile `ops`, which assumes `ops-deployer`; the trust policy of
    `ops-deployer` admits `repo:acme/app:*` from GitHub's OIDC provider.

    ## Remediation
    Give the agent and the pipeline separate roles. Bind the pipeline role's trust to a protected
    environment (`repo:acme/app:environment:production`) whose required reviewers are set, and
    put the deploy job behind that `environment:`.

    ## References
    - https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect
    - https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment
    """

    id = "ai-identity-shared-with-deploy"
    name = "Agent's identity is shared with an unreviewed deploy path"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    tags = ("graph", "agent", "deploy")
    cwe = (284,)
    valid = [
        Valid(
            files={".kiro/settings/mcp.json": t.AGENT_MCP_PROFILE, ".aws/config": t.AWS_CONFIG, "infra/iam.tf": t.ROLE_OIDC_ENVIRONMENT},
            note="CI may assume the role only from the `production` environment",
        ),
        Valid(
            files={".kiro/settings/mcp.json": t.AGENT_MCP_PROFILE_PROMPTED, ".aws/config": t.AWS_CONFIG, "infra/iam.tf": t.ROLE_OIDC_UNBOUND},
            note="the agent asks before each call",
        ),
    ]
    invalid = [
        Invalid(
            files={".kiro/settings/mcp.json": t.AGENT_MCP_PROFILE, ".aws/config": t.AWS_CONFIG, "infra/iam.tf": t.ROLE_OIDC_UNBOUND},
            expect=[".kiro/settings/mcp.json:/mcpServers/aws/autoApprove/0"],
            messages=["GitHub Actions may also assume it as `repo:acme/app:*`"],
        ),
    ]

    def check(self, graph: Graph) -> Iterator[Violation]:
        reported: set[tuple] = set()
        for path in unprompted_paths(graph):
            role = path.reach.role
            if role is None or not path.reach.definitions or path.job is not None:
                continue
            others: list[tuple[object, str]] = []
            for trust in graph.trust_of(role):
                for entry in trust.trust:
                    if entry.kind != "github-oidc":
                        continue
                    gates = graph.gates_for(entry.environment) if entry.environment else []
                    if entry.environment and not (gates and all(g.required_approvals == 0 for g in gates)):
                        continue
                    shown = entry.value or "any repository (no `sub` condition)"
                    why = (
                        f"GitHub Actions may also assume it as `{shown}`, unreviewed"
                        if not entry.environment
                        else f"GitHub Actions may also assume it in environment `{entry.environment}`, which has no reviewer"
                    )
                    others.append((entry.location, why))
            for job in graph.deploy_jobs:
                if job_gated(graph, job):
                    continue
                if any(reach.role == role for ref in job.identities for reach in resolve(graph, ref)):
                    others.append((job.location, f"job `{job.job}` in `{job.workflow}` also deploys with it, unapproved"))
            key = (path.capability.location, role)
            if not others or key in reported:
                continue
            reported.add(key)
            why = others[0][1] + (f" (and {len(others) - 1} more)" if len(others) > 1 else "")
            hops = tuple(Related(hop, hop.note) for hop in path.reach.hops) + tuple(Related(loc, note) for loc, note in others)
            yield Violation(
                path.capability.location,
                first_fitting(*(f"{path.agent}{what} as role `{role}`; {why}" for what in (
                    f": {path.capability.description}", f": {brief(path.capability.description)}", " acts"))),
                related=hops,
                flow=(Related(path.capability.location, path.capability.description), *hops[: len(path.reach.hops)], Related(*others[0])),
            )
