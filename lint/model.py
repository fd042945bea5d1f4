"""The finding model: severities, spans, locations and findings.

A check never builds a `Finding` itself. It yields symbolic `Violation`s (see
`lint.check`); the engine turns them into findings with concrete locations.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field


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


@dataclass(frozen=True, order=True)
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


@dataclass(frozen=True)
class Location:
    """A span in a file, the pointer it was resolved from, and what it shows."""

    path: str
    span: Span
    pointer: str = ""
    note: str = ""


@dataclass(frozen=True)
class Suppression:
    """Why a finding is not reported: an inline comment or a config entry."""

    kind: str  # "inline" or "config"
    reason: str
    location: Location | None = None


@dataclass(frozen=True)
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
    data: dict | None = field(default=None, compare=False)

    @property
    def sort_key(self) -> tuple:
        span = self.location.span
        return (self.location.path, span.start_line, span.start_col, self.check_id, self.message)
