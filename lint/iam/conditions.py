"""IAM condition operators: the grammar AWS accepts."""

from __future__ import annotations


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
        from difflib import get_close_matches  # only for an operator that is misspelt

        close = get_close_matches(base, BASE_OPERATORS, n=1, cutoff=0.7)
        match = close[0] if close else None
    if match is None:
        return None
    return f"{prefix}{match}{'IfExists' if if_exists else ''}"


#: Condition keys whose value only grows with time, and how long a credential issued before a date may still be
#: used after it (the longest session: 36 hours for `GetSessionToken`; two days to be safe).
_TIME_KEYS = {"aws:currenttime": 0.0, "aws:epochtime": 0.0, "aws:tokenissuetime": 2 * 86400.0}


def never_holds(conditions: dict, now: float | None = None) -> str | None:
    """Why a `Condition` block can never be satisfied, or None when it can.

    Recognised: an upper bound on the time (`DateLessThan` on `aws:CurrentTime`, `aws:EpochTime`,
    `aws:TokenIssueTime`) that has passed; a key required both equal to and different from the same
    values (`StringEquals` and `StringNotEquals`); a key required absent (`Null: true`) and equal to a value.
    """
    import time

    if not isinstance(conditions, dict) or not conditions:
        return None
    now = time.time() if now is None else now
    by_key: dict[str, dict[str, list[str]]] = {}
    names: dict[str, str] = {}  # lower-cased key -> as written
    for operator, block in conditions.items():
        if not isinstance(operator, str) or not isinstance(block, dict):
            continue
        prefix, base, if_exists = split_operator(operator)
        for key, values in block.items():
            if not isinstance(key, str):
                continue
            listed = values if isinstance(values, list) else [values]
            if not all(isinstance(v, (str, int, float, bool)) for v in listed):
                continue  # computed values: unknown
            strings = [str(v).lower() if isinstance(v, bool) else str(v) for v in listed]
            lower = key.lower()
            names.setdefault(lower, key)
            if not prefix and not if_exists:
                by_key.setdefault(lower, {})[base] = strings
            if base in ("DateLessThan", "DateLessThanEquals") and lower in _TIME_KEYS and not prefix and strings:
                latest = max((_timestamp(v) for v in strings), key=lambda t: t if t is not None else float("inf"))
                if latest is not None and latest + _TIME_KEYS[lower] < now:
                    return f"`{operator}` `{key}` before {max(strings)}, which has passed"
    for key, operators in by_key.items():
        equal, different = operators.get("StringEquals"), operators.get("StringNotEquals")
        if equal and different is not None and set(equal) <= set(different):
            return f"`{names[key]}` must both equal and differ from {', '.join(f'`{v}`' for v in equal)}"
        null = operators.get("Null")
        if null == ["true"] and any(op not in ("Null",) and op not in ("StringNotEquals", "StringNotLike", "ArnNotEquals", "ArnNotLike", "NumericNotEquals", "DateNotEquals") for op in operators):
            return f"`{names[key]}` must be absent (`Null`) and also match a value"
    return None


def _timestamp(value: str) -> float | None:
    """An IAM date (ISO 8601, or epoch seconds) as epoch seconds."""
    from datetime import datetime, timezone

    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    return parsed.timestamp()
