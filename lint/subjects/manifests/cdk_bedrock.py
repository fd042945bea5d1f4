"""Amazon Bedrock agents' action groups in Python CDK apps, read with libcst (never imported or run).

Recognised, whatever the module alias (`aws_cdk.aws_bedrock_alpha`, `cdklabs.generative_ai_cdk_constructs`
`bedrock`, the L1 `aws_cdk.aws_bedrock.CfnAgent`):

- `FunctionSchema(functions=[FunctionProps(name=…, require_confirmation=RequireConfirmation.ENABLED)])`
  and `CfnAgent.FunctionSchemaProperty(functions=[CfnAgent.FunctionProperty(name=…, require_confirmation="ENABLED")])`,
  elements written as calls or as dicts; `require_confirmation` absent means DISABLED;
- the action group around it (`AgentActionGroup(…)`, `CfnAgent.AgentActionGroupProperty(…)`) for its
  executor: `ActionGroupExecutor.from_lambda(fn)` / `fromlambda_function(fn)`, `lambda_=fn.function_arn`,
  `ActionGroupExecutor.RETURN_CONTROL` or `custom_control="RETURN_CONTROL"`, where `fn` is a variable
  (or `self.fn`) holding `lambda_.Function(self, "Id", function_name="…")`;
- `ApiSchema.from_local_asset("schema.yaml")` (and `from_asset`): the OpenAPI file beside the app is
  read with the action group.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lint.document import join
from lint.model import Span
from lint.subjects.base import Extractor, Item, Problem, Subject
from lint.subjects import recognizers
from lint.subjects.manifests.model import ManifestData, ManifestTool, ToolManifest
from lint.subjects.manifests.openapi import load_beside, operations
from lint.formats.python import walk as _walk

_SCHEMAS = {"FunctionSchema", "FunctionSchemaProperty"}
_GROUPS = {"AgentActionGroup", "AgentActionGroupProperty"}
_AGENTS = {"Agent", "CfnAgent"}


class CdkBedrockExtractor(recognizers.CdkBedrock, Extractor):
    """Bedrock agent action groups in Python CDK apps."""

    def extract(self, document: Any) -> Iterator[Subject | Problem]:
        import libcst as cst

        from lint.formats.python import SpanDocument

        spans: dict[str, Span] = {}
        data = ManifestData(product="bedrock-agent", name=document.path)
        assigned = _assignments(document.module, cst)
        for node in _walk(document.module):
            if not isinstance(node, cst.Call):
                continue
            callee = _last(node.func, cst)
            if callee in _AGENTS and data.name == document.path:
                name = _keyword(node, ("agent_name", "name"), cst)
                if name is None and len(node.args) > 1 and node.args[1].keyword is None:
                    name = node.args[1].value  # the construct id
                if isinstance(name, cst.SimpleString):
                    data.name = str(name.evaluated_value)
            elif callee in _GROUPS:
                executor, executor_at = self._executor(node, document, spans, assigned, data, cst)
                group_at = join("/groups", len(spans))
                spans[group_at] = document.span_of(node.func)
                for schema in _walk(node):
                    if isinstance(schema, cst.Call) and _last(schema.func, cst) in _SCHEMAS:
                        self._functions(schema, document, spans, data, executor, executor_at, cst)
                api = _keyword(node, ("api_schema",), cst)
                if isinstance(api, cst.Call) and _last(api.func, cst) in ("from_local_asset", "from_asset") and api.args:
                    path = api.args[0].value
                    loaded = load_beside(document, path.evaluated_value) if isinstance(path, cst.SimpleString) else None
                    if loaded is not None:
                        data.tools.extend(operations(loaded, "", loaded.data, "bedrock", executor=executor,
                                                     executor_pointer=executor_at, owner=document))
                    else:
                        pointer = join(group_at, "api_schema")
                        spans[pointer] = document.span_of(api)
                        data.unjudged.append((pointer, "the action group's OpenAPI schema is not a file beside this app: "
                                                       "its operations' confirmation settings could not be judged"))
        if data.tools or data.unjudged:
            yield ToolManifest(SpanDocument(document, {}, spans), data)

    def _executor(self, group: Any, document: Any, spans: dict[str, Span], assigned: dict[str, Any], data: ManifestData,
                  cst: Any) -> tuple[str | None, str | None]:
        value = _keyword(group, ("executor", "action_group_executor"), cst)
        if value is None:
            return None, None
        pointer = join("/executors", len(data.workloads) + len(spans))
        spans[pointer] = document.span_of(value)
        text = document.module.code_for_node(value)
        if "RETURN_CONTROL" in text:
            return "return of control to the calling application", pointer
        target = None
        if isinstance(value, cst.Call):
            inner = value.args[0].value if value.args else _keyword(value, ("lambda_", "lambda_function"), cst)
            target = inner
        if isinstance(target, cst.Attribute) and target.attr.value in ("function_arn", "function_name"):
            target = target.value
        key = target.value if isinstance(target, cst.Name) else target.attr.value if isinstance(target, cst.Attribute) else None
        function = assigned.get(key) if key else None
        if isinstance(function, cst.Call):
            literal = _keyword(function, ("function_name",), cst)
            if isinstance(literal, cst.SimpleString):
                name = str(literal.evaluated_value)
            elif len(function.args) > 1 and isinstance(function.args[1].value, cst.SimpleString):
                name = str(function.args[1].value.evaluated_value)  # the construct id
            else:
                name = key
            data.workloads.append((f"lambda:{name}", pointer))
            return f"Lambda `{name}`", pointer
        return ("a Lambda function", pointer) if "lambda" in text.lower() else (None, None)

    def _functions(self, schema: Any, document: Any, spans: dict[str, Span], data: ManifestData,
                   executor: str | None, executor_at: str | None, cst: Any) -> None:
        functions = _keyword(schema, ("functions",), cst)
        if not isinstance(functions, cst.List):
            return
        for element in functions.elements:
            fields = _fields(element.value, cst)
            name = fields.get("name")
            if not isinstance(name, cst.SimpleString):
                continue
            at = join("/tools", len(data.tools))
            spans[join(at, "name")] = document.span_of(name)
            confirm = fields.get("require_confirmation", fields.get("requireConfirmation"))
            state = None
            if confirm is not None:
                spans[join(at, "require_confirmation")] = document.span_of(confirm)
                state = confirm.evaluated_value if isinstance(confirm, cst.SimpleString) else _last(confirm, cst)
            params = fields.get("parameters")
            parameters = []
            if isinstance(params, cst.Dict):
                for i, entry in enumerate(params.elements):
                    key = getattr(entry, "key", None)
                    if isinstance(key, cst.SimpleString):
                        spans[join(at, "parameters", i)] = document.span_of(key)
                        parameters.append(Item(str(key.evaluated_value), join(at, "parameters", i)))
            data.tools.append(ManifestTool(
                name=str(name.evaluated_value), pointer=join(at, "name"), kind="function",
                confirmation=Item(state, join(at, "require_confirmation")) if confirm is not None else None,
                confirmation_key="require_confirmation", confirmed=state == "ENABLED", confirmation_default="DISABLED",
                parameters=tuple(parameters), executor=executor, executor_pointer=executor_at,
            ))


def _last(node: Any, cst: Any) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return None


def _keyword(call: Any, names: tuple[str, ...], cst: Any) -> Any:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value in names:
            return arg.value
    return None


def _fields(value: Any, cst: Any) -> dict[str, Any]:
    """Keyword arguments of a call, or string keys of a dict."""
    if isinstance(value, cst.Call):
        return {arg.keyword.value: arg.value for arg in value.args if arg.keyword is not None}
    if isinstance(value, cst.Dict):
        return {e.key.evaluated_value: e.value for e in value.elements
                if isinstance(getattr(e, "key", None), cst.SimpleString) and isinstance(e.key.evaluated_value, str)}
    return {}


def _assignments(module: Any, cst: Any) -> dict[str, Any]:
    """`fn = lambda_.Function(...)` and `self.fn = lambda_.Function(...)`: name -> the call (first one wins)."""
    found: dict[str, Any] = {}
    for node in _walk(module):
        if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.value, cst.Call):
            target = node.targets[0].target
            key = target.value if isinstance(target, cst.Name) else target.attr.value if isinstance(target, cst.Attribute) else None
            if key:
                found.setdefault(key, node.value)
    return found
