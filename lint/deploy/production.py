"""Which environments, branches and stages count as production.

By name: `prod`, `production`, `live`, `prd` and names built from them (`prod-eu`, `us-production`,
`production_blue`), case-insensitive. A project adds its own globs under
``[tool.scopelint.deploy] production = ["release-*", "customer-*"]``; the engine configures them
once per run, before any file is read (workers inherit them).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fnmatch import fnmatchcase

#: Words that name production when they stand alone in a name split at `-`, `_`, `.`, `/` or space.
PRODUCTION_WORDS = frozenset({"prod", "production", "live", "prd", "prod1", "prod2"})
_SPLIT = re.compile(r"[-_./\s:]+")

_extra: tuple[str, ...] = ()


def configure(patterns: Sequence[str]) -> None:
    """Project globs that also name production (from `[tool.scopelint.deploy] production`)."""
    global _extra
    _extra = tuple(p.lower() for p in patterns)


def is_production(name: str | None) -> bool:
    """Whether an environment, stage or workspace name names production."""
    if not name:
        return False
    lowered = name.strip().lower()
    if any(fnmatchcase(lowered, pattern) for pattern in _extra):
        return True
    return any(word in PRODUCTION_WORDS for word in _SPLIT.split(lowered) if word)
