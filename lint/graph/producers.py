"""Facts of the subjects that predate the graph: agent configs, IAM identities and their policies."""

from __future__ import annotations

from collections.abc import Iterator

from lint.graph.facts import Fact


def agent_config_facts(config) -> Iterator[Fact]:
    return iter(())


def identity_facts(identity) -> Iterator[Fact]:
    return iter(())


def policy_facts(policy) -> Iterator[Fact]:
    return iter(())
