"""A Lambda permission (`AWS::Lambda::Permission`, `aws_lambda_permission`) as the resource-policy
statement AWS adds to the function, so resource-policy checks judge it like any other.

Each element of the statement is located at the property that sets it.
"""

from __future__ import annotations

import re

from lint.document import Document, MappedDocument
from lint.subjects.iam import PolicyDocument, PolicyKind

_ACCOUNT = re.compile(r"^\d{12}$")


def permission_policy(
    document: Document,
    name: str,
    values: dict[str, str | None],
    pointers: dict[str, str],
    resource_pointer: str,
) -> PolicyDocument | None:
    """`values` / `pointers` by role: principal, action, source_arn, source_account, principal_org_id.

    Returns None when the principal or the action is not fixed by the code.
    """
    principal, action = values.get("principal"), values.get("action")
    if not principal or not action:
        return None
    if principal == "*":
        written: object = "*"
        principal_pointer = {"/Statement/0/Principal": pointers["principal"]}
    else:
        kind = "AWS" if _ACCOUNT.match(principal) or principal.startswith("arn:") else "Service"
        value = f"arn:aws:iam::{principal}:root" if _ACCOUNT.match(principal) else principal
        written = {kind: [value]}
        principal_pointer = {
            "/Statement/0/Principal": pointers["principal"],
            f"/Statement/0/Principal/{kind}/0": pointers["principal"],
        }
    statement: dict[str, object] = {"Effect": "Allow", "Principal": written, "Action": action, "Resource": "*"}
    mapping = {
        "": resource_pointer,
        "/Statement": resource_pointer,
        "/Statement/0": resource_pointer,
        "/Statement/0/Action": pointers["action"],
        "/Statement/0/Resource": resource_pointer,
        **principal_pointer,
    }
    conditions: dict[str, dict[str, str]] = {}
    for role, operator, key in (
        ("source_arn", "ArnLike", "aws:SourceArn"),
        ("source_account", "StringEquals", "aws:SourceAccount"),
        ("principal_org_id", "StringEquals", "aws:PrincipalOrgID"),
    ):
        value = values.get(role)
        if value:
            conditions.setdefault(operator, {})[key] = value
            mapping[f"/Statement/0/Condition/{operator}"] = pointers[role]
            mapping[f"/Statement/0/Condition/{operator}/{key.replace('/', '~1')}"] = pointers[role]
    if conditions:
        statement["Condition"] = conditions
        mapping["/Statement/0/Condition"] = resource_pointer
    data = {"Version": "2012-10-17", "Statement": [statement]}
    return PolicyDocument(MappedDocument(document, data, mapping), "", PolicyKind.RESOURCE, name)
