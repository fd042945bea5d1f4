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
from lint.subjects import recognizers

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
_FLAGS = tuple((agent, re.compile(pattern), meaning) for agent, pattern, meaning in FLAGS)
#: A line worth tokenizing names an agent as a word.
_MENTION = re.compile(r"(?<![\w.-])(?:claude|q|kiro-cli|codex|gemini|copilot|claude-code|gemini-cli)(?![\w.-])")
#: What ends a simple command: `;`, `&&`, `||`, `|`, `&`, a subshell or command substitution.
#: Quoted strings and escapes are matched too, only so that separators inside them are skipped.
_BREAK = re.compile(r"""'[^']*'?|"[^"\\]*(?:\\.[^"\\]*)*"?|\\.|(?P<sep>&&|\|\||\$\(|[;&|()`])""")
_QUOTED = re.compile(r"""'[^']*'?|"[^"\\]*(?:\\.[^"\\]*)*"?""")
#: A simple command that runs an agent CLI: optional assignments and wrappers (`sudo`, `env`,
#: `timeout 600`…), then the agent by name or path, or an `npx`-style runner and the agent's package.
_COMMAND = re.compile(
    r"""\s*(?:(?:[A-Za-z_]\w*=\S*|sudo|exec|time|nohup|env|command|builtin|nice|stdbuf|timeout|-\S*|\d\S*)\s+)*"""
    r"""(?:(?:\S*/)?(?:npx|bunx|pnpx|yarn|pnpm)\s+(?:(?:-\S*|dlx|exec|x)\s+)*(?:@[\w.-]+/)?"""
    r"""(?P<package>claude-code|gemini-cli|codex|copilot)(?:@\S*)?"""
    r"""|(?:[^\s'"]*/)?(?P<agent>claude|q|kiro-cli|codex|gemini|copilot))(?=\s|$)"""
)
_PACKAGES = {"claude-code": "claude", "gemini-cli": "gemini", "codex": "codex", "copilot": "copilot"}
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


class AgentInvocationExtractor(recognizers.AgentInvocation, Extractor):
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
    (or on the line after, for a block scalar); columns are found on the document's own lines.

    A flag counts only inside the agent's own command: the words after it up to the next `;`,
    `&&`, `||`, `|`, `&` or subshell, outside quoted strings. Linear in the text: each line is
    tokenized once, and only when it names an agent.
    """
    found = []
    lines = document.lines
    for offset, line in enumerate(text.splitlines()):
        if _MENTION.search(line) is None:
            continue
        seen: set[tuple[str, str]] = set()
        for agent, start, end in _agent_commands(line):
            command = _QUOTED.sub(lambda m: " " * len(m.group()), line[start:end])
            for name, pattern, meaning in _FLAGS:
                if name != agent:
                    continue
                match = pattern.search(command)
                if match is None or (agent, match.group()) in seen:
                    continue
                seen.add((agent, match.group()))
                number = _source_line(lines, first_line + offset, line)
                column = _column(lines, number, line, start + match.start())
                found.append(TrustFlag(agent, match.group(), meaning, Span(number, column, number, column + len(match.group()))))
    return found


def _agent_commands(line: str) -> Iterator[tuple[str, int, int]]:
    """(agent, start, end) of each simple command in `line` that runs an agent CLI; `start` is
    the offset just after the agent's name, `end` where the command ends."""
    start = 0
    for match in _BREAK.finditer(line):
        if match.group("sep") is not None:
            yield from _agent_command(line, start, match.start())
            start = match.end()
    yield from _agent_command(line, start, len(line))


def _agent_command(line: str, start: int, end: int) -> Iterator[tuple[str, int, int]]:
    match = _COMMAND.match(line, start, end)
    if match is not None:
        agent = match.group("agent") or _PACKAGES[match.group("package")]
        yield agent, match.end(), end


def _column(lines: list[str], number: int, line: str, offset: int) -> int:
    """1-based column on document line `number` of `offset` in `line` (the same text, maybe re-indented)."""
    source = lines[number - 1] if 0 < number <= len(lines) else line
    stripped = line.lstrip()
    base = source.find(stripped) if stripped else -1
    if base < 0:
        return offset + 1
    return base + (offset - (len(line) - len(stripped))) + 1


def _source_line(lines: list[str], guess: int, text: str) -> int:
    """The document line holding `text` (a block scalar's content starts one line after its key)."""
    needle = text.strip()
    for number in (guess, guess + 1):
        if 0 < number <= len(lines) and needle and needle in lines[number - 1]:
            return number
    return guess
