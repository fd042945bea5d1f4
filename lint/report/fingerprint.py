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

_BLOCK_SIZE = 100
_MULTIPLIER = 37
_MASK = (1 << 64) - 1
_FIRST_MOD = pow(_MULTIPLIER, _BLOCK_SIZE, 1 << 64)  # weight of the unit leaving the window
_EOF = 65535
_PADDING = array("H", [0] * _BLOCK_SIZE)
_LF = 10


def line_hashes(text: str, last: int | None = None) -> dict[int, str]:
    """Every line's hash, by 1-based line number (with `last`, lines 1 to `last` only).

    A text ending in a newline has one more (empty) line than it has
    newlines, as in GitHub's implementation; the empty text has one line.

    The rolling hash leaves a line's hash once the window holds the first 100
    units from the line's start, so each line's value is that window's
    polynomial: with prefix values ``P[i]`` (the hash of the first `i` units,
    never dropping any), it is ``P[start + 100] - 37**100 * P[start]``. The
    text is normalised once with string methods (CR and CRLF to LF, spaces and
    tabs dropped, the end mark and NUL padding appended), so the only step per
    character is one multiply-add.
    """
    normal = text.replace("\r\n", "\n").replace("\r", "\n")  # CR first: "\r \n" stays two line ends
    normal = normal.replace(" ", "").replace("\t", "")
    units = array("H")
    units.frombytes(normal.encode("utf-16-le", "surrogatepass"))
    if sys.byteorder == "big":
        units.byteswap()
    starts = [0]
    if len(units) == len(normal):  # no surrogate pairs: string offsets are unit offsets
        find = normal.find
        at = find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = find("\n", at + 1)
    else:
        starts.extend(i + 1 for i, unit in enumerate(units) if unit == _LF)
    units.append(_EOF)
    units.extend(_PADDING)
    if last is not None and last < len(starts):
        del starts[max(last, 0) :]  # a line's hash and its ``:n`` depend only on the lines above it
        if starts:
            del units[starts[-1] + _BLOCK_SIZE :]
    prefix = [0]
    value = 0
    mask = _MASK
    keep = prefix.append
    for unit in units:
        value = (value * _MULTIPLIER + unit) & mask
        keep(value)
    seen: dict[str, int] = {}
    hashes: dict[int, str] = {}
    for line, start in enumerate(starts, start=1):
        digest = format((prefix[start + _BLOCK_SIZE] - _FIRST_MOD * prefix[start]) & mask, "x")
        count = seen.get(digest, 0) + 1
        seen[digest] = count
        hashes[line] = f"{digest}:{count}"
    return hashes


def primary_location_line_hash(text: str, line: int) -> str:
    """The hash GitHub computes for a result whose region starts on `line` of `text`."""
    hashes = line_hashes(text)
    if line not in hashes:
        raise ValueError(f"line {line} is not in the text (lines 1..{len(hashes)})")
    return hashes[line]


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


def logical_fingerprint(
    finding, cwd: str, cache: dict[str, str | None] | None = None, anchored: dict[str, str] | None = None
) -> str:
    """The ``scopelint/v1`` key of `finding`: check id + repository-relative path + pointer, hashed.

    Lines may move and the working directory may change; the key stays. A
    repository finding is keyed by every hop of its path, so the same agent
    reaching the same grant the same way is one alert across runs. A repeat
    of one key in a file keeps the ``:n`` suffix the engine gave it.
    `anchored` remembers each displayed path's anchored form across calls.
    """
    from hashlib import sha256  # only when there are findings: keeps OpenSSL off clean runs

    cache = {} if cache is None else cache
    anchored = {} if anchored is None else anchored

    def anchor(path: str) -> str:
        found = anchored.get(path)
        if found is None:
            found = anchored[path] = anchored_path(path, cwd, cache)
        return found

    location = finding.location
    if finding.flow:
        key = "\0".join(f"{anchor(hop.path)}#{hop.pointer}" for hop in (location, *finding.flow))
    else:
        pointer = location.pointer
        if not pointer:
            span = location.span
            pointer = f"@{span.start_line}:{span.start_col}"
        key = f"{anchor(location.path)}\0{pointer}"
    digest = sha256(f"{finding.check_id}\0{key}".encode()).hexdigest()[:32]
    _, colon, repeat = finding.fingerprint.partition(":")
    return f"{digest}:{repeat}" if colon and repeat.isdigit() else digest


def anchor_fingerprints(result, cwd) -> None:
    """Give every finding of `result` (reported and suppressed) its repository-anchored fingerprint.

    Each displayed path is anchored once, however many findings it has.
    """
    from lint.model import Finding

    cache: dict[str, str | None] = {}
    anchored: dict[str, str] = {}
    base = str(cwd)

    def anchor(finding: Finding) -> Finding:
        fingerprint = logical_fingerprint(finding, base, cache, anchored)
        if fingerprint == finding.fingerprint:
            return finding
        return Finding(
            finding.check_id,
            finding.message,
            finding.severity,
            finding.confidence,
            finding.location,
            finding.related,
            fingerprint,
            finding.suppression,
            finding.flow,
            finding.data,
        )

    result.findings[:] = [anchor(f) for f in result.findings]
    result.suppressed[:] = [anchor(f) for f in result.suppressed]
