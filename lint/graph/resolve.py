"""Identity resolution: from what an agent or job names to the identity it acts as, hop by hop.

A reference (`AWS_PROFILE=ops`, `role-to-assume: arn:…:role/deployer`, the model choosing any
profile) is followed through the repository: a profile to the role its committed AWS config
assumes, a workload to its role, a role name or ARN to its definition in Terraform,
CloudFormation, CDK or serverless. Every hop keeps its location in its own file. When a hop
leaves the repository (a role with no definition here, an IAM Identity Center permission set,
a `credential_process`), the resolution says so instead of guessing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace

from lint.graph.facts import Grant, IdentityFact, IdentityRef, ProfileFact, role_name_of
from lint.graph.model import Graph
from lint.model import Location

#: How many hops a resolution follows before it stops (profile chains, workloads): bounded, and
#: a cycle (`source_profile` pointing back) cannot loop.
MAX_HOPS = 8


@dataclass(frozen=True)
class Reach:
    """Where a reference leads: the role it ends at (or why it could not be followed), and the hops."""

    hops: tuple[Location, ...]
    role: str | None = None  # the role name reached
    definitions: tuple[IdentityFact, ...] = ()  # where that role is defined in the repository
    grants: tuple[Grant, ...] = ()
    unresolved: str | None = None  # why the path leaves the repository here

    @property
    def label(self) -> str:
        return f"role `{self.role}`" if self.role else "an identity outside the repository"


def _hop(location: Location, note: str) -> Location:
    return replace(location, note=note)


def resolve(graph: Graph, ref: IdentityRef) -> list[Reach]:
    """Every identity `ref` may end at, each with its hops."""
    return list(_resolve(graph, ref, (), set()))


def _resolve(graph: Graph, ref: IdentityRef, hops: tuple[Location, ...], seen: set[str]) -> Iterator[Reach]:
    if len(hops) >= MAX_HOPS:
        return
    if ref.kind == "role":
        name = role_name_of(ref.value)
        here = hops + (_hop(ref.location, f"acts as role `{name or ref.value}`"),)
        if name is None:
            yield Reach(here, unresolved=f"role `{ref.value}` is computed or not a role ARN")
            return
        yield _role(graph, name, ref.value, here)
    elif ref.kind == "profile":
        key = f"profile:{ref.value}"
        if key in seen:
            return
        here = hops + (_hop(ref.location, f"uses AWS profile `{ref.value}`"),)
        profiles = graph.profiles_named(ref.value)
        if not profiles:
            yield Reach(here, unresolved=f"profile `{ref.value}` is not defined in a committed AWS config")
            return
        for profile in profiles:
            yield from _profile(graph, profile, here, seen | {key})
    elif ref.kind in ("any-profile", "aws-home"):
        note = "the model chooses the AWS profile" if ref.kind == "any-profile" else "mounts the developer's `~/.aws`: every profile"
        here = hops + (_hop(ref.location, note),)
        profiles = list(graph.profiles())
        if not profiles:
            yield Reach(here, unresolved="whichever profile the user's own AWS config holds")
            return
        for profile in profiles:
            yield from _profile(graph, profile, here, seen | {f"profile:{profile.name}"})
    elif ref.kind == "workload":
        key = f"workload:{ref.value}"
        if key in seen:
            return
        here = hops + (_hop(ref.location, f"runs through `{ref.value}`"),)
        workloads = graph.workloads_named(ref.value)
        if not workloads:
            yield Reach(here, unresolved=f"`{ref.value}` is not defined in the repository")
            return
        for workload in workloads:
            inner = here + (_hop(workload.location, f"{workload.kind} `{workload.name}`"),)
            for identity in workload.identities:
                yield from _resolve(graph, identity, inner, seen | {key})
    elif ref.kind == "static-keys":
        yield Reach(hops + (_hop(ref.location, "long-lived access keys"),), unresolved="long-lived access keys of an IAM user the repository does not name")


def _profile(graph: Graph, profile: ProfileFact, hops: tuple[Location, ...], seen: set[str]) -> Iterator[Reach]:
    if profile.role_arn:
        name = role_name_of(profile.role_arn)
        here = hops + (_hop(profile.location, f"profile `{profile.name}` assumes `{profile.role_arn}`"),)
        if name is None:
            yield Reach(here, unresolved=f"profile `{profile.name}` assumes `{profile.role_arn}`, not a role ARN")
        else:
            yield _role(graph, name, profile.role_arn, here)
        return
    here = hops + (_hop(profile.location, f"profile `{profile.name}`"),)
    if profile.sso_role_name:
        yield Reach(here, unresolved=f"profile `{profile.name}` signs in to the IAM Identity Center permission set `{profile.sso_role_name}`, defined outside the repository")
    elif profile.credential_process:
        yield Reach(here, unresolved=f"profile `{profile.name}` gets credentials from `{profile.credential_process}`")
    elif profile.source_profile and f"profile:{profile.source_profile}" not in seen:
        for source in graph.profiles_named(profile.source_profile):
            yield from _profile(graph, source, here, seen | {f"profile:{profile.source_profile}"})
    elif profile.static_keys:
        yield Reach(here, unresolved=f"profile `{profile.name}` holds long-lived access keys of an IAM user the repository does not name")
    else:
        yield Reach(here, unresolved=f"profile `{profile.name}` names no role")


def _role(graph: Graph, name: str, written: str, hops: tuple[Location, ...]) -> Reach:
    definitions = tuple(graph.identities_named(name))
    if not definitions:
        return Reach(hops, role=name, unresolved=f"role `{name}` is not defined in this repository")
    here = hops + tuple(_hop(d.location, f"{d.kind} `{d.name}` is defined here") for d in definitions[:1])
    return Reach(here, role=name, definitions=definitions, grants=tuple(graph.grants_of(name)))
