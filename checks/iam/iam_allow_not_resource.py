from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.iam import PolicyDocument, PolicyKind


class AllowNotResource(Check):
    """`Allow` with `NotResource`: every resource except a list.

    ## What it does
    Finds `Allow` statements that use `NotResource`.

    ## Why is this bad?
    `Allow` + `NotResource` grants the actions on every resource that is not
    listed, in every account the identity reaches, including resources created
    later. "Delete any bucket except the audit bucket" is still "delete any
    bucket".

    ## Example
    ```json
    {"Effect": "Allow", "Action": "s3:DeleteBucket", "NotResource": "arn:aws:s3:::audit-logs"}
    ```

    Use instead:
    ```json
    {"Effect": "Allow", "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::scratch-*"}
    ```

    ## Remediation
    List the resources the actions may touch in `Resource`. Use `NotResource`
    only in `Deny` statements.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
    """

    id = "iam-allow-not-resource"
    name = "Allow with NotResource grants every other resource"
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    judges_generated = False
    subject = PolicyDocument
    tags = ("iam", "least-privilege")
    cwe = (269,)

    valid = [
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "NotResource": "arn:aws:s3:::b"}]}'),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:DeleteBucket", "NotResource": "arn:aws:s3:::audit-logs"}]}',
            expect=["/Statement/0/NotResource"],
            messages=["`s3:DeleteBucket`"],
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        if policy.kind not in (PolicyKind.IDENTITY, PolicyKind.RESOURCE):
            return
        for statement in policy.allow_statements:
            if statement.not_resources is None:
                continue
            actions = statement.actions or statement.not_actions or []
            named = ", ".join(f"`{a.value}`" for a in actions[:2]) or "its actions"
            if len(actions) > 2:
                named += f" and {len(actions) - 2} more"
            yield Violation(
                statement.element("NotResource"),
                f"`Allow` with `NotResource` grants {named} on every resource except those listed",
                key=True,
            )
