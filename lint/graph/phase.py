"""Phase 2: join the run's facts into a graph and run the repository checks on it."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from lint.graph.facts import Fact
from lint.graph.model import Graph
from lint.messages import first_fitting
from lint.result import RunError, RunResult
from lint.suppress import apply_config

if TYPE_CHECKING:
    from lint.runner import Engine


def run_repository_checks(engine: Engine, facts: Sequence[Fact], result: RunResult, texts: dict[str, str]) -> None:
    """Add the repository checks' findings to `result`; texts of the files they point into to `texts`."""
    graph = Graph(facts)
    engine.graph = graph  # kept for `scopelint graph`, which draws what the checks judged
    findings = []
    for check in engine.repository_checks:
        try:
            for violation in check.check(graph):
                findings.append(engine.finding(check, graph, violation))
        except Exception as exc:  # isolate a failing check: report it, keep the rest
            result.errors.append(RunError(f"check `{check.id}` failed on the repository graph: {type(exc).__name__}: {exc}", None, check.id))
    _raise_agent_identities(graph, result)
    source = engine.config.source.name if engine.config.source else "configuration"
    by_path: dict[str, list] = {}
    for finding in findings:
        kept, by_config = apply_config([finding], _relative(finding.location.path, engine), engine.per_path, source)
        result.suppressed.extend(by_config)
        for finding in kept:
            by_path.setdefault(finding.location.path, []).append(finding)
        for location in (finding.location, *finding.related, *finding.flow):
            if location.path not in texts:
                text = _read(location.path)
                if text is not None:
                    texts[location.path] = text
    for path, group in by_path.items():
        kept, inline = _apply_inline(engine, path, group, texts.get(path))
        result.findings.extend(kept)
        result.suppressed.extend(inline)


def _apply_inline(engine: Engine, path: str, findings: list, text: str | None) -> tuple[list, list]:
    """Inline ignores in the file a repository finding starts in, as for per-file findings.

    The file's comments are read again here (only files that repository findings start in), since
    phase 1 keeps no documents. A critical finding is protected from inline ignores the same way.
    """
    if text is None or "scopelint" not in text:
        return findings, []
    from lint.document import ParseError
    from lint.formats import format_for, parse
    from lint.subjects.cloudformation import metadata_ignores
    from lint.suppress import apply_inline, inline_ignores

    fmt = engine.claims(_relative(path, engine)) or engine.claims(path) or format_for(path)
    if fmt is None:
        return findings, []
    try:
        document = parse(path, text, fmt)
    except (ParseError, RecursionError, ValueError):
        return findings, []
    comments = inline_ignores(document) + metadata_ignores(document)
    if not comments:
        return findings, []
    return apply_inline(findings, comments, document, engine.config)


#: Per-file checks whose findings on a grant become critical when the graph shows an agent acts with it.
RAISED_CHECKS = frozenset({"iam-destructive-action", "iam-privilege-escalation", "iam-admin-wildcard", "iam-managed-admin-attachment"})


def _raise_agent_identities(graph: Graph, result: RunResult) -> None:
    """The per-file AI-identity raise (DESIGN §4), for roles the graph shows an unprompted agent acts as.

    A grant finding is critical when the identity is an AI identity and nothing guards the grant;
    in one file that is known only from a trust policy or the configuration, across files from
    the agent that uses the role. Guarded grants (the message says "limited") keep their severity.
    """
    from dataclasses import replace

    from lint.graph.paths import unprompted_paths
    from lint.model import Severity

    agents: dict[tuple, str] = {}
    for path in unprompted_paths(graph):
        for grant in path.risky_grants():
            agents.setdefault((grant.location.path, grant.location.span), path.agent)
    if not agents:
        return
    for index, finding in enumerate(result.findings):
        if finding.check_id not in RAISED_CHECKS or finding.severity >= Severity.CRITICAL or "; limited:" in finding.message:
            continue
        agent = next(
            (agents[key] for key in ((loc.path, loc.span) for loc in (finding.location, *finding.related)) if key in agents), None
        )
        if agent is None:
            continue
        result.findings[index] = replace(
            finding,
            severity=Severity.CRITICAL,
            message=first_fitting(
                f"{finding.message}; an agent acts as this identity with no prompt ({agent}, see `ai-destructive-path`)",
                f"{finding.message}; {agent} acts as this identity with no prompt",
                f"{finding.message}; an agent acts as it with no prompt",
            ),
        )


def _relative(path: str, engine: Engine) -> str:
    """The path relative to the configuration root, as per-path ignores match it."""
    import os

    absolute = os.path.abspath(path)
    root = os.path.abspath(engine.config.root)
    if absolute.startswith(root.rstrip(os.sep) + os.sep):
        return Path(os.path.relpath(absolute, root)).as_posix()
    return path


def _read(path: str) -> str | None:
    """A hop's file text for source lines in reports; it was read (and bounded) in phase 1."""
    from lint.discover import read_text_bounded

    try:
        return read_text_bounded(Path(path))
    except (OSError, UnicodeDecodeError):
        return None
