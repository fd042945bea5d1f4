from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Severity, Valid, Violation
from lint.iam.risk_findings import risk_violations


class PermissionsBoundaryRemoval(Check):
    """Grants removing or replacing permissions boundaries.

    ## What it does
    Reports `Allow` grants of `iam:DeleteRolePermissionsBoundary`,
    `iam:DeleteUserPermissionsBoundary`, `iam:PutRolePermissionsBoundary`
    and `iam:PutUserPermissionsBoundary`.

    Severity follows the context as for `iam-destructive-action`: specific
    ARNs, guardrail conditions and an SCP in the run that denies the actions
    lower it; an AI identity with no guardrail raises it to critical.

    ## Why is this bad?
    A permissions boundary is the ceiling that keeps delegated
    administrators and automation below full power. Whoever may remove or
    replace it may lift the ceiling on itself.

    ## Example
    ```json
    {"Effect": "Allow", "Action": "iam:DeleteRolePermissionsBoundary", "Resource": "*"}
    ```

    ## Remediation
    Never grant these actions to the identities a boundary constrains;
    require `iam:PermissionsBoundary` conditions on role creation instead.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
    """

    id = "iam-permissions-boundary-removal"
    name = "Permissions boundaries may be removed or replaced"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = PolicyDocument
    tags = ('iam', 'privilege-escalation')
    cwe = (269,)

    valid = [
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*", "s3:ListAllMyBuckets"], "Resource": "*"}]}'),
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:DeleteRolePermissionsBoundary"], "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "*"}]}', note="an unconditional Deny removes the grant"),
    ]
    invalid = [
        Invalid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:DeleteRolePermissionsBoundary"], "Resource": "*"}]}', expect=["/Statement/0/Action/0"]),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        from lint.iam.risks import risk_actions

        yield from risk_violations(
            policy, risk_actions("permissions-boundary-removal"), what="permissions-boundary", severity=self.severity, any_resource_only=False
        )
