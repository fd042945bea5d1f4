from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.subjects.iam import PolicyDocument, PolicyKind

PASSED_TO_SERVICE = "iam:passedtoservice"


class PassRoleAnyResource(Check):
    """`iam:PassRole` on any role, for any service.

    ## What it does
    Finds `Allow` statements that grant `iam:PassRole` (directly or through a
    wildcard such as `iam:Pass*` or `iam:*`) on `Resource: "*"` without an
    `iam:PassedToService` condition.

    Statements that allow every action (`*`) are reported by
    `iam-admin-wildcard` instead, and `NotAction` by `iam-allow-not-action`.

    ## Why is this bad?
    Passing a role to a service makes the service act as that role. With
    `iam:PassRole` on `*`, the identity can hand the account's most powerful
    role to a new Lambda function, EC2 instance or ECS task it controls and
    act with that role's permissions: privilege escalation in two API calls.

    ## Example
    ```json
    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}
    ```

    Use instead:
    ```json
    {"Effect": "Allow", "Action": "iam:PassRole",
     "Resource": "arn:aws:iam::123456789012:role/app-task-role",
     "Condition": {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}}}
    ```

    ## Remediation
    Scope `Resource` to the ARNs of the roles the workload must pass, and add
    an `iam:PassedToService` condition naming the service that receives them.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
    - https://rhinosecuritylabs.com/aws/aws-privilege-escalation-methods-mitigation/
    """

    id = "iam-passrole-any-resource"
    name = "iam:PassRole allowed on any role"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = PolicyDocument
    tags = ("iam", "privilege-escalation")
    cwe = (269,)

    valid = [
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*", '
            '"Condition": {"StringEquals": {"iam:PassedToService": "lambda.amazonaws.com"}}}]}'
        ),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", '
            '"Resource": "arn:aws:iam::123456789012:role/app"}]}'
        ),
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "*"}]}'),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"},'
            ' {"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"}]}',
            note="an unconditional Deny in the same policy takes the grant back",
        ),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}',
            expect=["/Statement/0/Resource"],
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ecs:RunTask", "iam:Pass*"], '
            '"Resource": ["arn:aws:ecs:*:*:task/*", "*"], "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-1"}}}]}',
            expect=["/Statement/0/Resource/1"],
            messages=["`iam:Pass*`"],
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        if policy.kind is not PolicyKind.IDENTITY:
            return
        from lint.iam.grants import grants_for

        if "iam:PassRole" in grants_for(policy).denied:
            return  # an unconditional Deny takes it back
        for statement in policy.allow_statements:
            if statement.actions is None or not statement.resources:
                continue
            grants = [a for a in statement.matching_actions("iam:PassRole") if a.value not in ("*", "*:*")]
            star = next((r for r in statement.resources if r.value == "*"), None)
            if not grants or star is None or PASSED_TO_SERVICE in statement.condition_keys:
                continue
            yield Violation(
                star.pointer,
                f"`{grants[0].value}` lets this identity pass any role to any service "
                "(no `iam:PassedToService` condition)",
                related=(Related(grants[0].pointer, "grants `iam:PassRole`"),),
            )
