"""IAM policy subjects: `PolicyDocument`, `Statement`, `Principal`.

Every shape AWS accepts is normalised here once (a Statement object or list,
Action string or list, Principal ``"*"`` or a map of types to one or many
values), so checks see lists of `Item`s that keep their pointers.
"""

from __future__ import annotations

import enum
import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from lint.document import Document, escape, join
from lint.iam.patterns import action_matches
from lint.subjects.base import Extractor, Item, Problem, Subject, as_list, type_name

_STATEMENT_KEYS = (
    "Sid",
    "Effect",
    "Principal",
    "NotPrincipal",
    "Action",
    "NotAction",
    "Resource",
    "NotResource",
    "Condition",
)
_ABSENT = object()
_STR = {str}
_ASSUME_ACTIONS = re.compile(r"^sts:(assumerole\w*|tagsession|setsourceidentity|setcontext|\*)$", re.I)
_SNIFF = re.compile(r"""["']?Statement["']?\s*:""")


_INTERPOLATION = re.compile(r"\$\{([^{}]*)\}")
#: CloudFormation pseudo parameters as they read inside an ARN (no colons, so the ARN still splits into fields).
_PSEUDO = {"AWS::Partition": "aws", "AWS::AccountId": "${AccountId}", "AWS::Region": "${Region}"}


def computed_arn(value: Any) -> str | None:
    """An ARN written with a computed partition, region or account and a literal service and resource,
    as a string checks can judge (`arn:aws:iam::${data.aws_caller_identity.current.account_id}:user/*`).

    Terraform expressions (`"arn:${var.partition}:iam::${local.account}:role/*"`) and CloudFormation
    `Fn::Sub` / `Fn::Join` are read; a computed service or resource part, or anything else, is None."""
    if getattr(value, "computed", False):
        text = str(value).strip()
        if not (len(text) >= 2 and text[0] == '"' and text[-1] == '"'):
            return None
        text = text[1:-1]
        if any(":" in m.group(1) or '"' in m.group(1) for m in _INTERPOLATION.finditer(text)):
            return None
        return _checked_arn(text)
    if isinstance(value, dict) and len(value) == 1:
        ((function, argument),) = value.items()
        if function == "Fn::Sub":
            template = argument[0] if isinstance(argument, list) and argument else argument
            if not isinstance(template, str):
                return None
            return _checked_arn(_INTERPOLATION.sub(lambda m: _PSEUDO.get(m.group(1).strip(), "${" + m.group(1).replace(":", "") + "}"), template))
        if function == "Fn::Join" and isinstance(argument, list) and len(argument) == 2 and isinstance(argument[0], str) and isinstance(argument[1], list):
            parts = []
            for part in argument[1]:
                if isinstance(part, str):
                    parts.append(part)
                elif isinstance(part, dict) and len(part) == 1 and next(iter(part)) == "Ref" and isinstance(part["Ref"], str):
                    parts.append(_PSEUDO.get(part["Ref"], "${" + part["Ref"].replace(":", "") + "}"))
                else:
                    return None
            return _checked_arn(argument[0].join(parts))
    return None


def _checked_arn(text: str) -> str | None:
    """`text` when it is an ARN whose only computed fields are the partition, region and account."""
    fields = text.split(":", 5)
    if len(fields) != 6 or fields[0] != "arn":
        return None
    if "${" in fields[2] or "${" in fields[5] or not fields[5]:
        return None
    return text


class PolicyKind(str, enum.Enum):
    """What a policy document is for; checks that make no sense for a kind stay quiet on it."""

    IDENTITY = "identity"
    RESOURCE = "resource"
    TRUST = "trust"
    BOUNDARY = "boundary"
    SCP = "scp"
    RCP = "rcp"


@dataclass(frozen=True)
class PrincipalEntry:
    """One principal: its type (``AWS``, ``Service``, ``Federated``, ``CanonicalUser`` or ``*``)."""

    type: str
    value: str
    pointer: str


@dataclass
class Principal:
    """A ``Principal`` or ``NotPrincipal`` element."""

    pointer: str
    entries: list[PrincipalEntry] = field(default_factory=list)

    @property
    def is_anyone(self) -> bool:
        """``"*"`` or ``{"AWS": "*"}``: every principal in every account."""
        return any(e.value == "*" and e.type in ("*", "AWS") for e in self.entries)

    def of_type(self, kind: str) -> list[PrincipalEntry]:
        return [e for e in self.entries if e.type == kind]


class Statement:
    """One statement, with each element as pointer-carrying items."""

    def __init__(self, policy: PolicyDocument, index: int | None, pointer: str, raw: dict[str, Any]) -> None:
        # The policy owns its statements; a statement refers back to it weakly, so that a policy and its
        # statements are freed as soon as a file is done with rather than by the cycle collector.
        self._policy = weakref.ref(policy)
        self.index = index
        self.pointer = pointer
        self.raw = raw
        sid = raw.get("Sid")
        self.sid: str | None = sid if isinstance(sid, str) else None
        effect = raw.get("Effect")
        self.effect: str | None = effect if isinstance(effect, str) else None
        self.actions = self._strings("Action")
        self.not_actions = self._strings("NotAction")
        self.resources = self._resources("Resource")
        self.not_resources = self._resources("NotResource")
        self.principal = self._principal("Principal") if "Principal" in raw else None
        self.not_principal = self._principal("NotPrincipal") if "NotPrincipal" in raw else None
        condition = raw.get("Condition")
        self.conditions: dict[str, dict[str, Any]] = condition if isinstance(condition, dict) else {}
        self._condition_keys: frozenset[str] | None = None
        self._any_resource: bool | None = None

    # -- building --------------------------------------------------------------
    # The element names below hold no `~` or `/`: their pointers need no escaping.
    def _strings(self, key: str) -> list[Item[str]] | None:
        value = self.raw.get(key, _ABSENT)
        if value is _ABSENT:
            return None
        pointer = f"{self.pointer}/{key}"
        if isinstance(value, str):
            return [Item(value, pointer)]
        if isinstance(value, list):
            return [Item(v, f"{pointer}/{i}") for i, v in enumerate(value) if isinstance(v, str)]
        return []

    def _resources(self, key: str) -> list[Item[str]] | None:
        items = self._strings(key)
        if items is None:
            return None
        value = self.raw[key]
        if isinstance(value, str) or (isinstance(value, list) and len(items) == len(value)):
            return items
        # an ARN whose partition, region or account is computed is this account's ARN: judge the rest
        resolve = self.policy.resolve_arn
        return [
            i if isinstance(i.value, str) else Item(arn, i.pointer)
            for i in as_list(self.raw[key], f"{self.pointer}/{key}")
            if isinstance(i.value, str) or (arn := (resolve(i.value) if resolve else None) or computed_arn(i.value)) is not None
        ]

    def _principal(self, key: str) -> Principal:
        value = self.raw[key]
        pointer = f"{self.pointer}/{key}"
        principal = Principal(pointer)
        if value == "*":
            principal.entries.append(PrincipalEntry("*", "*", pointer))
        elif isinstance(value, dict):
            for kind, values in value.items():
                for item in as_list(values, join(pointer, kind)):
                    if isinstance(item.value, str):
                        principal.entries.append(PrincipalEntry(kind, item.value, item.pointer))
        return principal

    @property
    def policy(self) -> PolicyDocument:
        """The policy the statement belongs to (while that policy is in use)."""
        return self._policy()  # type: ignore[return-value]

    # -- questions checks ask ------------------------------------------------------
    @property
    def is_allow(self) -> bool:
        return self.effect == "Allow"

    @property
    def is_deny(self) -> bool:
        return self.effect == "Deny"

    def element(self, key: str) -> str:
        """The pointer of an element of this statement (present or not)."""
        return f"{self.pointer}/{key}" if key in _STATEMENT_KEYS else join(self.pointer, key)

    def has(self, key: str) -> bool:
        return key in self.raw

    @property
    def condition_keys(self) -> frozenset[str]:
        """Condition keys used, lower-cased (keys are case-insensitive in IAM); computed once."""
        keys = self._condition_keys
        if keys is None:
            found: set[str] = set()
            for block in self.conditions.values():
                if isinstance(block, dict):
                    found.update(k.lower() for k in block)
            keys = self._condition_keys = frozenset(found)
        return keys

    def covers_action(self, action: str) -> bool:
        """Whether the statement's action element names `action` (IAM wildcard and NotAction semantics)."""
        if self.actions is not None:
            return any(action_matches(a.value, action) for a in self.actions)
        if self.not_actions is not None:
            return not any(action_matches(a.value, action) for a in self.not_actions)
        return False

    def matching_actions(self, action: str) -> list[Item[str]]:
        """The Action items that cover `action`; for NotAction, the NotAction element itself."""
        if self.actions is not None:
            return [a for a in self.actions if action_matches(a.value, action)]
        if self.covers_action(action):
            return [Item("NotAction", self.element("NotAction"))]
        return []

    def allows(self, action: str) -> bool:
        return self.is_allow and self.covers_action(action)

    @property
    def never_applies(self) -> str | None:
        """Why the statement's condition can never hold (a time window in the past, contradictory operators),
        or None. Such an `Allow` grants nothing."""
        if not self.conditions:
            return None
        cached = getattr(self, "_never", False)
        if cached is False:
            from lint.iam.conditions import never_holds

            cached = never_holds(self.conditions)
            self._never = cached
        return cached

    @property
    def any_resource(self) -> bool:
        """``Resource: "*"`` (or a list containing it), or any NotResource; computed once."""
        found = self._any_resource
        if found is None:
            if self.resources is not None:
                found = any(r.value == "*" for r in self.resources)
            else:
                found = self.not_resources is not None
            self._any_resource = found
        return found


@dataclass
class KnownRole:
    """A role declared in the same module or template as a policy that names it."""

    label: str  # "role `deployer`"
    policies: tuple  # its identity policies (PolicyDocument)
    document: Document
    pointer: str  # where the role is declared
    trust: Any = None  # its trust policy (PolicyDocument), when read
    admin_managed: str | None = None  # an admin-grade AWS managed policy it attaches (`AdministratorAccess`)


class PolicyDocument(Subject):
    """An IAM policy document of a given kind."""

    family = "iam"

    def __init__(
        self,
        document: Document,
        pointer: str = "",
        kind: PolicyKind = PolicyKind.IDENTITY,
        name: str | None = None,
        *,
        statements_only: bool = False,
        identities: tuple[str, ...] = (),
        resolve_arn: Any = None,
    ) -> None:
        """`statements_only`: `pointer` is a bare list of statements (serverless.yml), and the
        framework that deploys it supplies the `Version`."""
        super().__init__(document, pointer)
        self.kind = kind
        self.name = name or document.path
        #: Names of the roles, users or groups the policy is attached to (IaC), for AI-identity matching.
        self.identities = identities
        #: For each identity it is attached to (IaC): a label and every policy of that identity, in
        #: document order, so checks can judge the identity's combined permissions.
        self.identity_groups: list[tuple[str, tuple[PolicyDocument, ...]]] = []
        #: The permissions boundary of the identity holding this policy, when the same file declares it:
        #: what the boundary does not allow, the policy does not grant.
        self.boundary: PolicyDocument | None = None
        #: What wrote the statements when the author did not (`grant_read_write()` in CDK): breadth
        #: checks about wording stay quiet on it; risk checks still judge what it grants.
        self.generated_by: str | None = None
        #: Why the identity holding this policy is an AI identity; None when it is not known to be one.
        self.ai_reason: str | None = None
        #: For a bucket policy: the S3 Block Public Access setting declared beside it that keeps the bucket from
        #: being public (`restrict_public_buckets = true` on `aws_s3_bucket_public_access_block.x`), or None.
        self.public_access_block: str | None = None
        #: IaC: turns a reference to an identity of the same module or template (`aws_iam_role.x.arn`,
        #: `!GetAtt X.Arn`) into the ARN it names, so a `Resource` naming it is judged as that ARN.
        self.resolve_arn = resolve_arn
        #: IaC: the pointer of the attribute or property the policy was read from, in the file being linted.
        self.origin: str | None = None
        #: IaC: the ARNs (as `resolve_arn` writes them) of the identities holding this policy.
        self.self_arns: set[str] = set()
        #: IaC: roles of the same module or template, by the ARN `resolve_arn` gives them (filled once
        #: every policy is read).
        self.known_roles: dict[str, KnownRole] = {}
        #: SCPs found in the same run (`lint.iam.org_guardrails.OrgGuardrails`); None when there are none.
        self.org_guardrails = None
        self.implicit_version = statements_only
        raw = document.get(pointer)
        if statements_only:
            raw = {"Version": "2012-10-17", "Statement": raw}
        self.raw: dict[str, Any] = raw if isinstance(raw, dict) else {}
        version = self.raw.get("Version")
        self.version: str | None = version if isinstance(version, str) else None
        self.statements: list[Statement] = []
        body = self.raw.get("Statement")
        base = pointer if statements_only else join(pointer, "Statement")
        if isinstance(body, dict):
            self.statements.append(Statement(self, None, base, body))
        elif isinstance(body, list):
            for i, raw_statement in enumerate(body):
                if isinstance(raw_statement, dict) and not is_intrinsic(raw_statement):
                    self.statements.append(Statement(self, i, f"{base}/{i}", raw_statement))
        self.ai_reason = _ai_reason_from_content(self.statements)

    def allows(self, action: str) -> bool:
        """Whether some Allow covers `action` and no Deny without conditions covers it."""
        allowed = any(s.allows(action) and not s.never_applies for s in self.statements)
        if not allowed:
            return False
        return not any(s.is_deny and not s.conditions and s.covers_action(action) for s in self.statements)

    @cached_property
    def allow_statements(self) -> list[Statement]:
        """The `Allow` statements that can grant something (a condition that never holds grants nothing).

        Computed once: the statements are fixed when the policy is built, and every grant check asks.
        """
        return [s for s in self.statements if s.is_allow and not s.never_applies]


#: Condition keys whose presence on an `Allow` says the grant is for an AI agent's calls.
AI_CONDITION_KEYS = {
    "aws:ismcpserviceaction": "its grants are conditioned on `aws:IsMcpServiceAction`: calls an AI agent makes through the AWS MCP server",
}


def _ai_reason_from_content(statements: list[Statement]) -> str | None:
    for statement in statements:
        if statement.is_allow:
            for key in statement.condition_keys:
                if key in AI_CONDITION_KEYS:
                    return AI_CONDITION_KEYS[key]
    return None


def named_as_scp(path: str) -> bool:
    """A service control policy by its path: a `scps/` folder, `scp*` or `*_scp*` names, `service-control`."""
    lower = path.lower().replace("-", "_")
    name = lower.rsplit("/", 1)[-1]
    return "service_control" in lower or "/scps/" in f"/{lower}" or name.startswith("scp") or "_scp" in name


def detect_kind(path: str, data: dict[str, Any]) -> PolicyKind:
    """Guess what a standalone policy file is from its content, then its name."""
    statements = data.get("Statement")
    statements = statements if isinstance(statements, list) else [statements]
    statements = [s for s in statements if isinstance(s, dict)]
    with_principal = [s for s in statements if "Principal" in s or "NotPrincipal" in s]
    if with_principal:
        trust = all(
            "Resource" not in s
            and "NotResource" not in s
            and any(
                isinstance(a, str) and _ASSUME_ACTIONS.match(a)
                for a in (s.get("Action") if isinstance(s.get("Action"), list) else [s.get("Action")])
            )
            for s in with_principal
        )
        return PolicyKind.TRUST if trust else PolicyKind.RESOURCE
    lower = path.lower().replace("-", "_")
    name = lower.rsplit("/", 1)[-1]
    if named_as_scp(path):
        return PolicyKind.SCP
    if "resource_control" in lower or "/rcps/" in f"/{lower}" or name.startswith("rcp"):
        return PolicyKind.RCP
    if "boundary" in name or "boundaries" in lower:
        return PolicyKind.BOUNDARY
    return PolicyKind.IDENTITY


class PolicyFileExtractor(Extractor):
    """Standalone IAM policy documents in JSON or YAML."""

    name = "iam-policy"

    def sniff(self, text: str) -> bool:
        return "Statement" in text and _SNIFF.search(text) is not None

    def accepts(self, document: Document) -> bool:
        return isinstance(document.data, dict) and "Statement" in document.data

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        data = document.data
        yield from _shape_problems(data)
        yield PolicyDocument(document, "", detect_kind(document.path, data))


def _close_key(key: str) -> str | None:
    import difflib

    lowered = {k.lower(): k for k in _STATEMENT_KEYS}
    if key.lower() in lowered:
        return lowered[key.lower()]
    match = difflib.get_close_matches(key, _STATEMENT_KEYS, n=1, cutoff=0.75)
    return match[0] if match else None


def _shape_problems(data: dict[str, Any]) -> Iterator[Problem]:
    yield from statement_shape_problems(data.get("Statement"), "/Statement")


def is_intrinsic(value: Any) -> bool:
    """A value known only at deploy time: a CloudFormation intrinsic function (`{"Ref": ...}`,
    `{"Fn::Sub": ...}`) or a Terraform expression (anything with a true `computed` attribute)."""
    if getattr(value, "computed", False):
        return True
    return isinstance(value, dict) and len(value) == 1 and next(iter(value)) in _INTRINSICS


_INTRINSICS = frozenset(
    {"Ref", "Condition", "Fn::Sub", "Fn::GetAtt", "Fn::Join", "Fn::If", "Fn::Select", "Fn::Split", "Fn::ImportValue",
     "Fn::FindInMap", "Fn::Base64", "Fn::Cidr", "Fn::GetAZs", "Fn::Transform", "Fn::ToJsonString", "Fn::Length"}
)


def statement_shape_problems(body: Any, pointer: str, *, intrinsics: bool = False) -> Iterator[Problem]:
    """Wrongly shaped statements under `pointer`; with `intrinsics`, CloudFormation functions are values."""
    if not isinstance(body, (dict, list)):
        yield Problem(f"`Statement` must be an object or a list of objects, not {type_name(body)}", pointer)
        return
    base = pointer
    items = [(None, body)] if isinstance(body, dict) else list(enumerate(body))
    for index, statement in items:
        pointer = base if index is None else f"{base}/{index}"
        if intrinsics and is_intrinsic(statement):
            continue
        if not isinstance(statement, dict):
            yield Problem(f"a statement must be an object, not {type_name(statement)}", pointer)
            continue
        for key in ("Action", "NotAction", "Resource", "NotResource"):
            if key not in statement:
                continue
            value = statement[key]
            if intrinsics and is_intrinsic(value):
                continue
            values = value if isinstance(value, list) else [value]
            if {*map(type, values)} <= _STR:
                continue  # strings only (a type test per value, in C)
            for i, v in enumerate(values):
                if not isinstance(v, str) and not (intrinsics and is_intrinsic(v)):
                    where = f"{pointer}/{key}" + (f"/{i}" if isinstance(value, list) else "")
                    yield Problem(f"`{key}` must hold strings, not {type_name(v)}", where)
        for key in ("Principal", "NotPrincipal"):
            if key in statement and not (statement[key] == "*" or isinstance(statement[key], dict)):
                yield Problem(f'`{key}` must be "*" or an object, not {type_name(statement[key])}', f"{pointer}/{key}")
        for key in statement:
            if key not in _STATEMENT_KEYS:
                hint = _close_key(key)
                yield Problem(
                    f"unknown statement element `{key}`" + (f" (did you mean `{hint}`?)" if hint else ""),
                    f"{pointer}/{escape(key)}",
                    key=True,
                )
        if "Condition" in statement and not isinstance(statement["Condition"], dict):
            yield Problem(f"`Condition` must be an object, not {type_name(statement['Condition'])}", f"{pointer}/Condition")


class UnjudgedPolicy(Subject):
    """A policy-bearing attribute (or a statement inside one) whose value is computed where it is written
    (`policy = var.policy_json`, `PolicyDocument: !If [...]`): in scope, but not read. Listed so that a
    reader sees what was not judged rather than believing the file was."""

    family = "iam"

    def __init__(self, document: Document, pointer: str, what: str, expression: str, holder: str = "") -> None:
        super().__init__(document, pointer)
        self.what = what  # "`policy` of `aws_iam_policy.deploy`"
        self.expression = expression  # the value as written, shortened
        self.holder = holder


def short_expression(text: str, limit: int = 60) -> str:
    """An expression as written, on one line, cut to `limit` characters."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
