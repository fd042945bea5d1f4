from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.iam import catalog
from lint.iam.patterns import split_action
from lint.subjects.iam import PolicyDocument, PolicyKind

#: Services where "everything" includes taking over identities, keys or the organization.
SENSITIVE_SERVICES = {"iam", "sts", "organizations", "kms", "secretsmanager", "sso", "identitystore"}


class ServiceWildcard(Check):
    """Grants every action of a service (`svc:*`).

    ## What it does
    Finds `Allow` statements in identity policies whose `Action` includes a
    whole-service wildcard such as `s3:*` or `iam:*`.

    ## Why is this bad?
    `svc:*` grants today's destructive and permission-changing actions of the
    service and every action AWS adds to it later. `s3:*` includes
    `s3:DeleteBucket` and `s3:PutBucketPolicy`; `iam:*` includes creating
    access keys for any user, which is administrator access by another name.

    ## Example
    ```json
    {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "arn:aws:dynamodb:*:*:table/orders"}
    ```

    Use instead:
    ```json
    {"Effect": "Allow", "Action": ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
     "Resource": "arn:aws:dynamodb:*:*:table/orders"}
    ```

    ## Remediation
    List the actions the identity calls. When a family of read actions is
    wanted, prefer an explicit verb wildcard such as `s3:Get*` over `s3:*`.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
    - https://github.com/salesforce/cloudsplaining (ServiceWildcard)
    """

    id = "iam-service-wildcard"
    name = "Every action of a service allowed"
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    judges_generated = False
    subject = PolicyDocument
    tags = ("iam", "least-privilege")
    cwe = (269,)

    valid = [
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}'),
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]}'),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"},'
            ' {"Effect": "Deny", "Action": "dynamodb:*", "Resource": "*"}]}',
            note="an unconditional Deny of the whole service takes the wildcard back",
        ),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*",'
            ' "Condition": {"DateLessThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}}}]}',
            note="a time window that has passed: the statement grants nothing",
        ),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"},\n'
            ' {"Effect": "Deny", "Action": "dynamodb:Delete*", "Resource": "*"}]}',
            expect=["/Statement/0/Action"],
            messages=["an unconditional `Deny` takes 6 back"],
            note="a Deny of some of the service's actions leaves the rest, and every action AWS adds later",
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:GetObject", "dynamodb:*"], "Resource": "*"}]}',
            expect=["/Statement/0/Action/1"],
            messages=["`dynamodb:*`"],
        ),
        Invalid(
            "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Action: [IAM:*, ec2:*]\n    Resource: '*'\n",
            expect=["/Statement/0/Action/0", "/Statement/0/Action/1"],
            path="policy.yaml",
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        if policy.kind is not PolicyKind.IDENTITY:
            return
        from lint.iam.grants import grants_for

        denied = grants_for(policy).denied
        for statement in policy.allow_statements:
            for action in statement.actions or ():
                if not action.value.endswith(":*"):
                    continue  # not `service:*` (most entries)
                service, name = split_action(action.value)
                if not service or name != "*" or service == "*":
                    continue
                actions = catalog.expand(f"{service}:*")
                left = [a for a in actions if a.full_name not in denied]
                if (actions and not left) or _denies_service(policy, service):
                    continue  # an unconditional Deny takes every known action (or the whole service) back
                sensitive = service.lower() in SENSITIVE_SERVICES
                read_only = not any(a.changes_things for a in left or actions)
                removed = len(actions) - len(left)
                message = f"`{action.value}` allows {_summary(service)} and any AWS adds later"
                if removed:
                    message += f"; an unconditional `Deny` takes {removed} back"
                yield Violation(
                    action.pointer,
                    message,
                    severity=Severity.HIGH if sensitive and any(a.changes_things for a in left) else Severity.LOW if read_only else None,
                )


def _denies_service(policy: PolicyDocument, service: str) -> bool:
    """An unconditional `Deny` of `service:*` (or `*`) on every resource: future actions are denied too."""
    for statement in policy.statements:
        if statement.is_deny and not statement.conditions and statement.any_resource and statement.actions:
            for item in statement.actions:
                value = item.value.lower()
                if value in ("*", "*:*", f"{service.lower()}:*"):
                    return True
    return False


def _summary(service: str) -> str:
    """`all 163 s3 actions (87 write, 20 permissions management)": `: what the wildcard holds today."""
    actions = catalog.expand(f"{service}:*")
    if not actions:
        return f"every {service.lower()} action"
    counts = {level: sum(level in a.levels for a in actions) for level in ("Write", "Permissions management")}
    parts = [f"{n} {level.lower()}" for level, n in counts.items() if n]
    detail = f" ({', '.join(parts)})" if parts else " (all read or list)"
    return f"all {len(actions)} {actions[0].service} actions{detail}"
