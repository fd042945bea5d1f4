#!/usr/bin/env python3
"""Generate a synthetic repository tree for the 20,000-file benchmark budget (DESIGN.md §9).

    python bench/gen_tree.py DIR --files 20000 [--seed 1]
    python bench/bench.py DIR --runs 3

The tree looks like a large monorepo: services/NNN/ folders holding IAM
policies (JSON and YAML, some over-broad), role trust policies, Claude Code
settings (``.claude/settings.json``), and files scopelint reads but that are
not permission configuration (package.json, tsconfig.json,
docker-compose.yml, GitHub workflow YAML, Helm-style values.yaml), plus a few
non-candidate files (README.md, main.py). Output is deterministic for a seed.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Callable
from pathlib import Path

SERVICES = ["s3", "dynamodb", "sqs", "sns", "lambda", "logs", "kms", "ec2", "ecr", "secretsmanager", "ssm"]
VERBS = ["Get*", "List*", "Describe*", "Put*", "Create*", "Delete*", "Update*", "*"]


def _policy(rng: random.Random, i: int) -> dict:
    statements = []
    for s in range(rng.randint(1, 4)):
        service = rng.choice(SERVICES)
        roll = rng.random()
        if roll < 0.02:
            action, resource = "*", "*"
        elif roll < 0.15:
            action, resource = f"{service}:*", "*"
        else:
            action = sorted({f"{service}:{rng.choice(VERBS[:-1])}" for _ in range(rng.randint(1, 5))})
            resource = f"arn:aws:{service}:us-east-1:123456789012:svc-{i}-{s}/*"
        statements.append({"Sid": f"S{i}x{s}", "Effect": "Allow", "Action": action, "Resource": resource})
    return {"Version": "2012-10-17", "Statement": statements}


def _yaml_policy(rng: random.Random, i: int) -> str:
    doc = _policy(rng, i)
    lines = ['Version: "2012-10-17"', "Statement:"]
    for st in doc["Statement"]:
        lines.append(f"  - Sid: {st['Sid']}")
        lines.append(f"    Effect: {st['Effect']}")
        actions = st["Action"] if isinstance(st["Action"], list) else [st["Action"]]
        lines.append("    Action:")
        lines.extend(f'      - "{a}"' for a in actions)
        lines.append(f'    Resource: "{st["Resource"]}"')
    return "\n".join(lines) + "\n"


def _trust(rng: random.Random, i: int) -> dict:
    principal = rng.choice(
        [
            {"Service": "lambda.amazonaws.com"},
            {"AWS": f"arn:aws:iam::{rng.randint(10**11, 10**12 - 1)}:root"},
            {"Federated": "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"},
        ]
    )
    statement: dict = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    if "Federated" in principal:
        statement["Action"] = "sts:AssumeRoleWithWebIdentity"
        statement["Condition"] = {
            "StringEquals": {"token.actions.githubusercontent.com:aud": "sts.amazonaws.com"},
            "StringLike": {"token.actions.githubusercontent.com:sub": f"repo:example/svc-{i}:environment:prod"},
        }
    return {"Version": "2012-10-17", "Statement": [statement]}


def _claude_settings(rng: random.Random, i: int) -> dict:
    settings: dict = {"permissions": {"allow": ["Bash(npm test)", "Bash(npm run lint)"], "deny": ["Bash(rm -rf:*)"]}}
    if rng.random() < 0.1:
        settings["permissions"]["defaultMode"] = "bypassPermissions"
    if rng.random() < 0.1:
        settings["permissions"]["allow"].append("Bash(*)")
    if rng.random() < 0.2:
        settings["env"] = {"AWS_PROFILE": rng.choice(["dev", "staging", "prod-admin"])}
    return settings


def _package_json(rng: random.Random, i: int) -> dict:
    return {
        "name": f"@example/svc-{i}",
        "version": f"1.{rng.randint(0, 40)}.{rng.randint(0, 9)}",
        "private": True,
        "scripts": {"build": "tsc -p .", "test": "vitest run", "lint": "eslint ."},
        "dependencies": {"express": "^4.19.2", "zod": "^3.23.8"},
        "devDependencies": {"typescript": "^5.5.4", "vitest": "^2.0.5"},
    }


def _tsconfig(rng: random.Random, i: int) -> dict:
    return {"compilerOptions": {"target": "ES2022", "module": "NodeNext", "strict": True, "outDir": "dist"}}


def _compose(rng: random.Random, i: int) -> str:
    return (
        "services:\n"
        f"  svc-{i}:\n"
        "    build: .\n"
        f'    ports: ["{8000 + i % 1000}:8080"]\n'
        "    environment:\n"
        "      LOG_LEVEL: info\n"
        "  redis:\n"
        "    image: redis:7\n"
    )


def _workflow(rng: random.Random, i: int) -> str:
    return (
        f"name: svc-{i}\n"
        "on: [push]\n"
        "permissions:\n  contents: read\n"
        "jobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - uses: actions/checkout@v4\n      - run: npm ci && npm test\n"
    )


def _values(rng: random.Random, i: int) -> str:
    return f"replicaCount: {rng.randint(1, 5)}\nimage:\n  repository: example/svc-{i}\n  tag: latest\nresources: {{}}\n"


# (relative path template, writer, weight); {n} is the service folder number
Writer = Callable[[random.Random, int], "dict | str"]
KINDS: list[tuple[str, Writer, int]] = [
    ("iam/policy-{k}.json", _policy, 30),
    ("iam/policy-{k}.yaml", _yaml_policy, 10),
    ("iam/trust-{k}.json", _trust, 8),
    (".claude/settings.json", _claude_settings, 4),
    ("package.json", _package_json, 12),
    ("tsconfig.json", _tsconfig, 8),
    ("docker-compose.yml", _compose, 8),
    (".github/workflows/ci-{k}.yml", _workflow, 6),
    ("deploy/values-{k}.yaml", _values, 8),
    ("README.md", lambda rng, i: f"# svc-{i}\n", 3),
    ("src/main-{k}.py", lambda rng, i: f"print('svc-{i}')\n", 3),
]
FILES_PER_SERVICE = 16


def generate(root: Path, files: int, seed: int = 1) -> int:
    rng = random.Random(seed)
    templates = list(KINDS)
    weights = [w for _, _, w in KINDS]
    numbered = [kind for kind in KINDS if "{k}" in kind[0]]
    written = 0
    service = 0
    while written < files:
        folder = root / "services" / f"{service // 100:03d}" / f"svc-{service:05d}"
        used: set[str] = set()
        for k in range(min(FILES_PER_SERVICE, files - written)):
            template, writer, _ = rng.choices(templates, weights)[0]
            rel = template.format(k=k)
            if rel in used:  # single-instance names (package.json…) once per folder: pick a numbered kind
                template, writer, _ = rng.choices(numbered, [w for _, _, w in numbered])[0]
                rel = template.format(k=k)
            used.add(rel)
            content = writer(rng, service * FILES_PER_SERVICE + k)
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content if isinstance(content, str) else json.dumps(content, indent=2) + "\n")
            written += 1
        service += 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, metavar="DIR", help="folder to create (must be empty or absent)")
    parser.add_argument("--files", type=int, default=20000, help="number of files (default: 20000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    args = parser.parse_args(argv)
    if args.files < 1:
        parser.error("--files must be at least 1")
    if args.dir.exists() and any(args.dir.iterdir()):
        parser.error(f"{args.dir} is not empty")
    args.dir.mkdir(parents=True, exist_ok=True)
    written = generate(args.dir, args.files, args.seed)
    print(f"wrote {written} files under {args.dir}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
