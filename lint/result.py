"""The outcome of one run, as every reporter receives it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from lint.model import Finding, Severity


@dataclass(frozen=True)
class RunError:
    """Something that makes the run incomplete: a check that raised, an unreadable file."""

    message: str
    path: str | None = None
    check_id: str | None = None


@dataclass
class RunResult:
    """Findings (sorted, deterministic), errors, and what was looked at."""

    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Finding] = field(default_factory=list)
    errors: list[RunError] = field(default_factory=list)
    files_scanned: int = 0
    files_skipped: int = 0  # unreadable or unparseable files that were not in scope
    #: (path, reason) of every file that was not judged and says why: oversized, unreadable, not regular.
    skipped_files: list[tuple[str, str]] = field(default_factory=list)
    #: Configuration files the run used, most important first (display paths), so a report shows them.
    config_files: list[str] = field(default_factory=list)

    def counts(self) -> Counter[Severity]:
        return Counter(f.severity for f in self.findings)

    def highest(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)
