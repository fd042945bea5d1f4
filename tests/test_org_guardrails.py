"""SCPs in the scanned tree lower the findings of identity policies whose risky actions they deny."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

SCP = """\
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyDataDeletion",
      "Effect": "Deny",
      "Action": ["rds:DeleteDBCluster", "rds:DeleteDBInstance", "dynamodb:Delete*"],
      "Resource": "*"
    }
  ]
}
"""
ROLE = """\
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["rds:DeleteDBCluster", "dynamodb:DeleteTable"], "Resource": "*"},
    {"Effect": "Allow", "Action": ["s3:DeleteBucket", "rds:DeleteDBInstance"], "Resource": "*"}
  ]
}
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "scps").mkdir()
    (tmp_path / "roles").mkdir()
    (tmp_path / "scps" / "deny-data-deletion.json").write_text(SCP)
    (tmp_path / "roles" / "ops-agent.json").write_text(ROLE)
    return tmp_path


def destructive(cli, repo: Path, *args: str) -> list[dict]:
    report = json.loads(cli("check", "--format", "json", "--select", "iam-destructive-action", *args, cwd=repo).stdout)
    return report["findings"]


def test_scp_denying_every_action_lowers_the_finding_and_is_shown_as_evidence(cli, repo):
    first, second = destructive(cli, repo)
    assert (first["line"], first["severity"], first["confidence"]) == (4, "medium", "medium")
    assert "an SCP in the repository denies all of them" in first["message"]
    scp = [r for r in first["related"] if r["path"] == "scps/deny-data-deletion.json"]
    assert [(r["line"], r["column"]) for r in scp] == [(4, 5)]
    assert "SCP denies `rds:DeleteDBCluster`, `dynamodb:DeleteTable`" in scp[0]["note"]
    # only part of the second statement is denied: named, but not lowered
    assert (second["line"], second["severity"]) == (5, "high")
    assert "denies 1 of them" in second["message"]


def test_scp_keeps_an_ai_identity_grant_from_being_critical(cli, repo):
    (repo / "scopelint.toml").write_text('[ai-identities]\npaths = ["roles/*-agent.json"]\n')
    first, second = destructive(cli, repo)
    assert first["severity"] == "medium"
    assert second["severity"] == "critical" and "AI identity" in second["message"]


def test_without_the_scp_in_the_run_nothing_is_lowered(cli, repo):
    first, second = destructive(cli, repo, "roles")
    assert (first["severity"], second["severity"]) == ("high", "high")
    assert "SCP" not in first["message"]


def test_scp_itself_is_not_reported_as_a_grant(cli, repo):
    report = json.loads(cli("check", "--format", "json", cwd=repo).stdout)
    assert not [f for f in report["findings"] if f["path"].startswith("scps/")]


def test_terraform_scp_is_a_guardrail_too(cli, tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "org.tf").write_text(
        'resource "aws_organizations_policy" "deny_deletes" {\n'
        '  name    = "deny-data-deletion"\n'
        '  type    = "SERVICE_CONTROL_POLICY"\n'
        '  content = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Deny", '
        'Action = ["dynamodb:DeleteTable"], Resource = "*"}]})\n'
        "}\n"
    )
    (tmp_path / "role.json").write_text(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:DeleteTable", "Resource": "*"}]}'
    )
    [finding] = destructive(cli, tmp_path)
    assert finding["severity"] == "medium" and "SCP in the repository denies all of them" in finding["message"]
    assert [r["path"] for r in finding["related"]] == ["org.tf"]
    assert finding["data"]["rationale"][0].startswith("dynamodb:DeleteTable: ")
