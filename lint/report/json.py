"""JSON output: a flat, versioned report for scripts and dashboards.

SARIF is for code-scanning platforms; this format is for everything else, so
it stays small and flat: one object per finding with its position spelt out,
counts a CI job can read without recounting, and errors alongside. The shape
is fixed by ``lint/schemas/report-v1.json`` and documented in
``docs/json-output.md``; any incompatible change bumps ``schema_version``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from json.encoder import encode_basestring as _string
from typing import Any

from lint.check import Check
from lint.model import Confidence, Finding, Location, Severity
from lint.result import RunError, RunResult
from lint.version import __version__, catalog_info

encode_string = _string

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
    """``json.dumps(value, indent=2, ensure_ascii=False) + "\\n"``, in pieces of about 64 KB.

    The standard library writes indented JSON with its pure-Python encoder, one
    generator per container yielding every token; this writer gives the same
    bytes (same string escapes through the C ``encode_basestring``, ``float.__repr__``,
    ``NaN``/``Infinity``, key conversions and empty containers) with one append per
    token. The containers around the records (`StreamedList` items) are walked by
    generators, so a piece is handed out as soon as about 64 KB are ready: a large
    report is never whole in memory.
    """
    out: list[str] = []
    if not isinstance(value, (list, tuple, dict)) or isinstance(value, str):
        _value_into(value, "\n", out)
        out.append("\n")
        yield "".join(out)
        return
    check_at = 1
    for _ in _streamed(value, "\n", out):
        if len(out) < check_at:
            continue
        size = sum(map(len, out))
        if size >= _CHUNK:
            yield "".join(out)
            out.clear()
            check_at = 1
        else:  # measure again when the pieces so far, at their average size, would reach a chunk
            check_at = len(out) + max(1, (_CHUNK - size) * len(out) // max(size, 1))
    out.append("\n")
    yield "".join(out)


_CHUNK = 65536
_INDENT = INDENT = "  "


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


_INFINITY = float("inf")


def _key(key: Any) -> str:
    if isinstance(key, str):
        return _string(key)
    if isinstance(key, float):
        return _string(_float(key))
    if key is True:
        return '"true"'
    if key is False:
        return '"false"'
    if key is None:
        return '"null"'
    if isinstance(key, int):
        return _string(int.__repr__(key))
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _scalar(value: Any) -> str | None:
    """The JSON text of a value that is not a container, in the order ``json`` tests types; None for a container."""
    if isinstance(value, str):
        return _string(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, (list, tuple, dict)):
        return None
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def _value_into(value: Any, newline: str, out: list[str]) -> None:
    kind = type(value)
    if kind is str:
        out.append(_string(value))
    elif kind is dict:
        _dict_into(value, newline, out)
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is list or kind is tuple:
        _list_into(value, newline, out)
    else:
        text = _scalar(value)
        if text is not None:
            out.append(text)
        elif isinstance(value, dict):
            _dict_into(value, newline, out)
        else:
            _list_into(value, newline, out)


def _dict_into(value: dict, newline: str, out: list[str]) -> None:
    if not value:
        out.append("{}")
        return
    inner = newline + _INDENT
    separator = "," + inner
    append = out.append
    head = "{" + inner
    for key, item in value.items():
        head += (_string(key) if type(key) is str else _key(key)) + ": "
        kind = type(item)
        if kind is str:
            append(head + _string(item))
        elif kind is int:
            append(head + int.__repr__(item))
        else:
            append(head)
            _value_into(item, inner, out)
        head = separator
    append(newline + "}")


def _list_into(value: list | tuple, newline: str, out: list[str]) -> None:
    if not value:
        out.append("[]")
        return
    inner = newline + _INDENT
    separator = "," + inner
    append = out.append
    head = "[" + inner
    for item in value:
        if type(item) is str:
            append(head + _string(item))
        else:
            append(head)
            _value_into(item, inner, out)
        head = separator
    append(newline + "]")


def _streamed(value: Any, newline: str, out: list[str]) -> Iterator[None]:
    """`_value_into` for the containers around the records, yielding after each list item so that pieces
    can be handed out; each item of a `StreamedList` (a finding, a SARIF result) is written whole."""
    if not isinstance(value, (list, tuple, dict)) or not value:
        _value_into(value, newline, out)
        return
    inner = newline + _INDENT
    separator = "," + inner
    first = True
    if isinstance(value, dict):
        out.append("{" + inner)
        for key, item in value.items():
            if first:
                first = False
            else:
                out.append(separator)
            out.append(_key(key) + ": ")
            if isinstance(item, (list, tuple, dict)):
                yield from _streamed(item, inner, out)
            else:
                _value_into(item, inner, out)
        out.append(newline + "}")
        return
    out.append("[" + inner)
    records = isinstance(value, StreamedList)
    write = value.write if records and value.write is not None else _value_into
    for item in value:
        if first:
            first = False
        else:
            out.append(separator)
        if records or not isinstance(item, (list, tuple, dict)):
            write(item, inner, out)
        else:
            yield from _streamed(item, inner, out)
        yield
    out.append(newline + "]")


def value_into(value: Any, newline: str, out: list[str]) -> None:
    """Append the JSON text of `value`, written at the line prefix `newline` (``"\\n"`` plus its indent)."""
    _value_into(value, newline, out)


class StreamedList(list):
    """A JSON array whose items are made while it is written, so a large report is never whole in memory.

    Like ``json``, the writer tests an array's truth and iterates it. With `write`, the items are records
    that `write(item, newline, out)` appends as JSON text (indented for the line prefix `newline`), giving
    exactly what the JSON value of the record would give, without building it.
    """

    def __init__(
        self,
        count: int,
        items: Callable[[], Iterable[Any]],
        write: Callable[[Any, str, list[str]], None] | None = None,
    ) -> None:
        super().__init__()
        self._count = count
        self._items = items
        self.write = write

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
        "findings": StreamedList(len(result.findings), lambda: result.findings, write_finding),
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


_SEVERITY_TEXT = {s: _string(s.label) for s in Severity}
_CONFIDENCE_TEXT = {c: _string(c.label) for c in Confidence}


def write_finding(finding: Finding, newline: str, out: list[str]) -> None:
    """`_finding(finding)` as JSON text at the line prefix `newline`, without building the dict."""
    inner = newline + _INDENT
    separator = "," + inner
    out.append(
        f'{{{inner}"check_id": {_string(finding.check_id)}{separator}"severity": {_SEVERITY_TEXT[finding.severity]}'
        f'{separator}"confidence": {_CONFIDENCE_TEXT[finding.confidence]}{separator}"message": {_string(finding.message)}'
        f"{separator}{_position_text(finding.location, separator)}{separator}\"related\": "
    )
    _locations_into(finding.related, inner, out)
    out.append(f'{separator}"fingerprint": {_string(finding.fingerprint)}')
    if finding.data:
        out.append(f'{separator}"data": ')
        _value_into(finding.data, inner, out)
    if finding.flow:
        out.append(f'{separator}"flow": ')
        _locations_into(finding.flow, inner, out)
    out.append(newline + "}")


def _position_text(location: Location, separator: str) -> str:
    """The members of `_position(location)`, separated for their level."""
    span = location.span
    return (
        f'"path": {_string(location.path)}{separator}"line": {int.__repr__(span.start_line)}'
        f'{separator}"column": {int.__repr__(span.start_col)}{separator}"end_line": {int.__repr__(span.end_line)}'
        f'{separator}"end_column": {int.__repr__(span.end_col)}{separator}"pointer": {_string(location.pointer)}'
    )


def _locations_into(locations: Sequence[Location], newline: str, out: list[str]) -> None:
    """``[{**_position(r), "note": r.note} for r in locations]`` as JSON text."""
    if not locations:
        out.append("[]")
        return
    inner = newline + _INDENT
    item = inner + _INDENT
    separator = "," + item
    head = "[" + inner
    for location in locations:
        out.append(f'{head}{{{item}{_position_text(location, separator)}{separator}"note": {_string(location.note)}{inner}}}')
        head = "," + inner
    out.append(newline + "]")


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
