"""Fingerprints: GitHub's ``primaryLocationLineHash`` (ported from codeql-action ``src/fingerprints.ts``)
and scopelint's own logical key, anchored at the repository root.

Code scanning matches an alert across runs by rule id plus this hash of the
flagged line. upload-sarif fills the hash in when a result lacks it, but the
REST upload does not, and a value that differs from upload-sarif's own only
earns a warning. So we compute exactly the same value ourselves; any
deviation (padding the hex, counting code points instead of UTF-16 units)
would make every alert look new after switching upload paths.

The algorithm: a rolling hash (mod 2**64, multiplier 37) over a window of
the next 100 characters from the start of each line, spaces and tabs
skipped, CR and CRLF read as LF, the end of the file marked by 65535 and
then NUL padding. The hash is printed as unpadded lower-case hex, followed
by ``:n`` where ``n`` numbers identical hashes in the file from 1.
"""

from __future__ import annotations

import sys
from array import array
from collections.abc import Iterable

_BLOCK_SIZE = 100
_MULTIPLIER = 37
_MASK = (1 << 64) - 1
_FIRST_MOD = pow(_MULTIPLIER, _BLOCK_SIZE, 1 << 64)  # weight of the character leaving the window
_EOF = 65535
_TAB, _LF, _CR, _SPACE = 9, 10, 13, 32
_NO_LINE = -1


def line_hashes(text: str) -> dict[int, str]:
    """Every line's hash, by 1-based line number, in one pass over `text`.

    A text ending in a newline has one more (empty) line than it has
    newlines, as in GitHub's implementation; the empty text has one line.
    """
    window = [0] * _BLOCK_SIZE
    line_at = [_NO_LINE] * _BLOCK_SIZE  # line number if the window slot starts a line
    seen: dict[str, int] = {}
    hashes: dict[int, str] = {}
    value = 0
    index = 0
    line = 0
    line_start = True
    prev_cr = False

    def emit() -> None:
        digest = format(value, "x")
        seen[digest] = seen.get(digest, 0) + 1
        hashes[line_at[index]] = f"{digest}:{seen[digest]}"
        line_at[index] = _NO_LINE

    for unit in _utf16_units(text):
        if unit == _SPACE or unit == _TAB or (prev_cr and unit == _LF):
            prev_cr = False
            continue
        if unit == _CR:
            unit = _LF
            prev_cr = True
        else:
            prev_cr = False
        if line_at[index] != _NO_LINE:
            emit()
        if line_start:
            line_start = False
            line += 1
            line_at[index] = line
        if unit == _LF:
            line_start = True
        value = (value * _MULTIPLIER + unit - _FIRST_MOD * window[index]) & _MASK
        window[index] = unit
        index = (index + 1) % _BLOCK_SIZE

    for _ in range(_BLOCK_SIZE):  # flush: pad with NULs until every pending line is out
        if line_at[index] != _NO_LINE:
            emit()
        value = (value * _MULTIPLIER - _FIRST_MOD * window[index]) & _MASK
        window[index] = 0
        index = (index + 1) % _BLOCK_SIZE
    return hashes


def primary_location_line_hash(text: str, line: int) -> str:
    """The hash GitHub computes for a result whose region starts on `line` of `text`."""
    hashes = line_hashes(text)
    if line not in hashes:
        raise ValueError(f"line {line} is not in the text (lines 1..{len(hashes)})")
    return hashes[line]


def _utf16_units(text: str) -> Iterable[int]:
    """The text as JavaScript's ``charCodeAt`` sees it, then the end-of-file mark.

    Characters outside the BMP are two UTF-16 code units in JavaScript, so they
    must be two here too, or hashes diverge from GitHub's for such files.
    """
    units = array("H")
    units.frombytes(text.encode("utf-16-le", "surrogatepass"))
    if sys.byteorder == "big":
        units.byteswap()
    units.append(_EOF)
    return units


# -- the logical key ---------------------------------------------------------------------------


def repository_root(directory: str, cache: dict[str, str | None]) -> str | None:
    """The nearest folder at or above `directory` holding ``.git``, or None outside a repository."""
    import os

    seen: list[str] = []
    current = directory
    root: str | None = None
    while True:
        if current in cache:
            root = cache[current]
            break
        seen.append(current)
        if os.path.exists(os.path.join(current, ".git")):
            root = current
            break
        parent = os.path.dirname(current)
        if parent == current:
            break
        current = parent
    for folder in seen:
        cache[folder] = root
    return root


def anchored_path(path: str, cwd: str, cache: dict[str, str | None]) -> str:
    """`path` (as displayed: relative to `cwd`, or absolute) relative to its repository root, in POSIX form.

    Outside a repository the displayed path is kept: there is no fixed point to key on.
    """
    import os
    from pathlib import PurePath

    absolute = os.path.normpath(path if os.path.isabs(path) else os.path.join(cwd, path))
    root = repository_root(os.path.dirname(absolute), cache)
    if root is None:
        return PurePath(path).as_posix()
    return PurePath(os.path.relpath(absolute, root)).as_posix()


def logical_fingerprint(finding, cwd: str, cache: dict[str, str | None] | None = None) -> str:
    """The ``scopelint/v1`` key of `finding`: check id + repository-relative path + pointer, hashed.

    Lines may move and the working directory may change; the key stays. A
    repository finding is keyed by every hop of its path, so the same agent
    reaching the same grant the same way is one alert across runs. A repeat
    of one key in a file keeps the ``:n`` suffix the engine gave it.
    """
    from hashlib import sha256

    cache = {} if cache is None else cache
    location = finding.location
    if finding.flow:
        key = "\0".join(f"{anchored_path(hop.path, cwd, cache)}#{hop.pointer}" for hop in (location, *finding.flow))
    else:
        span = location.span
        pointer = location.pointer or f"@{span.start_line}:{span.start_col}"
        key = f"{anchored_path(location.path, cwd, cache)}\0{pointer}"
    digest = sha256(f"{finding.check_id}\0{key}".encode()).hexdigest()[:32]
    _, colon, repeat = finding.fingerprint.partition(":")
    return f"{digest}:{repeat}" if colon and repeat.isdigit() else digest


def anchor_fingerprints(result, cwd) -> None:
    """Give every finding of `result` (reported and suppressed) its repository-anchored fingerprint."""
    from dataclasses import replace

    cache: dict[str, str | None] = {}
    base = str(cwd)
    result.findings[:] = [replace(f, fingerprint=logical_fingerprint(f, base, cache)) for f in result.findings]
    result.suppressed[:] = [replace(f, fingerprint=logical_fingerprint(f, base, cache)) for f in result.suppressed]
