from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.subjects.iam import PolicyDocument, PolicyKind

#: Condition keys that really pin who may assume the role (keys compare case-insensitively).
RESTRICTING_KEYS = {
    "aws:principalorgid",
    "aws:principalorgpaths",
    "aws:principalaccount",
    "aws:principalarn",
    "aws:sourceaccount",
    "aws:sourcearn",
    "aws:sourceorgid",
}


class TrustAnyPrincipal(Check):
    """A role that anyone, in any AWS account, may assume.

    ## What it does
    Finds trust policies (role assume-role policies) that allow `"*"` or
    `{"AWS": "*"}` as principal, or use `NotPrincipal` with `Allow`, without a
    condition that pins the caller's organization, account or ARN.

    ## Why is this bad?
    Every AWS account in the world can call `sts:AssumeRole` on the role and
    act with its permissions. An `sts:ExternalId` condition alone is a shared
    secret, not an identity check.

    ## Example
    ```json
    {"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}
    ```

    Use instead:
    ```json
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/deployer"},
     "Action": "sts:AssumeRole"}
    ```

    ## Remediation
    Name the accounts or roles that may assume the role in `Principal`, or keep
    `"*"` only together with an `aws:PrincipalOrgID` (or `aws:PrincipalArn`)
    condition.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-principalorgid
    """

    id = "trust-any-principal"
    name = "Role trusts every principal"
    severity = Severity.CRITICAL
    confidence = Confidence.HIGH
    subject = PolicyDocument
    tags = ("iam", "trust")
    cwe = (284,)

    valid = [
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
            '"Principal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}'
        ),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, '
            '"Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}]}'
        ),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "sts:AssumeRole"}]}',
            expect=["/Statement/0/Principal/AWS"],
        ),
        Invalid(
            "Version: '2012-10-17'\nStatement:\n  - Effect: Allow\n    Principal: '*'\n    Action: ['sts:AssumeRole', 'sts:TagSession']\n"
            "    Condition:\n      StringEquals:\n        sts:ExternalId: shared-secret\n",
            expect=["/Statement/0/Principal"],
            path="trust.yaml",
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", '
            '"NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sts:AssumeRole"}]}',
            expect=["/Statement/0/NotPrincipal"],
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        if policy.kind is not PolicyKind.TRUST:
            return
        for statement in policy.allow_statements:
            if statement.condition_keys & RESTRICTING_KEYS:
                continue
            actions = ", ".join(f"`{a.value}`" for a in statement.actions or ()) or "assume this role"
            if statement.principal is not None and statement.principal.is_anyone:
                entry = next(e for e in statement.principal.entries if e.value == "*")
                yield Violation(
                    entry.pointer,
                    f"any principal in any AWS account may {actions} "
                    "(no aws:PrincipalOrgID, aws:PrincipalAccount or aws:PrincipalArn condition)",
                    related=tuple(Related(a.pointer, "granted to everyone") for a in (statement.actions or ())[:1]),
                )
            elif statement.not_principal is not None:
                yield Violation(
                    statement.not_principal.pointer,
                    f"`Allow` with `NotPrincipal` lets every principal except those listed {actions}",
                    key=True,
                )
