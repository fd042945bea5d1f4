"""Choosing files: walk the given paths, skip what is never configuration, keep candidates.

A candidate is a file at a known config location (an extractor claims its
path) or a file in a format scopelint parses, whose content is sniffed later.
Symlinked folders are not followed, so a link loop cannot trap the walk.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from lint.formats import format_for
from lint.globs import any_match

#: Folders that never hold configuration a reviewer owns.
DEFAULT_EXCLUDES = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".jj",
        "node_modules",
        ".venv",
        "venv",
        ".tox",
        ".nox",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".terraform",
        "cdk.out",
        ".aws-sam",
        ".serverless",
        ".direnv",
        "site-packages",
    }
)
#: Files larger than this are not parsed (policies top out at 10 KB; templates at 1 MB).
MAX_FILE_BYTES = 5 * 1024 * 1024


@dataclass(frozen=True)
class Source:
    """A file to read: where it is, how to show it, and how it was chosen."""

    path: str  # display path: relative POSIX to the working directory when possible
    file: Path  # where to read it
    fmt: str  # parser to use
    known: bool  # at a known config location (so always in scope)
    rel: str  # path relative to the configuration root, for globs


def display_path(file: Path, cwd: Path) -> str:
    """`file` relative to `cwd`, without resolving symlinks (a link shows as where it is)."""
    absolute, base = os.path.abspath(file), os.path.abspath(cwd)
    if absolute == base or absolute.startswith(base.rstrip(os.sep) + os.sep):
        return Path(os.path.relpath(absolute, base)).as_posix()
    return Path(absolute).as_posix()


def discover(
    paths: Sequence[Path],
    *,
    cwd: Path,
    root: Path,
    exclude: Sequence[str] = (),
    claims=lambda path: None,
) -> Iterator[Source]:
    """Sources under `paths`, sorted by display path, each once.

    `claims(path)` returns the format of a file at a known config location, or None.
    """
    seen: set[Path] = set()
    found: list[Source] = []
    for given in paths:
        if given.is_file() or (given.exists() and not given.is_dir()):
            candidates: Iterator[Path] = iter([given])
        elif given.is_dir():
            candidates = _walk(given, root, exclude)
        else:
            raise FileNotFoundError(f"{given}: no such file or directory")
        for file in candidates:
            resolved = file.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            rel = _relative(Path(os.path.abspath(file)), root)
            if exclude and any_match(list(exclude), rel):
                continue
            shown = display_path(file, cwd)
            known_fmt = claims(rel) or claims(shown)
            fmt = known_fmt or format_for(file.name)
            if fmt is None:
                continue
            found.append(Source(shown, file, fmt, known_fmt is not None, rel))
    found.sort(key=lambda s: s.path)
    yield from found


def _relative(absolute: Path, root: Path) -> str:
    try:
        return absolute.relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return absolute.as_posix().lstrip("/")


def _walk(top: Path, root: Path, exclude: Sequence[str]) -> Iterator[Path]:
    resolved_root = Path(os.path.abspath(root))
    for dirpath, dirnames, filenames in os.walk(top, followlinks=False):
        keep = []
        for name in dirnames:
            if name in DEFAULT_EXCLUDES:
                continue
            if exclude:
                rel = _relative(Path(os.path.abspath(os.path.join(dirpath, name))), resolved_root)
                if any_match(list(exclude), rel):
                    continue
            keep.append(name)
        dirnames[:] = sorted(keep)
        for name in sorted(filenames):
            yield Path(dirpath, name)
