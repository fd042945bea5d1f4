"""The built-in checks of a run, known without importing them.

Importing every check module (and the subject and helper modules each one
imports) was most of scopelint's start-up, yet a run on one policy file needs
only the checks whose subject that file holds. What a run must know of every
check up front (its id, family, tags, subject, whether it reads the repository
graph) is read from the classes once and saved in the user's cache folder; a
check's module is then imported only when a subject of its kind is met.

The saved index is used only while every Python file of scopelint has the size
and modification time it had when the index was written (the rule Python
itself applies to ``.pyc`` files), so an edited, upgraded or reinstalled copy
never runs from a stale index. Checks of plugins and of `checks-dir` folders
are always imported: they are the user's, and usually few.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from lint.model import Confidence, Severity

if TYPE_CHECKING:
    from lint.check import Check

INDEX_VERSION = 1


@dataclass(frozen=True)
class CheckInfo:
    """A check as a run first needs it: named, classified and dispatchable, not yet imported."""

    id: str
    name: str
    tags: tuple[str, ...]
    severity: Severity
    confidence: Confidence
    subject: tuple[str, ...]  # "module:qualname" of each subject class it judges
    repository: bool  # reads the repository graph (phase 2) rather than one file's subjects
    module: str
    qualname: str
    origin: str
    cls: type[Check] | None = field(default=None, compare=False, repr=False)

    def family(self) -> str:
        return self.tags[0] if self.tags else "general"

    def load(self) -> type[Check]:
        """The check class, imported on first use."""
        if self.cls is not None:
            return self.cls
        loaded = _LOADED.get(self.id)
        if loaded is None:
            loaded = _import_check(self)
            _LOADED[self.id] = loaded
        return loaded

    @classmethod
    def of(cls, check: type[Check]) -> CheckInfo:
        from lint.graph.model import RepositoryCheck

        return cls(
            id=check.id,
            name=check.name,
            tags=tuple(check.tags),
            severity=check.severity,
            confidence=check.confidence,
            subject=tuple(qualified(kind) for kind in check.subjects()),
            repository=issubclass(check, RepositoryCheck),
            module=check.__module__,
            qualname=check.__qualname__,
            origin=check.origin,
            cls=check,
        )


_LOADED: dict[str, type[Check]] = {}


def qualified(kind: type) -> str:
    return f"{kind.__module__}:{kind.__qualname__}"


def _import_check(info: CheckInfo) -> type[Check]:
    import importlib

    from lint.registry import LoadError, _import_builtin

    _import_builtin()  # the `checks` package beside `lint`, whatever sys.path holds
    try:
        found: Any = importlib.import_module(info.module)
        for part in info.qualname.split("."):
            found = getattr(found, part)
    except Exception as exc:
        raise LoadError(f"check `{info.id}`: cannot import `{info.module}:{info.qualname}`: {type(exc).__name__}: {exc}") from exc
    if getattr(found, "id", None) != info.id or tuple(qualified(k) for k in found.subjects()) != info.subject:
        raise LoadError(f"check `{info.id}`: `{info.module}:{info.qualname}` changed since the check index was written")
    found.origin = info.origin
    return found


# -- the saved index ---------------------------------------------------------------------------


def _package_dirs() -> list[str]:
    import lint

    root = os.path.dirname(os.path.dirname(os.path.abspath(lint.__file__)))
    return [os.path.join(root, "lint"), os.path.join(root, "checks")]


def signature(directories: list[str]) -> list[list[Any]]:
    """(path, size, mtime_ns) of every Python file under `directories`, sorted; paths from their parent."""
    rows: list[list[Any]] = []
    start = len(os.path.dirname(directories[0])) + 1 if directories else 0
    pending = list(directories)
    while pending:
        directory = pending.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            if entry.name == "__pycache__":
                continue
            if entry.is_dir(follow_symlinks=False):
                pending.append(entry.path)
            elif entry.name.endswith(".py"):
                stat = entry.stat()
                rows.append([entry.path[start:], stat.st_size, stat.st_mtime_ns])
    rows.sort()
    return rows


def _index_file() -> Any:
    import zlib

    from lint.cache import cache_dir

    where = zlib.crc32(os.path.dirname(_package_dirs()[0]).encode()) & 0xFFFFFFFF
    return cache_dir() / f"checks-index-{where:08x}.json"


def _header() -> dict[str, Any]:
    from lint.version import __version__

    return {"version": INDEX_VERSION, "scopelint": __version__, "python": sys.version, "files": signature(_package_dirs())}


def read_index() -> list[CheckInfo] | None:
    """The built-in checks from the saved index, or None when there is none or it is not current."""
    try:
        data = json.loads(_index_file().read_text(encoding="utf-8"))
        header = {k: data.get(k) for k in ("version", "scopelint", "python", "files")}
        if header != _header():
            return None
        return [_info(row) for row in data["checks"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def write_index(checks: list[type[Check]]) -> None:
    """Save the index of the built-in checks (best effort)."""
    from lint.cache import write_atomically

    rows = [_row(CheckInfo.of(c)) for c in checks]
    write_atomically(_index_file(), json.dumps({**_header(), "checks": rows}, separators=(",", ":")))


def _row(info: CheckInfo) -> list[Any]:
    return [info.id, info.name, list(info.tags), info.severity.name, info.confidence.name, list(info.subject),
            info.repository, info.module, info.qualname, info.origin]


def _info(row: list[Any]) -> CheckInfo:
    check_id, name, tags, severity, confidence, subject, repository, module, qualname, origin = row
    return CheckInfo(check_id, name, tuple(tags), Severity[severity], Confidence[confidence], tuple(subject),
                     bool(repository), module, qualname, origin)
