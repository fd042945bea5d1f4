"""Text output: one ``path:line:col: SEVERITY id message`` line per finding.

On a terminal each finding also shows its source line with a caret under the
span, and colour; never colour when ``NO_COLOR`` is set or output is piped.
"""

from __future__ import annotations

from collections.abc import Mapping

from lint.model import Finding, Location, Severity
from lint.result import RunResult

_COLOURS = {
    Severity.CRITICAL: "\033[1;35m",
    Severity.HIGH: "\033[1;31m",
    Severity.MEDIUM: "\033[1;33m",
    Severity.LOW: "\033[1;34m",
    Severity.INFO: "\033[2m",
}
_BOLD, _DIM, _CYAN, _RESET = "\033[1m", "\033[2m", "\033[36m", "\033[0m"


class _Style:
    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def __call__(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.colour else text


def render_text(
    result: RunResult,
    sources: Mapping[str, str],
    *,
    frames: bool = False,
    colour: bool = False,
    quiet: bool = False,
    show_suppressed: bool = False,
) -> str:
    style = _Style(colour)
    out: list[str] = []
    findings = list(result.findings)
    if show_suppressed:
        findings = sorted(findings + result.suppressed, key=lambda f: f.sort_key)
    lines_of = _LineCache(sources)
    for finding in findings:
        out.append(_headline(finding, style))
        if frames:
            out.extend(_frame(finding.location, lines_of, style, primary=True))
        for related in finding.related:
            out.append(f"  {style(_DIM, '=')} {_where(related)}: {related.note}")
            if frames:
                out.extend(_frame(related, lines_of, style, primary=False))
        if finding.suppression is not None:
            out.append(f"  {style(_DIM, '=')} suppressed ({finding.suppression.kind}): {finding.suppression.reason or 'no reason given'}")
        if frames:
            out.append("")
    for error in result.errors:
        where = f"{error.path}: " if error.path else ""
        out.append(f"{where}{style(_COLOURS[Severity.HIGH], 'error')}: {error.message}")
    if not quiet:
        out.append(_summary(result, style))
    return "\n".join(out) + ("\n" if out else "")


def _headline(finding: Finding, style: _Style) -> str:
    severity = style(_COLOURS[finding.severity], finding.severity.name)
    return f"{style(_BOLD, _where(finding.location))}: {severity} {style(_CYAN, finding.check_id)} {finding.message}"


def _where(location: Location) -> str:
    span = location.span
    return f"{location.path}:{span.start_line}:{span.start_col}"


class _LineCache:
    def __init__(self, sources: Mapping[str, str]) -> None:
        self.sources = sources
        self.cache: dict[str, list[str]] = {}

    def line(self, path: str, number: int) -> str | None:
        if path not in self.cache:
            text = self.sources.get(path)
            if text is None:
                return None
            self.cache[path] = text.splitlines()
        lines = self.cache[path]
        return lines[number - 1] if 0 < number <= len(lines) else None


def _frame(location: Location, lines: _LineCache, style: _Style, *, primary: bool) -> list[str]:
    span = location.span
    text = lines.line(location.path, span.start_line)
    if text is None:
        return []
    text = text.expandtabs(1)
    gutter = str(span.start_line)
    pad = " " * len(gutter)
    end = span.end_col if span.end_line == span.start_line else len(text) + 1
    width = max(end - span.start_col, 1)
    marker = ("^" if primary else "-") * width
    code = _COLOURS[Severity.HIGH] if primary else _CYAN
    return [
        f"  {pad} {style(_DIM, '|')}",
        f"  {style(_DIM, gutter)} {style(_DIM, '|')} {text}",
        f"  {pad} {style(_DIM, '|')} {' ' * (span.start_col - 1)}{style(code, marker)}",
    ]


def _summary(result: RunResult, style: _Style) -> str:
    total = len(result.findings)
    files = len({f.location.path for f in result.findings})
    scanned = f"{result.files_scanned} file{'s' if result.files_scanned != 1 else ''} scanned"
    extras = []
    if result.suppressed:
        extras.append(f"{len(result.suppressed)} suppressed")
    if result.files_skipped:
        extras.append(f"{result.files_skipped} unreadable file{'s' if result.files_skipped != 1 else ''} skipped")
    if result.errors:
        extras.append(f"{len(result.errors)} error{'s' if len(result.errors) != 1 else ''}")
    tail = "; ".join([scanned, *extras])
    if not total:
        return f"No findings ({tail})."
    counts = result.counts()
    by = ", ".join(f"{counts[s]} {s.label}" for s in sorted(counts, reverse=True))
    noun = "finding" if total == 1 else "findings"
    return f"Found {style(_BOLD, str(total))} {noun} ({by}) in {files} file{'s' if files != 1 else ''} ({tail})."
