"""Terraform plan JSON (`terraform show -json plan.out`): the policies Terraform is about to apply.

A plan has every value resolved, variables and modules included, but each
policy is a JSON string: a finding points at that string in the plan, and the
message names the resource address. Linting the plan complements linting the
`.tf` source, which cannot see computed values.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from lint.document import Document, MappedDocument, join
from lint.subjects.base import Extractor, Item, Problem, Subject
from lint.subjects import recognizers
from lint.subjects.iam import PolicyDocument, PolicyKind
from lint.subjects.identity import IamIdentity, attached_managed_policies
from lint.subjects.terraform import EXCLUSIVE_ATTACHMENTS, POLICY_ATTRIBUTES


class TerraformPlanExtractor(recognizers.TerraformPlan, Extractor):
    """`terraform show -json` output."""

    def accepts(self, document: Document) -> bool:
        data = document.data
        return isinstance(data, dict) and isinstance(data.get("planned_values"), dict)

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        root = document.data["planned_values"].get("root_module")
        if isinstance(root, dict):
            yield from _module(document, root, "/planned_values/root_module")


def _module(document: Document, module: dict[str, Any], pointer: str) -> Iterator[Subject | Problem]:
    resources = module.get("resources")
    for i, resource in enumerate(resources if isinstance(resources, list) else []):
        if isinstance(resource, dict) and isinstance(resource.get("values"), dict):
            yield from _resource(document, resource, join(pointer, "resources", i))
    children = module.get("child_modules")
    for i, child in enumerate(children if isinstance(children, list) else []):
        if isinstance(child, dict):
            yield from _module(document, child, join(pointer, "child_modules", i))


def _resource(document: Document, resource: dict[str, Any], pointer: str) -> Iterator[Subject | Problem]:
    kind = resource.get("type")
    address = resource.get("address") if isinstance(resource.get("address"), str) else str(kind)
    values = resource["values"]
    at = join(pointer, "values")
    if kind == "aws_iam_role":
        yield from _policy(document, values.get("assume_role_policy"), join(at, "assume_role_policy"), PolicyKind.TRUST, address)
        inline = values.get("inline_policy")
        for i, block in enumerate(inline if isinstance(inline, list) else []):
            if isinstance(block, dict):
                yield from _policy(document, block.get("policy"), join(at, "inline_policy", i, "policy"), PolicyKind.IDENTITY, address)
        arns = values.get("managed_policy_arns")
        managed = [Item(v, join(at, "managed_policy_arns", i)) for i, v in enumerate(arns if isinstance(arns, list) else []) if isinstance(v, str)]
        identity = IamIdentity(document, pointer, "role", address, managed)
        yield identity
        yield from attached_managed_policies(identity)
    elif kind in ("aws_iam_role_policy_attachment", "aws_iam_user_policy_attachment", "aws_iam_group_policy_attachment"):
        arn = values.get("policy_arn")
        if isinstance(arn, str):
            holder = next((values[k] for k in ("role", "user", "group") if isinstance(values.get(k), str)), address)
            identity = IamIdentity(document, pointer, kind.split("_")[2], holder, [Item(arn, join(at, "policy_arn"))])
            yield identity
            yield from attached_managed_policies(identity)
    elif kind in EXCLUSIVE_ATTACHMENTS:
        holder_attribute, identity_kind, arns_attribute = EXCLUSIVE_ATTACHMENTS[kind]
        arns = values.get(arns_attribute)
        managed = [Item(v, join(at, arns_attribute, i)) for i, v in enumerate(arns if isinstance(arns, list) else []) if isinstance(v, str)]
        holder = values.get(holder_attribute) if isinstance(values.get(holder_attribute), str) else address
        identity = IamIdentity(document, pointer, identity_kind, holder, managed)
        yield identity
        yield from attached_managed_policies(identity)
    elif kind in POLICY_ATTRIBUTES:
        attribute, policy_kind = POLICY_ATTRIBUTES[kind]
        if kind == "aws_organizations_policy" and values.get("type", "SERVICE_CONTROL_POLICY") != "SERVICE_CONTROL_POLICY":
            return
        yield from _policy(document, values.get(attribute), join(at, attribute), policy_kind, address)


def _policy(document: Document, value: Any, pointer: str, kind: PolicyKind, name: str) -> Iterator[Subject | Problem]:
    if not isinstance(value, str) or not value.strip():
        return
    try:
        data = json.loads(value)
    except ValueError as exc:
        yield Problem(f"`{pointer.rsplit('/', 1)[-1]}` of `{name}` is not valid JSON: {exc.msg}", pointer)
        return
    if isinstance(data, dict):
        yield PolicyDocument(MappedDocument(document, data, {"": pointer}), "", kind, name)
