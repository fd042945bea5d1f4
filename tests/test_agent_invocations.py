"""Agent CLIs with trust flags in workflows, scripts and Makefiles."""

from __future__ import annotations

import json

WORKFLOW = """\
name: agent
on: [issue_comment]
jobs:
  fix:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/deploy
          aws-region: eu-west-1
      - name: Let the agent fix it
        run: |
          npm ci
          codex exec --yolo "fix the deploy"
  label:
    runs-on: ubuntu-latest
    steps:
      - run: gemini -p "label the issue" --approval-mode=yolo
"""
MAKEFILE = """\
.PHONY: agent
agent:
\tclaude -p "$(TASK)" --permission-mode bypassPermissions
"""


def test_workflow_and_makefile(cli, tmp_path):
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "agent.yml").write_text(WORKFLOW)
    (tmp_path / "Makefile").write_text(MAKEFILE)
    report = json.loads(cli("check", "--format", "json", cwd=tmp_path).stdout)
    found = sorted((f["path"], f["line"], f["column"], f["severity"]) for f in report["findings"])
    assert found == [
        # the job's role `deploy` is not defined here: what the agent may do with it is unknown
        (".github/workflows/agent.yml", 13, 14, "low"),
        (".github/workflows/agent.yml", 15, 22, "critical"),
        (".github/workflows/agent.yml", 19, 42, "high"),
        ("Makefile", 3, 22, "high"),
    ]
    critical = next(f for f in report["findings"] if f["severity"] == "critical")
    assert critical["message"] == (
        "`codex --yolo` in workflow job `fix` runs with no approvals and no sandbox; "
        "the job runs `aws-actions/configure-aws-credentials`"
    )


def test_plain_workflow_is_quiet(cli, tmp_path):
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "ci.yml").write_text(
        "on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test -- --yolo-mode=off\n"
    )
    assert json.loads(cli("check", "--format", "json", cwd=tmp_path).stdout)["findings"] == []


def test_flags_belong_to_their_own_command(tmp_path):
    """A flag after `;`, `&&` or `|`, or inside a quoted string, is not the agent's."""
    from lint.formats.text import TextDocument
    from lint.subjects.invocations import scan

    cases = {
        'gemini -p "triage" && apt-get install -y jq': [],
        'claude -p "hi"; codex exec --yolo "fix it"': [("codex", "--yolo", 28)],
        'echo "run claude --dangerously-skip-permissions to go fast"': [],
        "echo claude --dangerously-skip-permissions": [],
        'claude -p "never pass --dangerously-skip-permissions"': [],
        "gemini -p summary | tee out.txt -y": [],
        "npx -y @anthropic-ai/claude-code --dangerously-skip-permissions": [("claude", "--dangerously-skip-permissions", 34)],
        "npx @openai/codex@latest --yolo": [("codex", "--yolo", 26)],
        "CI=1 timeout 600 gemini --yolo": [("gemini", "--yolo", 25)],
        'out=$(claude --dangerously-skip-permissions -p "$TASK")': [("claude", "--dangerously-skip-permissions", 14)],
        "./node_modules/.bin/claude --dangerously-skip-permissions": [("claude", "--dangerously-skip-permissions", 28)],
    }
    for line, expected in cases.items():
        found = [(f.agent, f.flag, f.span.start_col) for f in scan(line, 1, TextDocument("run.sh", line))]
        assert found == expected, line


def test_workflow_step_after_separator(cli, tmp_path):
    (tmp_path / ".github" / "workflows").mkdir(parents=True)
    (tmp_path / ".github" / "workflows" / "triage.yml").write_text(
        "on: issues\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n"
        '      - run: gemini -p "label this issue" > labels.txt && sudo apt-get install -y jq\n'
        '      - run: echo "do not run codex --yolo here"\n'
    )
    assert json.loads(cli("check", "--format", "json", cwd=tmp_path).stdout)["findings"] == []
