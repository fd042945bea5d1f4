"""Agent CLIs started with flags that remove approval, in CI workflows, shell scripts and Makefiles.

`claude --dangerously-skip-permissions`, `q chat --trust-all-tools`,
`codex --yolo`, `gemini --yolo`... typed once into a script, they run an agent
with nobody to ask, often in a CI job that holds cloud credentials.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from lint.document import Document, join
from lint.model import Span
from lint.subjects.base import Extractor, Problem, Subject

_WORKFLOW = re.compile(r"(?:^|/)\.github/workflows/[^/]+\.ya?ml$")
_SCRIPT = re.compile(r"(?:^|/)(?:[^/]+\.(?:sh|bash)|Makefile|GNUmakefile|[^/]+\.mk)$")
#: (agent, flag pattern, what it does); patterns match inside one command line of that agent.
FLAGS = (
    ("claude", r"--dangerously-skip-permissions\b", "skips every permission prompt"),
    ("claude", r"--permission-mode[= ]+bypassPermissions\b", "skips every permission prompt"),
    ("q", r"--trust-all-tools\b", "trusts every tool, `execute_bash` and `use_aws` included"),
    ("kiro-cli", r"--trust-all-tools\b", "trusts every tool, `execute_bash` and `use_aws` included"),
    ("codex", r"--dangerously-bypass-approvals-and-sandbox\b|--yolo\b", "runs with no approvals and no sandbox"),
    ("codex", r"(?:-a|--ask-for-approval)[= ]+never\b", "never asks for approval"),
    ("codex", r"(?:-s|--sandbox)[= ]+danger-full-access\b", "turns the sandbox off"),
    ("gemini", r"--yolo\b|(?<![\w-])-y\b|--approval-mode[= ]+yolo\b", "accepts every tool call"),
    ("copilot", r"--allow-all-tools\b", "allows every tool without asking"),
)
_AGENT_AT = r"(?:^|[\s;&|(`$]|npx\s+(?:-y\s+)?@?[\w./-]*?)(?P<agent>{agents})(?=\s)"
_AGENTS = re.compile(_AGENT_AT.format(agents="claude|q|kiro-cli|codex|gemini|copilot"))
#: Signs that a workflow job holds cloud credentials.
_CLOUD_STEP = re.compile(r"aws-actions/configure-aws-credentials|google-github-actions/auth|azure/login", re.I)


@dataclass(frozen=True)
class TrustFlag:
    agent: str
    flag: str
    meaning: str
    span: Span


class AgentInvocation(Subject):
    """Agent command lines with approval-removing flags in one workflow job or script."""

    family = "agent"

    def __init__(self, document: Document, pointer: str, where: str, flags: list[TrustFlag], cloud: str | None) -> None:
        super().__init__(document, pointer)
        self.where = where
        self.flags = flags
        self.cloud = cloud  # why the context holds cloud credentials, or None


class AgentInvocationExtractor(Extractor):
    name = "agent-invocations"
    formats = ("yaml", "text")

    def claims(self, path: str) -> bool:
        return _WORKFLOW.search(path) is not None or _SCRIPT.search(path) is not None

    def format_of(self, path: str) -> str | None:
        return "text" if _SCRIPT.search(path) and not _WORKFLOW.search(path) else None

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        if document.format == "text":
            flags = scan(document.text, 1, document)
            if flags:
                yield AgentInvocation(document, "", f"script `{document.path}`", flags, None)
            return
        data = document.data
        jobs = data.get("jobs") if isinstance(data, dict) else None
        if not isinstance(jobs, dict):
            return
        for job_id, job in jobs.items():
            if not isinstance(job, dict) or not isinstance(job.get("steps"), list):
                continue
            cloud = _cloud(job)
            flags: list[TrustFlag] = []
            for i, step in enumerate(job["steps"]):
                if isinstance(step, dict) and isinstance(step.get("run"), str):
                    pointer = join("/jobs", job_id, "steps", i, "run")
                    flags += scan(step["run"], document.locate(pointer).start_line, document)
            if flags:
                yield AgentInvocation(document, join("/jobs", job_id), f"workflow job `{job_id}`", flags, cloud)


def _cloud(job: dict[str, Any]) -> str | None:
    permissions = job.get("permissions")
    for step in job.get("steps", []):
        if isinstance(step, dict) and isinstance(step.get("uses"), str) and _CLOUD_STEP.search(step["uses"]):
            return f"the job runs `{step['uses'].split('@')[0]}`"
    if isinstance(permissions, dict) and permissions.get("id-token") == "write":
        return "the job may mint cloud credentials (`id-token: write`)"
    env = job.get("env")
    if isinstance(env, dict) and any(k in env for k in ("AWS_ACCESS_KEY_ID", "AWS_PROFILE", "AWS_ROLE_ARN")):
        return "the job sets AWS credentials in `env`"
    return None


def scan(text: str, first_line: int, document: Document) -> list[TrustFlag]:
    """Trust flags on agent command lines of `text`, which starts at `first_line` of the document
    (or on the line after, for a block scalar); columns are found on the document's own lines."""
    found = []
    lines = document.lines
    for offset, line in enumerate(text.splitlines()):
        for start in _AGENTS.finditer(line):
            agent = start.group("agent")
            rest = line[start.end("agent"):]
            for name, pattern, meaning in FLAGS:
                if name != agent:
                    continue
                match = re.search(pattern, rest)
                if match is None:
                    continue
                number = _source_line(lines, first_line + offset, line)
                source = lines[number - 1] if 0 < number <= len(lines) else line
                column = source.find(match.group(0)) + 1 or 1
                found.append(TrustFlag(agent, match.group(0), meaning, Span(number, column, number, column + len(match.group(0)))))
    return found


def _source_line(lines: list[str], guess: int, text: str) -> int:
    """The document line holding `text` (a block scalar's content starts one line after its key)."""
    needle = text.strip()
    for number in (guess, guess + 1):
        if 0 < number <= len(lines) and needle and needle in lines[number - 1]:
            return number
    return guess
