from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.subjects.iam import PolicyDocument, PolicyKind


class AllowNotAction(Check):
    """`Allow` with `NotAction`: everything except a list.

    ## What it does
    Finds `Allow` statements that use `NotAction`.

    ## Why is this bad?
    `Allow` + `NotAction` grants every action *except* the listed ones, across
    every service, including services and actions AWS adds later. A policy
    meant to be "everything but IAM" still allows deleting every database and
    stopping CloudTrail. (Some linters even read `NotAction` backwards and
    report the excluded actions as granted.)

    ## Example
    ```json
    {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}
    ```

    Use instead: an `Allow` of what is needed, and a separate `Deny` for what
    must never happen:
    ```json
    [{"Effect": "Allow", "Action": ["ec2:Describe*", "s3:GetObject"], "Resource": "*"},
     {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}]
    ```

    ## Remediation
    Rewrite the statement as an explicit `Action` list. `NotAction` belongs in
    `Deny` statements (for example "deny everything but these read actions
    without MFA").

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
    """

    id = "iam-allow-not-action"
    name = "Allow with NotAction grants everything not listed"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    judges_generated = False
    subject = PolicyDocument
    tags = ("iam", "least-privilege")
    cwe = (269,)

    valid = [
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "iam:ListUsers", "Resource": "*"}]}'),
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:Describe*", "Resource": "*"}]}'),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}]}',
            expect=["/Statement/0/NotAction"],
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        if policy.kind not in (PolicyKind.IDENTITY, PolicyKind.RESOURCE):
            return
        for statement in policy.allow_statements:
            if statement.not_actions is None:
                continue
            excluded = ", ".join(f"`{a.value}`" for a in statement.not_actions[:3])
            more = len(statement.not_actions) - 3
            if more > 0:
                excluded += f" and {more} more"
            related = ()
            if statement.any_resource:
                related = (Related(statement.element("Resource" if statement.has("Resource") else "NotResource"), "on every resource"),)
            yield Violation(
                statement.element("NotAction"),
                f"`Allow` with `NotAction` grants every action of every service except {excluded or 'nothing'}",
                related=related,
                key=True,
                severity=None if statement.any_resource else Severity.MEDIUM,
            )
