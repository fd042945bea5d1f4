from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.subjects.iam import PolicyDocument, PolicyKind


class AdminWildcard(Check):
    """Grants every action on every resource: full administrator access.

    ## What it does
    Finds `Allow` statements in identity policies whose `Action` is `*` (or
    `*:*`) and whose `Resource` is `*` (or that use `NotResource`).

    ## Why is this bad?
    Whoever holds this policy can do anything in the account: delete every
    database, disable CloudTrail, create new administrators. An AI agent or CI
    job running with it has no limit on the damage one wrong step can do, and
    no second person needs to approve anything.

    ## Example
    ```json
    {"Effect": "Allow", "Action": "*", "Resource": "*"}
    ```

    Use instead: the actions the workload uses, on the resources it owns:
    ```json
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
     "Resource": "arn:aws:s3:::app-uploads/*"}
    ```

    ## Remediation
    Replace the wildcard with the actions the identity really calls (IAM
    Access Analyzer's policy generation or CloudTrail history lists them) and
    scope `Resource` to the identity's own resources. Keep break-glass admin
    roles behind MFA and a permissions boundary, outside automation.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
    - https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
    """

    id = "iam-admin-wildcard"
    name = "Every action allowed on every resource"
    severity = Severity.CRITICAL
    confidence = Confidence.HIGH
    subject = PolicyDocument
    tags = ("iam", "least-privilege")
    cwe = (269,)

    valid = [
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'),
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}'),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}]}',
            note="scoped to one bucket's objects",
        ),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}',
            path="scps/full-aws-access.json",
            note="an SCP that allows everything only sets the ceiling",
        ),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}',
            expect=["/Statement/0"],
        ),
        Invalid(
            '{"Version": "2012-10-17",\n "Statement": {"Effect": "Allow", "Action": ["s3:GetObject", "*:*"], "Resource": ["*"]}}',
            expect=["/Statement"],
        ),
        Invalid(
            "Version: '2012-10-17'\nStatement:\n  - Sid: Ops\n    Effect: Allow\n    Action: '*'\n    NotResource: arn:aws:iam::*:role/breakglass\n",
            expect=["/Statement/0"],
            path="ops-policy.yaml",
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        if policy.kind is not PolicyKind.IDENTITY:
            return
        for statement in policy.allow_statements:
            actions = [a for a in statement.actions or () if a.value in ("*", "*:*")]
            if not actions or not statement.any_resource:
                continue
            if statement.resources is not None:
                resource = next(r for r in statement.resources if r.value == "*")
                scope = Related(resource.pointer, "on every resource")
            else:
                scope = Related(statement.element("NotResource"), "on every resource but these", key=True)
            label = f"statement `{statement.sid}`" if statement.sid else "`Allow` statement"
            yield Violation(
                statement.pointer,
                f"{label} grants every action (`{actions[0].value}`) on every resource: full administrator access",
                related=(Related(actions[0].pointer, "every action"), scope),
            )
