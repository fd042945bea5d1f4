"""GitLab CI (`.gitlab-ci.yml` and the files it includes with `include: local`).

Jobs are the top-level mappings that are not keywords and not hidden (`.template`); `extends:`
from jobs or templates of the same file is applied (one level at a time, bounded). Local includes
are read from the repository on disk, never outside it, up to a size cap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lint.deploy import catalog
from lint.deploy.production import is_production
from lint.discover import read_text_bounded
from lint.document import Document, join
from lint.subjects.base import Item, Problem, Subject, type_name
from lint.subjects.deploy.kinds import GitlabPipeline
from lint.subjects.deploy.github import CREDENTIAL_ENV, Credential, Deploy

KEYWORDS = frozenset({"stages", "variables", "include", "default", "workflow", "image", "services", "before_script",
                      "after_script", "cache", "types", "spec"})
MAX_INCLUDE_BYTES = 1024 * 1024
MAX_INCLUDES = 20
_BRANCH_RULE = re.compile(r"\$CI_COMMIT_(?:BRANCH|REF_NAME)\s*==\s*[\"']?([\w./-]+)|\$CI_DEFAULT_BRANCH")


@dataclass
class GitlabJob:
    """A GitLab CI job: its environment, `when: manual`, branches, deploy commands and credentials."""

    id: str
    pointer: str
    document: Document
    stage: str | None = None
    environment: Item[str] | None = None
    tier: Item[str] | None = None
    manual: Item[str] | None = None  # `when: manual` (job or rule)
    branches: list[str] = field(default_factory=list)
    deploys: list[Deploy] = field(default_factory=list)
    credentials: list[Credential] = field(default_factory=list)
    agents: list[tuple[str, str, bool]] = field(default_factory=list)  # (product, pointer, runs any shell)
    action: str | None = None  # environment action: start | stop | prepare | …
    targets: list[str] = field(default_factory=list)  # `ENVIRONMENT: staging`-style variable values

    @property
    def production(self) -> str | None:
        if self.tier is not None and self.tier.value == "production":
            return f"`deployment_tier: production`"
        if self.environment is not None and is_production(self.environment.value):
            return f"environment `{self.environment.value}`"
        if self.environment is not None:
            return None  # a named environment that is not production
        from lint.subjects.deploy.github import _non_production, _words

        if is_production(self.id) or any(c.production for c in self.credentials):
            return f"job `{self.id}`" if is_production(self.id) else "production credentials"
        if any(is_production(value) for value in self.targets):
            return "its target variables"
        if any(_non_production(value) for value in self.targets):
            return None
        if any(is_production(_words(d.text)) for d in self.deploys):
            return "its command"
        if _non_production(self.id) or (self.stage and _non_production(self.stage)):
            return None
        default = [b for b in self.branches if b in ("main", "master", "default branch")]
        if default and self.deploys:
            return f"the default branch `{default[0]}`"
        return None


def extract_pipeline(document: Document) -> Iterator[Subject | Problem]:
    """The `GitlabPipeline` of a `.gitlab-ci.yml` document, with its local includes."""
    data = document.data
    if data is None:
        return
    if not isinstance(data, dict):
        yield Problem(f"a GitLab CI file must be a mapping, found {type_name(data)}", "")
        return
    jobs = list(read_jobs(document, data))
    for included in _local_includes(document, data):
        jobs.extend(read_jobs(included, included.data))
    yield GitlabPipeline(document, jobs)


def read_jobs(document: Document, data: dict[str, Any]) -> Iterator[GitlabJob]:
    variables = data.get("variables") if isinstance(data.get("variables"), dict) else {}
    for name, body in data.items():
        if not isinstance(body, dict) or name in KEYWORDS or str(name).startswith("."):
            continue
        if not any(k in body for k in ("script", "trigger", "extends", "run")):
            continue
        merged = _extended(data, body)
        yield _job(document, str(name), body, merged, variables)


def _extended(data: dict[str, Any], body: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    parents = body.get("extends")
    if depth > 5 or parents is None:
        return body
    merged: dict[str, Any] = {}
    for parent in [parents] if isinstance(parents, str) else parents if isinstance(parents, list) else []:
        base = data.get(parent)
        if isinstance(base, dict):
            merged.update(_extended(data, base, depth + 1))
    merged.update(body)
    return merged


def _job(document: Document, name: str, own: dict[str, Any], body: dict[str, Any], variables: dict[str, Any]) -> GitlabJob:
    pointer = join("", name)
    job = GitlabJob(name, pointer, document, stage=body.get("stage") if isinstance(body.get("stage"), str) else None)
    at = lambda *keys: join(pointer, *keys) if keys[0] in own else pointer  # noqa: E731 - inherited keys point at the job
    env = body.get("environment")
    if isinstance(env, str):
        job.environment = Item(env, at("environment"))
    elif isinstance(env, dict) and isinstance(env.get("name"), str):
        job.environment = Item(env["name"], at("environment", "name") if "environment" in own else pointer)
        if isinstance(env.get("deployment_tier"), str):
            job.tier = Item(env["deployment_tier"], at("environment", "deployment_tier") if "environment" in own else pointer)
        job.action = env.get("action") if isinstance(env.get("action"), str) else None
    if body.get("when") == "manual":
        job.manual = Item("manual", at("when"))
    rules = body.get("rules")
    if isinstance(rules, list):
        for i, rule in enumerate(rules):
            if not isinstance(rule, dict):
                continue
            if rule.get("when") == "manual" and job.manual is None:
                job.manual = Item("manual", at("rules", i, "when") if "rules" in own else pointer)
            condition = rule.get("if")
            if isinstance(condition, str) and rule.get("when") != "never":
                for match in _BRANCH_RULE.finditer(condition):
                    job.branches.append(match.group(1) or "default branch")
    only = body.get("only")
    refs = only.get("refs") if isinstance(only, dict) else only
    if isinstance(refs, list):
        job.branches += [r for r in refs if isinstance(r, str) and r not in ("merge_requests", "tags", "branches", "schedules", "web", "api")]
    for key in ("before_script", "script", "after_script"):
        script = body.get(key)
        lines = [script] if isinstance(script, str) else script if isinstance(script, list) else []
        for i, line in enumerate(lines):
            if not isinstance(line, str):
                continue
            line_at = (join(pointer, key, i) if isinstance(script, list) else join(pointer, key)) if key in own else pointer
            for hit in catalog.find_commands(line):
                job.deploys.append(Deploy(hit.text, hit.command.what, line_at, destroys=hit.command.destroys,
                                          unattended=bool(catalog.UNATTENDED.search(hit.text))))
            for agent in catalog.find_agent_clis(line):
                job.agents.append((agent.product, line_at, agent.shell))
    from lint.subjects.deploy.github import _TARGET_VARIABLE

    for scope, values in (("/variables", variables), (at("variables"), body.get("variables"))):
        if isinstance(values, dict):
            for var, value in values.items():
                if _TARGET_VARIABLE.match(str(var)) and isinstance(value, str) and "$" not in value:
                    job.targets.append(value)
                known = CREDENTIAL_ENV.get(str(var))
                if known and value not in (None, ""):
                    job.credentials.append(Credential(known[0], "role" if known[1] == "role" else "static-keys", str(var),
                                                      join(scope, var), write=True, production=is_production(str(value))))
    return job


def _local_includes(document: Document, data: dict[str, Any]) -> Iterator[Document]:
    """Files included with `include: local` (or a bare path), read from the repository (bounded)."""
    include = data.get("include")
    entries = include if isinstance(include, list) else [include] if include is not None else []
    if document.file is None:
        return
    root = Path(document.file).resolve().parent
    count = 0
    for entry in entries:
        path = entry.get("local") if isinstance(entry, dict) else entry if isinstance(entry, str) and "://" not in entry else None
        if not isinstance(path, str) or "*" in path or "$" in path or count >= MAX_INCLUDES:
            continue
        count += 1
        target = (root / path.lstrip("/")).resolve()
        try:
            if root not in target.parents or not target.is_file() or target.stat().st_size > MAX_INCLUDE_BYTES:
                continue
            text = read_text_bounded(target, MAX_INCLUDE_BYTES)
        except (OSError, UnicodeDecodeError):
            continue
        from lint.document import ParseError
        from lint.formats.yaml import parse_yaml

        try:
            import os

            shown = os.path.normpath(os.path.join(os.path.dirname(document.path), path.lstrip("/")))
            included = parse_yaml(Path(shown).as_posix(), text)
        except ParseError:
            continue
        included.file = target
        if isinstance(included.data, dict):
            yield included
