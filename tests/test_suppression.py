"""Inline ignores in YAML, unused ignores, and critical findings that cannot be silenced inline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

WILDCARD_YAML = """Version: "2012-10-17"
Statement:
  - Effect: Allow
    Action: tag:*  # scopelint: ignore[iam-service-wildcard] sandbox account
    Resource: "*"
"""
ADMIN_YAML = """Version: "2012-10-17"
Statement:
  # scopelint: ignore[iam-admin-wildcard] break-glass role
  - Effect: Allow
    Action: "*"
    Resource: "*"
"""


def report(cli, cwd: Path, *args: str) -> dict:
    return json.loads(cli("check", "--format", "json", *args, cwd=cwd).stdout)


def test_inline_ignore_on_the_line(cli, tmp_path):
    (tmp_path / "p.yaml").write_text(WILDCARD_YAML)
    data = report(cli, tmp_path)
    assert data["findings"] == []
    [suppressed] = data["suppressed"]
    assert suppressed["check_id"] == "iam-service-wildcard"
    assert suppressed["suppression"] == {"kind": "inline", "reason": "sandbox account", "path": "p.yaml", "line": 4, "column": 20}


def test_critical_cannot_be_silenced_inline(cli, tmp_path):
    (tmp_path / "p.yaml").write_text(ADMIN_YAML)
    data = report(cli, tmp_path)
    assert [(f["check_id"], f["line"]) for f in data["findings"]] == [
        ("unused-suppression", 3),
        ("iam-admin-wildcard", 4),
    ]


def test_config_can_allow_inline_critical(cli, tmp_path):
    (tmp_path / "p.yaml").write_text(ADMIN_YAML)
    (tmp_path / "scopelint.toml").write_text("allow-inline-critical = true\n")
    data = report(cli, tmp_path)
    assert data["findings"] == []
    assert [s["check_id"] for s in data["suppressed"]] == ["iam-admin-wildcard"]


def test_unused_ignore_is_reported(cli, tmp_path):
    (tmp_path / "p.yaml").write_text(WILDCARD_YAML.replace("tag:*", "ec2:DescribeInstances"))
    data = report(cli, tmp_path)
    assert [(f["check_id"], f["line"], f["column"]) for f in data["findings"]] == [("unused-suppression", 4, 36)]


def test_ignore_of_a_check_that_did_not_run_is_not_unused(cli, tmp_path):
    (tmp_path / "p.yaml").write_text(WILDCARD_YAML.replace("tag:*", "ec2:DescribeInstances"))
    data = report(cli, tmp_path, "--select", "iam-admin-wildcard,unused-suppression")
    assert data["findings"] == []


def test_show_suppressed_in_text(cli, tmp_path):
    (tmp_path / "p.yaml").write_text(WILDCARD_YAML)
    out = cli("check", "--show-suppressed", cwd=tmp_path).stdout
    assert "p.yaml:4:13: MEDIUM iam-service-wildcard" in out
    assert "suppressed (inline at p.yaml:4:20): sandbox account" in out


# -- what amounts to administrator access cannot be silenced in the file that grants it -------------

ADMIN_EQUIVALENT = {
    "iam-star-on-any-resource": (
        "p.yaml",
        'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n'
        '    Action: iam:*  # scopelint: ignore[iam-service-wildcard] identity team\n    Resource: "*"\n',
        "iam-service-wildcard",
    ),
    "not-action-on-any-resource": (
        "p.yaml",
        'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n'
        '    NotAction: [organizations:*]  # scopelint: ignore[iam-allow-not-action] platform team\n    Resource: "*"\n',
        "iam-allow-not-action",
    ),
    "escalation": (
        "p.yaml",
        'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n'
        '    Action: iam:CreatePolicyVersion  # scopelint: ignore[iam-privilege-escalation] needed by CI\n    Resource: "*"\n',
        "iam-privilege-escalation",
    ),
    "managed-admin-attachment": (
        "template.yaml",
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  OpsRole:\n    Type: AWS::IAM::Role\n    Properties:\n"
        "      AssumeRolePolicyDocument:\n        Version: '2012-10-17'\n        Statement:\n"
        "          - {Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}\n"
        "      ManagedPolicyArns:\n"
        "        - arn:aws:iam::aws:policy/PowerUserAccess  # scopelint: ignore[iam-managed-admin-attachment] ops\n",
        "iam-managed-admin-attachment",
    ),
}


@pytest.mark.parametrize("case", sorted(ADMIN_EQUIVALENT))
def test_admin_equivalent_findings_cannot_be_silenced_inline(cli, tmp_path, case):
    name, text, check_id = ADMIN_EQUIVALENT[case]
    (tmp_path / name).write_text(text)
    data = report(cli, tmp_path)
    assert check_id in [f["check_id"] for f in data["findings"]], data["suppressed"]
    assert check_id not in [s["check_id"] for s in data["suppressed"]]
    [refusal] = [f for f in data["findings"] if f["check_id"] == "unused-suppression"]
    assert "administrator" in refusal["message"] and "per-path-ignores" in refusal["message"]


@pytest.mark.parametrize("case", sorted(ADMIN_EQUIVALENT))
def test_allow_inline_critical_lifts_the_protection(cli, tmp_path, case):
    name, text, check_id = ADMIN_EQUIVALENT[case]
    (tmp_path / name).write_text(text)
    (tmp_path / "scopelint.toml").write_text("allow-inline-critical = true\n")
    data = report(cli, tmp_path)
    assert check_id in [s["check_id"] for s in data["suppressed"]]
    assert "unused-suppression" not in [f["check_id"] for f in data["findings"]]


def test_a_scoped_service_wildcard_can_still_be_silenced(cli, tmp_path):
    (tmp_path / "p.yaml").write_text(WILDCARD_YAML.replace("tag:*", "ec2:*"))
    data = report(cli, tmp_path)
    assert [s["check_id"] for s in data["suppressed"]] == ["iam-service-wildcard"]


# -- CI that trusts nothing written in the scanned files ---------------------------------------------


def test_no_inline_ignores_flag(cli, tmp_path):
    (tmp_path / "p.yaml").write_text(WILDCARD_YAML)
    data = report(cli, tmp_path, "--no-inline-ignores")
    assert [f["check_id"] for f in data["findings"]] == ["iam-service-wildcard"]  # and no unused-suppression noise
    assert data["suppressed"] == []


def test_inline_ignores_false_in_config(cli, tmp_path):
    (tmp_path / "p.yaml").write_text(WILDCARD_YAML)
    (tmp_path / "scopelint.toml").write_text("inline-ignores = false\n")
    data = report(cli, tmp_path)
    assert [f["check_id"] for f in data["findings"]] == ["iam-service-wildcard"]


def test_cloudformation_metadata_ignores_obey_the_flag(cli, tmp_path):
    (tmp_path / "template.yaml").write_text(
        "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Cleaner:\n    Type: AWS::IAM::Policy\n"
        "    Metadata:\n      scopelint:\n        ignore:\n          - {id: iam-service-wildcard, reason: sandbox}\n"
        "    Properties:\n      PolicyName: c\n      Roles: [r]\n      PolicyDocument:\n        Version: '2012-10-17'\n"
        "        Statement:\n          - {Effect: Allow, Action: 'tag:*', Resource: '*'}\n"
    )
    assert report(cli, tmp_path)["findings"] == []
    assert [f["check_id"] for f in report(cli, tmp_path, "--no-inline-ignores")["findings"]] == ["iam-service-wildcard"]


# -- suppressions are visible --------------------------------------------------------------------------


def test_json_says_how_and_why_a_finding_was_suppressed(cli, tmp_path):
    (tmp_path / "p.yaml").write_text(WILDCARD_YAML)
    (tmp_path / "q.json").write_text(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "tag:*", "Resource": "*"}]}'
    )
    (tmp_path / "scopelint.toml").write_text('[per-path-ignores]\n"q.json" = ["iam-service-wildcard"]\n')
    data = report(cli, tmp_path)
    by_path = {s["path"]: s["suppression"] for s in data["suppressed"]}
    assert by_path["p.yaml"]["kind"] == "inline" and by_path["p.yaml"]["reason"] == "sandbox account"
    assert (by_path["p.yaml"]["path"], by_path["p.yaml"]["line"], by_path["p.yaml"]["column"]) == ("p.yaml", 4, 20)
    assert by_path["q.json"]["kind"] == "config" and "scopelint.toml" in by_path["q.json"]["reason"]


def test_sarif_carries_suppressions_with_justification(cli, tmp_path):
    (tmp_path / "p.yaml").write_text(WILDCARD_YAML)
    (tmp_path / "q.json").write_text(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "tag:*", "Resource": "*"}]}'
    )
    (tmp_path / "scopelint.toml").write_text('[per-path-ignores]\n"q.json" = ["iam-service-wildcard"]\n')
    plain = json.loads(cli("check", "--format", "sarif", cwd=tmp_path).stdout)
    assert plain["runs"][0]["results"] == []  # left out unless asked for: GitHub shows inSource ones as open
    sarif = json.loads(cli("check", "--format", "sarif", "--show-suppressed", cwd=tmp_path).stdout)
    results = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]: r for r in sarif["runs"][0]["results"]}
    [inline] = results["p.yaml"]["suppressions"]
    assert inline["kind"] == "inSource" and inline["justification"] == "sandbox account"
    assert inline["location"]["physicalLocation"]["region"]["startLine"] == 4
    [external] = results["q.json"]["suppressions"]
    assert external["kind"] == "external" and "scopelint.toml" in external["justification"]
