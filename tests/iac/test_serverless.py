"""serverless.yml: the service role's statements, managed policies, per-function roles and embedded CloudFormation."""

from __future__ import annotations

import json

SERVERLESS = """\
service: orders
provider:
  name: aws
  iam:
    role:
      statements:
        - Effect: Allow
          Action: [dynamodb:GetItem, dynamodb:PutItem]
          Resource: "arn:aws:dynamodb:${aws:region}:*:table/${self:service}-*"
        - Effect: Allow
          Action: s3:DeleteBucket
          Resource: "*"
      managedPolicies:
        - arn:aws:iam::aws:policy/AdministratorAccess
functions:
  cleanup:
    handler: cleanup.handler
    iamRoleStatements:
      - Effect: Allow
        Action: ["iam:PassRole"]
        Resource: "*"
resources:
  Resources:
    QueuePolicy:
      Type: AWS::SQS::QueuePolicy
      Properties:
        Queues: [!Ref Queue]
        PolicyDocument:
          Version: "2012-10-17"
          Statement:
            - Effect: Allow
              Principal: "*"
              Action: sqs:SendMessage
              Resource: !GetAtt Queue.Arn
"""


def findings(cli, tmp_path, name="serverless.yml"):
    (tmp_path / name).write_text(SERVERLESS)
    result = cli("check", "--format", "json", cwd=tmp_path)
    return sorted((f["line"], f["column"], f["check_id"]) for f in json.loads(result.stdout)["findings"]), json.loads(result.stdout)


def test_every_place_iam_is_written(cli, tmp_path):
    located, report = findings(cli, tmp_path)
    assert located == [
        (11, 19, "iam-destructive-action"),
        (12, 21, "iam-resource-star"),
        (14, 11, "iam-managed-admin-attachment"),
        (21, 19, "iam-passrole-any-resource"),
        (21, 19, "iam-resource-star"),
        (32, 26, "resource-policy-public"),
    ]
    [admin] = [f for f in report["findings"] if f["check_id"] == "iam-managed-admin-attachment"]
    assert admin["message"].startswith("the role of service `orders` attaches the AWS managed policy `AdministratorAccess`")


def test_statements_need_no_version_and_variables_are_not_wildcards(cli, tmp_path):
    located, _ = findings(cli, tmp_path, "serverless.yaml")
    assert not [f for f in located if f[2] == "iam-policy-version"]
    assert not [f for f in located if f[0] in (8, 9)]
