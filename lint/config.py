"""Configuration: ``[tool.scopelint]`` in ``pyproject.toml``, or ``scopelint.toml`` / ``.scopelint.toml``.

Where settings come from, and how far each is trusted:

- the **user's own file**, ``$XDG_CONFIG_HOME/scopelint/config.toml`` (by
  default ``~/.config/scopelint/config.toml``): trusted, may name
  ``checks-dir``; a project file overrides its other keys;
- a file named with ``--config FILE``: trusted;
- a file **discovered** in the scanned tree: looked for from the working
  directory upward, stopping at the repository root (the first directory
  holding ``.git``); outside a repository only the working directory itself is
  looked at, and the climb never enters a world-writable directory such as
  ``/tmp``. Such a file was written by whoever wrote the change under review,
  so it may tune checks but never make scopelint run code: its ``checks-dir``
  is ignored, with a note saying how to trust it (``--config`` or
  ``--trust-config``).

Unknown keys and unknown check ids are errors that name the key and the file:
a typo must never switch a check off silently.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lint.model import Severity


CONFIG_FILES = ("scopelint.toml", ".scopelint.toml", "pyproject.toml")
KEYS = {
    "select",
    "ignore",
    "fail-on",
    "exclude",
    "extend-exclude",
    "per-path-ignores",
    "severity",
    "checks-dir",
    "ai-identities",
    "allow-inline-critical",
    "inline-ignores",
    "deploy",
    "baseline",
    "allow-baseline-critical",
}
USER_CONFIG = Path("scopelint") / "config.toml"
MAX_CONFIG_BYTES = 1024 * 1024
AI_IDENTITY_KEYS = {"paths", "names"}
DEPLOY_KEYS = {"production"}


class ConfigError(Exception):
    """A configuration problem; the message names the file and key."""


@dataclass
class Config:
    """Settings of a run. Paths in it are relative to `root`."""

    root: Path = field(default_factory=Path.cwd)
    source: Path | None = None
    select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    fail_on: Severity = Severity.MEDIUM
    exclude: list[str] = field(default_factory=list)
    per_path_ignores: dict[str, list[str]] = field(default_factory=dict)
    severity: dict[str, Severity] = field(default_factory=dict)
    checks_dirs: list[Path] = field(default_factory=list)
    ai_identity_paths: list[str] = field(default_factory=list)
    ai_identity_names: list[str] = field(default_factory=list)
    allow_inline_critical: bool = False
    production: list[str] = field(default_factory=list)  # globs of environment names that are production
    baseline: Path | None = None  # accepted findings (lint.baseline), resolved against `root`
    allow_baseline_critical: bool = False
    inline_ignores: bool = True  # honour `# scopelint: ignore[...]` comments and `Metadata` ignores
    #: Files read, in order of precedence (project first, then the user's), for reports and `--verbose`.
    files: list[Path] = field(default_factory=list)
    #: Lines for stderr: what was ignored and why (always shown).
    notes: list[str] = field(default_factory=list)
    #: Lines for stderr with `--verbose`: which files were used.
    details: list[str] = field(default_factory=list)

    def where(self, key: str) -> str:
        name = str(self.source) if self.source else "configuration"
        table = "[tool.scopelint]" if self.source and self.source.name == "pyproject.toml" else ""
        return f"{name}: {table + ' ' if table else ''}`{key}`"


def user_config_path(environ: dict[str, str] | None = None) -> Path:
    """The user's own configuration file (it need not exist)."""
    environ = dict(os.environ) if environ is None else environ
    xdg = environ.get("XDG_CONFIG_HOME", "")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / USER_CONFIG
    return Path(environ.get("HOME") or os.path.expanduser("~")) / ".config" / USER_CONFIG


def search_directories(start: Path) -> list[Path]:
    """Where a project configuration may be: `start` up to its repository root.

    Outside a repository only `start` itself. The climb never enters a
    world-writable directory (``/tmp``, a shared mount): anyone could have put
    a ``.git`` and a configuration there.
    """
    start = start.resolve()
    climbed = [start]
    for directory in (start, *start.parents):
        if directory != start:
            if _world_writable(directory):
                return [start]
            climbed.append(directory)
        if (directory / ".git").exists():
            return climbed
    return [start]


def _world_writable(directory: Path) -> bool:
    try:
        return bool(os.stat(directory).st_mode & stat.S_IWOTH)
    except OSError:
        return True  # cannot tell: do not trust it


def find_config_files(start: Path) -> list[tuple[Path, dict[str, Any]]]:
    """Every config file with scopelint settings from `start` up to the repository root, nearest first."""
    found: list[tuple[Path, dict[str, Any]]] = []
    for directory in search_directories(start):
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file():  # a regular file: never a FIFO or a device a symlink points at
                try:
                    table = _read_table(candidate)
                except ConfigError:
                    if not found:
                        raise  # the file that would apply is broken: say so
                    continue  # a farther file that does not apply anyway
                if table is not None:
                    found.append((candidate, table))
    return found


def find_config_file(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The configuration that applies at `start`: the nearest file (in one folder, `CONFIG_FILES` order)."""
    found = find_config_files(start)
    return found[0] if found else None


def _read_table(path: Path) -> dict[str, Any] | None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise ConfigError(f"{path}: larger than {MAX_CONFIG_BYTES // 1024} KB; not a configuration file")
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except (tomllib.TOMLDecodeError, RecursionError, ValueError) as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        tool = data.get("tool", {})
        table = tool.get("scopelint") if isinstance(tool, dict) else None
        return table if isinstance(table, dict) else None
    return data


#: Config keys and the `Config` attributes each sets, for layering a project file over the user's.
_ATTRIBUTES = {
    "select": ("select",),
    "ignore": ("ignore",),
    "fail-on": ("fail_on",),
    "exclude": ("exclude",),
    "extend-exclude": ("exclude",),
    "per-path-ignores": ("per_path_ignores",),
    "severity": ("severity",),
    "ai-identities": ("ai_identity_paths", "ai_identity_names"),
    "allow-inline-critical": ("allow_inline_critical",),
    "inline-ignores": ("inline_ignores",),
    "deploy": ("production",),
}


def load_config(
    explicit: Path | None = None,
    *,
    isolated: bool = False,
    cwd: Path | None = None,
    trust: bool = False,
    environ: dict[str, str] | None = None,
) -> Config:
    """The run's configuration: the user's file, then `explicit` or the discovered file over it.

    `trust` lets a discovered file name `checks-dir` (``--trust-config``).
    `isolated` ignores every file, the user's included.
    """
    cwd = cwd or Path.cwd()
    if isolated:
        config = Config(root=cwd)
        config.details.append("scopelint: note: --isolated: no configuration file read")
        return config
    user = _user_config(environ)
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: no such configuration file")
        table = _read_table(explicit)
        if table is None:
            raise ConfigError(f"{explicit}: has no [tool.scopelint] table")
        project, trusted, how = parse_config(table, explicit.resolve()), True, "named with --config"
    else:
        found = find_config_files(cwd)
        if not found:
            if user is None:
                config = Config(root=cwd)
                config.details.append("scopelint: note: no configuration file found; using defaults")
                return config
            user_config, _ = user
            user_config.root = cwd
            user_config.details.append(f"scopelint: note: using configuration {user_config.source} (your own file)")
            return user_config
        (path, table), shadowed = found[0], found[1:]
        project, trusted = parse_config(table, path), trust
        how = "found in the scanned tree, trusted with --trust-config" if trust else "found in the scanned tree"
        if shadowed:
            others = ", ".join(str(p) for p, _ in shadowed)
            project.notes.append(
                f"scopelint: note: using configuration {path}; ignored {others} "
                "(only the nearest file applies; in one folder scopelint.toml wins over .scopelint.toml over pyproject.toml)"
            )
        if not trusted and project.checks_dirs:
            shown = ", ".join(str(d) for d in project.checks_dirs)
            project.notes.append(
                f"scopelint: warning: {project.where('checks-dir')} ignored ({shown}): a configuration found in the "
                f"scanned tree is not trusted to run code. To load these checks pass `--config {path}` or "
                "`--trust-config`, or name the folder with `--checks-dir`"
            )
            project.checks_dirs = []
    project.details.append(f"scopelint: note: using configuration {project.source} ({how})")
    if user is not None:
        user_config, user_table = user
        for key, attributes in _ATTRIBUTES.items():
            if key in user_table and not _sets(table, attributes):
                for attribute in attributes:
                    setattr(project, attribute, getattr(user_config, attribute))
        project.checks_dirs = [*user_config.checks_dirs, *project.checks_dirs]
        project.files.append(user_config.source)  # type: ignore[arg-type]
        project.details.append(f"scopelint: note: under it, your own configuration {user_config.source}")
    return project


def _sets(table: dict[str, Any], attributes: tuple[str, ...]) -> bool:
    """Whether the project `table` sets any of `attributes`."""
    return any(key in table for key, attrs in _ATTRIBUTES.items() if set(attrs) & set(attributes))


def _user_config(environ: dict[str, str] | None) -> tuple[Config, dict[str, Any]] | None:
    path = user_config_path(environ)
    if not path.is_file():
        return None
    table = _read_table(path)
    if table is None:
        return None
    return parse_config(table, path), table


def parse_config(table: dict[str, Any], source: Path) -> Config:
    config = Config(root=source.parent, source=source, files=[source])
    unknown = sorted(set(table) - KEYS)
    if unknown:
        raise ConfigError(f"{config.where(unknown[0])}: unknown key (known keys: {', '.join(sorted(KEYS))})")
    config.select = _strings(config, table, "select")
    config.ignore = _strings(config, table, "ignore")
    config.exclude = _strings(config, table, "exclude") + _strings(config, table, "extend-exclude")
    if "fail-on" in table:
        config.fail_on = _severity(config, "fail-on", table["fail-on"])
    per_path = table.get("per-path-ignores", {})
    if not isinstance(per_path, dict):
        raise ConfigError(f"{config.where('per-path-ignores')}: must be a table of glob = [check ids]")
    for glob, ids in per_path.items():
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise ConfigError(f"{config.where('per-path-ignores')}: `{glob}` must map to a list of check ids")
        config.per_path_ignores[glob] = ids
    severity = table.get("severity", {})
    if not isinstance(severity, dict):
        raise ConfigError(f"{config.where('severity')}: must be a table of check id = severity")
    config.severity = {k: _severity(config, f"severity.{k}", v) for k, v in severity.items()}
    config.checks_dirs = [source.parent / p for p in _strings(config, table, "checks-dir", allow_str=True)]
    ai = table.get("ai-identities", {})
    if not isinstance(ai, dict):
        raise ConfigError(f"{config.where('ai-identities')}: must be a table with `paths` and/or `names`")
    unknown_ai = sorted(set(ai) - AI_IDENTITY_KEYS)
    if unknown_ai:
        raise ConfigError(f"{config.where('ai-identities.' + unknown_ai[0])}: unknown key (known: names, paths)")
    config.ai_identity_paths = _strings(config, ai, "paths", label="ai-identities.paths")
    config.ai_identity_names = _strings(config, ai, "names", label="ai-identities.names")
    allow = table.get("allow-inline-critical", False)
    if not isinstance(allow, bool):
        raise ConfigError(f"{config.where('allow-inline-critical')}: must be true or false")
    config.allow_inline_critical = allow
    inline = table.get("inline-ignores", True)
    if not isinstance(inline, bool):
        raise ConfigError(f"{config.where('inline-ignores')}: must be true or false")
    config.inline_ignores = inline
    deploy = table.get("deploy", {})
    if not isinstance(deploy, dict):
        raise ConfigError(f"{config.where('deploy')}: must be a table with `production`")
    unknown_deploy = sorted(set(deploy) - DEPLOY_KEYS)
    if unknown_deploy:
        raise ConfigError(f"{config.where('deploy.' + unknown_deploy[0])}: unknown key (known: production)")
    config.production = _strings(config, deploy, "production", label="deploy.production")
    baseline = table.get("baseline")
    if baseline is not None and (not isinstance(baseline, str) or not baseline.strip()):
        raise ConfigError(f"{config.where('baseline')}: must be the path of a baseline file")
    config.baseline = source.parent / baseline if baseline else None
    allow_baseline = table.get("allow-baseline-critical", False)
    if not isinstance(allow_baseline, bool):
        raise ConfigError(f"{config.where('allow-baseline-critical')}: must be true or false")
    config.allow_baseline_critical = allow_baseline
    return config


def validate_ids(config: Config, known_ids: set[str], families: set[str]) -> None:
    """Every check id named in the config must exist (families and ``ALL`` are allowed in select/ignore)."""
    selectors = known_ids | families | {"ALL"}
    for key, values in (("select", config.select), ("ignore", config.ignore)):
        for value in values:
            if value not in selectors:
                raise ConfigError(f"{config.where(key)}: unknown check id or family `{value}`{_hint(value, selectors)}")
    for glob, ids in config.per_path_ignores.items():
        for value in ids:
            if value not in selectors:
                raise ConfigError(
                    f"{config.where('per-path-ignores')}: `{glob}`: unknown check id `{value}`{_hint(value, selectors)}"
                )
    for value in config.severity:
        if value not in known_ids:
            raise ConfigError(f"{config.where('severity')}: unknown check id `{value}`{_hint(value, known_ids)}")


def _hint(value: str, choices: set[str]) -> str:
    import difflib

    match = difflib.get_close_matches(value, sorted(choices), n=1)
    return f" (did you mean `{match[0]}`?)" if match else ""


def _strings(config: Config, table: dict[str, Any], key: str, *, allow_str: bool = False, label: str | None = None) -> list[str]:
    value = table.get(key, [])
    if allow_str and isinstance(value, str):
        return [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{config.where(label or key)}: must be a list of strings")
    return list(value)


def _severity(config: Config, key: str, value: Any) -> Severity:
    if not isinstance(value, str):
        raise ConfigError(f"{config.where(key)}: must be a severity name")
    try:
        return Severity.parse(value)
    except ValueError as exc:
        raise ConfigError(f"{config.where(key)}: {exc}") from None
