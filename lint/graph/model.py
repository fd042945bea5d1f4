"""The repository graph: every fact of a run, indexed by the names that join them.

Building it is one pass over the facts (linear); each index is a dict of lists, so a lookup by
role, profile, environment or workload name costs the same however large the repository is.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import ClassVar

from lint.check import Check
from lint.graph.facts import (
    AgentFact,
    DeployJobFact,
    Fact,
    GateFact,
    Grant,
    GrantFact,
    IdentityFact,
    ProfileFact,
    RbacBindingFact,
    TrustFact,
    WorkloadFact,
)
from lint.subjects.base import Subject


class Graph(Subject):
    """Agents, identities, grants and gates of one run, joined by name.

    It is the subject of repository checks. Names are compared case-insensitively where AWS
    compares them so (role and profile names are case-sensitive in AWS, but a repository that
    writes `Ops` in one file and `ops` in another almost always means one thing; both are kept).
    """

    family = "graph"

    def __init__(self, facts: Iterable[Fact] = ()) -> None:  # noqa: D107 - no document: the graph spans files
        self.document = None  # type: ignore[assignment]
        self.pointer = ""
        self.facts: list[Fact] = []
        self.agents: list[AgentFact] = []
        self.deploy_jobs: list[DeployJobFact] = []
        self.gates: list[GateFact] = []
        self.bindings: list[RbacBindingFact] = []
        self._identities: dict[str, list[IdentityFact]] = defaultdict(list)
        self._grants: dict[str, list[GrantFact]] = defaultdict(list)
        self._profiles: dict[str, list[ProfileFact]] = defaultdict(list)
        self._workloads: dict[str, list[WorkloadFact]] = defaultdict(list)
        self._gates_by_target: dict[str, list[GateFact]] = defaultdict(list)
        self._trust: dict[str, list[TrustFact]] = defaultdict(list)
        for fact in facts:
            self.add(fact)

    @property
    def path(self) -> str:
        return ""

    def add(self, fact: Fact) -> None:
        self.facts.append(fact)
        if isinstance(fact, AgentFact):
            self.agents.append(fact)
        elif isinstance(fact, IdentityFact):
            for name in dict.fromkeys((fact.name.lower(), *(a.lower() for a in fact.aliases))):
                self._identities[name].append(fact)
        elif isinstance(fact, TrustFact):
            for name in fact.identities:
                self._trust[name.lower()].append(fact)
        elif isinstance(fact, GrantFact):
            for name in fact.identities:
                self._grants[name.lower()].append(fact)
        elif isinstance(fact, ProfileFact):
            self._profiles[fact.name].append(fact)
        elif isinstance(fact, DeployJobFact):
            self.deploy_jobs.append(fact)
        elif isinstance(fact, GateFact):
            self.gates.append(fact)
            self._gates_by_target[fact.target.lower()].append(fact)
        elif isinstance(fact, WorkloadFact):
            self._workloads[f"{fact.kind}:{fact.name}".lower()].append(fact)
        elif isinstance(fact, RbacBindingFact):
            self.bindings.append(fact)

    # -- lookups -------------------------------------------------------------------------
    def identities_named(self, name: str) -> list[IdentityFact]:
        return self._identities.get(name.lower(), [])

    def identities(self) -> Iterator[IdentityFact]:
        seen: set[int] = set()
        for group in self._identities.values():
            for identity in group:
                if id(identity) not in seen:
                    seen.add(id(identity))
                    yield identity

    def names_of(self, name: str) -> list[str]:
        """Every name the identity `name` goes by in the repository (its name and aliases)."""
        names = [name.lower()]
        for identity in self.identities_named(name):
            names.extend(n.lower() for n in (identity.name, *identity.aliases))
        return list(dict.fromkeys(names))

    def grants_of(self, name: str) -> list[Grant]:
        """Every grant of the identity `name`: written with its definition and attached from elsewhere."""
        grants: list[Grant] = []
        seen: set[int] = set()
        for identity in self.identities_named(name):
            if id(identity) not in seen:
                seen.add(id(identity))
                grants.extend(identity.grants)
        for alias in self.names_of(name):
            for fact in self._grants.get(alias, []):
                if id(fact) not in seen:
                    seen.add(id(fact))
                    grants.extend(fact.grants)
        return grants

    def trust_of(self, name: str) -> list[TrustFact]:
        """Trust policies written for the identity `name` (under any of its names)."""
        found: list[TrustFact] = []
        for alias in self.names_of(name):
            for fact in self._trust.get(alias, []):
                if fact not in found:
                    found.append(fact)
        return found

    def profiles_named(self, name: str) -> list[ProfileFact]:
        return self._profiles.get(name, [])

    def profiles(self) -> Iterator[ProfileFact]:
        for group in self._profiles.values():
            yield from group

    def workloads_named(self, key: str) -> list[WorkloadFact]:
        """Workloads by `kind:name` (`lambda:orders-fn`, `k8s-service-account:payments/deployer`)."""
        return self._workloads.get(key.lower(), [])

    def gates_for(self, target: str) -> list[GateFact]:
        """Approval rules defined for an environment name or branch pattern."""
        return self._gates_by_target.get(target.lower(), [])


class RepositoryCheck(Check):
    """A check whose subject is the whole repository's graph (phase 2).

    Its examples are small trees: `Valid(files={...})` / `Invalid(files={...}, expect=["path:pointer"])`.
    Violations point at `Location`s the facts carry, never at pointers of a document.
    """

    subject: ClassVar[type[Subject]] = Graph
    example_path: ClassVar[str] = ""
