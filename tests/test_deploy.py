"""Deployment gates: workflows, GitLab CI and approval rules as code, on realistic repository layouts."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lint.model import Severity
from lint.runner import Engine
from tests.conftest import FIXTURES

LAYOUTS = FIXTURES / "deploy"


def findings(all_checks, layout: str, tmp_path: Path | None = None):
    root = LAYOUTS / layout
    if tmp_path is not None:  # a copy with a `.git` folder, as a user's checkout
        shutil.copytree(root, tmp_path / layout)
        root = tmp_path / layout
        (root / ".git").mkdir()
    checks = [c for c in all_checks if c.id.startswith("deploy-")]
    engine = Engine(checks, all_checks=all_checks)
    result, _ = engine.run_paths([root], cwd=root)
    assert not result.errors, [e.message for e in result.errors]
    return sorted(result.findings, key=lambda f: (f.location.path, f.location.span.start_line, f.check_id))


def where(finding) -> tuple[str, int, int, str]:
    span = finding.location.span
    return (finding.location.path, span.start_line, span.start_col, finding.check_id)


def test_ungated_github_repository_every_path_found_at_its_line(all_checks):
    got = findings(all_checks, "ungated")
    assert [where(f) for f in got] == [
        (".github/settings.yml", 11, 32, "deploy-branch-review-not-required"),
        (".github/settings.yml", 16, 23, "deploy-branch-review-not-required"),
        (".github/workflows/assistant.yml", 18, 15, "deploy-agent-open-trigger"),
        (".github/workflows/deploy.yml", 24, 15, "deploy-agent-cloud-credentials"),
        (".github/workflows/deploy.yml", 32, 11, "deploy-production-without-environment"),
        (".github/workflows/deploy.yml", 36, 14, "deploy-reusable-without-environment"),
        (".github/workflows/hotfix.yml", 6, 7, "deploy-dispatch-any-branch"),
        (".github/workflows/plan.yml", 11, 26, "deploy-pull-request-write-credentials"),
        (".github/workflows/preview.yml", 13, 16, "deploy-untrusted-code-with-secrets"),
        (".github/workflows/reusable-deploy.yml", 9, 3, "deploy-reusable-without-environment"),
        ("github/repository.tf", 6, 39, "deploy-branch-review-not-required"),
        ("github/repository.tf", 10, 1, "deploy-environment-unreviewed"),
    ]
    by_id = {f.check_id: f for f in got}
    assert by_id["deploy-agent-cloud-credentials"].severity == Severity.CRITICAL
    assert by_id["deploy-untrusted-code-with-secrets"].severity == Severity.CRITICAL
    message = by_id["deploy-production-without-environment"].message
    assert message.startswith("job `deploy` runs `terraform apply …` on every push to `main` and a schedule "
                              "with no `environment`: nobody approves; ")
    assert message.endswith("; `github_branch_protection.main` requires no review")
    assert "passes `secrets: inherit` to `reusable-deploy.yml`, whose job `ship` deploys with no `environment`" in \
        [f for f in got if f.location.path.endswith("deploy.yml") and f.check_id == "deploy-reusable-without-environment"][0].message


def test_gated_github_repository_yields_nothing(all_checks):
    assert findings(all_checks, "gated") == []


def test_gitlab_manual_job_is_not_an_approval(all_checks):
    got = findings(all_checks, "gitlab-manual")
    assert [where(f) for f in got] == [
        (".gitlab-ci.yml", 30, 13, "deploy-gitlab-manual-not-approval"),
        ("gitlab/project.tf", 3, 36, "deploy-branch-review-not-required"),
        ("gitlab/project.tf", 4, 36, "deploy-branch-review-not-required"),
        ("gitlab/project.tf", 10, 24, "deploy-branch-review-not-required"),
    ]
    assert "job `deploy_production` deploys to `production` behind `when: manual` only" in got[0].message
    assert any(r.note == "deploys: `terraform apply -auto-approve`" for r in got[0].related)


def test_gitlab_protected_environment_with_approvals_yields_nothing(all_checks, tmp_path):
    assert findings(all_checks, "gitlab-approved", tmp_path) == []


def test_gitlab_local_include_is_read(tmp_path):
    from lint.formats.yaml import parse_yaml
    from lint.subjects.deploy import GitlabCiExtractor

    root = tmp_path / "repo"
    shutil.copytree(LAYOUTS / "gitlab-approved", root)
    path = root / ".gitlab-ci.yml"
    document = parse_yaml(".gitlab-ci.yml", path.read_text())
    document.file = path
    [pipeline] = list(GitlabCiExtractor().extract(document))
    jobs = {job.id: job for job in pipeline.jobs}
    assert jobs["deploy_production"].document.path == "ci/deploy.yml"
    assert jobs["deploy_production"].environment.value == "production"
    assert jobs["deploy_production"].branches == ["default branch"]


def test_reusable_workflow_read_from_disk_only_inside_the_repository(tmp_path):
    from lint.formats.yaml import parse_yaml
    from lint.subjects.deploy.github import read_workflow

    workflows = tmp_path / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (tmp_path / "secret.yml").write_text("on: workflow_call\njobs:\n  x:\n    steps:\n      - run: terraform apply\n")
    text = ("on: push\njobs:\n  a:\n    uses: ./.github/workflows/../../secret.yml\n    secrets: inherit\n"
            "  b:\n    uses: ./.github/workflows/called.yml\n    secrets: inherit\n")
    (workflows / "called.yml").write_text("on: workflow_call\njobs:\n  ship:\n    steps:\n      - run: sam deploy --no-confirm-changeset\n")
    (workflows / "main.yml").write_text(text)
    document = parse_yaml(".github/workflows/main.yml", text)
    document.file = workflows / "main.yml"
    workflow = read_workflow(document, document.data)
    a, b = workflow.jobs
    assert a.called is None  # `..` leaves the workflows folder: not read
    assert b.called is not None and b.called.jobs[0].deploys[0].text == "sam deploy --no-confirm-changeset"


def test_on_key_read_as_boolean_is_located(all_checks):
    from lint.formats.yaml import parse_yaml
    from lint.subjects.deploy.github import read_workflow

    text = "name: x\non:\n  push:\n    branches: [main]\njobs: {}\n"
    document = parse_yaml(".github/workflows/x.yml", text)
    workflow = read_workflow(document, document.data)
    assert workflow.on_pointer == "/on"
    assert document.locate(workflow.triggers["push"].branches[0].pointer).start_line == 4
    assert workflow.default_branch_push().value == "main"


def test_facts_of_a_deploy_job_and_a_gate(all_checks):
    engine = Engine([])
    engine.wants_facts = True
    text = (LAYOUTS / "ungated" / ".github" / "workflows" / "deploy.yml").read_text()
    outcome = engine.lint_text(".github/workflows/deploy.yml", text)
    from lint.subjects.deploy.facts import ApprovalGateFact, CiJobFact

    jobs = {f.job: f for f in outcome.facts if isinstance(f, CiJobFact)}
    deploy = jobs["deploy"]
    assert deploy.system == "github-actions" and deploy.triggers == ("push:main", "schedule") and deploy.production
    assert deploy.environment is None and deploy.gate is None and deploy.unattended
    assert [(i.kind, i.value, i.location.span.start_line) for i in deploy.identities] == [
        ("role", "arn:aws:iam::111122223333:role/prod-admin", 20)]
    assert [(c.reach, c.location.span.start_line) for c in deploy.agent_steps] == [("shell", 24)]
    assert deploy.command_location.span.start_line == 32
    assert "release" not in jobs  # the called file is not on disk here: nothing invented
    assert jobs["staging"].environment == "staging" and jobs["staging"].gate == "environment `staging`"
    assert [(i.kind, i.location.pointer) for i in jobs["staging"].identities] == [("static-keys", "/jobs/staging/steps/0/env/KUBECONFIG")]

    tf = (LAYOUTS / "gated" / "github" / "repository.tf").read_text()
    gates = [f for f in engine.lint_text("github/repository.tf", tf).facts if isinstance(f, ApprovalGateFact)]
    assert [(g.kind, g.target, g.required_approvals, g.prevents_self_review, g.admins_bypass) for g in gates] == [
        ("ruleset", "~DEFAULT_BRANCH", 2, False, False),
        ("environment", "production", 1, True, False),
    ]


def test_provider_defaults_apply_to_omitted_attributes():
    from lint.formats.hcl import parse_hcl
    from lint.subjects.deploy import TerraformGatesExtractor

    text = ('resource "github_branch_protection" "main" {\n  repository_id = "x"\n  pattern = "main"\n'
            '  required_pull_request_reviews {}\n}\n'
            'resource "github_repository_environment" "prod" {\n  repository = "x"\n  environment = "prod"\n'
            '  reviewers {\n    users = [1]\n  }\n}\n')
    protection, environment = TerraformGatesExtractor().extract(parse_hcl("a.tf", text))
    assert protection.approvals.value == 1 and protection.approvals_default  # the provider's default is 1
    assert protection.admins_bypass.value and protection.admins_bypass_default  # enforce_admins defaults to false
    assert not protection.dismiss_stale.value and protection.dismiss_stale_default
    assert environment.admins_bypass.value and environment.admins_bypass_default  # can_admins_bypass defaults to true
    assert not environment.prevent_self_review.value and environment.prevent_self_review_default


@pytest.mark.parametrize("text", [
    "on: push\njobs: [1, 2]\n",
    "on: push\njobs:\n  a: 3\n  b:\n    steps: {x: 1}\n    environment: [1]\n",
    "- just\n- a list\n",
    "on:\n  workflow_dispatch:\n    inputs: [1]\njobs:\n  a:\n    steps:\n      - run: [terraform apply]\n      - uses: 7\n",
    "",
])
def test_odd_workflow_shapes_never_crash(all_checks, text):
    checks = [c for c in all_checks if c.id.startswith("deploy-")]
    outcome = Engine(checks, all_checks=all_checks).lint_text(".github/workflows/odd.yml", text)
    assert not outcome.errors, [e.message for e in outcome.errors]
    assert all(f.check_id in ("invalid-document",) for f in outcome.findings)


def test_team_rule_on_deploy_jobs_runs_its_examples_and_finds(cli, tmp_path):
    from tests.conftest import ROOT

    rules = ROOT / "docs" / "examples" / "deploy-rules"
    result = cli("test", str(rules), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines()[-1] == "4 passed, 0 failed"
    workflows = tmp_path / "repo" / ".github" / "workflows"
    workflows.mkdir(parents=True)
    (tmp_path / "repo" / ".git").mkdir()
    (workflows / "deploy.yml").write_text(
        "on: {push: {branches: [main]}}\njobs:\n  api:\n    environment: staging\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: aws cloudformation deploy --stack-name prod-api --template-file api.yml\n")
    found = cli("check", "--isolated", "--checks-dir", str(rules), "--select", "prod-deploy-needs-production-environment", ".",
                cwd=tmp_path / "repo")
    assert found.returncode == 1, found.stdout + found.stderr
    assert (".github/workflows/deploy.yml:7:14: HIGH prod-deploy-needs-production-environment job `api` deploys to `prod-api` "
            "without `environment: production` (team rule DEP-1)") in found.stdout


def test_tag_push_release_to_production_is_named_as_such(all_checks):
    checks = [c for c in all_checks if c.id == "deploy-production-without-environment"]
    engine = Engine(checks, all_checks=all_checks)
    text = ("on:\n  push:\n    tags: ['v*']\njobs:\n  release-prod:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - run: npx serverless deploy --stage prod\n")
    result, _ = engine.combine([engine.lint_text(".github/workflows/release.yml", text)])
    [finding] = result.findings
    assert finding.message.startswith("job `release-prod` runs `serverless deploy --stage prod` on every push of a tag `v*` "
                                      "with no `environment`")
    assert (finding.location.span.start_line, finding.location.span.start_col) == (8, 18)


def test_staging_deploy_from_the_default_branch_is_not_production(all_checks):
    checks = [c for c in all_checks if c.id.startswith("deploy-")]
    engine = Engine(checks, all_checks=all_checks)
    text = ("name: Merge to main (Staging)\non:\n  push:\n    branches: [main]\nenv:\n  ENVIRONMENT: staging\njobs:\n  apply:\n"
            "    runs-on: ubuntu-latest\n    steps:\n      - run: terragrunt run-all apply --terragrunt-non-interactive\n")
    result, _ = engine.combine([engine.lint_text(".github/workflows/staging.yml", text)])
    assert result.findings == []


def test_environment_reviewers_terraform_computes_are_not_judged_as_missing(all_checks):
    checks = [c for c in all_checks if c.id.startswith("deploy-")]
    engine = Engine(checks, all_checks=all_checks)
    workflow = ("on: {push: {branches: [main]}}\njobs:\n  deploy:\n    environment: production\n    runs-on: ubuntu-latest\n"
                "    steps:\n      - run: terraform apply tfplan\n")
    terraform = ('resource "github_repository_environment" "production" {\n  repository  = "infra"\n  environment = "production"\n'
                 '  prevent_self_review = true\n  dynamic "reviewers" {\n    for_each = var.teams\n    content {\n'
                 '      teams = [reviewers.value]\n    }\n  }\n}\n')
    result, _ = engine.combine([engine.lint_text(".github/workflows/deploy.yml", workflow), engine.lint_text("github/env.tf", terraform)])
    [finding] = result.findings
    assert finding.check_id == "deploy-environment-unreviewed" and finding.severity == Severity.LOW
    assert "computes `reviewers` in Terraform, so its reviewers could not be judged" in finding.message
