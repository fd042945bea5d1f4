"""The deploy family's subject types, kept light: the readers that build them load on first use.

`Workflow` (a GitHub Actions workflow file), `GitlabPipeline` (a `.gitlab-ci.yml` with its local
includes) and `Gate` (an approval rule written as code). Checks name these classes as their
subjects; the modules that read files (`github`, `gitlab`, `settings`) are imported only when a
file of their kind is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from lint.document import Document, join
from lint.subjects.base import Item, Subject

if TYPE_CHECKING:
    from lint.subjects.deploy.github import Job, Trigger
    from lint.subjects.deploy.gitlab import GitlabJob

DEFAULT_BRANCHES = ("main", "master")


class Workflow(Subject):
    """One GitHub Actions workflow file."""

    family = "deploy"

    def __init__(self, document: Document, data: dict[str, Any], on_key: str | None) -> None:
        super().__init__(document, "")
        self.data = data
        self.name: str | None = data.get("name") if isinstance(data.get("name"), str) else None
        self.on_pointer = join("", on_key) if on_key is not None else ""
        self.triggers: dict[str, Trigger] = {}
        self.jobs: list[Job] = []
        self.permissions: Any = data.get("permissions")

    @property
    def label(self) -> str:
        return self.name or self.path.rsplit("/", 1)[-1]

    @property
    def reusable(self) -> bool:
        return "workflow_call" in self.triggers

    def default_branch_push(self) -> Item[str] | None:
        push = self.triggers.get("push")
        if push is None:
            return None
        for branch in push.branches:
            if branch.value in DEFAULT_BRANCHES:
                return branch
        return None

    def job(self, job_id: str) -> Job | None:
        return next((j for j in self.jobs if j.id == job_id), None)

    def facts(self):
        from lint.subjects.deploy.facts import workflow_facts

        return workflow_facts(self)


class GitlabPipeline(Subject):
    """One `.gitlab-ci.yml` with the jobs of the files it includes locally."""

    family = "deploy"

    def __init__(self, document: Document, jobs: list[GitlabJob]) -> None:  # noqa: D107
        super().__init__(document, "")
        self.jobs = jobs

    def facts(self):
        from lint.graph.facts import IdentityRef, Capability, locate
        from lint.subjects.deploy.facts import CiJobFact

        for job in self.jobs:
            if not (job.deploys or job.credentials or job.agents):
                continue
            doc = job.document
            first = job.deploys[0] if job.deploys else None
            env = job.environment.value if job.environment else None
            yield CiJobFact(
                location=locate(doc, job.pointer, f"job `{job.id}`", key=True), system="gitlab-ci", workflow=doc.path, job=job.id,
                triggers=tuple(f"push:{b}" for b in job.branches) or ("push",), environment=env, gate=None,
                production=job.production is not None, deploys=tuple(d.text for d in job.deploys),
                identities=tuple(IdentityRef("role" if c.kind == "role" else "static-keys", c.value, locate(doc, c.pointer, c.describe()))
                                 for c in job.credentials),
                agent_steps=tuple(Capability(f"{p} step", "shell" if shell else "other", locate(doc, at, f"{p} step")) for p, at, shell in job.agents),
                branches=tuple(job.branches), command=first.text if first else None,
                command_location=locate(doc, first.pointer, f"`{first.text}`") if first else None,
                environment_location=locate(doc, job.environment.pointer, f"environment `{env}`") if job.environment else None,
                environment_computed=bool(env and "$" in env), manual=job.manual is not None,
                manual_location=locate(doc, job.manual.pointer, "`when: manual`") if job.manual else None,
                unattended=any(d.unattended for d in job.deploys),
            )


class Gate(Subject):
    """An approval rule written as code: branch protection, a ruleset, an environment, GitLab approvals.

    Built by `lint.subjects.deploy.settings` as an `ApprovalRule`, whose attributes are: `kind`
    (`branch-protection`, `ruleset`, `environment`, `deployment-policy`, `protected-environment`,
    `approval-rule`, `mr-approvals`, `protected-branch`), `system` (`github` | `gitlab`), `source`
    (`terraform` | `settings.yml`), `name`, `targets` (branch patterns or environment names),
    `approvals`, `admins_bypass`, `bypass_actors`, `dismiss_stale`, `prevent_self_review`,
    `reviewers`, `enforcement` — each an `Item` located where it is written (or where the
    provider's default applies), with `…_default` flags saying a default was used.
    """

    family = "deploy"
