from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Severity, Valid, Violation
from lint.iam.risk_findings import risk_violations


class CredentialsExposure(Check):
    """Grants actions that create or return credentials.

    ## What it does
    Reports `Allow` grants of the credentials-exposure catalogue: creating
    access keys and login profiles, getting session or federation tokens,
    container registry passwords, database credentials, SSO role credentials,
    pushing SSH keys to instances.

    Severity follows the context as for `iam-destructive-action`: specific
    ARNs, guardrail conditions and an SCP in the run that denies the actions
    lower it; an AI identity with no guardrail raises it to critical.

    ## Why is this bad?
    Credentials outlive the session that obtained them and travel: pasted
    into a chat, logged by a tool, kept by an agent. Whoever holds them acts
    as the identity they belong to, often a more powerful one.

    ## Example
    ```json
    {"Effect": "Allow", "Action": "iam:CreateAccessKey", "Resource": "*"}
    ```

    Use instead: access keys only for the caller itself:
    ```json
    {"Effect": "Allow", "Action": "iam:CreateAccessKey",
     "Resource": "arn:aws:iam::*:user/${aws:username}"}
    ```

    ## Remediation
    Scope credential actions to the caller's own identity, prefer roles and
    short-lived sessions, and keep these actions out of agent roles.

    ## References
    - https://github.com/salesforce/cloudsplaining (credentials exposure)
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles
    """

    id = "iam-credentials-exposure"
    name = "Actions that return or create credentials"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = PolicyDocument
    tags = ('iam', 'credentials-exposure')
    cwe = (522,)

    valid = [
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*", "s3:ListAllMyBuckets"], "Resource": "*"}]}'),
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:CreateAccessKey"], "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "*"}]}', note="an unconditional Deny removes the grant"),
    ]
    invalid = [
        Invalid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:CreateAccessKey"], "Resource": "*"}]}', expect=["/Statement/0/Action/0"]),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        from lint.iam.risks import risk_actions

        yield from risk_violations(
            policy, risk_actions("credentials-exposure"), what="credentials exposure", severity=self.severity, any_resource_only=False
        )
