"""Amazon Bedrock agents' action groups, in CloudFormation/SAM templates and Terraform.

CloudFormation: `AWS::Bedrock::Agent` `Properties.ActionGroups[]` with `ActionGroupExecutor`
(`Lambda` or `CustomControl: RETURN_CONTROL`), `FunctionSchema.Functions[]` (`Name`, `Parameters`,
`RequireConfirmation: ENABLED | DISABLED`, optional; absent asks no one) and `ApiSchema.Payload`
(an inline OpenAPI document whose operations carry `x-requireConfirmation`). Terraform:
`aws_bedrockagent_agent_action_group` with `action_group_executor { lambda | custom_control }`,
`function_schema { member_functions { functions { name, parameters, require_confirmation } } }`
(older providers: `function_schema { functions { … } }`) and `api_schema { payload }`, where the
payload may be a heredoc or `file("…")` of a file in the module.

Both also state, for the repository graph, each Lambda function the template or module defines
and the role it runs as, so an agent's action group can be followed to what its code may do.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from lint.document import Document, join
from lint.iac.intrinsics import referenced_resource, static_string
from lint.subjects.base import Extractor, Item, Problem, Subject
from lint.subjects import recognizers
from lint.subjects.manifests.model import ManifestData, ManifestTool, ToolManifest
from lint.subjects.manifests.openapi import embedded, load_beside, operations, parse_text

if TYPE_CHECKING:
    from lint.graph.facts import WorkloadFact

_LAMBDA_ARN = re.compile(r":function:([A-Za-z0-9_-]+)")
_FN_TYPES = ("AWS::Lambda::Function", "AWS::Serverless::Function")
_DEFAULT = "DISABLED"


def _props(body: Any) -> dict[str, Any]:
    props = body.get("Properties") if isinstance(body, dict) else None
    return props if isinstance(props, dict) else {}


def lambda_name_of_arn(value: str) -> str | None:
    match = _LAMBDA_ARN.search(value)
    if match is None or "${" in value[match.start():]:
        return None
    return match.group(1)


# -- CloudFormation ----------------------------------------------------------------------------------
class BedrockCloudFormationExtractor(recognizers.BedrockCloudFormation, Extractor):
    """Bedrock agents and Lambda functions in CloudFormation and SAM templates."""

    def accepts(self, document: Document) -> bool:
        data = document.data
        return isinstance(data, dict) and isinstance(data.get("Resources"), dict)

    def extract(self, document: Document) -> Iterator[Subject | Problem | WorkloadFact]:
        resources = {k: v for k, v in document.data["Resources"].items() if isinstance(v, dict)}
        for logical, body in resources.items():
            kind = body.get("Type")
            if kind in _FN_TYPES:
                yield self._workload(document, resources, logical, body)
            elif kind == "AWS::Bedrock::Agent":
                yield from self._agent(document, resources, logical, body)

    @staticmethod
    def _function_name(resources: dict[str, Any], logical: str) -> str:
        return static_string(_props(resources.get(logical)).get("FunctionName")) or logical

    @staticmethod
    def _role_name(resources: dict[str, Any], value: Any) -> str | None:
        target = referenced_resource(value)
        if target is not None:
            if resources.get(target, {}).get("Type") != "AWS::IAM::Role":
                return None
            return static_string(_props(resources[target]).get("RoleName")) or target
        return static_string(value)

    def _workload(self, document: Document, resources: dict[str, Any], logical: str, body: dict[str, Any]) -> WorkloadFact:
        from lint.graph.facts import IdentityRef, WorkloadFact, locate

        props = _props(body)
        at = join("/Resources", logical)
        name = self._function_name(resources, logical)
        identities: tuple[IdentityRef, ...] = ()
        if "Role" in props:
            role = self._role_name(resources, props["Role"])
            if role:
                identities = (IdentityRef("role", role, locate(document, join(at, "Properties", "Role"), f"role of Lambda `{name}`")),)
        elif body.get("Type") == "AWS::Serverless::Function":
            # SAM creates the function's role; its policies are read as the function's own (`Policies`)
            identities = (IdentityRef("role", logical, locate(document, at, f"role SAM creates for `{name}`")),)
        return WorkloadFact(location=locate(document, at, f"Lambda function `{name}`"), kind="lambda", name=name, identities=identities)

    def _agent(self, document: Document, resources: dict[str, Any], logical: str, body: dict[str, Any]) -> Iterator[Subject | Problem]:
        props = _props(body)
        at = join("/Resources", logical, "Properties")
        data = ManifestData(product="bedrock-agent", name=static_string(props.get("AgentName")) or logical)
        role = props.get("AgentResourceRoleArn")
        if role is not None:
            data.role = Item(static_string(role) or logical, join(at, "AgentResourceRoleArn"))
            data.role_name = self._role_name(resources, role)
            if data.role_name is None and static_string(role) is None:
                data.role = None
        groups = props.get("ActionGroups")
        for i, group in enumerate(groups if isinstance(groups, list) else []):
            if not isinstance(group, dict) or static_string(group.get("ActionGroupState")) == "DISABLED":
                continue
            if group.get("ParentActionGroupSignature") is not None:
                continue  # AMAZON.UserInput / AMAZON.CodeInterpreter: built-in, no schema of ours
            gat = join(at, "ActionGroups", i)
            executor, executor_at = self._executor(resources, group.get("ActionGroupExecutor"), join(gat, "ActionGroupExecutor"), data)
            grants = self._grants(resources, group.get("ActionGroupExecutor"))
            functions = group.get("FunctionSchema", {}).get("Functions") if isinstance(group.get("FunctionSchema"), dict) else None
            for j, function in enumerate(functions if isinstance(functions, list) else []):
                if isinstance(function, dict) and isinstance(function.get("Name"), str):
                    data.tools.append(_with_grants(_cfn_function(function, join(gat, "FunctionSchema", "Functions", j), executor, executor_at), grants))
            schema = group.get("ApiSchema")
            if isinstance(schema, dict):
                payload = schema.get("Payload")
                if isinstance(payload, str):
                    inner = embedded(document, join(gat, "ApiSchema", "Payload"), payload)
                    if inner is None:
                        yield Problem("`ApiSchema.Payload` is not a JSON or YAML OpenAPI document", join(gat, "ApiSchema", "Payload"))
                    else:
                        data.tools.extend(_with_grants(tool, grants) for tool in operations(
                            inner, "", inner.data, "bedrock", executor=executor, executor_pointer=executor_at, owner=document))
                elif "S3" in schema or payload is not None:
                    data.unjudged.append((
                        join(gat, "ApiSchema"),
                        f"the OpenAPI schema of action group `{static_string(group.get('ActionGroupName')) or i}` is not in this "
                        "template (S3 or computed): its operations' confirmation settings could not be judged",
                    ))
        yield ToolManifest(document, data, join("/Resources", logical))

    def _grants(self, resources: dict[str, Any], executor: Any) -> tuple[tuple[str, ...], str | None, str | None]:
        """Destructive actions the executor Lambda's role holds through policies written in this
        template (the role's `Policies`, a SAM function's inline `Policies`), its name and where."""
        if not isinstance(executor, dict):
            return (), None, None
        function = referenced_resource(executor.get("Lambda"))
        body = resources.get(function or "", {})
        if body.get("Type") not in _FN_TYPES:
            return (), None, None
        props = _props(body)
        holders: list[tuple[str, str, Any]] = []  # (role name, pointer of the Policies list, the list)
        role = referenced_resource(props.get("Role"))
        if role and resources.get(role, {}).get("Type") == "AWS::IAM::Role":
            name = static_string(_props(resources[role]).get("RoleName")) or role
            holders.append((name, join("/Resources", role, "Properties", "Policies"), _props(resources[role]).get("Policies")))
            for logical, other in resources.items():
                attached = _props(other).get("Roles") if other.get("Type") in ("AWS::IAM::Policy", "AWS::IAM::ManagedPolicy") else None
                if isinstance(attached, list) and any(referenced_resource(r) == role for r in attached):
                    holders.append((name, join("/Resources", logical, "Properties"), [_props(other)]))
        elif body.get("Type") == "AWS::Serverless::Function" and "Role" not in props:
            holders.append((function, join("/Resources", function, "Properties", "Policies"), props.get("Policies")))
        for name, base, policies in holders:
            for i, policy in enumerate(policies if isinstance(policies, list) else []):
                document = policy.get("PolicyDocument", policy) if isinstance(policy, dict) else None
                statements = document.get("Statement") if isinstance(document, dict) else None
                for j, statement in enumerate(statements if isinstance(statements, list) else [statements]):
                    found = _destructive(statement)
                    if found:
                        pointer = join(base, i, "PolicyDocument", "Statement", j, "Action") if "PolicyDocument" in policy else join(base, i, "Statement", j, "Action")
                        return found, name, pointer
        return (), None, None

    def _executor(self, resources: dict[str, Any], executor: Any, at: str, data: ManifestData) -> tuple[str | None, str | None]:
        if not isinstance(executor, dict):
            return None, None
        if static_string(executor.get("CustomControl")) == "RETURN_CONTROL":
            return "return of control to the calling application", join(at, "CustomControl")
        value = executor.get("Lambda")
        if value is None:
            return None, None
        target = referenced_resource(value)
        if target is not None and resources.get(target, {}).get("Type") in _FN_TYPES:
            name = self._function_name(resources, target)
        else:
            text = static_string(value)
            if text is None and isinstance(value, dict) and isinstance(value.get("Fn::Sub"), str):
                text = value["Fn::Sub"]
            name = lambda_name_of_arn(text) if text else None
        pointer = join(at, "Lambda")
        if name:
            data.workloads.append((f"lambda:{name}", pointer))
            return f"Lambda `{name}`", pointer
        return "a Lambda function", pointer


def _destructive(statement: Any) -> tuple[str, ...]:
    """Destructive actions an `Allow` statement grants, from the risk catalogue (static action names only)."""
    if not isinstance(statement, dict) or statement.get("Effect") != "Allow":
        return ()
    from lint.iam import catalog
    from lint.iam.risks import risk_actions

    destructive = risk_actions("destructive")
    actions = statement.get("Action")
    found: list[str] = []
    for pattern in actions if isinstance(actions, list) else [actions]:
        if not isinstance(pattern, str):
            continue
        found.extend(info.full_name for info in catalog.expand(pattern) if info.full_name in destructive)
    return tuple(dict.fromkeys(found))


def _with_grants(tool: ManifestTool, grants: tuple[tuple[str, ...], str | None, str | None]) -> ManifestTool:
    from dataclasses import replace

    actions, role, pointer = grants
    return replace(tool, executor_grants=actions, executor_role=role, executor_grant_pointer=pointer) if actions else tool


def _cfn_function(function: dict[str, Any], at: str, executor: str | None, executor_at: str | None) -> ManifestTool:
    value = function.get("RequireConfirmation")
    parameters = function.get("Parameters")
    return ManifestTool(
        name=function["Name"],
        pointer=join(at, "Name"),
        kind="function",
        confirmation=Item(value, join(at, "RequireConfirmation")) if value is not None else None,
        confirmation_key="RequireConfirmation",
        confirmed=static_string(value) == "ENABLED",
        confirmation_default=_DEFAULT,
        parameters=tuple(Item(str(k), join(at, "Parameters", k)) for k in (parameters if isinstance(parameters, dict) else {})),
        executor=executor,
        executor_pointer=executor_at,
    )


# -- Terraform ---------------------------------------------------------------------------------------
_TF_REF = re.compile(r"^(aws_[a-z0-9_]+)\.([\w-]+)\.(?:arn|id|name|agent_id|function_name|invoke_arn|qualified_arn)$")
_FILE = re.compile(r'^file\(\s*"([^"]+)"\s*\)$')


class BedrockTerraformExtractor(recognizers.BedrockTerraform, Extractor):
    """Bedrock agent action groups and Lambda functions in Terraform."""

    def extract(self, document: Document) -> Iterator[Subject | Problem | WorkloadFact]:
        text = document.text
        if "aws_bedrockagent_agent_action_group" not in text and "aws_lambda_function" not in text:
            return
        resources = document.data.get("resource") if isinstance(document.data, dict) else None
        if not isinstance(resources, dict):
            return
        known = _module_resources(document, resources)
        for name, body in (resources.get("aws_lambda_function") or {}).items():
            if isinstance(body, dict):
                yield _tf_workload(document, known, name, body)
        for name, body in (resources.get("aws_bedrockagent_agent_action_group") or {}).items():
            if isinstance(body, dict):
                yield from _tf_action_group(document, known, name, body)


def _module_resources(document: Document, own: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Resources of the module (this file and its sibling `.tf` files that define agents, roles or functions)."""
    import os

    from lint.document import ParseError
    from lint.formats.hcl import parse_hcl

    from lint.subjects.terraform import module_files

    merged: dict[str, dict[str, Any]] = {}
    if document.file is not None:
        for entry, text in module_files(document.file)[1]:
            if entry == document.file:
                continue
            if "aws_bedrockagent_agent" not in text and "aws_iam_role" not in text and "aws_lambda_function" not in text:
                continue
            try:
                # named as the engine names it, so the module's files share one parse (lint.formats.hcl cache)
                shown = os.path.join(os.path.dirname(document.path), entry.name) if os.path.dirname(document.path) else entry.name
                sibling = parse_hcl(shown, text)
            except ParseError:
                continue
            resources = sibling.data.get("resource") if isinstance(sibling.data, dict) else None
            for kind, bodies in (resources.items() if isinstance(resources, dict) else ()):
                if isinstance(bodies, dict):
                    merged.setdefault(kind, {}).update({k: v for k, v in bodies.items() if isinstance(v, dict)})
    for kind, bodies in own.items():
        if isinstance(bodies, dict):
            merged.setdefault(kind, {}).update({k: v for k, v in bodies.items() if isinstance(v, dict)})
    return merged


def _tf_ref(value: Any) -> tuple[str, str] | None:
    if getattr(value, "computed", False):
        match = _TF_REF.match(str(value).strip())
        if match:
            return match.group(1), match.group(2)
    return None


def _tf_role(known: dict[str, dict[str, Any]], value: Any) -> str | None:
    ref = _tf_ref(value)
    if ref is not None:
        if ref[0] != "aws_iam_role":
            return None
        body = known.get("aws_iam_role", {}).get(ref[1], {})
        return body.get("name") if isinstance(body.get("name"), str) else ref[1]
    return value if isinstance(value, str) else None


def _tf_function_name(known: dict[str, dict[str, Any]], name: str) -> str:
    body = known.get("aws_lambda_function", {}).get(name, {})
    return body.get("function_name") if isinstance(body.get("function_name"), str) else name


def _tf_workload(document: Document, known: dict[str, dict[str, Any]], name: str, body: dict[str, Any]) -> WorkloadFact:
    from lint.graph.facts import IdentityRef, WorkloadFact, locate

    at = join("/resource/aws_lambda_function", name)
    display = _tf_function_name(known, name)
    role = _tf_role(known, body.get("role"))
    identities = (IdentityRef("role", role, locate(document, join(at, "role"), f"role of Lambda `{display}`")),) if role else ()
    return WorkloadFact(location=locate(document, at, f"Lambda function `{display}`", key=True), kind="lambda", name=display, identities=identities)


def _blocks(value: Any) -> list[tuple[int, dict[str, Any]]]:
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)] if isinstance(value, list) else []


def _tf_action_group(document: Document, known: dict[str, dict[str, Any]], name: str, body: dict[str, Any]) -> Iterator[Subject | Problem]:
    at = join("/resource/aws_bedrockagent_agent_action_group", name)
    if body.get("action_group_state") == "DISABLED" or body.get("parent_action_group_signature") is not None:
        return
    group = body.get("action_group_name") if isinstance(body.get("action_group_name"), str) else name
    agent_name = group
    data = ManifestData(product="bedrock-agent", name=agent_name)
    agent = _tf_ref(body.get("agent_id"))
    if agent is not None and agent[0] == "aws_bedrockagent_agent":
        agent_body = known.get("aws_bedrockagent_agent", {}).get(agent[1], {})
        data.name = agent_body.get("agent_name") if isinstance(agent_body.get("agent_name"), str) else agent[1]
        role_value = agent_body.get("agent_resource_role_arn")
        role = _tf_role(known, role_value)
        if role and agent[1] in (document.data.get("resource", {}).get("aws_bedrockagent_agent") or {}):
            data.role, data.role_name = Item(role, join("/resource/aws_bedrockagent_agent", agent[1], "agent_resource_role_arn")), role
        elif role:
            # the agent is defined in another file of the module: name its role at the action group's agent_id
            data.role, data.role_name = Item(role, join(at, "agent_id")), role
    executor = executor_at = None
    grants: tuple[tuple[str, ...], str | None, str | None] = ((), None, None)
    for i, block in _blocks(body.get("action_group_executor")):
        if block.get("custom_control") == "RETURN_CONTROL":
            executor, executor_at = "return of control to the calling application", join(at, "action_group_executor", i, "custom_control")
        elif "lambda" in block:
            executor_at = join(at, "action_group_executor", i, "lambda")
            ref = _tf_ref(block["lambda"])
            fn = _tf_function_name(known, ref[1]) if ref and ref[0] == "aws_lambda_function" else (
                lambda_name_of_arn(block["lambda"]) if isinstance(block["lambda"], str) else None)
            executor = f"Lambda `{fn}`" if fn else "a Lambda function"
            if fn:
                data.workloads.append((f"lambda:{fn}", executor_at))
            if ref and ref[0] == "aws_lambda_function":
                grants = _tf_grants(document, known, ref[1])
    for i, schema in _blocks(body.get("function_schema")):
        containers = [(join(at, "function_schema", i), schema)]
        containers += [(join(at, "function_schema", i, "member_functions", k), m) for k, m in _blocks(schema.get("member_functions"))]
        for base, container in containers:
            for j, function in _blocks(container.get("functions")):
                if isinstance(function.get("name"), str):
                    data.tools.append(_with_grants(_tf_function(function, join(base, "functions", j), executor, executor_at), grants))
    for i, schema in _blocks(body.get("api_schema")):
        payload = schema.get("payload")
        pat = join(at, "api_schema", i, "payload")
        spec_doc: Document | None = None
        if isinstance(payload, dict):
            spec_doc, base, spec = document, pat, payload
        elif isinstance(payload, str):
            spec_doc = embedded(document, pat, payload) if parse_text(document.path, payload) is not None else None
            base, spec = "", spec_doc.data if spec_doc is not None else None
        elif getattr(payload, "computed", False):
            loaded = _FILE.match(str(payload).strip())
            relative = loaded.group(1).replace("${path.module}/", "").replace("${path.module}", ".") if loaded else None
            spec_doc = load_beside(document, relative) if relative else None
            base, spec = "", spec_doc.data if spec_doc is not None else None
        if spec_doc is None:
            if payload is not None or _blocks(schema.get("s3")):
                data.unjudged.append((
                    pat if payload is not None else join(at, "api_schema", i),
                    f"the OpenAPI schema of action group `{group}` is not readable here (S3, a variable or an outside "
                    "file): confirmation could not be judged",
                ))
            continue
        data.tools.extend(_with_grants(tool, grants) for tool in operations(
            spec_doc, base, spec, "bedrock", executor=executor, executor_pointer=executor_at, owner=document))
    yield ToolManifest(document, data, at)


def _tf_grants(document: Document, known: dict[str, dict[str, Any]], function: str) -> tuple[tuple[str, ...], str | None, str | None]:
    """Destructive actions this file grants the role of `aws_lambda_function.<function>`: its
    `aws_iam_role_policy` resources and the role's `inline_policy` blocks, written as `jsonencode`."""
    role = _tf_ref(known.get("aws_lambda_function", {}).get(function, {}).get("role"))
    if role is None or role[0] != "aws_iam_role":
        return (), None, None
    own = document.data.get("resource", {}) if isinstance(document.data, dict) else {}
    role_body = known.get("aws_iam_role", {}).get(role[1], {})
    name = role_body.get("name") if isinstance(role_body.get("name"), str) else role[1]
    candidates: list[tuple[str, Any]] = []
    for policy_name, policy in (own.get("aws_iam_role_policy") or {}).items():
        holder = _tf_ref(policy.get("role")) if isinstance(policy, dict) else None
        if holder == role:
            candidates.append((join("/resource/aws_iam_role_policy", policy_name, "policy"), policy.get("policy")))
    if role[1] in (own.get("aws_iam_role") or {}):
        for i, block in _blocks(role_body.get("inline_policy")):
            candidates.append((join("/resource/aws_iam_role", role[1], "inline_policy", i, "policy"), block.get("policy")))
    for base, policy in candidates:
        statements = policy.get("Statement") if isinstance(policy, dict) else None
        for j, statement in enumerate(statements if isinstance(statements, list) else [statements]):
            found = _destructive(statement)
            if found:
                return found, name, join(base, "Statement", j, "Action")
    return (), None, None


def _tf_function(function: dict[str, Any], at: str, executor: str | None, executor_at: str | None) -> ManifestTool:
    value = function.get("require_confirmation")
    parameters = [(k, p) for k, p in _blocks(function.get("parameters")) if isinstance(p.get("map_block_key"), str)]
    return ManifestTool(
        name=function["name"],
        pointer=join(at, "name"),
        kind="function",
        confirmation=Item(value, join(at, "require_confirmation")) if value is not None else None,
        confirmation_key="require_confirmation",
        confirmed=value == "ENABLED",
        confirmation_default=_DEFAULT,
        parameters=tuple(Item(p["map_block_key"], join(at, "parameters", k, "map_block_key")) for k, p in parameters),
        executor=executor,
        executor_pointer=executor_at,
    )
