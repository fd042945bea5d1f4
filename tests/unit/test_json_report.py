"""JSON output: matches its published schema (report-v1) and its documentation."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from lint.check import Check
from lint.model import Confidence, Finding, Location, Severity, Span, Suppression
from lint.report.json import render_json
from lint.result import RunError, RunResult
from lint.schema import validate as validate_with_builtin
from lint.version import __version__, catalog_info

DOCS = Path(__file__).resolve().parents[2] / "docs" / "json-output.md"


class AdminWildcard(Check):
    """Full administrator access.

    ## What it does
    Finds statements that allow every action on every resource.

    ## Why is this bad?
    Whoever holds the policy can do anything in the account, including
    removing the controls that would notice.

    ## Example
    ```json
    {"Effect": "Allow", "Action": "*", "Resource": "*"}
    ```

    ## Remediation
    Grant the actions the principal needs, on the resources it needs them on.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
    """

    id = "iam-admin-wildcard"
    name = "Administrator access"
    severity = Severity.CRITICAL
    confidence = Confidence.HIGH
    tags = ("iam",)


class ServiceWildcard(Check):
    """Every action of one service.

    ## What it does
    Finds statements that allow `service:*`.

    ## Why is this bad?
    A service wildcard grants actions added later, unreviewed.

    ## Example
    ```yaml
    Action: ec2:*
    ```

    ## Remediation
    List the actions.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
    """

    id = "iam-service-wildcard"
    name = "Service-wide action wildcard"
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    tags = ("iam",)


CHECKS: list[type[Check]] = [AdminWildcard, ServiceWildcard]
SOURCES = {"policies/admin.json": "{}\n", "p.yaml": "Action: ec2:*\n"}

ADMIN = Finding(
    check_id=AdminWildcard.id,
    message="Statement 0 allows every action on every resource",
    severity=Severity.CRITICAL,
    confidence=Confidence.HIGH,
    location=Location("policies/admin.json", Span(4, 5, 8, 6), "/Statement/0"),
    related=(Location("policies/admin.json", Span(5, 17, 5, 20), "/Statement/0/Action", "the action « * »"),),
    fingerprint="0123456789abcdef0123456789abcdef",
)
WILDCARD = Finding(
    check_id=ServiceWildcard.id,
    message="allows ec2:*",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    location=Location("p.yaml", Span(1, 9, 1, 14)),
)
SILENCED = Finding(
    check_id=ServiceWildcard.id,
    message="allows s3:*",
    severity=Severity.LOW,
    confidence=Confidence.LOW,
    location=Location("p.yaml", Span(2, 9, 2, 13), "/Action/1"),
    fingerprint="fedcba9876543210fedcba9876543210",
    suppression=Suppression("inline", "sandbox account", Location("p.yaml", Span(2, 15, 2, 60))),
)


def full_result() -> RunResult:
    return RunResult(
        findings=[WILDCARD, ADMIN],
        suppressed=[SILENCED],
        errors=[RunError("check `iam-admin-wildcard` failed on q.json: boom", "q.json", "iam-admin-wildcard"), RunError("oops")],
        files_scanned=3,
        files_skipped=1,
    )


def render(result: RunResult) -> dict[str, Any]:
    return json.loads(render_json(result, CHECKS, SOURCES))


@lru_cache(maxsize=1)
def report_schema() -> dict[str, Any]:
    return json.loads(resources.files("lint").joinpath("schemas", "report-v1.json").read_text(encoding="utf-8"))


def schema_errors(report: dict[str, Any]) -> list[str]:
    validator = jsonschema.Draft202012Validator(report_schema(), format_checker=jsonschema.FormatChecker())
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(report)]


# -- schema --------------------------------------------------------------------------------


def test_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(report_schema())
    assert report_schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


@pytest.mark.parametrize("result", [RunResult(), full_result()], ids=["empty", "full"])
def test_report_matches_the_schema(result):
    report = render(result)
    assert schema_errors(report) == []
    assert validate_with_builtin(report, report_schema()) == []  # the in-house validator agrees


@pytest.mark.parametrize(
    "mutate",
    [
        lambda r: r["findings"][0].update(severity="severe"),
        lambda r: r["findings"][0].pop("fingerprint"),
        lambda r: r["findings"][0].update(extra=1),
        lambda r: r["findings"][0].update(line=0),
        lambda r: r["suppressed"][0]["suppression"].update(kind="comment"),
        lambda r: r["summary"]["by_severity"].pop("info"),
        lambda r: r.update(schema_version=2),
    ],
    ids=["severity", "missing-key", "unknown-key", "line-0", "suppression-kind", "by-severity", "version"],
)
def test_schema_rejects_reports_that_break_the_contract(mutate):
    report = render(full_result())
    mutate(report)
    assert schema_errors(report) != []
    assert validate_with_builtin(report, report_schema()) != []


# -- content -------------------------------------------------------------------------------


def test_top_level_shape_and_tool():
    report = render(full_result())
    assert list(report) == ["schema_version", "tool", "summary", "configuration", "findings", "suppressed", "skipped", "errors"]
    assert report["schema_version"] == 1
    assert report["tool"] == {"name": "scopelint", "version": __version__, "catalog": catalog_info()}


def test_summary_counts_every_severity():
    assert render(full_result())["summary"] == {
        "files_scanned": 3,
        "files_skipped": 1,
        "findings": 2,
        "suppressed": 1,
        "by_severity": {"critical": 1, "high": 0, "medium": 1, "low": 0, "info": 0},
    }


def test_finding_spells_out_position_pointer_and_evidence():
    report = render(full_result())
    assert report["findings"][1] == {
        "check_id": "iam-admin-wildcard",
        "severity": "critical",
        "confidence": "high",
        "message": "Statement 0 allows every action on every resource",
        "path": "policies/admin.json",
        "line": 4,
        "column": 5,
        "end_line": 8,
        "end_column": 6,
        "pointer": "/Statement/0",
        "related": [
            {
                "path": "policies/admin.json",
                "line": 5,
                "column": 17,
                "end_line": 5,
                "end_column": 20,
                "pointer": "/Statement/0/Action",
                "note": "the action « * »",
            }
        ],
        "fingerprint": "0123456789abcdef0123456789abcdef",
    }
    assert report["findings"][0]["pointer"] == "" and report["findings"][0]["related"] == []


def test_findings_keep_the_run_order():
    assert [f["check_id"] for f in render(full_result())["findings"]] == [WILDCARD.check_id, ADMIN.check_id]


def test_suppressed_findings_carry_kind_and_reason():
    [entry] = render(full_result())["suppressed"]
    assert entry["check_id"] == "iam-service-wildcard" and entry["severity"] == "low"
    assert entry["suppression"]["kind"] == "inline" and entry["suppression"]["reason"] == "sandbox account"
    assert list(entry["suppression"]) in (["kind", "reason"], ["kind", "reason", "path", "line", "column"])


def test_skipped_files_and_flow_are_listed_and_valid():
    hops = (
        Location(".claude/settings.json", Span(3, 5, 3, 20), "/permissions/allow/0", "auto-approves `Bash(aws *)`"),
        Location("infra/role.json", Span(2, 1, 2, 9), "/Statement/0", "may `rds:DeleteDBCluster` on `*`"),
    )
    flowing = Finding(
        "agent-reaches-destruction", "agent can delete the database", Severity.CRITICAL, Confidence.HIGH, hops[0], hops, "f" * 32, flow=hops
    )
    result = RunResult(findings=[flowing], skipped_files=[("big.json", "file is larger than 5 MB")], files_skipped=1)
    report = render(result)
    assert schema_errors(report) == []
    assert report["skipped"] == [{"path": "big.json", "reason": "file is larger than 5 MB"}]
    assert [(h["path"], h["line"], h["note"]) for h in report["findings"][0]["flow"]] == [
        (".claude/settings.json", 3, "auto-approves `Bash(aws *)`"),
        ("infra/role.json", 2, "may `rds:DeleteDBCluster` on `*`"),
    ]


def test_a_suppressed_finding_without_a_recorded_suppression_is_null_and_still_valid():
    report = render(RunResult(suppressed=[WILDCARD]))
    assert report["suppressed"][0]["suppression"] is None
    assert schema_errors(report) == []


def test_errors_keep_path_and_check_id_or_null():
    assert render(full_result())["errors"] == [
        {"message": "check `iam-admin-wildcard` failed on q.json: boom", "path": "q.json", "check_id": "iam-admin-wildcard"},
        {"message": "oops", "path": None, "check_id": None},
    ]


def test_output_is_deterministic_utf8_text_ending_in_a_newline():
    first = render_json(full_result(), CHECKS, SOURCES)
    assert first == render_json(full_result(), list(reversed(CHECKS)), {})
    assert first.endswith("}\n") and not first.endswith("\n\n")
    assert "« * »" in first  # not \u-escaped


# -- documentation -------------------------------------------------------------------------


def test_docs_name_every_key_of_the_schema():
    docs = DOCS.read_text(encoding="utf-8")
    schema = report_schema()
    keys = set(schema["properties"])
    for name in ("finding", "suppressed", "related", "error", "skipped"):
        keys |= set(schema["$defs"][name]["properties"])
    for section in ("tool", "summary"):
        keys |= set(schema["properties"][section]["properties"])
    keys |= set(schema["properties"]["summary"]["properties"]["by_severity"]["properties"])
    documented = set(re.findall(r"`([a-z_]+)`", docs))
    assert sorted(keys - documented) == []


def test_docs_example_is_a_valid_report():
    docs = DOCS.read_text(encoding="utf-8")
    [example] = re.findall(r"```json\n(.*?)```", docs, flags=re.S)
    assert schema_errors(json.loads(example)) == []
