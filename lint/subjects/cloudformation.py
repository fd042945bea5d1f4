"""IAM in CloudFormation and SAM templates (YAML or JSON): policies where they are written.

Every policy document in a template becomes a `PolicyDocument` rooted at its
own pointer, so every IAM check runs on it unchanged and reports at the line of
the template. Roles, users, groups and SAM functions become `IamIdentity`
subjects for what only the identity knows (managed policies attached by ARN or
name). Within one template the extractor links policies to identities: a role
trusted by an AI service principal makes every policy attached to it an AI
identity's, and a managed policy used as a permissions boundary is judged as
a boundary.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lint.ai_identity import ai_service
from lint.document import Document, join
from lint.iac.intrinsics import referenced_resource, static_string
from lint.subjects.base import Extractor, Item, Problem, Subject, type_name
from lint.subjects import recognizers
from lint.subjects.iam import KnownRole, PolicyDocument, PolicyKind, UnjudgedPolicy, is_intrinsic, short_expression, statement_shape_problems
from lint.subjects.identity import IamIdentity, attached_managed_policies


#: Resource types whose property holds a resource-based policy document.
RESOURCE_POLICIES = {
    "AWS::S3::BucketPolicy": "PolicyDocument",
    "AWS::S3::AccessPoint": "Policy",
    "AWS::S3Express::BucketPolicy": "PolicyDocument",
    "AWS::SQS::QueuePolicy": "PolicyDocument",
    "AWS::SNS::TopicPolicy": "PolicyDocument",
    "AWS::KMS::Key": "KeyPolicy",
    "AWS::SecretsManager::ResourcePolicy": "ResourcePolicy",
    "AWS::ECR::Repository": "RepositoryPolicyText",
    "AWS::EFS::FileSystem": "FileSystemPolicy",
    "AWS::OpenSearchService::Domain": "AccessPolicies",
    "AWS::Elasticsearch::Domain": "AccessPolicies",
    "AWS::Backup::BackupVault": "AccessPolicy",
    "AWS::Events::EventBusPolicy": "Statement",
    "AWS::Logs::ResourcePolicy": "PolicyDocument",
    "AWS::XRay::ResourcePolicy": "PolicyDocument",
    "AWS::ApiGateway::RestApi": "Policy",
    "AWS::CodeArtifact::Repository": "PermissionsPolicyDocument",
    "AWS::CodeArtifact::Domain": "PermissionsPolicyDocument",
    "AWS::Glue::ResourcePolicy": "PolicyInJson",
}
#: Inline policies as resources of their own (`AWS::IAM::RolePolicy`), and the property naming their holder.
INLINE_POLICY_TYPES = {"AWS::IAM::RolePolicy": "RoleName", "AWS::IAM::UserPolicy": "UserName", "AWS::IAM::GroupPolicy": "GroupName"}
IDENTITY_TYPES = {"AWS::IAM::Role": "role", "AWS::IAM::User": "user", "AWS::IAM::Group": "group"}
POLICY_TYPES = ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy")
SERVERLESS_TYPES = {"AWS::Serverless::Function": "function", "AWS::Serverless::StateMachine": "state machine"}


class CloudFormationExtractor(recognizers.CloudFormation, Extractor):
    """CloudFormation and SAM templates."""

    def accepts(self, document: Document) -> bool:
        data = document.data
        if not isinstance(data, dict) or not isinstance(data.get("Resources"), dict):
            return False
        return any(
            isinstance(body, dict) and isinstance(body.get("Type"), str) and body["Type"].startswith("AWS::")
            for body in data["Resources"].values()
        )

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        yield from Template(document).subjects()


class Template:
    """One template's IAM: identities, the policies attached to each, resource policies."""

    def __init__(self, document: Document, base: str = "") -> None:
        """`base`: where the template sits in the document (`/resources` in serverless.yml)."""
        self.document = document
        self.base = base
        resources = document.get(join(base, "Resources")) if base else document.data.get("Resources")
        self.resources: dict[str, dict[str, Any]] = {
            name: body for name, body in (resources or {}).items() if isinstance(body, dict)
        }
        self.ai_reasons = self._ai_reasons()
        self.boundaries = self._boundaries()
        #: identity logical id -> its identity policies, in the order they were read
        self.members: dict[str, list[PolicyDocument]] = {}

    # -- what the template says about its identities -----------------------------------------------
    def _ai_reasons(self) -> dict[str, str]:
        """Role logical id -> why it is an AI identity (its trust policy admits an AI service)."""
        reasons = {}
        for name, body in self.resources.items():
            if body.get("Type") != "AWS::IAM::Role":
                continue
            trust = _properties(body).get("AssumeRolePolicyDocument")
            for principal in _service_principals(trust):
                service = ai_service(principal)
                if service:
                    reasons[name] = f"role `{name}` is assumable by {service} (`{principal}`)"
                    break
        # The Lambda functions of a Bedrock agent's action groups are the agent's hands.
        for agent_name, body in self.resources.items():
            if body.get("Type") != "AWS::Bedrock::Agent":
                continue
            groups = _properties(body).get("ActionGroups")
            for group in groups if isinstance(groups, list) else []:
                executor = group.get("ActionGroupExecutor") if isinstance(group, dict) else None
                function = referenced_resource(executor.get("Lambda")) if isinstance(executor, dict) else None
                function_body = self.resources.get(function or "")
                if not function_body:
                    continue
                group_name = static_string(group.get("ActionGroupName")) or "?"
                why = f"runs Lambda function `{function}` of Bedrock agent `{agent_name}` action group `{group_name}`"
                role = referenced_resource(_properties(function_body).get("Role"))
                if role in self.resources and role not in reasons:
                    reasons[role] = f"role `{role}` {why}"
                elif function_body.get("Type") == "AWS::Serverless::Function" and function not in reasons:
                    reasons[function] = f"function `{function}` {why}"
        return reasons

    def _boundaries(self) -> set[str]:
        """Logical ids of managed policies used as a permissions boundary."""
        used = set()
        for body in self.resources.values():
            target = referenced_resource(_properties(body).get("PermissionsBoundary"))
            if target:
                used.add(target)
        return used

    def _pointer(self, name: str, *parts: str | int) -> str:
        pointer = join(join(self.base, "Resources"), name)
        for part in parts:
            pointer = join(pointer, part)
        return pointer

    # -- subjects ---------------------------------------------------------------------------------
    def subjects(self) -> Iterator[Subject | Problem]:
        found = list(self._subjects())
        boundaries = {
            policy.identities[0]: policy
            for policy in found
            if isinstance(policy, PolicyDocument) and policy.kind is PolicyKind.BOUNDARY and policy.identities
        }
        holders: dict[int, set[str]] = {}
        for identity, policies in self.members.items():
            label = self._label(identity)
            for policy in policies:
                policy.identity_groups.append((label, tuple(policies)))
                holders.setdefault(id(policy), set()).add(self._boundary_of(identity))
        # A boundary applies to a policy when every identity holding it has that same boundary.
        for policies in self.members.values():
            for policy in policies:
                (only,) = holders[id(policy)] if len(holders[id(policy)]) == 1 else (None,)
                policy.boundary = boundaries.get(only) if only else None
        known = self._known_roles(found)
        for subject in found:
            if isinstance(subject, PolicyDocument):
                subject.known_roles = known
        yield from found

    def arn_of(self, name: str) -> str | None:
        """The ARN of a role, user or group of the template, written with the account computed."""
        body = self.resources.get(name)
        kind = IDENTITY_TYPES.get(body.get("Type", "")) if body else None
        if kind is None:
            return None
        display = static_string(_properties(body).get(f"{kind.capitalize()}Name")) or name
        return f"arn:aws:iam::${{AccountId}}:{kind}/{display}"

    def resolve_arn(self, value: Any) -> str | None:
        """`!GetAtt Deployer.Arn` -> the ARN of that role, when the template declares it."""
        if not (isinstance(value, dict) and len(value) == 1 and "Fn::GetAtt" in value):
            return None
        argument = value["Fn::GetAtt"]
        parts = argument if isinstance(argument, list) else str(argument).split(".", 1)
        if len(parts) != 2 or parts[1] != "Arn" or not isinstance(parts[0], str):
            return None
        return self.arn_of(parts[0])

    def _known_roles(self, found: list) -> dict[str, KnownRole]:
        from lint.subjects.identity import ADMIN_GRADE_MANAGED, aws_managed_name

        trusts = {p.identities[0]: p for p in found if isinstance(p, PolicyDocument) and p.kind is PolicyKind.TRUST and p.identities}
        roles = {}
        for name, body in self.resources.items():
            if body.get("Type") != "AWS::IAM::Role":
                continue
            admin = next(
                (m for m in (aws_managed_name(v) for v in (static_string(e) for e in _list(_properties(body).get("ManagedPolicyArns"))) if v)
                 if m and m.lower() in ADMIN_GRADE_MANAGED),
                None,
            )
            label = self._label(name)
            roles[self.arn_of(name)] = KnownRole(
                label, tuple(self.members.get(name, ())), self.document, self._pointer(name), trusts.get(label.split("`")[1]), admin
            )
        return roles

    def _boundary_of(self, identity: str) -> str:
        """Logical id of the identity's permissions boundary in this template, or ""."""
        return referenced_resource(_properties(self.resources[identity]).get("PermissionsBoundary")) or ""

    def _label(self, name: str) -> str:
        body = self.resources.get(name, {})
        kind = IDENTITY_TYPES.get(body.get("Type", ""), "identity")
        display = static_string(_properties(body).get(f"{kind.capitalize()}Name")) or name
        return f"{kind} `{display}`"

    def _subjects(self) -> Iterator[Subject | Problem]:
        for name, body in self.resources.items():
            kind = body.get("Type")
            if not isinstance(kind, str):
                continue
            props = _properties(body)
            if kind in IDENTITY_TYPES:
                yield from self._identity(name, IDENTITY_TYPES[kind], props)
            elif kind in POLICY_TYPES:
                yield from self._attached_policy(name, props)
            elif kind in INLINE_POLICY_TYPES:
                yield from self._inline_policy_resource(name, props, INLINE_POLICY_TYPES[kind])
            elif kind in SERVERLESS_TYPES:
                yield from self._serverless(name, SERVERLESS_TYPES[kind], props)
            elif kind == "AWS::Lambda::Permission":
                policy = self._lambda_permission(name, props)
                if policy is not None:
                    yield policy
            elif kind in RESOURCE_POLICIES:
                key = RESOURCE_POLICIES[kind]
                if kind == "AWS::Events::EventBusPolicy":
                    if isinstance(props.get("Statement"), dict):
                        yield from self._policy(self._pointer(name, "Properties"), PolicyKind.RESOURCE, name, wrap=True)
                elif key in props:
                    for subject in self._policy(self._pointer(name, "Properties", key), PolicyKind.RESOURCE, name):
                        if isinstance(subject, PolicyDocument) and kind == "AWS::S3::BucketPolicy":
                            subject.public_access_block = self._public_access_block(props.get("Bucket"))
                        yield subject

    def _public_access_block(self, bucket: Any) -> str | None:
        """`PublicAccessBlockConfiguration` of the template's bucket that keeps a bucket policy from making it public."""
        target = referenced_resource(bucket)
        body = self.resources.get(target or "")
        if not body or body.get("Type") != "AWS::S3::Bucket":
            return None
        block = _properties(body).get("PublicAccessBlockConfiguration")
        if isinstance(block, dict):
            for key in ("RestrictPublicBuckets", "BlockPublicPolicy"):
                if block.get(key) is True or block.get(key) == "true":
                    return f"bucket `{target}` sets `{key}: true`"
        return None

    def _lambda_permission(self, name: str, props: dict[str, Any]) -> PolicyDocument | None:
        from lint.iac.lambda_permission import permission_policy

        keys = {"principal": "Principal", "action": "Action", "source_arn": "SourceArn",
                "source_account": "SourceAccount", "principal_org_id": "PrincipalOrgID"}
        # a computed principal or action is unknown (no finding); a computed condition still constrains
        values = {
            role: static_string(props.get(key)) if role in ("principal", "action") else _static_or_marker(props.get(key))
            for role, key in keys.items()
        }
        pointers = {role: self._pointer(name, "Properties", key) for role, key in keys.items()}
        return permission_policy(self.document, name, values, pointers, self._pointer(name))

    def _identity(self, name: str, kind: str, props: dict[str, Any]) -> Iterator[Subject | Problem]:
        display = static_string(props.get(f"{kind.capitalize()}Name")) or name
        reason = self.ai_reasons.get(name)
        if kind == "role" and "AssumeRolePolicyDocument" in props:
            yield from self._policy(self._pointer(name, "Properties", "AssumeRolePolicyDocument"), PolicyKind.TRUST, display)
        yield from self._inline_policies(name, props, display, reason)
        identity = IamIdentity(
            self.document, self._pointer(name), kind, display, self._managed(name, props.get("ManagedPolicyArns"), "ManagedPolicyArns")
        )
        identity.ai_reason = reason
        identity.identities = (name,)
        yield identity
        for policy in attached_managed_policies(identity):
            self.members.setdefault(name, []).append(policy)
            yield policy

    def _inline_policies(self, name: str, props: dict[str, Any], display: str, reason: str | None) -> Iterator[Subject | Problem]:
        policies = props.get("Policies")
        if not isinstance(policies, list):
            return
        for i, policy in enumerate(policies):
            if isinstance(policy, dict) and "PolicyDocument" in policy:
                yield from self._policy(
                    self._pointer(name, "Properties", "Policies", i, "PolicyDocument"),
                    PolicyKind.IDENTITY,
                    display,
                    ai_reason=reason,
                    identities=(name, display),
                    attach_to=(name,),
                )

    def _inline_policy_resource(self, name: str, props: dict[str, Any], holder_key: str) -> Iterator[Subject | Problem]:
        """`AWS::IAM::RolePolicy`: one inline policy of the role, user or group it names."""
        if "PolicyDocument" not in props:
            return
        holder = referenced_resource(props.get(holder_key))
        holder = holder if holder in self.resources else None
        reason = self.ai_reasons.get(holder) if holder else None
        display = static_string(props.get("PolicyName")) or name
        yield from self._policy(
            self._pointer(name, "Properties", "PolicyDocument"),
            PolicyKind.IDENTITY,
            display,
            ai_reason=reason,
            identities=(name, *((holder,) if holder else ())),
            attach_to=(holder,) if holder else (),
        )

    def _attached_policy(self, name: str, props: dict[str, Any]) -> Iterator[Subject | Problem]:
        if "PolicyDocument" not in props:
            return
        attached = [
            target
            for key in ("Roles", "Users", "Groups")
            for target in (referenced_resource(v) for v in _list(props.get(key)))
            if target
        ]
        attached += [
            ident
            for ident, body in self.resources.items()
            if any(referenced_resource(v) == name for v in _list(_properties(body).get("ManagedPolicyArns")))
        ]
        reason = next((self.ai_reasons[t] for t in attached if t in self.ai_reasons), None)
        kind = PolicyKind.BOUNDARY if name in self.boundaries else PolicyKind.IDENTITY
        display = static_string(props.get("ManagedPolicyName")) or static_string(props.get("PolicyName")) or name
        yield from self._policy(
            self._pointer(name, "Properties", "PolicyDocument"),
            kind,
            display,
            ai_reason=reason,
            identities=(name, *attached),
            attach_to=tuple(attached) if kind is PolicyKind.IDENTITY else (),
        )

    def _serverless(self, name: str, kind: str, props: dict[str, Any]) -> Iterator[Subject | Problem]:
        """SAM `Policies`: a managed policy name or ARN, an inline document, or a list of them."""
        policies = props.get("Policies")
        entries = list(enumerate(policies)) if isinstance(policies, list) else [(None, policies)]
        managed: list[Item[str]] = []
        for index, entry in entries:
            parts = ("Properties", "Policies") + (() if index is None else (index,))
            pointer = self._pointer(name, *parts)
            value = static_string(entry)
            if value is not None:
                managed.append(Item(value, pointer))
            elif isinstance(entry, dict) and "Statement" in entry:
                yield from self._policy(pointer, PolicyKind.IDENTITY, name, identities=(name,), ai_reason=self.ai_reasons.get(name))
            elif isinstance(entry, dict) and len(entry) == 1:
                template = next(iter(entry))
                policy = sam_template_policy(self.document, template, join(pointer, template), name)
                if policy is not None:
                    policy.ai_reason = policy.ai_reason or self.ai_reasons.get(name)
                    yield policy
        identity = IamIdentity(self.document, self._pointer(name), kind, name, managed)
        identity.identities = (name,)
        identity.ai_reason = self.ai_reasons.get(name)
        yield identity
        yield from attached_managed_policies(identity)

    def _managed(self, name: str, value: Any, key: str) -> list[Item[str]]:
        items = []
        for i, entry in enumerate(_list(value)):
            resolved = static_string(entry)
            if resolved is not None:
                items.append(Item(resolved, self._pointer(name, "Properties", key, i)))
        return items

    def _policy(
        self,
        pointer: str,
        kind: PolicyKind,
        name: str,
        *,
        ai_reason: str | None = None,
        identities: tuple[str, ...] = (),
        wrap: bool = False,
        attach_to: tuple[str, ...] = (),
    ) -> Iterator[Subject | Problem]:
        raw = self.document.get(pointer)
        document, root = self.document, pointer
        what = f"`{pointer.rsplit('/', 1)[-1]}` of `{name}`"
        if is_intrinsic(raw):
            yield UnjudgedPolicy(self.document, pointer, what, short_expression(_written(raw)), name)
            return
        if isinstance(raw, str):
            # a policy written as a JSON string (`PolicyDocument: '{"Statement": ...}'`): located at the string
            import json

            from lint.document import MappedDocument

            try:
                parsed = json.loads(raw)
            except ValueError:
                parsed = None
            if not isinstance(parsed, dict):
                yield Problem(f"{what} is not a JSON policy document", pointer)
                return
            document, root, raw = MappedDocument(self.document, parsed, {"": pointer}), "", parsed
        body = raw.get("Statement") if isinstance(raw, dict) else None
        statements_at = join(root, "Statement")
        if is_intrinsic(body):
            yield UnjudgedPolicy(self.document, join(pointer, "Statement"), f"`Statement` of `{name}`", short_expression(_written(body)), name)
            return
        if not isinstance(body, (dict, list)):
            yield Problem(f"policy document has no `Statement` list ({type_name(body)})", pointer)
            return
        for problem in statement_shape_problems(body, statements_at, intrinsics=True):
            yield problem if document is self.document else Problem(problem.message, span=document.locate(problem.pointer or ""), key=problem.key)
        if isinstance(body, list) and document is self.document:
            for i, statement in enumerate(body):
                if is_intrinsic(statement):
                    yield UnjudgedPolicy(
                        self.document, join(statements_at, i), f"statement {i} of {what}", short_expression(_written(statement)), name
                    )
        if wrap:
            # EventBridge bus policies hold one statement's elements directly under `Statement`.
            policy = PolicyDocument(document, statements_at, kind, name, statements_only=True, identities=identities, resolve_arn=self.resolve_arn)
        else:
            policy = PolicyDocument(document, root, kind, name, identities=identities, resolve_arn=self.resolve_arn)
        policy.self_arns = {arn for holder in attach_to if (arn := self.arn_of(holder))}
        policy.origin = statements_at if wrap else pointer
        if ai_reason and not policy.ai_reason:
            policy.ai_reason = ai_reason
        for identity in dict.fromkeys(attach_to):
            if identity in self.resources:
                self.members.setdefault(identity, []).append(policy)
        yield policy


def _written(value: Any) -> str:
    """An intrinsic function as a reader would write it: `!Ref Policy`, `!If [...]`."""
    if isinstance(value, dict) and len(value) == 1:
        (function, argument), = value.items()
        short = function.removeprefix("Fn::")
        return f"!{short} {argument if isinstance(argument, str) else _compact(argument)}"
    return _compact(value)


def _compact(value: Any) -> str:
    import json

    try:
        return json.dumps(value, separators=(",", ":"), default=str)
    except (TypeError, ValueError):
        return str(value)


def _static_or_marker(value: Any) -> str | None:
    """A condition value: the static string, or a marker when the template computes it (still a condition)."""
    if value is None:
        return None
    resolved = static_string(value)
    return resolved if resolved is not None else "${computed}"


def _properties(body: dict[str, Any]) -> dict[str, Any]:
    props = body.get("Properties")
    return props if isinstance(props, dict) else {}


def _list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _service_principals(trust: Any) -> Iterator[str]:
    if not isinstance(trust, dict):
        return
    statements = trust.get("Statement")
    for statement in statements if isinstance(statements, list) else [statements]:
        if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
            continue
        principal = statement.get("Principal")
        if isinstance(principal, dict):
            for value in _list(principal.get("Service")):
                resolved = static_string(value)
                if resolved:
                    yield resolved


def sam_template_policy(document: Document, template: str, pointer: str, holder: str) -> PolicyDocument | None:
    """What a SAM policy template (`S3CrudPolicy: {BucketName: ...}`) grants, located at the template's entry."""
    from lint.document import MappedDocument

    statements = _sam_templates().get(template)
    if statements is None:
        return None
    data = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": list(s["actions"]), "Resource": "*" if s["resource"] == "any" else f"arn:aws:sam:::{template}"}
            for s in statements
        ],
    }
    located = MappedDocument(document, data, {"": pointer}, at_keys=True)
    policy = PolicyDocument(located, "", PolicyKind.IDENTITY, holder, identities=(holder,))
    policy.generated_by = f"SAM `{template}`"
    return policy


def _sam_templates() -> dict[str, list[dict[str, Any]]]:
    global _SAM_TEMPLATES
    if _SAM_TEMPLATES is None:
        import yaml

        path = Path(__file__).resolve().parent.parent / "iac" / "data" / "sam-policy-templates.yaml"
        _SAM_TEMPLATES = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return _SAM_TEMPLATES


_SAM_TEMPLATES: dict[str, list[dict[str, Any]]] | None = None


def metadata_ignores(document: Document, problems: list | None = None) -> list:
    """`Metadata: {scopelint: {ignore: [{id, reason}]}}` on a resource: ignores covering that resource's lines.

    Entries may also be bare check ids. Like inline comments, they cannot silence a critical finding
    unless the configuration allows it, and an entry that silences nothing is reported as unused.
    A `scopelint` setting of the wrong shape ignores nothing and is appended to `problems`, located.
    """
    from lint.suppress import IgnoreComment

    problems = problems if problems is not None else []
    data = document.data
    resources = data.get("Resources") if isinstance(data, dict) else None
    if not isinstance(resources, dict) or "scopelint" not in document.text:
        return []
    found = []
    for name, body in resources.items():
        metadata = body.get("Metadata") if isinstance(body, dict) else None
        if not isinstance(metadata, dict) or "scopelint" not in metadata:
            continue
        settings = metadata["scopelint"]
        here = join("/Resources", name, "Metadata", "scopelint")
        if not isinstance(settings, dict) or not isinstance(settings.get("ignore"), list):
            at = join(here, "ignore") if isinstance(settings, dict) and "ignore" in settings else here
            problems.append(Problem(f"`Metadata.scopelint` of resource `{name}` must be `{{ignore: [check ids or {{id, reason}}]}}`; it ignores nothing", at))
            continue
        entries = settings["ignore"]
        resource = document.locate(join("/Resources", name))
        for i, entry in enumerate(entries):
            if isinstance(entry, str):
                check_id, reason = entry, ""
            elif isinstance(entry, dict) and isinstance(entry.get("id"), str):
                check_id, reason = entry["id"], entry.get("reason", "")
            else:
                problems.append(
                    Problem(f"ignore entry of resource `{name}` must be a check id or `{{id, reason}}`, not {type_name(entry)}; it ignores nothing", join(here, "ignore", i))
                )
                continue
            at = document.locate(join("/Resources", name, "Metadata", "scopelint", "ignore", i))
            found.append(
                IgnoreComment(
                    at.start_line,
                    at.start_col,
                    at.end_col if at.end_line == at.start_line else at.start_col + 1,
                    (check_id,),
                    str(reason),
                    own_line=True,
                    scope=(resource.start_line, resource.end_line),
                )
            )
    return found

