"""Configuration: ``[tool.scopelint]`` in ``pyproject.toml``, or ``scopelint.toml`` / ``.scopelint.toml``.

The file is looked for from the working directory upward, stopping at the
repository root (the first directory holding ``.git``). Unknown keys and unknown
check ids are errors that name the key and the file: a typo must never switch
a check off silently.
"""

from __future__ import annotations

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
    "deploy",
    "baseline",
    "allow-baseline-critical",
}
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

    def where(self, key: str) -> str:
        name = str(self.source) if self.source else "configuration"
        table = "[tool.scopelint]" if self.source and self.source.name == "pyproject.toml" else ""
        return f"{name}: {table + ' ' if table else ''}`{key}`"


def find_config_file(start: Path) -> tuple[Path, dict[str, Any]] | None:
    """The nearest config file at or above `start`, up to the repository root."""
    start = start.resolve()
    for directory in (start, *start.parents):
        for name in CONFIG_FILES:
            candidate = directory / name
            if candidate.is_file():
                table = _read_table(candidate)
                if table is not None:
                    return candidate, table
        if (directory / ".git").exists():
            break
    return None


def _read_table(path: Path) -> dict[str, Any] | None:
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover - exercised on 3.10 only
        import tomli as tomllib
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("scopelint")
        return table if isinstance(table, dict) else None
    return data


def load_config(explicit: Path | None = None, *, isolated: bool = False, cwd: Path | None = None) -> Config:
    """The run's configuration: `explicit` if given, else the discovered file, else defaults."""
    cwd = cwd or Path.cwd()
    if isolated:
        return Config(root=cwd)
    if explicit is not None:
        if not explicit.is_file():
            raise ConfigError(f"{explicit}: no such configuration file")
        table = _read_table(explicit)
        if table is None:
            raise ConfigError(f"{explicit}: has no [tool.scopelint] table")
        return parse_config(table, explicit.resolve())
    found = find_config_file(cwd)
    if found is None:
        return Config(root=cwd)
    return parse_config(found[1], found[0])


def parse_config(table: dict[str, Any], source: Path) -> Config:
    config = Config(root=source.parent, source=source)
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
