"""IAM in Serverless Framework projects (`serverless.yml`).

The framework builds one role for the service from `provider.iam.role`
(`statements`, `managedPolicies`) or the older `provider.iamRoleStatements` /
`provider.iamManagedPolicies`; the common per-function plugin
(`serverless-iam-roles-per-function`) adds `functions.<name>.iamRoleStatements`.
Statement lists become `PolicyDocument` subjects where they are written (the
framework supplies `Version`); CloudFormation under `resources.Resources` is
read like any template. `${...}` variables stay as written: a resource built
from a variable is never taken for `*`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lint.document import Document, join
from lint.subjects.base import Extractor, Item, Problem, Subject
from lint.subjects import recognizers
from lint.subjects.cloudformation import Template
from lint.subjects.iam import PolicyDocument, PolicyKind, statement_shape_problems
from lint.subjects.identity import IamIdentity, attached_managed_policies


class ServerlessExtractor(recognizers.Serverless, Extractor):
    """`serverless.yml` / `serverless.yaml`."""

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        data = document.data
        if not isinstance(data, dict):
            return
        provider = data.get("provider") if isinstance(data.get("provider"), dict) else {}
        service = data.get("service") if isinstance(data.get("service"), str) else document.path
        role = _dig(provider, "iam", "role")
        role = role if isinstance(role, dict) else {}
        role_name = role.get("name") if isinstance(role.get("name"), str) else f"{service}-lambdaRole"
        label = f"role `{role_name}`" if isinstance(role.get("name"), str) else f"the role of service `{service}`"
        shared = [
            ("/provider/iam/role/statements", role.get("statements")),
            ("/provider/iamRoleStatements", provider.get("iamRoleStatements")),
        ]
        policies: list[PolicyDocument] = []
        for pointer, statements in shared:
            if statements is not None:
                for subject in _statements(document, pointer, statements, role_name):
                    if isinstance(subject, PolicyDocument):
                        policies.append(subject)
                    yield subject
        managed = [
            Item(value, join(pointer, i))
            for pointer, values in (
                ("/provider/iam/role/managedPolicies", role.get("managedPolicies")),
                ("/provider/iamManagedPolicies", provider.get("iamManagedPolicies")),
            )
            if isinstance(values, list)
            for i, value in enumerate(values)
            if isinstance(value, str)
        ]
        identity = IamIdentity(document, "/provider", "role", role_name, managed, label=label)
        identity.identities = (role_name,)
        yield identity
        attached = attached_managed_policies(identity)
        yield from attached
        policies += attached
        if len(policies) > 1:  # the service role's statements and managed policies, judged together
            for policy in policies:
                policy.identity_groups.append((label, tuple(policies)))
        functions = data.get("functions")
        if isinstance(functions, dict):
            for name, function in functions.items():
                if isinstance(function, dict) and "iamRoleStatements" in function:
                    pointer = join("/functions", name, "iamRoleStatements")
                    yield from _statements(document, pointer, function["iamRoleStatements"], f"{name} (function role)")
        resources = data.get("resources")
        if isinstance(resources, dict) and isinstance(resources.get("Resources"), dict):
            yield from Template(document, "/resources").subjects()


def _statements(document: Document, pointer: str, statements: Any, name: str) -> Iterator[Subject | Problem]:
    if not isinstance(statements, list):
        yield Problem("IAM statements must be a list of statements", pointer)
        return
    yield from statement_shape_problems(statements, pointer, intrinsics=True)
    yield PolicyDocument(document, pointer, PolicyKind.IDENTITY, name, statements_only=True, identities=(name,))


def _dig(value: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value
