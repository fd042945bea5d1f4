"""The finding model: severities, spans, locations and findings.

A check never builds a `Finding` itself. It yields symbolic `Violation`s (see
`lint.check`); the engine turns them into findings with concrete locations.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from sys import intern


class Severity(enum.IntEnum):
    """How much damage the pattern allows, from `info` to `critical`."""

    INFO = 0
    LOW = 1
    MEDIUM = 2
    HIGH = 3
    CRITICAL = 4

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {text!r} (expected one of: {names})") from None

    @property
    def label(self) -> str:
        return self.name.lower()


class Confidence(enum.IntEnum):
    """How sure the check is that the pattern is really there."""

    LOW = 1
    MEDIUM = 2
    HIGH = 3

    @classmethod
    def parse(cls, text: str) -> Confidence:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(c.label for c in cls)
            raise ValueError(f"unknown confidence {text!r} (expected one of: {names})") from None

    @property
    def label(self) -> str:
        return self.name.lower()


@dataclass(frozen=True, order=True, slots=True)
class Span:
    """A region of a file: 1-based lines and columns, `end_col` exclusive.

    Columns count Unicode code points.
    """

    start_line: int
    start_col: int
    end_line: int
    end_col: int

    @classmethod
    def point(cls, line: int, col: int) -> Span:
        return cls(line, col, line, col + 1)


@dataclass(frozen=True, slots=True)
class Location:
    """A span in a file, the pointer it was resolved from, and what it shows."""

    path: str
    span: Span
    pointer: str = ""
    note: str = ""

    def __reduce__(self) -> tuple:
        span = self.span
        return _location, (self.path, span.start_line, span.start_col, span.end_line, span.end_col, self.pointer, self.note)


@dataclass(frozen=True, slots=True)
class Suppression:
    """Why a finding is not reported: an inline comment or a config entry."""

    kind: str  # "inline" or "config"
    reason: str
    location: Location | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """One reported problem: a check, a primary location and its evidence."""

    check_id: str
    message: str
    severity: Severity
    confidence: Confidence
    location: Location
    related: tuple[Location, ...] = ()
    fingerprint: str = ""
    suppression: Suppression | None = field(default=None, compare=False)
    #: For repository findings: the path from the agent to what it reaches, hop by hop, in order.
    flow: tuple[Location, ...] = ()
    #: Machine-readable details (lists of strings or scalars by name, e.g. ``actions``), from `Violation.data`.
    #: Read-only: findings rebuilt from a pickle share equal `data`.
    data: dict | None = field(default=None, compare=False)

    @property
    def sort_key(self) -> tuple:
        span = self.location.span
        return (self.location.path, span.start_line, span.start_col, self.check_id, self.message)

    def __reduce__(self) -> tuple:
        return _finding, (
            self.check_id,
            self.message,
            int(self.severity),
            int(self.confidence),
            self.location,
            self.related,
            self.fingerprint,
            self.suppression,
            self.flow,
            self.data,
        )


# -- compact pickles ---------------------------------------------------------------------------
# Findings travel from worker processes to the one that writes the report, tens of thousands of
# them on a large tree. They are rebuilt there with the strings many findings repeat (check ids,
# paths, pointers, messages, the action names and rationales in `data`) shared, and equal spans
# shared, so the report's process holds each once.

_SEVERITIES = {int(s): s for s in Severity}
_CONFIDENCES = {int(c): c for c in Confidence}
_SPANS: dict[tuple[int, int, int, int], Span] = {}
_SHARED_SPANS = 1 << 16  # at most this many distinct spans (and data) are remembered


def _shared(text: object) -> object:
    return intern(text) if type(text) is str else text


_DATA: dict[tuple, dict] = {}


def _shared_data(data: dict) -> dict:
    """Equal `data` of many findings (the same actions and rationales in file after file) as one dict."""
    try:
        key = tuple((k, tuple(v) if type(v) is list else v) for k, v in data.items())
        found = _DATA.get(key)
    except TypeError:  # an unhashable value: kept as it came
        return data
    if found is not None:
        return found
    data = {_shared(k): [_shared(item) for item in v] if type(v) is list else _shared(v) for k, v in data.items()}
    if len(_DATA) < _SHARED_SPANS:
        _DATA[key] = data
    return data


def _location(path: str, start_line: int, start_col: int, end_line: int, end_col: int, pointer: str, note: str) -> Location:
    key = (start_line, start_col, end_line, end_col)
    span = _SPANS.get(key)
    if span is None:
        span = Span(start_line, start_col, end_line, end_col)
        if len(_SPANS) < _SHARED_SPANS:
            _SPANS[key] = span
    return Location(_shared(path), span, _shared(pointer), _shared(note))


def _finding(
    check_id: str,
    message: str,
    severity: int,
    confidence: int,
    location: Location,
    related: tuple[Location, ...],
    fingerprint: str,
    suppression: Suppression | None,
    flow: tuple[Location, ...],
    data: dict | None,
) -> Finding:
    if data:
        data = _shared_data(data)
    return Finding(
        _shared(check_id),
        _shared(message),
        _SEVERITIES.get(severity) or Severity(severity),
        _CONFIDENCES.get(confidence) or Confidence(confidence),
        location,
        related,
        fingerprint,
        suppression,
        flow,
        data,
    )
