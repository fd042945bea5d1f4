"""A CDK stack for a support agent; scopelint reads it without running it."""

from aws_cdk import Stack, aws_iam as iam, aws_s3 as s3
from constructs import Construct


class SupportAgentStack(Stack):
    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        attachments = s3.Bucket(self, "Attachments")
        role = iam.Role(
            self,
            "SupportAgent",
            assumed_by=iam.ServicePrincipal("bedrock.amazonaws.com"),
        )
        attachments.grant_read_write(role)
        role.add_to_policy(iam.PolicyStatement(actions=["ses:SendEmail"], resources=["*"]))
