"""OpenAPI documents as agent tools: GPT Actions and Amazon Bedrock action-group schemas.

Each operation is a tool. Who confirms a call depends on the product:

- GPT Actions: `x-openai-isConsequential` on the operation. `true` always asks the user; `false`
  lets the user pick "Always allow". Absent, GET operations count as not consequential and every
  other method as consequential (OpenAI, "Production notes on GPT Actions").
- Bedrock agents: `x-requireConfirmation: ENABLED | DISABLED` on the operation; absent means no
  confirmation is asked (Bedrock user guide, "Define OpenAPI schemas for your agent's action groups").

A standalone OpenAPI file is read as GPT Actions when it uses an `x-openai-` extension, and as a
Bedrock schema when it uses `x-requireConfirmation`; one an action group loads (Terraform `file()`,
CDK `ApiSchema.from_local_asset`) is read with the action group.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from lint.discover import read_text_bounded
from lint.document import Document, ParseError, join
from lint.model import Span
from lint.subjects.base import Extractor, Item, Problem, Subject
from lint.subjects import recognizers
from lint.subjects.manifests.model import ManifestData, ManifestTool, ToolManifest

METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


class OpenApiToolsExtractor(recognizers.OpenApiTools, Extractor):
    """OpenAPI documents that declare agent tools (GPT Actions, Bedrock action-group schemas)."""

    def accepts(self, document: Document) -> bool:
        data = document.data
        return isinstance(data, dict) and isinstance(data.get("paths"), dict) and ("openapi" in data or "swagger" in data)

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        product = "gpt-action" if "x-openai-" in document.text else "bedrock-agent-schema"
        title = _title(document.data) or document.path
        data = ManifestData(product=product, name=title)
        data.tools.extend(operations(document, "", document.data, "gpt" if product == "gpt-action" else "bedrock"))
        yield ToolManifest(document, data)


def _title(data: Any) -> str | None:
    info = data.get("info") if isinstance(data, dict) else None
    title = info.get("title") if isinstance(info, dict) else None
    return title if isinstance(title, str) else None


def operations(document: Document, base: str, spec: Any, flavour: str, *, executor: str | None = None,
               executor_pointer: str | None = None, owner: Document | None = None) -> list[ManifestTool]:
    """The operations of `spec` (written at `base` in `document`) as tools.

    `flavour`: "gpt" or "bedrock", which decides the confirmation field and its default. `owner`
    is the manifest's own document when the schema is written in another file.
    """
    tools: list[ManifestTool] = []
    paths = spec.get("paths") if isinstance(spec, dict) else None
    if not isinstance(paths, dict):
        return tools
    for route, item in paths.items():
        if not isinstance(item, dict):
            continue
        shared = item.get("parameters") if isinstance(item.get("parameters"), list) else []
        for method in METHODS:
            operation = item.get(method)
            if not isinstance(operation, dict):
                continue
            at = join(base, "paths", route, method)
            upper = method.upper()
            name = operation.get("operationId") if isinstance(operation.get("operationId"), str) else str(route)
            if flavour == "gpt":
                key = "x-openai-isConsequential"
                value = operation.get(key)
                default = "false for GET" if upper == "GET" else f"true for {upper}"
                confirmed = value if isinstance(value, bool) else upper != "GET"
            else:
                key = "x-requireConfirmation"
                value = operation.get(key)
                default = "DISABLED"
                confirmed = isinstance(value, str) and value.upper() == "ENABLED"
            tools.append(
                ManifestTool(
                    name=name,
                    pointer=at,
                    kind="operation",
                    method=upper,
                    route=str(route),
                    confirmation=Item(value, join(at, key)) if key in operation else None,
                    confirmation_key=key,
                    confirmed=confirmed,
                    confirmation_default=default,
                    parameters=tuple(_parameters(spec, operation, shared, at, join(base, "paths", route))),
                    executor=executor,
                    executor_pointer=executor_pointer,
                    document=document if owner is not None and owner is not document else None,
                )
            )
    return tools


def _parameters(spec: dict[str, Any], operation: dict[str, Any], shared: list[Any], at: str, item_at: str) -> Iterator[Item[str]]:
    for where, entries in ((item_at, shared), (at, operation.get("parameters"))):
        for i, entry in enumerate(entries if isinstance(entries, list) else []):
            entry = _resolve(spec, entry)
            if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                yield Item(entry["name"], join(where, "parameters", i, "name"))
    body = operation.get("requestBody")
    content = body.get("content") if isinstance(body, dict) else None
    for media, value in (content.items() if isinstance(content, dict) else ()):
        schema = value.get("schema") if isinstance(value, dict) else None
        schema_at = join(at, "requestBody", "content", media, "schema")
        resolved = _resolve(spec, schema)
        if resolved is not schema:  # a local `$ref`: the properties are written where it points
            schema_at = _base_of(at) + schema["$ref"][1:]
        properties = resolved.get("properties") if isinstance(resolved, dict) else None
        for name in properties if isinstance(properties, dict) else ():
            yield Item(str(name), join(schema_at, "properties", name))


def _base_of(at: str) -> str:
    """The pointer of the OpenAPI document holding the operation at `at` (`…/paths/~1x/get`)."""
    return at[: at.rindex("/paths/")] if "/paths/" in at else ""


def _resolve(spec: dict[str, Any], value: Any) -> Any:
    """A local `$ref` (`#/components/schemas/Order`), followed once."""
    if isinstance(value, dict) and isinstance(value.get("$ref"), str) and value["$ref"].startswith("#/"):
        node: Any = spec
        for token in value["$ref"][2:].split("/"):
            node = node.get(token.replace("~1", "/").replace("~0", "~")) if isinstance(node, dict) else None
        return node if isinstance(node, dict) else value
    return value


# -- schemas written elsewhere: inside a template string, in a file an action group loads ----------
class ShiftedDocument(Document):
    """A document parsed from text embedded in another file, located in that file's lines."""

    def __init__(self, inner: Document, outer: Document, line_offset: int, col_offset: int, every_line: bool = False) -> None:
        super().__init__(outer.path, outer.text, inner.data)
        self.format = outer.format
        self.inner = inner
        self.outer = outer
        self.line_offset = line_offset
        self.col_offset = col_offset
        self.every_line = every_line  # a block scalar: every line is indented alike

    def _shift(self, span: Span) -> Span:
        first = self.col_offset if span.start_line == 1 or self.every_line else 0
        last = self.col_offset if span.end_line == 1 or self.every_line else 0
        return Span(span.start_line + self.line_offset, span.start_col + first,
                    span.end_line + self.line_offset, span.end_col + last)

    def locate(self, pointer: str) -> Span:
        return self._shift(self.inner.locate(pointer))

    def locate_key(self, pointer: str) -> Span:
        return self._shift(self.inner.locate_key(pointer))

    def comments(self):
        return self.outer.comments()


def embedded(document: Document, pointer: str, text: str) -> Document | None:
    """The OpenAPI document a string holds (a CloudFormation `Payload`), located inside the string
    when its lines appear verbatim in the file (a YAML block scalar), else at the string itself."""
    from lint.document import MappedDocument

    parsed = parse_text(document.path, text)
    if parsed is None:
        return None
    span = document.locate(pointer)
    lines = document.lines
    first = next((line for line in text.splitlines() if line.strip()), None)
    if first is not None:
        number = text.splitlines().index(first) + 1
        for candidate in range(span.start_line, min(span.start_line + 2, len(lines)) + 1):
            column = lines[candidate - 1].find(first) if 0 < candidate <= len(lines) else -1
            if column >= 0 and (candidate > span.start_line or column >= span.start_col - 1):
                return ShiftedDocument(parsed, document, candidate - number, column, every_line=candidate > span.start_line)
    return MappedDocument(document, parsed.data, {"": pointer})


def parse_text(path: str, text: str) -> Document | None:
    """JSON or YAML text as a document, or None when it is neither."""
    from lint.formats.json import parse_json
    from lint.formats.yaml import parse_yaml

    try:
        document = parse_json(path, text) if text.lstrip().startswith("{") else parse_yaml(path, text)
    except ParseError:
        return None
    return document if isinstance(document.data, dict) else None


def load_beside(document: Document, relative: str) -> Document | None:
    """A JSON or YAML file named relative to `document`'s folder, when it stays inside that folder tree."""
    if document.file is None or "${" in relative or os.path.isabs(relative):
        return None
    folder = document.file.parent.resolve()
    target = (document.file.parent / relative).resolve()
    if folder not in target.parents:
        return None
    try:
        text = read_text_bounded(target, 2 * 1024 * 1024)
    except (OSError, UnicodeDecodeError):
        return None
    display = os.path.normpath(os.path.join(os.path.dirname(document.path), relative))
    loaded = parse_text(display, text)
    if loaded is not None:
        loaded.file = target
    return loaded
