from __future__ import annotations

from collections.abc import Iterator

from lint import Confidence, Invalid, Related, Severity, Valid, Violation
from lint.graph.model import Graph, RepositoryCheck

_WORKFLOW = """on:
  push:
    branches: [main]
jobs:
  deploy:
    environment: production
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::111122223333:role/prod-deployer
          aws-region: us-east-1
      - run: cdk deploy --all
  smoke:
    needs: deploy
    environment: production
    runs-on: ubuntu-latest
    steps:
      - run: kubectl rollout status deploy/api
"""
_SETTINGS = """environments:
  - name: production
    reviewers:
      - id: 1234567
        type: Team
    prevent_self_review: true
"""


class EnvironmentUnverified(RepositoryCheck):
    """A deploy job's environment has no protection declared in the repository.

    ## What it does
    Reports, once per environment, a GitHub Actions or GitLab CI environment that jobs deploy
    through (or hold cloud credentials in) when nothing in the repository declares its protection:
    no Terraform `github_repository_environment` / `.github/settings.yml` entry for GitHub, no
    `gitlab_project_protected_environment` for GitLab. The finding is low: the protection may well
    exist in the repository's settings, and says where to look.

    ## Why is this bad?
    Naming an environment proves nothing: GitHub creates a missing environment with no protection
    rules on the first run, and GitLab environments need protection and approval rules set
    separately. Whether a second person approves is invisible to review until it is written down.

    ## Example
    ```yaml
    jobs:
      deploy:
        environment: production
        steps:
          - run: cdk deploy --all
    ```

    ## Remediation
    Check the environment's required reviewers in the repository settings, then declare them as
    code (`github_repository_environment` with `reviewers` and `prevent_self_review = true`, or
    `gitlab_project_protected_environment` with `approval_rules`) so every change to them is reviewed.

    ## References
    - https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment
    - https://docs.gitlab.com/ci/environments/deployment_approvals/
    """

    id = "deploy-environment-unverified"
    name = "Deployment environment whose protection is not in the repository"
    severity = Severity.LOW
    confidence = Confidence.LOW
    tags = ("deploy", "approval")
    cwe = (862,)

    valid = [Valid(files={".github/workflows/deploy.yml": _WORKFLOW, ".github/settings.yml": _SETTINGS})]
    invalid = [
        Invalid(
            files={".github/workflows/deploy.yml": _WORKFLOW},
            expect=[".github/workflows/deploy.yml:/jobs/deploy/environment"],
            messages=["environment `production` (jobs `deploy`, `smoke`) has no protection declared here"],
        ),
        Invalid(
            files={".gitlab-ci.yml": "deploy_prod:\n  stage: deploy\n  script: [helm upgrade --install api ./chart]\n"
                                     "  environment:\n    name: production\n    deployment_tier: production\n"},
            expect=[".gitlab-ci.yml:/deploy_prod/environment/name"],
            messages=["Protected environments"],
        ),
    ]

    def check(self, graph: Graph) -> Iterator[Violation]:
        from lint.subjects.deploy.facts import CiJobFact

        by_env: dict[tuple[str, str], list[CiJobFact]] = {}
        for job in graph.deploy_jobs:
            if not isinstance(job, CiJobFact) or not job.environment or job.environment_computed:
                continue
            if not (job.deploys or job.identities) or job.system not in ("github-actions", "gitlab-ci"):
                continue
            if job.system == "gitlab-ci" and job.manual and job.production:
                continue  # `deploy-gitlab-manual-not-approval` reports it
            by_env.setdefault((job.system, job.environment.lower()), []).append(job)
        for (system, _), jobs in by_env.items():
            name = jobs[0].environment or ""
            kinds = ("environment", "deployment-policy") if system == "github-actions" else ("protected-environment",)
            if any(g.kind in kinds for g in graph.gates_for(name)):
                continue
            computed = [g for g in graph.gates_for("") if g.kind in kinds]
            unique = list(dict.fromkeys(j.job for j in jobs))
            names = ", ".join(f"`{j}`" for j in unique[:2]) + (f" and {len(unique) - 2} more" if len(unique) > 2 else "")
            where = "its reviewers, if any, are in Settings → Environments" if system == "github-actions" else \
                "its approvals, if any, are in Settings → CI/CD → Protected environments"
            first = jobs[0]
            if computed:
                where = (f"{getattr(computed[0], 'name', '') or 'an environment'} has a name Terraform computes; "
                         "check that it declares this one with reviewers")
            yield Violation(
                first.environment_location or first.location,
                f"environment `{name}` (job{'s' if len(unique) > 1 else ''} {names}) has no protection declared "
                f"here: {where}",
                related=tuple(Related(j.environment_location or j.location, f"job `{j.job}`") for j in jobs[1:4]),
            )
