"""The GitHub Action's report step: counts, job summary and annotations from scopelint's SARIF.

Run by ``action.yml`` with the Python of scopelint's virtual environment,
after ``scopelint check --format sarif`` wrote the report, so the files are
linted once. It appends ``findings`` and one count per severity to
``$GITHUB_OUTPUT``, a table of them to ``$GITHUB_STEP_SUMMARY``, and (with
``--annotations true``) prints one workflow-command annotation per finding,
escaped as ``scopelint check --format github`` escapes them.

Usage: ``python scripts/action_report.py REPORT.sarif [--annotations true|false]``
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections import Counter
from pathlib import Path

from lint.model import Severity
from lint.report.github import LEVEL, escape_data, escape_property

SEVERITIES = [s.label for s in sorted(Severity, reverse=True)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sarif", type=Path)
    parser.add_argument("--annotations", default="true", choices=["true", "false"])
    args = parser.parse_args(argv)
    log = json.loads(args.sarif.read_text(encoding="utf-8"))
    results = [r for run in log.get("runs", []) for r in run.get("results", []) if not _suppressed(r)]
    counts = Counter(_severity(r) for r in results)
    outputs = {"findings": len(results), **{label: counts.get(label, 0) for label in SEVERITIES}}
    _append(os.environ.get("GITHUB_OUTPUT"), "".join(f"{k}={v}\n" for k, v in outputs.items()))
    _append(os.environ.get("GITHUB_STEP_SUMMARY"), _summary(outputs, results))
    if args.annotations == "true":
        for result in results:
            print(_annotation(result))
    return 0


def _suppressed(result: dict) -> bool:
    return any(s.get("status", "accepted") == "accepted" for s in result.get("suppressions", []))


def _severity(result: dict) -> str:
    label = result.get("properties", {}).get("scopelint/severity")
    return label if label in SEVERITIES else "medium"


def _annotation(result: dict) -> str:
    check_id = result.get("ruleId", "scopelint")
    message = result.get("message", {}).get("text", "")
    level = LEVEL[Severity.parse(_severity(result))]
    props = []
    locations = result.get("locations") or [{}]
    physical = locations[0].get("physicalLocation", {})
    uri = physical.get("artifactLocation", {}).get("uri")
    if uri:
        from urllib.parse import unquote

        props.append(f"file={escape_property(unquote(uri))}")
        region = physical.get("region", {})
        for key, name in (("startLine", "line"), ("startColumn", "col"), ("endLine", "endLine"), ("endColumn", "endColumn")):
            if isinstance(region.get(key), int):
                props.append(f"{name}={region[key]}")
    props.append(f"title={escape_property(f'scopelint ({check_id})')}")
    return f"::{level} {','.join(props)}::{escape_data(f'{check_id}: {message}')}"


def _summary(outputs: dict, results: list) -> str:
    rows = " | ".join(str(outputs[label]) for label in SEVERITIES)
    head = " | ".join(SEVERITIES)
    verdict = "No findings." if not results else f"{outputs['findings']} finding{'s' if outputs['findings'] != 1 else ''}."
    return f"### scopelint\n\n{verdict}\n\n| {head} |\n|{'---|' * len(SEVERITIES)}\n| {rows} |\n\n"


def _append(path: str | None, text: str) -> None:
    if path:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text)


if __name__ == "__main__":
    sys.exit(main())
