"""JSON output: a flat, versioned report for scripts and dashboards.

SARIF is for code-scanning platforms; this format is for everything else, so
it stays small and flat: one object per finding with its position spelt out,
counts a CI job can read without recounting, and errors alongside. The shape
is fixed by ``lint/schemas/report-v1.json`` and documented in
``docs/json-output.md``; any incompatible change bumps ``schema_version``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from lint.check import Check
from lint.model import Finding, Location, Severity
from lint.result import RunError, RunResult
from lint.version import __version__, catalog_info

SCHEMA_VERSION = 1
TOOL_NAME = "scopelint"


def render_json(result: RunResult, checks: Sequence[type[Check]], sources: Mapping[str, str]) -> str:
    """The report for one run, as JSON text ending in a newline.

    `checks` and `sources` are accepted so that every reporter has the same
    call shape; findings already carry everything this format shows.
    Suppressed findings are always listed, apart, so a script can audit them.
    """
    return "".join(json_chunks(result, checks, sources))


def json_chunks(result: RunResult, checks: Sequence[type[Check]], sources: Mapping[str, str]) -> Iterator[str]:
    """`render_json`'s text in pieces, for writing a large report without holding it whole."""
    yield from encode_chunks(_report(result))


def encode_chunks(value: Any) -> Iterator[str]:
    """``json.dumps(value, indent=2, ensure_ascii=False) + "\\n"``, in pieces of about 64 KB."""
    pending: list[str] = []
    size = 0
    for piece in json.JSONEncoder(indent=2, ensure_ascii=False).iterencode(value):
        pending.append(piece)
        size += len(piece)
        if size >= 65536:
            yield "".join(pending)
            pending, size = [], 0
    pending.append("\n")
    yield "".join(pending)


class StreamedList(list):
    """A JSON array whose items are made while it is written, so a large report is never whole in memory.

    The JSON encoder behind ``indent`` (pure Python) tests an array's truth and iterates it.
    """

    def __init__(self, count: int, items: Callable[[], Iterable[Any]]) -> None:
        super().__init__()
        self._count = count
        self._items = items

    def __len__(self) -> int:
        return self._count

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[Any]:
        return iter(self._items())


def _report(result: RunResult) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": _tool(),
        "summary": _summary(result),
        "configuration": list(result.config_files),
        "findings": StreamedList(len(result.findings), lambda: map(_finding, result.findings)),
        "suppressed": StreamedList(len(result.suppressed), lambda: map(_suppressed, result.suppressed)),
        "skipped": [{"path": path, "reason": reason} for path, reason in sorted(result.skipped_files)],
        "errors": [_error(e) for e in result.errors],
    }


def _tool() -> dict[str, Any]:
    catalog = catalog_info()
    return {
        "name": TOOL_NAME,
        "version": __version__,
        "catalog": {"name": catalog["name"], "version": catalog["version"], "date": catalog["date"]},
    }


def _summary(result: RunResult) -> dict[str, Any]:
    counts = result.counts()
    return {
        "files_scanned": result.files_scanned,
        "files_skipped": max(result.files_skipped, len(result.skipped_files)),
        "findings": len(result.findings),
        "suppressed": len(result.suppressed),
        "by_severity": {s.label: counts.get(s, 0) for s in sorted(Severity, reverse=True)},
    }


def _finding(finding: Finding) -> dict[str, Any]:
    out = {
        "check_id": finding.check_id,
        "severity": finding.severity.label,
        "confidence": finding.confidence.label,
        "message": finding.message,
        **_position(finding.location),
        "related": [{**_position(r), "note": r.note} for r in finding.related],
        "fingerprint": finding.fingerprint,
        **({"data": finding.data} if finding.data else {}),
    }
    if finding.flow:
        out["flow"] = [{**_position(hop), "note": hop.note} for hop in finding.flow]
    return out


def _suppressed(finding: Finding) -> dict[str, Any]:
    out = _finding(finding)
    suppression = finding.suppression
    if suppression is None:
        out["suppression"] = None
        return out
    record: dict[str, Any] = {"kind": suppression.kind, "reason": suppression.reason}
    if suppression.location is not None:
        span = suppression.location.span
        record.update(path=suppression.location.path, line=span.start_line, column=span.start_col)
    out["suppression"] = record
    return out


def _position(location: Location) -> dict[str, Any]:
    span = location.span
    return {
        "path": location.path,
        "line": span.start_line,
        "column": span.start_col,
        "end_line": span.end_line,
        "end_column": span.end_col,
        "pointer": location.pointer,
    }


def _error(error: RunError) -> dict[str, Any]:
    return {"message": error.message, "path": error.path, "check_id": error.check_id}
