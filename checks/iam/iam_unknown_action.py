from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Severity, Valid, Violation
from lint.iam import catalog
from lint.subjects.iam import PolicyKind


class UnknownAction(Check):
    """An action or service that AWS does not have, or a wildcard that matches nothing.

    ## What it does
    Looks up every entry of `Action` and `NotAction` in the AWS action
    catalogue and reports each one that names an unknown service prefix, an
    unknown action (with the closest real name), a wildcard that matches no
    action, or text that is not `service:action`. Every such entry is
    reported; the rest of the statement is still checked. Prefixes of
    services AWS has retired (`codestar`, `evidently`, `iotevents`, ...) or
    uses without documenting are named as such, at low severity: they are
    dead weight, not typos.

    ## Why is this bad?
    IAM accepts the policy and silently ignores the entry. A typo in an
    `Allow` breaks the workload in production; a typo in a `Deny` or a
    `NotAction` is worse: the guardrail you wrote does not exist. In an
    `Allow` with `NotAction`, an unknown action excludes nothing, so the
    statement grants everything.

    ## Example
    ```json
    {"Effect": "Deny", "Action": ["s3:DeleteBuckets"], "Resource": "*"}
    ```

    Use instead:
    ```json
    {"Effect": "Deny", "Action": ["s3:DeleteBucket"], "Resource": "*"}
    ```

    ## Remediation
    Use the name the message suggests, or look the action up in the Service
    Authorization Reference. The catalogue's version and date are shown by
    `scopelint --version`; an action newer than the catalogue may need an
    upgrade of scopelint.

    ## References
    - https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_policy-validator.html
    """

    id = "iam-unknown-action"
    name = "Unknown IAM action or service"
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    judges_generated = False
    subject = PolicyDocument
    tags = ("iam", "validity")
    cwe = (1284,)

    valid = [
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": '
            '["s3:GetObject", "bedrock-agentcore:InvokeAgentRuntime", "ec2:Describe*", "*"], "Resource": "*"}]}'
        ),
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "S3:getobject", "Resource": "*"}]}'),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": '
            '["s3:GetObjct", "s3:ListBucket", "s4:GetObject"], "Resource": "*"}]}',
            expect=["/Statement/0/Action/0", "/Statement/0/Action/2"],
            messages=["did you mean `s3:GetObject`", "unknown service `s4`"],
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["codestar:Describe*"], "Resource": "*"}]}',
            expect=["/Statement/0/Action/0"],
            messages=["`codestar` is the retired service AWS CodeStar"],
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:Nuke*", "Resource": "*"}]}',
            expect=["/Statement/0/Action"],
            messages=["matches no action"],
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "NotAction": ["iam:CreateUsr"], "Resource": "*"}]}',
            expect=["/Statement/0/NotAction/0"],
            messages=["excludes nothing"],
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        for statement in policy.statements:
            for key, items in (("Action", statement.actions), ("NotAction", statement.not_actions)):
                for item in items or ():
                    reason = catalog.unknown_reason(item.value)
                    if reason is None:
                        continue
                    message = reason
                    severity = None
                    if catalog.legacy_service(item.value.split(":", 1)[0]):
                        severity = Severity.LOW
                    elif key == "NotAction" and statement.is_allow:
                        message += "; in an `Allow` with `NotAction` it excludes nothing"
                        severity = Severity.HIGH
                    elif statement.is_deny and policy.kind is not PolicyKind.TRUST:
                        message += "; this `Deny` does not block what it names"
                        severity = Severity.HIGH
                    yield Violation(item.pointer, message, severity=severity)
