"""Shared logic of the risk-class checks: which grants fall in a class, and how bad that is.

A finding is made per statement, at the policy element that grants the most
actions of the class, naming the concrete actions. Its severity starts at the
check's default and then follows the context:

- resources scoped to specific ARNs (no wildcard) lower it one step;
- a guardrail condition (MFA, `aws:CalledVia`, tag conditions, VPC or IP
  limits) lowers it one step and the confidence to medium;
- an AI identity with no guardrail raises it to critical, and the message
  says why the identity counts as AI.
"""

from __future__ import annotations

from collections.abc import Iterator

from lint.check import Related, Violation
from lint.iam.grants import Grant, by_statement, grants_everything, grants_for, guardrails, name_actions, order_of
from lint.messages import brief, first_fitting
from lint.model import Confidence, Severity
from lint.subjects.iam import PolicyDocument, PolicyKind, Statement

#: Kinds whose Allow statements grant permissions to an identity.
GRANTING_KINDS = (PolicyKind.IDENTITY,)


def lower(severity: Severity) -> Severity:
    return Severity(max(severity - 1, Severity.LOW))


def risk_violations(
    policy: PolicyDocument,
    actions: dict[str, str],
    *,
    what: str,
    severity: Severity,
    any_resource_only: bool = False,
    ai_escalates: bool = True,
) -> Iterator[Violation]:
    """Violations for the grants of `actions` (action -> rationale) in `policy`."""
    if policy.kind not in GRANTING_KINDS:
        return
    granted = grants_for(policy).allowed(actions)
    for statement, by_action in by_statement(granted).items():
        if grants_everything(statement):
            continue
        grants = [g for items in by_action.values() for g in items]
        broad = [g for g in grants if g.any_resource]
        if any_resource_only:
            grants = broad
            if not grants:
                continue
        yield _violation(policy, statement, grants, actions, what=what, severity=severity, ai_escalates=ai_escalates)


#: Where a message names the actions, filled in last with as many as fit one line.
_NAMES = "\x00names\x00"
#: Where it says why the identity is an AI's, when that fits too.
_REASON = "\x00reason\x00"


def ai_clauses(reason: str) -> tuple[str, ...]:
    """What follows "granted to an AI identity", from the most to the least detailed."""
    if not reason:
        return ("",)
    short = brief(reason)
    return (f" ({reason}) with no guardrail", f" ({short}) with no guardrail", f" ({short}), no guardrail", " with no guardrail")


def _violation(
    policy: PolicyDocument,
    statement: Statement,
    grants: list[Grant],
    rationale: dict[str, str],
    *,
    what: str,
    severity: Severity,
    ai_escalates: bool,
) -> Violation:
    by_item: dict[str, list[Grant]] = {}
    for grant in grants:
        by_item.setdefault(grant.item.pointer, []).append(grant)
    primary = max(by_item, key=lambda p: (len(by_item[p]), -list(by_item).index(p)))
    # The catalogue lists the gravest actions of a class first: name those first.
    rank = order_of(rationale)
    names = sorted({g.action for g in grants}, key=lambda a: (rank.get(a, len(rank)), a))
    on_any = any(g.any_resource for g in grants)
    guards = guardrails(statement)
    confidence = None
    if not on_any:
        severity = lower(severity)
    if guards:
        severity = lower(severity)
        confidence = Confidence.MEDIUM
    # Two actions named, or one when the line is long (`data` carries them all); why the identity
    # is an AI's when it fits, else as a note.
    message = f"allows {len(names)} {what} action{'s' if len(names) != 1 else ''}: {_NAMES}"
    message += " on any resource" if on_any else ""
    if policy.generated_by:
        message += f" through {policy.generated_by}"
    notes: list[Related] = []
    reason = ""
    if guards:
        message += f"; limited: {', '.join(guards)}"
    org = policy.org_guardrails.denying(names) if policy.org_guardrails else []
    org_denied = {a for _, hit in org for a in hit}
    if org_denied:
        every = org_denied >= set(names)
        how = "all" if every else f"{len(org_denied)}"
        message += f"; an SCP in the repository denies {how} of them"
        if every:
            severity = lower(severity)
            confidence = Confidence.MEDIUM
    if policy.ai_reason and ai_escalates and not guards and not (org_denied >= set(names)):
        severity = Severity.CRITICAL
        message += f"; granted to an AI identity{_REASON}"
        reason = policy.ai_reason
    related = tuple(
        Related(pointer, f"grants {name_actions([g.action for g in items], limit=3)}")
        for pointer, items in by_item.items()
        if pointer != primary
    )[:10]
    related += tuple(
        Related(deny.pointer, f"SCP denies {name_actions(hit, limit=3, ordered=True)}", document=deny.document)
        for deny, hit in org[:5]
    )
    message = first_fitting(*(
        message.replace(_NAMES, name_actions(names, limit=n, ordered=True)).replace(_REASON, why)
        for why in ai_clauses(reason) for n in (2, 1)
    ))
    if reason and f" ({brief(reason)}" not in message:
        notes.append(Related(primary, f"AI identity: {policy.ai_reason}"))
    related = (*related, *notes)
    return Violation(
        primary, message, related=related, severity=severity, confidence=confidence, data={"actions": names, "rationale": [f"{a}: {rationale[a]}" for a in names if rationale.get(a)]}
    )
