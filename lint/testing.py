"""Running checks' embedded examples, for pytest and for `scopelint test`.

An example runs through the whole engine (parsing, extraction, suppression)
with every given check enabled, and only the findings of the check under test
are compared, so an example also proves the check works alongside the others.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from lint.check import Check, Invalid, Valid
from lint.model import Finding


@dataclass(frozen=True)
class ExampleCase:
    check: type[Check]
    example: Valid | Invalid
    index: int

    @property
    def id(self) -> str:
        kind = "valid" if isinstance(self.example, Valid) else "invalid"
        return f"{self.check.id}:{kind}[{self.index}]"

    @property
    def path(self) -> str:
        return self.example.path or self.check.example_path


def example_cases(checks: Sequence[type[Check]]) -> Iterator[ExampleCase]:
    for check in sorted(checks, key=lambda c: c.id):
        for i, example in enumerate(check.valid):
            yield ExampleCase(check, example, i)
        for i, example in enumerate(check.invalid):
            yield ExampleCase(check, example, i)


def run_example(case: ExampleCase, all_checks: Sequence[type[Check]]) -> list[Finding]:
    """Findings of the check under test on the example's source."""
    from lint.runner import Engine

    checks = {c.id: c for c in all_checks}
    checks[case.check.id] = case.check
    config = None
    if case.example.config:
        from pathlib import Path

        from lint.config import parse_config

        config = parse_config(dict(case.example.config), Path.cwd() / "scopelint.toml")
    engine = Engine(list(checks.values()), config)
    if case.example.files:
        # A tree: every file through phase 1, then the repository phase over all their facts.
        outcomes = [engine.lint_text(path, text) for path, text in sorted(case.example.files.items())]
        result, _ = engine.combine(outcomes)
        findings, errors = result.findings, result.errors
    else:
        outcome = engine.lint_text(case.path, case.example.source)
        findings, errors = outcome.findings, outcome.errors
    own = [e for e in errors if e.check_id in (None, case.check.id)]
    if own:
        raise AssertionError("; ".join(e.message for e in own))
    return [f for f in findings if f.check_id == case.check.id]


def where(finding: Finding, *, with_path: bool = False) -> str:
    """How an expectation names a finding: its pointer, or ``line:col`` when it has none.

    Examples that are trees name the file too: ``agents/ops.json:/mcpServers/aws``.
    """
    if finding.location.pointer:
        place = finding.location.pointer
    else:
        span = finding.location.span
        place = f"{span.start_line}:{span.start_col}"
    return f"{finding.location.path}:{place}" if with_path else place


def verify(case: ExampleCase, all_checks: Sequence[type[Check]]) -> str | None:
    """None if the example behaves as documented, else what went wrong."""
    try:
        findings = run_example(case, all_checks)
    except AssertionError as exc:
        return str(exc)
    tree = bool(case.example.files)
    if isinstance(case.example, Valid):
        if findings:
            return "expected no finding, got: " + "; ".join(f"{where(f, with_path=tree)} {f.message}" for f in findings)
        return None
    got = [where(f, with_path=tree) for f in findings]
    expected = list(case.example.expect)
    if got != expected:
        detail = "; ".join(f"{where(f, with_path=tree)} {f.message}" for f in findings) or "nothing"
        return f"expected findings at {expected}, got {got} ({detail})"
    for needle in case.example.messages:
        if not any(needle in f.message for f in findings):
            return f"no message contains {needle!r}: " + "; ".join(f.message for f in findings)
    wanted = case.example.severity
    if wanted is not None and any(f.severity != wanted for f in findings):
        return f"expected severity {wanted.name.lower()}, got " + ", ".join(f.severity.name.lower() for f in findings)
    return None
