"""Suppressions: inline ``# scopelint: ignore[id] reason`` comments and per-path ignores.

An inline ignore applies to findings that start on its line, or on the next
line when the comment stands alone. A critical finding cannot be silenced
inline unless the configuration allows it: an agent that can edit a file must
not be able to switch off the check on that file in the same change.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from lint.config import Config
from lint.document import Document
from lint.globs import glob_match
from lint.model import Finding, Location, Severity, Span, Suppression
from lint.subjects.base import Subject

_IGNORE = re.compile(r"^scopelint:\s*ignore\[(?P<ids>[^\]]*)\](?P<reason>.*)$")


@dataclass
class IgnoreComment:
    line: int
    col: int
    end_col: int
    ids: tuple[str, ...]
    reason: str
    own_line: bool
    used: set[str] = field(default_factory=set)
    refused: set[str] = field(default_factory=set)
    #: Lines covered besides the comment's own (first, last): a CloudFormation resource for `Metadata` ignores.
    scope: tuple[int, int] | None = None

    @property
    def span(self) -> Span:
        return Span(self.line, self.col, self.line, max(self.end_col, self.col + 1))

    def covers(self, finding_line: int) -> bool:
        if self.scope is not None:
            return self.scope[0] <= finding_line <= self.scope[1]
        return finding_line == self.line or (self.own_line and finding_line == self.line + 1)


class IgnoreComments(Subject):
    """The inline ignores of one document, after they were applied."""

    family = "core"

    def __init__(
        self, document: Document, comments: list[IgnoreComment], active_ids: set[str], known_ids: set[str]
    ) -> None:
        super().__init__(document)
        self.comments = comments
        self.active_ids = active_ids  # checks that ran: only their ignores can be judged unused
        self.known_ids = known_ids


def inline_ignores(document: Document) -> list[IgnoreComment]:
    if "scopelint" not in document.text:
        return []
    out = []
    for comment in document.comments():
        m = _IGNORE.match(comment.text)
        if not m:
            continue
        ids = tuple(i.strip() for i in m.group("ids").split(",") if i.strip())
        before = document.line_text(comment.line)[: max(comment.col - 2, 0)]
        own_line = not before.strip() or before.strip() in ("#", "//", "/*")
        out.append(IgnoreComment(comment.line, comment.col, comment.end_col, ids, m.group("reason").strip(" :-"), own_line))
    return out


def apply_inline(
    findings: Sequence[Finding], comments: list[IgnoreComment], document: Document, config: Config
) -> tuple[list[Finding], list[Finding]]:
    """Split findings into kept and suppressed; record which comments were used or refused."""
    kept, suppressed = [], []
    for finding in findings:
        comment = _matching(finding, comments)
        if comment is None:
            kept.append(finding)
            continue
        if finding.severity >= Severity.CRITICAL and not config.allow_inline_critical:
            comment.refused.add(finding.check_id)
            kept.append(finding)
            continue
        comment.used.add(finding.check_id)
        where = Location(document.path, comment.span)
        suppressed.append(replace(finding, suppression=Suppression("inline", comment.reason, where)))
    return kept, suppressed


def _matching(finding: Finding, comments: list[IgnoreComment]) -> IgnoreComment | None:
    line = finding.location.span.start_line
    for comment in comments:
        if finding.check_id in comment.ids and comment.covers(line):
            return comment
    return None


def apply_config(
    findings: Sequence[Finding], rel_path: str, per_path: dict[str, set[str]], source: str
) -> tuple[list[Finding], list[Finding]]:
    """Per-path ignores from the configuration (`per_path`: glob -> check ids)."""
    ignored: set[str] = set()
    for glob, ids in per_path.items():
        if glob_match(glob, rel_path):
            ignored.update(ids)
    if not ignored:
        return list(findings), []
    kept, suppressed = [], []
    for finding in findings:
        if finding.check_id in ignored:
            reason = f"per-path-ignores in {source}"
            suppressed.append(replace(finding, suppression=Suppression("config", reason)))
        else:
            kept.append(finding)
    return kept, suppressed
