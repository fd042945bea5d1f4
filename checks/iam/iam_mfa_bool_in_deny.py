from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Severity, Valid, Violation
from lint.document import join
from lint.iam.conditions import split_operator


class MfaBoolInDeny(Check):
    """A `Deny` on `Bool` `aws:MultiFactorAuthPresent: false` that long-term keys slip past.

    ## What it does
    Finds `Deny` statements whose condition is `Bool` (not `BoolIfExists`)
    on `aws:MultiFactorAuthPresent` = `false`.

    ## Why is this bad?
    Requests signed with long-term access keys carry no
    `aws:MultiFactorAuthPresent` key at all. `Bool` on a missing key does not
    match, so the `Deny` does not apply: the "require MFA" guardrail lets
    every access-key caller (scripts, CI jobs, agents) straight through.

    ## Example
    ```json
    {"Effect": "Deny", "Action": "*", "Resource": "*",
     "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}
    ```

    Use instead:
    ```json
    {"Effect": "Deny", "Action": "*", "Resource": "*",
     "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
    ```

    ## Remediation
    Use `BoolIfExists`, which also matches when the key is absent.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-multifactorauthpresent
    """

    id = "iam-mfa-bool-in-deny"
    name = "MFA Deny that long-term keys bypass"
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    judges_generated = False
    subject = PolicyDocument
    tags = ("iam", "validity")
    cwe = (287,)

    valid = [
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", '
            '"Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}]}'
        ),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:StopInstances", "Resource": "*", '
            '"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}'
        ),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "NotAction": "iam:ChangePassword", "Resource": "*", '
            '"Condition": {"Bool": {"aws:multifactorauthpresent": false}}}]}',
            expect=["/Statement/0/Condition/Bool/aws:multifactorauthpresent"],
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        for statement in policy.statements:
            if not statement.is_deny:
                continue
            for operator, block in statement.conditions.items():
                _, base, if_exists = split_operator(operator)
                if base != "Bool" or if_exists or not isinstance(block, dict):
                    continue
                for key, value in block.items():
                    values = value if isinstance(value, list) else [value]
                    if key.lower() == "aws:multifactorauthpresent" and any(str(v).lower() == "false" for v in values):
                        yield Violation(
                            join(statement.element("Condition"), operator, key),
                            f"`{operator}` on `{key}` misses requests signed with long-term access keys (key absent): "
                            "this `Deny` lets them through; use `BoolIfExists`",
                            key=True,
                        )
