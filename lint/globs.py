"""Path globs as users write them in config: ``**`` spans folders, ``*`` and ``?`` do not.

A pattern without a slash matches a file or folder name at any depth, as in
``.gitignore``; a pattern with one is anchored at the configuration's folder.
"""

from __future__ import annotations

import re
from functools import lru_cache


@lru_cache(maxsize=512)
def compile_glob(pattern: str) -> re.Pattern[str]:
    pattern = pattern.strip()
    anchored = "/" in pattern.rstrip("/")
    pattern = pattern.lstrip("/").removeprefix("./")
    if pattern.endswith("/"):
        pattern += "**"
    out = []
    i = 0
    while i < len(pattern):
        ch = pattern[i]
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
            continue
        if pattern.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if ch == "*":
            out.append("[^/]*")
        elif ch == "?":
            out.append("[^/]")
        else:
            out.append(re.escape(ch))
        i += 1
    body = "".join(out)
    prefix = "" if anchored else "(?:.*/)?"
    # a folder pattern also matches everything beneath it
    return re.compile(f"^{prefix}{body}(?:/.*)?$")


def glob_match(pattern: str, path: str) -> bool:
    """Whether relative POSIX `path` matches `pattern`."""
    return compile_glob(pattern).match(path) is not None


def any_match(patterns: list[str], path: str) -> bool:
    return any(glob_match(p, path) for p in patterns)
