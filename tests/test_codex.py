"""Codex `.codex/config.toml`: approval policy, sandbox, MCP servers, profiles; a dangerous and a safe config."""

from __future__ import annotations

import json

DANGEROUS = """\
approval_policy = "never"
sandbox_mode = "danger-full-access"

[shell_environment_policy]
inherit = "all"

[mcp_servers.aws]
command = "uvx"
args = ["awslabs.aws-api-mcp-server@latest"]
env = { AWS_PROFILE = "admin" }
default_tools_approval_mode = "approve"

[profiles.ci]
approval_policy = "never"
"""
SAFE = """\
approval_policy = "on-request"          # ask before anything outside the workspace
sandbox_mode = "workspace-write"

[sandbox_workspace_write]
network_access = false

[mcp_servers.aws]
command = "uvx"
args = ["awslabs.aws-api-mcp-server==1.2.3"]
env = { AWS_API_MCP_PROFILE_NAME = "dev-readonly", READ_OPERATIONS_ONLY = "true" }
default_tools_approval_mode = "prompt"
"""


def findings(cli, cwd):
    return json.loads(cli("check", "--format", "json", cwd=cwd).stdout)["findings"]


def test_dangerous_codex_config(cli, tmp_path):
    (tmp_path / ".codex").mkdir()
    (tmp_path / ".codex" / "config.toml").write_text(DANGEROUS)
    found = findings(cli, tmp_path)
    assert sorted((f["line"], f["column"], f["check_id"], f["severity"]) for f in found) == [
        (1, 19, "agent-permission-bypass-mode", "high"),
        (2, 16, "agent-sandbox-disabled", "critical"),
        (9, 9, "agent-mcp-unpinned", "low"),
        (9, 9, "agent-mcp-write-mode", "high"),
        (10, 23, "agent-admin-identity", "high"),
        (11, 31, "agent-mcp-auto-approve", "critical"),
        (11, 31, "ai-identity-outside-repository", "low"),
        (14, 19, "agent-permission-bypass-mode", "high"),
    ]


def test_safe_codex_config(cli, tmp_path):
    (tmp_path / ".codex").mkdir()
    (tmp_path / ".codex" / "config.toml").write_text(SAFE)
    assert findings(cli, tmp_path) == []


def test_broken_toml_is_reported_where_it_breaks(cli, tmp_path):
    (tmp_path / ".codex").mkdir()
    (tmp_path / ".codex" / "config.toml").write_text('approval_policy = "never"\nsandbox_mode = \n')
    [finding] = findings(cli, tmp_path)
    assert (finding["check_id"], finding["line"]) == ("invalid-document", 2)
    assert finding["message"].startswith("invalid TOML")
