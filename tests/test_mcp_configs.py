"""MCP client configurations at every known location: a dangerous and a safe config per product."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

DANGEROUS = """\
{
  // the team's shared servers
  "mcpServers": {
    "aws": {
      "command": "uvx",
      "args": ["awslabs.aws-api-mcp-server@latest"],
      "env": {"AWS_PROFILE": "prod-admin"},
      "%(approve)s": ["call_aws"]
    },
    "tickets": {
      "url": "http://tickets.internal.example.com/mcp",
      "headers": {"Authorization": "Bearer ghp_0123456789abcdefghijklmnopqrstuvwxyzAB"}
    },
  }
}
"""
SAFE = """\
{
  "mcpServers": {
    "docs": {
      "command": "uvx",
      "args": ["awslabs.aws-documentation-mcp-server==1.1.0"],
      "%(approve)s": ["search_documentation", "read_documentation"]
    },
    "tickets": {"url": "https://tickets.example.com/mcp", "headers": {"Authorization": "Bearer ${env:TICKETS_TOKEN}"}}
  }
}
"""
LOCATIONS = {
    ".mcp.json": "autoApprove",
    ".kiro/settings/mcp.json": "autoApprove",
    ".cursor/mcp.json": "autoApprove",
    ".amazonq/mcp.json": "autoApprove",
    ".roo/mcp.json": "alwaysAllow",
    "cline_mcp_settings.json": "alwaysAllow",
    ".codeium/windsurf/mcp_config.json": "autoApprove",
    "claude_desktop_config.json": "autoApprove",
}
EXPECTED = [
    (6, 16, "agent-mcp-unpinned"),
    (6, 16, "agent-mcp-write-mode"),
    (7, 30, "agent-admin-identity"),
    (8, 23, "agent-mcp-auto-approve"),
    # the server acts unprompted as profile `prod-admin`, which no committed AWS config defines
    (8, 23, "ai-identity-outside-repository"),
    (11, 14, "agent-mcp-plain-http"),
    (12, 36, "agent-secret-in-config"),
]


def findings(cli, cwd: Path) -> list[dict]:
    return json.loads(cli("check", "--format", "json", cwd=cwd).stdout)["findings"]


@pytest.mark.parametrize("location", sorted(LOCATIONS))
def test_dangerous_config_is_reported_at_exact_places(cli, tmp_path, location):
    file = tmp_path / location
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(DANGEROUS % {"approve": LOCATIONS[location]})
    found = findings(cli, tmp_path)
    assert sorted((f["line"], f["column"], f["check_id"]) for f in found) == EXPECTED  # `autoApprove`, `alwaysAllow`: same length
    secret = next(f for f in found if f["check_id"] == "agent-secret-in-config")
    assert "ghp_" not in secret["message"] and "a GitHub token" in secret["message"]


@pytest.mark.parametrize("location", sorted(LOCATIONS))
def test_safe_config_yields_nothing(cli, tmp_path, location):
    file = tmp_path / location
    file.parent.mkdir(parents=True, exist_ok=True)
    file.write_text(SAFE % {"approve": LOCATIONS[location]})
    assert findings(cli, tmp_path) == []


def test_vscode_servers_key(cli, tmp_path):
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "mcp.json").write_text(
        '{\n  "servers": {\n    "github": {"type": "stdio", "command": "npx", "args": ["-y", "@modelcontextprotocol/server-github"]}\n  }\n}\n'
    )
    found = sorted((f["check_id"], f["line"], f["column"]) for f in findings(cli, tmp_path))
    assert found == [("agent-mcp-unpinned", 3, 66), ("agent-mcp-write-mode", 3, 66)]
