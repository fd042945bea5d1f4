"""Knowledge of well-known MCP servers: which can change things, and the switches that decide it.

The data is `data/mcp-servers.yaml`, each entry with the server's own
documentation as its source; it is loaded on first use.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lint.subjects.agent import McpServer

DATA = Path(__file__).parent / "data" / "mcp-servers.yaml"


@dataclass(frozen=True)
class KnownServer:
    match: str
    name: str
    changes: str
    writes: str  # always | unless | if
    read_only: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    consent: tuple[str, ...] = ()


@lru_cache(maxsize=1)
def known_servers() -> tuple[KnownServer, ...]:
    import yaml

    entries = yaml.load(DATA.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return tuple(
        KnownServer(
            match=e["match"], name=e["name"], changes=e["changes"], writes=e["writes"],
            read_only=tuple(e.get("read_only", ())), enable=tuple(e.get("enable", ())), consent=tuple(e.get("consent", ())),
        )
        for e in entries
    )


def identify(server: McpServer) -> KnownServer | None:
    """The known server `server` launches (by package or image name in its command line), if any."""
    launch = server.launch
    if not launch:
        return None
    # the longest match wins: `@modelcontextprotocol/server-github` over `github-mcp-server`
    found = [k for k in known_servers() if k.match in launch]
    return max(found, key=lambda k: len(k.match)) if found else None


def switched(server: McpServer, switches: tuple[str, ...]) -> bool:
    """Whether any switch is set: a launch argument (`--readonly`) or an environment value (`NAME=value`)."""
    args = {a.value for a in server.args}
    env = {name: str(item.value).lower() for name, item in server.env}
    for switch in switches:
        if "=" in switch and not switch.startswith("-"):
            name, value = switch.split("=", 1)
            if env.get(name) == value.lower():
                return True
        elif switch in args or any(a.startswith(switch + "=") for a in args):
            return True
    return False


def writes(server: McpServer, known: KnownServer) -> bool:
    if known.writes == "always":
        return True
    if known.writes == "unless":
        return not switched(server, known.read_only)
    return switched(server, known.enable)
