"""The report formats for CI systems that do not read SARIF, by name.

``scopelint check --format NAME`` dispatches here for every format other
than text, json and sarif; each module renders one and documents it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from lint.check import Check
from lint.result import RunResult

FORMATS = ("concise", "github", "gitlab", "junit")


def render_format(name: str, result: RunResult, checks: Sequence[type[Check]], sources: Mapping[str, str]) -> str:
    if name == "concise":
        from lint.report.concise import render_concise

        return render_concise(result)
    if name == "github":
        from lint.report.github import render_github

        return render_github(result, checks)
    if name == "gitlab":
        from lint.report.gitlab import render_gitlab

        return render_gitlab(result)
    if name == "junit":
        from lint.report.junit import render_junit

        return render_junit(result, checks)
    raise ValueError(f"unknown report format `{name}` (known: {', '.join(FORMATS)})")


def first_line(message: str, limit: int = 160) -> str:
    """The message's first line, clipped to `limit` characters with an ellipsis."""
    line = message.strip().splitlines()[0] if message.strip() else ""
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"
