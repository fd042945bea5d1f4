"""What deploys: commands, actions and AI agent actions, read from `data/deploy-commands.yaml`.

Loaded once, on first use. Command patterns are searched line by line in `run:` / `script:` text
(line continuations joined first), so a long script costs one pass per pattern.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

_DATA = Path(__file__).parent / "data" / "deploy-commands.yaml"
#: An agent CLI started from a shell line (any flags): the agent runs whatever the job lets it.
_AGENT_CLI = re.compile(
    r"(?:^|[\s;&|(`])(?:npx\s+(?:-y\s+)?(?P<cli>@anthropic-ai/claude-code|@openai/codex|@google/gemini-cli)(?:@\S*)?"
    r"|(?P<bin>claude|codex|gemini|kiro-cli|q\s+chat|copilot|aider|goose|opencode|cursor-agent))(?=\s|$)(?P<rest>[^\n]*)"
)
_AGENT_CLI_PRODUCTS = {
    "claude": "Claude Code", "@anthropic-ai/claude-code": "Claude Code", "codex": "Codex", "@openai/codex": "Codex",
    "gemini": "Gemini CLI", "@google/gemini-cli": "Gemini CLI", "kiro-cli": "Kiro CLI", "q chat": "Amazon Q Developer CLI",
    "copilot": "GitHub Copilot CLI", "aider": "Aider", "goose": "Goose", "opencode": "OpenCode", "cursor-agent": "Cursor agent",
}
#: Flags that let an agent CLI run commands with nobody to confirm (see lint/subjects/invocations.py).
_CLI_SHELL = re.compile(
    r"--dangerously-skip-permissions|--permission-mode[= ]+bypassPermissions|--trust-all-tools|--yolo\b"
    r"|--dangerously-bypass-approvals-and-sandbox|--full-auto\b|danger-full-access|--allow-all-tools|--approval-mode[= ]+yolo"
    r"|--allowedTools[= ]+[\"']?[^\"'\n]*\bBash(?![(\w])"
)


#: Flags with which a deploy command changes nothing (a dry run, a change set left for review).
_NO_CHANGE = re.compile(r"--dry-run\b|--no-execute-changeset\b|--no-execute\b|(?<![\w-])--preview-only\b")


@dataclass(frozen=True)
class Command:
    id: str
    pattern: re.Pattern[str]
    what: str
    destroys: bool
    source: str


@dataclass(frozen=True)
class DeployAction:
    uses: str
    what: str
    destroys: bool
    when: dict[str, Any] | None
    source: str


@dataclass(frozen=True)
class AgentAction:
    uses: str
    product: str
    shell: tuple[tuple[str, re.Pattern[str]], ...]
    trusted_actors: tuple[tuple[str, re.Pattern[str]], ...]
    open_by_default: bool
    source: str


@dataclass(frozen=True)
class CommandHit:
    """A deploy command found in a line of shell text."""

    command: Command
    text: str  # the command as written, from the tool name to the end of its line (trimmed)
    line: int  # 0-based line within the text


@dataclass(frozen=True)
class AgentCliHit:
    product: str
    text: str
    shell: bool  # started with a flag that lets it run any command unconfirmed
    line: int


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with _DATA.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=loader)


@lru_cache(maxsize=1)
def commands() -> tuple[Command, ...]:
    return tuple(
        Command(c["id"], re.compile(c["match"]), c["what"], bool(c.get("destroys")), c["source"]) for c in _data()["commands"]
    )


@lru_cache(maxsize=1)
def actions() -> dict[str, DeployAction]:
    return {
        a["uses"].lower(): DeployAction(a["uses"], a["what"], bool(a.get("destroys")), a.get("when"), a["source"])
        for a in _data()["actions"]
    }


@lru_cache(maxsize=1)
def agent_actions() -> dict[str, AgentAction]:
    def rules(entries: list[dict[str, str]] | None) -> tuple[tuple[str, re.Pattern[str]], ...]:
        return tuple((e["input"], re.compile(e["pattern"])) for e in entries or ())

    return {
        a["uses"].lower(): AgentAction(a["uses"], a["product"], rules(a.get("shell")), rules(a.get("trusted-actors")),
                                       bool(a.get("open-by-default")), a["source"])
        for a in _data()["agents"]
    }


def action_name(uses: str) -> str:
    """`aws-actions/configure-aws-credentials` for `aws-actions/configure-aws-credentials@v4` (lower-cased)."""
    return uses.split("@", 1)[0].strip().lower().rstrip("/")


def deploy_action(uses: str, inputs: dict[str, Any] | None) -> DeployAction | None:
    """The deploy action a `uses:` names, when the inputs given make it deploy."""
    name = action_name(uses)
    found = actions().get(name)
    if found is None:
        # `owner/repo/sub/path` entries match exactly; `owner/repo` entries match their sub-actions too
        parts = name.split("/")
        found = actions().get("/".join(parts[:2])) if len(parts) > 2 else None
        if found is not None and found.uses.count("/") > 1:
            found = None
    if found is None or not found.when:
        return found
    value = (inputs or {}).get(found.when["input"], found.when.get("default", ""))
    value = str(value).strip()
    wanted = [str(v) for v in found.when["values"]]
    if found.when.get("contains"):
        return found if any(w in value for w in wanted) else None
    return found if value in wanted or "${{" in value else None


def agent_action(uses: str) -> AgentAction | None:
    return agent_actions().get(action_name(uses))


def joined_lines(text: str) -> list[tuple[int, str]]:
    """Shell lines with `\\` continuations joined, each with the 0-based line it starts on."""
    out: list[tuple[int, str]] = []
    pending: list[str] = []
    start = 0
    for number, line in enumerate(text.splitlines()):
        if not pending:
            start = number
        stripped = line.rstrip()
        if stripped.endswith("\\"):
            pending.append(stripped[:-1])
            continue
        pending.append(line)
        out.append((start, " ".join(part.strip() for part in pending)))
        pending = []
    if pending:
        out.append((start, " ".join(part.strip() for part in pending)))
    return out


def find_commands(text: str) -> list[CommandHit]:
    """Deploy commands in shell text, in order; comment lines are skipped."""
    hits: list[CommandHit] = []
    cheap = text.lower()
    table = [c for c in commands() if _may_occur(c, cheap)]
    if not table:
        return hits
    for number, line in joined_lines(text):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.startswith("echo "):
            continue
        for command in table:
            match = command.pattern.search(line)
            if match and not _NO_CHANGE.search(line, match.start()):
                hits.append(CommandHit(command, _trim(line[match.start():]), number))
                break  # one command a line: the most specific entry comes first in the data
    return hits


def find_agent_clis(text: str) -> list[AgentCliHit]:
    hits = []
    for number, line in joined_lines(text):
        stripped = line.strip()
        if not stripped or stripped.startswith("#") or stripped.startswith("echo "):
            continue
        for match in _AGENT_CLI.finditer(line):
            cli = " ".join((match.group("cli") or match.group("bin")).split())
            rest = match.group("rest")
            if cli in ("claude", "codex", "gemini", "copilot", "goose", "opencode", "aider") and not _looks_like_run(cli, rest):
                continue
            start = match.start("cli") if match.group("cli") else match.start("bin")
            hits.append(AgentCliHit(_AGENT_CLI_PRODUCTS[cli], _trim(line[start:]), bool(_CLI_SHELL.search(rest)), number))
            break
    return hits


def _looks_like_run(cli: str, rest: str) -> bool:
    """`claude -p "..."`, `codex exec`, `gemini -p`: a run, not `npm i -g …` or a version check."""
    rest = rest.strip()
    if not rest or rest.startswith(("--version", "-v", "--help", "-h", "mcp ", "config ", "install", "update", "auth ", "login")):
        return False
    return True


def _may_occur(command: Command, lowered: str) -> bool:
    head = command.id.split("-", 1)[0]
    words = {"cloudformation": "cloudformation", "ecs": "ecs", "lambda": "lambda", "s3": "s3", "gcloud": "gcloud",
             "az": "az ", "copilot": "copilot", "tofu": "tofu", "sls": "sls"}
    if head == "serverless":
        return "serverless" in lowered or "sls" in lowered
    if head == "flyctl":
        return "fly" in lowered
    return words.get(head, head) in lowered


def _trim(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    for stop in (" && ", " || ", " | ", "; "):
        cut = text.find(stop)
        if cut > 0:
            text = text[:cut]
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: `-auto-approve`, `--require-approval never`, `--yes`: no confirmation even at a terminal.
UNATTENDED = re.compile(
    r"-auto-approve\b|--auto-approve\b|--require-approval[= ]+never\b|(?<![\w-])--yes\b|(?<![\w-])-y\b"
    r"|--skip-preview\b|--no-confirm-changeset\b|--non-interactive\b|--force\b"
)
