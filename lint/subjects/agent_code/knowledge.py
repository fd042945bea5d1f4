"""Framework knowledge (`data/frameworks.yaml`), loaded once, on first use."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "frameworks.yaml"


@dataclass(frozen=True)
class Framework:
    id: str
    product: str
    packages: tuple[str, ...]
    raw: dict[str, Any]

    def entries(self, key: str) -> list[dict[str, Any]]:
        return list(self.raw.get(key) or ())

    def names(self, key: str) -> dict[str, dict[str, Any]]:
        """Entries of a list keyed by their `call` or `name`."""
        return {e.get("call") or e.get("name"): e for e in self.entries(key)}


class Knowledge:
    def __init__(self, data: dict[str, Any]) -> None:
        self.frameworks = [
            Framework(key, value["product"], tuple(value["packages"]), value) for key, value in data["frameworks"].items()
        ]
        self._by_package = sorted(
            ((p, f) for f in self.frameworks for p in f.packages), key=lambda pair: -len(pair[0])
        )
        self.agents = {f.id: f.names("agents") for f in self.frameworks}
        self.tools = {f.id: f.names("tools") for f in self.frameworks}
        self.executors = {f.id: f.names("executors") for f in self.frameworks}
        self.wrappers = {f.id: f.names("wrappers") for f in self.frameworks}
        self.switches = {f.id: {e["keyword"]: e for e in f.entries("switches")} for f in self.frameworks}
        self.by_id = {f.id: f for f in self.frameworks}

    def framework_of(self, qualified: str) -> tuple[Framework, str] | None:
        """(framework, the name inside it) for a dotted name, by its package: `langgraph.prebuilt.create_react_agent`
        -> (langchain, "prebuilt.create_react_agent")."""
        for package, framework in self._by_package:
            if qualified == package or qualified.startswith(package + "."):
                return framework, qualified[len(package) + 1 :]
        return None

    def find(self, table: dict[str, dict[str, dict[str, Any]]], qualified: str) -> tuple[Framework, dict[str, Any]] | None:
        """The entry of `table` a dotted name denotes: matched on its last one or two segments within its framework."""
        found = self.framework_of(qualified)
        if found is None:
            return None
        framework, inner = found
        entries = table.get(framework.id, {})
        parts = inner.split(".")
        for size in (2, 1):
            if len(parts) >= size:
                entry = entries.get(".".join(parts[-size:]))
                if entry is not None:
                    return framework, entry
        return None


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    with open(DATA, encoding="utf-8") as stream:
        return Knowledge(yaml.load(stream, Loader=loader))


@lru_cache(maxsize=1)
def sniff_pattern() -> re.Pattern[str]:
    """Import lines of any known framework, or the Strands consent variable: a cheap test before parsing."""
    packages = sorted({p for f in knowledge().frameworks for p in f.packages}, key=lambda p: (-len(p), p))
    names = "|".join(re.escape(p) for p in packages)
    return re.compile(rf"^[ \t]*(?:from[ \t]+(?:{names})[. \t]|import[ \t][^\n#]*?\b(?:{names})\b)|BYPASS_TOOL_CONSENT", re.M)
