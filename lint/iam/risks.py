"""The risk catalogues: privilege-escalation methods and the actions of each risk class.

Both are data (``lint/iam/data/*.yaml``), expanded against the action
catalogue, so the checks see canonical action names (``iam:PassRole``)
whatever casing or wildcard the data uses.

Expanding them needs YAML and every service of the catalogue, so the first run
saves the expanded catalogues in one compact file of the user's cache folder,
named after the catalogue's version and a hash of the data files; later runs
read that file in one go. Nothing depends on the cache being there or writable.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lint.cache import cache_dir, write_atomically
from lint.iam import catalog

DATA = Path(__file__).parent / "data"
RISK_CLASSES = (
    "destructive",
    "defense-evasion",
    "credentials-exposure",
    "data-exfiltration",
    "resource-exposure",
    "permissions-boundary-removal",
)
SOURCES = {
    "rhino": "https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/",
    "pathfinding": "https://pathfinding.cloud",
    "scopelint": "https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html",
}


class CatalogueError(ValueError):
    """A risk data file names an action the catalogue does not know, or is malformed."""


@dataclass(frozen=True)
class Method:
    """One privilege-escalation method: every action in `actions` is needed."""

    id: str
    actions: tuple[str, ...]
    description: str
    source: str
    passes_role: bool = False

    @property
    def reference(self) -> str:
        return SOURCES.get(self.source, "")


def _load(name: str):
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(DATA / name, encoding="utf-8") as stream:
        return yaml.load(stream, Loader=loader)


def _canonical(action: str, where: str) -> str:
    info = catalog.lookup(action)
    if info is None:
        raise CatalogueError(f"{where}: unknown action {action!r}")
    return info.full_name


@lru_cache(maxsize=1)
def privilege_escalation_methods() -> tuple[Method, ...]:
    """Every method, in the order of the data file (most established first)."""
    return tuple(
        Method(id=m[0], actions=tuple(m[1]), description=m[2], source=m[3], passes_role=m[4]) for m in _expanded()["methods"]
    )


def _expand_methods() -> list[list]:
    methods = []
    for entry in _load("privilege-escalation.yaml"):
        where = f"privilege-escalation.yaml: {entry.get('id', '?')}"
        methods.append(
            [
                entry["id"],
                [_canonical(a, where) for a in entry["actions"]],
                entry["description"],
                entry["source"],
                bool(entry.get("passes_role", False)),
            ]
        )
    return methods


_DATA_FILES = ("privilege-escalation.yaml", "risk-actions.yaml")


@lru_cache(maxsize=1)
def _expanded() -> dict:
    """The expanded catalogues: from the cache file when it matches the data and catalogue, else built and saved."""
    # keyed on the data files' bytes (two 32-bit checksums: a cache key, not a defence; hashlib would load OpenSSL)
    crc = adler = 1
    for name in _DATA_FILES:
        raw = (DATA / name).read_bytes() + b"\0"
        crc, adler = zlib.crc32(raw, crc), zlib.adler32(raw, adler)
    target = cache_dir() / f"risks-{catalog.catalog_version()['version']}-{crc:08x}{adler:08x}.json"
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("methods"), list) and isinstance(data.get("classes"), dict):
            return data
    except (OSError, ValueError):
        pass
    data = {"methods": _expand_methods(), "classes": {name: _expand_class(name) for name in RISK_CLASSES}}
    write_atomically(target, json.dumps(data, separators=(",", ":")))
    return data


@lru_cache(maxsize=1)
def _risk_groups() -> dict[str, list[dict]]:
    data = _load("risk-actions.yaml")
    unknown = set(data) - set(RISK_CLASSES)
    if unknown:
        raise CatalogueError(f"risk-actions.yaml: unknown risk class {sorted(unknown)[0]!r}")
    return data


def risk_class_patterns(name: str) -> list[tuple[str, str]]:
    """The (pattern, rationale) pairs the data file lists for class `name`, unexpanded."""
    if name not in RISK_CLASSES:
        raise KeyError(f"unknown risk class {name!r}; known: {', '.join(RISK_CLASSES)}")
    out = []
    for group in _risk_groups().get(name, ()):
        for entry in group["actions"]:
            if isinstance(entry, dict):  # `action: its own reason`, where the group's reason is not exact for it
                ((pattern, why),) = entry.items()
                out.append((pattern, why))
            else:
                out.append((entry, group["why"]))
    return out


@lru_cache(maxsize=None)
def risk_actions(name: str) -> dict[str, str]:
    """Concrete actions of risk class `name`, canonical name -> why it is risky; first rationale wins."""
    if name not in RISK_CLASSES:
        raise KeyError(f"unknown risk class {name!r}; known: {', '.join(RISK_CLASSES)}")
    return dict(_expanded()["classes"][name])


def _expand_class(name: str) -> dict[str, str]:
    actions: dict[str, str] = {}
    for pattern, why in risk_class_patterns(name):
        expanded = catalog.expand(pattern)
        if not expanded:
            raise CatalogueError(f"risk-actions.yaml: {name}: {pattern!r} names no known action")
        for info in expanded:
            actions.setdefault(info.full_name, why)
    return actions


def risk_class(action: str) -> tuple[str, ...]:
    """The risk classes an action belongs to, in `RISK_CLASSES` order."""
    full = catalog.canonical(action)
    return tuple(name for name in RISK_CLASSES if full in risk_actions(name))
