#!/usr/bin/env python3
"""Generate a repository with N agent configuration files across products, for the agent benchmark.

    python bench/gen_agents.py DIR --files 200 [--seed 1]
    python bench/bench.py DIR --runs 5

Each of N/10 service folders gets the ten kinds of file scopelint reads for agents: Claude Code
settings and `.mcp.json`, Kiro MCP and CLI agent, Cursor and VS Code files, Amazon Q agent, Codex
TOML, Gemini settings and a GitHub workflow that runs an agent. About a third are dangerous.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

SERVERS = [
    ("uvx", ["awslabs.aws-api-mcp-server{v}"]),
    ("npx", ["-y", "@modelcontextprotocol/server-github{v}"]),
    ("uvx", ["awslabs.aws-documentation-mcp-server{v}"]),
    ("docker", ["run", "-i", "--rm", "ghcr.io/github/github-mcp-server{t}"]),
]


def _server(rng: random.Random, risky: bool) -> dict:
    command, args = rng.choice(SERVERS)
    pinned = not risky or rng.random() < 0.5
    args = [a.format(v="==1.2.0" if command == "uvx" and pinned else "@1.2.0" if pinned else "", t=":v0.9.0" if pinned else "") for a in args]
    server = {"command": command, "args": args, "env": {"AWS_PROFILE": "prod-admin" if risky else "agent-dev"}}
    if risky:
        server["autoApprove"] = ["*"] if rng.random() < 0.5 else ["call_aws"]
    return server


def files(rng: random.Random, risky: bool) -> dict[str, str]:
    mcp = json.dumps({"mcpServers": {f"s{i}": _server(rng, risky) for i in range(rng.randint(1, 3))}}, indent=2)
    allow = ["Bash(*)", "Bash(terraform:*)"] if risky else ["Bash(npm test)", "Read"]
    return {
        ".claude/settings.json": json.dumps({"permissions": {"allow": allow, "defaultMode": "bypassPermissions" if risky else "default"},
                                              "env": {"AWS_PROFILE": "dev"}}, indent=2),
        ".mcp.json": mcp,
        ".kiro/settings/mcp.json": mcp,
        ".cursor/mcp.json": mcp,
        ".vscode/settings.json": json.dumps({"kiroAgent.agentAutonomy": "Autopilot" if risky else "Supervised",
                                              "kiroAgent.trustedCommands": ["*"] if risky else ["npm test"]}, indent=2),
        ".amazonq/cli-agents/ops.json": json.dumps({"name": "ops", "tools": ["*"], "allowedTools": ["*"] if risky else ["fs_read"],
                                                     "toolsSettings": {"use_aws": {"allowedServices": ["rds"]} if risky else {"autoAllowReadonly": True}}}, indent=2),
        ".kiro/agents/ops.json": json.dumps({"name": "ops", "allowedTools": ["shell"] if risky else ["read"]}, indent=2),
        ".codex/config.toml": ('approval_policy = "never"\nsandbox_mode = "danger-full-access"\n' if risky
                               else 'approval_policy = "on-request"\nsandbox_mode = "workspace-write"\n'),
        ".gemini/settings.json": json.dumps({"tools": {"allowed": ["run_shell_command"] if risky else ["run_shell_command(git status)"]}}, indent=2),
        ".github/workflows/agent.yml": "on: issues\njobs:\n  fix:\n    runs-on: ubuntu-latest\n    steps:\n"
        + ("      - run: claude -p fix --dangerously-skip-permissions\n" if risky else "      - run: claude -p fix --allowedTools Read\n"),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    for service in range(max(args.files // 10, 1)):
        base = args.directory / f"services/svc{service:03d}"
        for name, text in files(rng, rng.random() < 0.33).items():
            target = base / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
    print(f"wrote {max(args.files // 10, 1) * 10} agent configuration files under {args.directory}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
