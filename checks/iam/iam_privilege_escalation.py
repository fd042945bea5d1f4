from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from lint import Check, Confidence, Invalid, PolicyDocument, Related, Severity, Valid, Violation
from lint.iam.grants import Grant, grants_everything, grants_for, guardrails
from lint.iam.risk_findings import ai_clauses
from lint.iam.trust import condition_values
from lint.messages import brief, first_fitting
from lint.subjects.iam import PolicyKind

if TYPE_CHECKING:
    from lint.iam.risks import Method

PASSED_TO_SERVICE = "iam:PassedToService"


class PrivilegeEscalation(Check):
    """The identity can give itself more permissions than the policy grants.

    ## What it does
    Matches the policy's effective grants (wildcards expanded, `NotAction`
    inverted, unconditional `Deny` subtracted) against a catalogue of
    privilege-escalation methods — Rhino Security Labs' methods, the paths
    of pathfinding.cloud and cloudsplaining, kept as data in
    `lint/iam/data/privilege-escalation.yaml`. A method counts when every
    action it needs is granted on resources broad enough to use it (`*` or
    a wildcard ARN), by one statement or several. Methods that pass a role
    are dropped when every `iam:PassRole` grant is limited by
    `iam:PassedToService` to services the method does not use.

    ## Why is this bad?
    The policy's real power is that of the most powerful role or policy the
    identity can reach: creating a new policy version, attaching
    `AdministratorAccess` to itself, or passing an admin role to a Lambda
    function it then invokes. Reviewers read the listed actions and miss
    that they add up to administrator.

    ## Example
    ```json
    {"Effect": "Allow", "Action": ["iam:PassRole", "lambda:CreateFunction", "lambda:InvokeFunction"],
     "Resource": "*"}
    ```

    ## Remediation
    Scope `iam:PassRole` to the roles the workload must pass, with an
    `iam:PassedToService` condition; never grant policy-writing IAM actions
    (`iam:CreatePolicyVersion`, `iam:Attach*Policy`, `iam:Put*Policy`) on
    `*`; constrain identity administration with a permissions boundary.

    ## References
    - https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/
    - https://pathfinding.cloud
    - https://github.com/salesforce/cloudsplaining
    """

    id = "iam-privilege-escalation"
    name = "Privilege escalation possible"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = PolicyDocument
    tags = ("iam", "privilege-escalation")
    cwe = (269,)

    valid = [
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], '
            '"Resource": ["arn:aws:iam::*:role/ReplicationServerRole", "arn:aws:ec2:*:*:instance/*"]}]}',
            note="a wildcard account still names one role: launching it gives no more than that role",
        ),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:PassRole"], '
            '"Resource": "arn:aws:iam::123456789012:role/app"}, {"Effect": "Allow", "Action": "lambda:CreateFunction", "Resource": "*"}]}',
            note="PassRole scoped to one role: the function gets that role's power, nothing more",
        ),
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"}]}'),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], "Resource": "*", '
            '"Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}}]}',
            note="the role may only be passed to ECS tasks, which this policy cannot start",
        ),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:CreatePolicyVersion", "iam:SetDefaultPolicyVersion"], '
            '"Resource": "arn:aws:iam::aws:policy/*"}]}',
            note="AWS managed policies cannot be changed by any customer: not an escalation target",
        ),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreatePolicyVersion", "Resource": "*", '
            '"Condition": {"DateLessThan": {"aws:TokenIssueTime": "2019-06-30T00:00:00Z"}}}]}',
            note="only credentials issued before a date long past: the statement grants nothing",
        ),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PutRolePolicy", "Resource": "*", '
            '"Condition": {"StringEquals": {"aws:PrincipalTag/team": "ops"}, "StringNotEquals": {"aws:PrincipalTag/team": "ops"}}}]}',
            note="contradictory operators on one key: the statement grants nothing",
        ),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecs:UpdateService", "ecs:DescribeServices"], "Resource": "*"}]}',
            note="updating a service without registering a task definition only re-deploys what it runs",
        ),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ChangePassword", '
            '"Resource": "arn:aws:iam::123456789012:user/${aws:username}"}]}',
        ),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreatePolicyVersion", "Resource": "*"}]}',
            expect=["/Statement/0/Action"],
            messages=["CreateNewPolicyVersion"],
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [\n'
            '  {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},\n'
            '  {"Effect": "Allow", "Action": ["lambda:CreateFunction", "lambda:InvokeFunction"], "Resource": "*"}]}',
            expect=["/Statement/0/Action"],
            messages=["PassExistingRoleToNewLambdaThenInvoke"],
            severity=Severity.HIGH,
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:AttachRolePolicy", "Resource": "*"}]}',
            path="agents/deploy-agent.json",
            config={"ai-identities": {"paths": ["agents/**"]}},
            expect=["/Statement/0/Action"],
            messages=["AttachRolePolicy", "granted to an AI identity"],
            severity=Severity.CRITICAL,
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PutUserPolicy", "Resource": "*", '
            '"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}',
            expect=["/Statement/0/Action"],
            messages=["limited: requires MFA"],
            severity=Severity.MEDIUM,
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:PassRole", "ec2:RunInstances"], '
            '"Resource": "*", "Condition": {"StringLike": {"iam:PassedToService": "ec2.amazonaws.com*"}}}]}',
            expect=["/Statement/0/Action/0"],
            messages=["PassExistingRoleToNewEC2"],
            note="PassRole limited to EC2 still lets the instance run as any role",
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:PassRole", "ecs:RegisterTaskDefinition", '
            '"ecs:UpdateService"], "Resource": "*"}]}',
            expect=["/Statement/0/Action/0"],
            messages=["PassExistingRoleToUpdatedECSService"],
            note="a backdoored task definition revision, rolled out to a running service",
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:PassRole", "ec2:ReplaceIamInstanceProfileAssociation"], '
            '"Resource": "*"}]}',
            expect=["/Statement/0/Action/0"],
            messages=["ReplacePrivilegedInstanceProfile"],
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "cloudformation:UpdateStack", "Resource": "*"}]}',
            expect=["/Statement/0/Action"],
            messages=["UpdateExistingCloudFormationStack"],
            note="the stack's own service role carries the change out: no PassRole needed",
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PutUserPolicy", '
            '"Resource": "arn:aws:iam::123456789012:user/${aws:username}"}]}',
            expect=["/Statement/0/Action"],
            messages=["PutUserPolicy"],
            note="a user that may write its own inline policy may write `*` into it",
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        if policy.kind is not PolicyKind.IDENTITY:
            return
        found = policy_methods(policy)
        if found:
            yield _violation(policy, found, "allows privilege escalation")
        yield from _assume_chains(policy)
        for identity, members in policy.identity_groups:
            # An identity's policies together: reported once, with the first policy, for the methods
            # that no single policy completes on its own.
            if len(members) < 2 or members[0] is not policy:
                continue
            member_grants = [grants_for(m) for m in members]
            alone = {method.id for m in members for method, _ in policy_methods(m)}
            every = frozenset().union(*(g.granted for g in member_grants))
            together = _methods(lambda action: [grant for g in member_grants for grant in g.grants(action)], policy, every)
            split = [(method, used) for method, used in together if method.id not in alone]
            if split:
                yield _violation(policy, split, f"{identity} combines its {len(members)} policies into privilege escalation")


#: Methods that write or attach a policy to the identity named in `Resource`: usable on the identity itself.
_SELF_TARGETED = {
    "iam:AttachUserPolicy": "user", "iam:AttachRolePolicy": "role", "iam:AttachGroupPolicy": "group",
    "iam:PutUserPolicy": "user", "iam:PutRolePolicy": "role", "iam:PutGroupPolicy": "group",
}


def policy_methods(policy: PolicyDocument) -> list[tuple[Method, list[Grant]]]:
    """`_methods` of one policy alone, computed once and shared (this check, the repository graph)."""
    cached = getattr(policy, "_escalation_methods", None)
    if cached is None:
        grants = grants_for(policy)
        cached = _methods(grants.grants, policy, grants.granted)
        policy._escalation_methods = cached  # type: ignore[attr-defined]
    return cached


def _methods(
    grants_of: Callable[[str], list[Grant]],
    policy: PolicyDocument | None = None,
    granted: frozenset[str] | None = None,
) -> list[tuple[Method, list[Grant]]]:
    """The escalation methods whose every action some usable grant provides, with one grant per action.

    `granted`, when given, is every action some statement names: a method needing an action outside
    it is skipped with one set test instead of a lookup per action.
    """
    from lint.iam.risks import privilege_escalation_methods

    found = []
    for method in privilege_escalation_methods():
        if granted is not None and not granted.issuperset(method.actions):
            continue
        used: list[Grant] = []
        for action in method.actions:
            usable = [
                g for g in grants_of(action)
                if (_broad(g) or _names_self(g) or _passes_privileged_role(g)) and _passable(g, method) and not grants_everything(g.statement)
            ]
            if not usable:
                break
            used.append(usable[0])
        else:
            found.append((method, used))
    return found


#: Where a message names the methods, filled in last with as many as fit one line.
_METHODS = "\x00methods\x00"
#: Where it says why the identity is an AI's, when that fits too.
_REASON = "\x00reason\x00"


def _named(found: list[tuple[Method, list[Grant]]], limit: int, with_actions: bool) -> str:
    shown = ", ".join(
        m.id + (f" ({' + '.join(f'`{a}`' for a in m.actions)})" if with_actions else "") for m, _ in found[:limit]
    )
    return shown + (f" and {len(found) - limit} more" if len(found) > limit else "")


def _violation(policy: PolicyDocument, found: list[tuple[Method, list[Grant]]], what: str) -> Violation:
    first_method, first_grants = found[0]
    primary = first_grants[0]
    message = f"{what} by {len(found)} method{'s' if len(found) != 1 else ''}: {_METHODS}"
    via = sorted({g.statement.policy.generated_by for _, used in found for g in used if g.statement.policy.generated_by})
    if via:
        message += f" through {', '.join(via)}"
    document = primary.statement.policy.document
    notes: list[Related] = []
    reason = ""
    severity = None
    guards = guardrails(primary.statement)
    if guards:
        message += f"; limited: {', '.join(guards)}"
        severity = Severity.MEDIUM
    elif policy.ai_reason:
        message += f"; granted to an AI identity{_REASON}"
        reason = policy.ai_reason
        severity = Severity.CRITICAL
    related = []
    for _, used in found:
        for grant in used:
            if grant.action == "iam:PassRole" and not _broad(grant):
                known = grant.statement.policy.known_roles
                for resource in grant.statement.resources or ():
                    role = known.get(resource.value)
                    power = _role_power(role, known) if role else None
                    if power:
                        message += f"; `iam:PassRole` reaches {role.label}, which holds {power[0]}"
                        related.extend(Related(h.pointer, note, document=h.document) for h, note in power[1])
                        break
                break
    seen = {primary.item.pointer}
    for _, used in found:
        for grant in used:
            if grant.item.pointer not in seen:
                seen.add(grant.item.pointer)
                # the grant may sit in another policy of the identity, in another document
                related.append(Related(grant.item.pointer, f"grants `{grant.action}`", document=grant.statement.policy.document))
    # The methods with their actions, then fewer details until the line fits (`data` carries them all);
    # why the identity is an AI's when it fits, else as a note.
    message = first_fitting(*(
        message.replace(_METHODS, _named(found, n, with_actions)).replace(_REASON, why)
        for why in ai_clauses(reason) for n, with_actions in ((2, True), (2, False), (1, True), (1, False))
    ))
    if reason and f" ({brief(reason)}" not in message:
        notes.append(Related(primary.item.pointer, f"AI identity: {policy.ai_reason}", document=document))
    related.extend(notes)
    # JSON `data` holds flat lists: each method with its actions, and what it does.
    data = {
        "methods": [m.id for m, _ in found],
        "method_actions": [f"{m.id}: {' + '.join(m.actions)}" for m, _ in found],
        "descriptions": [f"{m.id}: {m.description}" for m, _ in found],
    }
    return Violation(
        primary.item.pointer, message, related=tuple(related[:10]), severity=severity,
        document=primary.statement.policy.document, data=data,
    )



def _names_self(grant: Grant) -> bool:
    """`iam:PutRolePolicy` / `iam:AttachRolePolicy` on the very identity that holds the policy (or, for a
    user, `user/${aws:username}`), with no `iam:PolicyARN` condition limiting what may be attached."""
    kind = _SELF_TARGETED.get(grant.action)
    if kind is None:
        return False
    if grant.action.startswith("iam:Attach") and "iam:policyarn" in grant.statement.condition_keys:
        return False
    policy = grant.statement.policy
    for resource in grant.statement.resources or ():
        value = resource.value
        if value in policy.self_arns:
            return True
        if kind == "user" and value.lower().endswith(":user/${aws:username}"):
            return True
    return False


def _passes_privileged_role(grant: Grant) -> bool:
    """`iam:PassRole` on a role of the same module or template that holds admin-grade or destructive grants."""
    if grant.action != "iam:PassRole":
        return False
    known = grant.statement.policy.known_roles
    return any(r.value in known and _role_power(known[r.value], known) for r in grant.statement.resources or ())


def _role_power(role, known: dict, seen: frozenset[str] = frozenset(), depth: int = 0) -> tuple[str, list[tuple[object, str]]] | None:
    """What a role holds that makes reaching it an escalation (admin-grade, escalation, destructive grants,
    or a role it can assume that does), with the hops as (role, note); None when nothing stands out."""
    from lint.iam.risks import risk_actions

    if depth > 5 or role.label in seen or role.label in _EVALUATING:
        return None
    cached = getattr(role, "_power", False)
    if cached is not False and not seen:
        return cached
    seen = seen | {role.label}
    _EVALUATING.add(role.label)
    try:
        power = _evaluate_role(role, known, seen, depth, risk_actions)
    finally:
        _EVALUATING.discard(role.label)
    if depth == 0:
        role._power = power
    return power


#: Roles whose power is being evaluated (PassRole and AssumeRole between roles may loop).
_EVALUATING: set[str] = set()


def _evaluate_role(role, known: dict, seen: frozenset[str], depth: int, risk_actions) -> tuple[str, list[tuple[object, str]]] | None:
    if role.admin_managed:
        return f"administrator-grade access (AWS managed `{role.admin_managed}`)", [(role, f"attaches `{role.admin_managed}`")]
    for policy in role.policies:
        if any(grants_everything(s) for s in policy.allow_statements):
            return "administrator access (`*` on `*`)", [(role, "holds `*` on `*`")]
    for policy in role.policies:
        methods = policy_methods(policy)
        if methods:
            return f"privilege escalation ({methods[0][0].id})", [(role, f"can escalate by {methods[0][0].id}")]
    destructive = sorted({a for policy in role.policies for a in grants_for(policy).allowed(risk_actions("destructive"))})
    if destructive:
        names = ", ".join(f"`{a}`" for a in destructive[:2]) + (f" and {len(destructive) - 2} more" if len(destructive) > 2 else "")
        return f"destructive actions ({names})", [(role, f"may {names}")]
    for policy in role.policies:
        for grant in grants_for(policy).grants("sts:AssumeRole"):
            for resource in grant.statement.resources or ():
                target = known.get(resource.value)
                if target is not None:
                    power = _role_power(target, known, seen, depth + 1)
                    if power:
                        return power[0], [(role, f"can assume {target.label}"), *power[1]]
    return None


def _assume_chains(policy: PolicyDocument) -> Iterator[Violation]:
    """`sts:AssumeRole` on a role of the same module or template: what the end of the chain holds."""
    known = policy.known_roles
    if not known:
        return
    reported = set()
    for grant in grants_for(policy).grants("sts:AssumeRole"):
        for resource in grant.statement.resources or ():
            target = known.get(resource.value)
            if target is None or target.label in reported or resource.value in policy.self_arns:
                continue
            power = _role_power(target, known)
            if power is None:
                continue
            reported.add(target.label)
            what, hops = power
            end = hops[-1][0]
            chain = " -> ".join(h.label for h, _ in hops)
            message = f"can assume {target.label}" + (f" and from it {chain.split(' -> ', 1)[1]}" if len(hops) > 1 else "")
            message += f", which holds {what}" + (f" (the end of the chain: {end.label})" if len(hops) > 1 else "")
            related = tuple(Related(h.pointer, note, document=h.document) for h, note in hops)
            severity = Severity.HIGH if what.startswith(("administrator", "privilege")) else Severity.MEDIUM
            if policy.ai_reason and not guardrails(grant.statement):
                severity = Severity.CRITICAL
                message += "; granted to an AI identity"
                related += (Related(resource.pointer, f"AI identity: {policy.ai_reason}"),)
            yield Violation(resource.pointer, message, related=related, severity=severity)


def _broad(grant: Grant) -> bool:
    """Resources wide enough to be used for escalation: `*`, NotResource, or an ARN with a wildcard in its
    resource part (`role/*`, `function:app-*`). A wildcard only in the account or region
    (`arn:aws:iam::*:role/deployer`) still names one role."""
    if grant.any_resource:
        return True
    service = grant.action.split(":", 1)[0]
    return any(
        _wildcard_resource(r.value) for r in grant.statement.resources or () if _may_name(r.value, service) and not _aws_owned(r.value)
    )


def _aws_owned(resource: str) -> bool:
    """`arn:aws:iam::aws:policy/*`: AWS managed policies, which no customer can change, attach to or assume."""
    parts = resource.split(":", 5)
    return len(parts) == 6 and parts[0] == "arn" and parts[2] == "iam" and parts[4] == "aws"


def _may_name(resource: str, service: str) -> bool:
    """Whether a Resource entry can name resources of `service` (an ARN of another service cannot)."""
    parts = resource.split(":", 3)
    return len(parts) < 4 or parts[0] != "arn" or parts[2] in (service, "*", "") or "*" in parts[2]


def _wildcard_resource(value: str) -> bool:
    parts = value.split(":", 5)
    if len(parts) < 6 or parts[0] != "arn":
        return "*" in value or "?" in value
    return "*" in parts[5] or "?" in parts[5]


def _passable(grant: Grant, method) -> bool:
    """Whether a PassRole grant can pass a role to a service the method uses."""
    if grant.action != "iam:PassRole":
        return True
    uses = condition_values(grant.statement, PASSED_TO_SERVICE)
    if not uses:
        return True
    services = {a.split(":", 1)[0] for a in method.actions if not a.startswith("iam:")}
    allowed = [str(v).lower() for _, _, values in uses for v in values]
    return any(any(v.startswith(s) or s in v.split(".")[0] or "*" in v for s in services) for v in allowed)
