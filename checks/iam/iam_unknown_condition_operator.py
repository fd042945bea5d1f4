from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Severity, Valid, Violation
from lint.document import join
from lint.iam.conditions import operator_problem


class UnknownConditionOperator(Check):
    """A condition operator that AWS does not have.

    ## What it does
    Checks every operator in `Condition` blocks (`StringEquals`,
    `ForAnyValue:StringLike`, `BoolIfExists`…) against the operators IAM
    defines, and suggests the closest one.

    ## Why is this bad?
    AWS rejects the policy when it is created, or, in tooling that does not
    validate, the condition meant to restrict the statement is not what was
    reviewed. A misspelt operator in a guardrail is a guardrail that was never
    there.

    ## Example
    ```json
    {"Condition": {"StringEqual": {"aws:PrincipalOrgID": "o-123"}}}
    ```

    Use instead:
    ```json
    {"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-123"}}}
    ```

    ## Remediation
    Use the suggested operator. `IfExists` may follow any operator but
    `Null`; `ForAllValues:` and `ForAnyValue:` prefix operators on
    multi-valued keys.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
    """

    id = "iam-unknown-condition-operator"
    name = "Unknown condition operator"
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    judges_generated = False
    subject = PolicyDocument
    tags = ("iam", "validity")
    cwe = (1284,)

    valid = [
        Valid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*", "Condition": '
            '{"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}, "ForAnyValue:StringLike": {"aws:TagKeys": "x*"}}}]}'
        ),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", '
            '"Condition": {"StringEqual": {"aws:PrincipalOrgID": "o-123"}, "NullIfExists": {"aws:TokenIssueTime": "true"}}}]}',
            expect=["/Statement/0/Condition/StringEqual", "/Statement/0/Condition/NullIfExists"],
            messages=["did you mean `StringEquals`", "`Null` cannot take `IfExists`"],
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        for statement in policy.statements:
            for operator in statement.conditions:
                problem = operator_problem(operator)
                if problem:
                    yield Violation(join(statement.element("Condition"), operator), problem, key=True)
