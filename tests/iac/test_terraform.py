"""Terraform: resolution inside a file, identities and their policies, conservative handling of computed values."""

from __future__ import annotations

import json
from pathlib import Path

MODULE = """\
data "aws_partition" "current" {}

resource "aws_iam_role" "agent" {
  name = "ops-agent"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { Service = "bedrock.amazonaws.com" }
      Action    = "sts:AssumeRole"
    }]
  })
  managed_policy_arns = ["arn:${data.aws_partition.current.partition}:iam::aws:policy/PowerUserAccess"]
}

data "aws_iam_policy_document" "base" {
  statement {
    actions   = ["iam:PassRole"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "iam:PassedToService"
      values   = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "agent" {
  source_policy_documents = [data.aws_iam_policy_document.base.json]
  statement {
    sid       = "Data"
    actions   = ["rds:DeleteDBCluster", "rds:Describe*"]
    resources = ["*"]
  }
  statement {
    actions   = var.extra_actions
    resources = ["${aws_s3_bucket.reports.arn}/*"]
  }
}

resource "aws_iam_role_policy" "agent" {
  role   = aws_iam_role.agent.id
  policy = data.aws_iam_policy_document.agent.json
}

resource "aws_iam_policy" "lambda" {
  name   = "lambda-admin"
  policy = <<EOF
{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}
  ]
}
EOF
}

resource "aws_iam_role_policy_attachment" "lambda" {
  role       = aws_iam_role.agent.name
  policy_arn = aws_iam_policy.lambda.arn
}

resource "aws_iam_policy" "computed" {
  policy = var.policy_json
}
"""


def report(cli, cwd: Path, *args: str) -> dict:
    result = cli("check", "--format", "json", *args, cwd=cwd)
    return json.loads(result.stdout)


def located(findings: list[dict]) -> list[tuple[int, int, str]]:
    return sorted((f["line"], f["column"], f["check_id"]) for f in findings)


def test_module_findings_at_their_lines(cli, tmp_path):
    (tmp_path / "main.tf").write_text(MODULE)
    result = report(cli, tmp_path)
    assert result["errors"] == []
    assert located(result["findings"]) == [
        (9, 31, "trust-ai-service-principal"),
        (9, 31, "trust-service-no-source"),
        (13, 26, "iam-managed-admin-attachment"),
        (18, 18, "iam-privilege-escalation"),
        (19, 18, "iam-resource-star"),
        (32, 18, "iam-destructive-action"),
        (33, 18, "iam-resource-star"),
        (52, 99, "iam-resource-star"),
        (64, 12, "iam-policy-not-judged"),
    ]


def test_policies_of_an_ai_role_are_an_ai_identitys(cli, tmp_path):
    (tmp_path / "main.tf").write_text(MODULE)
    by_id = {f["check_id"]: f for f in report(cli, tmp_path)["findings"]}
    assert by_id["iam-destructive-action"]["severity"] == "critical"
    assert "role `ops-agent` is assumable by Amazon Bedrock" in by_id["iam-destructive-action"]["message"]
    assert by_id["iam-managed-admin-attachment"]["message"].startswith(
        "role `ops-agent` attaches the AWS managed policy `PowerUserAccess`"
    )


def test_escalation_across_a_policy_document_and_an_attached_heredoc(cli, tmp_path):
    (tmp_path / "main.tf").write_text(MODULE)
    [escalation] = [f for f in report(cli, tmp_path)["findings"] if f["check_id"] == "iam-privilege-escalation"]
    assert escalation["message"].startswith(
        "role `ops-agent` combines its 2 policies into privilege escalation by 1 method: PassExistingRoleToNewLambdaThenInvoke"
    )
    # the grants, then why the identity is an AI's (too long for the message's line)
    assert [(r["line"], r["column"]) for r in escalation["related"]][:2] == [(52, 36), (52, 61)]
    assert [r["note"].split(":")[0] for r in escalation["related"][2:]] == ["AI identity"]


def test_computed_values_are_never_guessed(cli, tmp_path):
    (tmp_path / "main.tf").write_text(MODULE)
    findings = report(cli, tmp_path)["findings"]
    lines = MODULE.splitlines()
    computed = {i + 1 for i, line in enumerate(lines) if "var." in line or "aws_s3_bucket.reports" in line}
    assert not [f for f in findings if f["line"] in computed and f["check_id"] != "iam-policy-not-judged"]
    # the policy that is computed as a whole is listed, as information, where it is written
    [listed] = [f for f in findings if f["check_id"] == "iam-policy-not-judged"]
    assert (listed["line"], listed["column"], listed["severity"]) == (64, 12, "info")
    assert listed["message"].startswith("not judged: computed `policy` of `aws_iam_policy.computed` (`var.policy_json`)")


def test_inline_ignore_comment(cli, tmp_path):
    text = MODULE.replace(
        '"rds:Describe*"]\n', '"rds:Describe*"]\n    # scopelint: ignore[iam-resource-star] scratch clusters\n'
    )
    (tmp_path / "main.tf").write_text(text)
    result = report(cli, tmp_path)
    assert [f["check_id"] for f in result["suppressed"]] == ["iam-resource-star"]


def test_broken_hcl_is_an_invalid_document_and_other_files_still_count(cli, tmp_path):
    (tmp_path / "broken.tf").write_text('resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n}\n')
    (tmp_path / "main.tf").write_text(MODULE)
    result = report(cli, tmp_path)
    broken = [f for f in result["findings"] if f["path"] == "broken.tf"]
    assert [f["check_id"] for f in broken] == ["invalid-document"]
    assert broken[0]["message"].startswith("invalid HCL")
    assert [f for f in result["findings"] if f["path"] == "main.tf"]


def test_a_module_spans_the_files_of_its_folder(cli, tmp_path):
    (tmp_path / "iam.tf").write_text(
        'data "aws_iam_policy_document" "agent" {\n'
        "  statement {\n"
        '    actions   = ["dynamodb:DeleteTable"]\n'
        '    resources = ["*"]\n'
        "  }\n"
        "}\n"
    )
    (tmp_path / "roles.tf").write_text(
        'resource "aws_iam_role" "agent" {\n'
        '  name = "db-agent"\n'
        '  assume_role_policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", '
        'Principal = {Service = "bedrock.amazonaws.com"}, Action = "sts:AssumeRole"}]})\n'
        "}\n"
    )
    (tmp_path / "main.tf").write_text(
        'resource "aws_iam_role_policy" "agent" {\n'
        "  role   = aws_iam_role.agent.id\n"
        "  policy = data.aws_iam_policy_document.agent.json\n"
        "}\n"
    )
    result = report(cli, tmp_path, "--format", "sarif")
    [delete] = [r for r in result["runs"][0]["results"] if r["ruleId"] == "iam-destructive-action"]
    location = delete["locations"][0]["physicalLocation"]
    assert (location["artifactLocation"]["uri"], location["region"]["startLine"], location["region"]["startColumn"]) == ("iam.tf", 3, 18)
    assert delete["level"] == "error" and "role `db-agent` is assumable by Amazon Bedrock" in delete["message"]["text"]
    assert "primaryLocationLineHash" in delete["partialFingerprints"]


def test_lambda_permission_for_anyone_is_a_public_resource_policy(cli, tmp_path):
    (tmp_path / "lambda.tf").write_text(
        'resource "aws_lambda_permission" "public" {\n'
        '  action        = "lambda:InvokeFunction"\n'
        "  function_name = aws_lambda_function.api.function_name\n"
        '  principal     = "*"\n'
        "}\n"
        'resource "aws_lambda_permission" "s3" {\n'
        '  action        = "lambda:InvokeFunction"\n'
        "  function_name = aws_lambda_function.api.function_name\n"
        '  principal     = "s3.amazonaws.com"\n'
        "  source_arn    = aws_s3_bucket.uploads.arn\n"
        "}\n"
    )
    [finding] = report(cli, tmp_path)["findings"]
    assert (finding["check_id"], finding["line"], finding["column"]) == ("resource-policy-public", 4, 19)
    assert [(r["line"], r["note"]) for r in finding["related"]] == [(2, "granted")]


def test_permissions_boundary_in_the_module_limits_what_is_reported(cli, tmp_path):
    (tmp_path / "main.tf").write_text(
        'resource "aws_iam_role" "app" {\n'
        '  name                 = "app"\n'
        "  permissions_boundary = aws_iam_policy.ceiling.arn\n"
        '  assume_role_policy   = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", '
        'Principal = {Service = "lambda.amazonaws.com"}, Action = "sts:AssumeRole"}]})\n'
        "}\n"
        'resource "aws_iam_policy" "ceiling" {\n'
        '  name   = "app-ceiling"\n'
        '  policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = ["s3:*"], Resource = "*"}]})\n'
        "}\n"
        'resource "aws_iam_role_policy" "app" {\n'
        "  role   = aws_iam_role.app.id\n"
        '  policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", '
        'Action = ["rds:DeleteDBCluster", "s3:DeleteBucket"], Resource = "*"}]})\n'
        "}\n"
    )
    findings = report(cli, tmp_path)["findings"]
    [delete] = [f for f in findings if f["check_id"] == "iam-destructive-action"]
    assert "`s3:DeleteBucket`" in delete["message"] and "rds:" not in delete["message"]
    # the boundary itself grants nothing, so its `s3:*` is not a finding
    assert not [f for f in findings if f["check_id"] == "iam-service-wildcard"]


def test_file_loaded_policy_is_judged_with_its_role_and_reported_once(cli, tmp_path):
    (tmp_path / "policies").mkdir()
    (tmp_path / "policies" / "agent.json").write_text(
        '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "dynamodb:DeleteTable", "Resource": "*"}]\n}\n'
    )
    (tmp_path / "main.tf").write_text(
        'resource "aws_iam_role" "agent" {\n'
        '  name = "agent"\n'
        '  assume_role_policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", '
        'Principal = {Service = "bedrock.amazonaws.com"}, Action = "sts:AssumeRole"}]})\n'
        "}\n"
        'resource "aws_iam_role_policy" "agent" {\n'
        "  role   = aws_iam_role.agent.id\n"
        '  policy = file("${path.module}/policies/agent.json")\n'
        "}\n"
        'resource "aws_iam_policy" "outside" {\n'
        '  policy = file("${path.module}/../elsewhere.json")\n'
        "}\n"
    )
    findings = report(cli, tmp_path)["findings"]
    [delete] = [f for f in findings if f["check_id"] == "iam-destructive-action"]
    assert (delete["path"], delete["line"], delete["column"], delete["severity"]) == ("policies/agent.json", 3, 47, "critical")
    assert "role `agent` is assumable by Amazon Bedrock" in delete["message"]


def test_escalation_split_across_files_of_a_module_is_reported_once(cli, tmp_path):
    role = (
        'resource "aws_iam_role" "deployer" {\n'
        '  name = "deployer"\n'
        '  assume_role_policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", '
        'Principal = {Service = "codebuild.amazonaws.com"}, Action = "sts:AssumeRole"}]})\n'
        "}\n"
    )
    (tmp_path / "a_role.tf").write_text(
        role
        + 'resource "aws_iam_role_policy" "pass" {\n'
        "  role   = aws_iam_role.deployer.id\n"
        '  policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", Action = "iam:PassRole", Resource = "*", '
        'Condition = {StringEquals = {"iam:PassedToService" = "lambda.amazonaws.com"}}}]})\n'
        "}\n"
    )
    (tmp_path / "b_lambda.tf").write_text(
        'resource "aws_iam_role_policy" "lambda" {\n'
        "  role   = aws_iam_role.deployer.id\n"
        '  policy = jsonencode({Version = "2012-10-17", Statement = [{Effect = "Allow", '
        'Action = ["lambda:CreateFunction", "lambda:InvokeFunction"], Resource = "*"}]})\n'
        "}\n"
    )
    findings = [f for f in report(cli, tmp_path)["findings"] if f["check_id"] == "iam-privilege-escalation"]
    assert [(f["path"], f["line"]) for f in findings] == [("a_role.tf", 7)]
    assert findings[0]["message"].startswith("role `deployer` combines its 2 policies into privilege escalation")
    assert {r["path"] for r in findings[0]["related"]} == {"b_lambda.tf"}


def _module_file(i: int) -> str:
    return f'''
resource "aws_iam_role" "r{i}" {{
  name               = "r{i}"
  assume_role_policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "sts:AssumeRole", Principal = {{ Service = "lambda.amazonaws.com" }} }}] }})
}}

resource "aws_iam_role_policy" "p{i}" {{
  role   = aws_iam_role.r{(i + 1) % 6}.id
  policy = jsonencode({{ Version = "2012-10-17", Statement = [{{ Effect = "Allow", Action = "s3:DeleteBucket", Resource = "*" }}] }})
}}
'''


def test_a_module_s_files_are_read_for_each_other_once(tmp_path, monkeypatch):
    from lint.registry import load_checks
    from lint.runner import Engine
    from lint.subjects import terraform

    for i in range(6):
        (tmp_path / f"f{i}.tf").write_text(_module_file(i))
    built: list[str] = []
    real = terraform.Module.__init__

    def counting(self, document):
        built.append(document.path)
        real(self, document)

    monkeypatch.setattr(terraform.Module, "__init__", counting)
    monkeypatch.setattr(terraform, "_MODULES", {})
    result, _ = Engine(load_checks()).run_paths([tmp_path], cwd=tmp_path)
    # each file once for itself and once as a sibling of the others, not once per file that asks
    assert len(built) <= 12, built
    destructive = [f for f in result.findings if f.check_id == "iam-destructive-action"]
    assert sorted(f.location.path for f in destructive) == [f"f{i}.tf" for i in range(6)]


def test_module_cache_keeps_the_last_folders_only(tmp_path, monkeypatch):
    from lint.registry import load_checks
    from lint.runner import Engine
    from lint.subjects import terraform

    monkeypatch.setattr(terraform, "_MODULES", {})
    for n in range(terraform._MODULES_KEPT + 5):
        folder = tmp_path / f"m{n:02}"
        folder.mkdir()
        (folder / "a.tf").write_text(_module_file(0))
        (folder / "b.tf").write_text(_module_file(1))
    Engine(load_checks()).run_paths([tmp_path], cwd=tmp_path)
    assert 0 < len(terraform._MODULES) <= terraform._MODULES_KEPT
