"""SARIF 2.1.0 output, shaped for GitHub code scanning.

GitHub reads a subset of SARIF and is strict about parts of it: empty
required strings fail the upload, a non-numeric ``security-severity`` is
rejected, alerts are matched across runs by ``ruleId`` plus
``partialFingerprints.primaryLocationLineHash``, and a stable ``ruleIndex``
needs the full rule list in a stable order. This module writes one run that
satisfies both the OASIS schema and those rules, and is byte-for-byte
deterministic for the same input. Only the standard library is used, so the
reporter costs nothing at run time; tests validate the output.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from functools import lru_cache
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from lint.check import Check
from lint.model import Confidence, Finding, Location, Severity
from lint.report.fingerprint import line_hashes
from lint.report.json import INDENT, StreamedList, encode_chunks, encode_string, value_into
from lint.result import RunError, RunResult
from lint.rule_docs import rule_doc_uri
from lint.version import INFORMATION_URI, __version__, catalog_info

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
TOOL_NAME = "scopelint"
#: Category for GitHub (everything up to the last ``/``); a value in the file wins over upload-sarif's.
AUTOMATION_ID = "scopelint/"
SRCROOT = "%SRCROOT%"
#: Our logical fingerprint key: check + path relative to the repository root + pointer, so it survives
#: lines moving and runs from another folder (see `lint.report.fingerprint.logical_fingerprint`).
LOGICAL_FINGERPRINT = "scopelint/v1"
LINE_HASH = "primaryLocationLineHash"

MAX_DESCRIPTION = 1024  # GitHub's limit for short/full descriptions
MAX_NAME = 255  # GitHub's limit for a rule name
MAX_TAGS = 20  # GitHub rejects more; it shows the first 10

LEVEL = {
    Severity.CRITICAL: "error",
    Severity.HIGH: "error",
    Severity.MEDIUM: "warning",
    Severity.LOW: "note",
    Severity.INFO: "note",
}
#: Away from GitHub's band edges (9.0 / 7.0 / 4.0 / 0.1) so rounding never changes the band.
SECURITY_SEVERITY = {
    Severity.CRITICAL: "9.5",
    Severity.HIGH: "8.0",
    Severity.MEDIUM: "5.5",
    Severity.LOW: "3.0",
    Severity.INFO: "1.0",
}
PRECISION = {Confidence.HIGH: "high", Confidence.MEDIUM: "medium", Confidence.LOW: "low"}
SUPPRESSION_KIND = {"inline": "inSource", "config": "external"}


def render_sarif(
    result: RunResult,
    checks: Sequence[type[Check]],
    sources: Mapping[str, str],
    *,
    include_suppressed: bool = False,
) -> str:
    """The SARIF log for one run, as JSON text ending in a newline.

    See `sarif_chunks`, which gives the same text in pieces.
    """
    return "".join(sarif_chunks(result, checks, sources, include_suppressed=include_suppressed))


def sarif_chunks(
    result: RunResult,
    checks: Sequence[type[Check]],
    sources: Mapping[str, str],
    *,
    include_suppressed: bool = False,
) -> Iterator[str]:
    """The SARIF log for one run in pieces: each result is built while the log is written.

    `sources` maps a finding's relative POSIX path to the file's text; a
    finding whose file is missing there gets no line hash (upload-sarif then
    computes one) rather than a wrong one. Suppressed findings are left out
    unless `include_suppressed`, because GitHub shows ``inSource``-suppressed
    results as open alerts; when included, every result carries
    ``suppressions`` as SARIF requires (all results or none).
    """
    findings = list(result.findings)
    if include_suppressed:
        findings = sorted(findings + list(result.suppressed), key=lambda f: f.sort_key)
    rules = _rules(checks, findings)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    hashes = _LineHashes(sources, findings)
    run = {
        "tool": {"driver": _driver(rules)},
        "automationDetails": {"id": AUTOMATION_ID},
        "invocations": [_invocation(result, index)],
        "columnKind": "unicodeCodePoints",
        "results": StreamedList(len(findings), lambda: findings, _ResultWriter(index, hashes, include_suppressed)),
    }
    log = {"$schema": SCHEMA_URI, "version": SARIF_VERSION, "runs": [run]}
    yield from encode_chunks(log)


# -- tool and rules ------------------------------------------------------------------


def _driver(rules: list[dict[str, Any]]) -> dict[str, Any]:
    catalog = catalog_info()
    return {
        "name": TOOL_NAME,
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "properties": {
            "scopelint/catalog": {
                "name": catalog["name"],
                "version": catalog["version"],
                "date": catalog["date"],
            }
        },
        "rules": rules,
    }


def _rules(checks: Sequence[type[Check]], findings: Sequence[Finding]) -> list[dict[str, Any]]:
    """Every check, sorted by id, plus a plain rule for any reported id no check declares.

    The extra rules keep "every ruleId is in the rule list" true even if a
    caller passes fewer checks than produced findings.
    """
    by_id: dict[str, dict[str, Any]] = {}
    for check in sorted(checks, key=lambda c: c.id):
        by_id.setdefault(check.id, _rule(check))
    for finding in findings:
        if finding.check_id not in by_id:
            by_id[finding.check_id] = _bare_rule(finding)
    return [by_id[key] for key in sorted(by_id)]


def _rule(check: type[Check]) -> dict[str, Any]:
    name = check.name or check.id
    summary = check.summary() or name
    doc = check.doc() or summary
    return {
        "id": check.id,
        "name": _clip(name, MAX_NAME),
        "shortDescription": {"text": _clip(name, MAX_DESCRIPTION)},
        "fullDescription": {"text": _clip(summary, MAX_DESCRIPTION)},
        "defaultConfiguration": {"level": LEVEL[check.severity]},
        "help": {"text": doc, "markdown": doc},
        "helpUri": rule_doc_uri(check.id),
        "properties": {
            "tags": _tags(check),
            "precision": PRECISION[check.confidence],
            "security-severity": SECURITY_SEVERITY[check.severity],
        },
    }


def _bare_rule(finding: Finding) -> dict[str, Any]:
    text = f"scopelint check {finding.check_id}"
    return {
        "id": finding.check_id,
        "name": _clip(finding.check_id, MAX_NAME),
        "shortDescription": {"text": _clip(text, MAX_DESCRIPTION)},
        "fullDescription": {"text": _clip(text, MAX_DESCRIPTION)},
        "defaultConfiguration": {"level": LEVEL[finding.severity]},
        "help": {"text": text, "markdown": text},
        "helpUri": f"{INFORMATION_URI}/blob/main/docs/checks.md#{finding.check_id}",
        "properties": {
            "tags": ["security"],
            "precision": PRECISION[finding.confidence],
            "security-severity": SECURITY_SEVERITY[finding.severity],
        },
    }


def _tags(check: type[Check]) -> list[str]:
    tags = ["security", check.family(), *check.tags, *(f"external/cwe/cwe-{n}" for n in check.cwe)]
    return list(dict.fromkeys(t for t in tags if t))[:MAX_TAGS]


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- invocation ----------------------------------------------------------------------


def _invocation(result: RunResult, index: Mapping[str, int]) -> dict[str, Any]:
    """Errors and files not read, as notifications; the run failed when a check errored or a file in scope
    (one reported as `invalid-document`: given by name or at a known location) could not be read."""
    in_scope = {f.location.path for f in (*result.findings, *result.suppressed) if f.check_id == "invalid-document"}
    skipped = sorted(set(result.skipped_files))
    notifications = [_notification(e, index) for e in result.errors]
    for path, reason in skipped:
        level = "error" if path in in_scope else "warning"
        notifications.append(
            {
                "level": level,
                "message": {"text": _sentence(f"{path} was not read: {reason}")},
                "locations": [{"physicalLocation": {"artifactLocation": _artifact(path)}}],
            }
        )
    failed = bool(result.errors) or any(path in in_scope for path, _ in skipped)
    invocation: dict[str, Any] = {"executionSuccessful": not failed, "toolExecutionNotifications": notifications}
    if result.config_files:
        invocation["properties"] = {"scopelint/configuration": list(result.config_files)}
    return invocation


def _notification(error: RunError, index: Mapping[str, int]) -> dict[str, Any]:
    text = error.message.strip() or "scopelint could not complete the run"
    if error.check_id and error.check_id not in text:
        text = f"check `{error.check_id}`: {text}"
    if error.path and error.path not in text:
        text = f"{text} ({error.path})"
    notification: dict[str, Any] = {"level": "error", "message": {"text": _sentence(text)}}
    if error.path:
        notification["locations"] = [{"physicalLocation": {"artifactLocation": _artifact(error.path)}}]
    if error.check_id:
        rule: dict[str, Any] = {"id": error.check_id}
        if error.check_id in index:
            rule["index"] = index[error.check_id]
        notification["associatedRule"] = rule
    return notification


# -- results -------------------------------------------------------------------------


class _LineHashes:
    """Line hashes per file, each file hashed once however many findings it has."""

    def __init__(self, sources: Mapping[str, str], findings: Sequence[Finding] = ()) -> None:
        self._sources = sources
        self._cache: dict[str, dict[int, str]] = {}
        #: The last line a result needs in each file: lines below it are not hashed.
        self._last: dict[str, int] = {}
        self._partial: set[str] = set()
        for finding in findings:
            path, line = finding.location.path, finding.location.span.start_line
            if line > self._last.get(path, 0):
                self._last[path] = line

    def get(self, path: str, line: int) -> str | None:
        hashes = self._cache.get(path)
        if hashes is None or (line not in hashes and path in self._partial):
            text = self._sources.get(path)
            last = self._last.get(path) if hashes is None else None  # a later line: the whole file
            if last is not None and line > last:
                last = None
            hashes = self._cache[path] = line_hashes(text, last) if text is not None else {}
            if last is None:
                self._partial.discard(path)
            else:
                self._partial.add(path)
        return hashes.get(line)


def _result(finding: Finding, index: Mapping[str, int], hashes: _LineHashes, with_suppressions: bool) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.check_id,
        "ruleIndex": index[finding.check_id],
        "level": LEVEL[finding.severity],
        "message": {"text": _sentence(finding.message or finding.check_id)},
        "locations": [_location(finding.location)],
    }
    if finding.related:
        result["relatedLocations"] = [_location(loc, ident=i) for i, loc in enumerate(finding.related, start=1)]
    if finding.flow:
        result["codeFlows"] = [_code_flow(finding)]
    fingerprints: dict[str, str] = {}
    line_hash = hashes.get(finding.location.path, finding.location.span.start_line)
    if line_hash:
        fingerprints[LINE_HASH] = line_hash
    if finding.fingerprint:
        fingerprints[LOGICAL_FINGERPRINT] = finding.fingerprint
    if fingerprints:
        result["partialFingerprints"] = fingerprints
    if with_suppressions:
        result["suppressions"] = _suppressions(finding)
    result["properties"] = {
        "scopelint/severity": finding.severity.label,
        "scopelint/confidence": finding.confidence.label,
    }
    return result


class _ResultWriter:
    """`_result` as JSON text, written without building the dicts (tens of thousands of results on a large
    tree); the rare results with a code flow or suppressions go through `_result` and the generic writer."""

    def __init__(self, index: Mapping[str, int], hashes: _LineHashes, with_suppressions: bool) -> None:
        self.index = index
        self.hashes = hashes
        self.with_suppressions = with_suppressions
        self.artifacts: dict[tuple[str, str], str] = {}

    def __call__(self, finding: Finding, newline: str, out: list[str]) -> None:
        if finding.flow or self.with_suppressions:
            value_into(_result(finding, self.index, self.hashes, self.with_suppressions), newline, out)
            return
        m1 = newline + INDENT
        m2 = m1 + INDENT
        sep1 = "," + m1
        text = encode_string(_sentence(finding.message or finding.check_id))
        out.append(
            f'{{{m1}"ruleId": {encode_string(finding.check_id)}{sep1}"ruleIndex": {int.__repr__(self.index[finding.check_id])}'
            f'{sep1}"level": "{LEVEL[finding.severity]}"{sep1}"message": {{{m2}"text": {text}{m1}}}'
            f'{sep1}"locations": [{m2}{self._location(finding.location, m2, None)}{m1}]'
        )
        if finding.related:
            located = f",{m2}".join(self._location(loc, m2, i) for i, loc in enumerate(finding.related, start=1))
            out.append(f'{sep1}"relatedLocations": [{m2}{located}{m1}]')
        line_hash = self.hashes.get(finding.location.path, finding.location.span.start_line)
        members = []
        if line_hash:
            members.append(f'"{LINE_HASH}": {encode_string(line_hash)}')
        if finding.fingerprint:
            members.append(f'"{LOGICAL_FINGERPRINT}": {encode_string(finding.fingerprint)}')
        if members:
            out.append(f'{sep1}"partialFingerprints": {{{m2}' + f",{m2}".join(members) + f"{m1}}}")
        out.append(
            f'{sep1}"properties": {{{m2}"scopelint/severity": "{finding.severity.label}"'
            f',{m2}"scopelint/confidence": "{finding.confidence.label}"{m1}}}{newline}}}'
        )

    def _location(self, location: Location, newline: str, ident: int | None) -> str:
        """`_location(location, ident=ident)` as JSON text at the line prefix `newline`."""
        l1 = newline + INDENT
        l2 = l1 + INDENT
        l3 = l2 + INDENT
        span = location.span
        artifact = self.artifacts.get((location.path, l2))
        if artifact is None:
            pieces: list[str] = []
            value_into(_artifact(location.path), l2, pieces)
            artifact = self.artifacts[(location.path, l2)] = "".join(pieces)
        text = f"{{{l1}" if ident is None else f'{{{l1}"id": {int.__repr__(ident)},{l1}'
        text += (
            f'"physicalLocation": {{{l2}"artifactLocation": {artifact},{l2}"region": {{{l3}"startLine": {int.__repr__(span.start_line)}'
            f',{l3}"startColumn": {int.__repr__(span.start_col)},{l3}"endLine": {int.__repr__(span.end_line)}'
            f',{l3}"endColumn": {int.__repr__(span.end_col)}{l2}}}{l1}}}'
        )
        if location.pointer:
            text += (
                f',{l1}"logicalLocations": [{l2}{{{l3}"fullyQualifiedName": {encode_string(location.pointer)}'
                f',{l3}"kind": "element"{l2}}}{l1}]'
            )
        if ident is not None and location.note:
            text += f',{l1}"message": {{{l2}"text": {encode_string(location.note)}{l1}}}'
        return text + newline + "}"


def _code_flow(finding: Finding) -> dict[str, Any]:
    """A repository finding's path, hop by hop: one thread flow whose steps carry the hops' notes."""
    steps = []
    for order, hop in enumerate(finding.flow, start=1):
        location = _location(hop)
        if hop.note:
            location["message"] = {"text": hop.note}
        steps.append({"location": location, "executionOrder": order, "nestingLevel": 0})
    return {"threadFlows": [{"locations": steps}]}


def _location(location: Location, *, ident: int | None = None) -> dict[str, Any]:
    span = location.span
    out: dict[str, Any] = {}
    if ident is not None:
        out["id"] = ident
    out["physicalLocation"] = {
        "artifactLocation": _artifact(location.path),
        "region": {
            "startLine": span.start_line,
            "startColumn": span.start_col,
            "endLine": span.end_line,
            "endColumn": span.end_col,
        },
    }
    if location.pointer:
        out["logicalLocations"] = [{"fullyQualifiedName": location.pointer, "kind": "element"}]
    if ident is not None and location.note:
        out["message"] = {"text": location.note}
    return out


def _artifact(path: str) -> dict[str, str]:
    """A relative, percent-encoded URI under ``%SRCROOT%``: stable across checkouts, no local paths.

    A file outside the working directory has only an absolute display path;
    resolving that against ``%SRCROOT%`` would name the wrong file, so it gets
    a plain ``file://`` URI (GitHub drops locations outside the checkout).
    """
    return dict(_artifact_of(path))


@lru_cache(maxsize=8192)
def _artifact_of(path: str) -> tuple[tuple[str, str], ...]:
    """`_artifact`, computed once per path (a file has many findings)."""
    for flavour in (PurePosixPath, PureWindowsPath):
        if flavour(path).is_absolute():
            return (("uri", flavour(path).as_uri()),)
    return (("uri", quote(path, safe="/")), ("uriBaseId", SRCROOT))


def _suppressions(finding: Finding) -> list[dict[str, Any]]:
    suppression = finding.suppression
    if suppression is None:
        return []
    entry: dict[str, Any] = {"kind": SUPPRESSION_KIND.get(suppression.kind, "external"), "status": "accepted"}
    if suppression.reason:
        entry["justification"] = suppression.reason
    if suppression.location is not None:
        entry["location"] = _location(suppression.location)
    return [entry]


def _sentence(text: str) -> str:
    """GitHub titles an alert with the message's first sentence, so end the message as one."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."
