from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Severity, Valid, Violation
from lint.iam.risk_findings import risk_violations


class ResourceExposure(Check):
    """Grants actions that change who may access resources.

    ## What it does
    Reports `Allow` grants of the resource-exposure catalogue: writing
    bucket, key, queue, topic, secret and repository policies, ACLs, Lambda
    permissions, KMS grants, snapshot and image sharing, RAM shares, removing
    S3 public access blocks, rewriting role trust policies.

    Severity follows the context as for `iam-destructive-action`: specific
    ARNs, guardrail conditions and an SCP in the run that denies the actions
    lower it; an AI identity with no guardrail raises it to critical.

    ## Why is this bad?
    Whoever may rewrite a resource policy may make the resource public or
    share it with another account, and so grant access the identity itself
    never had.

    ## Example
    ```json
    {"Effect": "Allow", "Action": "s3:PutBucketPolicy", "Resource": "*"}
    ```

    ## Remediation
    Manage resource policies through reviewed infrastructure code, not from
    workload or agent roles; scope what remains to the identity's own
    resources.

    ## References
    - https://github.com/salesforce/cloudsplaining (resource exposure)
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary-access-level-summaries.html#access_policies_access-level
    """

    id = "iam-resource-exposure"
    name = "Resource policies and ACLs may be rewritten"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = PolicyDocument
    tags = ('iam', 'resource-exposure')
    cwe = (732,)

    valid = [
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*", "s3:ListAllMyBuckets"], "Resource": "*"}]}'),
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:PutBucketPolicy"], "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "*"}]}', note="an unconditional Deny removes the grant"),
    ]
    invalid = [
        Invalid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:PutBucketPolicy"], "Resource": "*"}]}', expect=["/Statement/0/Action/0"]),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        from lint.iam.risks import risk_actions

        yield from risk_violations(
            policy, risk_actions("resource-exposure"), what="resource-exposure", severity=self.severity, any_resource_only=False
        )
