"""Amazon Q and Kiro CLI agents: allowedTools glob semantics and toolsSettings, a dangerous and a safe agent."""

from __future__ import annotations

import json

import pytest

DANGEROUS = """\
{
  "name": "ops",
  "tools": ["*"],
  "allowedTools": ["*", "@*"],
  "toolsSettings": {
    "use_aws": {"allowedServices": ["cloudformation", "iam"]},
    "fs_write": {"allowedPaths": ["~/**"]},
    "execute_bash": {"allowedCommands": [".*"]}
  },
  "mcpServers": {
    "aws": {"command": "uvx", "args": ["awslabs.aws-api-mcp-server@latest"], "env": {"AWS_PROFILE": "admin"}}
  }
}
"""
SAFE = """\
{
  "name": "ops-ro",
  "tools": ["fs_read", "execute_bash", "use_aws"],
  "allowedTools": ["fs_read"],
  "toolsSettings": {
    "execute_bash": {"allowedCommands": ["git status", "npm test"], "deniedCommands": ["rm .*", "aws .*"],
                     "autoAllowReadonly": true, "denyByDefault": true},
    "use_aws": {"autoAllowReadonly": true, "deniedServices": ["iam", "organizations"]}
  }
}
"""


def findings(cli, cwd):
    return json.loads(cli("check", "--format", "json", cwd=cwd).stdout)["findings"]


@pytest.mark.parametrize("folder", [".amazonq/cli-agents", ".kiro/agents"])
def test_dangerous_agent(cli, tmp_path, folder):
    (tmp_path / folder).mkdir(parents=True)
    (tmp_path / folder / "ops.json").write_text(DANGEROUS)
    found = findings(cli, tmp_path)
    assert sorted((f["line"], f["column"], f["check_id"], f["severity"]) for f in found) == [
        (4, 20, "agent-tools-auto-approved", "critical"),
        # the model picks the profile, and no committed AWS config says which role that is
        (4, 20, "ai-identity-outside-repository", "low"),
        (4, 25, "agent-tools-auto-approved", "high"),
        (4, 25, "ai-identity-outside-repository", "low"),
        (6, 37, "agent-cloud-service-wide", "high"),
        (6, 55, "agent-cloud-service-wide", "critical"),
        (7, 35, "agent-filesystem-scope", "medium"),
        (8, 42, "agent-shell-wildcard", "high"),
        (11, 40, "agent-mcp-unpinned", "low"),
        (11, 40, "agent-mcp-write-mode", "medium"),
        (11, 101, "agent-admin-identity", "high"),
    ]
    star = next(f for f in found if f["column"] == 20)
    assert star["message"].startswith(
        "`allowedTools` entry `*` auto-approves `use_aws` (any AWS API call with the user's credentials), "
        "`execute_bash`, `delegate`, `fs_write` for agent"
    )
    assert star["message"].endswith("for agent `ops`")


@pytest.mark.parametrize("folder", [".amazonq/cli-agents", ".kiro/agents"])
def test_safe_agent(cli, tmp_path, folder):
    (tmp_path / folder).mkdir(parents=True)
    (tmp_path / folder / "ops-ro.json").write_text(SAFE)
    assert findings(cli, tmp_path) == []


def test_user_scope_agent_in_a_dotfiles_repository(cli, tmp_path):
    folder = tmp_path / "home" / ".aws" / "amazonq" / "cli-agents"
    folder.mkdir(parents=True)
    (folder / "default.json").write_text('{"name": "default", "allowedTools": ["fs_read", "execute_bash"]}\n')
    [finding] = findings(cli, tmp_path)
    assert (finding["check_id"], finding["path"]) == ("agent-tools-auto-approved", "home/.aws/amazonq/cli-agents/default.json")
