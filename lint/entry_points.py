"""Entry points of one group, read straight from installed distributions' metadata.

`importlib.metadata` builds a model of every installed distribution (and
imports `email`, `zipfile`, `csv`…) before it can answer; scopelint needs one
group on every start, so it reads the ``entry_points.txt`` files itself. The
result is the same list (a test compares the two), except that the working
directory is never read: ``python -m`` puts it first on ``sys.path``, and the
folder being scanned must not be able to register a plugin by shipping a
``*.dist-info`` folder.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from typing import NamedTuple


class EntryPoint(NamedTuple):
    name: str
    value: str
    group: str
    distribution: str


def entry_points(group: str, path: Iterable[str] | None = None, *, skip_cwd: bool = True) -> list[EntryPoint]:
    """Entry points of `group` from every ``*.dist-info`` / ``*.egg-info`` on `path` (first wins, like imports).

    With `skip_cwd`, entries naming the working directory (``''``, ``.`` or its
    absolute path) are passed over.
    """
    found: dict[str, EntryPoint] = {}
    seen_dists: set[str] = set()
    cwd = _real(os.curdir) if skip_cwd else None
    for entry in path if path is not None else sys.path:
        if cwd is not None and (not entry or _real(entry) == cwd):
            continue
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        for name in sorted(names):
            if not name.endswith((".dist-info", ".egg-info")):
                continue
            dist = _normalise(name.rsplit(".", 1)[0].split("-", 1)[0])
            if dist in seen_dists:
                continue
            seen_dists.add(dist)
            for ep in _read(os.path.join(entry or ".", name, "entry_points.txt"), group, dist):
                found.setdefault(ep.name, ep)
    return sorted(found.values())


def _real(path: str) -> str:
    try:
        return os.path.normcase(os.path.realpath(path))
    except (OSError, ValueError):
        return path


def _normalise(name: str) -> str:
    return name.replace("-", "_").replace(".", "_").lower()


def _read(file: str, group: str, dist: str) -> list[EntryPoint]:
    try:
        with open(file, encoding="utf-8") as handle:
            text = handle.read()
    except OSError:
        return []
    if group not in text:
        return []
    out = []
    section = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if section == group and "=" in line:
            name, value = line.split("=", 1)
            out.append(EntryPoint(name.strip(), value.strip(), group, dist))
    return out
