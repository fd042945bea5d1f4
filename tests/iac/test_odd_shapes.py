"""Odd but parseable IaC never crashes an extractor: every file yields findings or nothing, no run errors."""

from __future__ import annotations

import json

import pytest

from lint.config import Config
from lint.registry import load_checks
from lint.runner import Engine

ODD = {
    "template.yaml": "Resources:\n  A: {Type: AWS::IAM::Role, Properties: 5}\n  B: {Type: AWS::IAM::Policy, Properties: {PolicyDocument: {Statement: 5}}}\n"
    "  C: {Type: AWS::IAM::Role, Properties: {Policies: [5, {PolicyDocument: []}], ManagedPolicyArns: {a: b}}}\n"
    "  D: {Type: AWS::Serverless::Function, Properties: {Policies: [[1], {Statement: {}}]}}\n"
    "  E: {Type: AWS::Lambda::Permission, Properties: {Principal: [1], Action: {Ref: X}}}\n",
    "stack.json": json.dumps({"Resources": {"R": {"Type": "AWS::KMS::Key", "Properties": {"KeyPolicy": {"Statement": [None, "x", {"Effect": 3}]}}}}}),
    "main.tf": 'resource "aws_iam_role" "r" {\n  assume_role_policy = 5\n  inline_policy { policy = [1] }\n  managed_policy_arns = "x"\n}\n'
    'data "aws_iam_policy_document" "d" {\n  statement {\n    actions = 5\n    principals { type = 1 }\n    condition { test = "x" }\n  }\n  source_policy_documents = [data.aws_iam_policy_document.d.json]\n}\n'
    'resource "aws_iam_policy" "p" {\n  policy = data.aws_iam_policy_document.d.json\n}\n'
    'resource "aws_iam_policy_attachment" "a" {\n  roles = "x"\n  policy_arn = 5\n}\n',
    "app.py": "from aws_cdk import aws_iam as iam\n"
    "iam.PolicyStatement(actions=5, principals=[iam.ServicePrincipal()], conditions=[1])\n"
    "iam.Role(assumed_by=iam.CompositePrincipal(), managed_policies=5)\n"
    "iam.PolicyDocument(statements=[iam.PolicyStatement()])\n"
    "x = y = iam.Role(self, 1)\nx.add_to_policy()\nz.grant_read_write()\n",
    "serverless.yml": "service: [1]\nprovider:\n  iam: {role: {statements: {a: 1}, managedPolicies: [1, 'x']}}\n  iamRoleStatements: 5\nfunctions: [1]\nresources: {Resources: 5}\n",
    "plan.json": json.dumps({"format_version": "1", "planned_values": {"root_module": {"resources": [5, {"type": "aws_iam_policy", "values": {"policy": 5}}], "child_modules": "x"}}}),
}


@pytest.mark.parametrize("name", sorted(ODD))
def test_odd_shapes_do_not_crash(tmp_path, name):
    (tmp_path / name).write_text(ODD[name])
    result, _ = Engine(load_checks(), Config(root=tmp_path)).run_paths([tmp_path], cwd=tmp_path)
    assert result.errors == []
    assert not [f for f in result.findings if "${computed}" in f.message]  # placeholders never surface
