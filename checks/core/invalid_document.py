from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.base import InvalidDocument as InvalidDocumentSubject


class InvalidDocument(Check):
    """A file scopelint must read is malformed or has the wrong shape.

    ## What it does
    Reports files at known configuration locations, or files whose content
    looks like a policy, that cannot be parsed (invalid JSON or YAML, bytes
    that are not UTF-8, too deeply nested, alias bombs, too large) or whose
    structure is not what the format requires (a `Statement` that is a string,
    an unknown statement element, a permission rule that is not a string). The
    finding points at the parser's line and column, or at the element at fault.

    ## Why is this bad?
    What scopelint cannot read it cannot check: a broken file hides whatever
    permissions it grants. AWS and the agents themselves reject or silently
    ignore malformed documents, so the file probably does not do what its
    author meant either.

    ## Example
    ```json
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",}]}
    ```

    ## Remediation
    Fix the syntax or the shape at the reported position. Validate policies
    with `aws accessanalyzer validate-policy` or your editor's JSON schema.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
    - https://www.rfc-editor.org/rfc/rfc8259
    """

    id = "invalid-document"
    name = "Malformed or wrongly shaped file"
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    subject = InvalidDocumentSubject
    tags = ("core",)
    cwe = (20,)

    valid = [
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}'),
        Valid('{"name": "not a policy", "version": 1}', path="package.json"),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17",\n "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",}]}',
            expect=["2:61"],
        ),
        Invalid('{"Version": "2012-10-17", "Statement": "Allow everything"}', expect=["/Statement"]),
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Actions": "s3:*", "Resource": "*"}]}',
            expect=["/Statement/0/Actions"],
            messages=["did you mean `Action`"],
        ),
        Invalid("Statement:\n  - Effect: Allow\n    Action: [s3:GetObject\n", expect=["4:1"], path="policy.yaml"),
        Invalid('{"permissions": {"allow": "Bash"}}', expect=["/permissions/allow"], path=".claude/settings.json"),
        Invalid("[1, 2", expect=["1:6"], path=".claude/settings.json"),
    ]

    def check(self, subject: InvalidDocumentSubject) -> Iterator[Violation]:
        problem = subject.problem
        at = problem.span if problem.span is not None else (problem.pointer or "")
        yield Violation(at, problem.message, key=problem.key)
