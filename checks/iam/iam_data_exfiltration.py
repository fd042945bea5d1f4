from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Severity, Valid, Violation
from lint.iam.risk_findings import risk_violations


class DataExfiltration(Check):
    """Grants reading data or secrets on any resource.

    ## What it does
    Reports `Allow` grants, on `Resource: "*"` (or `NotResource`), of the
    data-exfiltration catalogue: reading S3 objects, secrets, SSM
    parameters, decrypting with KMS, scanning DynamoDB tables, running SQL
    through the RDS Data API. Grants scoped to specific ARNs are not
    reported.

    Severity follows the context as for `iam-destructive-action`: specific
    ARNs, guardrail conditions and an SCP in the run that denies the actions
    lower it; an AI identity with no guardrail raises it to critical.

    ## Why is this bad?
    "Read everything" includes the customer database export, every secret
    and every key material that KMS will decrypt. Read access is where data
    leaks start, and agents read broadly by design.

    ## Example
    ```json
    {"Effect": "Allow", "Action": ["s3:GetObject", "secretsmanager:GetSecretValue"], "Resource": "*"}
    ```

    Use instead:
    ```json
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-reports/*"}
    ```

    ## Remediation
    Scope data reads to the buckets, tables, parameters and secrets the
    identity owns.

    ## References
    - https://github.com/salesforce/cloudsplaining (data exfiltration)
    """

    id = "iam-data-exfiltration"
    name = "Data and secrets readable on any resource"
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    subject = PolicyDocument
    tags = ('iam', 'data-exfiltration')
    cwe = (200,)

    valid = [
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*", "s3:ListAllMyBuckets"], "Resource": "*"}]}'),
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"], "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "*"}]}', note="an unconditional Deny removes the grant"),
    ]
    invalid = [
        Invalid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["secretsmanager:GetSecretValue"], "Resource": "*"}]}', expect=["/Statement/0/Action/0"]),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        from lint.iam.risks import risk_actions

        yield from risk_violations(
            policy, risk_actions("data-exfiltration"), what="data-read", severity=self.severity, any_resource_only=True
        )
