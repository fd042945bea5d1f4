#!/usr/bin/env python3
"""Time what a developer feels: `scopelint check` on one file and the pre-commit hook on 20 files, cold and warm.

What is measured
----------------
Each run is a fresh process of the installed console script, as a user or
pre-commit starts it (interpreter start-up and imports included):

- one file: ``scopelint check --isolated --format text --output /dev/null --exit-zero FILE``
  on a small IAM policy;
- hook: ``scopelint-hook F1 … F20`` on 20 staged-looking files (IAM policies
  in JSON and YAML, Claude Code settings, Terraform, a workflow), as
  pre-commit calls it.

*Cold* is the first run after installing: the AWS action catalogue's compact
index (``$XDG_CACHE_HOME/scopelint/catalog-*.json``) does not exist yet and
is built during the run; every cold run gets a new empty ``XDG_CACHE_HOME``.
*Warm* is every later run: the index exists. Python's bytecode is compiled
at install time by pip and so is present in both. The OS file cache is warm
in both (one untimed run first). Besides wall time, the median CPU time
(user + system, from ``getrusage(RUSAGE_CHILDREN)``) is shown: on a shared,
loaded machine it is the steadier figure.

Usage::

    python bench/bench_dev.py [--runs N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import find_scopelint, run_once  # noqa: E402

POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::app/*"}]}


def write_files(root: Path) -> list[Path]:
    """20 files of the kinds a commit touches; some with findings, most without."""
    files: list[Path] = []
    services = ["s3", "dynamodb", "sqs", "lambda", "logs", "kms", "ec2", "ecr"]
    for i in range(10):
        service = services[i % len(services)]
        actions = [f"{service}:Get*", f"{service}:List*"] if i % 3 else [f"{service}:*", "iam:PassRole"]
        statement = {"Sid": f"S{i}", "Effect": "Allow", "Action": actions, "Resource": "*"}
        if i == 0:  # expanding NotAction needs the whole catalogue: the index is built on a cold run
            statement = {"Sid": "S0", "Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}
        doc = {"Version": "2012-10-17", "Statement": [statement]}
        path = root / "iam" / f"policy-{i}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(doc, indent=2))
        files.append(path)
    for i in range(4):
        path = root / "iam" / f"role-{i}.yaml"
        path.write_text(
            "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action:\n"
            f"      - {services[i]}:Describe*\n      - {services[i + 1]}:Delete*\n    Resource: '*'\n"
        )
        files.append(path)
    for i in range(3):
        path = root / f"app{i}" / ".claude" / "settings.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = "bypassPermissions" if i == 0 else "default"
        path.write_text(json.dumps({"permissions": {"defaultMode": mode, "allow": ["Bash(npm test)", "Read"]}, "env": {"AWS_PROFILE": f"dev{i}"}}, indent=2))
        files.append(path)
    for i in range(2):
        path = root / "infra" / f"iam{i}.tf"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(
            f'resource "aws_iam_role_policy" "p{i}" {{\n  role = "r{i}"\n  policy = jsonencode({{\n'
            '    Version = "2012-10-17"\n    Statement = [{ Effect = "Allow", Action = ["sqs:SendMessage"], Resource = "*" }]\n  })\n}\n'
        )
        files.append(path)
    path = root / ".github" / "workflows" / "ci.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("name: ci\non: [push]\npermissions: {}\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make test\n")
    files.append(path)
    assert len(files) == 20
    return files


def measure(command: list[str], cwd: Path, runs: int, cold: bool, caches: Path) -> dict:
    import resource

    times, cpu = [], []
    warm_cache = caches / "warm"
    warm_cache.mkdir(parents=True, exist_ok=True)
    for i in range(runs + 1):
        cache = caches / f"cold-{len(list(caches.iterdir()))}" if cold else warm_cache
        cache.mkdir(exist_ok=True)
        os.environ["XDG_CACHE_HOME"] = str(cache)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        wall, _rss, _tree, code, stderr = run_once(command, cwd)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(command[:2])}: exit {code}: {stderr.strip()[-300:]}")
        if i:  # run 0: fills the OS file cache (and, warm, the catalogue index)
            times.append(wall)
            cpu.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return {
        "median_s": statistics.median(times),
        "min_s": min(times),
        "max_s": max(times),
        "cpu_s": statistics.median(cpu),
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per measurement (default: 7)")
    parser.add_argument("--json", action="store_true", help="print machine-readable results")
    parser.add_argument("--scopelint", metavar="PATH", help="the scopelint command to time")
    args = parser.parse_args(argv)
    scopelint = find_scopelint(args.scopelint)
    hook = str(Path(scopelint).with_name("scopelint-hook"))
    saved = os.environ.get("XDG_CACHE_HOME")
    results = {}
    try:
        with tempfile.TemporaryDirectory(prefix="scopelint-bench-dev-") as tmp:
            work = Path(tmp)
            policy = work / "one" / "policy.json"
            policy.parent.mkdir()
            policy.write_text(json.dumps(POLICY))
            repo = work / "repo"
            files = [str(p.relative_to(repo)) for p in write_files(repo)]
            one = [scopelint, "check", "--isolated", "--format", "text", "--output", os.devnull, "--exit-zero", str(policy)]
            hook_command = [hook, *files]
            for name, command, cwd in (("one file", one, work), ("pre-commit hook, 20 files", hook_command, repo)):
                for state in ("cold", "warm"):
                    results[f"{name} ({state})"] = measure(command, cwd, args.runs, state == "cold", work / f"caches-{name[:3]}-{state}")
    finally:
        if saved is None:
            os.environ.pop("XDG_CACHE_HOME", None)
        else:
            os.environ["XDG_CACHE_HOME"] = saved
    if args.json:
        print(json.dumps({"python": platform.python_version(), "cpus": os.cpu_count(), "results": results}, indent=2))
        return 0
    print(f"python {platform.python_version()} on {platform.system()} {platform.machine()}, {os.cpu_count()} CPUs; {args.runs} timed runs each")
    width = max(map(len, results))
    print(f"{'measurement':<{width}}  median s  min s  max s  CPU s")
    for name, r in results.items():
        print(f"{name:<{width}}  {r['median_s']:8.3f}  {r['min_s']:5.3f}  {r['max_s']:5.3f}  {r['cpu_s']:5.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
