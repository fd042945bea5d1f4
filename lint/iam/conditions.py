"""IAM condition operators: the grammar AWS accepts."""

from __future__ import annotations

import difflib

BASE_OPERATORS = (
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
    "StringLike", "StringNotLike",
    "NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
    "NumericGreaterThan", "NumericGreaterThanEquals",
    "DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
    "Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
    "ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike",
    "Null",
)  # fmt: skip
SET_PREFIXES = ("ForAllValues:", "ForAnyValue:")


def split_operator(operator: str) -> tuple[str, str, bool]:
    """``"ForAnyValue:StringLikeIfExists"`` -> ``("ForAnyValue:", "StringLike", True)``."""
    prefix = next((p for p in SET_PREFIXES if operator.startswith(p)), "")
    base = operator[len(prefix) :]
    if_exists = base.endswith("IfExists") and base != "IfExists"
    if if_exists:
        base = base[: -len("IfExists")]
    return prefix, base, if_exists


def operator_problem(operator: str) -> str | None:
    """Why AWS would reject `operator`, or None when it is valid."""
    prefix, base, if_exists = split_operator(operator)
    if base in BASE_OPERATORS:
        if base == "Null" and if_exists:
            return f"`{operator}`: `Null` cannot take `IfExists`"
        return None
    suggestion = _suggest(prefix, base, if_exists)
    hint = f" (did you mean `{suggestion}`?)" if suggestion else ""
    return f"unknown condition operator `{operator}`{hint}"


def _suggest(prefix: str, base: str, if_exists: bool) -> str | None:
    lowered = {b.lower(): b for b in BASE_OPERATORS}
    match = lowered.get(base.lower())
    if match is None:
        close = difflib.get_close_matches(base, BASE_OPERATORS, n=1, cutoff=0.7)
        match = close[0] if close else None
    if match is None:
        return None
    return f"{prefix}{match}{'IfExists' if if_exists else ''}"
