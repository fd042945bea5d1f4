"""Messages read in one glance: a finding's first line stays within `LIMIT` characters.

Checks build their message from the most to the least detailed form and keep the first that fits;
the details a shorter form leaves out stay in related locations or in the finding's `data`.
"""

from __future__ import annotations

#: The longest first line a finding's message should have.
LIMIT = 160


def first_fitting(*candidates: str, limit: int = LIMIT) -> str:
    """The first candidate that fits on one line, or the last (shortest) one."""
    for candidate in candidates:
        if len(candidate) <= limit:
            return candidate
    return candidates[-1]


def brief(text: str) -> str:
    """`text` without its parenthesised details, `(...)` after a space and outside backticks.

    ``"runs code on the host (returned by `make()`)"`` -> ``"runs code on the host"``.
    """
    out: list[str] = []
    depth, code = 0, False
    for i, char in enumerate(text):
        if char == "`" and depth == 0:
            code = not code
        if not code and char == "(" and (depth or text[i - 1:i] == " "):
            depth += 1
            if depth == 1 and out and out[-1] == " ":
                out.pop()
            continue
        if depth:
            depth -= char == ")"
            continue
        out.append(char)
    return "".join(out)
