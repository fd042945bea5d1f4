"""Precision on real shapes: nothing skipped in silence, ARNs read as AWS reads them, role targets resolved,
and the false alarms that made users turn checks off. Every fixture is asserted at exact locations."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from lint.registry import load_checks
from lint.runner import Engine


def builtin_checks():
    return _CHECKS


_CHECKS = load_checks()

READ_ALL = """\
resource "aws_iam_policy" "newline" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "dynamodb:*", Resource = "*" }]
  }
  )
}

resource "aws_iam_policy" "wrapped" {
  policy = (jsonencode( # the deploy policy
    {
      Version   = "2012-10-17"
      Statement = [{ Effect = "Allow", Action = concat(["sqs:*"], tolist(["sns:*"])), Resource = toset(["*"]) }]
    } // end
  ))
}

resource "aws_iam_policy" "looped" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [merge({ Effect = "Allow" }, { Action = [for s in ["ec2", "rds"] : "${s}:*"], Resource = "*" })]
  })
}

resource "aws_iam_policy" "indented" {
  policy = <<-EOT
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "kms:*", "Resource": "*"}]}
  EOT
}

resource "aws_iam_policy" "computed" {
  policy = module.policies.deploy_json
}

resource "aws_ses_identity_policy" "public" {
  identity = "example.com"
  name     = "public"
  policy   = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = "*", Action = "ses:SendEmail", Resource = "*" }] })
}

resource "aws_iam_group" "ops" {
  count = 1
  name  = "ops"
}

data "aws_iam_policy_document" "ops" {
  count = 1
  statement {
    actions   = ["cloudtrail:StopLogging"]
    resources = ["*"]
  }
}

resource "aws_iam_group_policy" "ops" {
  group  = aws_iam_group.ops[0].id
  policy = data.aws_iam_policy_document.ops[0].json
}

resource "aws_iam_role" "agent" {
  name               = "agent"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy_attachments_exclusive" "agent" {
  role_name   = aws_iam_role.agent.name
  policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

data "aws_iam_policy_document" "typo" {
  statement {
    actions   = "s3:GetObject"
    resources = ["arn:aws:s3:::reports/*", 42]
  }
}
"""

ROLES = """\
data "aws_caller_identity" "current" {}

resource "aws_iam_role" "admin" {
  name                = "platform-admin"
  assume_role_policy  = data.aws_iam_policy_document.trust.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]
}

resource "aws_iam_role" "ci" {
  name               = "ci"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

resource "aws_iam_role" "reader" {
  name               = "reader"
  assume_role_policy = data.aws_iam_policy_document.trust.json
}

data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role_policy" "ci" {
  role = aws_iam_role.ci.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = ["iam:PassRole"], Resource = aws_iam_role.admin.arn },
      { Effect = "Allow", Action = ["lambda:CreateFunction", "lambda:InvokeFunction"], Resource = "*" },
      { Effect = "Allow", Action = "iam:PutRolePolicy", Resource = aws_iam_role.ci.arn },
      { Effect = "Allow", Action = "iam:CreateAccessKey", Resource = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:user/*" },
    ]
  }
  )
}

resource "aws_iam_role_policy" "reader" {
  role = aws_iam_role.reader.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      { Effect = "Allow", Action = "sts:AssumeRole", Resource = aws_iam_role.admin.arn },
      { Effect = "Allow", Action = "iam:CreateAccessKey", Resource = "arn:aws:iam::${data.aws_caller_identity.current.account_id}:user/deployer" },
    ]
  })
}
"""

TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AdminRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: platform-admin
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      ManagedPolicyArns: [arn:aws:iam::aws:policy/AdministratorAccess]
  CiRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {Service: lambda.amazonaws.com}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: ci
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: iam:PassRole
                Resource: !GetAtt AdminRole.Arn
              - Effect: Allow
                Action: [lambda:CreateFunction, lambda:InvokeFunction]
                Resource: "*"
              - Effect: Allow
                Action: iam:CreateAccessKey
                Resource: !Sub "arn:${AWS::Partition}:iam::${AWS::AccountId}:user/*"
"""


def findings(path: str, text: str) -> list[tuple[int, int, str]]:
    engine = Engine(builtin_checks())
    outcome = engine.lint_text(path, text)
    return sorted((f.location.span.start_line, f.location.span.start_col, f.check_id) for f in outcome.findings)


def by_check(path: str, text: str) -> dict[str, list]:
    engine = Engine(builtin_checks())
    out: dict[str, list] = {}
    for f in engine.lint_text(path, text).findings:
        out.setdefault(f.check_id, []).append(f)
    return out


# -- 1. constructs Terraform evaluates statically are read; what stays computed is listed ----------------------
def test_statically_evaluated_constructs_are_read_where_they_are_written():
    located = findings("main.tf", READ_ALL)
    wildcards = [(line, col) for line, col, check in located if check == "iam-service-wildcard"]
    assert wildcards == [
        (4, 47),  # jsonencode({...}\n) with the closing parenthesis on its own line
        (13, 57),  # (jsonencode( # comment ... )): concat(["sqs:*"], ...)
        (13, 75),  # ... tolist(["sns:*"]) inside concat
        (21, 84),  # [for s in ["ec2", "rds"] : "${s}:*"] inside merge(): both results at the for body
        (21, 84),
        (27, 75),  # heredoc <<-EOT
    ]


def test_a_policy_that_stays_computed_is_listed_at_its_attribute_as_information():
    [listed] = by_check("main.tf", READ_ALL)["iam-policy-not-judged"]
    span = listed.location.span
    assert (span.start_line, span.start_col, listed.severity.name) == (32, 12, "INFO")
    assert "`policy` of `aws_iam_policy.computed` (`module.policies.deploy_json`)" in listed.message


# -- 2. resource types from the provider's documentation; exclusive attachments ---------------------------------
def test_policy_resources_from_the_provider_schema_are_read():
    located = findings("main.tf", READ_ALL)
    assert (38, 96, "resource-policy-public") in located  # aws_ses_identity_policy
    assert (66, 18, "iam-managed-admin-attachment") in located  # aws_iam_role_policy_attachments_exclusive


def test_policy_attribute_data_names_real_kinds():
    from lint.subjects.terraform import POLICY_ATTRIBUTES

    assert POLICY_ATTRIBUTES["aws_api_gateway_rest_api_policy"][0] == "policy"
    assert POLICY_ATTRIBUTES["aws_ses_identity_policy"][0] == "policy"
    assert POLICY_ATTRIBUTES["aws_xray_resource_policy"][0] == "policy_document"
    assert "aws_iam_role" not in POLICY_ATTRIBUTES  # read by its own code (trust, inline, managed)


# -- 3. indexed references ---------------------------------------------------------------------------------------
def test_indexed_references_resolve_to_the_block_they_index():
    located = findings("main.tf", READ_ALL)
    assert (49, 18, "iam-defense-evasion") in located  # data.aws_iam_policy_document.ops[0].json, group ops[0]


# -- wrongly typed elements of aws_iam_policy_document are located at the element ---------------------------------
def test_wrongly_typed_policy_document_arguments_are_located():
    problems = by_check("main.tf", READ_ALL)["invalid-document"]
    assert [(p.location.span.start_line, p.location.span.start_col) for p in problems] == [(71, 17), (72, 44)]
    assert "`actions` must be a list of strings, not a string" in problems[0].message
    assert "`resources` must hold strings, not a number" in problems[1].message


# -- 4, 5, 7. computed accounts, role targets, policies written on oneself ----------------------------------------
def test_computed_account_arn_is_this_accounts_and_named_targets_resolve():
    found = by_check("main.tf", ROLES)
    escalations = {(f.location.span.start_line, f.location.span.start_col): f for f in found["iam-privilege-escalation"]}
    assert sorted(escalations) == [(37, 36), (48, 65)]
    ci = escalations[(37, 36)].message
    methods = dict(m.split(": ", 1) for m in escalations[(37, 36)].data["method_actions"])
    # user/* under a computed account is every user of the account
    assert methods["CreateAccessKey"] == "iam:CreateAccessKey" and ci.startswith("allows privilege escalation by 3 methods: CreateAccessKey")
    # PutRolePolicy on the role that holds the policy
    assert methods["PutRolePolicy"] == "iam:PutRolePolicy"
    # PassRole to a role of the module that attaches AdministratorAccess
    assert "PassExistingRoleToNewLambdaThenInvoke" in methods
    assert "`iam:PassRole` reaches role `platform-admin`, which holds administrator-grade access" in ci
    assert [(r.span.start_line, r.note) for r in escalations[(37, 36)].related][:1] == [(3, "attaches `AdministratorAccess`")]
    # AssumeRole on that role: the end of the chain
    assume = escalations[(48, 65)]
    assert assume.message.startswith("can assume role `platform-admin`, which holds administrator-grade access")
    assert [r.span.start_line for r in assume.related] == [3]
    # a named user under a computed account names one user: no escalation at line 49
    assert not [f for f in found["iam-privilege-escalation"] if f.location.span.start_line == 49]


def test_cloudformation_getatt_and_sub_resolve_the_same_way():
    found = by_check("template.yaml", TEMPLATE)
    [escalation] = found["iam-privilege-escalation"]
    assert (escalation.location.span.start_line, escalation.location.span.start_col) == (32, 25)
    assert "CreateAccessKey" in escalation.message and "reaches role `platform-admin`" in escalation.message


def test_attach_with_a_policy_arn_condition_on_oneself_is_no_escalation():
    text = ROLES.replace(
        '{ Effect = "Allow", Action = "iam:PutRolePolicy", Resource = aws_iam_role.ci.arn },',
        '{ Effect = "Allow", Action = "iam:AttachRolePolicy", Resource = aws_iam_role.ci.arn,'
        ' Condition = { ArnEquals = { "iam:PolicyARN" = "arn:aws:iam::aws:policy/ReadOnlyAccess" } } },',
    )
    [ci] = [f for f in by_check("main.tf", text)["iam-privilege-escalation"] if f.location.span.start_line == 37]
    assert not {"AttachRolePolicy", "PutRolePolicy"} & set(ci.data["methods"])
    unconditioned = ROLES.replace("iam:PutRolePolicy", "iam:AttachRolePolicy")
    [ci] = [f for f in by_check("main.tf", unconditioned)["iam-privilege-escalation"] if f.location.span.start_line == 37]
    assert "AttachRolePolicy: iam:AttachRolePolicy" in ci.data["method_actions"]


def test_passrole_to_a_harmless_role_of_the_module_is_no_escalation():
    text = ROLES.replace('managed_policy_arns = ["arn:aws:iam::aws:policy/AdministratorAccess"]', "")
    found = by_check("main.tf", text)
    messages = " ".join(f.message for f in found.get("iam-privilege-escalation", []))
    assert "PassExistingRoleToNewLambdaThenInvoke" not in messages
    assert "can assume" not in messages


# -- 10. the risk catalogue: each action's own reason ----------------------------------------------------------
def test_risk_reasons_are_the_actions_own():
    from lint.iam.risks import risk_actions

    assert "iam:GetCredentialReport" not in risk_actions("data-exfiltration")
    credentials = risk_actions("credentials-exposure")
    assert not {"ecr:GetAuthorizationToken", "codeartifact:GetAuthorizationToken", "ecr-public:GetAuthorizationToken"} & set(credentials)
    assert "password" in risk_actions("data-exfiltration")["rds:ModifyDBInstance"]
    assert "publicly accessible" in risk_actions("resource-exposure")["rds:ModifyDBInstance"]
    assert risk_actions("destructive")["lambda:DeleteFunction"] == "deletes a function and its versions"
    assert "secret" not in risk_actions("destructive")["cognito-idp:DeleteUserPool"]
    assert "rds:RestoreDBInstanceFromDBSnapshot" in risk_actions("data-exfiltration")


@pytest.mark.parametrize(
    ("actions", "check"),
    [(["iam:GetCredentialReport"], "iam-data-exfiltration"), (["ecr:GetAuthorizationToken"], "iam-credentials-exposure")],
)
def test_reconnaissance_and_own_tokens_are_not_reported(actions, check):
    policy = json.dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]})
    assert check not in by_check("policy.json", policy)


# -- 13. AI identities -------------------------------------------------------------------------------------------
def test_sagemaker_is_not_an_ai_service_and_every_entry_has_a_reason():
    from lint.ai_identity import ai_principals, ai_service

    assert ai_service("sagemaker.amazonaws.com") is None
    assert ai_service("bedrock.amazonaws.com") == "Amazon Bedrock"
    assert all(entry["reason"].strip() and entry["service"].strip() for entry in ai_principals().values())


BEDROCK_TF = """\
resource "aws_iam_role" "tools" {
  name               = "agent-tools"
  assume_role_policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Principal = { Service = "lambda.amazonaws.com" }, Action = "sts:AssumeRole" }] })
}

resource "aws_iam_role_policy" "tools" {
  role   = aws_iam_role.tools.id
  policy = jsonencode({ Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "rds:DeleteDBCluster", Resource = "*" }] })
}

resource "aws_lambda_function" "tools" {
  function_name = "agent-tools"
  role          = aws_iam_role.tools.arn
}

resource "aws_bedrockagent_agent_action_group" "ops" {
  action_group_name = "ops"
  action_group_executor {
    lambda = aws_lambda_function.tools.arn
  }
}
"""

BEDROCK_CFN = """\
Resources:
  ToolsRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - {Effect: Allow, Principal: {Service: lambda.amazonaws.com}, Action: sts:AssumeRole}
      Policies:
        - PolicyName: tools
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - {Effect: Allow, Action: rds:DeleteDBCluster, Resource: "*"}
  Tools:
    Type: AWS::Lambda::Function
    Properties:
      Role: !GetAtt ToolsRole.Arn
  Agent:
    Type: AWS::Bedrock::Agent
    Properties:
      AgentName: ops
      ActionGroups:
        - ActionGroupName: ops
          ActionGroupExecutor: {Lambda: !GetAtt Tools.Arn}
"""


@pytest.mark.parametrize(("path", "text", "line", "col"), [("main.tf", BEDROCK_TF, 8, 91), ("template.yaml", BEDROCK_CFN, 14, 41)])
def test_bedrock_action_group_lambda_roles_are_ai_identities(path, text, line, col):
    [destructive] = by_check(path, text)["iam-destructive-action"]
    span = destructive.location.span
    assert (span.start_line, span.start_col, destructive.severity.name) == (line, col, "CRITICAL")
    said = destructive.message + " ".join(r.note for r in destructive.related)
    assert "Bedrock agent" in said and "action group `ops`" in said


@pytest.mark.parametrize(("path", "text"), [("main.tf", BEDROCK_TF), ("template.yaml", BEDROCK_CFN)])
def test_a_lambda_role_without_an_action_group_is_not_an_ai_identity(path, text):
    cut = text.split('resource "aws_bedrockagent_agent_action_group"')[0].split("  Agent:")[0]
    [destructive] = by_check(path, cut)["iam-destructive-action"]
    assert destructive.severity.name == "HIGH"


# -- every policy-bearing attribute of every IaC fixture is judged or listed -----------------------------------
def _fixtures() -> list[tuple[str, str, str]]:
    """(origin, path, text) for every Terraform, CloudFormation and CDK source the tests and check examples carry."""
    out = []
    for module in sorted(Path(__file__).parent.glob("*.py")) + sorted(Path(__file__).parent.parent.glob("test_*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) > 40:
                kind = _kind(node.value)
                if kind:
                    out.append((f"{module.name}:{node.lineno}", kind, node.value))
    for check in builtin_checks():
        for i, example in enumerate([*check.valid, *check.invalid]):
            sources = dict(example.files or {}) or {example.path or "": example.source}
            for path, text in sources.items():
                kind = _kind(text, path)
                if kind:
                    out.append((f"{check.id}[{i}]:{path}", kind, text))
    return out


def _kind(text: str, path: str = "") -> str | None:
    if path.endswith(".tf") or ('resource "aws_' in text and "{" in text):
        return "main.tf"
    if "aws_cdk" in text and ("PolicyStatement(" in text or "Role(" in text):
        return "app.py"
    if "AWS::" in text and "Resources" in text and "Type" in text:
        return "template.json" if text.lstrip().startswith("{") else "template.yaml"
    return None


FIXTURES = _fixtures()


def test_the_walk_finds_fixtures_of_every_kind():
    kinds = {kind for _, kind, _ in FIXTURES}
    assert {"main.tf", "template.yaml", "app.py"} <= kinds
    assert len(FIXTURES) >= 20


@pytest.mark.parametrize(("origin", "path", "text"), FIXTURES, ids=[f[0] for f in FIXTURES])
def test_every_policy_bearing_attribute_is_judged_or_listed(origin, path, text):
    from lint.formats import parse
    from lint.document import ParseError
    from lint.subjects.iam import PolicyDocument, UnjudgedPolicy
    from lint.subjects.base import Problem

    fmt = {"main.tf": "hcl", "app.py": "python", "template.yaml": "yaml", "template.json": "json"}[path]
    try:
        document = parse(path, text, fmt)
    except ParseError:
        return  # a broken file is reported as such (invalid-document), not walked
    items = list(_extractor(path).extract(document))
    judged = {s.origin for s in items if isinstance(s, PolicyDocument) and s.origin}
    listed = {s.pointer for s in items if isinstance(s, UnjudgedPolicy)}
    reported = {s.pointer for s in items if isinstance(s, Problem) and s.pointer}
    if path == "app.py":
        _assert_cdk_statements_read(document, items)
        return
    missing = [p for p in _policy_attributes(path, document.data) if p not in judged | listed | reported]
    assert not missing, f"{origin}: neither judged nor listed as computed: {missing}"


def _extractor(path: str):
    if path == "main.tf":
        from lint.subjects.terraform import TerraformExtractor

        return TerraformExtractor()
    if path == "app.py":
        from lint.subjects.cdk import CdkExtractor

        return CdkExtractor()
    from lint.subjects.cloudformation import CloudFormationExtractor

    return CloudFormationExtractor()


def _policy_attributes(path: str, data) -> list[str]:
    from lint.document import join

    found = []
    if path == "main.tf":
        from lint.subjects.terraform import POLICY_ATTRIBUTES

        resources = data.get("resource", {}) if isinstance(data, dict) else {}
        for kind, bodies in resources.items():
            for name, body in (bodies or {}).items():
                if not isinstance(body, dict):
                    continue
                base = join("/resource", kind, name)
                if kind == "aws_iam_role":
                    if "assume_role_policy" in body:
                        found.append(join(base, "assume_role_policy"))
                    for i, block in enumerate(body.get("inline_policy") or [] if isinstance(body.get("inline_policy"), list) else []):
                        if isinstance(block, dict) and "policy" in block:
                            found.append(join(base, "inline_policy", i, "policy"))
                elif kind in POLICY_ATTRIBUTES and POLICY_ATTRIBUTES[kind][0] in body:
                    if kind == "aws_organizations_policy" and body.get("type", "SERVICE_CONTROL_POLICY") != "SERVICE_CONTROL_POLICY":
                        continue
                    found.append(join(base, POLICY_ATTRIBUTES[kind][0]))
        return found
    from lint.subjects.cloudformation import IDENTITY_TYPES, INLINE_POLICY_TYPES, POLICY_TYPES, RESOURCE_POLICIES

    resources = data.get("Resources", {}) if isinstance(data, dict) else {}
    for name, body in resources.items():
        if not isinstance(body, dict) or not isinstance(body.get("Properties"), dict):
            continue
        kind, props = body.get("Type"), body["Properties"]
        base = join("/Resources", name, "Properties")
        if kind == "AWS::IAM::Role" and "AssumeRolePolicyDocument" in props:
            found.append(join(base, "AssumeRolePolicyDocument"))
        if kind in IDENTITY_TYPES and isinstance(props.get("Policies"), list):
            found += [join(base, "Policies", i, "PolicyDocument") for i, p in enumerate(props["Policies"]) if isinstance(p, dict) and "PolicyDocument" in p]
        if (kind in POLICY_TYPES or kind in INLINE_POLICY_TYPES) and "PolicyDocument" in props:
            found.append(join(base, "PolicyDocument"))
        if kind in RESOURCE_POLICIES and kind != "AWS::Events::EventBusPolicy" and RESOURCE_POLICIES[kind] in props:
            found.append(join(base, RESOURCE_POLICIES[kind]))
    return found


def _assert_cdk_statements_read(document, items) -> None:
    """Each `PolicyStatement(` call of a CDK app is read: some policy's statement starts on its line."""
    from lint.subjects.iam import PolicyDocument
    from lint.subjects.base import Problem

    lines = {i + 1 for i, line in enumerate(document.text.splitlines()) if "PolicyStatement(" in line and "from_json" not in line}
    covered = set()
    for item in items:
        if isinstance(item, PolicyDocument):
            for statement in item.statements:
                span = item.document.locate(statement.pointer)
                covered.update(range(span.start_line - 1, span.end_line + 1))
        elif isinstance(item, Problem) and item.span is not None:
            covered.add(item.span.start_line)
    missing = sorted(lines - covered)
    assert not missing, f"PolicyStatement calls on lines {missing} were neither read nor reported"


def test_plan_exclusive_attachments_are_read():
    plan = json.dumps(
        {"format_version": "1.2", "planned_values": {"root_module": {"resources": [
            {"address": "aws_iam_role_policy_attachments_exclusive.agent", "type": "aws_iam_role_policy_attachments_exclusive",
             "values": {"role_name": "agent", "policy_arns": ["arn:aws:iam::aws:policy/AdministratorAccess"]}}]}}},
        indent=1,
    )
    [attached] = by_check("plan.json", plan)["iam-managed-admin-attachment"]
    assert attached.location.pointer == "/planned_values/root_module/resources/0/values/policy_arns/0"
    assert attached.message.startswith("role `agent` attaches the AWS managed policy `AdministratorAccess`")


CDK_APP = """\
from aws_cdk import Stack, aws_iam as iam
from constructs import Construct


class Pipeline(Stack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        admin = iam.Role(
            self,
            "Admin",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("AdministratorAccess")],
        )
        ci = iam.Role(self, "Ci", assumed_by=iam.ServicePrincipal("codebuild.amazonaws.com"))
        ci.add_to_policy(iam.PolicyStatement(actions=["iam:PassRole"], resources=[admin.role_arn]))
        ci.add_to_policy(iam.PolicyStatement(actions=["lambda:CreateFunction", "lambda:InvokeFunction"], resources=["*"]))
"""


def test_cdk_role_arn_resolves_to_the_apps_role():
    [escalation] = by_check("app.py", CDK_APP)["iam-privilege-escalation"]
    span = escalation.location.span
    assert (span.start_line, span.start_col) == (15, 55)
    assert "`iam:PassRole` reaches role `Admin`, which holds administrator-grade access" in escalation.message
    assert escalation.related[0].span.start_line == 8
    harmless = CDK_APP.replace('"AdministratorAccess"', '"ReadOnlyAccess"')
    assert "iam-privilege-escalation" not in by_check("app.py", harmless)


def test_a_heredoc_with_interpolated_json_is_listed_not_called_malformed():
    text = (
        'resource "aws_iam_policy" "p" {\n'
        "  policy = <<EOF\n"
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ${jsonencode(var.actions)}, "Resource": "*"}]}\n'
        "EOF\n"
        "}\n"
    )
    found = by_check("main.tf", text)
    assert "invalid-document" not in found
    [listed] = found["iam-policy-not-judged"]
    assert (listed.location.span.start_line, listed.location.span.start_col) == (2, 12)


def test_dynamic_statements_and_foreign_source_documents_are_listed():
    text = (
        'data "aws_iam_policy_document" "x" {\n'
        "  source_policy_documents = var.docs\n"
        '  dynamic "statement" {\n'
        "    for_each = var.statements\n"
        "    content {\n"
        "      actions = statement.value.actions\n"
        "    }\n"
        "  }\n"
        "}\n"
    )
    listed = sorted(
        (f.location.span.start_line, f.location.span.start_col, f.message.split(" (`")[0])
        for f in by_check("main.tf", text)["iam-policy-not-judged"]
    )
    assert listed == [
        (2, 29, "not judged: computed `source_policy_documents` of `data.aws_iam_policy_document.x`"),
        (3, 3, 'not judged: computed `dynamic "statement"` of `data.aws_iam_policy_document.x`'),
    ]


# -- 11. conditions that never hold ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("condition", "never"),
    [
        ({"DateLessThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}, True),
        ({"DateLessThan": {"aws:EpochTime": "1577836800"}}, True),
        ({"DateLessThan": {"aws:TokenIssueTime": "2019-06-30T00:00:00Z"}}, True),
        ({"DateLessThan": {"aws:CurrentTime": "2999-01-01T00:00:00Z"}}, False),
        ({"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}, False),
        ({"StringEquals": {"aws:RequestedRegion": "eu-west-1"}, "StringNotEquals": {"aws:RequestedRegion": ["eu-west-1"]}}, True),
        ({"StringEquals": {"aws:RequestedRegion": "eu-west-1"}, "StringNotEquals": {"aws:RequestedRegion": "us-east-1"}}, False),
        ({"Null": {"aws:ResourceTag/env": "true"}, "StringEquals": {"aws:ResourceTag/env": "dev"}}, True),
        ({"Null": {"aws:ResourceTag/env": "true"}}, False),
    ],
)
def test_conditions_that_never_hold(condition, never):
    from lint.iam.conditions import never_holds

    assert (never_holds(condition) is not None) is never
