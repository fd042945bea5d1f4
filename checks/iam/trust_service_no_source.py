from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Severity, Valid, Violation
from lint.iam.trust import has_any_key
from lint.subjects.iam import PolicyKind

#: Services that receive the role from a principal who passes it (iam:PassRole guards them),
#: or act only for the account's own resources: the confused-deputy condition adds nothing.
PASSED_ROLE_SERVICES = {
    "ec2.amazonaws.com",
    "lambda.amazonaws.com",
    "ecs-tasks.amazonaws.com",
    "eks.amazonaws.com",
    "eks-fargate-pods.amazonaws.com",
    "edgelambda.amazonaws.com",
    "pods.eks.amazonaws.com",
    "glue.amazonaws.com",
    "states.amazonaws.com",
    "codebuild.amazonaws.com",
    "batch.amazonaws.com",
    "build.apprunner.amazonaws.com",
    "tasks.apprunner.amazonaws.com",
}
SOURCE_KEYS = {"aws:sourcearn", "aws:sourceaccount", "aws:sourceorgid", "aws:sourceorgpaths"}


class ServiceNoSource(Check):
    """A service may assume the role on behalf of any account (confused deputy).

    ## What it does
    Finds trust policies that admit an AWS service principal
    (`*.amazonaws.com`) with no `aws:SourceArn`, `aws:SourceAccount` or
    `aws:SourceOrgID` condition. Services to which the role is passed by
    your own principals (EC2, Lambda, ECS tasks…) are exempt: `iam:PassRole`
    guards them.

    ## Why is this bad?
    A service that acts across accounts (S3 replication, SNS, CloudTrail,
    Config, Bedrock…) can be asked by another AWS customer to act with your
    role: the confused-deputy problem. The source conditions make the
    service prove the request comes from your resource.

    ## Example
    ```json
    {"Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"},
     "Action": "sts:AssumeRole"}
    ```

    Use instead:
    ```json
    {"Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"},
     "Action": "sts:AssumeRole",
     "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"},
                   "ArnLike": {"aws:SourceArn": "arn:aws:bedrock:eu-west-1:123456789012:agent/*"}}}
    ```

    ## Remediation
    Add `aws:SourceAccount` (your account) and, where the service sets it,
    `aws:SourceArn` (the resource that uses the role).

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html#cross-service-confused-deputy-prevention
    """

    id = "trust-service-no-source"
    name = "Service trust without source account or ARN"
    severity = Severity.LOW
    confidence = Confidence.MEDIUM
    subject = PolicyDocument
    tags = ("iam", "trust")
    cwe = (441,)

    valid = [
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, '
            '"Action": "sts:AssumeRole"}]}'
        ),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "bedrock.amazonaws.com"}, '
            '"Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}]}'
        ),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": ["lambda.amazonaws.com", '
            '"bedrock-agentcore.amazonaws.com"]}, "Action": "sts:AssumeRole"}]}',
            expect=["/Statement/0/Principal/Service/1"],
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        if policy.kind is not PolicyKind.TRUST:
            return
        for statement in policy.allow_statements:
            if statement.principal is None or has_any_key(statement, SOURCE_KEYS):
                continue
            for entry in statement.principal.of_type("Service"):
                if entry.value.lower() in PASSED_ROLE_SERVICES:
                    continue
                yield Violation(
                    entry.pointer,
                    f"`{entry.value}` may assume this role for any account's resources "
                    "(no `aws:SourceAccount` or `aws:SourceArn` condition)",
                )
