"""CloudFormation and SAM: identities linked within a template, intrinsics handled conservatively, suppression."""

from __future__ import annotations

import json
from pathlib import Path

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  BucketName: {Type: String}
Resources:
  AgentRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: bedrock-agentcore.amazonaws.com}
            Action: sts:AssumeRole
            Condition: {StringEquals: {aws:SourceAccount: !Ref AWS::AccountId}}
      PermissionsBoundary: !Ref AgentBoundary
  AgentData:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: agent-data
      Roles: [!Ref AgentRole]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: dynamodb:DeleteTable
            Resource: "*"
          - Effect: Allow
            Action: [s3:DeleteObject]
            Resource: !Sub "arn:${AWS::Partition}:s3:::${BucketName}/*"
          - !If [IsProd, {Effect: Allow, Action: "s3:*", Resource: "*"}, !Ref AWS::NoValue]
  AgentBoundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: "*"
            Resource: "*"
  Broken:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: broken
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [s3:GetObject, 5]
            Resource: !GetAtt Bucket.Arn
"""


def report(cli, cwd: Path, *args: str) -> dict:
    return json.loads(cli("check", "--format", "json", *args, cwd=cwd).stdout)


def test_policy_attached_by_reference_inherits_the_roles_ai_identity(cli, tmp_path):
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    findings = report(cli, tmp_path)["findings"]
    [delete] = [f for f in findings if f["check_id"] == "iam-destructive-action" and f["line"] == 25]
    assert (delete["line"], delete["column"], delete["severity"]) == (25, 21, "critical")
    # why the role is an AI identity: in the message when it fits, else a note on the grant
    assert "role `AgentRole` is assumable by Amazon Bedrock AgentCore" in (delete["message"] + " ".join(r["note"] for r in delete["related"]))


def test_unresolved_intrinsics_are_never_reported_as_broad(cli, tmp_path):
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    findings = report(cli, tmp_path)["findings"]
    # `s3:DeleteObject` on a parameter-built ARN is scoped, not `*`; the `!If` statement is not guessed at
    [scoped] = [f for f in findings if f["line"] == 28]
    assert scoped["check_id"] == "iam-destructive-action" and "on any resource" not in scoped["message"]
    assert not [f for f in findings if f["line"] in (29, 30) and f["check_id"] != "iam-policy-not-judged"]
    assert not [f for f in findings if f["check_id"] in ("iam-service-wildcard", "iam-invalid-statement")]
    # ... but it is listed, as information, at the statement
    [listed] = [f for f in findings if f["check_id"] == "iam-policy-not-judged"]
    assert (listed["line"], listed["severity"]) == (30, "info")
    assert listed["message"].startswith("not judged: computed statement 2 of `PolicyDocument` of `agent-data` (`!If [\"IsProd\"")


def test_a_managed_policy_used_as_a_boundary_is_judged_as_one(cli, tmp_path):
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    findings = report(cli, tmp_path)["findings"]
    assert not [f for f in findings if f["check_id"] == "iam-admin-wildcard"]


def test_wrong_shapes_are_reported_where_they_are_and_the_rest_is_checked(cli, tmp_path):
    (tmp_path / "template.yaml").write_text(TEMPLATE)
    result = report(cli, tmp_path)
    invalid = [(f["line"], f["column"], f["message"]) for f in result["findings"] if f["check_id"] == "invalid-document"]
    assert invalid == [(48, 36, "`Action` must hold strings, not a number")]
    assert result["errors"] == []


def test_inline_ignore_in_a_template(cli, tmp_path):
    text = TEMPLATE.replace(
        "            Action: dynamodb:DeleteTable\n",
        "            # scopelint: ignore[iam-destructive-action] sandbox tables only\n            Action: dynamodb:DeleteTable\n",
    )
    (tmp_path / "template.yaml").write_text(text)
    result = report(cli, tmp_path, "--config", str(_allow_critical(tmp_path)))
    assert [f["line"] for f in result["findings"] if f["check_id"] == "iam-destructive-action"] == [29]
    [suppressed] = [f for f in result["suppressed"] if f["check_id"] == "iam-destructive-action"]
    assert suppressed["suppression"]["reason"] == "sandbox tables only"


def _allow_critical(tmp_path: Path) -> Path:
    config = tmp_path / "scopelint.toml"
    config.write_text("allow-inline-critical = true\n")
    return config


def test_template_in_json_is_read_too(cli, tmp_path):
    template = {
        "Resources": {
            "Deployer": {
                "Type": "AWS::IAM::User",
                "Properties": {"ManagedPolicyArns": ["arn:aws:iam::aws:policy/AdministratorAccess"]},
            }
        }
    }
    (tmp_path / "stack.json").write_text(json.dumps(template, indent=2))
    [finding] = report(cli, tmp_path)["findings"]
    assert (finding["check_id"], finding["line"], finding["column"]) == ("iam-managed-admin-attachment", 7, 11)
    assert finding["message"].startswith("user `Deployer` attaches the AWS managed policy `AdministratorAccess`")


SPLIT = """\
Resources:
  Deployer:
    Type: AWS::IAM::Role
    Properties:
      RoleName: deployer
      PermissionsBoundary: BOUNDARY
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {Service: codebuild.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: pass
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: iam:PassRole
                Resource: "*"
                Condition: {StringEquals: {iam:PassedToService: lambda.amazonaws.com}}
  LambdaAdmin:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: lambda
      Roles: [!Ref Deployer]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: [lambda:CreateFunction, lambda:InvokeFunction, rds:DeleteDBCluster]
            Resource: "*"
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: ["iam:PassRole", "lambda:*"]
            Resource: "*"
"""


def test_escalation_split_across_two_policies_of_a_role(cli, tmp_path):
    (tmp_path / "template.yaml").write_text(SPLIT.replace("      PermissionsBoundary: BOUNDARY\n", ""))
    findings = report(cli, tmp_path, "--select", "iam-privilege-escalation")["findings"]
    [finding] = [f for f in findings if f["line"] < 30]  # the unattached managed policy is judged on its own
    assert (finding["line"], finding["column"]) == (18, 25)
    assert finding["message"].startswith("role `deployer` combines its 2 policies into privilege escalation by 1 method: PassExistingRoleToNewLambdaThenInvoke")
    assert [(r["line"], r["column"], r["note"]) for r in finding["related"]] == [
        (30, 22, "grants `lambda:CreateFunction`"),
        (30, 45, "grants `lambda:InvokeFunction`"),
    ]


def test_permissions_boundary_in_the_template_limits_what_the_role_is_granted(cli, tmp_path):
    (tmp_path / "template.yaml").write_text(SPLIT.replace("BOUNDARY", "!Ref Boundary"))
    findings = report(cli, tmp_path)["findings"]
    ids = {f["check_id"] for f in findings}
    assert "iam-privilege-escalation" in ids  # PassRole and lambda:* pass the boundary
    assert "iam-destructive-action" not in ids  # rds:DeleteDBCluster does not
    assert "iam-admin-wildcard" not in ids


METADATA = """\
Resources:
  SandboxCleaner:
    Type: AWS::IAM::Policy
    Metadata:
      scopelint:
        ignore:
          - id: iam-destructive-action
            reason: sandbox account, tables are recreated nightly
          - iam-defense-evasion
    Properties:
      PolicyName: cleaner
      Roles: [!Ref CleanerRole]
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: dynamodb:DeleteTable
            Resource: "*"
"""


def test_metadata_ignore_covers_its_resource_and_unused_entries_are_reported(cli, tmp_path):
    (tmp_path / "template.yaml").write_text(METADATA)
    result = report(cli, tmp_path)
    [suppressed] = [f for f in result["suppressed"] if f["check_id"] == "iam-destructive-action"]
    assert suppressed["suppression"]["reason"] == "sandbox account, tables are recreated nightly"
    assert suppressed["line"] == 17
    assert [(f["check_id"], f["line"], f["column"]) for f in result["findings"] if f["check_id"] != "iam-resource-star"] == [
        ("unused-suppression", 9, 13)
    ]
    [unused] = [f for f in result["findings"] if f["check_id"] == "unused-suppression"]
    assert unused["message"] == "`ignore[iam-defense-evasion]` silences nothing in this resource"


SAM = """\
Transform: AWS::Serverless-2016-10-31
Resources:
  Cleaner:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Policies:
        - S3CrudPolicy:
            BucketName: !Ref Uploads
        - SQSPollerPolicy: {QueueName: jobs}
        - SomeFuturePolicy: {}
"""


def test_sam_policy_templates_grant_what_sam_expands_them_to(cli, tmp_path):
    (tmp_path / "template.yaml").write_text(SAM)
    result = report(cli, tmp_path)
    assert result["errors"] == []
    found = sorted((f["line"], f["column"], f["check_id"], f["severity"]) for f in result["findings"])
    # the template names one bucket: deleting objects in it is destructive, scoped, so medium;
    # breadth checks stay quiet on SAM's wording, and an unknown template is not guessed at
    assert found == [(8, 11, "iam-destructive-action", "medium"), (8, 11, "iam-resource-exposure", "medium")]
    [delete] = [f for f in result["findings"] if f["check_id"] == "iam-destructive-action"]
    assert delete["message"].startswith("allows 2 destructive actions: `s3:DeleteObject`, `s3:PutLifecycleConfiguration`")


def test_every_sam_template_action_is_real():
    from lint.iam import catalog
    from lint.subjects.cloudformation import _sam_templates

    for name, statements in _sam_templates().items():
        for statement in statements:
            for action in statement["actions"]:
                assert catalog.expand(action), (name, action)


def test_lambda_permission_for_anyone_is_a_public_resource_policy(cli, tmp_path):
    (tmp_path / "template.yaml").write_text(
        "Resources:\n"
        "  PublicInvoke:\n"
        "    Type: AWS::Lambda::Permission\n"
        "    Properties:\n"
        "      Action: lambda:InvokeFunction\n"
        "      FunctionName: !Ref Api\n"
        '      Principal: "*"\n'
        "  OrgInvoke:\n"
        "    Type: AWS::Lambda::Permission\n"
        "    Properties:\n"
        "      Action: lambda:InvokeFunction\n"
        "      FunctionName: !Ref Api\n"
        '      Principal: "*"\n'
        "      PrincipalOrgID: o-abc123\n"
    )
    [finding] = report(cli, tmp_path)["findings"]
    assert (finding["check_id"], finding["line"], finding["column"]) == ("resource-policy-public", 7, 18)


def test_attached_aws_managed_policies_count_toward_the_identity(cli, tmp_path):
    (tmp_path / "template.yaml").write_text(
        "Resources:\n"
        "  AgentRole:\n"
        "    Type: AWS::IAM::Role\n"
        "    Properties:\n"
        "      AssumeRolePolicyDocument:\n"
        '        Version: "2012-10-17"\n'
        "        Statement:\n"
        "          - Effect: Allow\n"
        "            Principal: {Service: bedrock.amazonaws.com}\n"
        "            Action: sts:AssumeRole\n"
        "            Condition: {StringEquals: {aws:SourceAccount: '123456789012'}}\n"
        "      ManagedPolicyArns:\n"
        "        - arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess\n"
        "        - arn:aws:iam::aws:policy/ReadOnlyAccess\n"
    )
    findings = report(cli, tmp_path)["findings"]
    [delete] = [f for f in findings if f["check_id"] == "iam-destructive-action"]
    assert (delete["line"], delete["column"], delete["severity"]) == (13, 11, "critical")
    assert "through the AWS managed policy `AmazonDynamoDBFullAccess`" in delete["message"]
    assert "role `AgentRole` is assumable by Amazon Bedrock" in (delete["message"] + " ".join(r["note"] for r in delete["related"]))
    # AWS's own wording in the attached policies is not reported as the author's
    assert not [f for f in findings if f["check_id"] in ("iam-service-wildcard", "iam-wildcard-verb", "iam-unknown-action")]
