"""Facts the deploy subjects state for the repository graph.

`CiJobFact` and `ApprovalGateFact` are `DeployJobFact` and `GateFact` with the locations the
deploy checks point at (the deploy command, the `environment:` key) and the details they name
(branches, `when: manual`, stale approvals); the graph indexes them as their base types.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lint.graph.facts import Capability, DeployJobFact, Fact, GateFact, IdentityRef, locate
from lint.model import Location

if TYPE_CHECKING:
    from lint.subjects.deploy.github import Job, Workflow


@dataclass(frozen=True)
class CiJobFact(DeployJobFact):
    """A CI job that deploys, holds cloud credentials or runs an agent, with the places checks name."""

    branches: tuple[str, ...] = ()  # branches whose pushes start it ("main"), when the file names them
    command: str | None = None  # the first deploy command or action, as written
    command_location: Location | None = None
    environment_location: Location | None = None
    environment_computed: bool = False  # `${{ inputs.environment }}`: chosen at run time
    manual: bool = False  # GitLab `when: manual`: someone presses play (not an approval)
    manual_location: Location | None = None
    unattended: bool = False  # `-auto-approve`, `--yes`: no confirmation even at a terminal


@dataclass(frozen=True)
class ApprovalGateFact(GateFact):
    """An approval rule defined as code, with what its provider's defaults make of it."""

    system: str = "github"  # "github" | "gitlab"
    source: str = "terraform"  # "terraform" | "settings.yml"
    name: str = ""  # how messages name it: "`github_repository_environment.prod`"
    reviewers: bool = False  # names who must approve (environments, protected environments)
    #: Attributes or blocks Terraform computes that decide the approvals (`dynamic "reviewers"`,
    #: `var.count`): when set, `required_approvals` is not known and the gate is not judged.
    unknown: tuple[str, ...] = ()


def workflow_facts(workflow: Workflow) -> Iterator[Fact]:
    """A `CiJobFact` for each job that deploys, holds cloud credentials or runs an agent."""
    for job in workflow.jobs:
        fact = job_fact(workflow, job)
        if fact is not None:
            yield fact


def _triggers(workflow: Workflow, job: Job) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The job's triggers (those its `if:` lets through) as `event` or `event:branch`, and its push branches."""
    from lint.deploy.judge import runs_on

    triggers: list[str] = []
    branches: list[str] = []
    for event, trigger in workflow.triggers.items():
        if not runs_on(job, event):
            continue
        if event == "push" and trigger.tags and not trigger.branches:
            triggers.extend(f"push-tag:{tag.value}" for tag in trigger.tags)
        elif event in ("push", "pull_request", "pull_request_target") and trigger.branches:
            for branch in trigger.branches:
                triggers.append(f"{event}:{branch.value}")
                if event == "push":
                    branches.append(branch.value)
        else:
            triggers.append(event)
    return tuple(triggers), tuple(branches)


def job_fact(workflow: Workflow, job: Job) -> CiJobFact | None:
    from lint.subjects.deploy.github import command_location

    called = job.called
    deploys = list(job.deploys)
    credentials = list(job.credentials)
    agents = list(job.agents)
    if called is not None and job.environment is None:
        for inner in called.jobs:  # what a called workflow's jobs do happens on this caller's triggers
            if inner.environment is None:
                deploys += inner.deploys
                credentials += inner.credentials
                agents += inner.agents
    if not (deploys or credentials or agents):
        return None
    document = workflow.document
    identities = tuple(
        IdentityRef("role" if c.kind == "role" else "static-keys", c.value if c.kind == "role" else c.value,
                    locate(document, c.pointer, f"credentials {c.describe()}"))
        for c in job.credentials
    )
    cloud = bool(job.write_credentials)
    steps = tuple(
        Capability(f"{a.product} step" + (f" runs any shell command (`{a.shell.value}`)" if a.shell else ""),
                   "shell" if a.shell else ("cloud" if cloud else "other"), locate(document, a.pointer, f"{a.product} step"))
        for a in job.agents
    )
    triggers, branches = _triggers(workflow, job)
    environment = job.environment_name
    first = deploys[0] if deploys else None
    return CiJobFact(
        location=locate(document, job.pointer, f"job `{job.id}`", key=True),
        system="github-actions",
        workflow=workflow.path,
        job=job.id,
        triggers=triggers,
        environment=environment,
        gate=f"environment `{environment}`" if environment and not job.environment_computed else None,
        production=job.production_reason() is not None,
        deploys=tuple(d.text for d in deploys),
        identities=identities,
        agent_steps=steps,
        branches=branches,
        command=first.text if first else None,
        command_location=command_location(document, first, f"`{first.text}`") if first and first in job.deploys else None,
        environment_location=locate(document, job.environment.pointer, f"environment `{environment}`") if job.environment else None,
        environment_computed=job.environment_computed,
        unattended=any(d.unattended for d in deploys),
    )
