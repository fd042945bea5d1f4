"""IAM wildcard semantics for action and resource patterns.

IAM patterns know two wildcards, ``*`` (any run of characters) and ``?`` (one
character); action names compare case-insensitively, resources case-sensitively.
Nothing else is special (unlike `fnmatch`, ``[...]`` is literal).
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str, *, ignore_case: bool = True) -> re.Pattern[str]:
    parts = []
    for ch in pattern:
        if ch == "*":
            parts.append(".*")
        elif ch == "?":
            parts.append(".")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL if ignore_case else re.DOTALL)


def action_matches(pattern: str, action: str) -> bool:
    """Whether the action pattern `pattern` (from a policy) covers `action`.

    `action` may itself hold wildcards (``rds:Delete*``): it is then covered when
    every action it could name is covered, judged on the text of the pattern.
    """
    if pattern == "*":
        return True
    if "*" not in action and "?" not in action:
        if "?" in pattern:
            return compile_pattern(pattern).fullmatch(action) is not None
        if "*" not in pattern:
            return pattern.lower() == action.lower()
        if pattern.isascii() and action.isascii():
            return _star_matches(pattern.lower(), action.lower())
        return compile_pattern(pattern).fullmatch(action) is not None
    return _pattern_covers(pattern.lower(), action.lower())


def _star_matches(pattern: str, text: str) -> bool:
    """Whether `pattern`, whose only wildcard is ``*``, matches all of `text`: the pieces between the stars
    in order, the first at the start and the last at the end (for ASCII text, lower-casing both is the
    case-insensitive comparison). Each of the thousands of distinct patterns a large run meets would
    otherwise compile a regular expression."""
    pieces = pattern.split("*")
    first, last = pieces[0], pieces[-1]
    end = len(text) - len(last)
    if end < len(first) or not text.startswith(first) or not text.endswith(last):
        return False
    at = len(first)
    for piece in pieces[1:-1]:
        found = text.find(piece, at, end)
        if found < 0:
            return False
        at = found + len(piece)
    return True


def patterns_overlap(a: str, b: str) -> bool:
    """Whether some action matches both patterns."""
    return _overlap(a.lower(), b.lower())


@lru_cache(maxsize=4096)
def _pattern_covers(outer: str, inner: str) -> bool:
    """Whether every string matched by `inner` is matched by `outer` (both IAM patterns)."""
    if not outer:
        return not inner
    head = outer[0]
    if head == "*":
        return any(_pattern_covers(outer[1:], inner[i:]) for i in range(len(inner) + 1))
    if not inner:
        return False
    if inner[0] == "*":
        return False
    if head == "?" or head == inner[0] and inner[0] != "?":
        return _pattern_covers(outer[1:], inner[1:])
    return False


@lru_cache(maxsize=4096)
def _overlap(a: str, b: str) -> bool:
    if not a:
        return not b.strip("*")
    if not b:
        return not a.strip("*")
    if a[0] == "*":
        return _overlap(a[1:], b) or _overlap(a, b[1:])
    if b[0] == "*":
        return _overlap(a, b[1:]) or _overlap(a[1:], b)
    if a[0] == "?" or b[0] == "?" or a[0] == b[0]:
        return _overlap(a[1:], b[1:])
    return False


def resource_matches(pattern: str, resource: str) -> bool:
    return compile_pattern(pattern, ignore_case=False).fullmatch(resource) is not None


def split_action(action: str) -> tuple[str, str]:
    """``"s3:GetObject"`` -> ``("s3", "GetObject")``; no colon -> ``("", action)``."""
    service, sep, name = action.partition(":")
    return (service, name) if sep else ("", action)
