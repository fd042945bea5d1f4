"""Multi-file repositories: every hop of an agent's path located in its own file, and the negatives silent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lint.registry import load_checks
from lint.runner import Engine

GRAPH_CHECKS = ("ai-destructive-path", "ai-identity-outside-repository", "ai-identity-shared-with-deploy", "ai-identity-shared-with-admin")

CLAUDE_SETTINGS = """{
  "permissions": {
    "allow": ["Bash(aws:*)", "Read"]
  },
  "env": {
    "AWS_PROFILE": "deploy"
  }
}
"""

AWS_CONFIG = """[default]
region = eu-west-1

[profile deploy]
role_arn = arn:aws:iam::123456789012:role/app-deploy
source_profile = default
"""

CFN_ROLE = """AWSTemplateFormatVersion: "2010-09-09"
Resources:
  AppDeploy:
    Type: AWS::IAM::Role
    Properties:
      RoleName: app-deploy
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: {AWS: "arn:aws:iam::123456789012:root"}
            Action: sts:AssumeRole
      Policies:
        - PolicyName: deploy
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action:
                  - s3:PutObject
                  - dynamodb:DeleteTable
                Resource: "*"
"""


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def run(root: Path, monkeypatch):
    monkeypatch.chdir(root)
    checks = load_checks()
    from lint.config import Config

    engine = Engine(checks, Config(root=root))
    result, _ = engine.run_paths([Path(".")], root)
    assert not result.errors, result.errors
    return result


def where(location) -> str:
    return f"{location.path}:{location.span.start_line}:{location.span.start_col}"


def graph_findings(result, check_id):
    return [f for f in result.findings if f.check_id == check_id]


def test_claude_code_profile_to_cloudformation_role_every_hop_located(tmp_path, monkeypatch):
    write(tmp_path, {".claude/settings.json": CLAUDE_SETTINGS, ".aws/config": AWS_CONFIG, "stacks/deploy.yaml": CFN_ROLE})
    result = run(tmp_path, monkeypatch)
    [finding] = graph_findings(result, "ai-destructive-path")
    assert where(finding.location) == ".claude/settings.json:3:15"
    assert finding.location.pointer == "/permissions/allow/0"
    assert "`dynamodb:DeleteTable`" in finding.message and "role `app-deploy`" in finding.message
    assert [(where(hop), hop.note) for hop in finding.flow] == [
        (".claude/settings.json:3:15", "allow rule `Bash(aws:*)` auto-approves `aws` commands"),
        (".claude/settings.json:6:20", "uses AWS profile `deploy`"),
        (".aws/config:5:1", "profile `deploy` assumes `arn:aws:iam::123456789012:role/app-deploy`"),
        ("stacks/deploy.yaml:3:3", "role `app-deploy` is defined here"),
        ("stacks/deploy.yaml:21:21", "grants `dynamodb:DeleteTable`"),
    ]
    # the per-file grant finding is raised: the graph shows an agent acts as this role
    [grant] = [f for f in result.findings if f.check_id == "iam-destructive-action"]
    assert grant.severity.label == "critical" and "Claude Code" in grant.message


def test_same_agent_with_a_read_only_role_is_silent(tmp_path, monkeypatch):
    read_only = CFN_ROLE.replace("dynamodb:DeleteTable", "dynamodb:GetItem")
    write(tmp_path, {".claude/settings.json": CLAUDE_SETTINGS, ".aws/config": AWS_CONFIG, "stacks/deploy.yaml": read_only})
    result = run(tmp_path, monkeypatch)
    assert not [f for f in result.findings if f.check_id in GRAPH_CHECKS]


def test_prompt_gated_agent_is_silent(tmp_path, monkeypatch):
    gated = CLAUDE_SETTINGS.replace('"Bash(aws:*)", "Read"', '"Read"')
    write(tmp_path, {".claude/settings.json": gated, ".aws/config": AWS_CONFIG, "stacks/deploy.yaml": CFN_ROLE})
    result = run(tmp_path, monkeypatch)
    assert not [f for f in result.findings if f.check_id in GRAPH_CHECKS]


def test_role_outside_the_repository_is_unknown_never_destructive(tmp_path, monkeypatch):
    write(tmp_path, {".claude/settings.json": CLAUDE_SETTINGS, ".aws/config": AWS_CONFIG})
    result = run(tmp_path, monkeypatch)
    assert not graph_findings(result, "ai-destructive-path")
    [unknown] = graph_findings(result, "ai-identity-outside-repository")
    assert unknown.severity.label == "low"
    assert "role `app-deploy` is not defined in this repository" in unknown.message
    assert any("arn:aws:iam::123456789012:role/app-deploy" in r.note for r in unknown.related)
    assert [where(h) for h in unknown.flow] == [".claude/settings.json:3:15", ".claude/settings.json:6:20", ".aws/config:5:1"]


def test_terraform_role_across_files_of_a_module(tmp_path, monkeypatch):
    files = {
        ".amazonq/cli-agents/ops.json": json.dumps({"name": "ops", "tools": ["*"], "allowedTools": ["use_aws"]}, indent=2),
        ".aws/config": AWS_CONFIG,
        "infra/role.tf": 'resource "aws_iam_role" "deploy" {\n  name = "app-deploy"\n  assume_role_policy = "{}"\n}\n',
        "infra/policy.tf": (
            'resource "aws_iam_role_policy" "deploy" {\n  role = aws_iam_role.deploy.id\n  policy = jsonencode({\n'
            '    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = "ec2:TerminateInstances", Resource = "*" }]\n  })\n}\n'
        ),
    }
    write(tmp_path, files)
    result = run(tmp_path, monkeypatch)
    [finding] = graph_findings(result, "ai-destructive-path")
    assert finding.location.path == ".amazonq/cli-agents/ops.json"
    assert [where(h) for h in finding.flow][-3:] == [".aws/config:5:1", "infra/role.tf:1:1", "infra/policy.tf:5:47"]
    assert "the model chooses the AWS profile" in [h.note for h in finding.flow]


def test_mcp_server_read_only_mode_is_not_a_path(tmp_path, monkeypatch):
    server = {
        "mcpServers": {
            "aws": {
                "command": "uvx",
                "args": ["awslabs.aws-api-mcp-server==1.2.0"],
                "env": {"AWS_API_MCP_PROFILE_NAME": "deploy", "READ_OPERATIONS_ONLY": "true"},
                "autoApprove": ["call_aws"],
            }
        }
    }
    write(tmp_path, {".kiro/settings/mcp.json": json.dumps(server), ".aws/config": AWS_CONFIG, "stacks/deploy.yaml": CFN_ROLE})
    result = run(tmp_path, monkeypatch)
    assert not [f for f in result.findings if f.check_id in GRAPH_CHECKS]


def test_graph_checks_are_off_with_select(tmp_path, monkeypatch):
    """Facts cost nothing when no repository check runs."""
    write(tmp_path, {".claude/settings.json": CLAUDE_SETTINGS, ".aws/config": AWS_CONFIG, "stacks/deploy.yaml": CFN_ROLE})
    monkeypatch.chdir(tmp_path)
    from lint.config import Config
    from lint.runner import select_checks

    checks = load_checks()
    engine = Engine(select_checks(checks, ["iam-destructive-action"]), Config(root=tmp_path), all_checks=checks)
    assert not engine.wants_facts
    outcome = engine.lint_text("stacks/deploy.yaml", CFN_ROLE)
    assert outcome.facts == []


@pytest.mark.parametrize("fmt", ["mermaid", "dot", "json"])
def test_graph_command_draws_the_incident_example(fmt, cli):
    root = Path(__file__).resolve().parents[2] / "examples" / "incident"
    done = cli("graph", ".", "--format", fmt, cwd=root)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert "ops-deployer" in out and "profile" in out
    if fmt == "json":
        data = json.loads(out)
        kinds = {n["kind"] for n in data["nodes"]}
        assert {"agent", "profile", "role", "grant"} <= kinds
        role = next(n for n in data["nodes"] if n["kind"] == "role")
        assert role["location"] == {"path": "infra/iam.tf", "line": 16, "column": 1, "pointer": "/resource/aws_iam_role/ops_deployer"}
    elif fmt == "mermaid":
        assert out.startswith("flowchart LR\n") and "-->|assumes|" in out
    else:
        assert out.startswith("digraph scopelint {") and out.rstrip().endswith("}")


AGENTCORE = """default_agent: support
agents:
  support:
    name: support
    entrypoint: agent.py
    aws:
      execution_role: arn:aws:iam::123456789012:role/app-deploy
      execution_role_auto_create: false
      region: us-east-1
"""


def test_agentcore_agent_runs_as_its_execution_role(tmp_path, monkeypatch):
    write(tmp_path, {"agent/.bedrock_agentcore.yaml": AGENTCORE, "stacks/deploy.yaml": CFN_ROLE})
    result = run(tmp_path, monkeypatch)
    [finding] = graph_findings(result, "ai-destructive-path")
    assert where(finding.location) == "agent/.bedrock_agentcore.yaml:3:3"
    assert finding.message.startswith("AgentCore agent `support`")
    assert finding.flow[0].note.startswith("serves invocations in AgentCore Runtime")
    assert [where(h) for h in finding.flow] == [
        "agent/.bedrock_agentcore.yaml:3:3",
        "agent/.bedrock_agentcore.yaml:7:23",
        "stacks/deploy.yaml:3:3",
        "stacks/deploy.yaml:21:21",
    ]


AGENT_WORKFLOW = """name: assistant
on:
  push:
    branches: [main]
permissions:
  id-token: write
  contents: write
jobs:
  fix:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/app-deploy
          aws-region: eu-west-1
      - uses: anthropics/claude-code-action@v1
        with:
          claude_args: --allowedTools "Bash(*)"
"""

ENVIRONMENT_WITH_REVIEWERS = """resource "github_repository_environment" "production" {
  repository  = "app"
  environment = "production"
  reviewers {
    teams = [42]
  }
  prevent_self_review = true
}
"""


def test_ci_agent_step_reaches_the_role_of_its_job(tmp_path, monkeypatch):
    write(tmp_path, {".github/workflows/assistant.yml": AGENT_WORKFLOW, "stacks/deploy.yaml": CFN_ROLE})
    result = run(tmp_path, monkeypatch)
    [finding] = graph_findings(result, "ai-destructive-path")
    assert finding.location.path == ".github/workflows/assistant.yml"
    assert finding.message.startswith("the agent step of job `fix`")
    assert [h.path for h in finding.flow] == [
        ".github/workflows/assistant.yml", ".github/workflows/assistant.yml", "stacks/deploy.yaml", "stacks/deploy.yaml",
    ]
    assert "acts as role `app-deploy`" in [h.note for h in finding.flow]


def test_ci_agent_step_behind_an_environment_with_reviewers_is_silent(tmp_path, monkeypatch):
    gated = AGENT_WORKFLOW.replace("    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    environment: production\n")
    write(tmp_path, {".github/workflows/assistant.yml": gated, "stacks/deploy.yaml": CFN_ROLE, "github/env.tf": ENVIRONMENT_WITH_REVIEWERS})
    result = run(tmp_path, monkeypatch)
    assert not graph_findings(result, "ai-destructive-path")


def test_ci_agent_step_behind_an_environment_without_reviewers_is_reported(tmp_path, monkeypatch):
    gated = AGENT_WORKFLOW.replace("    runs-on: ubuntu-latest\n", "    runs-on: ubuntu-latest\n    environment: production\n")
    no_reviewers = 'resource "github_repository_environment" "production" {\n  repository  = "app"\n  environment = "production"\n}\n'
    write(tmp_path, {".github/workflows/assistant.yml": gated, "stacks/deploy.yaml": CFN_ROLE, "github/env.tf": no_reviewers})
    result = run(tmp_path, monkeypatch)
    assert len(graph_findings(result, "ai-destructive-path")) == 1


def test_inline_ignore_applies_to_repository_findings_but_not_to_critical_ones(tmp_path, monkeypatch):
    """A repository finding starts in a file like any other: its inline ignores apply there, critical ones protected."""
    write(tmp_path, {".claude/settings.json": CLAUDE_SETTINGS, ".aws/config": AWS_CONFIG})
    result = run(tmp_path, monkeypatch)
    assert graph_findings(result, "ai-identity-outside-repository")
    yaml_agent = "default_agent: support\nagents:\n  support:  # scopelint: ignore[ai-identity-outside-repository] role lives in the platform repo\n    aws:\n      execution_role: arn:aws:iam::123456789012:role/elsewhere\n"
    write(tmp_path, {"agent/.bedrock_agentcore.yaml": yaml_agent})
    result = run(tmp_path, monkeypatch)
    notes = [f for f in graph_findings(result, "ai-identity-outside-repository") if f.location.path.startswith("agent/")]
    assert notes == []
    [suppressed] = [f for f in result.suppressed if f.check_id == "ai-identity-outside-repository"]
    assert suppressed.suppression.kind == "inline" and "platform repo" in suppressed.suppression.reason
    assert not [f for f in result.findings if f.check_id == "unused-suppression"]
