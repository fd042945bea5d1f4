"""The CI report formats beside text/json/sarif: concise, github, gitlab, junit, and --statistics.

Each is pinned by a snapshot of the fixture tree (update deliberately with
``pytest tests/test_report_formats.py --snapshot-update``) and checked
against the consumer's documented shape.
"""

from __future__ import annotations

import json
import re
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from lint.model import Confidence, Finding, Location, Severity, Span
from lint.report.github import escape_data, escape_property, render_github
from lint.report.gitlab import render_gitlab
from lint.report.junit import render_junit
from lint.result import RunError, RunResult
from tests.conftest import FIXTURES

TREE = FIXTURES / "tree"

#: GitLab's Code Quality report as its documentation defines it (docs.gitlab.com/ci/testing/code_quality):
#: an array of issues with these required fields and severities.
GITLAB_CODE_QUALITY = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1},
                    "lines": {
                        "type": "object",
                        "required": ["begin"],
                        "properties": {"begin": {"type": "integer", "minimum": 1}, "end": {"type": "integer", "minimum": 1}},
                    },
                },
            },
        },
    },
}


@pytest.fixture(scope="module")
def outputs():
    from tests.conftest import run_cli

    out = {}
    for fmt in ("concise", "github", "gitlab", "junit"):
        result = run_cli("check", ".", "--format", fmt, cwd=TREE)
        assert result.returncode == 1, result.stderr
        out[fmt] = result.stdout
    stats = run_cli("check", ".", "--statistics", cwd=TREE)
    assert stats.returncode == 1, stats.stderr
    out["statistics"] = stats.stdout
    out["statistics-json"] = run_cli("check", ".", "--statistics", "--format", "json", cwd=TREE).stdout
    return out


@pytest.mark.parametrize("fmt", ["concise", "github", "gitlab", "junit", "statistics", "statistics-json"])
def test_snapshot(outputs, fmt, snapshot) -> None:
    assert outputs[fmt] == snapshot


def test_concise_is_one_short_line_per_finding(outputs) -> None:
    lines = outputs["concise"].splitlines()
    findings = json.loads(outputs["gitlab"])
    assert len(lines) == len(findings) + 1 and lines[-1].startswith("Found ")
    for line in lines[:-1]:
        where, _, rest = line.partition(": ")
        assert re.fullmatch(r".+:\d+:\d+", where)
        message = rest.split(" ", 2)[2]
        assert len(message) <= 160


def test_github_annotations_shape(outputs) -> None:
    pattern = re.compile(
        r"::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=scopelint \([a-z0-9-]+\)::[a-z0-9-]+: .+"
    )
    lines = outputs["github"].splitlines()
    assert lines and all(pattern.fullmatch(line) for line in lines), lines
    assert any(line.startswith("::error ") for line in lines)
    assert any(line.startswith("::warning ") for line in lines)


def test_github_escaping_blocks_injection() -> None:
    assert escape_data("50%\r\nline") == "50%25%0D%0Aline"
    assert escape_property("a,b:c%\n") == "a%2Cb%3Ac%25%0A"
    hostile = Finding(
        check_id="iam-admin-wildcard",
        message="grants all\n::error file=x::forged",
        severity=Severity.CRITICAL,
        confidence=Confidence.HIGH,
        location=Location("evil,line=1:x.json", Span(2, 3, 2, 9), "/Statement/0"),
    )
    out = render_github(RunResult(findings=[hostile], errors=[RunError("bad\nfile", "a.json")]))
    lines = out.splitlines()
    assert len(lines) == 2  # the newline in the message could not start a second command
    assert lines[0].startswith("::error file=evil%2Cline=1%3Ax.json,line=2,col=3,endLine=2,endColumn=9,")
    assert "%0A::error file=x::forged" in lines[0]
    assert lines[1] == "::error file=a.json,title=scopelint error::bad%0Afile"


def test_gitlab_matches_the_code_quality_format(outputs) -> None:
    issues = json.loads(outputs["gitlab"])
    jsonschema.validate(issues, GITLAB_CODE_QUALITY)
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(fingerprints)  # GitLab drops repeats of a fingerprint
    severities = {i["check_name"]: i["severity"] for i in issues}
    assert severities["iam-admin-wildcard"] == "blocker"
    assert severities["iam-service-wildcard"] == "major"
    assert severities["iam-resource-star"] == "minor"
    assert all(not i["location"]["path"].startswith("/") for i in issues)


def test_gitlab_clean_run_is_an_empty_array() -> None:
    assert json.loads(render_gitlab(RunResult(files_scanned=3))) == []


def test_junit_structure(outputs) -> None:
    root = ET.fromstring(outputs["junit"].encode())
    assert root.tag == "testsuites"
    suites = root.findall("testsuite")
    cases = [c for s in suites for c in s.findall("testcase")]
    failures = [c.find("failure") for c in cases if c.find("failure") is not None]
    assert int(root.get("failures")) == len(failures) == len(json.loads(outputs["gitlab"]))
    for suite in suites:
        assert int(suite.get("tests")) == len(suite.findall("testcase"))
        assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
    for failure in failures:
        assert failure.get("type") and failure.get("message") and failure.text


def test_junit_clean_run_and_errors() -> None:
    clean = ET.fromstring(render_junit(RunResult(files_scanned=4)).encode())
    assert clean.get("tests") == "1" and clean.get("failures") == "0"
    assert clean.find("testsuite/testcase").get("name") == "no findings in 4 files"
    broken = ET.fromstring(render_junit(RunResult(errors=[RunError("cannot read\x01", "a.json", None)])).encode())
    error = broken.find("testsuite/testcase/error")
    assert broken.get("errors") == "1" and error.get("message") == "cannot read\\x01"


def test_junit_escapes_what_xml_cannot_carry() -> None:
    finding = Finding(
        check_id="agent-shell-wildcard",
        message="runs `rm -rf /`\x1b[31m <b>&",
        severity=Severity.HIGH,
        confidence=Confidence.HIGH,
        location=Location("a\x07.json", Span(1, 1, 1, 2)),
    )
    text = render_junit(RunResult(findings=[finding]))
    root = ET.fromstring(text.encode())  # parses: no raw control characters
    failure = root.find("testsuite/testcase/failure")
    assert failure.get("message") == "runs `rm -rf /`\\x1b[31m <b>&"
    assert root.find("testsuite").get("name") == "a\\x07.json"


def test_statistics_counts(outputs) -> None:
    rows = json.loads(outputs["statistics-json"])
    total = sum(r["count"] for r in rows)
    assert total == len(json.loads(outputs["gitlab"]))
    assert [r["count"] for r in rows] == sorted((r["count"] for r in rows), reverse=True)
    assert outputs["statistics"].splitlines()[-1] == f"Found {total} findings from {len(rows)} checks."


def test_json_data_carries_the_full_lists() -> None:
    """`Violation.data` reaches the JSON report as the finding's `data`, valid against the report schema."""
    from pathlib import Path

    from lint.config import Config
    from lint.registry import load_checks
    from lint.report.json import render_json
    from lint.runner import Engine

    root = Path(__file__).resolve().parent.parent / "examples" / "incident"
    checks = load_checks()
    result, sources = Engine(checks, Config(root=root)).run_paths([root], cwd=root)
    report = json.loads(render_json(result, checks, sources))
    schema = json.loads((Path(__file__).resolve().parent.parent / "lint" / "schemas" / "report-v1.json").read_text())
    jsonschema.validate(report, schema)
    paths = [f for f in report["findings"] if f["check_id"] == "ai-destructive-path"]
    assert paths and all(f["data"]["actions"] == sorted(f["data"]["actions"]) for f in paths)
    assert "rds:DeleteDBCluster" in paths[0]["data"]["actions"]
    assert all("data" not in f for f in report["findings"] if f["check_id"] == "iam-admin-wildcard")
