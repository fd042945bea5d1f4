"""Text output: one ``path:line:col: SEVERITY id message`` line per finding.

On a terminal each finding also shows its source line with a caret under the
span, and colour; never colour when ``NO_COLOR`` is set or output is piped.

Everything that comes from the scanned files (paths, keys, values quoted in
messages, source lines, suppression reasons) is written through `escape`:
a control character, newline or ANSI sequence in a file name or a policy must
not be able to forge a "No findings" line or hide a finding on a reviewer's
terminal. Every finding is exactly one line, plus indented evidence lines.
"""

from __future__ import annotations

import re
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


#: C0 and C1 controls, DEL, and the Unicode line separators and bidirectional overrides that reorder text.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(char)
    if named:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str) -> str:
    """`text` on one line with every control character visible: ESC as ``\\x1b``, a newline as ``\\n``."""
    return _UNSAFE.sub(_escaped, text) if _UNSAFE.search(text) else text


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
    verbose: bool = False,
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
        hops = set(finding.flow)
        for related in finding.related:
            if related in hops:
                continue  # shown below, in its place on the path
            out.append(f"  {style(_DIM, '=')} {_where(related)}: {escape(related.note)}")
            if frames:
                out.extend(_frame(related, lines_of, style, primary=False))
        for hop in finding.flow:
            out.append(f"  {_where(hop)}: {escape(hop.note)}")
            if frames:
                out.extend(_frame(hop, lines_of, style, primary=False))
        if finding.suppression is not None:
            suppression = finding.suppression
            how = suppression.kind
            if suppression.location is not None:
                how += f" at {_where(suppression.location)}"
            out.append(f"  {style(_DIM, '=')} suppressed ({how}): {escape(suppression.reason) or 'no reason given'}")
        if frames:
            out.append("")
    for error in result.errors:
        where = f"{escape(error.path)}: " if error.path else ""
        out.append(f"{where}{style(_COLOURS[Severity.HIGH], 'error')}: {escape(error.message)}")
    if verbose and not quiet:
        for path, reason in result.skipped_files:
            out.append(f"{escape(path)}: skipped: {escape(reason)}")
    if not quiet:
        out.append(_summary(result, style, verbose=verbose))
    return "\n".join(out) + ("\n" if out else "")


def _headline(finding: Finding, style: _Style) -> str:
    severity = style(_COLOURS[finding.severity], finding.severity.name)
    return (
        f"{style(_BOLD, _where(finding.location))}: {severity} {style(_CYAN, escape(finding.check_id))} "
        f"{escape(finding.message)}"
    )


def _where(location: Location) -> str:
    span = location.span
    return f"{escape(location.path)}:{span.start_line}:{span.start_col}"


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
    # Measured on the escaped text, so the caret stays under the span when the line holds control characters.
    before = len(escape(text[: span.start_col - 1]))
    width = max(len(escape(text[span.start_col - 1 : end - 1])), 1)
    marker = ("^" if primary else "-") * width
    code = _COLOURS[Severity.HIGH] if primary else _CYAN
    return [
        f"  {pad} {style(_DIM, '|')}",
        f"  {style(_DIM, gutter)} {style(_DIM, '|')} {escape(text)}",
        f"  {pad} {style(_DIM, '|')} {' ' * before}{style(code, marker)}",
    ]


def summary_line(result: RunResult) -> str:
    """The one-line summary, without colour (also printed on stderr when the report goes to a file)."""
    return _summary(result, _Style(False))


def skipped_count(result: RunResult) -> int:
    """Files that were not judged: each named one, or the engine's count when it names fewer."""
    return max(result.files_skipped, len(result.skipped_files))


def _summary(result: RunResult, style: _Style, *, verbose: bool = False) -> str:
    total = len(result.findings)
    files = len({f.location.path for f in result.findings})
    scanned = f"{result.files_scanned} file{'s' if result.files_scanned != 1 else ''} scanned"
    extras = []
    if result.suppressed:
        extras.append(f"{len(result.suppressed)} suppressed")
    skipped = skipped_count(result)
    if skipped:
        names = "" if not result.skipped_files or verbose else "; --verbose names them"
        extras.append(f"{skipped} unreadable file{'s' if skipped != 1 else ''} skipped{names}")
    if result.errors:
        extras.append(f"{len(result.errors)} error{'s' if len(result.errors) != 1 else ''}")
    tail = "; ".join([scanned, *extras])
    if not total:
        return f"No findings ({tail})."
    counts = result.counts()
    by = ", ".join(f"{counts[s]} {s.label}" for s in sorted(counts, reverse=True))
    noun = "finding" if total == 1 else "findings"
    return f"Found {style(_BOLD, str(total))} {noun} ({by}) in {files} file{'s' if files != 1 else ''} ({tail})."
