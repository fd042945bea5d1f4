"""The same policy, written standalone or inside a CloudFormation template, gets the same findings at its own lines."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from lint.config import Config
from lint.registry import load_checks
from lint.runner import Engine

V = "2012-10-17"
IDENTITY_POLICIES = {
    "admin": {"Version": V, "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]},
    "service-wildcard": {"Version": V, "Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": "*"}]},
    "not-action": {"Version": V, "Statement": [{"Effect": "Allow", "NotAction": ["iam:*"], "Resource": "*"}]},
    "not-resource": {"Version": V, "Statement": [{"Effect": "Allow", "Action": "s3:DeleteBucket", "NotResource": "arn:aws:s3:::keep"}]},
    "passrole": {"Version": V, "Statement": [{"Effect": "Allow", "Action": ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}]},
    "typos": {
        "Version": V,
        "Statement": [
            {"Sid": "A", "Effect": "Allow", "Action": ["s3:GetObjct", "ec2:Describe*"], "Resource": "*"},
            {"Sid": "A", "Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*", "Condition": {"StringEqual": {"aws:PrincipalTag/team": "x"}}},
        ],
    },
    "risk": {
        "Version": V,
        "Statement": [
            {"Effect": "Allow", "Action": ["rds:Delete*", "cloudtrail:StopLogging", "iam:CreateAccessKey", "secretsmanager:GetSecretValue"], "Resource": "*"},
            {"Effect": "Allow", "Action": ["s3:PutBucketPolicy", "iam:DeleteRolePermissionsBoundary"], "Resource": "*",
             "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
        ],
    },
}
TRUST = {"Version": V, "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}
BUCKET_POLICY = {"Version": V, "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::site/*"}]}


def _template(policy: dict, role: str = "AppRole") -> dict:
    return {
        "AWSTemplateFormatVersion": "2010-09-09",
        "Resources": {
            role: {
                "Type": "AWS::IAM::Role",
                "Properties": {
                    "AssumeRolePolicyDocument": TRUST,
                    "Policies": [{"PolicyName": "app", "PolicyDocument": policy}],
                },
            },
            "SitePolicy": {"Type": "AWS::S3::BucketPolicy", "Properties": {"Bucket": "site", "PolicyDocument": BUCKET_POLICY}},
        },
    }


ROOTS = {
    "policy": "/Resources/AppRole/Properties/Policies/0/PolicyDocument",
    "trust": "/Resources/AppRole/Properties/AssumeRolePolicyDocument",
    "bucket": "/Resources/SitePolicy/Properties/PolicyDocument",
}


def _run(tmp_path: Path, files: dict[str, str]):
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    result, _ = Engine(load_checks(), Config(root=tmp_path)).run_paths([tmp_path], cwd=tmp_path)
    assert not result.errors, result.errors
    return result.findings, files


def _hcl(value, indent: str = "") -> str:
    """A JSON-like value as an HCL expression (for `jsonencode`)."""
    if isinstance(value, dict):
        inner = "".join(f"{indent}  {json.dumps(k)} = {_hcl(v, indent + '  ')}\n" for k, v in value.items())
        return "{\n" + inner + indent + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_hcl(v, indent) for v in value) + "]"
    return json.dumps(value)


def _policy_document_block(name: str, policy: dict) -> str:
    """The same policy as a `data "aws_iam_policy_document"`."""
    out = [f'data "aws_iam_policy_document" "{name}" {{']
    for statement in policy["Statement"]:
        out.append("  statement {")
        if "Sid" in statement:
            out.append(f'    sid = {json.dumps(statement["Sid"])}')
        out.append(f'    effect = {json.dumps(statement["Effect"])}')
        for aws, hcl in (("Action", "actions"), ("NotAction", "not_actions"), ("Resource", "resources"), ("NotResource", "not_resources")):
            if aws in statement:
                values = statement[aws] if isinstance(statement[aws], list) else [statement[aws]]
                out.append(f"    {hcl} = {json.dumps(values)}")
        for operator, entries in statement.get("Condition", {}).items():
            for variable, values in entries.items():
                values = values if isinstance(values, list) else [values]
                out.append(f"    condition {{\n      test = {json.dumps(operator)}\n      variable = {json.dumps(variable)}\n      values = {json.dumps(values)}\n    }}")
        out.append("  }")
    out.append("}")
    return "\n".join(out) + "\n"


def _terraform(policy: dict, form: str) -> str:
    if form == "terraform-jsonencode":
        value = "jsonencode(" + _hcl(policy, "  ") + ")"
        extra = ""
    elif form == "terraform-heredoc":
        value = "<<EOF\n" + json.dumps(policy, indent=2) + "\nEOF"
        extra = ""
    else:
        value = "data.aws_iam_policy_document.app.json"
        extra = _policy_document_block("app", policy)
    return (
        'resource "aws_iam_role" "app" {\n'
        f"  assume_role_policy = jsonencode({_hcl(TRUST, '  ')})\n"
        "}\n"
        + extra
        + 'resource "aws_iam_role_policy" "app" {\n'
        "  role = aws_iam_role.app.id\n"
        f"  policy = {value}\n"
        "}\n"
        'resource "aws_s3_bucket_policy" "site" {\n'
        '  bucket = "site"\n'
        f"  policy = jsonencode({_hcl(BUCKET_POLICY, '  ')})\n"
        "}\n"
    )


def _cdk(policy: dict) -> str:
    """The same policy as a CDK `iam.Policy` of `iam.PolicyStatement`s attached to a role."""
    statements = []
    for statement in policy["Statement"]:
        args = []
        if "Sid" in statement:
            args.append(f"sid={json.dumps(statement['Sid'])}")
        args.append(f"effect=iam.Effect.{statement['Effect'].upper()}")
        for aws, keyword in (("Action", "actions"), ("NotAction", "not_actions"), ("Resource", "resources"), ("NotResource", "not_resources")):
            if aws in statement:
                values = statement[aws] if isinstance(statement[aws], list) else [statement[aws]]
                args.append(f"{keyword}={json.dumps(values)}")
        if "Condition" in statement:
            args.append(f"conditions={json.dumps(statement['Condition'])}")
        statements.append("                iam.PolicyStatement(" + ", ".join(args) + "),")
    body = "\n".join(statements)
    return (
        "from aws_cdk import Stack, aws_iam as iam\n\n\n"
        "class AppStack(Stack):\n"
        "    def __init__(self, scope, construct_id):\n"
        "        super().__init__(scope, construct_id)\n"
        '        role = iam.Role(self, "AppRole", assumed_by=iam.AnyPrincipal())\n'
        "        iam.Policy(\n"
        '            self, "App", roles=[role],\n'
        "            statements=[\n"
        f"{body}\n"
        "            ],\n"
        "        )\n"
        "        iam.PolicyDocument(statements=[\n"
        '            iam.PolicyStatement(principals=[iam.AnyPrincipal()], actions=["s3:GetObject"], resources=["arn:aws:s3:::site/*"]),\n'
        "        ])\n"
    )


TF_ROOTS = {
    "policy": "/resource/aws_iam_role_policy/app/policy",
    "trust": "/resource/aws_iam_role/app/assume_role_policy",
    "bucket": "/resource/aws_s3_bucket_policy/site/policy",
}


_SINGLE = re.compile(r"/(Action|NotAction|Resource|NotResource)/0$")


def _relative(finding, roots: dict[str, str]) -> tuple[str, str, str, str]:
    # `aws_iam_policy_document` always holds lists: `"Action": "x"` there is `actions = ["x"]`.
    for label, root in sorted(roots.items(), key=lambda item: -len(item[1])):
        if finding.location.pointer.startswith(root + "/") or finding.location.pointer == root:
            relative = _SINGLE.sub(r"/\1", finding.location.pointer[len(root):])
            return (label, finding.check_id, relative, finding.severity.name)
    raise AssertionError(f"finding outside the policies: {finding.location.pointer}")


def _source_at(text: str, line: int, col: int) -> str:
    return text.splitlines()[line - 1][col - 1 :]


@pytest.mark.parametrize("name", sorted(IDENTITY_POLICIES))
@pytest.mark.parametrize(
    "form",
    ["cloudformation-yaml", "cloudformation-json", "terraform-jsonencode", "terraform-heredoc", "terraform-policy-document", "cdk-python"],
)
def test_template_findings_match_standalone(tmp_path, name, form):
    policy = IDENTITY_POLICIES[name]
    standalone_dir = tmp_path / "standalone"
    standalone_dir.mkdir()
    standalone, _ = _run(
        standalone_dir,
        {"policy.json": json.dumps(policy, indent=2), "trust.json": json.dumps(TRUST, indent=2), "bucket.json": json.dumps(BUCKET_POLICY, indent=2)},
    )
    expected = {
        (Path(f.location.path).stem, f.check_id, _SINGLE.sub(r"/\1", f.location.pointer), f.severity.name)
        for f in standalone
        if f.check_id not in ("iam-policy-version",)
    }
    template_dir = tmp_path / "template"
    template_dir.mkdir()
    if form == "cdk-python":
        text = _cdk(policy)
        found, files = _run(template_dir, {"app.py": text})
        others = {"trust-any-principal", "resource-policy-public"}
        got = {("policy", f.check_id, _SINGLE.sub(r"/\1", f.location.pointer), f.severity.name) for f in found if f.check_id not in others}
        assert got == {e for e in expected if e[0] == "policy"}, text
        assert others <= {f.check_id for f in found}
        for finding in found:  # each finding starts at the code that writes its element
            at = _source_at(text, finding.location.span.start_line, finding.location.span.start_col)
            assert at[:1] in '"[{' or at.startswith("iam."), (finding.check_id, finding.location.pointer, at)
        return
    if form.startswith("terraform"):
        text = _terraform(policy, form)
        found, files = _run(template_dir, {"main.tf": text})
        roots = dict(TF_ROOTS, policy="") if form == "terraform-policy-document" else TF_ROOTS
        got = {_relative(f, roots) for f in found if f.check_id != "iam-managed-admin-attachment"}
        assert got == expected, text
        _assert_at_source(found, files["main.tf"])
        return
    template = _template(policy)
    text = yaml.safe_dump(template, sort_keys=False) if form == "cloudformation-yaml" else json.dumps(template, indent=2)
    file_name = "template.yaml" if form == "cloudformation-yaml" else "template.json"
    found, files = _run(template_dir, {file_name: text})
    got = {_relative(f, ROOTS) for f in found if f.check_id != "iam-managed-admin-attachment"}
    assert got == expected
    assert expected, "the policy must produce findings for the comparison to mean anything"
    # every finding points at the source text of its element: the line a reviewer reads
    data = json.loads(json.dumps(template))
    for finding in found:
        value = data
        for part in finding.location.pointer.strip("/").split("/"):
            value = value[int(part)] if isinstance(value, list) else value[part]
        at = _source_at(files[file_name], finding.location.span.start_line, finding.location.span.start_col)
        name = finding.location.pointer.rsplit("/", 1)[-1]
        first_word = at.split(":", 1)[0].strip("'\" ")
        if isinstance(value, str):
            assert at.lstrip("'\"").startswith(value) or first_word == name, (finding.check_id, finding.location.pointer, at)
        else:  # a mapping or list: its opening bracket, its first key (YAML block), or its own key
            keys = value if isinstance(value, dict) else {}
            assert at[:1] in "{[-" or first_word in keys or first_word == name, (finding.check_id, finding.location.pointer, at)


def _assert_at_source(found, text: str) -> None:
    """Terraform: each finding's span starts on an element the reviewer recognises."""
    for finding in found:
        at = _source_at(text, finding.location.span.start_line, finding.location.span.start_col)
        assert at[:1] in '"[{' or at.split(" ", 1)[0] in ("statement", "condition") or at.startswith("<<"), (
            finding.check_id,
            finding.location.pointer,
            at,
        )
