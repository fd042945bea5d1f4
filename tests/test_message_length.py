"""A finding's message is read in one glance: its first line stays within 160 characters.

Long lists (every destructive action, every escalation method, every matching command) are
counted in the message and carried whole in the finding's `data`, for tools to consume.
"""

from __future__ import annotations

import json

import pytest

from lint.check import Invalid
from lint.registry import load_checks
from lint.runner import Engine
from lint.testing import example_cases, run_example

LIMIT = 160

CHECKS = load_checks()
INVALID = [case for case in example_cases(CHECKS) if isinstance(case.example, Invalid)]


def _first_line(message: str) -> str:
    return message.splitlines()[0] if message else ""


@pytest.mark.parametrize("case", INVALID, ids=[c.id for c in INVALID])
def test_every_example_message_fits_one_glance(case):
    findings = [f for f in run_example(case, CHECKS) if f.check_id == case.check.id]
    assert findings, f"{case.id}: the invalid example yields no finding"
    for finding in findings:
        line = _first_line(finding.message)
        assert len(line) <= LIMIT, f"{case.id}: {len(line)} characters: {line}"


def _run(check_id: str, path: str, text: str, config: dict | None = None):
    from pathlib import Path

    from lint.config import parse_config

    parsed = parse_config(config, Path.cwd() / "scopelint.toml") if config else None
    engine = Engine([c for c in CHECKS if c.id == check_id], parsed)
    return engine.lint_text(path, text).findings


def _policy(actions: list[str]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]})


DESTRUCTIVE = [
    "rds:DeleteDBInstance", "rds:DeleteDBCluster", "dynamodb:DeleteTable", "s3:DeleteBucket", "ec2:TerminateInstances",
    "cloudformation:DeleteStack", "lambda:DeleteFunction", "eks:DeleteCluster", "kms:ScheduleKeyDeletion",
    "ecs:DeleteCluster", "elasticache:DeleteCacheCluster", "route53:DeleteHostedZone",
]


def test_many_destructive_actions_name_two_and_carry_all_in_data():
    [finding] = _run("iam-destructive-action", "policy.json", _policy(DESTRUCTIVE))
    line = _first_line(finding.message)
    assert len(line) <= LIMIT, line
    assert line.startswith(f"allows {len(DESTRUCTIVE)} destructive actions: ")
    assert f"and {len(DESTRUCTIVE) - 2} more on any resource" in line
    assert sorted(finding.data["actions"]) == sorted(DESTRUCTIVE)
    # the actions' rationale is in `data`, not in the first line
    assert finding.data["rationale"][0].startswith(finding.data["actions"][0] + ": ")


def test_an_ai_identity_with_many_actions_still_fits():
    for check_id in ("iam-destructive-action", "iam-privilege-escalation"):
        [finding] = _run(check_id, "agents/ops-agent.json", _policy([*DESTRUCTIVE, "iam:*"]),
                         {"ai-identities": {"paths": ["agents/**"]}})
        line = _first_line(finding.message)
        assert len(line) <= LIMIT, line
        assert "granted to an AI identity with no guardrail" in line
        # why it is an AI identity is a note on the grant
        assert any(r.note.startswith("AI identity: ") and "agents/**" in r.note for r in finding.related)


def test_many_escalation_methods_name_two_and_carry_all_in_data():
    actions = [
        "iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion", "iam:AttachUserPolicy", "iam:AttachRolePolicy",
        "iam:PutUserPolicy", "iam:PutRolePolicy", "iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction",
        "ec2:RunInstances", "iam:CreateAccessKey", "iam:UpdateLoginProfile",
    ]
    [finding] = _run("iam-privilege-escalation", "policy.json", _policy(actions))
    line = _first_line(finding.message)
    assert len(line) <= LIMIT, line
    methods = finding.data["methods"]
    assert len(methods) > 3 and f"by {len(methods)} methods: " in line and " more" in line
    assert len(finding.data["method_actions"]) == len(finding.data["descriptions"]) == len(methods)
    assert finding.data["method_actions"][0].startswith(methods[0] + ": ")


def test_json_report_carries_the_full_list(cli, tmp_path):
    (tmp_path / "policy.json").write_text(_policy(DESTRUCTIVE))
    report = json.loads(cli("check", "--format", "json", "--select", "iam-destructive-action", cwd=tmp_path).stdout)
    [finding] = report["findings"]
    assert len(finding["message"]) <= LIMIT
    assert sorted(finding["data"]["actions"]) == sorted(DESTRUCTIVE)


def test_many_auto_approved_commands_fit():
    settings = json.dumps({"permissions": {"allow": ["Bash(aws:*)"]}})
    findings = _run("agent-destructive-command", ".claude/settings.json", settings)
    assert findings
    for finding in findings:
        line = _first_line(finding.message)
        assert len(line) <= LIMIT, line
        assert finding.data["commands"] and len(finding.data["commands"]) == len(finding.data["effects"])


def test_shortened_lists_in_data_are_valid_against_the_report_schema(cli, tmp_path):
    from pathlib import Path

    import jsonschema

    (tmp_path / "policy.json").write_text(_policy([*DESTRUCTIVE, "iam:CreatePolicyVersion", "iam:PassRole",
                                                   "lambda:CreateFunction", "lambda:InvokeFunction"]))
    (tmp_path / ".claude").mkdir()
    (tmp_path / ".claude" / "settings.json").write_text(json.dumps({"permissions": {"allow": ["Bash(aws:*)"]}}))
    report = json.loads(cli("check", "--format", "json", cwd=tmp_path).stdout)
    schema = json.loads((Path(__file__).resolve().parent.parent / "lint" / "schemas" / "report-v1.json").read_text())
    jsonschema.validate(report, schema)
    with_data = {f["check_id"] for f in report["findings"] if f.get("data")}
    assert {"iam-destructive-action", "iam-privilege-escalation", "agent-destructive-command"} <= with_data
    assert all(len(f["message"].splitlines()[0]) <= LIMIT for f in report["findings"])
