"""AWS managed policies, by name, from the compact dated copy shipped with scopelint.

An identity that attaches `AmazonS3FullAccess` holds what that policy grants;
the documents come from `data/aws-managed-policies.json.gz` (rebuilt by
`scripts/build_aws_managed_policies.py`), loaded on first use.
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "aws-managed-policies.json.gz"


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    return json.loads(gzip.decompress(DATA.read_bytes()))


@lru_cache(maxsize=1)
def _by_lower_name() -> dict[str, str]:
    return {name.lower(): name for name in _data()["policies"]}


def aws_managed_policy(name: str) -> tuple[str, dict[str, Any]] | None:
    """(canonical name, document) of the AWS managed policy `name` (any casing), or None."""
    canonical = _by_lower_name().get(name.lower())
    return (canonical, _data()["policies"][canonical]) if canonical else None


def managed_policies_date() -> str:
    """The date of the newest policy version in the shipped copy (read without opening the archive)."""
    meta = json.loads(DATA.with_name("aws-managed-policies.meta.json").read_text(encoding="utf-8"))
    return str(meta["date"])
