"""Keep the working directory off ``sys.path`` when scopelint runs as ``python -m lint``.

Only ``sys`` and ``os`` are used: both are loaded before any user code, so
nothing here can itself be shadowed by a file in the working directory.
"""

from __future__ import annotations

import os
import sys


def drop_working_directory() -> None:
    """Remove ``''``, ``.`` and the working directory's own path from ``sys.path``."""
    try:
        cwd = os.path.normcase(os.path.realpath(os.getcwd()))
    except OSError:
        cwd = None
    kept = []
    for entry in sys.path:
        if not entry or entry == os.curdir:
            continue
        if cwd is not None:
            try:
                if os.path.normcase(os.path.realpath(entry)) == cwd:
                    continue
            except (OSError, ValueError):
                pass
        kept.append(entry)
    sys.path[:] = kept
