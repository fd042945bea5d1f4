"""Gemini CLI `.gemini/settings.json`: a dangerous and a safe config."""

from __future__ import annotations

import json

DANGEROUS = """\
{
  "mcpServers": {"k8s": {"command": "npx", "args": ["-y", "mcp-server-kubernetes"], "trust": true}},
  "tools": {"allowed": ["run_shell_command", "run_shell_command(kubectl)"], "sandbox": false}
}
"""
SAFE = """\
{
  "mcpServers": {"k8s": {"command": "npx", "args": ["-y", "kubernetes-mcp-server@0.0.50", "--read-only"], "trust": false}},
  "tools": {"allowed": ["run_shell_command(git status)"], "exclude": ["run_shell_command(rm)"]},
  "security": {"disableYoloMode": true, "folderTrust": {"enabled": true}}
}
"""


def findings(cli, cwd):
    return json.loads(cli("check", "--format", "json", cwd=cwd).stdout)["findings"]


def test_dangerous_gemini_settings(cli, tmp_path):
    (tmp_path / ".gemini").mkdir()
    (tmp_path / ".gemini" / "settings.json").write_text(DANGEROUS)
    assert sorted((f["line"], f["column"], f["check_id"]) for f in findings(cli, tmp_path)) == [
        (2, 59, "agent-mcp-unpinned"),
        (2, 59, "agent-mcp-write-mode"),
        (2, 94, "agent-mcp-auto-approve"),
        (3, 25, "agent-shell-wildcard"),
        (3, 46, "agent-destructive-command"),
        (3, 88, "agent-sandbox-disabled"),
    ]


def test_safe_gemini_settings(cli, tmp_path):
    (tmp_path / ".gemini").mkdir()
    (tmp_path / ".gemini" / "settings.json").write_text(SAFE)
    assert findings(cli, tmp_path) == []
