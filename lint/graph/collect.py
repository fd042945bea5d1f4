"""Phase 1's side of the graph: the facts a file's subjects state.

A subject states facts through a `facts()` method; subjects that predate the graph get theirs
from a producer registered here by type, so the subject classes stay about their own file.
A producer that fails is reported like an extractor that fails, and the file's findings stand.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from lint.result import RunError

if TYPE_CHECKING:
    from lint.graph.facts import Fact

#: Producers for subject types that do not define `facts()`: (module, class name) -> function path.
#: Imported lazily so a run that reads no such subject pays nothing.
_PRODUCERS: dict[tuple[str, str], tuple[str, str]] = {
    ("lint.subjects.agent", "AgentConfig"): ("lint.graph.producers", "agent_config_facts"),
    ("lint.subjects.identity", "IamIdentity"): ("lint.graph.producers", "identity_facts"),
    ("lint.subjects.iam", "PolicyDocument"): ("lint.graph.producers", "policy_facts"),
}
#: Subjects that state no fact unless this attribute is set: a policy attached to no named identity
#: (most policy files) skips the producers' import.
_ONLY_WITH = {("lint.subjects.iam", "PolicyDocument"): "identities"}
_resolved: dict[type, Callable[[object], Iterable[Fact]] | None] = {}


def _producer(kind: type) -> Callable[[object], Iterable[Fact]] | None:
    if kind in _resolved:
        return _resolved[kind]
    found = None
    for klass in kind.__mro__:
        target = _PRODUCERS.get((klass.__module__, klass.__name__))
        if target is not None:
            import importlib

            found = getattr(importlib.import_module(target[0]), target[1])
            break
    _resolved[kind] = found
    return found


def facts_of(subjects: Iterable[object], errors: list[RunError]) -> Iterator[Fact]:
    """Every fact the subjects state; a failing producer becomes a `RunError` naming the file."""
    for subject in subjects:
        needs = _ONLY_WITH.get((type(subject).__module__, type(subject).__name__))
        if needs is not None and not getattr(subject, needs, None):
            continue
        method = getattr(subject, "facts", None)
        produce = (lambda s: s.facts()) if callable(method) else _producer(type(subject))
        if produce is None:
            continue
        try:
            yield from list(produce(subject))
        except Exception as exc:  # a producer bug must not lose the file's findings
            path = getattr(subject, "path", None)
            errors.append(RunError(f"building graph facts failed: {type(exc).__name__}: {exc}", path))
