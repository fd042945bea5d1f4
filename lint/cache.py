"""The user's cache folder: files scopelint computes once and reads on later runs.

Nothing depends on the folder existing or being writable: a read-only home
only makes every run do the work again.
"""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """``$XDG_CACHE_HOME/scopelint``, or ``~/.cache/scopelint``."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base, "scopelint")


def write_atomically(target: Path, text: str) -> None:
    """Save a cache file for the next run; best effort. Readers never see half a file."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        pass
