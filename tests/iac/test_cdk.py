"""CDK in Python: read with libcst, never run; roles, statements, grants and constants."""

from __future__ import annotations

import json
from pathlib import Path

APP = '''\
from aws_cdk import Stack, aws_dynamodb as dynamodb, aws_iam as iam
from constructs import Construct

DATA_ACTIONS = ["rds:DeleteDBCluster", "rds:Describe*"]


class AgentStack(Stack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        role = iam.Role(
            self,
            "AgentRole",
            assumed_by=iam.ServicePrincipal("bedrock-agentcore.amazonaws.com"),
            managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("PowerUserAccess")],
        )
        role.add_to_policy(
            iam.PolicyStatement(
                actions=DATA_ACTIONS,
                resources=["*"],
            )
        )
        table = dynamodb.Table(self, "Orders", partition_key=dynamodb.Attribute(name="id", type=dynamodb.AttributeType.STRING))
        table.grant_full_access(role)
        # scopelint: ignore[iam-resource-star] reports bucket is per-tenant
        role.add_to_policy(iam.PolicyStatement(actions=["s3:PutObject"], resources=[f"{self.bucket_arn}/*", "*"]))
        role.add_to_policy(iam.PolicyStatement(actions=[self.extra_action], resources=[self.table_arn]))
'''


def report(cli, cwd: Path) -> dict:
    return json.loads(cli("check", "--format", "json", cwd=cwd).stdout)


def test_findings_point_at_the_code_that_grants(cli, tmp_path):
    (tmp_path / "app.py").write_text(APP)
    result = report(cli, tmp_path)
    assert result["errors"] == []
    assert sorted((f["line"], f["column"], f["check_id"], f["severity"]) for f in result["findings"]) == [
        (4, 17, "iam-destructive-action", "critical"),
        (13, 24, "trust-ai-service-principal", "info"),
        (13, 24, "trust-service-no-source", "low"),
        (14, 31, "iam-managed-admin-attachment", "critical"),
        (19, 28, "iam-resource-star", "low"),
        (23, 15, "iam-destructive-action", "critical"),
        (23, 15, "iam-resource-exposure", "critical"),
    ]  # no breadth finding on `grant_full_access`: CDK words it, the author chose only the grant


def test_messages_name_the_role_and_why_it_is_an_agents(cli, tmp_path):
    (tmp_path / "app.py").write_text(APP)
    findings = report(cli, tmp_path)["findings"]
    by_line = {(f["line"], f["check_id"]): f["message"] for f in findings}
    # why the role is an AI identity: in the message when it fits, else a note on the grant
    [first] = [f for f in findings if (f["line"], f["check_id"]) == (4, "iam-destructive-action")]
    assert "role `AgentRole` is assumed by Amazon Bedrock AgentCore" in (first["message"] + " ".join(r["note"] for r in first["related"]))
    assert by_line[(23, "iam-destructive-action")].startswith("allows 4 destructive actions: `dynamodb:DeleteTable`")
    assert by_line[(14, "iam-managed-admin-attachment")].startswith("role `AgentRole` attaches the AWS managed policy `PowerUserAccess`")


def test_inline_ignore_and_computed_values(cli, tmp_path):
    (tmp_path / "app.py").write_text(APP)
    result = report(cli, tmp_path)
    assert [(f["check_id"], f["line"]) for f in result["suppressed"]] == [("iam-resource-star", 25)]
    assert not [f for f in result["findings"] if f["line"] in (25, 26)]


def test_python_that_is_not_cdk_is_not_parsed_and_broken_cdk_is_reported(cli, tmp_path):
    (tmp_path / "tool.py").write_text("import json\nprint(json.dumps({'Action': '*'}))\n")
    (tmp_path / "broken.py").write_text("from aws_cdk import aws_iam as iam\niam.PolicyStatement(actions=[\n")
    result = report(cli, tmp_path)
    assert [(f["path"], f["check_id"]) for f in result["findings"]] == [("broken.py", "invalid-document")]
    assert result["findings"][0]["message"].startswith("invalid Python")


def test_constructs_held_in_attributes_of_self(cli, tmp_path):
    (tmp_path / "stack.py").write_text(
        "from aws_cdk import Stack, aws_dynamodb as dynamodb, aws_iam as iam\n"
        "\n"
        "class Stack2(Stack):\n"
        "    def __init__(self, scope, construct_id):\n"
        "        super().__init__(scope, construct_id)\n"
        '        self.role = iam.Role(self, "Agent", assumed_by=iam.ServicePrincipal("bedrock.amazonaws.com"))\n'
        '        self.table = dynamodb.Table(self, "Orders")\n'
        "        self.table.grant_full_access(self.role)\n"
    )
    [delete] = [f for f in report(cli, tmp_path)["findings"] if f["check_id"] == "iam-destructive-action"]
    assert (delete["line"], delete["column"], delete["severity"]) == (8, 20, "critical")  # at `grant_full_access`
    assert "role `Agent` is assumed by Amazon Bedrock" in (delete["message"] + " ".join(r["note"] for r in delete["related"]))


def test_integer_literals_in_every_python_spelling(all_checks):
    """`0x10`, `0o7`, `0b1`, `1_000` are integers, and a 5,000-digit one is not judged, never an error."""
    from lint.runner import Engine

    app = (
        "from aws_cdk import aws_iam as iam\n"
        "stmt = iam.PolicyStatement(actions=['s3:DeleteObject'], resources=['*'], conditions={\n"
        "    'NumericLessThan': {'aws:MultiFactorAuthAge': 0x10, 'a': 0o7, 'b': 0b1, 'c': 1_000, 'd': " + "9" * 5000 + "}})\n"
    )
    outcome = Engine(all_checks).lint_text("app.py", app)
    assert not outcome.errors
    assert {f.check_id for f in outcome.findings} >= {"iam-destructive-action"}
    from lint.formats.python import parse_python
    from lint.subjects.cdk import CdkApp

    policy = next(s for s in CdkApp(parse_python("app.py", app)).subjects() if hasattr(s, "statements"))
    condition = policy.document.data["Statement"][0]["Condition"]["NumericLessThan"]
    assert [condition[k] for k in ("aws:MultiFactorAuthAge", "a", "b", "c")] == [16, 7, 1, 1000]
    assert getattr(condition["d"], "computed", False)
