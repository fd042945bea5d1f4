"""What a policy really grants: concrete actions, on which resources, under which conditions.

Risk checks ask "which destructive actions does this policy allow?". The
answer expands every `Action` (and inverts every `NotAction`) against the AWS
action catalogue, then removes what an unconditional `Deny` takes away, as
AWS evaluates it. Each grant remembers the statement and element it came from,
so a finding points at the line that grants it.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from lint.iam import catalog
from lint.iam.patterns import action_matches
from lint.subjects.base import Item
from lint.subjects.iam import PolicyDocument, Statement

#: Condition keys that put a person back in the loop or bound the blast radius.
GUARDRAIL_KEYS = {
    "aws:multifactorauthpresent": "requires MFA",
    "aws:multifactorauthage": "requires recent MFA",
    "aws:calledvia": "only through a named AWS service",
    "aws:calledviafirst": "only through a named AWS service",
    "aws:resourcetag": "only on tagged resources",
    "aws:requesttag": "only with request tags",
    "aws:principaltag": "only for tagged principals",
    "aws:sourcevpc": "only from a VPC",
    "aws:sourcevpce": "only through a VPC endpoint",
    "aws:sourceip": "only from an IP range",
    "aws:viaawsservice": "only through AWS services",
}


@dataclass(frozen=True)
class Grant:
    """One concrete action allowed by one statement."""

    action: str  # canonical "svc:Action"
    statement: Statement
    item: Item[str]  # the Action entry (or the NotAction element) that grants it
    any_resource: bool  # Resource "*", a NotResource, or no Resource at all

    @property
    def guardrails(self) -> list[str]:
        """Why this grant is constrained, in words (empty when nothing constrains it)."""
        return guardrails(self.statement)


def grants_everything(statement: Statement) -> bool:
    """`Allow` of `*` (or `*:*`) on every resource: reported once, by `iam-admin-wildcard`.

    The risk checks skip such statements: listing the destructive or escalation
    actions inside "everything" repeats the one finding that matters.
    """
    return (
        statement.is_allow
        and statement.any_resource
        and any(a.value in ("*", "*:*") for a in statement.actions or ())
    )


#: Operators under which a resource without the tag passes: they guard nothing on untagged resources.
_NEGATED = ("StringNotEquals", "StringNotLike", "StringNotEqualsIgnoreCase", "ArnNotEquals", "ArnNotLike")


def guardrails(statement: Statement) -> list[str]:
    reasons = []
    tag_keys = _tag_guards(statement)
    for key in sorted(statement.condition_keys):
        base = key.split("/", 1)[0]
        if base == "aws:resourcetag" and key not in tag_keys:
            continue  # passes untagged resources, or the identity can set the tag itself
        if base in GUARDRAIL_KEYS:
            reasons.append(GUARDRAIL_KEYS[base])
    return list(dict.fromkeys(reasons))


def _tag_guards(statement: Statement) -> set[str]:
    """The `aws:ResourceTag/…` keys (lower-cased) that really limit the statement.

    A key does not when only a negated operator tests it (`StringNotEquals` passes every untagged
    resource), or when the same policy lets the identity set tags on the services the statement acts
    on (`ec2:CreateTags`, `iam:TagRole`, `*:TagResource`): it tags the resource, then acts on it.
    """
    from lint.iam.conditions import split_operator

    positive: set[str] = set()
    for operator, block in statement.conditions.items():
        if not isinstance(block, dict) or not isinstance(operator, str):
            continue
        _, base, _ = split_operator(operator)
        for key in block:
            if isinstance(key, str) and key.lower().startswith("aws:resourcetag/") and base not in _NEGATED and base != "Null":
                positive.add(key.lower())
    if positive and _can_tag(statement):
        return set()
    return positive


def _can_tag(statement: Statement) -> bool:
    """Whether the statement's policy lets the identity tag resources of the services the statement acts on."""
    services = {item.value.split(":", 1)[0].lower() for item in statement.actions or () if ":" in item.value}
    if not services:
        return False
    grants = grants_for(statement.policy)
    for service in sorted(services):
        for info in catalog.expand(f"{service}:*"):
            name = info.full_name.split(":", 1)[1]
            if not (name.startswith("Tag") or name in ("CreateTags", "AddTags", "AddTagsToResource")):
                continue
            for grant in grants.grants(info.full_name):
                if not any(k.startswith(("aws:requesttag/", "aws:tagkeys")) for k in grant.statement.condition_keys):
                    return True
    return False


def statement_actions(statement: Statement) -> list[tuple[str, Item[str]]]:
    """Concrete actions a statement names, each with the element that names it."""
    out: list[tuple[str, Item[str]]] = []
    if statement.actions is not None:
        for item in statement.actions:
            for info in catalog.expand(item.value):
                out.append((info.full_name, item))
    elif statement.not_actions is not None:
        element = Item("NotAction", statement.element("NotAction"))
        patterns = [i.value for i in statement.not_actions]
        for info in catalog.expand_not_action(patterns):
            out.append((info.full_name, element))
    return out


class PolicyGrants:
    """The actions a policy allows and that no unconditional Deny in it removes.

    Each statement's elements are expanded once to sets of canonical names, so
    asking about a few hundred actions costs set lookups, even when a statement
    names `*` or a `NotAction`.
    """

    def __init__(self, policy: PolicyDocument) -> None:
        # Kept by the policy (`grants_for`); refers back to it weakly, so that neither outlives the file.
        self._policy = weakref.ref(policy)
        self._memo: dict[str, list[Grant]] = {}

    @property
    def policy(self) -> PolicyDocument:
        """The policy whose grants these are (while that policy is in use)."""
        return self._policy()  # type: ignore[return-value]

    @property
    def denied(self) -> frozenset[str]:
        """Canonical actions an unconditional `Deny` on every resource removes from the policy."""
        return self._denied

    @cached_property
    def _denied(self) -> frozenset[str]:
        denied: set[str] = set()
        for statement in self.policy.statements:
            if statement.is_deny and not statement.conditions and statement.any_resource:
                denied.update(statement_names(statement))
        return frozenset(denied)

    @cached_property
    def _sources(self) -> list[tuple[Statement, bool, list[tuple[Item[str], frozenset[str]]]]]:
        sources = []
        for statement in self.policy.allow_statements:
            broad = statement.any_resource or (statement.resources is None and statement.not_resources is None)
            if statement.actions is not None:
                elements = [(item, catalog.names(item.value)) for item in statement.actions]
            elif statement.not_actions is not None:
                patterns = [i.value for i in statement.not_actions]
                elements = [(Item("NotAction", statement.element("NotAction")), catalog.not_action_names(patterns))]
            else:
                elements = []
            sources.append((statement, broad, elements))
        return sources

    def grants(self, action: str) -> list[Grant]:
        """Every grant of the canonical action `action` (empty when it is not allowed)."""
        found = self._memo.get(action)
        if found is None:
            found = []
            boundary = self.policy.boundary
            if action not in self._denied and (boundary is None or grants_for(boundary).allows(action)):
                for statement, broad, elements in self._sources:
                    for item, granted in elements:
                        if action in granted:
                            found.append(Grant(action, statement, item, broad))
            self._memo[action] = found
        return found

    @property
    def granted(self) -> frozenset[str]:
        """Every canonical name some Allow statement names, before Deny and boundary are applied."""
        return self._granted

    @cached_property
    def _granted(self) -> frozenset[str]:
        """Every canonical name some Allow statement names, before Deny and boundary are applied."""
        sets = [granted for _, _, elements in self._sources for _, granted in elements]
        if not sets:
            return frozenset()
        largest = max(sets, key=len)
        if len(sets) == 1 or catalog.is_all_names(largest):  # `*` names everything: no copy of 20,000 names
            return largest
        return largest.union(*sets)

    def allowed(self, actions: Iterable[str]) -> dict[str, list[Grant]]:
        """The grants of each of `actions` that the policy allows, in the order of `actions`.

        The names some statement grants are found by one set intersection (in C), and only those
        are looked at one by one: asking about a risk class of a few thousand actions costs little
        more than asking about the handful the policy grants.
        """
        if not isinstance(actions, (dict, list, tuple)):
            actions = list(actions)
        hits = self._granted.intersection(actions)
        if not hits:
            return {}
        out = {}
        for action in sorted(hits, key=order_of(actions).__getitem__) if len(hits) > 1 else hits:
            found = self.grants(action)
            if found:
                out[action] = found
        return out

    def allows(self, action: str) -> bool:
        return bool(self.grants(action))


def statement_names(statement: Statement) -> frozenset[str]:
    """Canonical actions a statement's `Action` or `NotAction` names, whatever its effect."""
    if statement.actions is not None:
        return frozenset().union(*(catalog.names(i.value) for i in statement.actions)) if statement.actions else frozenset()
    if statement.not_actions is not None:
        return catalog.not_action_names([i.value for i in statement.not_actions])
    return frozenset()


_ORDERS: dict[int, tuple[object, dict[str, int]]] = {}


def order_of(actions: dict[str, object] | list[str] | tuple[str, ...]) -> dict[str, int]:
    """Each name's first position in `actions`, to sort a subset in its order.

    Computed once per mapping or tuple: the risk catalogues are the same few dictionaries all run
    long, never changed (kept here, so that the `id` they are found by stays theirs). A list may
    change, so its order is computed each time.
    """
    entry = _ORDERS.get(id(actions))
    if entry is not None and entry[0] is actions:
        return entry[1]
    order: dict[str, int] = {}
    for position, action in enumerate(actions):
        order.setdefault(action, position)
    if isinstance(actions, list):
        return order
    if len(_ORDERS) >= 64:
        _ORDERS.clear()
    _ORDERS[id(actions)] = (actions, order)
    return order


def grants_for(policy: PolicyDocument) -> PolicyGrants:
    """Computed once per policy and shared by every check."""
    cached = getattr(policy, "_grants", None)
    if cached is None:
        cached = PolicyGrants(policy)
        policy._grants = cached  # type: ignore[attr-defined]
    return cached


def by_statement(grants: dict[str, list[Grant]]) -> dict[Statement, dict[str, list[Grant]]]:
    """Regroup grants by the statement that makes them."""
    out: dict[Statement, dict[str, list[Grant]]] = {}
    for action, items in grants.items():
        for grant in items:
            out.setdefault(grant.statement, {}).setdefault(action, []).append(grant)
    return out


def name_actions(actions: Iterable[str], limit: int = 4, *, ordered: bool = False) -> str:
    """``"`a`, `b`, `c` and 12 more"`` — concrete names, counted when many.

    Sorted by name unless `ordered`, when the caller's order (most important first) is kept.
    """
    names = list(dict.fromkeys(actions)) if ordered else sorted(set(actions))
    shown = ", ".join(f"`{a}`" for a in names[:limit])
    rest = len(names) - limit
    return f"{shown} and {rest} more" if rest > 0 else shown


def covers(pattern: str, action: str) -> bool:
    return action_matches(pattern, action)
