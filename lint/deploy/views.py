"""Views of the deploy subjects for declarative rules: workflows, jobs, triggers, GitLab jobs, gates.

Registered in `lint.views.VIEWS`. Every field is a list of `Item`s, so a rule's finding lands on
the value that matched: the role, the command, the `environment:` key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from lint.subjects.base import Item
from lint.subjects.deploy.kinds import Gate, GitlabPipeline, Workflow

if TYPE_CHECKING:
    from lint.subjects.deploy.github import Job
    from lint.subjects.deploy.gitlab import GitlabJob

Record = dict[str, list[Item[Any]]]
_TOKEN = re.compile(r"[^\s=:'\"`,;|&()]+")


def _one(value: Any, pointer: str) -> list[Item[Any]]:
    return [] if value is None else [Item(value, pointer)]


def _targets(texts: list[tuple[str, str]]) -> list[Item[str]]:
    """Words of deploy commands and the names of roles: what a job deploys to (`prod-api`, `prod-deployer`)."""
    out: list[Item[str]] = []
    for text, pointer in texts:
        for word in _TOKEN.findall(text):
            if not word.startswith("-") and len(word) > 1:
                out.append(Item(word, pointer))
    return out


def _roles(job: Job) -> list[Item[str]]:
    from lint.graph.facts import role_name_of

    out = []
    for credential in job.credentials:
        if credential.kind == "role":
            name = role_name_of(credential.value) if credential.value.startswith("arn:") else credential.value
            if name:
                out.append(Item(name, credential.pointer))
    return out


def _workflow_fields(workflow: Workflow) -> Record:
    return {
        "path": [Item(workflow.path, "")],
        "workflow": [Item(workflow.label, "/name" if workflow.name else "")],
        "trigger": [Item(t.event, t.pointer) for t in workflow.triggers.values()],
        "reusable": _one(True if workflow.reusable else None, workflow.triggers["workflow_call"].pointer if workflow.reusable else ""),
    }


def job_record(job: Job) -> Record:
    workflow = job.workflow
    record = _workflow_fields(workflow)
    push = workflow.triggers.get("push")
    record.update({
        "job": [Item(job.id, job.pointer)],
        "name": _one(job.name, f"{job.pointer}/name"),
        "environment": _one(job.environment.value if job.environment else None, job.environment.pointer if job.environment else ""),
        "environment-computed": _one(True if job.environment_computed else None, job.environment.pointer if job.environment else ""),
        "branch": list(push.branches) if push else [],
        "if": _one(job.if_.value if job.if_ else None, job.if_.pointer if job.if_ else ""),
        "needs": [Item(n, f"{job.pointer}/needs") for n in job.needs],
        "deploy": [Item(d.text, d.pointer) for d in job.deploys],
        "destroys": [Item(d.text, d.pointer) for d in job.deploys if d.destroys],
        "unattended": [Item(d.text, d.pointer) for d in job.deploys if d.unattended],
        "target": _targets([(d.text, d.pointer) for d in job.deploys]) + _roles(job),
        "credential": [Item(c.value, c.pointer) for c in job.credentials],
        "credential-kind": [Item(c.kind, c.pointer) for c in job.credentials],
        "write-credential": [Item(c.value, c.pointer) for c in job.write_credentials],
        "production": _one(job.production_reason(), job.pointer),
        "agent": [Item(a.product, a.pointer) for a in job.agents],
        "uses": [Item(s.uses.split("@", 1)[0], f"{s.pointer}/uses") for s in job.steps if s.uses]
        + ([Item(job.calls.value.split("@", 1)[0], job.calls.pointer)] if job.calls else []),
        "secret": list(job.secrets),
        "permission-write": list(job.write_permissions) + ([job.id_token_write] if job.id_token_write else []),
        "secrets-inherit": _one(True if job.secrets_inherit else None, job.secrets_inherit.pointer if job.secrets_inherit else ""),
    })
    return record


def _jobs(workflow: Workflow) -> Iterator[tuple[Record, str]]:
    for job in workflow.jobs:
        yield job_record(job), job.pointer


def _workflows(workflow: Workflow) -> Iterator[tuple[Record, str]]:
    yield _workflow_fields(workflow), workflow.on_pointer


def _triggers(workflow: Workflow) -> Iterator[tuple[Record, str]]:
    base = _workflow_fields(workflow)
    for trigger in workflow.triggers.values():
        record = dict(base)
        record.update({
            "event": [Item(trigger.event, trigger.pointer)],
            "branch": list(trigger.branches),
            "branch-ignore": list(trigger.branches_ignore),
            "tag": list(trigger.tags),
            "path-filter": list(trigger.paths),
            "input": [Item(name, spec.pointer) for name, spec in trigger.inputs.items()],
            "input-option": [Item(str(o), f"{spec.pointer}/options") for spec in trigger.inputs.values()
                             for o in (spec.value.get("options") or []) if isinstance(spec.value.get("options"), list)],
        })
        yield record, trigger.pointer


def gitlab_job_record(job: GitlabJob) -> Record:
    return {
        "path": [Item(job.document.path, "")],
        "job": [Item(job.id, job.pointer)],
        "stage": _one(job.stage, f"{job.pointer}/stage"),
        "environment": _one(job.environment.value if job.environment else None, job.environment.pointer if job.environment else ""),
        "deployment-tier": _one(job.tier.value if job.tier else None, job.tier.pointer if job.tier else ""),
        "manual": _one(True if job.manual else None, job.manual.pointer if job.manual else ""),
        "branch": [Item(b, job.pointer) for b in job.branches],
        "deploy": [Item(d.text, d.pointer) for d in job.deploys],
        "unattended": [Item(d.text, d.pointer) for d in job.deploys if d.unattended],
        "target": _targets([(d.text, d.pointer) for d in job.deploys]),
        "credential": [Item(c.value, c.pointer) for c in job.credentials],
        "agent": [Item(product, at) for product, at, _ in job.agents],
        "production": _one(job.production, job.pointer),
    }


def _gitlab_jobs(pipeline: GitlabPipeline) -> Iterator[tuple[Record, str]]:
    for job in pipeline.jobs:
        if job.document is pipeline.document:  # included files' jobs are judged with their own document
            yield gitlab_job_record(job), job.pointer


def gate_record(gate: Gate) -> Record:
    return {
        "path": [Item(gate.path, gate.pointer)],
        "kind": [Item(gate.kind, gate.pointer)],
        "system": [Item(gate.system, gate.pointer)],
        "source": [Item(gate.source, gate.pointer)],
        "name": [Item(gate.name.strip("`"), gate.pointer)],
        "target": list(gate.targets),
        "approvals": _one(gate.approvals.value if gate.approvals else None, gate.approvals.pointer if gate.approvals else ""),
        "admins-bypass": _one(True if gate.admins_bypass and gate.admins_bypass.value else None,
                              gate.admins_bypass.pointer if gate.admins_bypass else ""),
        "bypass-actor": list(gate.bypass_actors),
        "prevent-self-review": _one(True if gate.prevent_self_review and gate.prevent_self_review.value else None,
                                    gate.prevent_self_review.pointer if gate.prevent_self_review else ""),
        "dismiss-stale": _one(True if gate.dismiss_stale and gate.dismiss_stale.value else None,
                              gate.dismiss_stale.pointer if gate.dismiss_stale else ""),
        "reviewers": _one(True if gate.reviewers else None, gate.reviewers.pointer if gate.reviewers else ""),
    }


def _gates(gate: Gate) -> Iterator[tuple[Record, str]]:
    yield gate_record(gate), gate.pointer


_WORKFLOW_FIELDS = {
    "path": "file path",
    "workflow": "workflow name (or file name)",
    "trigger": "events that start the workflow, e.g. push, pull_request_target",
    "reusable": "present when the workflow is reusable (`on: workflow_call`)",
}
_JOB_FIELDS = {
    **_WORKFLOW_FIELDS,
    "job": "job id",
    "name": "job name",
    "environment": "the job's `environment` name as written",
    "environment-computed": "present when the environment is an expression (`${{ inputs.env }}`)",
    "branch": "branches whose pushes start the workflow",
    "if": "the job's `if:` condition",
    "needs": "jobs it waits for",
    "deploy": "deploy commands and actions, e.g. `terraform apply -auto-approve`",
    "destroys": "deploy commands that delete (`terraform destroy`, `aws s3 sync --delete`)",
    "unattended": "deploy commands that skip confirmation (`-auto-approve`, `--yes`)",
    "target": "words of the deploy commands and role names: what it deploys to (`prod-api`)",
    "credential": "cloud credentials: role ARNs, key variables",
    "credential-kind": "role | static-keys | profile | oidc",
    "write-credential": "credentials that are not read-only by name",
    "production": "why the job counts as deploying to production",
    "agent": "AI agent products run in the job",
    "uses": "actions and reusable workflows used (without `@ref`)",
    "secret": "secrets read (GITHUB_TOKEN aside)",
    "permission-write": "token scopes granted write, and `id-token: write`",
    "secrets-inherit": "present when the job passes `secrets: inherit`",
}
_GITLAB_FIELDS = {
    "path": "file path",
    "job": "job name",
    "stage": "stage",
    "environment": "environment name",
    "deployment-tier": "environment `deployment_tier`",
    "manual": "present when the job (or a rule) is `when: manual`",
    "branch": "branches its `rules`/`only` name",
    "deploy": "deploy commands in its scripts",
    "unattended": "deploy commands that skip confirmation",
    "target": "words of the deploy commands",
    "credential": "credential variables it sets",
    "agent": "AI agent CLIs it runs",
    "production": "why it counts as deploying to production",
}
_GATE_FIELDS = {
    "path": "file path",
    "kind": "branch-protection | ruleset | environment | deployment-policy | protected-environment | approval-rule | mr-approvals | protected-branch",
    "system": "github | gitlab",
    "source": "terraform | settings.yml",
    "name": "resource address or settings entry",
    "target": "branch patterns or environment names it protects",
    "approvals": "approving reviews required (provider defaults applied)",
    "admins-bypass": "present when admins skip it",
    "bypass-actor": "actors who bypass it every time",
    "prevent-self-review": "present when the deployer cannot approve themself",
    "dismiss-stale": "present when new pushes dismiss approvals",
    "reviewers": "present when reviewers or approval rules are named",
}


def deploy_views() -> dict[str, Any]:
    from lint.views import View

    views = (
        View("deploy-workflow", Workflow, _WORKFLOW_FIELDS, _workflows, "one record per GitHub Actions workflow",
             example_path=".github/workflows/deploy.yml"),
        View("deploy-trigger", Workflow, {**_WORKFLOW_FIELDS, "event": "the event", "branch": "branches", "branch-ignore": "branches-ignore",
                                          "tag": "tags", "path-filter": "paths", "input": "workflow_dispatch/workflow_call inputs",
                                          "input-option": "options of choice inputs"},
             _triggers, "one record per trigger of a workflow", example_path=".github/workflows/deploy.yml"),
        View("deploy-job", Workflow, _JOB_FIELDS, _jobs, "one record per job of a GitHub Actions workflow",
             example_path=".github/workflows/deploy.yml"),
        View("deploy-gitlab-job", GitlabPipeline, _GITLAB_FIELDS, _gitlab_jobs, "one record per GitLab CI job",
             example_path=".gitlab-ci.yml"),
        View("deploy-gate", Gate, _GATE_FIELDS, _gates, "one record per approval rule written as code (branch protection, "
             "ruleset, environment, GitLab approvals)", example_path="github.tf"),
    )
    return {view.name: view for view in views}
