"""Kiro IDE agents (front matter) and hook files."""

from __future__ import annotations

import json

AGENT = """\
---
description: Deploys the infrastructure
tools: ["read", "write", "shell"]
permissions:
  - capability: shell
    effect: allow
    match: ["npx cdk *", "git status"]
  - capability: fs_write
    effect: allow
    # scopelint: ignore[agent-filesystem-scope] the agent edits dotfiles on purpose
    match: ["~/**"]
---
You deploy with `npx cdk deploy --all`.
"""
SAFE_AGENT = """\
---
description: Reviews pull requests
tools: ["read"]
permissions:
  - {capability: shell, effect: allow, match: ["git diff *", "git log *"]}
---
Review the change.
"""
HOOK = '{"enabled": true, "name": "Lint", "when": {"type": "fileEdited", "patterns": ["**/*.ts"]}, "then": {"type": "askAgent", "prompt": "lint it"}}'


def report(cli, cwd):
    return json.loads(cli("check", "--format", "json", cwd=cwd).stdout)


def test_ide_agent_front_matter_located_in_the_markdown(cli, tmp_path):
    (tmp_path / ".kiro" / "agents").mkdir(parents=True)
    (tmp_path / ".kiro" / "agents" / "iac.md").write_text(AGENT)
    (tmp_path / ".kiro" / "agents" / "review.md").write_text(SAFE_AGENT)
    result = report(cli, tmp_path)
    assert [(f["path"], f["line"], f["column"], f["check_id"]) for f in result["findings"]] == [
        (".kiro/agents/iac.md", 7, 13, "agent-destructive-command")
    ]
    assert [(f["line"], f["check_id"]) for f in result["suppressed"]] == [(11, "agent-filesystem-scope")]


def test_hook_that_asks_the_agent_is_not_a_command(cli, tmp_path):
    (tmp_path / ".kiro" / "hooks").mkdir(parents=True)
    (tmp_path / ".kiro" / "hooks" / "lint.kiro.hook").write_text(HOOK)
    assert report(cli, tmp_path)["findings"] == []
