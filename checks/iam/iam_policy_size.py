from __future__ import annotations

import json
import re
from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Severity, Valid, Violation
from lint.subjects.iam import PolicyKind

#: Size quotas in characters, not counting whitespace (IAM and Organizations quotas).
QUOTAS = {
    PolicyKind.IDENTITY: (6144, "a managed policy"),
    PolicyKind.BOUNDARY: (6144, "a managed policy used as a permissions boundary"),
    PolicyKind.TRUST: (2048, "a role trust policy (default quota; raisable to 4,096)"),
    PolicyKind.SCP: (5120, "a service control policy"),
    PolicyKind.RCP: (5120, "a resource control policy"),
}


class PolicySize(Check):
    """A policy larger than AWS accepts for its kind.

    ## What it does
    Measures the policy as AWS does (characters of its JSON, not counting
    whitespace) and compares it with the quota for its kind: 6,144 for
    managed policies and permissions boundaries, 2,048 for role trust
    policies (the default quota), 5,120 for SCPs and RCPs.

    ## Why is this bad?
    AWS refuses the policy (`LimitExceeded`), so the deployment fails, often
    only in the account where the last statement was added. Policies near the
    limit are usually ones that grew by copy and paste and grant more than
    anyone reviewed.

    ## Example
    A managed policy listing hundreds of single-resource statements.

    ## Remediation
    Merge statements that share actions, use wildcards in resource ARNs
    where a naming convention allows, or split the policy into several
    managed policies attached to the same role.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length
    - https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
    """

    id = "iam-policy-size"
    name = "Policy over its size quota"
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    judges_generated = False
    subject = PolicyDocument
    tags = ("iam", "validity")

    valid = [Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}')]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": ['
            + ", ".join(f'"arn:aws:s3:::bucket-{i:04d}/*"' for i in range(260))
            + "]}]}",
            expect=["1:1"],
            messages=["6,144"],
        )
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        quota = QUOTAS.get(policy.kind)
        if quota is None:
            return
        limit, what = quota
        size = policy_size(policy.raw)
        if size > limit:
            yield Violation(
                policy.pointer,
                f"policy is {size:,} characters without whitespace; AWS accepts at most {limit:,} for {what}",
            )


_WHITESPACE = re.compile(r"\s")


def policy_size(document: object) -> int:
    """Characters of the policy's JSON, not counting whitespace, which is what AWS counts."""
    compact = json.dumps(document, separators=(",", ":"), ensure_ascii=False, default=str)
    if compact.isascii():  # JSON escapes control characters: the only ASCII blank left is the space
        return len(compact) - compact.count(" ")
    return len(compact) - len(_WHITESPACE.findall(compact))
