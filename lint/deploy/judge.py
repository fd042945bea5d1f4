"""Shared judgements of the deploy checks: which events a job runs on, how to name what it does."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lint.subjects.deploy.github import Job, Trigger

_EVENT_IS = re.compile(r"github\.event_name\s*==\s*['\"]([\w-]+)['\"]")
_EVENT_IS_NOT = re.compile(r"github\.event_name\s*!=\s*['\"]([\w-]+)['\"]")
_REF_IS_BRANCH = re.compile(r"github\.ref\s*==\s*['\"]refs/heads/([\w./-]+)['\"]|github\.ref_name\s*==\s*['\"]([\w./-]+)['\"]")


def runs_on(job: Job, event: str) -> bool:
    """Whether the job's `if:` lets it run for `event` (a condition it cannot read counts as yes)."""
    condition = job.if_.value if job.if_ else ""
    if not condition:
        return True
    if event in _EVENT_IS_NOT.findall(condition) and "||" not in condition:
        return False
    wanted = _EVENT_IS.findall(condition)
    if wanted and event not in wanted:
        return False
    if event in ("pull_request", "pull_request_target", "issue_comment", "issues") and _REF_IS_BRANCH.search(condition) \
            and "||" not in condition:
        return False  # pull request runs have `refs/pull/N/merge` (or the base branch for _target), not a pushed branch
    return True


def pinned_branch(job: Job) -> str | None:
    """The branch the job's `if:` pins `github.ref` to, if any."""
    condition = job.if_.value if job.if_ else ""
    match = _REF_IS_BRANCH.search(condition)
    return (match.group(1) or match.group(2)) if match else None


def triggers_of(job: Job, events: tuple[str, ...]) -> list[Trigger]:
    return [t for e, t in job.workflow.triggers.items() if e in events and runs_on(job, e)]


def commands(job: Job, limit: int = 2) -> str:
    """`terraform apply -auto-approve`, `cdk deploy` (the first few deploy commands, quoted)."""
    texts = list(dict.fromkeys(d.text for d in job.deploys))
    shown = ", ".join(f"`{clip(t)}`" for t in texts[:limit])
    return shown + (f" and {len(texts) - limit} more" if len(texts) > limit else "")


def quote_list(values: list[str], limit: int = 3) -> str:
    values = list(dict.fromkeys(values))
    shown = ", ".join(f"`{v}`" for v in values[:limit])
    return shown + (f" and {len(values) - limit} more" if len(values) > limit else "")


def clip(text: str, limit: int = 48) -> str:
    """A command short enough for a message: cut at a word, marked with `…`."""
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit] + " …"
