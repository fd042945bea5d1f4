from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, IamIdentity, Invalid, Related, Severity, Valid, Violation
from lint.subjects.identity import ADMIN_GRADE_MANAGED, aws_managed_name

#: AWS managed policies that hand over an account, and what they amount to.
MEANING = {
    "administratoraccess": (Severity.CRITICAL, "full administrator access"),
    "awsmcpserviceactionsfullaccess": (Severity.CRITICAL, "every action through the AWS MCP server"),
    "poweruseraccess": (Severity.HIGH, "every action but IAM and Organizations, destructive ones included"),
    "iamfullaccess": (Severity.HIGH, "every IAM action, so any permission it wants"),
}


class ManagedAdminAttachment(Check):
    """A role, user, group or function attaches an administrator-grade AWS managed policy.

    ## What it does
    Reports `ManagedPolicyArns` entries (and SAM `Policies` names) that
    attach `AdministratorAccess`, `PowerUserAccess`, `IAMFullAccess` or
    `AWSMcpServiceActionsFullAccess`, at the entry that attaches it. The ARN
    may be written with `!Sub arn:${AWS::Partition}:...`. An AI identity
    (a role an AI service may assume, or one named in
    `[tool.scopelint.ai-identities]`) makes every one of them critical.

    ## Why is this bad?
    The policy's text is not in the template, so a reviewer sees one short
    line; what it grants is the whole account. An agent's role with
    `PowerUserAccess` may delete every database and stack it can see.

    ## Example
    ```yaml
    OpsAgentRole:
      Type: AWS::IAM::Role
      Properties:
        ManagedPolicyArns:
          - arn:aws:iam::aws:policy/AdministratorAccess
    ```

    ## Remediation
    Attach a customer-managed policy that lists the actions the workload
    needs, on its own resources. Keep administrator access for break-glass
    roles that a person assumes with MFA.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_job-functions.html
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
    """

    id = "iam-managed-admin-attachment"
    name = "Administrator-grade AWS managed policy attached"
    severity = Severity.CRITICAL
    confidence = Confidence.HIGH
    subject = IamIdentity
    tags = ("iam", "breadth")
    cwe = (269,)
    example_path = "template.yaml"

    valid = [
        Valid(
            "Resources:\n"
            "  ReadRole:\n"
            "    Type: AWS::IAM::Role\n"
            "    Properties:\n"
            "      ManagedPolicyArns:\n"
            "        - arn:aws:iam::aws:policy/ReadOnlyAccess\n"
            "        - !Ref CustomPolicy\n"
        ),
    ]
    invalid = [
        Invalid(
            "Resources:\n"
            "  OpsRole:\n"
            "    Type: AWS::IAM::Role\n"
            "    Properties:\n"
            "      ManagedPolicyArns:\n"
            "        - arn:aws:iam::aws:policy/ReadOnlyAccess\n"
            "        - !Sub arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess\n",
            expect=["/Resources/OpsRole/Properties/ManagedPolicyArns/1"],
            messages=["role `OpsRole` attaches the AWS managed policy `AdministratorAccess`: full administrator access"],
            severity=Severity.CRITICAL,
        ),
        Invalid(
            "Resources:\n"
            "  AgentRole:\n"
            "    Type: AWS::IAM::Role\n"
            "    Properties:\n"
            "      AssumeRolePolicyDocument:\n"
            "        Version: '2012-10-17'\n"
            "        Statement:\n"
            "          - Effect: Allow\n"
            "            Principal: {Service: bedrock.amazonaws.com}\n"
            "            Action: sts:AssumeRole\n"
            "      ManagedPolicyArns: [arn:aws:iam::aws:policy/PowerUserAccess]\n",
            expect=["/Resources/AgentRole/Properties/ManagedPolicyArns/0"],
            messages=["`PowerUserAccess`", "held by an AI identity"],
            severity=Severity.CRITICAL,
        ),
        Invalid(
            "Transform: AWS::Serverless-2016-10-31\n"
            "Resources:\n"
            "  Cleanup:\n"
            "    Type: AWS::Serverless::Function\n"
            "    Properties:\n"
            "      Policies: [AWSLambdaBasicExecutionRole, IAMFullAccess]\n",
            expect=["/Resources/Cleanup/Properties/Policies/1"],
            messages=["function `Cleanup` attaches the AWS managed policy `IAMFullAccess`"],
            severity=Severity.HIGH,
        ),
    ]

    def check(self, identity: IamIdentity) -> Iterator[Violation]:
        for item in identity.managed_policies:
            name = aws_managed_name(item.value)
            if name is None or name.lower() not in ADMIN_GRADE_MANAGED:
                continue
            severity, meaning = MEANING[name.lower()]
            message = f"{identity.label} attaches the AWS managed policy `{name}`: {meaning}"
            if identity.ai_reason:
                message += "; held by an AI identity"
                severity = Severity.CRITICAL
            related = (Related(item.pointer, f"AI identity: {identity.ai_reason}"),) if identity.ai_reason else ()
            yield Violation(item.pointer, message, severity=severity, related=related)
