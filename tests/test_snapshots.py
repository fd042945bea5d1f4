"""What users see, pinned: text and SARIF output for the fixture tree (syrupy snapshots).

Update deliberately with `pytest tests/test_snapshots.py --snapshot-update` and review the diff.
"""

from __future__ import annotations

import json

import pytest
from syrupy.extensions.json import JSONSnapshotExtension

from tests.conftest import FIXTURES

TREE = FIXTURES / "tree"


@pytest.fixture
def json_snapshot(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


def _scrub_sarif(report: dict) -> dict:
    driver = report["runs"][0]["tool"]["driver"]
    driver["version"] = driver["semanticVersion"] = "<version>"
    driver.get("properties", {}).pop("scopelint/catalog", None)
    # the rule catalogue is pinned by test_sarif; keep only what the results refer to
    used = {r["ruleId"] for r in report["runs"][0]["results"]}
    driver["rules"] = [{"id": r["id"], "name": r["name"], "level": r["defaultConfiguration"]["level"]} for r in driver["rules"] if r["id"] in used]
    for result in report["runs"][0]["results"]:
        result.pop("ruleIndex", None)
    return report


def test_text_output(cli, snapshot):
    result = cli("check", ".", cwd=TREE)
    assert result.returncode == 1
    assert result.stdout == snapshot


def test_text_output_with_frames(snapshot):
    """What a terminal shows: the source line and a caret under each span (colour off for readability)."""

    from lint.config import Config
    from lint.registry import load_checks
    from lint.report.text import render_text
    from lint.runner import Engine

    result, sources = Engine(load_checks(), Config(root=TREE)).run_paths([TREE], cwd=TREE)
    assert render_text(result, sources, frames=True, colour=False) == snapshot


def test_sarif_output(cli, json_snapshot):
    result = cli("check", ".", "--format", "sarif", cwd=TREE)
    assert _scrub_sarif(json.loads(result.stdout)) == json_snapshot
