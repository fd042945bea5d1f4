"""Terraform plan JSON: resolved policies, reported at their string in the plan with the resource address."""

from __future__ import annotations

import json

POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
PLAN = {
    "format_version": "1.2",
    "terraform_version": "1.9.0",
    "planned_values": {
        "root_module": {
            "resources": [
                {"address": "aws_iam_policy.ok", "type": "aws_iam_policy", "name": "ok",
                 "values": {"policy": json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]})}},
            ],
            "child_modules": [
                {
                    "address": "module.agent",
                    "resources": [
                        {"address": "module.agent.aws_iam_policy.admin", "type": "aws_iam_policy", "name": "admin",
                         "values": {"policy": json.dumps(POLICY)}},
                        {"address": "module.agent.aws_iam_role_policy_attachment.power", "type": "aws_iam_role_policy_attachment",
                         "name": "power", "values": {"role": "agent", "policy_arn": "arn:aws:iam::aws:policy/PowerUserAccess"}},
                        {"address": "module.agent.aws_iam_policy.broken", "type": "aws_iam_policy", "name": "broken",
                         "values": {"policy": "{not json"}},
                    ],
                }
            ],
        }
    },
}


def test_plan_policies_are_checked_with_their_address(cli, tmp_path):
    text = json.dumps(PLAN, indent=2)
    (tmp_path / "plan.json").write_text(text)
    report = json.loads(cli("check", "--format", "json", cwd=tmp_path).stdout)
    found = sorted((f["check_id"], f["line"]) for f in report["findings"])
    lines = text.splitlines()
    admin_line = next(i + 1 for i, line in enumerate(lines) if '"policy": "{\\"Version\\": \\"2012-10-17\\", \\"Statement\\": [{\\"Effect\\": \\"Allow\\", \\"Action\\": \\"*\\"' in line)
    arn_line = next(i + 1 for i, line in enumerate(lines) if "PowerUserAccess" in line)
    broken_line = next(i + 1 for i, line in enumerate(lines) if "{not json" in line)
    assert found == sorted(
        [("iam-admin-wildcard", admin_line), ("iam-managed-admin-attachment", arn_line), ("invalid-document", broken_line)]
    )
    messages = {f["check_id"]: f["message"] for f in report["findings"]}
    assert messages["iam-managed-admin-attachment"].startswith("role `agent` attaches the AWS managed policy `PowerUserAccess`")
    assert "module.agent.aws_iam_policy.broken" in messages["invalid-document"]
