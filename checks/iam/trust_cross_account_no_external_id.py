from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Severity, Valid, Violation
from lint.iam.trust import account_of, has_any_key
from lint.subjects.iam import PolicyKind

CONSTRAINING = {
    "sts:externalid",
    "aws:multifactorauthpresent",
    "aws:multifactorauthage",
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalarn",
    "aws:sourceidentity",
    "sts:sourceidentity",
    "aws:principaltag",
}


class CrossAccountNoExternalId(Check):
    """A role that another account may assume with no external id, MFA or organization condition.

    ## What it does
    Finds trust policy statements that let an AWS account (`123456789012`,
    `arn:aws:iam::123456789012:root`) or a principal in it assume the role,
    without an `sts:ExternalId`, MFA, `aws:PrincipalOrgID` or
    `aws:PrincipalArn` condition.

    ## Why is this bad?
    Trusting an account's root trusts every principal that account's
    administrators allow, including its automation and any compromised user.
    For a third party (a vendor, a SaaS), a missing `sts:ExternalId` opens
    the confused-deputy problem: another customer of the vendor can make the
    vendor assume your role.

    ## Example
    ```json
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"},
     "Action": "sts:AssumeRole"}
    ```

    Use instead:
    ```json
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/vendor-connector"},
     "Action": "sts:AssumeRole",
     "Condition": {"StringEquals": {"sts:ExternalId": "7f3c1e2a-vendor-issued"}}}
    ```

    ## Remediation
    Name the exact role that may assume this one. For third parties, require
    the `sts:ExternalId` they issue; for people, require MFA; within your
    organization, add `aws:PrincipalOrgID`.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
    """

    id = "trust-cross-account-no-external-id"
    name = "Cross-account trust without external id or MFA"
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    subject = PolicyDocument
    tags = ("iam", "trust")
    cwe = (441,)

    valid = [
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:root"}, '
            '"Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "abc-123"}}}]}'
        ),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, '
            '"Action": "sts:AssumeRole"}]}'
        ),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ["111122223333", '
            '"arn:aws:iam::444455556666:role/ci"]}, "Action": "sts:AssumeRole"}]}',
            expect=["/Statement/0/Principal/AWS/0", "/Statement/0/Principal/AWS/1"],
            messages=["account `111122223333`", "`arn:aws:iam::444455556666:role/ci`"],
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        if policy.kind is not PolicyKind.TRUST:
            return
        for statement in policy.allow_statements:
            if statement.principal is None or has_any_key(statement, CONSTRAINING):
                continue
            for entry in statement.principal.of_type("AWS"):
                account = account_of(entry.value)
                if account is None:
                    continue
                who = f"account `{account}`" if entry.value.endswith((account, ":root")) else f"`{entry.value}`"
                yield Violation(
                    entry.pointer,
                    f"{who} may assume this role with no `sts:ExternalId`, MFA or organization condition",
                )
