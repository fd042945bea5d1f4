"""IAM in AWS CDK apps written in Python, read with libcst (the code is never imported or run).

What is recognised, through any alias of `aws_cdk.aws_iam`:

- `iam.PolicyStatement(actions=..., not_actions=..., resources=..., not_resources=...,
  effect=iam.Effect.DENY, principals=[...], conditions={...}, sid=...)` and
  `iam.PolicyStatement.from_json({...})`: each a policy of one statement, located
  keyword by keyword;
- `iam.Role(..., assumed_by=iam.ServicePrincipal("bedrock.amazonaws.com"),
  managed_policies=[iam.ManagedPolicy.from_aws_managed_policy_name("...")])`, and
  `role.add_to_policy(...)`, `role.add_to_principal_policy(...)`,
  `role.add_managed_policy(...)` on a variable holding a role;
- `grant_*` helpers of buckets, tables, queues, topics, keys and secrets that
  imply writing or deleting, as the statements CDK generates for them.

Literals and simple module or function constants are resolved; anything else
(f-strings, attributes of other constructs, function results) is left out and
never taken for `*`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lint.ai_identity import ai_service
from lint.document import join
from lint.model import Span
from lint.subjects.base import Extractor, Item, Problem, Subject
from lint.subjects import recognizers
from lint.subjects.iam import PolicyDocument, PolicyKind
from lint.subjects.identity import IamIdentity, attached_managed_policies
from lint.formats.python import dotted as _dotted
from lint.formats.python import walk as _walk

#: `<construct>.<grant method>` -> the actions CDK puts in the statement it generates.
GRANTS: dict[tuple[str, str], tuple[str, ...]] = {
    ("Bucket", "grant_read"): ("s3:GetObject*", "s3:GetBucket*", "s3:List*"),
    ("Bucket", "grant_write"): ("s3:DeleteObject*", "s3:PutObject", "s3:PutObjectLegalHold", "s3:PutObjectRetention", "s3:PutObjectTagging", "s3:PutObjectVersionTagging", "s3:Abort*"),
    ("Bucket", "grant_read_write"): ("s3:GetObject*", "s3:GetBucket*", "s3:List*", "s3:DeleteObject*", "s3:PutObject", "s3:Abort*"),
    ("Bucket", "grant_delete"): ("s3:DeleteObject*",),
    ("Bucket", "grant_put"): ("s3:PutObject", "s3:Abort*"),
    ("Bucket", "grant_put_acl"): ("s3:PutObjectAcl", "s3:PutObjectVersionAcl"),
    ("Table", "grant_full_access"): ("dynamodb:*",),
    ("Table", "grant_read_write_data"): ("dynamodb:BatchGetItem", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:Query", "dynamodb:GetItem", "dynamodb:Scan", "dynamodb:ConditionCheckItem", "dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable"),
    ("Table", "grant_write_data"): ("dynamodb:BatchWriteItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:DescribeTable"),
    ("Table", "grant_read_data"): ("dynamodb:BatchGetItem", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:Query", "dynamodb:GetItem", "dynamodb:Scan", "dynamodb:ConditionCheckItem", "dynamodb:DescribeTable"),
    ("TableV2", "grant_full_access"): ("dynamodb:*",),
    ("Queue", "grant_purge"): ("sqs:PurgeQueue", "sqs:GetQueueAttributes", "sqs:GetQueueUrl"),
    ("Queue", "grant_consume_messages"): ("sqs:ReceiveMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:DeleteMessage", "sqs:GetQueueAttributes"),
    ("Topic", "grant_publish"): ("sns:Publish",),
    ("Key", "grant_admin"): ("kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*", "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion"),
    ("Key", "grant_decrypt"): ("kms:Decrypt",),
    ("Key", "grant_encrypt_decrypt"): ("kms:Decrypt", "kms:Encrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*"),
    ("Secret", "grant_read"): ("secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"),
    ("Secret", "grant_write"): ("secretsmanager:PutSecretValue", "secretsmanager:UpdateSecret", "secretsmanager:UpdateSecretVersionStage"),
    ("Repository", "grant_pull_push"): ("ecr:BatchCheckLayerAvailability", "ecr:GetDownloadUrlForLayer", "ecr:BatchGetImage", "ecr:CompleteLayerUpload", "ecr:UploadLayerPart", "ecr:InitiateLayerUpload", "ecr:PutImage"),
}
CONSTRUCT_SERVICE = {"Bucket": "s3", "Table": "dynamodb", "TableV2": "dynamodb", "Queue": "sqs", "Topic": "sns", "Key": "kms", "Secret": "secretsmanager", "Repository": "ecr"}


class _Unknown:
    """A value the code computes at synth time."""

    computed = True


UNKNOWN = _Unknown()


class CdkExtractor(recognizers.Cdk, Extractor):
    """Python CDK apps."""

    def extract(self, document: Any) -> Iterator[Subject | Problem]:
        yield from CdkApp(document).subjects()


@dataclass
class _Role:
    node: Any
    name: str
    ai_reason: str | None = None
    managed: list[tuple[str, Span]] = field(default_factory=list)
    policies: list[PolicyDocument] = field(default_factory=list)
    trust: PolicyDocument | None = None


class CdkApp:
    def __init__(self, document: Any) -> None:
        import libcst

        self.cst = libcst
        self.document = document
        self.module_aliases: set[str] = set()  # names bound to aws_cdk.aws_iam
        self.names: dict[str, str] = {}  # names imported from aws_cdk.aws_iam -> their name there
        self.cdk_aliases: set[str] = set()  # names bound to aws_cdk itself
        self.constants: dict[str, Any] = {}
        self.variables: dict[str, Any] = {}  # name -> the Call assigned to it (last one wins)
        self.attributes: dict[str, Any] = {}  # `x` of `self.x = Call(...)` -> the first such Call
        self.roles: dict[int, _Role] = {}  # id(Role call) -> role
        self._scan(document.module)

    # -- first pass: imports, constants, assignments ------------------------------------------------
    def _scan(self, module: Any) -> None:
        cst = self.cst
        for node in _walk(module):
            if isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
                source = _dotted(node.module) if node.module is not None else ""
                for alias in node.names:
                    imported = _dotted(alias.name)
                    bound = _dotted(alias.asname.name) if alias.asname else imported
                    if source == "aws_cdk" and imported == "aws_iam":
                        self.module_aliases.add(bound)
                    elif source == "aws_cdk.aws_iam":
                        self.names[bound] = imported
            elif isinstance(node, cst.Import):
                for alias in node.names:
                    imported = _dotted(alias.name)
                    bound = _dotted(alias.asname.name) if alias.asname else imported
                    if imported == "aws_cdk.aws_iam":
                        self.module_aliases.add(bound)
                    elif imported == "aws_cdk":
                        self.cdk_aliases.add(bound)
            elif isinstance(node, cst.Assign) and len(node.targets) == 1:
                target = node.targets[0].target
                if isinstance(target, cst.Attribute) and isinstance(node.value, cst.Call):
                    self.attributes.setdefault(target.attr.value, node.value)  # `self.role = iam.Role(...)`
                if isinstance(target, cst.Name):
                    if isinstance(node.value, cst.Call):
                        self.variables[target.value] = node.value
                    else:
                        self.constants[target.value] = node.value
            elif isinstance(node, cst.AnnAssign) and isinstance(node.target, cst.Name) and node.value is not None:
                if isinstance(node.value, cst.Call):
                    self.variables[node.target.value] = node.value
                else:
                    self.constants[node.target.value] = node.value

    def iam_name(self, expression: Any) -> str | None:
        """`PolicyStatement` for `iam.PolicyStatement`, `aws_cdk.aws_iam.PolicyStatement`, or an imported name."""
        dotted = _dotted(expression)
        if not dotted:
            return None
        head, _, rest = dotted.partition(".")
        if head in self.names:
            return self.names[head] + (f".{rest}" if rest else "")
        for alias in self.module_aliases:
            if dotted.startswith(alias + "."):
                return dotted[len(alias) + 1 :]
        for alias in self.cdk_aliases:
            if dotted.startswith(alias + ".aws_iam."):
                return dotted[len(alias) + len(".aws_iam.") :]
        return None

    # -- values -------------------------------------------------------------------------------------
    def literal(self, node: Any, pointer: str, spans: dict[str, Span], depth: int = 0) -> Any:
        """The Python literal `node` denotes (following simple constants), recording each element's span."""
        cst = self.cst
        if depth > 20:
            return UNKNOWN
        spans.setdefault(pointer, self.document.span_of(node))
        if isinstance(node, cst.SimpleString):
            return node.evaluated_value
        if isinstance(node, cst.ConcatenatedString):
            value = node.evaluated_value
            return value if isinstance(value, str) else UNKNOWN
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            return [self.literal(e.value, f"{pointer}/{i}", spans, depth + 1) for i, e in enumerate(node.elements)]
        if isinstance(node, cst.Dict):
            out = {}
            for element in node.elements:
                if not isinstance(element, cst.DictElement):
                    return UNKNOWN
                key = self.literal(element.key, pointer, {}, depth + 1)
                if not isinstance(key, str):
                    return UNKNOWN
                at = join(pointer, key)
                out[key] = self.literal(element.value, at, spans, depth + 1)
            return out
        if isinstance(node, cst.Name):
            if node.value in ("True", "False", "None"):
                return {"True": True, "False": False, "None": None}[node.value]
            if node.value in self.constants:
                return self.literal(self.constants[node.value], pointer, spans, depth + 1)
        if isinstance(node, cst.Integer):
            try:  # any Python spelling: 0x10, 0o7, 0b1, 1_000; past 4,300 digits it is not judged
                return int(node.value.replace("_", ""), 0)
            except ValueError:
                return UNKNOWN
        if isinstance(node, cst.Attribute) and node.attr.value == "role_arn" and self.roles:
            role = self._role_of(node.value)  # a role of the same app: judged as that role's ARN
            if role is not None:
                return f"arn:aws:iam::${{AccountId}}:role/{role.name}"
        return UNKNOWN

    def principal(self, node: Any) -> tuple[str, str] | None:
        """(`type`, value) of a principal construct: `("Service", "lambda.amazonaws.com")`, `("*", "*")`."""
        cst = self.cst
        if not isinstance(node, cst.Call):
            return None
        name = self.iam_name(node.func)
        args = [a.value for a in node.args if a.keyword is None]
        first = self.literal(args[0], "", {}) if args else UNKNOWN
        if name in ("AnyPrincipal", "StarPrincipal"):
            return ("*", "*")
        if name == "ServicePrincipal" and isinstance(first, str):
            return ("Service", first)
        if name == "ArnPrincipal" and isinstance(first, str):
            return ("AWS", first)
        if name == "AccountPrincipal" and isinstance(first, str):
            return ("AWS", f"arn:aws:iam::{first}:root")
        if name == "FederatedPrincipal" and isinstance(first, str):
            return ("Federated", first)
        if name == "WebIdentityPrincipal" and isinstance(first, str):
            return ("Federated", first)
        return None

    # -- subjects -----------------------------------------------------------------------------------
    def subjects(self) -> Iterator[Subject | Problem]:
        cst = self.cst
        calls = [n for n in _walk(self.document.module) if isinstance(n, cst.Call)]
        for call in calls:
            if self.iam_name(call.func) == "Role":
                self.roles[id(call)] = self._role(call)
        found: list[Subject | Problem] = []
        grouped: set[int] = set()
        for call in calls:
            statements = self._grouped_statements(call)
            if statements:
                grouped.update(id(s) for s in statements)
                found.append(self._document_policy(call, statements))
        for call in calls:
            name = self.iam_name(call.func)
            if id(call) in grouped:
                continue
            if name == "PolicyStatement":
                found.append(self._statement_policy(call))
            elif name == "PolicyStatement.from_json" and call.args:
                found.append(self._json_policy(call))
            elif isinstance(call.func, cst.Attribute) and call.func.attr.value.startswith("grant"):
                policy = self._grant(call)
                if policy is not None:
                    found.append(policy)
            elif isinstance(call.func, cst.Attribute) and call.func.attr.value == "add_managed_policy" and call.args:
                role = self._role_of(call.func.value)
                managed = self._managed_name(call.args[0].value)
                if role is not None and managed is not None:
                    role.managed.append(managed)
        for role in self.roles.values():
            if role.trust is not None:
                found.append(role.trust)
            identity = self._identity(role)
            found.append(identity)
            attached = attached_managed_policies(identity)
            found.extend(attached)
            role.policies.extend(attached)
            for policy in role.policies:
                policy.ai_reason = policy.ai_reason or role.ai_reason
                if len(role.policies) > 1:
                    policy.identity_groups.append((f"role `{role.name}`", tuple(role.policies)))
        yield from _with_known_roles(found, self.roles.values(), self.document)

    def _role(self, call: Any) -> _Role:
        kwargs = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        positional = [a.value for a in call.args if a.keyword is None]
        name = self.literal(kwargs["role_name"], "", {}) if "role_name" in kwargs else None
        if not isinstance(name, str):
            construct_id = self.literal(positional[1], "", {}) if len(positional) > 1 else None
            name = construct_id if isinstance(construct_id, str) else self._variable_of(call) or "Role"
        role = _Role(call, name)
        assumed = kwargs.get("assumed_by")
        role.trust = self._trust(assumed, name)
        for principal in self._principal_nodes(assumed):
            found = self.principal(principal)
            service = ai_service(found[1]) if found and found[0] == "Service" else None
            if service:
                role.ai_reason = f"role `{name}` is assumed by {service} (`{found[1]}`)"
                break
        managed = kwargs.get("managed_policies")
        if isinstance(managed, (self.cst.List, self.cst.Tuple)):
            for element in managed.elements:
                entry = self._managed_name(element.value)
                if entry is not None:
                    role.managed.append(entry)
        return role

    def _trust(self, assumed: Any, name: str) -> PolicyDocument | None:
        """The trust policy CDK writes for `assumed_by=...`, located at the principals."""
        from lint.formats.python import SpanDocument

        if assumed is None:
            return None
        span = self.document.span_of(assumed)
        spans = {"": span, "/Statement": span, "/Statement/0": span, "/Statement/0/Principal": span}
        principal: Any = {}
        for node in self._principal_nodes(assumed):
            found = self.principal(node)
            if found is None:
                continue
            kind, value = found
            if kind == "*":
                principal = {"AWS": "*"}
                spans["/Statement/0/Principal/AWS"] = self.document.span_of(node)
                break
            index = len(principal.setdefault(kind, []))
            principal[kind].append(value)
            spans[f"/Statement/0/Principal/{kind}/{index}"] = self.document.span_of(node)
        if not principal:
            return None
        action = "sts:AssumeRoleWithWebIdentity" if "Federated" in principal else "sts:AssumeRole"
        data = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": principal, "Action": action}]}
        return PolicyDocument(SpanDocument(self.document, data, spans), "", PolicyKind.TRUST, name)

    def _principal_nodes(self, node: Any) -> list[Any]:
        cst = self.cst
        if isinstance(node, cst.Call) and self.iam_name(node.func) == "CompositePrincipal":
            return [a.value for a in node.args]
        return [node] if node is not None else []

    def _managed_name(self, node: Any) -> tuple[str, Span] | None:
        cst = self.cst
        if isinstance(node, cst.Call) and node.args:
            name = self.iam_name(node.func)
            value = self.literal(node.args[-1].value, "", {})
            if name == "ManagedPolicy.from_aws_managed_policy_name" and isinstance(value, str):
                return value, self.document.span_of(node)
            if name == "ManagedPolicy.from_managed_policy_arn" and isinstance(value, str):
                return value, self.document.span_of(node)
        return None

    def _variable_of(self, call: Any) -> str | None:
        for name, value in self.variables.items():
            if value is call:
                return name
        return None

    def _role_of(self, expression: Any) -> _Role | None:
        """The role a `role.add_to_policy(...)` receiver or a grantee names (a variable holding `iam.Role(...)`)."""
        cst = self.cst
        target = expression
        if isinstance(expression, cst.Name) and expression.value in self.variables:
            target = self.variables[expression.value]
        elif isinstance(expression, cst.Attribute) and isinstance(expression.value, cst.Name) and expression.value.value == "self":
            target = self.variables.get(expression.attr.value) or self._self_attribute(expression.attr.value)
        return self.roles.get(id(target))

    def _self_attribute(self, name: str) -> Any:
        return self.attributes.get(name)

    def _holder(self, call: Any) -> _Role | None:
        """The role a statement is added to: `role.add_to_policy(stmt)` or `role.add_to_principal_policy(stmt)`."""
        cst = self.cst
        parent = self.document.parents.get(call)
        if isinstance(parent, cst.Arg):
            outer = self.document.parents.get(parent)
            if (
                isinstance(outer, cst.Call)
                and isinstance(outer.func, cst.Attribute)
                and outer.func.attr.value in ("add_to_policy", "add_to_principal_policy")
            ):
                return self._role_of(outer.func.value)
        return None

    def _statement_policy(self, call: Any) -> Subject | Problem:
        spans: dict[str, Span] = {"": self.document.span_of(call), "/Statement": self.document.span_of(call)}
        statement = self._statement(call, "/Statement/0", spans)
        return self._policy(call, statement, spans)

    def _document_policy(self, call: Any, statements: list[Any]) -> Subject:
        """`iam.PolicyDocument(statements=[...])` (or `iam.Policy` / `iam.ManagedPolicy`): one policy."""
        span = self.document.span_of(call)
        spans: dict[str, Span] = {"": span, "/Statement": span}
        built = [self._statement(s, f"/Statement/{i}", spans) for i, s in enumerate(statements)]
        roles = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "roles"), None)
        holder = self._holder(call)
        if holder is None and isinstance(roles, (self.cst.List, self.cst.Tuple)) and roles.elements:
            holder = self._role_of(roles.elements[0].value)
        name = holder.name if holder else self._variable_of(call) or "PolicyDocument"
        return self._build(built, spans, name, holder)

    def _grouped_statements(self, call: Any) -> list[Any] | None:
        """The `PolicyStatement(...)` calls listed in `statements=[...]` of a document-making call."""
        cst = self.cst
        if self.iam_name(call.func) not in ("PolicyDocument", "Policy", "ManagedPolicy"):
            return None
        node = next((a.value for a in call.args if a.keyword is not None and a.keyword.value == "statements"), None)
        if not isinstance(node, (cst.List, cst.Tuple)):
            return None
        items = [e.value for e in node.elements]
        if not items or not all(isinstance(i, cst.Call) and self.iam_name(i.func) == "PolicyStatement" for i in items):
            return None
        return items

    def _statement(self, call: Any, base: str, spans: dict[str, Span]) -> dict[str, Any]:
        spans[base] = self.document.span_of(call)
        kwargs = {a.keyword.value: a.value for a in call.args if a.keyword is not None}
        statement: dict[str, Any] = {"Effect": "Allow"}
        if "effect" in kwargs:
            spans[f"{base}/Effect"] = self.document.span_of(kwargs["effect"])
            effect = _dotted(kwargs["effect"])
            statement["Effect"] = "Deny" if effect.endswith("Effect.DENY") or effect == "DENY" else "Allow"
        if "sid" in kwargs:
            sid = self.literal(kwargs["sid"], f"{base}/Sid", spans)
            if isinstance(sid, str):
                statement["Sid"] = sid
        for keyword, key in (("actions", "Action"), ("not_actions", "NotAction"), ("resources", "Resource"), ("not_resources", "NotResource")):
            if keyword in kwargs:
                value = self.literal(kwargs[keyword], f"{base}/{key}", spans)
                statement[key] = value if isinstance(value, list) else []
        for keyword, key in (("principals", "Principal"), ("not_principals", "NotPrincipal")):
            node = kwargs.get(keyword)
            if isinstance(node, (self.cst.List, self.cst.Tuple)):
                statement[key] = self._principals(node, f"{base}/{key}", spans)
        if "conditions" in kwargs:
            value = self.literal(kwargs["conditions"], f"{base}/Condition", spans)
            if isinstance(value, dict):
                statement["Condition"] = value
        return statement

    def _principals(self, node: Any, pointer: str, spans: dict[str, Span]) -> Any:
        spans[pointer] = self.document.span_of(node)
        out: dict[str, list[str]] = {}
        for element in node.elements:
            found = self.principal(element.value)
            if found is None:
                continue
            kind, value = found
            if kind == "*":
                spans[pointer] = self.document.span_of(element.value)
                return "*"
            index = len(out.setdefault(kind, []))
            out[kind].append(value)
            spans[f"{pointer}/{kind}/{index}"] = self.document.span_of(element.value)
            spans.setdefault(f"{pointer}/{kind}", self.document.span_of(element.value))
        return out

    def _json_policy(self, call: Any) -> Subject | Problem:
        spans: dict[str, Span] = {"": self.document.span_of(call)}
        statement = self.literal(call.args[0].value, "/Statement/0", spans)
        spans.setdefault("/Statement", self.document.span_of(call))
        if not isinstance(statement, dict):
            statement = {}
        return self._policy(call, statement, spans)

    def _grant(self, call: Any) -> Subject | None:
        cst = self.cst
        receiver = call.func.value
        construct_call = self.variables.get(receiver.value) if isinstance(receiver, cst.Name) else None
        if construct_call is None and isinstance(receiver, cst.Attribute) and isinstance(receiver.value, cst.Name) and receiver.value.value == "self":
            construct_call = self._self_attribute(receiver.attr.value)
        construct = _dotted(construct_call.func).rsplit(".", 1)[-1] if isinstance(construct_call, cst.Call) else None
        actions = GRANTS.get((construct or "", call.func.attr.value))
        if not actions or not call.args:
            return None
        span = self.document.span_of(call)
        variable = receiver.value if isinstance(receiver, cst.Name) else _dotted(receiver)
        statement = {
            "Effect": "Allow",
            "Action": list(actions),
            "Resource": [f"arn:aws:{CONSTRUCT_SERVICE[construct]}:::{variable}"],
        }
        spans = {"": span, "/Statement": span, "/Statement/0": span, "/Statement/0/Action": self.document.span_of(call.func.attr)}
        holder = self._role_of(call.args[0].value)
        policy = self._build([statement], spans, f"{variable}.{call.func.attr.value}()", holder)
        policy.generated_by = f"CDK `{call.func.attr.value}`"
        return policy

    def _policy(self, call: Any, statement: dict[str, Any], spans: dict[str, Span]) -> Subject:
        holder = self._holder(call)
        name = holder.name if holder else self._variable_of(call) or "PolicyStatement"
        return self._build([statement], spans, name, holder)

    def _build(self, statements: list[dict[str, Any]], spans: dict[str, Span], name: str, holder: _Role | None) -> PolicyDocument:
        from lint.formats.python import SpanDocument

        data = {"Version": "2012-10-17", "Statement": statements}
        with_principal = any("Principal" in s or "NotPrincipal" in s for s in statements)
        kind = PolicyKind.RESOURCE if with_principal else PolicyKind.IDENTITY
        document = SpanDocument(self.document, data, spans)
        policy = PolicyDocument(document, "", kind, name, identities=(name,) + ((holder.name,) if holder else ()))
        if holder is not None and kind is PolicyKind.IDENTITY:
            holder.policies.append(policy)
        return policy

    def _identity(self, role: _Role) -> IamIdentity:
        from lint.formats.python import SpanDocument

        spans = {"": self.document.span_of(role.node)}
        managed = []
        for i, (value, span) in enumerate(role.managed):
            spans[f"/managed/{i}"] = span
            managed.append(Item(value, f"/managed/{i}"))
        identity = IamIdentity(SpanDocument(self.document, {}, spans), "", "role", role.name, managed)
        identity.identities = (role.name,)
        identity.ai_reason = role.ai_reason
        return identity


def _with_known_roles(found: list, roles: Any, document: Any) -> list:
    """The app's roles by ARN on every policy, for `iam:PassRole` / `sts:AssumeRole` on `role.role_arn`."""
    from lint.subjects.iam import KnownRole
    from lint.subjects.identity import ADMIN_GRADE_MANAGED, aws_managed_name

    known = {
        f"arn:aws:iam::${{AccountId}}:role/{r.name}": KnownRole(
            f"role `{r.name}`", tuple(r.policies), document, document.span_of(r.node), r.trust,
            next((n for m, _ in r.managed if (n := aws_managed_name(m)) and n.lower() in ADMIN_GRADE_MANAGED), None),
        )
        for r in roles
    }
    for subject in found:
        if isinstance(subject, PolicyDocument):
            subject.known_roles = known
    return found

