"""VS Code / Kiro workspace settings and Continue MCP files: a dangerous and a safe config each."""

from __future__ import annotations

import json

VSCODE_DANGEROUS = """\
{
  // shared team settings
  "editor.formatOnSave": true,
  "kiroAgent.agentAutonomy": "Autopilot",
  "kiroAgent.trustedCommands": ["npm test", "terraform *"],
  "chat.tools.global.autoApprove": true,
  "chat.tools.terminal.autoApprove": {"/.*/": true},
}
"""
VSCODE_SAFE = """\
{
  "kiroAgent.agentAutonomy": "Supervised",
  "kiroAgent.trustedCommands": ["npm test", "git status"],
  "chat.tools.terminal.autoApprove": {"git status": true, "rm": false}
}
"""
CONTINUE_DANGEROUS = """\
name: k8s
version: 0.0.1
schema: v1
mcpServers:
  - name: k8s
    command: npx
    args: ["-y", "mcp-server-kubernetes"]
"""
CONTINUE_SAFE = """\
name: docs
version: 0.0.1
schema: v1
mcpServers:
  - name: docs
    command: uvx
    args: ["awslabs.aws-documentation-mcp-server==1.1.0"]
"""


def findings(cli, cwd):
    return sorted((f["path"], f["line"], f["column"], f["check_id"]) for f in json.loads(cli("check", "--format", "json", cwd=cwd).stdout)["findings"])


def test_dangerous_workspace_settings_and_continue(cli, tmp_path):
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text(VSCODE_DANGEROUS)
    (tmp_path / ".continue" / "mcpServers").mkdir(parents=True)
    (tmp_path / ".continue" / "mcpServers" / "k8s.yaml").write_text(CONTINUE_DANGEROUS)
    assert findings(cli, tmp_path) == [
        (".continue/mcpServers/k8s.yaml", 7, 18, "agent-mcp-unpinned"),
        (".continue/mcpServers/k8s.yaml", 7, 18, "agent-mcp-write-mode"),
        (".vscode/settings.json", 4, 30, "agent-autonomy-default-on"),
        (".vscode/settings.json", 5, 45, "agent-destructive-command"),
        (".vscode/settings.json", 6, 36, "agent-permission-bypass-mode"),
        (".vscode/settings.json", 7, 47, "agent-shell-wildcard"),
    ]


def test_safe_workspace_settings_and_continue(cli, tmp_path):
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "settings.json").write_text(VSCODE_SAFE)
    (tmp_path / ".continue" / "mcpServers").mkdir(parents=True)
    (tmp_path / ".continue" / "mcpServers" / "docs.yaml").write_text(CONTINUE_SAFE)
    assert findings(cli, tmp_path) == []
