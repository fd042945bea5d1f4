"""Check documentation is complete: it is what `explain`, the SARIF help and the docs show."""

from __future__ import annotations

import pytest

from lint.check import DOC_SECTIONS
from lint.registry import check_problems, load_checks

CHECKS = load_checks()


@pytest.mark.parametrize("check", CHECKS, ids=[c.id for c in CHECKS])
def test_docstring_has_every_section_in_order(check):
    doc = check.doc()
    positions = [doc.find(f"## {section}\n") for section in DOC_SECTIONS]
    assert all(p >= 0 for p in positions), f"{check.id} lacks a section: {positions}"
    assert positions == sorted(positions), f"{check.id}: sections out of order"
    assert check.doc_sections()["References"].count("http") >= 1


@pytest.mark.parametrize("check", CHECKS, ids=[c.id for c in CHECKS])
def test_check_is_complete(check):
    assert check_problems(check) == []


def test_module_name_is_the_check_id():
    for check in CHECKS:
        assert check.__module__.rsplit(".", 1)[-1] == check.id.replace("-", "_")


def test_ids_name_the_bad_pattern():
    # "allow <id>" must read right: no imperative prefixes
    for check in CHECKS:
        assert not check.id.startswith(("no-", "disallow-", "ban-", "avoid-")), check.id
