"""GitHub Actions workflow commands: one annotation per finding, shown on the pull request's diff.

Each finding becomes
``::error file=PATH,line=L,col=C,endLine=EL,endColumn=EC,title=scopelint (CHECK)::CHECK: MESSAGE``
with ``error`` for critical and high findings, ``warning`` for medium and
``notice`` for low and info. Values are escaped as the Actions toolkit does
(``%`` ``\\r`` ``\\n`` everywhere, and ``:`` ``,`` in properties), so a file
name or a message from a hostile repository cannot close the command early
or inject a second one. Related locations follow the message on lines of
their own. Paths are relative to the working directory, which in a workflow
is the repository checkout.
"""

from __future__ import annotations

from collections.abc import Sequence

from lint.check import Check
from lint.model import Finding, Severity
from lint.result import RunResult

LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "notice",
    Severity.INFO: "notice",
}


def escape_data(text: str) -> str:
    """A command's message: ``%``, CR and LF percent-encoded."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A command's property value: as data, plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(result: RunResult, checks: Sequence[type[Check]] = ()) -> str:
    out = [_annotation(f) for f in result.findings]
    for error in result.errors:
        props = [f"file={escape_property(error.path)}"] if error.path else []
        props.append("title=scopelint error")
        out.append(f"::error {','.join(props)}::{escape_data(error.message)}")
    return "".join(line + "\n" for line in out)


def _annotation(finding: Finding) -> str:
    span = finding.location.span
    props = [
        f"file={escape_property(finding.location.path)}",
        f"line={span.start_line}",
        f"col={span.start_col}",
        f"endLine={span.end_line}",
        f"endColumn={span.end_col}",
        f"title={escape_property(f'scopelint ({finding.check_id})')}",
    ]
    lines = [f"{finding.check_id}: {finding.message}"]
    for related in finding.related:
        rs = related.span
        lines.append(f"{related.path}:{rs.start_line}:{rs.start_col}: {related.note}")
    return f"::{LEVEL[finding.severity]} {','.join(props)}::{escape_data(chr(10).join(lines))}"
