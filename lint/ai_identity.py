"""Which identities are AI identities, and why (DESIGN §4).

An identity counts as an AI identity when its trust policy admits an AI
service principal, or when the project configuration names it
(``[tool.scopelint.ai-identities]`` globs over file paths and over role or
policy names and ARNs). Each answer carries the reason, because a finding must
say why it treats the identity as an agent's.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from lint.config import Config
from lint.globs import glob_match

def _load_principals() -> dict[str, dict[str, str]]:
    """`lint/data/ai-service-principals.yaml`: principal -> {service, reason}."""
    from pathlib import Path

    import yaml

    path = Path(__file__).resolve().parent / "data" / "ai-service-principals.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {principal.lower(): entry for principal, entry in data.items()}


_PRINCIPALS: dict[str, dict[str, str]] | None = None


def ai_principals() -> dict[str, dict[str, str]]:
    """Service principals of AI services that act on their own with the role they are given, with a reason each."""
    global _PRINCIPALS
    if _PRINCIPALS is None:
        _PRINCIPALS = _load_principals()
    return _PRINCIPALS


def ai_service(principal: str) -> str | None:
    """The AI service a service principal belongs to, if it is one."""
    entry = ai_principals().get(principal.lower())
    return entry["service"] if entry else None


def configured_reason(config: Config, rel_path: str, names: list[str]) -> str | None:
    """Why the configuration makes this file's identity an AI identity, if it does."""
    for pattern in config.ai_identity_paths:
        if glob_match(pattern, rel_path):
            return f"its file matches `ai-identities.paths` entry `{pattern}`"
    for pattern in config.ai_identity_names:
        for name in names:
            if fnmatchcase(name, pattern):
                return f"`{name}` matches `ai-identities.names` entry `{pattern}`"
    return None
