"""GitHub's ``primaryLocationLineHash``, ported from codeql-action ``src/fingerprints.ts``.

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
