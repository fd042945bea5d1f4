"""The repository graph as a picture or data: Mermaid (rendered by GitHub), Graphviz DOT, JSON.

Nodes are agents, CI jobs, profiles, workloads, roles (defined here or only named), what a role
may do, and who else may assume it; edges say how one leads to the next. The view is built from
the facts alone, in the order they were found, so the same repository always gives the same text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from lint.graph.facts import IdentityRef, role_name_of
from lint.graph.model import Graph
from lint.graph.paths import CREDENTIAL_REACH, grant_note
from lint.model import Location


@dataclass
class Node:
    id: str
    kind: str  # agent | job | profile | workload | role | grant | trust | gate | outside
    label: str
    location: Location | None = None


@dataclass
class View:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[tuple[str, str, str]] = field(default_factory=list)

    def node(self, key: str, kind: str, label: str, location: Location | None = None) -> str:
        if key not in self.nodes:
            self.nodes[key] = Node(f"n{len(self.nodes) + 1}", kind, label, location)
        elif location is not None and self.nodes[key].location is None:
            self.nodes[key].location, self.nodes[key].label, self.nodes[key].kind = location, label, kind
        return self.nodes[key].id

    def edge(self, source: str, target: str, label: str = "") -> None:
        if (source, target, label) not in self.edges:
            self.edges.append((source, target, label))


def build_view(graph: Graph) -> View:
    view = View()
    for identity in graph.identities():
        _role(view, graph, identity.name)
    for agent in graph.agents:
        acting = [c.description for c in agent.capabilities if c.reach in CREDENTIAL_REACH]
        how = f"unprompted: {acting[0]}" if acting else "asks before acting"
        source = view.node(f"agent:{id(agent)}", "agent", f"{agent.name}\n{how}", agent.location)
        for ref in agent.identities:
            _ref(view, graph, source, ref)
    for job in graph.deploy_jobs:
        gate = job.gate or "no approval"
        source = view.node(f"job:{id(job)}", "job", f"job `{job.job}` in {job.workflow}\n{gate}", job.location)
        for ref in job.identities:
            _ref(view, graph, source, ref)
    for workload in (w for group in graph._workloads.values() for w in group):
        source = view.node(f"workload:{workload.kind}:{workload.name}".lower(), "workload", f"{workload.kind} `{workload.name}`", workload.location)
        for ref in workload.identities:
            _ref(view, graph, source, ref)
    return view


def _ref(view: View, graph: Graph, source: str, ref: IdentityRef) -> None:
    if ref.kind == "profile":
        view.edge(source, _profile(view, graph, ref.value), "as profile")
    elif ref.kind == "role":
        name = role_name_of(ref.value)
        target = _role(view, graph, name) if name else view.node(f"outside:{ref.value}", "outside", f"role `{ref.value}` (computed)")
        view.edge(source, target, "as role")
    elif ref.kind in ("any-profile", "aws-home"):
        label = "model picks a profile" if ref.kind == "any-profile" else "mounts ~/.aws"
        profiles = list(graph.profiles())
        if not profiles:
            view.edge(source, view.node("outside:user-profiles", "outside", "the user's own AWS profiles (outside the repository)"), label)
        for profile in profiles:
            view.edge(source, _profile(view, graph, profile.name), label)
    elif ref.kind == "workload":
        view.edge(source, view.node(f"workload:{ref.value}".lower(), "workload", f"`{ref.value}` (not in the repository)"), "runs through")
    elif ref.kind == "static-keys":
        view.edge(source, view.node("outside:static-keys", "outside", "long-lived access keys (outside the repository)"), "with")


def _profile(view: View, graph: Graph, name: str) -> str:
    profiles = graph.profiles_named(name)
    if not profiles:
        return view.node(f"profile:{name}", "outside", f"profile `{name}` (not in the repository)")
    profile = profiles[0]
    node = view.node(f"profile:{name}", "profile", f"profile `{name}`", profile.location)
    if profile.role_arn:
        role = role_name_of(profile.role_arn)
        target = _role(view, graph, role) if role else view.node(f"outside:{profile.role_arn}", "outside", f"`{profile.role_arn}`")
        view.edge(node, target, "assumes")
    elif profile.sso_role_name:
        view.edge(node, view.node(f"outside:sso:{profile.sso_role_name}", "outside", f"permission set `{profile.sso_role_name}` (outside the repository)"), "signs in to")
    return node


def _role(view: View, graph: Graph, name: str) -> str:
    definitions = graph.identities_named(name)
    key = f"role:{(definitions[0].name if definitions else name).lower()}"
    if key in view.nodes and view.nodes[key].location is not None:
        return view.nodes[key].id
    if not definitions:
        return view.node(key, "outside", f"role `{name}` (not in the repository)")
    identity = definitions[0]
    node = view.node(key, "role", f"{identity.kind} `{identity.name}`", identity.location)
    for index, grant in enumerate(graph.grants_of(identity.name)):
        guard = f" ({grant.guardrail})" if grant.guardrail else ""
        target = view.node(f"{key}:grant:{index}", "grant", f"{grant.risk}: {grant_note(grant)}{guard}", grant.location)
        view.edge(node, target, "may")
    for trust in graph.trust_of(identity.name):
        for entry in trust.trust:
            if entry.kind in ("github-oidc", "service", "any"):
                label = {"github-oidc": f"GitHub OIDC `{entry.value or 'any sub'}`", "service": f"service `{entry.value}`", "any": "anyone"}[entry.kind]
                view.edge(view.node(f"trust:{entry.kind}:{entry.value}", "trust", label, entry.location), node, "may assume")
    return node


# -- formats -------------------------------------------------------------------------------------
SHAPES = {"agent": ('(["', '"])'), "job": ('[["', '"]]'), "profile": ('["', '"]'), "workload": ('["', '"]'),
          "role": ('{{"', '"}}'), "grant": ('>"', '"]'), "trust": ('(("', '"))'), "gate": ('["', '"]'), "outside": ('["', '"]')}


def mermaid(view: View) -> str:
    lines = ["flowchart LR"]
    for node in view.nodes.values():
        left, right = SHAPES.get(node.kind, ('["', '"]'))
        lines.append(f"  {node.id}{left}{_mermaid_text(node.label)}{right}")
    for source, target, label in view.edges:
        arrow = f" -->|{_mermaid_text(label)}| " if label else " --> "
        lines.append(f"  {source}{arrow}{target}")
    for kind in ("agent", "grant", "outside"):
        ids = [n.id for n in view.nodes.values() if n.kind == kind]
        if ids:
            lines.append(f"  class {','.join(ids)} {kind}")
    lines += ["  classDef agent fill:#fde2e2,stroke:#c0392b", "  classDef grant fill:#fff3cd,stroke:#b7791f",
              "  classDef outside stroke-dasharray: 4 3"]
    return "\n".join(lines) + "\n"


def _mermaid_text(text: str) -> str:
    # Mermaid's own entity codes: a quote or bracket in a label must not end it
    out = text.replace("&", "#amp;").replace('"', "#quot;").replace("`", "'").replace("<", "#lt;").replace(">", "#gt;")
    out = out.replace("|", "#124;").replace("\n", "<br/>")
    return "".join(c if c.isprintable() or c == " " else " " for c in out)


def dot(view: View) -> str:
    shapes = {"agent": "box", "job": "box3d", "profile": "note", "workload": "component", "role": "hexagon",
              "grant": "octagon", "trust": "ellipse", "gate": "cds", "outside": "box"}
    lines = ["digraph scopelint {", "  rankdir=LR;", '  node [fontname="Helvetica"];']
    for node in view.nodes.values():
        style = ', style="dashed"' if node.kind == "outside" else ""
        lines.append(f'  {node.id} [label={_dot_text(node.label)}, shape={shapes.get(node.kind, "box")}{style}];')
    for source, target, label in view.edges:
        lines.append(f"  {source} -> {target}" + (f" [label={_dot_text(label)}]" if label else "") + ";")
    lines.append("}")
    return "\n".join(lines) + "\n"


def _dot_text(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + "".join(c if c.isprintable() else " " for c in escaped) + '"'


def as_json(view: View) -> str:
    def where(location: Location | None) -> dict | None:
        if location is None:
            return None
        span = location.span
        return {"path": location.path, "line": span.start_line, "column": span.start_col, "pointer": location.pointer}

    data = {
        "version": 1,
        "nodes": [{"id": n.id, "kind": n.kind, "label": n.label, "location": where(n.location)} for n in view.nodes.values()],
        "edges": [{"from": s, "to": t, "label": label} for s, t, label in view.edges],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


FORMATS = {"mermaid": mermaid, "dot": dot, "json": as_json}


def render(graph: Graph, fmt: str) -> str:
    return FORMATS[fmt](build_view(graph))

