from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.subjects.iam import PolicyDocument, PolicyKind


class AdminWildcard(Check):
    """Grants every action on every resource: full administrator access.

    ## What it does
    Finds `Allow` statements in identity policies whose `Action` is `*` (or
    `*:*`) and whose `Resource` is `*` (or that use `NotResource`).

    ## Why is this bad?
    Whoever holds this policy can do anything in the account: delete every
    database, disable CloudTrail, create new administrators. An AI agent or CI
    job running with it has no limit on the damage one wrong step can do, and
    no second person needs to approve anything.

    ## Example
    ```json
    {"Effect": "Allow", "Action": "*", "Resource": "*"}
    ```

    Use instead: the actions the workload uses, on the resources it owns:
    ```json
    {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"],
     "Resource": "arn:aws:s3:::app-uploads/*"}
    ```

    ## Remediation
    Replace the wildcard with the actions the identity really calls (IAM
    Access Analyzer's policy generation or CloudTrail history lists them) and
    scope `Resource` to the identity's own resources. Keep break-glass admin
    roles behind MFA and a permissions boundary, outside automation.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege
    - https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html
    """

    id = "iam-admin-wildcard"
    name = "Every action allowed on every resource"
    severity = Severity.CRITICAL
    confidence = Confidence.HIGH
    judges_generated = False
    subject = PolicyDocument
    tags = ("iam", "least-privilege")
    cwe = (269,)

    valid = [
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'),
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}'),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "arn:aws:s3:::b/*"}]}',
            note="scoped to one bucket's objects",
        ),
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}',
            path="scps/full-aws-access.json",
            note="an SCP that allows everything only sets the ceiling",
        ),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}',
            expect=["/Statement/0"],
        ),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Sid": "AllowAllMCPServiceActions", "Effect": "Allow", "Action": ["*"], '
            '"Resource": "*", "Condition": {"Bool": {"aws:IsMcpServiceAction": "true"}}}]}',
            expect=["/Statement/0"],
            messages=["if `aws:IsMcpServiceAction` holds", "held by an AI identity"],
            note="every action an agent calls through the AWS MCP server: a condition that selects the caller is no limit",
        ),
        Invalid(
            '{"Version": "2012-10-17",\n "Statement": {"Effect": "Allow", "Action": ["s3:GetObject", "*:*"], "Resource": ["*"]}}',
            expect=["/Statement"],
        ),
        Invalid(
            "Version: '2012-10-17'\nStatement:\n  - Sid: Ops\n    Effect: Allow\n    Action: '*'\n    NotResource: arn:aws:iam::*:role/breakglass\n",
            expect=["/Statement/0"],
            path="ops-policy.yaml",
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        if policy.kind is not PolicyKind.IDENTITY:
            return
        for statement in policy.allow_statements:
            actions = [a for a in statement.actions or () if a.value in ("*", "*:*")]
            if not actions or not statement.any_resource:
                continue
            if statement.resources is not None:
                resource = next(r for r in statement.resources if r.value == "*")
                scope = Related(resource.pointer, "on every resource")
            else:
                scope = Related(statement.element("NotResource"), "on every resource but these", key=True)
            label = f"`{statement.sid}`" if statement.sid else "`Allow` statement"
            message = f"{label} grants every action (`{actions[0].value}`) on every resource: full administrator access"
            related = [Related(actions[0].pointer, "every action"), scope]
            if statement.conditions:
                keys = sorted({k for block in statement.conditions.values() if isinstance(block, dict) for k in block})
                message += f" if {', '.join(f'`{k}`' for k in keys)} hold{'s' if len(keys) == 1 else ''}"
                related.append(Related(statement.element("Condition"), "the only limit", key=True))
            if policy.ai_reason:
                message += "; held by an AI identity"
                related.append(Related(statement.pointer, f"AI identity: {policy.ai_reason}"))
            yield Violation(statement.pointer, message, related=tuple(related))
