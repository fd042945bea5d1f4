"""Inline ignores in YAML, unused ignores, and critical findings that cannot be silenced inline."""

from __future__ import annotations

import json
from pathlib import Path

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
    assert suppressed["suppression"] == {"kind": "inline", "reason": "sandbox account"}


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
    assert "suppressed (inline): sandbox account" in out
