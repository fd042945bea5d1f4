"""Concise text: one short line per finding, for pre-commit hooks and terminals.

``path:line:col: SEVERITY check-id message`` with the message's first line
clipped to 160 characters, no source frames and no related locations; the
full explanation stays in the ``text`` format and in ``scopelint explain ID``.
Run errors follow as ``path: error: message``, then one summary line.
"""

from __future__ import annotations

from lint.report.formats import first_line
from lint.result import RunResult


def render_concise(result: RunResult) -> str:
    out = []
    for finding in result.findings:
        span = finding.location.span
        where = f"{finding.location.path}:{span.start_line}:{span.start_col}"
        out.append(f"{where}: {finding.severity.name} {finding.check_id} {first_line(finding.message)}")
    for error in result.errors:
        where = f"{error.path}: " if error.path else ""
        out.append(f"{where}error: {first_line(error.message)}")
    total = len(result.findings)
    if total:
        out.append(f"Found {total} finding{'s' if total != 1 else ''} ({result.files_scanned} files scanned).")
    else:
        out.append(f"No findings ({result.files_scanned} files scanned).")
    return "\n".join(out) + "\n"
