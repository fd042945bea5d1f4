from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Severity, Valid, Violation
from lint.ai_identity import ai_service
from lint.subjects.iam import PolicyKind


class AiServicePrincipal(Check):
    """The role is an AI identity: an AI service may assume it.

    ## What it does
    Reports trust policies that admit an AI service principal
    (`bedrock.amazonaws.com`, `bedrock-agentcore.amazonaws.com`, Amazon Q,
    SageMaker, the AWS DevOps agent…). The role is then treated as an AI
    identity: destructive or escalation grants to it are critical unless a
    guardrail (MFA, a permissions boundary, tag conditions, an explicit
    `Deny`) limits them.

    ## Why is this bad?
    It is not bad by itself; it is what a reviewer must know. An agent acts
    with this role's permissions on its own initiative: whatever the role may
    delete, the agent may delete without asking anyone.

    ## Example
    ```json
    {"Effect": "Allow", "Principal": {"Service": "bedrock-agentcore.amazonaws.com"},
     "Action": "sts:AssumeRole"}
    ```

    ## Remediation
    Give the role only what the agent's tools need, keep destructive actions
    out of it (or behind a permissions boundary and explicit `Deny`), and list
    the role under `[tool.scopelint.ai-identities]` so its policies are judged
    as an agent's.

    ## References
    - https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/runtime-permissions.html
    - https://docs.aws.amazon.com/bedrock/latest/userguide/agents-permissions.html
    """

    id = "trust-ai-service-principal"
    name = "Role assumable by an AI service"
    severity = Severity.INFO
    confidence = Confidence.HIGH
    subject = PolicyDocument
    tags = ("iam", "ai-identity")

    valid = [
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, '
            '"Action": "sts:AssumeRole"}]}'
        ),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "bedrock-agentcore.amazonaws.com"}, '
            '"Action": "sts:AssumeRole", "Condition": {"StringEquals": {"aws:SourceAccount": "123456789012"}}}]}',
            expect=["/Statement/0/Principal/Service"],
            messages=["Amazon Bedrock AgentCore"],
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        if policy.kind is not PolicyKind.TRUST:
            return
        for statement in policy.allow_statements:
            for entry in statement.principal.of_type("Service") if statement.principal else []:
                service = ai_service(entry.value)
                if service:
                    yield Violation(
                        entry.pointer,
                        f"{service} (`{entry.value}`) may assume this role: an AI identity, "
                        "its permissions are what the agent may do unprompted",
                    )
