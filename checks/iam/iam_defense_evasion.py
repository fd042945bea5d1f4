from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Severity, Valid, Violation
from lint.iam.risk_findings import risk_violations


class DefenseEvasion(Check):
    """Grants actions that stop or delete audit logging and threat detection.

    ## What it does
    Reports `Allow` grants of the defense-evasion catalogue: stopping or
    deleting CloudTrail trails, deleting GuardDuty detectors, stopping AWS
    Config recorders, disabling Security Hub, Macie, Inspector or Access
    Analyzer, deleting CloudWatch log groups or shortening their retention,
    disabling alarms.

    Severity follows the context as for `iam-destructive-action`: specific
    ARNs, guardrail conditions and an SCP in the run that denies the actions
    lower it; an AI identity with no guardrail raises it to critical.

    ## Why is this bad?
    These actions erase the record of what happened and blind the teams
    that would notice it. An attacker uses them first; an agent cleaning up
    "noise" can do the same by accident.

    ## Example
    ```json
    {"Effect": "Allow", "Action": ["cloudtrail:StopLogging", "logs:DeleteLogGroup"], "Resource": "*"}
    ```

    ## Remediation
    Keep these actions out of workload, developer and agent roles; manage
    trails and detectors from a security account, and deny them with an SCP.

    ## References
    - https://attack.mitre.org/techniques/T1562/008/
    - https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html
    """

    id = "iam-defense-evasion"
    name = "Audit logging and threat detection may be switched off"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = PolicyDocument
    tags = ('iam', 'defense-evasion')
    cwe = (778,)

    valid = [
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*", "s3:ListAllMyBuckets"], "Resource": "*"}]}'),
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["cloudtrail:StopLogging", "cloudtrail:LookupEvents"], "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "*"}]}', note="an unconditional Deny removes the grant"),
    ]
    invalid = [
        Invalid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["cloudtrail:StopLogging", "cloudtrail:LookupEvents"], "Resource": "*"}]}', expect=["/Statement/0/Action/0"]),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        from lint.iam.risks import risk_actions

        yield from risk_violations(
            policy, risk_actions("defense-evasion"), what="defense-evasion", severity=self.severity, any_resource_only=False
        )
