"""JUnit XML: findings as failed test cases, for Jenkins, Azure DevOps, CircleCI and GitLab's test reports.

One ``<testsuite>`` per file with findings, named after the file; one
``<testcase>`` per finding, ``classname`` the file and ``name``
``CHECK at LINE:COL``, holding a ``<failure>`` whose ``message`` is the
message's first line, ``type`` the check id, and whose text is the whole
message with severity and related locations. Run errors are ``<error>``
cases in a ``scopelint`` suite. A clean run is one passing case, so the CI
shows the run happened. Characters XML 1.0 cannot carry (control
characters from a hostile file name or value) are written as ``\\xNN``.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from xml.etree import ElementTree as ET

from lint.check import Check
from lint.model import Finding
from lint.report.formats import first_line
from lint.result import RunResult

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean(text: str) -> str:
    """`text` with characters XML 1.0 forbids replaced by a visible ``\\xNN`` escape."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def render_junit(result: RunResult, checks: Sequence[type[Check]] = ()) -> str:
    root = ET.Element("testsuites", name="scopelint")
    by_file: dict[str, list[Finding]] = defaultdict(list)
    for finding in result.findings:
        by_file[finding.location.path].append(finding)
    for path in sorted(by_file):
        findings = by_file[path]
        suite = ET.SubElement(
            root, "testsuite", name=clean(path), tests=str(len(findings)), failures=str(len(findings)), errors="0", skipped="0"
        )
        for finding in findings:
            span = finding.location.span
            case = ET.SubElement(
                suite, "testcase", name=clean(f"{finding.check_id} at {span.start_line}:{span.start_col}"), classname=clean(path)
            )
            failure = ET.SubElement(case, "failure", message=clean(first_line(finding.message)), type=finding.check_id)
            failure.text = clean(_details(finding))
    if result.errors or not result.findings:
        errors = len(result.errors)
        suite = ET.SubElement(
            root, "testsuite", name="scopelint", tests=str(max(errors, 1)), failures="0", errors=str(errors), skipped="0"
        )
        for number, error in enumerate(result.errors, 1):
            case = ET.SubElement(suite, "testcase", name=f"run error {number}", classname=clean(error.path or "scopelint"))
            node = ET.SubElement(case, "error", message=clean(first_line(error.message)), type=error.check_id or "error")
            node.text = clean(error.message)
        if not result.errors:
            ET.SubElement(suite, "testcase", name=f"no findings in {result.files_scanned} files", classname="scopelint")
    failures = len(result.findings)
    root.set("tests", str(failures + (max(len(result.errors), 1) if result.errors or not failures else 0)))
    root.set("failures", str(failures))
    root.set("errors", str(len(result.errors)))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def _details(finding: Finding) -> str:
    span = finding.location.span
    lines = [
        f"{finding.location.path}:{span.start_line}:{span.start_col}: {finding.severity.label} {finding.check_id}",
        finding.message,
    ]
    lines += [f"{r.path}:{r.span.start_line}:{r.span.start_col}: {r.note}" for r in finding.related]
    return "\n".join(lines)
