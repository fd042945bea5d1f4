"""Rule pages: generated from the checks, checked in under docs/rules/, current, and linked from SARIF."""

from __future__ import annotations

import json
from pathlib import Path

from lint.cli import main
from lint.registry import load_checks
from lint.report.sarif import render_sarif
from lint.result import RunResult
from lint.rule_docs import INDEX, MARKER, pages, rule_doc_uri, write_pages
from lint.version import INFORMATION_URI

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs" / "rules"
CHECKS = load_checks()


def test_checked_in_pages_are_current() -> None:
    """Regenerate with `scopelint rules --format markdown --output docs/rules` when this fails."""
    wanted = pages(CHECKS)
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")}
    assert sorted(on_disk) == sorted(wanted), "pages missing or left over"
    stale = [name for name, text in wanted.items() if on_disk[name] != text]
    assert stale == [], f"out of date: {stale}"


def test_every_page_has_the_checks_documentation() -> None:
    wanted = pages(CHECKS)
    for check in CHECKS:
        page = wanted[f"{check.id}.md"]
        assert page.startswith(MARKER)
        assert f"# {check.id}: {check.name}" in page
        for section in ("## What it does", "## Why is this bad?", "## Remediation", "## References"):
            assert section in page, (check.id, section)
        if check.invalid:
            assert "### Reported" in page and check.invalid[0].expect[0] in page
        assert f"[`{check.id}`]({check.id}.md)" in wanted[INDEX]


def test_sarif_help_uri_points_at_the_page() -> None:
    log = json.loads(render_sarif(RunResult(), CHECKS, {}))
    for rule in log["runs"][0]["tool"]["driver"]["rules"]:
        assert rule["helpUri"] == f"{INFORMATION_URI}/blob/main/docs/rules/{rule['id']}.md"
        assert (DOCS / f"{rule['id']}.md").is_file()
    assert rule_doc_uri("my-custom-check").endswith("/docs/custom-checks.md")


def test_command_writes_and_prunes(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "gone-check.md").write_text(MARKER + "\nold page\n")
    (tmp_path / "out" / "notes.md").write_text("hand-written, kept\n")
    assert main(["rules", "--format", "markdown", "--output", "out"]) == 0
    assert f"wrote {len(CHECKS) + 1} pages to out, removed 1 stale" in capsys.readouterr().out
    assert not (tmp_path / "out" / "gone-check.md").exists()
    assert (tmp_path / "out" / "notes.md").read_text() == "hand-written, kept\n"
    assert (tmp_path / "out" / "iam-admin-wildcard.md").is_file()
    assert write_pages(CHECKS, tmp_path / "out") == (len(CHECKS) + 1, 0)  # idempotent


def test_markdown_needs_an_output_folder(capsys) -> None:
    assert main(["rules", "--format", "markdown"]) == 2
    assert "--output DIR" in capsys.readouterr().err


def test_code_fences_survive_backticks_in_examples() -> None:
    from lint.rule_docs import _fence

    lines = _fence("a ``` b", "x.yaml")
    assert lines[0] == "  ````yaml" and lines[-2] == "  ````"
