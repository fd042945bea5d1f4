"""The `AgentCode` subject: the agents a Python module builds, what each may do, and who confirms it.

Every element keeps a pointer into the subject's document (`/agents/0/tools/2`,
`/agents/0/settings/human_input_mode`, `/environment/BYPASS_TOOL_CONSENT`), which the
document maps to the source span of the call or keyword that states it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lint.subjects.base import Subject

#: What a capability reaches, gravest first.
REACHES = ("shell", "code", "cloud", "files", "data", "network", "mcp", "none")


@dataclass
class Gate:
    """What puts a person between the model and a call; `real` is False when it only looks like one."""

    description: str  # "`human_input_mode=\"ALWAYS\"`", "`can_use_tool=ask_user` asks a person"
    pointer: str
    real: bool = True
    why_not: str | None = None  # "approves every call whose command starts with a listed prefix"
    covers: set[str] | None = None  # tool names an agent-wide gate covers (None: every tool)


@dataclass
class EffectRef:
    """One effect of a custom tool (see `lint.pyeffects.Effect`), located in its own file."""

    kind: str
    detail: str
    path: str
    span: Any  # lint.model.Span
    from_arguments: bool
    via: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()


@dataclass
class Identity:
    """The cloud identity a tool or the module acts as."""

    kind: str  # "profile" | "any-profile" | "static-keys" | "role"
    value: str
    pointer: str
    detail: str  # "`boto3.Session(profile_name=profile)` takes the profile from the tool's argument `profile`"
    literal_secret: bool = False


@dataclass
class Capability:
    """A tool, executor or setting that lets an agent act, with what it reaches and what gates it."""

    name: str  # "ShellTool", "delete_environment", "LocalCommandLineCodeExecutor", "Bash"
    kind: str  # "tool" | "custom-tool" | "executor" | "allowed-tool" | "mcp"
    reach: str  # one of REACHES
    what: str  # "runs any shell command on the host"
    pointer: str
    gate: Gate | None = None
    effects: list[EffectRef] = field(default_factory=list)
    identities: list[Identity] = field(default_factory=list)
    restricted: bool = False  # runs in a restricted interpreter (smolagents' local executor)
    consent: bool = False  # asks a person unless the Strands consent variable is set

    @property
    def unconfirmed(self) -> bool:
        return self.gate is None or not self.gate.real


@dataclass
class Setting:
    """A keyword or variable that turns approval off or a danger on."""

    kind: str  # "bypass" | "switch"
    key: str
    value: str  # as written
    pointer: str
    reach: str
    what: str  # "every tool runs with no prompt"


@dataclass
class CodeAgent:
    name: str
    framework: str
    product: str
    pointer: str
    capabilities: list[Capability] = field(default_factory=list)
    settings: list[Setting] = field(default_factory=list)
    gates: list[Gate] = field(default_factory=list)  # agent-wide gates
    identities: list[Identity] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.product} agent `{self.name}`"

    def all_identities(self) -> list[Identity]:
        seen: dict[tuple[str, str, str], Identity] = {}
        for identity in [*self.identities, *(i for c in self.capabilities for i in c.identities)]:
            seen.setdefault((identity.kind, identity.value, identity.pointer), identity)
        return list(seen.values())


class AgentCode(Subject):
    """A Python module that builds AI agents."""

    family = "agent"
    example_path = "agent.py"

    def __init__(self, document: Any, agents: list[CodeAgent], environment: list[Setting], unresolved: list[tuple[str, str]]) -> None:
        super().__init__(document, "")
        self.agents = agents
        self.environment = environment  # module-level settings: `os.environ["BYPASS_TOOL_CONSENT"] = "true"`
        self.unresolved = unresolved  # (pointer, what could not be judged)

    @property
    def consent_bypassed(self) -> Setting | None:
        return next((s for s in self.environment if s.key in ("BYPASS_TOOL_CONSENT", "STRANDS_NON_INTERACTIVE")), None)

    def facts(self) -> Iterator[Any]:
        from lint.graph.facts import AgentFact, Capability as CapabilityFact, IdentityRef, locate

        reach_of = {"shell": "shell", "code": "code", "cloud": "cloud", "files": "files"}
        for agent in self.agents:
            capabilities = []
            for capability in agent.capabilities:
                if capability.reach not in reach_of or not capability.unconfirmed or capability.restricted:
                    continue
                if capability.consent and self.consent_bypassed is None:
                    continue
                capabilities.append(
                    CapabilityFact(f"`{capability.name}` {capability.what}", reach_of[capability.reach], locate(self.document, capability.pointer))
                )
            identities = tuple(
                IdentityRef(i.kind, i.value, locate(self.document, i.pointer)) for i in agent.all_identities()
            )
            yield AgentFact(locate(self.document, agent.pointer), agent.label, agent.product, tuple(capabilities), identities)


def effect_related(capability: Capability, limit: int = 3) -> tuple[Any, ...]:
    """The effects of a custom tool as related locations (they may be in other files)."""
    from lint.check import Related
    from lint.model import Location

    out = []
    for effect in capability.effects[:limit]:
        via = f" (through {' → '.join(f'`{v}()`' for v in effect.via)})" if effect.via else ""
        source = ", with the model's argument" if effect.from_arguments else ""
        out.append(Related(Location(effect.path, effect.span, "", ""), f"{effect.detail}{via}{source}"))
    return tuple(out)


def identity_words(identities: list[Identity]) -> str:
    """", as AWS profile `ops`" for the message of a finding on an agent that has an identity."""
    if not identities:
        return ""
    first = identities[0]
    words = {
        "profile": f"AWS profile `{first.value}`",
        "role": f"role `{first.value}`",
        "static-keys": "static AWS access keys",
        "any-profile": "any AWS profile",
    }[first.kind]
    return f", as {words}"
