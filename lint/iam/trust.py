"""Reading trust policies: who may assume the role, and on which conditions."""

from __future__ import annotations

import re
from typing import Any

from lint.subjects.iam import Statement

GITHUB_OIDC = "token.actions.githubusercontent.com"
_ACCOUNT = re.compile(r"^(?:arn:aws[\w-]*:iam::)?(\d{12})(?::root)?$|^arn:aws[\w-]*:iam::(\d{12}):")


def condition_values(statement: Statement, key: str) -> list[tuple[str, str, Any]]:
    """(operator, key as written, values) for every use of `key` (case-insensitive) in the statement."""
    out = []
    for operator, block in statement.conditions.items():
        if not isinstance(block, dict):
            continue
        for written, value in block.items():
            if written.lower() == key.lower():
                values = value if isinstance(value, list) else [value]
                out.append((operator, written, values))
    return out


def account_of(principal: str) -> str | None:
    """The account id named by an AWS principal (`123456789012`, `arn:aws:iam::123456789012:root`, a role ARN)."""
    m = _ACCOUNT.match(principal)
    if not m:
        return None
    return m.group(1) or m.group(2)


def has_any_key(statement: Statement, keys: set[str]) -> bool:
    return bool(statement.condition_keys & {k.lower() for k in keys})
