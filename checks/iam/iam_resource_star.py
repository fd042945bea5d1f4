from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from lint import Check, Confidence, Invalid, PolicyDocument, Related, Severity, Valid, Violation
from lint.iam.grants import name_actions
from lint.messages import first_fitting
from lint.subjects.iam import PolicyKind

#: Access levels whose actions change things; reads on "*" are reported by iam-data-exfiltration.
CHANGING = {"Write", "Permissions management", "Tagging"}


@lru_cache(maxsize=32768)
def _scopable(pattern: str) -> frozenset[str]:
    """The changing actions an `Action` entry names that accept resource ARNs (entries repeat across policies)."""
    from lint.iam import catalog

    return frozenset(info.full_name for info in catalog.expand(pattern) if not info.requires_star and info.levels & CHANGING)


class ResourceStar(Check):
    """Actions that could be scoped to resources are granted on `Resource: "*"`.

    ## What it does
    Finds `Allow` statements with `Resource: "*"` that grant write,
    permissions-management or tagging actions which accept resource ARNs.
    Actions that only work on `"*"` (such as `s3:ListAllMyBuckets` or
    `ec2:DescribeInstances`) are never reported: the catalogue knows which
    actions take resource types. Statements that allow every action are left
    to `iam-admin-wildcard`.

    ## Why is this bad?
    `*` reaches every resource of the service in every account the identity
    can act in, including resources created later and other teams'. A
    deployment role that writes to "its" bucket with `Resource: "*"` can
    write to the audit bucket too.

    ## Example
    ```json
    {"Effect": "Allow", "Action": ["s3:PutObject", "sqs:SendMessage"], "Resource": "*"}
    ```

    Use instead:
    ```json
    {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::acme-uploads/*"},
    {"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:eu-west-1:123456789012:jobs"}
    ```

    ## Remediation
    Replace `*` with the ARNs (or ARN patterns following your naming
    convention) of the resources the identity works on.

    ## References
    - https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
    - https://github.com/duo-labs/parliament (RESOURCE_STAR)
    """

    id = "iam-resource-star"
    name = "Scopable actions granted on every resource"
    severity = Severity.LOW
    confidence = Confidence.HIGH
    judges_generated = False
    subject = PolicyDocument
    tags = ("iam", "least-privilege")
    cwe = (732,)

    valid = [
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:ListAllMyBuckets", "ec2:DescribeInstances"], "Resource": "*"}]}'),
        Valid('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::b/*"}]}'),
    ]
    invalid = [
        Invalid(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:PutObject", "s3:ListAllMyBuckets", "sqs:SendMessage"], '
            '"Resource": ["arn:aws:s3:::b/*", "*"]}]}',
            expect=["/Statement/0/Resource/1"],
            messages=["`s3:PutObject`, `sqs:SendMessage`"],
        ),
    ]

    def check(self, policy: PolicyDocument) -> Iterator[Violation]:
        if policy.kind is not PolicyKind.IDENTITY:
            return
        for statement in policy.allow_statements:
            star = next((r for r in statement.resources or () if r.value == "*"), None)
            if star is None or statement.actions is None or any(a.value in ("*", "*:*") for a in statement.actions):
                continue
            scopable = sorted(frozenset().union(*(_scopable(item.value) for item in statement.actions)))
            if scopable:
                head = (
                    f"{len(scopable)} actions that accept resource ARNs are granted on every resource: "
                    if len(scopable) != 1
                    else "1 action that accepts resource ARNs is granted on every resource: "
                )
                yield Violation(
                    star.pointer,
                    first_fitting(head + name_actions(scopable, limit=2), head + name_actions(scopable, limit=1)),
                    related=(Related(statement.element("Action"), "granted actions"),),
                    data={"actions": sorted(scopable)},
                )
