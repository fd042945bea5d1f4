from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Severity, Valid, Violation
from lint.iam.risk_findings import risk_violations


class DestructiveAction(Check):
    """Grants actions that destroy data or infrastructure.

    ## What it does
    Expands every `Action` (and inverts every `NotAction`) of the policy's
    `Allow` statements against the AWS action catalogue and reports the
    actions of scopelint's curated destructive catalogue: deleting databases,
    tables, buckets, objects, volumes, snapshots and backups, terminating
    instances, purging queues, scheduling KMS key deletion, disabling
    deletion protection, deleting stacks, clusters and hosted zones. The
    catalogue is data (`lint/iam/data/risk-actions.yaml`), each entry with
    what it destroys. Actions removed by an unconditional `Deny` in the same
    policy are not reported.

    Context changes the severity: resources scoped to specific ARNs lower
    it, guardrail conditions (MFA, `aws:CalledVia`, resource tags, VPC
    endpoint) lower it, and an AI identity (see `[tool.scopelint.ai-identities]`
    and `trust-ai-service-principal`) with no guardrail raises it to critical.
    A service control policy scanned in the same run (a file under `scps/`,
    or named `scp*`) that denies every reported action lowers the finding
    and is shown as evidence; it never removes it, because which accounts
    the SCP is attached to is not in the repository.

    ## Why is this bad?
    One call is enough to lose production data, and many of these actions
    have no undo. An identity that a person, a pipeline and an AI agent all
    use holds this power for all of them: an agent that decides to "delete
    and recreate the environment" needs nothing else.

    ## Example
    ```json
    {"Effect": "Allow", "Action": ["rds:*", "dynamodb:DeleteTable"], "Resource": "*"}
    ```

    Use instead: the non-destructive actions, and deletion only through a
    reviewed pipeline role:
    ```json
    {"Effect": "Allow", "Action": ["rds:Describe*", "rds:ModifyDBInstance"],
     "Resource": "arn:aws:rds:eu-west-1:123456789012:db:orders"}
    ```

    ## Remediation
    Remove destructive actions from roles that agents, developers or CI jobs
    use day to day. Where deletion is needed, give it to a separate role
    that requires MFA or is assumed only by an approved deployment, and add
    an explicit `Deny` (or an SCP) for production data stores.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
    - https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_examples.html
    """

    id = "iam-destructive-action"
    name = "Destructive or data-loss actions allowed"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = PolicyDocument
    tags = ('iam', 'destructive')
    cwe = (284,)

    valid = [
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["ec2:Describe*", "s3:ListAllMyBuckets"], "Resource": "*"}]}'),
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["rds:DeleteDBCluster", "rds:DescribeDBClusters"], "Resource": "*"}, {"Effect": "Deny", "Action": "*", "Resource": "*"}]}', note="an unconditional Deny removes the grant"),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["rds:DeleteDBCluster", "rds:DescribeDBClusters"], "Resource": "*"}]}',
            expect=["/Statement/0/Action/0"],
            messages=["allows 1 destructive action: `rds:DeleteDBCluster` on any resource"],
            severity=Severity.HIGH,
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": ["iam:*", "organizations:*"], "Resource": "*"}]}',
            expect=["/Statement/0/NotAction"],
            messages=["destructive actions"],
            note="NotAction grants every destructive action outside the two excluded services",
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:DeleteTable", "Resource": "*"}]}',
            path="agents/ops-agent.json",
            config={"ai-identities": {"paths": ["agents/**"]}},
            expect=["/Statement/0/Action"],
            messages=["granted to an AI identity"],
            severity=Severity.CRITICAL,
            note="the same grant to an agent's identity, with nothing in the way, is critical",
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:DeleteTable", "Resource": "*", '
            '"Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}',
            path="agents/ops-agent.json",
            config={"ai-identities": {"paths": ["agents/**"]}},
            expect=["/Statement/0/Action"],
            messages=["limited: requires MFA"],
            severity=Severity.MEDIUM,
            note="an MFA condition puts a person back in the loop",
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "rds:DeleteDBInstance", '
            '"Resource": "arn:aws:rds:eu-west-1:123456789012:db:scratch"}]}',
            expect=["/Statement/0/Action"],
            severity=Severity.MEDIUM,
            note="scoped to one database: still destructive, less so",
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": "*", '
            '"Condition": {"StringEquals": {"aws:ResourceTag/env": "dev"}}}]}',
            expect=["/Statement/0/Action"],
            messages=["limited: only on tagged resources"],
            severity=Severity.MEDIUM,
            note="a tag condition the identity cannot defeat limits the blast radius",
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": "*", '
            '"Condition": {"StringEquals": {"aws:ResourceTag/env": "dev"}}},\n'
            ' {"Effect": "Allow", "Action": "ec2:CreateTags", "Resource": "*"}]}',
            expect=["/Statement/0/Action"],
            severity=Severity.HIGH,
            note="the identity may tag any instance `env=dev` itself, then terminate it: the condition is no guardrail",
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ec2:TerminateInstances", "Resource": "*", '
            '"Condition": {"StringNotEquals": {"aws:ResourceTag/env": "prod"}}}]}',
            expect=["/Statement/0/Action"],
            severity=Severity.HIGH,
            note="`StringNotEquals` on a tag passes every untagged instance",
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        from lint.iam.risks import risk_actions

        yield from risk_violations(
            policy, risk_actions("destructive"), what="destructive", severity=self.severity, any_resource_only=False
        )
