from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Related, Severity, Valid, Violation


class DuplicateSid(Check):
    """Two statements of one policy share a `Sid`.

    ## What it does
    Reports every statement whose `Sid` repeats an earlier statement's.

    ## Why is this bad?
    AWS rejects identity policies with duplicate statement ids; in resource
    policies some services keep only one of them. Statement ids are also how
    reviewers and tools refer to statements: a duplicate makes "the `Deploy`
    statement" ambiguous.

    ## Example
    ```json
    [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},
     {"Sid": "Read", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]
    ```

    ## Remediation
    Give each statement its own `Sid` (letters and digits only).

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html
    """

    id = "iam-duplicate-sid"
    name = "Duplicate statement id"
    severity = Severity.LOW
    confidence = Confidence.HIGH
    judges_generated = False
    subject = PolicyDocument
    tags = ("iam", "validity")

    valid = [
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Sid": "A", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},'
            '{"Sid": "B", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}'
        ),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Sid": "", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},'
            '{"Sid": "", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}',
            note="empty Sids, as older Terraform wrote on every statement, are not identifiers",
        ),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"},'
            '{"Sid": "Read", "Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]}',
            expect=["/Statement/1/Sid"],
        )
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        first: dict[str, str] = {}
        for statement in policy.statements:
            if not statement.sid:
                continue  # no Sid, or an empty one: AWS accepts any number of `"Sid": ""`
            if statement.sid in first:
                yield Violation(
                    statement.element("Sid"),
                    f"`Sid` `{statement.sid}` is already used by an earlier statement",
                    related=(Related(first[statement.sid], "first used here"),),
                )
            else:
                first[statement.sid] = statement.element("Sid")
