from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, PolicyDocument, Severity, Valid, Violation
from lint.messages import first_fitting
from lint.iam.grants import name_actions
from lint.iam.patterns import split_action
from lint.subjects.iam import PolicyKind

CHANGING = {"Write", "Permissions management"}


class WildcardVerb(Check):
    """A wildcard action name that grants write or permission-changing actions.

    ## What it does
    Finds `Action` entries with a wildcard inside the action name —
    `ec2:Delete*`, `s3:Put*`, `iam:*Policy*`, `*:Create*` — that expand to
    write or permissions-management actions. Read and list wildcards
    (`s3:Get*`, `ec2:Describe*`) are fine; whole-service `svc:*` is
    `iam-service-wildcard`'s. The message names what the wildcard expands to
    today.

    ## Why is this bad?
    A verb wildcard grants every present and future action that starts with
    the verb: `s3:Put*` includes `s3:PutBucketPolicy` (make the bucket
    public) and `s3:PutLifecycleConfiguration` (expire every object);
    `iam:*Policy*` is privilege escalation.

    ## Example
    ```json
    {"Effect": "Allow", "Action": "s3:Put*", "Resource": "arn:aws:s3:::acme-uploads/*"}
    ```

    Use instead:
    ```json
    {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::acme-uploads/*"}
    ```

    ## Remediation
    List the write actions the identity needs by name.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
    """

    id = "iam-wildcard-verb"
    name = "Wildcard action name grants write actions"
    severity = Severity.LOW
    confidence = Confidence.HIGH
    judges_generated = False
    subject = PolicyDocument
    tags = ("iam", "least-privilege")
    cwe = (732,)

    valid = [
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "ec2:Describe*", "s3:List*"], "Resource": "*"}]}'),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:Get*", "s3:Put*", "iam:*Policy*"], "Resource": "*"}]}',
            expect=["/Statement/0/Action/1", "/Statement/0/Action/2"],
            messages=["`s3:Put*` grants", "write and permission-changing"],
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        if policy.kind is not PolicyKind.IDENTITY:
            return
        from lint.iam import catalog

        for statement in policy.allow_statements:
            for item in statement.actions or ():
                if "*" not in item.value and "?" not in item.value:
                    continue  # one action, no wildcard (most entries)
                service, name = split_action(item.value)
                if not service or name == "*" or ("*" not in name and "?" not in name):
                    continue
                changing = [a for a in catalog.expand(item.value) if a.levels & CHANGING]
                if not changing:
                    continue
                permissions = [a.full_name for a in changing if "Permissions management" in a.levels]
                names = permissions + [a.full_name for a in changing if "Permissions management" not in a.levels]
                kind = "write and permission-changing" if permissions else "write"
                yield Violation(
                    item.pointer,
                    first_fitting(*(
                        f"`{item.value}` grants {len(changing)} {kind} action{'s' if len(changing) != 1 else ''}, "
                        f"including {name_actions(names[:count], limit=count)}" for count in (2, 1))),
                    severity=Severity.MEDIUM if permissions else None,
                    data={"actions": names},
                )
