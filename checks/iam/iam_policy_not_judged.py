from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.iam import UnjudgedPolicy


class PolicyNotJudged(Check):
    """A policy whose value is computed where it is written, so it was not judged.

    ## What it does
    Lists every policy-bearing attribute of Terraform, CloudFormation and SAM
    resources (a role's trust policy, `aws_iam_policy.policy`, a bucket
    policy, `AWS::IAM::Policy` `PolicyDocument`, ...) whose value the file does
    not fix: a variable, another module's output, a function scopelint does
    not evaluate, a CloudFormation `!If` or `!Ref` to a parameter. Statements
    of a literal policy that are themselves computed are listed the same way.
    The finding is informational: it does not fail a run at the default
    `--fail-on medium`.

    ## Why is this bad?
    A linter that skips what it cannot read in silence lets a reader believe
    the file was judged. The computed policy may grant anything; this finding
    says where the review has to be done by hand, or where linting the plan
    (`terraform show -json`) or the synthesized template would see the value.

    ## Example
    ```hcl
    resource "aws_iam_policy" "deploy" {
      policy = var.deploy_policy_json
    }
    ```

    ## Remediation
    Write the policy where the resource is declared (`jsonencode({...})`, a
    `data "aws_iam_policy_document"` in the same module, a heredoc), or lint
    the rendered form as well: `terraform show -json plan.out > plan.json`,
    `cdk synth`, `sam build`.

    ## References
    - https://developer.hashicorp.com/terraform/internals/json-format
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
    """

    id = "iam-policy-not-judged"
    name = "Policy computed at deploy time, not judged"
    severity = Severity.INFO
    confidence = Confidence.HIGH
    subject = UnjudgedPolicy
    tags = ("iam", "coverage")

    valid = [
        Valid(
            'resource "aws_iam_policy" "read" {\n'
            '  policy = jsonencode({\n'
            '    Version = "2012-10-17"\n'
            '    Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::reports/*" }]\n'
            "  }\n"
            "  )\n"
            "}\n",
            path="main.tf",
            note="a line break before the closing parenthesis of `jsonencode` is still a literal policy",
        ),
        Valid(
            'resource "aws_iam_policy" "read" {\n'
            '  policy = (jsonencode({ Statement = [{ Effect = "Allow", Action = concat(["s3:GetObject"], ["s3:ListBucket"]),'
            ' Resource = tolist(["arn:aws:s3:::reports"]) }] }))\n'
            "}\n",
            path="main.tf",
            note="parentheses, `concat` and `tolist` of literal lists are read",
        ),
    ]
    invalid = [
        Invalid(
            'resource "aws_iam_policy" "deploy" {\n  policy = var.deploy_policy_json\n}\n',
            path="main.tf",
            expect=["/resource/aws_iam_policy/deploy/policy"],
            messages=["not judged: computed `policy` of `aws_iam_policy.deploy`", "var.deploy_policy_json"],
        ),
        Invalid(
            'resource "aws_iam_policy" "deploy" {\n'
            '  policy = jsonencode({ Version = "2012-10-17", Statement = concat(local.base, [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }]) })\n'
            "}\n",
            path="main.tf",
            expect=["/resource/aws_iam_policy/deploy/policy/Statement"],
            messages=["`Statement` of `aws_iam_policy.deploy`"],
        ),
        Invalid(
            "Parameters:\n  Policy: {Type: String}\nResources:\n  Deploy:\n    Type: AWS::IAM::ManagedPolicy\n"
            "    Properties:\n      PolicyDocument: !Ref Policy\n",
            path="template.yaml",
            expect=["/Resources/Deploy/Properties/PolicyDocument"],
            messages=["`PolicyDocument` of `Deploy`"],
        ),
    ]

    def check(self, subject: UnjudgedPolicy) -> Iterator[Violation]:
        yield Violation(
            subject.pointer,
            f"not judged: computed {subject.what} (`{subject.expression}`): permissions known only at deploy",
        )
