from __future__ import annotations

from collections.abc import Iterator

from lint import Confidence, Invalid, Related, Severity, Valid, Violation
from lint.graph.model import Graph, RepositoryCheck

_PIPELINE = """stages: [plan, deploy]
plan:
  stage: plan
  script:
    - terraform plan -out tfplan
deploy_prod:
  stage: deploy
  script:
    - terraform apply -auto-approve
  environment:
    name: production
    deployment_tier: production
  when: manual
"""
_PROTECTED = """resource "gitlab_project_protected_environment" "production" {
  project     = gitlab_project.infra.id
  environment = "production"
  deploy_access_levels {
    access_level = "maintainer"
  }
  approval_rules {
    group_id           = gitlab_group.sre.id
    required_approvals = 1
  }
}
"""


class GitlabManualNotApproval(RepositoryCheck):
    """A GitLab production deployment relies on `when: manual`, which is not an approval.

    ## What it does
    Finds GitLab CI jobs that deploy to a production environment (`environment:` named like
    production or `deployment_tier: production`) and are only held back by `when: manual` (on the
    job or in a `rules:` entry), when the repository declares no deployment approval for that
    environment (`gitlab_project_protected_environment` with `approval_rules` or
    `required_approval_count`).

    ## Why is this bad?
    `when: manual` is a play button: anyone allowed to run the pipeline presses it, the same person
    who pushed the change included, and no second person is asked. Deployment approvals live on a
    protected environment.

    ## Example
    ```yaml
    deploy_prod:
      script: [terraform apply -auto-approve]
      environment: {name: production}
      when: manual
    ```

    ## Remediation
    Protect the environment and add approval rules (`gitlab_project_protected_environment` with
    `approval_rules { required_approvals = 1 }`); apply the reviewed plan file.

    ## References
    - https://docs.gitlab.com/ci/environments/deployment_approvals/
    - https://docs.gitlab.com/ci/environments/protected_environments/
    - https://registry.terraform.io/providers/gitlabhq/gitlab/latest/docs/resources/project_protected_environment
    """

    id = "deploy-gitlab-manual-not-approval"
    name = "GitLab manual job taken for a deployment approval"
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    tags = ("deploy", "approval", "gitlab")
    cwe = (862,)

    valid = [Valid(files={".gitlab-ci.yml": _PIPELINE, "gitlab/environments.tf": _PROTECTED})]
    invalid = [
        Invalid(
            files={".gitlab-ci.yml": _PIPELINE},
            expect=[".gitlab-ci.yml:/deploy_prod/when"],
            messages=["job `deploy_prod` deploys to `production` behind `when: manual` only"],
        ),
        Invalid(
            files={".gitlab-ci.yml": _PIPELINE,
                   "gitlab/environments.tf": _PROTECTED.replace("  approval_rules {\n    group_id           = gitlab_group.sre.id\n"
                                                                "    required_approvals = 1\n  }\n", "")},
            expect=[".gitlab-ci.yml:/deploy_prod/when"],
            messages=["its protection has no approval rule"],
        ),
    ]

    def check(self, graph: Graph) -> Iterator[Violation]:
        from lint.subjects.deploy.facts import ApprovalGateFact, CiJobFact

        for job in graph.deploy_jobs:
            if not isinstance(job, CiJobFact) or job.system != "gitlab-ci" or not job.manual or not job.production or not job.deploys:
                continue
            gates = [g for g in graph.gates_for(job.environment or "") if isinstance(g, ApprovalGateFact) and g.kind == "protected-environment"]
            if any(g.required_approvals >= 1 for g in gates):
                continue
            state = "; its protection has no approval rule" if gates else "; no approval rule declared here"
            yield Violation(
                job.manual_location or job.location,
                f"job `{job.job}` deploys to `{job.environment}` behind `when: manual` only: "
                f"anyone who can run the pipeline presses play{state}",
                related=tuple([Related(job.command_location, f"deploys: `{job.command}`")] if job.command_location else [])
                + tuple(Related(g.location, f"{g.name}: protected environment with no approval rule") for g in gates[:1]),
            )
