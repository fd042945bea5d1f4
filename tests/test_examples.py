"""Every check's embedded examples: valid ones stay silent, invalid ones fire exactly where they say."""

from __future__ import annotations

import pytest

from lint.registry import load_checks
from lint.testing import example_cases, verify

CHECKS = load_checks()
CASES = list(example_cases(CHECKS))


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_example(case):
    problem = verify(case, CHECKS)
    assert problem is None, problem


def test_every_check_has_valid_and_invalid_examples():
    for check in CHECKS:
        assert check.valid and check.invalid, check.id
        assert all(example.expect for example in check.invalid), check.id
