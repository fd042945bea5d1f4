from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.subjects.deploy import Gate


class BranchReviewNotRequired(Check):
    """Branch protection or a ruleset lets a change merge without a second person's approval.

    ## What it does
    Reads branch protection and rulesets written as code — Terraform `github_branch_protection`,
    `github_branch_protection_v3`, `github_repository_ruleset`, `github_organization_ruleset`,
    `gitlab_project_approval_rule`, `gitlab_project_level_mr_approvals`, and `branches:` of the
    Probot `.github/settings.yml` — with each provider's defaults, and reports:
    no approving review required (no review block; a ruleset's `pull_request` block, whose
    `required_approving_review_count` defaults to 0; an explicit 0; a ruleset not `active`), admins
    who skip it (`enforce_admins` defaults to false), bypass actors with `bypass_mode = "always"`
    or `pull_request_bypassers`, GitLab authors approving their own merge requests, and (low)
    approvals that survive new pushes (`dismiss_stale_reviews` defaults to false; GitLab
    `reset_approvals_on_push = false`).

    ## Why is this bad?
    When the branch deploys on push, branch protection is the only place a second person can stop
    a change: with no required approval, an admin exemption or an approval that stays after new
    commits, one person (or an agent with their token) merges and deploys alone.

    ## Example
    ```hcl
    resource "github_branch_protection" "main" {
      repository_id = github_repository.infra.node_id
      pattern       = "main"
    }
    ```

    ## Remediation
    Require at least one approving review (`required_pull_request_reviews {}` requires one;
    `rules { pull_request { required_approving_review_count = 1 } }` for rulesets), set
    `enforce_admins = true`, remove `always` bypass actors, and dismiss stale approvals.

    ## References
    - https://registry.terraform.io/providers/integrations/github/latest/docs/resources/branch_protection
    - https://registry.terraform.io/providers/integrations/github/latest/docs/resources/repository_ruleset
    - https://github.com/repository-settings/app
    - https://registry.terraform.io/providers/gitlabhq/gitlab/latest/docs/resources/project_level_mr_approvals
    """

    id = "deploy-branch-review-not-required"
    name = "Branch protection requires no second person"
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    subject = Gate
    tags = ("deploy", "approval")
    cwe = (862,)
    example_path = "github.tf"

    valid = [
        Valid(
            'resource "github_branch_protection" "main" {\n  repository_id  = github_repository.infra.node_id\n  pattern        = "main"\n'
            '  enforce_admins = true\n  required_pull_request_reviews {\n    dismiss_stale_reviews = true\n  }\n}\n',
            note="an empty-ish review block requires one approval (the provider's default)",
        ),
        Valid(
            'resource "github_repository_ruleset" "main" {\n  name        = "protect-default"\n  repository  = "infra"\n'
            '  target      = "branch"\n  enforcement = "active"\n  conditions {\n    ref_name {\n      include = ["~DEFAULT_BRANCH"]\n'
            '      exclude = []\n    }\n  }\n  rules {\n    pull_request {\n      required_approving_review_count = 2\n'
            '      dismiss_stale_reviews_on_push   = true\n    }\n  }\n}\n',
        ),
    ]
    invalid = [
        Invalid(
            'resource "github_branch_protection" "main" {\n  repository_id  = github_repository.infra.node_id\n  pattern        = "main"\n'
            '  enforce_admins = false\n  required_pull_request_reviews {\n    required_approving_review_count = 0\n  }\n}\n',
            expect=["/resource/github_branch_protection/main/required_pull_request_reviews/0/required_approving_review_count"],
            messages=["`github_branch_protection.main` lets changes merge into `main` with no approving review"],
        ),
        Invalid(
            'resource "github_repository_ruleset" "main" {\n  name        = "main"\n  repository  = "infra"\n  target      = "branch"\n'
            '  enforcement = "active"\n  conditions {\n    ref_name {\n      include = ["~DEFAULT_BRANCH"]\n      exclude = []\n    }\n  }\n'
            '  bypass_actors {\n    actor_id    = 5\n    actor_type  = "RepositoryRole"\n    bypass_mode = "always"\n  }\n'
            '  rules {\n    pull_request {}\n  }\n}\n',
            expect=["/resource/github_repository_ruleset/main/rules/0/pull_request/0",
                    "/resource/github_repository_ruleset/main/bypass_actors/0/bypass_mode"],
        ),
        Invalid(
            'resource "github_branch_protection" "main" {\n  repository_id  = "infra"\n  pattern        = "main"\n'
            '  enforce_admins = true\n  required_pull_request_reviews {\n    required_approving_review_count = var.reviews\n'
            '    dismiss_stale_reviews           = true\n  }\n}\n',
            expect=["/resource/github_branch_protection/main/required_pull_request_reviews/0/required_approving_review_count"],
            severity=Severity.LOW, note="a computed value is visible, never dropped",
        ),
        Invalid(
            "branches:\n  - name: main\n    protection:\n      required_pull_request_reviews:\n"
            "        required_approving_review_count: 1\n      required_status_checks: null\n      enforce_admins: false\n"
            "      restrictions: null\n",
            path=".github/settings.yml",
            expect=["/branches/0/protection/enforce_admins", "/branches/0/protection/required_pull_request_reviews"],
        ),
    ]

    def check(self, gate: Gate) -> Iterator[Violation]:
        if gate.kind not in ("branch-protection", "ruleset", "approval-rule", "mr-approvals"):
            return
        where = " into " + ", ".join(f"`{t}`" for t in gate.target_names) if gate.target_names and gate.target_names != ["*"] else ""
        if gate.enforcement is not None and gate.enforcement.value != "active":
            yield Violation(gate.enforcement.pointer, f"{gate.name} is `{gate.enforcement.value}`, not `active`: "
                            f"nothing it says is enforced on merges{where}")
            return
        approvals = gate.approvals
        if approvals is None and any(k in gate.computed for k in ("required_approving_review_count", "approvals_required")):
            key = next(k for k in ("required_approving_review_count", "approvals_required") if k in gate.computed)
            pointer = f"{gate.reviews_pointer or gate.pointer}/{key}"
            yield Violation(pointer, f"{gate.name}: `{key}` is computed by Terraform: "
                            "whether merges need an approving review could not be judged", severity=Severity.LOW, confidence=Confidence.LOW)
        if approvals is not None and isinstance(approvals.value, int) and approvals.value < 1:
            default = " (the default)" if gate.approvals_default else ""
            yield Violation(approvals.pointer, f"{gate.name} lets changes merge{where} with no approving review{default}: "
                            "one person can merge and ship",
                            key=approvals.pointer == gate.pointer)
        elif gate.kind in ("branch-protection",) and gate.admins_bypass is not None and gate.admins_bypass.value:
            default = " (`enforce_admins` defaults to false)" if gate.admins_bypass_default else ""
            yield Violation(gate.admins_bypass.pointer, f"{gate.name} does not apply to admins{default}: "
                            f"an admin merges{where} without an approving review", key=gate.admins_bypass.pointer == gate.pointer)
        for actor in gate.bypass_actors:
            yield Violation(actor.pointer, f"{gate.name} lets {actor.value} bypass it every time (`always`): "
                            f"they merge{where} without an approving review")
        if gate.kind == "mr-approvals" and gate.prevent_self_review is not None and not gate.prevent_self_review.value:
            yield Violation(gate.prevent_self_review.pointer, f"{gate.name} lets authors approve their own merge requests: "
                            "the second person can be the first")
        stale = gate.dismiss_stale
        requires = approvals is not None and isinstance(approvals.value, int) and approvals.value >= 1
        if stale is not None and not stale.value and (requires or gate.kind == "mr-approvals"):
            what = "`reset_approvals_on_push = false`" if gate.kind == "mr-approvals" else \
                "stale approvals stay" + (" (the default)" if gate.dismiss_stale_default else "")
            yield Violation(stale.pointer, f"{gate.name}: {what}: commits pushed after an approval merge{where} unreviewed",
                            severity=Severity.LOW,
                            related=(Related(approvals.pointer, "the approval it requires"),) if approvals is not None else ())
