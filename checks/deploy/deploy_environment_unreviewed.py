from __future__ import annotations

from collections.abc import Iterator

from lint import Confidence, Invalid, Related, Severity, Valid, Violation
from lint.deploy.production import is_production
from lint.graph.model import Graph, RepositoryCheck

_WORKFLOW = """on:
  push:
    branches: [main]
jobs:
  deploy:
    environment: production
    runs-on: ubuntu-latest
    steps:
      - run: terraform apply tfplan
"""
_BARE = """resource "github_repository_environment" "prod" {
  repository  = "infra"
  environment = "production"
}
"""
_REVIEWED = """resource "github_repository_environment" "prod" {
  repository          = "infra"
  environment         = "production"
  prevent_self_review = true
  can_admins_bypass   = false
  reviewers {
    teams = [github_team.sre.id]
  }
}
"""


class EnvironmentUnreviewed(RepositoryCheck):
    """A deploy job's environment is declared as code with no reviewers, or lets one person through.

    ## What it does
    Joins the environments deploy jobs name (`jobs.<id>.environment` in GitHub Actions) with their
    definitions as code (Terraform `github_repository_environment`, `environments:` of
    `.github/settings.yml`) and reports a definition that requires no reviewer (high for a
    production environment), lets the person who started the deployment approve it
    (`prevent_self_review` defaults to false: medium), or lets admins bypass it
    (`can_admins_bypass` defaults to true: low).

    ## Why is this bad?
    `environment: production` in a workflow only gates anything if the environment has required
    reviewers, and only needs a second person if the deployer cannot approve themself. An
    environment with no protection rules is created silently on the first run.

    ## Example
    ```hcl
    resource "github_repository_environment" "prod" {
      repository  = "infra"
      environment = "production"
    }
    ```

    ## Remediation
    Add `reviewers { teams = [...] }`, `prevent_self_review = true`, `can_admins_bypass = false`
    and a `deployment_branch_policy` limited to protected branches.

    ## References
    - https://registry.terraform.io/providers/integrations/github/latest/docs/resources/repository_environment
    - https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment
    """

    id = "deploy-environment-unreviewed"
    name = "Deployment environment with no second reviewer"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    tags = ("deploy", "approval")
    cwe = (862,)

    valid = [Valid(files={".github/workflows/deploy.yml": _WORKFLOW, "github/environments.tf": _REVIEWED})]
    invalid = [
        Invalid(
            files={".github/workflows/deploy.yml": _WORKFLOW, "github/environments.tf": _BARE},
            expect=["github/environments.tf:/resource/github_repository_environment/prod"],
            messages=["environment `production` (`github_repository_environment.prod`) has no required reviewers, "
                      "yet job `deploy` deploys through it"],
            severity=Severity.HIGH,
        ),
        Invalid(
            files={".github/workflows/deploy.yml": _WORKFLOW,
                   "github/environments.tf": _REVIEWED.replace("  prevent_self_review = true\n", "")},
            expect=["github/environments.tf:/resource/github_repository_environment/prod"],
            messages=["lets whoever starts job `deploy` approve the deployment alone"],
            severity=Severity.MEDIUM,
        ),
    ]

    def check(self, graph: Graph) -> Iterator[Violation]:
        from lint.subjects.deploy.facts import ApprovalGateFact, CiJobFact

        users: dict[str, list[CiJobFact]] = {}
        for job in graph.deploy_jobs:
            if isinstance(job, CiJobFact) and job.system == "github-actions" and job.environment and (job.deploys or job.identities):
                users.setdefault(job.environment.lower(), []).append(job)
        for gate in graph.gates:
            if not isinstance(gate, ApprovalGateFact) or gate.kind != "environment" or gate.system != "github":
                continue
            jobs = users.get(gate.target.lower())
            if not jobs:
                continue
            job = jobs[0]
            what = f"job `{job.job}` deploys through it"
            related = tuple(Related(j.environment_location or j.location,
                                    f"job `{j.job}` uses environment `{gate.target}`" + (f": `{j.command}`" if j.command else ""))
                            for j in jobs[:3])
            head = f"environment `{gate.target}` ({gate.name})"
            if gate.unknown:
                yield Violation(gate.location, f"{head} computes {', '.join(f'`{u}`' for u in gate.unknown)} in Terraform, so its "
                                f"reviewers could not be judged, and {what}", related=related,
                                severity=Severity.LOW, confidence=Confidence.LOW)
            elif gate.required_approvals < 1:
                yield Violation(gate.location, f"{head} has no required reviewers, yet {what}: nobody approves",
                                related=related, severity=Severity.HIGH if is_production(gate.target) else Severity.MEDIUM)
            elif not gate.prevents_self_review:
                yield Violation(gate.location, f"{head} lets whoever starts job `{job.job}` approve the deployment alone "
                                f"(no `prevent_self_review`)",
                                related=related, severity=Severity.MEDIUM)
            elif gate.admins_bypass:
                yield Violation(gate.location, f"{head} lets admins bypass its reviewers (`can_admins_bypass` defaults to true), "
                                f"and {what}", related=related, severity=Severity.LOW)
