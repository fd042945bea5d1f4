from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Severity, Valid, Violation
from lint.subjects.iam import PolicyKind

#: Elements each policy kind must not have, and why.
FORBIDDEN = {
    PolicyKind.IDENTITY: {"Principal": "identity policies apply to the identity they are attached to", "NotPrincipal": "identity policies apply to the identity they are attached to"},
    PolicyKind.BOUNDARY: {"Principal": "permissions boundaries have no principal", "NotPrincipal": "permissions boundaries have no principal"},
    PolicyKind.SCP: {"Principal": "SCPs apply to every principal of the accounts they are attached to", "NotPrincipal": "SCPs apply to every principal of the accounts they are attached to"},
    PolicyKind.TRUST: {"Resource": "a trust policy's resource is the role itself", "NotResource": "a trust policy's resource is the role itself"},
}


class InvalidStatement(Check):
    """A statement AWS rejects: bad `Effect`, or elements that cannot go together.

    ## What it does
    Reports statements with an `Effect` other than `Allow` or `Deny`, with
    both `Action` and `NotAction` (or both `Resource` and `NotResource`,
    `Principal` and `NotPrincipal`), with neither `Action` nor `NotAction`,
    without a resource in identity policies, and elements the policy's kind
    does not allow: a `Principal` in an identity policy, SCP or permissions
    boundary, a `Resource` in a trust policy.

    ## Why is this bad?
    AWS refuses such a policy (`MalformedPolicyDocument`), so the change
    fails at deploy time; where a tool forgives it, what was reviewed is not
    what runs. A `Principal` in an identity policy usually means a resource
    policy was pasted in the wrong place.

    ## Example
    ```json
    {"Effect": "allow", "Action": "s3:GetObject", "NotAction": "s3:PutObject", "Resource": "*"}
    ```

    ## Remediation
    Use `Allow` or `Deny` (capitalised), one of each element pair, and the
    elements the policy's kind takes.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
    """

    id = "iam-invalid-statement"
    name = "Statement AWS rejects"
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    judges_generated = False
    subject = PolicyDocument
    tags = ("iam", "validity")
    cwe = (1284,)

    valid = [
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, '
            '"Action": "sts:AssumeRole"}]}'
        ),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "allow", "Action": "s3:GetObject", "NotAction": "s3:PutObject", '
            '"Resource": "*"}]}',
            expect=["/Statement/0/Effect", "/Statement/0/NotAction"],
            messages=["`Effect` must be `Allow` or `Deny`", "both `Action` and `NotAction`"],
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*"}, {"Effect": "Allow", "Action": "s3:ListBucket"}]}',
            expect=["/Statement/0", "/Statement/1"],
            messages=["neither `Action` nor `NotAction`", "no `Resource`"],
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, '
            '"Action": "sts:AssumeRole", "Resource": "*"}]}',
            path="roles/app-trust.json",
            expect=["/Statement/0"],
            note="a resource policy for sts:AssumeRole: the Resource gives it away as a misplaced trust policy",
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        for statement in policy.statements:
            raw = statement.raw
            if "Effect" not in raw:
                yield Violation(statement.pointer, "statement has no `Effect` (`Allow` or `Deny`)")
            elif statement.effect not in ("Allow", "Deny"):
                yield Violation(statement.element("Effect"), f"`Effect` must be `Allow` or `Deny`, not `{raw['Effect']}`")
            for a, b in (("Action", "NotAction"), ("Resource", "NotResource"), ("Principal", "NotPrincipal")):
                if a in raw and b in raw:
                    yield Violation(statement.element(b), f"statement has both `{a}` and `{b}`; AWS allows one of them", key=True)
            if "Action" not in raw and "NotAction" not in raw:
                yield Violation(statement.pointer, "statement has neither `Action` nor `NotAction`")
            if policy.kind in (PolicyKind.IDENTITY, PolicyKind.BOUNDARY) and "Resource" not in raw and "NotResource" not in raw:
                yield Violation(statement.pointer, f"statement in a{'n identity policy' if policy.kind is PolicyKind.IDENTITY else ' permissions boundary'} has no `Resource`")
            for element, why in FORBIDDEN.get(policy.kind, {}).items():
                if element in raw:
                    yield Violation(statement.element(element), f"`{element}` is not allowed here: {why}", key=True)
            if policy.kind is PolicyKind.RESOURCE and _looks_like_misplaced_trust(statement):
                yield Violation(
                    statement.pointer,
                    "statement grants `sts:AssumeRole` to a principal on a `Resource`: trust policies take no `Resource`",
                )


def _looks_like_misplaced_trust(statement) -> bool:
    actions = [a.value.lower() for a in statement.actions or ()]
    return bool(actions) and all(a.startswith("sts:assumerole") for a in actions) and statement.has("Resource")
