#!/usr/bin/env python3
"""Rewrite the README's example outputs from what scopelint prints today.

Each ```console block whose command runs on `examples` and the ```mermaid graph of
`examples/incident` are regenerated; `tests/test_readme.py` fails when they drift.
Run from anywhere: `python scripts/update_readme_examples.py`.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
CONSOLE = re.compile(r"(```console\n\$ (scopelint [^\n]+)\n)(.*?)(```)", re.S)
MERMAID = re.compile(r"(```mermaid\n)(.*?)(```)", re.S)


def run(args: list[str], cwd: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "lint", *args], cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode not in (0, 1):
        sys.exit(f"`scopelint {' '.join(args)}` failed: {done.stderr}")
    return done.stdout


def main() -> int:
    text = README.read_text(encoding="utf-8")

    def console(match: re.Match[str]) -> str:
        command = match.group(2)
        if " examples" not in command:
            return match.group(0)
        return match.group(1) + run(command.split()[1:], ROOT) + match.group(4)

    text = CONSOLE.sub(console, text)
    text = MERMAID.sub(lambda m: m.group(1) + run(["graph", "."], ROOT / "examples" / "incident") + m.group(3), text, count=1)
    README.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
