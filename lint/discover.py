"""Choosing files: walk the given paths, skip what is never configuration, keep candidates.

A candidate is a file at a known config location (an extractor claims its
path) or a file in a format scopelint parses, whose content is sniffed later.

The scanned tree may be hostile, so the walk trusts nothing in it and costs at
most one `lstat` per entry (usually none: the folder listing says the type):

- symlinked folders are never followed, so a link loop cannot trap the walk;
- a symlinked file is read only when its target stays inside the scan root;
- FIFOs, sockets and devices are never opened (they are named, not read);
- a folder that cannot be listed is named, not silently left out.

Whatever is left out for one of these reasons becomes a `Source` carrying a
`skip` reason, which the runner reports (at a known location as a located
`invalid-document` problem, otherwise in the run's list of skipped files).
"""

from __future__ import annotations

import codecs
import errno
import os
import stat
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


class Unreadable(OSError):
    """A file that is not read, and why (not a regular file, over the size cap). An `OSError`, so
    code that already handles unreadable files handles these."""


def read_bounded(file: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes.

    The file is opened without blocking (a FIFO cannot stall the run), its type is checked on the
    open descriptor (a device or socket is never read, even if it replaced the file after
    discovery), and reading stops one byte past the limit however the size was reported.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(file, flags)
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Unreadable(not_regular(info.st_mode))
        too_big = f"file is larger than {limit // (1024 * 1024)} MB"
        if info.st_size > limit:
            raise Unreadable(too_big)
        chunks: list[bytes] = []
        total = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise Unreadable(too_big)
        return b"".join(chunks)
    finally:
        os.close(fd)


def decode(raw: bytes) -> tuple[str, str]:
    """Text and encoding of a file: UTF-8 (with or without BOM), or UTF-16/UTF-32 when a BOM says so."""
    if raw.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return raw.decode("utf-32"), "utf-32"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return raw.decode("utf-16"), "utf-16"
    return raw.decode("utf-8-sig"), "utf-8"


def read_text_bounded(file: Path, limit: int = MAX_FILE_BYTES) -> str:
    """`read_bounded`, decoded like every scanned file; raises `OSError` or `UnicodeDecodeError`."""
    return decode(read_bounded(file, limit))[0]


@dataclass(frozen=True, slots=True, init=False)
class Source:
    """A file to read: where it is, how to show it, and how it was chosen."""

    path: str  # display path: relative POSIX to the working directory when possible
    location: str  # where to read it (`file`, kept as text: a `Path` per file is half a kilobyte on a large tree)
    fmt: str  # parser to use
    known: bool  # at a known config location (so always in scope)
    rel: str  # path relative to the configuration root, for globs
    #: Why this entry is not read at all (not a regular file, symlink out of the scan root, loop…).
    skip: str | None = None

    def __init__(self, path: str, file: str | os.PathLike[str], fmt: str, known: bool, rel: str, skip: str | None = None) -> None:
        for name, value in (("path", path), ("location", os.fspath(file)), ("fmt", fmt), ("known", known), ("rel", rel), ("skip", skip)):
            object.__setattr__(self, name, value)

    @property
    def file(self) -> Path:
        """Where to read it."""
        return Path(self.location)


def display_path(file: Path, cwd: Path) -> str:
    """`file` relative to `cwd`, without resolving symlinks (a link shows as where it is)."""
    absolute, base = os.path.abspath(file), os.path.abspath(cwd)
    if absolute == base or absolute.startswith(base.rstrip(os.sep) + os.sep):
        return Path(os.path.relpath(absolute, base)).as_posix()
    return Path(absolute).as_posix()


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def not_regular(mode: int) -> str:
    return f"not a regular file ({file_kind(mode)}): not opened"


@dataclass(frozen=True, slots=True)
class _Entry:
    """One walked entry: its path (as walked, and absolute) and, when it must not be read, why."""

    file: str
    absolute: str
    skip: str | None = None
    named: bool = False  # reported whatever its name (a folder, a path given on the command line)
    alias: str | None = None  # a symlink inside the scan root: the absolute path of the file it names


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
    Paths are handled as text: no `Path` object, `resolve()` or `normpath` per file.
    """
    seen: set[str] = set()
    found: list[Source] = []
    base = os.path.abspath(cwd)
    base_prefix = base.rstrip(os.sep) + os.sep
    root_abs = os.path.abspath(root)
    root_prefix = root_abs.rstrip(os.sep) + os.sep
    patterns = list(exclude)
    for given in paths:
        named = os.fspath(given)
        try:
            info = os.stat(named)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                candidates: Iterator[_Entry] = iter([_Entry(named, os.path.abspath(named), "symlink loop: not followed", named=True)])
            elif os.path.lexists(named):  # a broken symlink given by name: reported when read
                candidates = iter([_Entry(named, os.path.abspath(named))])
            else:
                raise FileNotFoundError(f"{given}: no such file or directory") from None
        else:
            if stat.S_ISDIR(info.st_mode):
                candidates = _walk(named, root_abs, patterns)
            elif stat.S_ISREG(info.st_mode):
                # named on the command line: followed wherever it points
                candidates = iter([_Entry(named, os.path.abspath(named))])
            else:
                candidates = iter([_Entry(named, os.path.abspath(named), not_regular(info.st_mode), named=True)])
        aliases: list[_Entry] = []
        for entry in _aliases_last(candidates, aliases):
            absolute = entry.absolute
            if absolute in seen:
                continue
            rel = _relative_text(absolute, root_abs, root_prefix)
            if patterns and any_match(patterns, rel):
                continue
            if absolute == base or absolute.startswith(base_prefix):
                shown = _posix(os.path.relpath(absolute, base)) if absolute == base else _posix(absolute[len(base_prefix) :])
            else:
                shown = _posix(absolute)
            if rel == shown:
                rel = shown  # one string for both (a run from the configuration root)
            if entry.named and entry.skip:
                seen.add(absolute)
                found.append(Source(shown, entry.file, "", False, rel, entry.skip))
                continue
            known_fmt = claims(rel) or claims(shown)
            # A link to a file of the tree is that file again, unless its own name is a known
            # location (`.claude/settings.json -> ../shared/claude.json` is read as Claude settings).
            key = entry.alias if entry.alias is not None and known_fmt is None else absolute
            if key in seen:
                continue
            seen.add(key)
            seen.add(absolute)
            fmt = known_fmt or format_for(os.path.basename(entry.file))
            if fmt is None:
                continue
            found.append(Source(shown, entry.file, fmt, known_fmt is not None, rel, entry.skip))
    found.sort(key=lambda s: s.path)
    yield from found


def _posix(path: str) -> str:
    return path if os.sep == "/" else Path(path).as_posix()


def _aliases_last(entries: Iterator[_Entry], aliases: list[_Entry]) -> Iterator[_Entry]:
    """`entries` with symlinks to files in the tree held back to the end, so that a file reached
    both by its own name and through a link is reported under its own name."""
    for entry in entries:
        if entry.alias is not None:
            aliases.append(entry)
        else:
            yield entry
    yield from aliases


def _relative(absolute: Path, root: Path) -> str:
    root_abs = os.path.abspath(root)
    return _relative_text(os.path.abspath(absolute), root_abs, root_abs.rstrip(os.sep) + os.sep)


def _relative_text(absolute: str, root_abs: str, root_prefix: str) -> str:
    """`absolute` (normalised) relative to the root, in POSIX form; a path outside it without its leading slash."""
    if absolute == root_abs:
        return "."
    if absolute.startswith(root_prefix):
        return _posix(absolute[len(root_prefix) :])
    return _posix(absolute).lstrip("/")


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _walk(top: str, root_abs: str, exclude: list[str]) -> Iterator[_Entry]:
    """Entries under `top`, depth first in name order; symlinks judged against the scan root `top`.

    Each folder is listed once with `scandir`, whose entries say their type (no `stat` per file);
    paths are joined as text, the absolute one alongside the one as given.
    """
    scan_root = os.path.realpath(top)
    absolute_top = os.path.abspath(top)
    root_prefix = root_abs.rstrip(os.sep) + os.sep
    stack = [(top, absolute_top)]
    while stack:
        folder, absolute_folder = stack.pop()
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            yield _Entry(folder, absolute_folder, f"cannot read folder: {exc.strerror or exc}", named=True)
            continue
        subfolders = []
        same = folder == absolute_folder  # then an entry's path is its absolute path: keep one string
        for entry in entries:
            name = entry.name
            absolute = os.path.join(absolute_folder, name)
            path = absolute if same else entry.path
            try:
                if entry.is_symlink():
                    if name in DEFAULT_EXCLUDES:  # `.venv -> /opt/venv`: never configuration
                        continue
                    found = _symlink(path, absolute, scan_root, absolute_top)
                    if found is not None:
                        yield found
                    continue
                if entry.is_dir(follow_symlinks=False):
                    if name in DEFAULT_EXCLUDES:
                        continue
                    if exclude and any_match(exclude, _relative_text(absolute, root_abs, root_prefix)):
                        continue
                    subfolders.append((path, absolute))
                elif entry.is_file(follow_symlinks=False):
                    yield _Entry(path, absolute)
                else:
                    yield _Entry(path, absolute, not_regular(entry.stat(follow_symlinks=False).st_mode))
            except OSError as exc:  # vanished or unreadable while listing
                yield _Entry(path, absolute, f"cannot read file: {exc.strerror or exc}")
        stack.extend(reversed(subfolders))


def _symlink(path: str, absolute: str, scan_root: str, absolute_top: str) -> _Entry | None:
    """A symlink in the tree: read it only when it is a regular file inside the scan root."""
    try:
        info = os.stat(path)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _Entry(path, absolute, "symlink loop: not followed")
        return _Entry(path, absolute)  # broken: reported as unreadable when it is a candidate
    target = os.path.realpath(path)
    if stat.S_ISDIR(info.st_mode):
        if _inside(scan_root, target):
            return _Entry(path, absolute, "symlink loop: points to a folder that contains it, not followed", named=True)
        if not _inside(target, scan_root):
            return _Entry(path, absolute, "symlink to a folder outside the scanned folder: not followed", named=True)
        return None  # a second name for a folder that is scanned anyway
    if not _inside(target, scan_root):
        return _Entry(path, absolute, "symlink to a file outside the scanned folder: not followed")
    if not stat.S_ISREG(info.st_mode):
        return _Entry(path, absolute, not_regular(info.st_mode))
    return _Entry(path, absolute, alias=os.path.join(absolute_top, os.path.relpath(target, scan_root)))
