"""The `scopelint-hook` command run by pre-commit (see ``.pre-commit-hooks.yaml``).

A thin layer over ``scopelint check``: pre-commit passes the staged JSON and
YAML files; the hook lints exactly those, prints one
``path:line:col: SEVERITY id message`` line per finding (no source frames,
related locations or summary) and returns the CLI's exit code: 0 clean, 1
findings at or above ``--fail-on`` (default: medium, or the configuration's),
2 usage or configuration error. With no file names it returns 0 without
scanning.

``pre_commit_hooks`` is an implicit namespace package (no ``__init__.py``), so
this module can live beside pre-commit/pre-commit-hooks' modules of the same
package without either distribution overwriting the other's files.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Sequence


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="scopelint-hook",
        description="pre-commit hook: run `scopelint check` on the given files, one line per finding.",
    )
    parser.add_argument("filenames", nargs="*", metavar="FILENAME", help="files to lint (passed by pre-commit)")
    parser.add_argument("--fail-on", metavar="SEVERITY", help="lowest severity that fails the commit (default: medium)")
    parser.add_argument("--select", metavar="IDS", help="comma-separated check ids or families to run")
    parser.add_argument("--ignore", metavar="IDS", help="comma-separated check ids or families to skip")
    parser.add_argument("--config", metavar="FILE", help="use this configuration file")
    parser.add_argument(
        "--trust-config",
        action="store_true",
        help="let the repository's configuration load its `checks-dir` (runs the Python in it)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not args.filenames:
        return 0

    from lint import cli

    stdout = sys.stdout
    colour = stdout.isatty() and not os.environ.get("NO_COLOR")
    command = ["check", "--quiet", "--format", "text", "--color", "always" if colour else "never"]
    for option in ("fail_on", "select", "ignore", "config"):
        value = getattr(args, option)
        if value is not None:
            command.append(f"--{option.replace('_', '-')}={value}")
    if args.trust_config:
        command.append("--trust-config")
    command += ["--", *args.filenames]

    # The CLI writes to a buffer, not a terminal: no source frames under the findings (pre-commit runs
    # hooks on a pseudo-terminal when it colours output). Indented lines (related locations) are dropped.
    buffer = io.StringIO()
    sys.stdout = buffer
    try:
        code = cli.main(command)
    finally:
        sys.stdout = stdout
    terse = [line for line in buffer.getvalue().splitlines() if line and not line.startswith(" ")]
    if terse:
        stdout.write("\n".join(terse) + "\n")
        stdout.flush()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
