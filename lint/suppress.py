"""Suppressions: inline ``# scopelint: ignore[id] reason`` comments and per-path ignores.

An inline ignore applies to findings that start on its line, or on the next
line when the comment stands alone. A finding that is critical, or that
amounts to administrator access whatever its severity (see `protected`),
cannot be silenced inline unless the configuration sets
``allow-inline-critical``: an agent that can edit a file must not be able to
switch off the check on that file in the same change. With
``--no-inline-ignores`` (or ``inline-ignores = false``) no inline ignore is
honoured at all, for CI on changes nobody has reviewed yet.
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
    #: Why each refused id could not be silenced ("is critical", "amounts to administrator access").
    refusals: dict[str, str] = field(default_factory=dict)
    #: Not honoured at all: the run trusts no ignore written in the scanned files.
    disabled: bool = False
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
    if not config.inline_ignores:
        for comment in comments:
            comment.disabled = True
        return list(findings), []
    kept, suppressed = [], []
    for finding in findings:
        comment = _matching(finding, comments)
        if comment is None:
            kept.append(finding)
            continue
        why = None if config.allow_inline_critical else protected(finding, document)
        if why is not None:
            comment.refused.add(finding.check_id)
            comment.refusals.setdefault(finding.check_id, why)
            kept.append(finding)
            continue
        comment.used.add(finding.check_id)
        where = Location(document.path, comment.span)
        suppressed.append(replace(finding, suppression=Suppression("inline", comment.reason, where)))
    return kept, suppressed


#: Checks whose findings amount to administrator access at or above a severity (below it a guardrail
#: such as MFA or a scoped resource limits them).
_ADMIN_CHECKS = {
    "iam-admin-wildcard": Severity.INFO,
    "iam-managed-admin-attachment": Severity.INFO,  # AdministratorAccess, PowerUserAccess, IAMFullAccess…
    "iam-privilege-escalation": Severity.HIGH,  # a route to any permission the account has
    "agent-admin-identity": Severity.HIGH,
}


def protected(finding: Finding, document: Document) -> str | None:
    """Why `finding` may not be silenced inline, or None.

    Critical findings, and whatever amounts to administrator access however it
    is spelt: `*:*`, `iam:*` on every resource (the identity can grant itself
    anything), `Allow` + `NotAction` on every resource, escalation methods,
    attached admin-grade managed policies, an agent acting as an admin identity.
    """
    if finding.severity >= Severity.CRITICAL:
        return "is critical"
    floor = _ADMIN_CHECKS.get(finding.check_id)
    if floor is not None and finding.severity >= floor:
        return "amounts to administrator access"
    # The statement is read back only in the document the comment is in; elsewhere assume the worst.
    here = finding.location.path == document.path
    pointer = finding.location.pointer if here else ""
    if finding.check_id == "iam-service-wildcard" and _names_iam_star(finding, document, pointer):
        if _any_resource(document, pointer):
            return "amounts to administrator access (`iam:*` on every resource)"
    if finding.check_id == "iam-allow-not-action" and finding.severity >= Severity.HIGH and _any_resource(document, pointer):
        return "amounts to administrator access (`Allow` + `NotAction` on every resource)"
    return None


def _names_iam_star(finding: Finding, document: Document, pointer: str) -> bool:
    value = _get(document, pointer) if pointer else None
    if not isinstance(value, str):
        value = finding.message.split("`")[1] if finding.message.count("`") >= 2 else ""
    return value.strip().lower() in ("iam:*", "iam:**")


def _get(document: Document, pointer: str):
    try:
        return document.get(pointer)
    except (ValueError, TypeError, IndexError):
        return None


_RESOURCE_KEYS = ("Resource", "resources", "resource", "NotResource", "not_resources")


def _any_resource(document: Document, pointer: str) -> bool:
    """Whether the statement holding `pointer` applies to every resource (or cannot be told: then yes)."""
    from lint.document import join, split

    if not pointer:
        return True
    try:
        tokens = split(pointer)
    except ValueError:
        return True
    for depth in range(len(tokens), 0, -1):
        node = _get(document, join("", *tokens[:depth]))
        if isinstance(node, dict) and any(k in node for k in ("Effect", "effect", "Action", "actions", "NotAction", "not_actions")):
            for key in _RESOURCE_KEYS:
                if key in node:
                    values = node[key] if isinstance(node[key], list) else [node[key]]
                    if key.lower().startswith("not"):
                        return True  # NotResource: everything but a few
                    return any(not isinstance(v, str) or v.strip() in ("*", "arn:aws:*:*:*:*", "arn:*") for v in values)
            return True
    return True


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
    ignored: dict[str, str] = {}  # check id -> the glob that silences it
    for glob, ids in per_path.items():
        if glob_match(glob, rel_path):
            for check_id in ids:
                ignored.setdefault(check_id, glob)
    if not ignored:
        return list(findings), []
    kept, suppressed = [], []
    for finding in findings:
        if finding.check_id in ignored:
            reason = f"per-path-ignores `{ignored[finding.check_id]}` in {source}"
            suppressed.append(replace(finding, suppression=Suppression("config", reason)))
        else:
            kept.append(finding)
    return kept, suppressed
