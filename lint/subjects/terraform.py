"""IAM in Terraform (`.tf`): policies where they are written, identities linked within the file.

A policy attribute may be `jsonencode({...})`, a heredoc of JSON, or a
reference to a `data "aws_iam_policy_document"` in the same file; each becomes
a `PolicyDocument` located in the `.tf` source. The data source's HCL shape
(`statement { actions = [...] principals { ... } condition { ... } }`) is
translated to the AWS policy shape with a pointer map, so checks see
`/Statement/0/Action/1` and findings land on `actions = [...]`. Values
Terraform computes (variables without a static value, other resources'
attributes) are left out of the analysis and never taken for `*`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cached_property
from typing import Any

from lint.ai_identity import ai_service
from lint.document import Document, MappedDocument, ParseError, escape, join
from lint.model import Span
from lint.subjects.base import Extractor, Item, Problem, Subject
from lint.subjects import recognizers
from lint.subjects.iam import KnownRole, PolicyDocument, PolicyKind, UnjudgedPolicy, is_intrinsic, short_expression, statement_shape_problems
from lint.subjects.identity import IamIdentity, attached_managed_policies

def _policy_attributes() -> dict[str, tuple[str, PolicyKind]]:
    """Resource type -> (argument holding a policy, kind of policy), from `lint/iac/data/terraform-policy-attributes.yaml`.

    `aws_iam_role` is read by its own code (trust policy, inline policies, managed policy ARNs)."""
    from pathlib import Path

    import yaml

    path = Path(__file__).resolve().parent.parent / "iac" / "data" / "terraform-policy-attributes.yaml"
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return {kind: (entry["attribute"], PolicyKind(entry["kind"])) for kind, entry in data.items() if kind != "aws_iam_role"}


class _PolicyAttributes(Mapping):
    """The table of `_policy_attributes`, read on first use (YAML is not imported until a Terraform file needs it)."""

    @cached_property
    def _table(self) -> dict[str, tuple[str, PolicyKind]]:
        return _policy_attributes()

    def __getitem__(self, kind: str) -> tuple[str, PolicyKind]:
        return self._table[kind]

    def __iter__(self) -> Iterator[str]:
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


#: Resource type -> (attribute holding a policy, kind of policy).
POLICY_ATTRIBUTES: Mapping[str, tuple[str, PolicyKind]] = _PolicyAttributes()
#: Resources that hang a policy on one identity, and the attribute naming it.
HOLDER_ATTRIBUTE = {
    "aws_iam_role_policy": ("role", "role"),
    "aws_iam_user_policy": ("user", "user"),
    "aws_iam_group_policy": ("group", "group"),
}
ATTACHMENTS = {
    "aws_iam_role_policy_attachment": ("role", "role"),
    "aws_iam_user_policy_attachment": ("user", "user"),
    "aws_iam_group_policy_attachment": ("group", "group"),
}
#: Attachments that set every managed policy of an identity at once: (identity argument, kind, ARN list argument).
EXCLUSIVE_ATTACHMENTS = {
    "aws_iam_role_policy_attachments_exclusive": ("role_name", "role", "policy_arns"),
    "aws_iam_user_policy_attachments_exclusive": ("user_name", "user", "policy_arns"),
    "aws_iam_group_policy_attachments_exclusive": ("group_name", "group", "policy_arns"),
}
#: `[0]`, `["key"]` or `[each.key]` after a resource or data source name: an instance of a counted block.
_INDEX = r'(?:\[\s*(?:\d+|"[^"]*"|[\w.]+)\s*\])?'
_DATA_REF = re.compile(r"^data\.aws_iam_policy_document\.([\w-]+)" + _INDEX + r"\.(?:minified_)?json$")
_FILE_CALL = re.compile(r'^file\(\s*"([^"]+)"\s*\)$')
_RESOURCE_REF = re.compile(r"^(aws_iam_(?:role|user|group|policy))\.([\w-]+)" + _INDEX + r"\.(?:name|id|arn|unique_id)$")


class TerraformExtractor(recognizers.Terraform, Extractor):
    """Terraform configuration files."""

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        # Syntax errors are reported once per file, here (every `.tf` file is read by this extractor);
        # the blocks they did not touch are read as usual.
        for error in getattr(document, "syntax_errors", ()):
            yield Problem(error.message, span=Span.point(error.line, error.col))
        yield from Module(document).subjects()


class Module:
    """One `.tf` file's IAM, with references resolved across the files of its module (its folder)."""

    def __init__(self, document: Document) -> None:
        self.document = document
        own = _Blocks(document)
        self.own_resources = own.resources
        self.own_policy_documents = own.policy_documents
        self.resources: dict[str, dict[str, dict[str, Any]]] = {}
        self.policy_documents: dict[str, tuple[Document, dict[str, Any]]] = {}
        siblings = _siblings(document) if own.resources else []
        self.homes: dict[str, Document] = {}  # "aws_iam_role.x" -> the file that declares it
        for blocks in [*siblings, own]:  # this file last: its own blocks win
            for kind, bodies in blocks.resources.items():
                self.resources.setdefault(kind, {}).update(bodies)
                for name in bodies:
                    self.homes[f"{kind}.{name}"] = blocks.document
            for name, body in blocks.policy_documents.items():
                self.policy_documents[name] = (blocks.document, body)
        self._translated: dict[str, _Translated] = {}
        self.members: dict[str, list[PolicyDocument]] = {}  # "aws_iam_role.agent" -> its identity policies
        self._boundary_documents: dict[str, PolicyDocument] = {}  # aws_iam_policy name -> its document
        self._trusts: dict[str, PolicyDocument] = {}  # aws_iam_role name -> its trust policy
        self.ai_reasons = self._ai_reasons()

    # -- references ---------------------------------------------------------------------------------
    @staticmethod
    def reference(value: Any) -> tuple[str, str] | None:
        """`("aws_iam_role", "agent")` for `aws_iam_role.agent.name` and the like."""
        match = _RESOURCE_REF.match(_bare(value)) if getattr(value, "computed", False) else None
        return (match.group(1), match.group(2)) if match else None

    def arn_of(self, kind: str, name: str) -> str:
        """The ARN an identity of the module is given, written with the account computed."""
        body = self.resources.get(kind, {}).get(name, {})
        return f"arn:aws:iam::${{AccountId}}:{kind.removeprefix('aws_iam_')}/{_display(body, name)}"

    def resolve_arn(self, value: Any) -> str | None:
        """`aws_iam_role.deployer.arn` -> the ARN of that role, when the module declares it."""
        match = _ARN_REF.match(_bare(value)) if getattr(value, "computed", False) else None
        if match and match.group(2) in self.resources.get(match.group(1), {}):
            return self.arn_of(match.group(1), match.group(2))
        return None

    def _ai_reasons(self) -> dict[str, str]:
        reasons = {}
        for name, body in self.resources.get("aws_iam_role", {}).items():
            value = body.get("assume_role_policy")
            located = self.policy_value(value, "")
            if located is None:
                continue
            document, pointer = located
            for principal in _service_principals(value if isinstance(value, dict) else document.get(pointer)):
                service = ai_service(principal)
                if service:
                    reasons[f"aws_iam_role.{name}"] = f"role `{_display(body, name)}` is assumable by {service} (`{principal}`)"
                    break
        # The Lambda functions of a Bedrock agent's action groups are the agent's hands: their roles act
        # on the model's choices.
        functions = self.resources.get("aws_lambda_function", {})
        for group_name, group in self.resources.get("aws_bedrockagent_agent_action_group", {}).items():
            executors = group.get("action_group_executor")
            for executor in executors if isinstance(executors, list) else []:
                target = _lambda_reference(executor.get("lambda") if isinstance(executor, dict) else None)
                function = functions.get(target or "")
                role = self.reference(function.get("role")) if function else None
                if role and role[0] == "aws_iam_role" and f"aws_iam_role.{role[1]}" not in reasons:
                    reasons[f"aws_iam_role.{role[1]}"] = (
                        f"role `{_display(self.resources.get('aws_iam_role', {}).get(role[1], {}), role[1])}` runs Lambda function "
                        f"`{_function_name(function, target)}` of Bedrock agent action group `{_display_group(group, group_name)}`"
                    )
        return reasons

    def policy_value(self, value: Any, pointer: str) -> tuple[Document, str] | None:
        """Where the policy document an attribute holds is written, when the file fixes it."""
        if isinstance(value, dict):
            return self.document, pointer
        if getattr(value, "computed", False):
            match = _DATA_REF.match(_bare(value))
            if match and match.group(1) in self.policy_documents:
                translated = self._translate(match.group(1))
                return translated.document, ""
            loaded = _FILE_CALL.match(_bare(value))
            if loaded:
                return self._load_file(loaded.group(1))
        return None

    def _load_file(self, argument: str) -> tuple[Document, str] | None:
        """`file("${path.module}/policies/deploy.json")`: the JSON file, located in itself."""
        import os

        from lint.discover import read_text_bounded
        from lint.formats.json import parse_json

        relative = argument.replace("${path.module}", ".")
        if "${" in relative or os.path.isabs(relative) or self.document.file is None:
            return None
        target = (self.document.file.parent / relative).resolve()
        folder = self.document.file.parent.resolve()
        if folder not in target.parents and target.parent != folder:
            return None  # outside the module: not ours to read
        try:
            text = read_text_bounded(target)
            display = os.path.normpath(os.path.join(os.path.dirname(self.document.path), relative))
            document = parse_json(display, text)
        except (OSError, UnicodeDecodeError, ParseError):
            return None
        document.file = target
        return (document, "") if isinstance(document.data, dict) else None

    def _json_string(self, value: str, pointer: str) -> tuple[Document, str] | None:
        """A policy written as a JSON string literal: located at the string as a whole."""
        import json

        try:
            data = json.loads(value)
        except ValueError:
            return None
        if not isinstance(data, dict):
            return None
        return MappedDocument(self.document, data, {"": pointer}), ""

    def _translate(self, name: str, seen: frozenset[str] = frozenset()) -> _Translated:
        if name not in self._translated:
            self._translated[name] = _Translated(self, name, seen | {name})
        return self._translated[name]

    # -- subjects -----------------------------------------------------------------------------------
    def subjects(self) -> Iterator[Subject | Problem]:
        found = list(self._subjects())
        boundaries = self._boundary_documents
        holders: dict[int, set[str]] = {}
        elsewhere = self._sibling_members() if self.members else {}
        for holder, policies in self.members.items():
            kind, name = holder.split(".", 1)
            body = self.resources.get(kind, {}).get(name, {})
            label = f"{kind.removeprefix('aws_iam_')} `{_display(body, name)}`"
            ref = self.reference(body.get("permissions_boundary"))
            # The identity's policies in every file of the module, in file order: the first one's
            # file reports what they add up to, once.
            group = tuple(sorted([*policies, *elsewhere.get(holder, [])], key=lambda p: p.document.path))
            for policy in policies:
                policy.identity_groups.append((label, group))
                holders.setdefault(id(policy), set()).add(ref[1] if ref and ref[0] == "aws_iam_policy" else "")
        # A boundary declared in this file applies to a policy when every identity holding it has that boundary.
        for policies in self.members.values():
            for policy in policies:
                names = holders[id(policy)]
                only = next(iter(names)) if len(names) == 1 else ""
                policy.boundary = self._boundary_policy(only, boundaries)
        known = self._known_roles(elsewhere)
        for subject in found:
            if isinstance(subject, PolicyDocument):
                subject.known_roles = known
        yield from found

    def _known_roles(self, elsewhere: dict[str, list[PolicyDocument]]) -> dict[str, KnownRole]:
        """The module's roles by ARN, with every identity policy the module gives each (for PassRole and
        AssumeRole targets named by reference)."""
        roles = {}
        for name, body in self.resources.get("aws_iam_role", {}).items():
            holder = f"aws_iam_role.{name}"
            policies = tuple(sorted([*self.members.get(holder, []), *elsewhere.get(holder, [])], key=lambda p: p.document.path))
            home = self.homes.get(holder, self.document)
            roles[self.arn_of("aws_iam_role", name)] = KnownRole(
                f"role `{_display(body, name)}`", policies, home, join("/resource/aws_iam_role", name), self._trusts.get(name),
                self._admin_managed(name, body),
            )
        return roles

    def _admin_managed(self, name: str, body: dict[str, Any]) -> str | None:
        """An admin-grade AWS managed policy the module attaches to role `name`, by its ARN."""
        from lint.subjects.identity import ADMIN_GRADE_MANAGED, aws_managed_name

        arns = [v for v in body.get("managed_policy_arns") or [] if isinstance(v, str)] if isinstance(body.get("managed_policy_arns"), list) else []
        for attachment in self.resources.get("aws_iam_role_policy_attachment", {}).values():
            if self.reference(attachment.get("role")) == ("aws_iam_role", name) and isinstance(attachment.get("policy_arn"), str):
                arns.append(attachment["policy_arn"])
        for attachment in self.resources.get("aws_iam_role_policy_attachments_exclusive", {}).values():
            if self.reference(attachment.get("role_name")) == ("aws_iam_role", name) and isinstance(attachment.get("policy_arns"), list):
                arns.extend(v for v in attachment["policy_arns"] if isinstance(v, str))
        for arn in arns:
            managed = aws_managed_name(arn)
            if managed and managed.lower() in ADMIN_GRADE_MANAGED:
                return managed
        return None

    def _sibling_members(self) -> dict[str, list[PolicyDocument]]:
        """The identity policies other files of the module attach, by holder (built, not reported here)."""
        members: dict[str, list[PolicyDocument]] = {}
        for blocks in _siblings(self.document):
            if blocks.members is None:  # the same for every file of the module: built once
                sibling = Module(blocks.document)
                for _ in sibling._subjects():
                    pass
                blocks.members = sibling.members
            for holder, policies in blocks.members.items():
                members.setdefault(holder, []).extend(policies)
        return members

    def _boundary_policy(self, name: str, found: dict[str, PolicyDocument]) -> PolicyDocument | None:
        return found.get(name) if name else None

    def _subjects(self) -> Iterator[Subject | Problem]:
        attached = self._attached_policies()
        for name, body in self.own_policy_documents.items():
            base = join("/data/aws_iam_policy_document", name)
            yield from _data_source_problems(body, base)
            yield from self._data_source_unjudged(name, body, base)
        for kind, bodies in self.own_resources.items():
            for name, body in bodies.items():
                base = join("/resource", kind, name)
                if kind == "aws_iam_role":
                    yield from self._role(name, body, base)
                if kind in POLICY_ATTRIBUTES:
                    attribute, policy_kind = POLICY_ATTRIBUTES[kind]
                    if kind == "aws_organizations_policy" and str(body.get("type", "SERVICE_CONTROL_POLICY")) != "SERVICE_CONTROL_POLICY":
                        continue
                    holders = self._holders(kind, name, body, attached)
                    if kind == "aws_iam_policy" and name in self._boundaries():
                        policy_kind = PolicyKind.BOUNDARY
                    if attribute not in body:
                        continue  # optional on this resource (`aws_s3_bucket.policy`) and not set
                    for subject in self._policy(body.get(attribute), join(base, attribute), policy_kind, _display(body, name), holders,
                                                address=f"{kind}.{name}"):
                        if isinstance(subject, PolicyDocument) and subject.kind is PolicyKind.BOUNDARY:
                            self._boundary_documents[name] = subject
                        if isinstance(subject, PolicyDocument) and kind in ("aws_s3_bucket_policy", "aws_s3_bucket"):
                            subject.public_access_block = self._public_access_block(name if kind == "aws_s3_bucket" else body.get("bucket"))
                        yield subject
                if kind == "aws_lambda_permission":
                    policy = self._lambda_permission(name, body, base)
                    if policy is not None:
                        yield policy
                if kind in ATTACHMENTS or kind == "aws_iam_policy_attachment":
                    yield from self._attachment(kind, name, body, base)
                if kind in EXCLUSIVE_ATTACHMENTS:
                    yield from self._exclusive_attachment(kind, name, body, base)

    def _public_access_block(self, bucket: Any) -> str | None:
        """The S3 Block Public Access setting of the module that keeps `bucket` (a name, or a reference to an
        `aws_s3_bucket`) from being made public, or None."""
        settings = ("restrict_public_buckets", "block_public_policy")
        for name, body in self.resources.get("aws_s3_account_public_access_block", {}).items():
            on = [k for k in settings if body.get(k) is True]
            if on:
                return f"`aws_s3_account_public_access_block.{name}` sets `{on[0]} = true`"
        if isinstance(bucket, str):
            target = bucket
        else:
            match = _BUCKET_REF.match(_bare(bucket)) if getattr(bucket, "computed", False) else None
            if match is None:
                return None
            target = match.group(1)
        for name, body in self.resources.get("aws_s3_bucket_public_access_block", {}).items():
            match = _BUCKET_REF.match(_bare(body.get("bucket"))) if getattr(body.get("bucket"), "computed", False) else None
            if match and match.group(1) == target:
                on = [k for k in settings if body.get(k) is True]
                if on:
                    return f"`aws_s3_bucket_public_access_block.{name}` sets `{on[0]} = true`"
        return None

    def _lambda_permission(self, name: str, body: dict[str, Any], base: str) -> PolicyDocument | None:
        from lint.iac.lambda_permission import permission_policy

        roles = ("principal", "action", "source_arn", "source_account", "principal_org_id")
        values = {}
        for role in roles:
            value = body.get(role)
            # a computed source ARN or account still constrains the permission; a computed principal is unknown
            values[role] = value if isinstance(value, str) else (None if value is None or role in ("principal", "action") else "${computed}")
        pointers = {role: join(base, role) for role in roles}
        return permission_policy(self.document, name, values, pointers, base)

    def _boundaries(self) -> set[str]:
        names = set()
        for kind in ("aws_iam_role", "aws_iam_user"):
            for body in self.resources.get(kind, {}).values():
                ref = self.reference(body.get("permissions_boundary"))
                if ref and ref[0] == "aws_iam_policy":
                    names.add(ref[1])
        return names

    def _attached_policies(self) -> dict[str, list[str]]:
        """`aws_iam_policy` name -> the identities it is attached to in this file."""
        attached: dict[str, list[str]] = {}
        for kind, (attribute, _) in ATTACHMENTS.items():
            for body in self.resources.get(kind, {}).values():
                policy = self.reference(body.get("policy_arn"))
                holder = self.reference(body.get(attribute))
                if policy and policy[0] == "aws_iam_policy" and holder:
                    attached.setdefault(policy[1], []).append(f"{holder[0]}.{holder[1]}")
        for body in self.resources.get("aws_iam_policy_attachment", {}).values():
            policy = self.reference(body.get("policy_arn"))
            for attribute in ("roles", "users", "groups"):
                for value in body.get(attribute) or [] if isinstance(body.get(attribute), list) else []:
                    holder = self.reference(value)
                    if policy and policy[0] == "aws_iam_policy" and holder:
                        attached.setdefault(policy[1], []).append(f"{holder[0]}.{holder[1]}")
        for kind, (attribute, _, arns_attribute) in EXCLUSIVE_ATTACHMENTS.items():
            for body in self.resources.get(kind, {}).values():
                holder = self.reference(body.get(attribute))
                arns = body.get(arns_attribute)
                for value in arns if isinstance(arns, list) and holder else []:
                    policy = self.reference(value)
                    if policy and policy[0] == "aws_iam_policy":
                        attached.setdefault(policy[1], []).append(f"{holder[0]}.{holder[1]}")
        for name, body in self.resources.get("aws_iam_role", {}).items():
            for value in body.get("managed_policy_arns") or [] if isinstance(body.get("managed_policy_arns"), list) else []:
                policy = self.reference(value)
                if policy and policy[0] == "aws_iam_policy":
                    attached.setdefault(policy[1], []).append(f"aws_iam_role.{name}")
        return attached

    def _holders(self, kind: str, name: str, body: dict[str, Any], attached: dict[str, list[str]]) -> list[str]:
        if kind in HOLDER_ATTRIBUTE:
            holder = self.reference(body.get(HOLDER_ATTRIBUTE[kind][0]))
            return [f"{holder[0]}.{holder[1]}"] if holder else []
        if kind == "aws_iam_policy":
            return attached.get(name, [])
        return []

    def _role(self, name: str, body: dict[str, Any], base: str) -> Iterator[Subject | Problem]:
        display = _display(body, name)
        holder = f"aws_iam_role.{name}"
        for subject in self._policy(body.get("assume_role_policy"), join(base, "assume_role_policy"), PolicyKind.TRUST, display, []):
            if isinstance(subject, PolicyDocument):
                self._trusts[name] = subject
            yield subject
        inline = body.get("inline_policy")
        for i, block in enumerate(inline if isinstance(inline, list) else []):
            if isinstance(block, dict) and "policy" in block:
                yield from self._policy(block["policy"], join(base, "inline_policy", i, "policy"), PolicyKind.IDENTITY, display, [holder])
        managed = [
            Item(value, join(base, "managed_policy_arns", i))
            for i, value in enumerate(body.get("managed_policy_arns") or [] if isinstance(body.get("managed_policy_arns"), list) else [])
            if isinstance(value, str)
        ]
        identity = IamIdentity(self.document, base, "role", display, managed)
        identity.identities = (name, display)
        identity.ai_reason = self.ai_reasons.get(holder)
        yield identity
        for policy in attached_managed_policies(identity):
            self.members.setdefault(holder, []).append(policy)
            yield policy

    def _attachment(self, kind: str, name: str, body: dict[str, Any], base: str) -> Iterator[Subject | Problem]:
        arn = body.get("policy_arn")
        if not isinstance(arn, str):
            return
        if kind == "aws_iam_policy_attachment":
            holders = [self.reference(v) for v in body.get("roles") or [] if isinstance(body.get("roles"), list)]
            identity_kind = "attachment"
        else:
            holders = [self.reference(body.get(ATTACHMENTS[kind][0]))]
            identity_kind = ATTACHMENTS[kind][1]
        holder = next((h for h in holders if h), None)
        display = _display(self.resources.get(holder[0], {}).get(holder[1], {}), holder[1]) if holder else name
        identity = IamIdentity(self.document, base, identity_kind, display, [Item(arn, join(base, "policy_arn"))])
        identity.identities = (display,)
        identity.ai_reason = next((self.ai_reasons[f"{h[0]}.{h[1]}"] for h in holders if h and f"{h[0]}.{h[1]}" in self.ai_reasons), None)
        yield identity
        for policy in attached_managed_policies(identity):
            for h in holders:
                if h:
                    self.members.setdefault(f"{h[0]}.{h[1]}", []).append(policy)
            yield policy

    def _data_source_unjudged(self, name: str, body: dict[str, Any], base: str) -> Iterator[Subject]:
        """Parts of a `data "aws_iam_policy_document"` only Terraform can expand: `dynamic "statement"` blocks,
        and `source_policy_documents` / `override_policy_documents` that are not documents of the module."""
        address = f"data.aws_iam_policy_document.{name}"
        dynamic = body.get("dynamic")
        if isinstance(dynamic, dict) and isinstance(dynamic.get("statement"), dict):
            generator = dynamic["statement"].get("for_each")
            yield UnjudgedPolicy(
                self.document, join(base, "dynamic", "statement"), f"`dynamic \"statement\"` of `{address}`",
                f"for_each = {short_expression(str(generator))}", name,
            )
        for argument in ("source_policy_documents", "override_policy_documents"):
            value = body.get(argument)
            entries = list(enumerate(value)) if isinstance(value, list) else [(None, value)] if value is not None else []
            for i, entry in entries:
                match = _DATA_REF.match(_bare(entry)) if getattr(entry, "computed", False) else None
                if match and match.group(1) in self.policy_documents and argument == "source_policy_documents":
                    continue
                if getattr(entry, "computed", False) or (argument == "override_policy_documents" and entry is not None):
                    pointer = join(base, argument) if i is None else join(base, argument, i)
                    yield UnjudgedPolicy(self.document, pointer, f"`{argument}` of `{address}`", short_expression(str(entry)), name)

    def _exclusive_attachment(self, kind: str, name: str, body: dict[str, Any], base: str) -> Iterator[Subject | Problem]:
        """`aws_iam_role_policy_attachments_exclusive`: every managed policy of one identity, by ARN."""
        holder_attribute, identity_kind, arns_attribute = EXCLUSIVE_ATTACHMENTS[kind]
        arns = body.get(arns_attribute)
        if not isinstance(arns, list):
            if arns is not None:
                yield UnjudgedPolicy(self.document, join(base, arns_attribute), f"`{arns_attribute}` of `{kind}.{name}`", short_expression(str(arns)))
            return
        holder = self.reference(body.get(holder_attribute))
        holder_key = f"{holder[0]}.{holder[1]}" if holder else None
        display = _display(self.resources.get(holder[0], {}).get(holder[1], {}), holder[1]) if holder else name
        if holder is None and isinstance(body.get(holder_attribute), str):
            display = body[holder_attribute]
        managed = [Item(v, join(base, arns_attribute, i)) for i, v in enumerate(arns) if isinstance(v, str)]
        identity = IamIdentity(self.document, base, identity_kind, display, managed)
        identity.identities = (display,)
        identity.ai_reason = self.ai_reasons.get(holder_key) if holder_key else None
        yield identity
        for policy in attached_managed_policies(identity):
            if holder_key:
                self.members.setdefault(holder_key, []).append(policy)
            yield policy

    def _policy(
        self, value: Any, pointer: str, kind: PolicyKind, name: str, holders: list[str], *, address: str = ""
    ) -> Iterator[Subject | Problem]:
        attribute = pointer.rsplit("/", 1)[-1]
        what = f"`{attribute}` of `{address or name}`"
        located = self.policy_value(value, pointer)
        if located is None:
            if isinstance(value, str):
                located = self._json_string(value, pointer)
                if located is None and "${" in value:
                    # a heredoc with interpolations that are not JSON strings (`${jsonencode(var.arns)}`)
                    yield UnjudgedPolicy(self.document, pointer, what, short_expression(value), name)
                    return
                if located is None:
                    yield Problem(f"`{attribute}` is not a JSON policy document", pointer)
                    return
            elif getattr(value, "computed", False):
                yield UnjudgedPolicy(self.document, pointer, what, short_expression(str(value)), name)
                return
            else:
                if value is not None:
                    yield Problem(f"`{attribute}` must be a JSON policy document, not {_type_name(value)}", pointer)
                return
        document, root = located
        raw = document.get(root)
        body = raw.get("Statement") if isinstance(raw, dict) else None
        if is_intrinsic(body):
            yield UnjudgedPolicy(self.document, join(pointer, "Statement"), f"`Statement` of `{address or name}`", short_expression(str(body)), name)
        elif isinstance(body, list) and document is self.document:
            for i, statement in enumerate(body):
                if is_intrinsic(statement):
                    yield UnjudgedPolicy(
                        self.document, join(pointer, "Statement", i), f"statement {i} of {what}", short_expression(str(statement)), name
                    )
        if isinstance(body, (dict, list)) and not isinstance(document, _TranslatedDocument):
            # a data source's own shape problems are reported at its HCL elements, once (`_data_source_problems`)
            for problem in statement_shape_problems(body, join(root, "Statement"), intrinsics=True):
                if document is self.document:
                    yield problem
                elif isinstance(document, MappedDocument) and document.base is self.document:
                    yield Problem(problem.message, span=document.locate(problem.pointer or ""), key=problem.key)
                else:  # a JSON file the module reads with `file(...)`: named, at the attribute that loads it
                    yield Problem(f"{problem.message} (in `{document.path}`, at `{problem.pointer}`)", pointer)
        policy = PolicyDocument(
            document, root, kind, name, identities=(name, *(h.split(".", 1)[1] for h in holders)), resolve_arn=self.resolve_arn
        )
        policy.self_arns = {self.arn_of(*h.split(".", 1)) for h in holders}
        policy.origin = pointer
        reason = next((self.ai_reasons[h] for h in holders if h in self.ai_reasons), None)
        if reason and not policy.ai_reason:
            policy.ai_reason = reason
        if kind is PolicyKind.IDENTITY:
            for holder in dict.fromkeys(holders):
                self.members.setdefault(holder, []).append(policy)
        yield policy


class _Blocks:
    """The resources and policy-document data sources one `.tf` file declares."""

    def __init__(self, document: Document) -> None:
        self.document = document
        data = document.data if isinstance(document.data, dict) else {}
        resources = data.get("resource") if isinstance(data.get("resource"), dict) else {}
        self.resources: dict[str, dict[str, dict[str, Any]]] = {
            kind: {n: b for n, b in bodies.items() if isinstance(b, dict)}
            for kind, bodies in resources.items()
            if isinstance(bodies, dict) and kind.startswith("aws_")
        }
        sources = data.get("data") if isinstance(data.get("data"), dict) else {}
        documents = sources.get("aws_iam_policy_document") if isinstance(sources.get("aws_iam_policy_document"), dict) else {}
        self.policy_documents = {n: b for n, b in documents.items() if isinstance(b, dict)}
        #: The identity policies this file attaches, by holder, read with the whole module (set when first asked).
        self.members: dict[str, list[PolicyDocument]] | None = None


#: Folder -> (its `.tf` files' names, sizes and times; their IAM-relevant blocks), read once per process
#: and again only when a file changes. Files are walked folder by folder: the last few folders are kept.
_MODULES: dict[str, tuple[tuple, list[_Blocks]]] = {}
_MODULES_KEPT = 32


def module_files(file: Any) -> tuple[tuple, list[tuple[Any, str]]]:
    """The `.tf` files of `file`'s folder (its Terraform module) with their texts and the folder's
    signature (names, sizes, times); read once while no file changes, shared by every reader."""
    import os
    from pathlib import Path

    from lint.discover import read_text_bounded

    folder = os.path.dirname(str(file)) or "."
    try:
        with os.scandir(folder) as listing:
            found = sorted((e.name, e) for e in listing if e.name.endswith(".tf") and e.is_file())
        signature = tuple((name, stat.st_size, stat.st_mtime_ns) for name, e in found for stat in (e.stat(),))
    except OSError:
        return (), []
    cached = _FOLDERS.get(folder)
    if cached is None or cached[0] != signature:
        texts = []
        for _, entry in found:
            try:
                texts.append((Path(entry.path), read_text_bounded(Path(entry.path))))
            except (OSError, UnicodeDecodeError):
                continue
        cached = _keep(_FOLDERS, folder, (signature, texts))
    return cached


def _keep(cache: dict, key: str, value: Any) -> Any:
    cache.pop(key, None)
    while len(cache) >= _MODULES_KEPT:
        cache.pop(next(iter(cache)))
    cache[key] = value
    return value


#: Folder -> (signature, [(file, text)]): the last few folders read.
_FOLDERS: dict[str, tuple[tuple, list[tuple[Any, str]]]] = {}


def _siblings(document: Document) -> list[_Blocks]:
    """The other `.tf` files of the document's folder (a Terraform module), those that mention IAM."""
    import os

    from lint.formats.hcl import parse_hcl

    file = document.file
    if file is None:
        return []
    folder = os.path.dirname(str(file)) or "."
    signature, texts = module_files(file)
    if not signature:
        return []
    if _MODULES.get(folder, ((), []))[0] != signature:
        blocks = []
        display_folder = os.path.dirname(document.path)
        for entry, text in texts:
            if "aws_iam" not in text and "policy" not in text:
                continue
            try:
                parsed = parse_hcl(os.path.join(display_folder, entry.name) if display_folder else entry.name, text)
            except ParseError:
                continue  # reported with its position when that file itself is linted
            parsed.file = entry
            blocks.append(_Blocks(parsed))
        _keep(_MODULES, folder, (signature, blocks))
    return [b for b in _MODULES[folder][1] if b.document.file != file]


def _display(body: dict[str, Any], name: str) -> str:
    value = body.get("name")
    return value if isinstance(value, str) else name


def _service_principals(policy: Any) -> Iterator[str]:
    if not isinstance(policy, dict):
        return
    statements = policy.get("Statement")
    for statement in statements if isinstance(statements, list) else [statements]:
        if not isinstance(statement, dict) or statement.get("Effect", "Allow") != "Allow":
            continue
        principal = statement.get("Principal")
        if isinstance(principal, dict):
            services = principal.get("Service")
            for value in services if isinstance(services, list) else [services]:
                if isinstance(value, str):
                    yield value


_ARN_REF = re.compile(r"^(aws_iam_(?:role|user|group|policy))\.([\w-]+)" + _INDEX + r"\.arn$")
_BUCKET_REF = re.compile(r"^aws_s3_bucket\.([\w-]+)" + _INDEX + r"\.(?:id|bucket|arn)$")
_LAMBDA_REF = re.compile(r"^aws_lambda_function\.([\w-]+)" + _INDEX + r"\.(?:arn|qualified_arn|invoke_arn)$")


def _lambda_reference(value: Any) -> str | None:
    match = _LAMBDA_REF.match(_bare(value)) if getattr(value, "computed", False) else None
    return match.group(1) if match else None


def _function_name(body: dict[str, Any], name: str | None) -> str:
    value = body.get("function_name")
    return value if isinstance(value, str) else str(name)


def _display_group(body: dict[str, Any], name: str) -> str:
    value = body.get("action_group_name")
    return value if isinstance(value, str) else name


class _TranslatedDocument(MappedDocument):
    """The AWS-shaped policy of a `data "aws_iam_policy_document"`, located in its HCL."""


def _bare(value: Any) -> str:
    """An expression without a whole-string interpolation wrapper: `"${data.x.json}"` -> `data.x.json` (Terraform 0.11)."""
    text = str(value).strip()
    if text.startswith('"${') and text.endswith('}"') and text.count("${") == 1:
        return text[3:-2].strip()
    return text


def _type_name(value: Any) -> str:
    from lint.subjects.base import type_name

    return type_name(value)


#: `statement` arguments of `aws_iam_policy_document` that take a list of strings.
_LIST_ARGUMENTS = ("actions", "not_actions", "resources", "not_resources")


def _data_source_problems(body: dict[str, Any], base: str) -> Iterator[Problem]:
    """Wrongly typed arguments of a `data "aws_iam_policy_document"`, located at the argument or element
    (Terraform rejects them at plan time; until then the statement cannot be judged as written)."""
    blocks = body.get("statement")
    for i, block in enumerate(blocks if isinstance(blocks, list) else []):
        if not isinstance(block, dict):
            continue
        at = join(base, "statement", i)
        effect = block.get("effect")
        if "effect" in block and not is_intrinsic(effect) and effect not in ("Allow", "Deny"):
            yield Problem(f'`effect` must be "Allow" or "Deny", not {_shown(effect)}', join(at, "effect"))
        for argument in _LIST_ARGUMENTS:
            if argument not in block:
                continue
            yield from _string_list_problems(block[argument], join(at, argument), argument)
        for argument in ("principals", "not_principals"):
            entries = block.get(argument)
            for k, entry in enumerate(entries if isinstance(entries, list) else []):
                if not isinstance(entry, dict):
                    continue
                where = join(at, argument, k)
                kind = entry.get("type")
                if "type" in entry and not isinstance(kind, str) and not is_intrinsic(kind):
                    yield Problem(f"`type` must be a string, not {_type_name(kind)}", join(where, "type"))
                if "identifiers" in entry:
                    yield from _string_list_problems(entry["identifiers"], join(where, "identifiers"), "identifiers")
        conditions = block.get("condition")
        for k, entry in enumerate(conditions if isinstance(conditions, list) else []):
            if not isinstance(entry, dict):
                continue
            where = join(at, "condition", k)
            for argument in ("test", "variable"):
                value = entry.get(argument)
                if argument in entry and not isinstance(value, str) and not is_intrinsic(value):
                    yield Problem(f"`{argument}` must be a string, not {_type_name(value)}", join(where, argument))
            if "values" in entry:
                yield from _string_list_problems(entry["values"], join(where, "values"), "values", scalars=True)


def _string_list_problems(value: Any, pointer: str, argument: str, *, scalars: bool = False) -> Iterator[Problem]:
    """`actions = "s3:*"` (a string where Terraform needs a list) or `actions = [1]`, at the value or element."""
    if is_intrinsic(value):
        return
    if not isinstance(value, list):
        yield Problem(f"`{argument}` must be a list of strings, not {_type_name(value)} ({_shown(value)})", pointer)
        return
    for j, element in enumerate(value):
        if isinstance(element, str) or is_intrinsic(element):
            continue
        if scalars and isinstance(element, (int, float, bool)):
            continue  # Terraform converts numbers and booleans in condition values to strings
        yield Problem(f"`{argument}` must hold strings, not {_type_name(element)} ({_shown(element)})", join(pointer, j))


def _shown(value: Any) -> str:
    import json

    try:
        text = json.dumps(value)
    except (TypeError, ValueError):
        text = str(value)
    return f"`{short_expression(text, 40)}`"


class _Translated:
    """A `data "aws_iam_policy_document"` as an AWS-shaped policy, with a pointer map into the HCL."""

    def __init__(self, module: Module, name: str, seen: frozenset[str]) -> None:
        self.module = module
        self.base = join("/data/aws_iam_policy_document", name)
        home, body = module.policy_documents[name]
        statements: list[dict[str, Any]] = []
        mapping: dict[str, str] = {"": self.base, "/Statement": join(self.base, "statement")}
        # `source_policy_documents` come first; this document's statements follow (and win on Sid).
        for value in body.get("source_policy_documents") or [] if isinstance(body.get("source_policy_documents"), list) else []:
            match = _DATA_REF.match(str(value)) if getattr(value, "computed", False) else None
            if match and match.group(1) in module.policy_documents and match.group(1) not in seen:
                source = module._translate(match.group(1), seen)
                for statement, pointers in source.statements:
                    self._add(statements, mapping, statement, pointers)
        self.statements: list[tuple[dict[str, Any], dict[str, str]]] = []
        blocks = body.get("statement")
        for i, block in enumerate(blocks if isinstance(blocks, list) else []):
            if isinstance(block, dict):
                statement, pointers = _statement(block, join(self.base, "statement", i))
                self.statements.append((statement, pointers))
                self._add(statements, mapping, statement, pointers)
        data = {"Version": body.get("version", "2012-10-17") if isinstance(body.get("version"), str) else "2012-10-17",
                "Statement": statements}
        mapping["/Version"] = join(self.base, "version") if "version" in body else self.base
        self.document = _TranslatedDocument(home, data, mapping)

    @staticmethod
    def _add(statements: list[dict[str, Any]], mapping: dict[str, str], statement: dict[str, Any], pointers: dict[str, str]) -> None:
        index = len(statements)
        statements.append(statement)
        for relative, target in pointers.items():
            mapping[f"/Statement/{index}{relative}"] = target


def _statement(block: dict[str, Any], at: str) -> tuple[dict[str, Any], dict[str, str]]:
    """One `statement { }` block in AWS shape, and where each element of it is written."""
    statement: dict[str, Any] = {}
    pointers: dict[str, str] = {"": at}
    statement["Effect"] = block.get("effect", "Allow")
    pointers["/Effect"] = join(at, "effect") if "effect" in block else at
    if isinstance(block.get("sid"), str):
        statement["Sid"] = block["sid"]
        pointers["/Sid"] = join(at, "sid")
    for hcl, aws in (("actions", "Action"), ("not_actions", "NotAction"), ("resources", "Resource"), ("not_resources", "NotResource")):
        if hcl in block:
            statement[aws] = block[hcl]
            pointers[f"/{aws}"] = join(at, hcl)
    for hcl, aws in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
        blocks = block.get(hcl)
        if not isinstance(blocks, list):
            continue
        principal: dict[str, list[Any]] = {}
        pointers[f"/{aws}"] = join(at, hcl, 0)
        for k, entry in enumerate(blocks):
            if not isinstance(entry, dict) or not isinstance(entry.get("type"), str):
                continue
            identifiers = entry.get("identifiers")
            values = identifiers if isinstance(identifiers, list) else [identifiers]
            kind = entry["type"]
            start = len(principal.setdefault(kind, []))
            principal[kind].extend(values)
            pointers.setdefault(f"/{aws}/{kind}", join(at, hcl, k, "identifiers"))
            for j in range(len(values)):
                pointers[f"/{aws}/{kind}/{start + j}"] = join(at, hcl, k, "identifiers", j)
        if list(principal) == ["*"] and principal["*"] == ["*"]:
            statement[aws] = "*"
        else:
            statement[aws] = principal
    conditions = block.get("condition")
    if isinstance(conditions, list):
        condition: dict[str, dict[str, Any]] = {}
        pointers["/Condition"] = join(at, "condition", 0)
        for k, entry in enumerate(conditions):
            if not isinstance(entry, dict) or not isinstance(entry.get("test"), str) or not isinstance(entry.get("variable"), str):
                continue
            condition.setdefault(entry["test"], {})[entry["variable"]] = entry.get("values")
            pointers.setdefault(f"/Condition/{escape(entry['test'])}", join(at, "condition", k, "test"))
            pointers[f"/Condition/{escape(entry['test'])}/{escape(entry['variable'])}"] = join(at, "condition", k, "values")
        statement["Condition"] = condition
    return statement, pointers


