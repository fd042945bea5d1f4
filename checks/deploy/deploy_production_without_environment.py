from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from lint import Confidence, Invalid, Related, Severity, Valid, Violation
from lint.deploy.judge import clip
from lint.messages import LIMIT
from lint.graph.model import Graph, RepositoryCheck

if TYPE_CHECKING:
    from lint.subjects.deploy.facts import ApprovalGateFact

AUTOMATIC = ("push", "push-tag", "schedule", "workflow_run")
DEFAULT_BRANCH_NAMES = ("main", "master")

_UNGATED = """on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::111122223333:role/prod-deployer
          aws-region: us-east-1
      - run: terraform apply -auto-approve
"""
_PROTECTION = """resource "github_branch_protection" "main" {
  repository_id  = "infra"
  pattern        = "main"
  enforce_admins = true
  required_pull_request_reviews {
    required_approving_review_count = 1
    dismiss_stale_reviews           = true
  }
}
"""


def describe_trigger(trigger: str) -> str:
    event, _, branch = trigger.partition(":")
    if event == "push":
        if branch == "default branch":
            return "every push to the default branch"
        return f"every push to `{branch}`" if branch else "every push"
    if event == "push-tag":
        return f"every push of a tag `{branch}`"
    if event == "schedule":
        return "a schedule"
    return f"`{event}`"


class ProductionWithoutEnvironment(RepositoryCheck):
    """A job deploys to production on push, schedule or `workflow_run` with no `environment`.

    ## What it does
    Finds GitHub Actions and GitLab CI jobs that deploy (a deploy command or action, see
    `lint/deploy/data/deploy-commands.yaml`) to production — a production environment, role,
    secret or job name, or the default branch `main`/`master` the workflow names — whenever a push,
    a schedule or another workflow's run starts them, with no `environment:`. The only gate left is
    branch protection, so the finding says whether the repository's settings as code (Terraform
    `github_branch_protection`/rulesets, `.github/settings.yml`) require an approving review on that
    branch: high when they do not (or are not in the repository), medium when they do.

    ## Why is this bad?
    Nobody approves the change between the merge and production: the push is the deployment (in
    GitLab, a job with no `environment` cannot have deployment approvals either). An
    engineer (or an agent with their token) who can push or merge alone can change or delete
    production alone.

    ## Example
    ```yaml
    on: {push: {branches: [main]}}
    jobs:
      deploy:
        steps:
          - run: terraform apply -auto-approve
    ```

    ## Remediation
    Split plan and apply: upload the plan, then apply it in a job with `environment: production`
    whose required reviewers (and `prevent_self_review`) are set, ideally as code with
    `github_repository_environment`; pin the deploy role's trust to that environment
    (`repo:ORG/REPO:environment:production`).

    ## References
    - https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment#required-reviewers
    - https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect
    """

    id = "deploy-production-without-environment"
    name = "Production deployment with no environment gate"
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    tags = ("deploy", "approval")
    cwe = (862,)

    valid = [
        Valid(files={".github/workflows/deploy.yml": _UNGATED.replace("    runs-on:", "    environment: production\n    runs-on:", 1)}),
        Valid(files={".github/workflows/deploy.yml": _UNGATED.replace("push:\n    branches: [main]", "pull_request:")},
              note="not started by a push"),
        Valid(files={".gitlab-ci.yml": "deploy:\n  stage: deploy\n  script: [terraform apply -auto-approve]\n"
                                       "  environment: {name: production}\n  rules:\n    - if: $CI_COMMIT_BRANCH == \"main\"\n"}),
    ]
    invalid = [
        Invalid(
            files={".github/workflows/deploy.yml": _UNGATED},
            expect=[".github/workflows/deploy.yml:/jobs/deploy/steps/2/run"],
            messages=["job `deploy` runs `terraform apply -auto-approve` on every push to `main` with no `environment`: "
                      "nobody approves; no branch protection for `main` declared here"],
            severity=Severity.HIGH,
        ),
        Invalid(
            files={".github/workflows/deploy.yml": _UNGATED, "github/branches.tf": _PROTECTION},
            expect=[".github/workflows/deploy.yml:/jobs/deploy/steps/2/run"],
            messages=["only a merge review guards it"],
            severity=Severity.MEDIUM,
        ),
        Invalid(
            files={".gitlab-ci.yml": "apply:\n  stage: deploy\n  script:\n    - terraform init\n    - terraform apply -auto-approve\n"
                                     "  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n"},
            expect=[".gitlab-ci.yml:/apply/script/1"],
            messages=["job `apply` runs `terraform apply -auto-approve` on every push to the default branch with no `environment`",
                      "no MR approval rule declared here"],
        ),
    ]

    def check(self, graph: Graph) -> Iterator[Violation]:
        from lint.subjects.deploy.facts import ApprovalGateFact, CiJobFact

        for job in graph.deploy_jobs:
            if not isinstance(job, CiJobFact) or job.system not in ("github-actions", "gitlab-ci"):
                continue
            if job.environment or not job.production or not job.deploys or "workflow_call" in job.triggers:
                continue
            automatic = [t for t in job.triggers if t.split(":", 1)[0] in AUTOMATIC]
            if not automatic:
                continue
            when = " and ".join(dict.fromkeys(describe_trigger(t) for t in automatic))
            if job.system == "gitlab-ci" and job.manual:
                continue  # `deploy-gitlab-manual-not-approval` reports it
            command = job.command or ""
            message = (f"job `{job.job}` runs `{clip(command)}` on {when} with no `environment`: "
                       "nobody approves")
            related = [Related(job.location, f"job `{job.job}`")]
            severity = Severity.HIGH
            branches = list(job.branches)
            if job.system == "gitlab-ci":
                rules = [g for g in graph.gates_for("*") + graph.gates_for("protected branches")
                         if isinstance(g, ApprovalGateFact) and g.kind == "approval-rule" and g.required_approvals >= 1]
                if rules:
                    message += "; only a merge request approval guards it"
                    severity = Severity.MEDIUM
                    related.append(Related(rules[0].location, f"{rules[0].name}: merge request approval rule"))
                else:
                    message += "; no MR approval rule declared here"
            elif branches:
                review, gate = _branch_review(graph, branches)
                if gate is None:
                    message += f"; no branch protection for {_names(branches)} declared here"
                elif gate.unknown:
                    message += f"; {gate.name or 'branch protection'} computes its reviews in Terraform (not judged)"
                    related.append(Related(gate.location, "branch protection"))
                elif review:
                    message += "; only a merge review guards it"
                    severity = Severity.MEDIUM
                    related.append(Related(gate.location, f"{gate.name or 'branch protection'}: requires a review"))
                else:
                    name = gate.name or "branch protection"
                    message += f"; {name} requires no review" if gate.required_approvals < 1 else f"; admins may skip the review {name} requires"
                    related.append(Related(gate.location, "branch protection"))
            at = job.command_location or job.location
            if len(message) > LIMIT:  # the command is at the finding's location: name its start
                message = message.replace(f"`{clip(command)}`", f"`{clip(command, 24)}`", 1)
            yield Violation(at, message, related=tuple(related), severity=severity)


def _names(branches: list[str]) -> str:
    return ", ".join(f"`{b}`" for b in branches)


def _branch_review(graph: Graph, branches: list[str]) -> tuple[bool, ApprovalGateFact | None]:
    """(whether every branch needs an approving review nobody skips, the gate that says so or falls short)."""
    from lint.subjects.deploy.facts import ApprovalGateFact

    found: ApprovalGateFact | None = None
    for branch in branches:
        names = [branch] + (["~DEFAULT_BRANCH"] if branch in DEFAULT_BRANCH_NAMES else []) + ["~ALL"]
        gates = [g for name in names for g in graph.gates_for(name)
                 if isinstance(g, ApprovalGateFact) and g.kind in ("branch-protection", "ruleset")]
        if not gates:
            return False, found
        good = [g for g in gates if g.required_approvals >= 1 and not g.admins_bypass]
        if not good:
            return False, min(gates, key=lambda g: (g.required_approvals, not g.admins_bypass))  # the weakest
        found = good[0]
    return found is not None, found
