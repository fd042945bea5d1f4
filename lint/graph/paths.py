"""Paths from agents that act unprompted to the identities they act as.

An agent acts unprompted when some capability needs no person's confirmation: auto-approved
tools, a bypass mode, agent code with no gate, an agent step in a CI job nobody approves. Only
capabilities that can use the agent's credentials count here (the cloud, a shell, a deploy
command, code execution); an auto-approved file write reaches no role.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from lint.graph.facts import Capability, DeployJobFact, Grant, IdentityRef
from lint.graph.model import Graph
from lint.graph.resolve import Reach, resolve
from lint.model import Location

#: Capabilities that act with the agent's credentials, most direct first.
CREDENTIAL_REACH = ("cloud", "deploy", "shell", "code")
RISK_ORDER = ("admin", "escalation", "destructive")


@dataclass(frozen=True)
class AgentPath:
    """One agent, the capability that lets it act unprompted, and where its identity leads."""

    agent: str
    agent_location: Location
    capability: Capability
    ref: IdentityRef
    reach: Reach
    job: DeployJobFact | None = None

    def risky_grants(self) -> list[Grant]:
        """Admin, escalation and destructive grants of the identity with no guardrail, gravest first."""
        grants = [g for g in self.reach.grants if g.guardrail is None]
        return sorted(grants, key=lambda g: RISK_ORDER.index(g.risk) if g.risk in RISK_ORDER else len(RISK_ORDER))


def unprompted_paths(graph: Graph) -> Iterator[AgentPath]:
    """Every (agent, identity it may end at) pair, for agents that act with no person's prompt."""
    memo: dict[IdentityRef, list[Reach]] = {}

    def reaches(ref: IdentityRef) -> list[Reach]:
        if ref not in memo:
            memo[ref] = resolve(graph, ref)
        return memo[ref]

    for agent in graph.agents:
        acting = [c for c in agent.capabilities if c.reach in CREDENTIAL_REACH]
        if not acting:
            continue
        capability = min(acting, key=lambda c: CREDENTIAL_REACH.index(c.reach))
        for ref in agent.identities:
            for reach in reaches(ref):
                yield AgentPath(agent.name, agent.location, capability, ref, reach)
    for job in graph.deploy_jobs:
        if not job.agent_steps or job_gated(graph, job):
            continue
        step = job.agent_steps[0]
        for ref in job.identities:
            for reach in reaches(ref):
                yield AgentPath(f"the agent step of job `{job.job}` in `{job.workflow}`", job.location, step, ref, reach, job)


def job_gated(graph: Graph, job: DeployJobFact) -> bool:
    """Whether a person must approve each run of `job` before it acts.

    A job names its gate (`environment: production`, a manual approval action). An environment
    gates only with reviewers: when the repository defines its protection and that protection
    requires no approval, the job is ungated; when the protection is defined elsewhere, the
    environment is taken as the gate it is meant to be (the deploy checks report it as unverified).
    """
    if not job.gate:
        return False
    if job.environment:
        rules = [g for g in graph.gates_for(job.environment) if g.kind in ("environment", "protected-environment")]
        if rules and all(g.required_approvals <= 0 and not getattr(g, "reviewers", False) for g in rules):
            return False
    return True


def describe_grants(grants: list[Grant], limit: int = 3) -> str:
    """`rds:DeleteDBCluster`, `s3:DeleteBucket` — what the grants allow, gravest first, counted when many."""
    parts: list[str] = []
    for grant in grants:
        if grant.risk == "admin":
            text = "do anything" + (f" (through {grant.via})" if grant.via else " (`*` on `*`)")
        elif grant.risk == "escalation":
            text = "escalate its own privileges (" + " + ".join(f"`{a}`" for a in grant.actions) + ")"
        else:
            names = list(grant.actions)
            shown = ", ".join(f"`{a}`" for a in names[:limit])
            text = f"destroy with {shown}" + (f" and {len(names) - limit} more" if len(names) > limit else "")
            if grant.via:
                text += f" (through {grant.via})"
        if text not in parts:
            parts.append(text)
    shown = parts[:2]
    more = f" and {len(parts) - 2} more" if len(parts) > 2 else ""
    return "; ".join(shown) + more


def grant_note(grant: Grant) -> str:
    if grant.risk == "admin":
        return "grants every action" + (f" through {grant.via}" if grant.via else "")
    if grant.risk == "escalation":
        return "grants " + " + ".join(f"`{a}`" for a in grant.actions) + " (privilege escalation)"
    names = ", ".join(f"`{a}`" for a in grant.actions[:3])
    more = f" and {len(grant.actions) - 3} more" if len(grant.actions) > 3 else ""
    return f"grants {names}{more}"
