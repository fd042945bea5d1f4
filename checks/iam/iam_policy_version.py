from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Severity, Valid, Violation

CURRENT = "2012-10-17"


class PolicyVersion(Check):
    """A policy without `"Version": "2012-10-17"`.

    ## What it does
    Reports policies whose `Version` is missing, the legacy `2008-10-17`,
    or a value AWS does not know.

    ## Why is this bad?
    Without the current version, policy variables such as
    `${aws:username}` are not substituted but compared literally, so a
    statement meant to scope access to the caller's own resources matches a
    literal string instead; newer features are refused. An unknown version is
    rejected outright.

    ## Example
    ```json
    {"Statement": [{"Effect": "Allow", "Action": "s3:*",
                    "Resource": "arn:aws:s3:::home/${aws:username}/*"}]}
    ```

    ## Remediation
    Start every policy with `"Version": "2012-10-17"`.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html
    """

    id = "iam-policy-version"
    name = "Policy without the current Version"
    severity = Severity.LOW
    confidence = Confidence.HIGH
    judges_generated = False
    subject = PolicyDocument
    tags = ("iam", "validity")

    valid = [Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}')]
    invalid = [
        Invalid('{"Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}', expect=["1:1"]),
        Invalid(
            '{"Version": "2008-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}',
            expect=["/Version"],
        ),
        Invalid(
            "Version: 2012-10-18\nStatement: []\n",
            path="policy.yaml",
            expect=["/Version"],
            messages=["unknown policy version `2012-10-18`"],
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        if policy.implicit_version:
            return
        if "Version" not in policy.raw:
            yield Violation(policy.pointer, f'policy has no `Version`: policy variables are not substituted (add `"Version": "{CURRENT}"`)')
            return
        version = policy.raw["Version"]
        pointer = policy.pointer + "/Version"
        if version == "2008-10-17":
            yield Violation(pointer, f"legacy policy version `2008-10-17`: policy variables are not substituted; use `{CURRENT}`")
        elif version != CURRENT:
            yield Violation(pointer, f"unknown policy version `{version}`: AWS rejects it; use `{CURRENT}`", severity=Severity.MEDIUM)
