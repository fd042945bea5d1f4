"""List the checks whose messages have a first line longer than a limit (default 160 characters).

Runs every built-in check's embedded `invalid` examples, and any folders given
on the command line, and prints one row per check: the longest first line's
length and how many messages exceed the limit. Exit 1 when any does.

Usage: ``python scripts/message_audit.py [DIR ...] [--limit 160]``
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dirs", nargs="*", type=Path)
    parser.add_argument("--limit", type=int, default=160)
    args = parser.parse_args(argv)

    from lint.config import Config
    from lint.registry import load_checks
    from lint.runner import Engine
    from lint.check import Invalid
    from lint.testing import example_cases, run_example

    checks = load_checks()
    lengths: dict[str, list[int]] = defaultdict(list)
    for case in example_cases(checks):
        if not isinstance(case.example, Invalid):
            continue
        for finding in run_example(case, checks):
            if finding.check_id == case.check.id:
                lengths[finding.check_id].append(len(finding.message.splitlines()[0]))
    for folder in args.dirs:
        result, _ = Engine(checks, Config(root=folder)).run_paths([folder], cwd=folder)
        for finding in result.findings:
            lengths[finding.check_id].append(len(finding.message.splitlines()[0]))
    over = {cid: ls for cid, ls in lengths.items() if max(ls) > args.limit}
    for cid in sorted(over, key=lambda c: -max(over[c])):
        ls = over[cid]
        print(f"{cid:<36} longest {max(ls):>4}  over {args.limit}: {sum(n > args.limit for n in ls)} of {len(ls)}")
    if not over:
        print(f"every first line is at most {args.limit} characters")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
