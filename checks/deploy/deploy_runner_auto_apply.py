from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.subjects.deploy_platforms import RunnerWorkspace


class RunnerAutoApply(Check):
    """A Terraform runner applies plans with nobody confirming them.

    ## What it does
    Reports HCP Terraform / Terraform Enterprise workspaces with `auto_apply = true` or
    `auto_apply_run_trigger = true` (`tfe_workspace`, `tfe_workspace_settings`), Spacelift stacks
    with `autodeploy = true` and no `APPROVAL` policy attached in the same file, and env0
    environments whose `approve_plan_automatically` is true — **including when it is omitted**,
    since the env0 provider defaults it to true. Graded by what the workspace reaches: a
    production name (`prod`, `production`, `live`, `prd`, or the project's
    `[tool.scopelint.deploy] production` globs) is high, anything else low. A Spacelift stack that
    is also `administrative` (it manages other stacks, their settings and policies) is high
    whatever its name. A value Terraform computes (`auto_apply = var.auto_apply`) is reported at
    low severity on production workspaces as not judged.

    ## Why is this bad?
    With auto-apply, the merge (or a push to the tracked branch) is the last human step: the plan,
    including any destroy it contains, is applied as soon as it is computed. Nobody reads the plan
    of the production workspace before it runs.

    ## Example
    ```hcl
    resource "tfe_workspace" "prod" {
      name       = "payments-prod"
      auto_apply = true
    }
    resource "env0_environment" "prod" {   # approve_plan_automatically omitted: true
      name        = "prod"
      project_id  = var.project
      template_id = var.template
    }
    ```

    ## Remediation
    Leave `auto_apply`/`autodeploy` false (their defaults) on production workspaces, set
    `approve_plan_automatically = false` on env0 environments, or attach a Spacelift approval
    policy that requires a reviewer other than the run's author.

    ## References
    - https://registry.terraform.io/providers/hashicorp/tfe/latest/docs/resources/workspace
    - https://registry.terraform.io/providers/hashicorp/tfe/latest/docs/resources/workspace_settings
    - https://docs.spacelift.io/concepts/stack/stack-settings#autodeploy
    - https://registry.terraform.io/providers/env0/env0/latest/docs/resources/environment
    - https://docs.envzero.com/guides/admin-guide/workflows/terraform-provider-sub-environment-settings
    """

    id = "deploy-runner-auto-apply"
    name = "Terraform runner auto-applies"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = RunnerWorkspace
    tags = ("deploy", "terraform", "review")
    cwe = (284,)
    example_path = "main.tf"

    valid = [
        Valid('resource "tfe_workspace" "prod" {\n  name       = "prod"\n  auto_apply = false\n}\n'),
        Valid(
            'resource "env0_environment" "prod" {\n  name                       = "prod"\n  project_id                 = var.p\n'
            '  template_id                = var.t\n  approve_plan_automatically = false\n}\n'
        ),
        Valid(
            'resource "spacelift_stack" "prod" {\n  name       = "prod"\n  repository = "infra"\n  branch     = "main"\n  autodeploy = true\n}\n'
            'resource "spacelift_policy" "review" {\n  name = "two-person-review"\n  type = "APPROVAL"\n  body = file("approval.rego")\n}\n'
            'resource "spacelift_policy_attachment" "prod" {\n  policy_id = spacelift_policy.review.id\n  stack_id  = spacelift_stack.prod.id\n}\n',
            note="an approval policy is attached",
        ),
    ]
    invalid = [
        Invalid(
            'resource "tfe_workspace" "prod" {\n  name                   = "payments-prod"\n  auto_apply             = true\n'
            '  auto_apply_run_trigger = true\n}\n'
            'resource "tfe_workspace" "dev" {\n  name       = "payments-dev"\n  auto_apply = true\n}\n',
            expect=["/resource/tfe_workspace/prod/auto_apply", "/resource/tfe_workspace/prod/auto_apply_run_trigger",
                    "/resource/tfe_workspace/dev/auto_apply"],
            messages=["HCP Terraform workspace `payments-prod` auto-applies to production (`auto_apply = true`): a merge is applied"],
        ),
        Invalid(
            'resource "env0_environment" "prod" {\n  name        = "prod"\n  project_id  = var.p\n  template_id = var.t\n}\n',
            expect=["/resource/env0_environment/prod"],
            messages=["(`approve_plan_automatically` defaults to true): each deployment is applied"],
            severity=Severity.HIGH,
        ),
        Invalid(
            'resource "spacelift_stack" "admin" {\n  name           = "spacelift-admin"\n  repository     = "infra"\n'
            '  branch         = "main"\n  autodeploy     = true\n  administrative = true\n}\n',
            expect=["/resource/spacelift_stack/admin/autodeploy"],
            messages=["administrative"],
            severity=Severity.HIGH,
        ),
        Invalid(
            'resource "tfe_workspace_settings" "prod" {\n  workspace_id = tfe_workspace.prod.id\n  auto_apply   = var.auto_apply\n}\n'
            'resource "tfe_workspace" "prod" {\n  name = "orders-prod"\n}\n',
            expect=["/resource/tfe_workspace_settings/prod/auto_apply"],
            messages=["cannot be judged"],
            severity=Severity.LOW,
        ),
    ]

    def check(self, workspace: RunnerWorkspace) -> Iterator[Violation]:
        if workspace.approval_policy:
            return
        if workspace.branch:
            reach = f"a push to `{workspace.branch}`"
        else:
            reach = "each deployment" if workspace.system == "env0" else "a merge"
        admin = workspace.administrative
        target = " to production" if workspace.production else ""
        for item, setting in ((workspace.auto_apply, f"auto-applies{target}"),
                              (workspace.run_trigger, f"auto-applies triggered runs{target}")):
            if item is None:
                continue
            if getattr(item.value, "computed", False):
                if workspace.production:
                    yield Violation(item.pointer, f"{workspace.label} sets `{item.pointer.rsplit('/', 1)[-1]} = {item.value}`, which "
                                    f"Terraform computes: whether production applies unreviewed cannot be judged",
                                    severity=Severity.LOW)
                continue
            if workspace.auto_apply_default:
                how = "`approve_plan_automatically` defaults to true"
            else:
                how = f"`{item.pointer.rsplit('/', 1)[-1]} = true`"
            message = f"{workspace.label} {setting} ({how}): {reach} is applied unreviewed"
            severity = Severity.HIGH if workspace.production else Severity.LOW
            related: tuple[Related, ...] = ()
            if admin is not None and item is workspace.auto_apply:
                message += "; `administrative`: manages other stacks"
                severity = Severity.HIGH
                related = (Related(admin.pointer, "administrative: manages other stacks"),)
            yield Violation(item.pointer, message, severity=severity, related=related)
