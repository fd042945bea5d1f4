"""MCP tools declared in server source code, with their annotations and what their bodies do.

Python (read with libcst, never imported): functions decorated `@<server>.tool(...)` on an MCP
`FastMCP` server (the official `mcp` SDK or `fastmcp`), with `annotations=ToolAnnotations(...)` or
`annotations={...}` and an optional `name=`. What the body does comes from `lint.pyeffects`
(shell, files, destructive cloud calls, HTTP), following calls into the module and the repository.

TypeScript / JavaScript (a bounded lexical scan, never run): `server.registerTool("name", {…,
annotations: {…}}, handler)` and `server.tool("name", …, {readOnlyHint: …}, handler)`. The
call's text is scanned for `child_process` execution, `fs.rm`/`unlink`, destructive SQL strings,
AWS SDK `Delete*`/`Terminate*` commands and state-changing HTTP requests.

MCP's defaults when a hint is absent: `readOnlyHint` false, `destructiveHint` true,
`idempotentHint` false, `openWorldHint` true (MCP specification, `ToolAnnotations`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lint.document import Document, join, line_starts, span_from_offsets
from lint.model import Span
from lint.subjects.base import Extractor, Item, Problem, Subject
from lint.subjects import recognizers
from lint.subjects.recognizers import MCP_SCRIPT_TOOL_CALL as _TS_CALL
from lint.subjects.manifests.model import BodyEffect, ManifestData, ManifestTool, ToolManifest
from lint.formats.python import walk as _walk

HINTS = ("readOnlyHint", "destructiveHint", "idempotentHint", "openWorldHint")


class McpPythonExtractor(recognizers.McpPython, Extractor):
    """MCP tools in Python servers (`@mcp.tool`)."""

    def extract(self, document: Any) -> Iterator[Subject | Problem]:
        import libcst as cst

        from lint.formats.python import SpanDocument

        spans: dict[str, Span] = {}
        data = ManifestData(product="mcp-server", name=document.path)
        index = None
        for node in _walk(document.module):
            if not isinstance(node, cst.FunctionDef):
                continue
            decorator = next((d.decorator for d in node.decorators if _is_tool(d.decorator, cst)), None)
            if decorator is None:
                continue
            if index is None:
                from lint.pyeffects import ModuleIndex

                index = ModuleIndex(document.module, document.path, document.positions, file=document.file)
            at = join("/tools", len(data.tools))
            name = node.name.value
            spans[at] = document.span_of(node.name)
            annotations: list[tuple[str, Item[Any]]] = []
            if isinstance(decorator, cst.Call):
                for arg in decorator.args:
                    keyword = arg.keyword.value if arg.keyword is not None else None
                    if keyword == "name" and isinstance(arg.value, cst.SimpleString):
                        name = arg.value.evaluated_value if isinstance(arg.value.evaluated_value, str) else name
                    elif keyword == "annotations":
                        for hint, value_node in _hints(arg.value, cst):
                            pointer = join(at, "annotations", hint)
                            spans[pointer] = document.span_of(value_node)
                            annotations.append((hint, Item(_bool(value_node, cst), pointer)))
            data.tools.append(ManifestTool(
                name=name, pointer=at, kind="mcp-tool", annotations=tuple(annotations),
                body=tuple(_python_effects(node, index, document.path)), body_span=document.span_of(node.name),
                executor="this MCP server",
            ))
        self._declared_tools(document, data, spans, cst)
        if data.tools:
            yield ToolManifest(SpanDocument(document, {}, spans), data)

    @staticmethod
    def _declared_tools(document: Any, data: ManifestData, spans: dict[str, Span], cst: Any) -> None:
        """Low-level servers list `Tool(name=..., annotations=ToolAnnotations(...))` in `list_tools()`
        and dispatch calls by name elsewhere: the annotations are read, judged against the name."""
        constants = _class_constants(document.module, cst)
        for node in _walk(document.module):
            if not (isinstance(node, cst.Call) and _callee(node.func, cst) == "Tool"):
                continue
            fields = {a.keyword.value: a.value for a in node.args if a.keyword is not None}
            name_node, annotations_node = fields.get("name"), fields.get("annotations")
            if annotations_node is None:
                continue
            if isinstance(name_node, cst.SimpleString) and isinstance(name_node.evaluated_value, str):
                name = name_node.evaluated_value
            elif isinstance(name_node, cst.Attribute) and isinstance(name_node.value, cst.Name):
                name = constants.get((name_node.value.value, name_node.attr.value))
            else:
                name = None
            if name is None:
                continue
            at = join("/tools", len(data.tools))
            spans[at] = document.span_of(name_node)
            annotations = []
            for hint, value_node in _hints(annotations_node, cst):
                pointer = join(at, "annotations", hint)
                spans[pointer] = document.span_of(value_node)
                annotations.append((hint, Item(_bool(value_node, cst), pointer)))
            data.tools.append(ManifestTool(name=name, pointer=at, kind="mcp-tool", annotations=tuple(annotations),
                                           executor="this MCP server"))


def _callee(node: Any, cst: Any) -> str | None:
    if isinstance(node, cst.Name):
        return node.value
    return node.attr.value if isinstance(node, cst.Attribute) else None


def _class_constants(module: Any, cst: Any) -> dict[tuple[str, str], str]:
    """`("GitTools", "STATUS") -> "git_status"` for string constants of module-level classes (enums)."""
    found: dict[tuple[str, str], str] = {}
    for statement in module.body:
        if not isinstance(statement, cst.ClassDef):
            continue
        for line in getattr(statement.body, "body", ()):
            if not isinstance(line, cst.SimpleStatementLine):
                continue
            for small in line.body:
                if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name) \
                        and isinstance(small.value, cst.SimpleString) and isinstance(small.value.evaluated_value, str):
                    found[(statement.name.value, small.targets[0].target.value)] = small.value.evaluated_value
    return found


def _is_tool(decorator: Any, cst: Any) -> bool:
    target = decorator.func if isinstance(decorator, cst.Call) else decorator
    return isinstance(target, cst.Attribute) and target.attr.value == "tool"


def _hints(value: Any, cst: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, cst.Call):
        for arg in value.args:
            if arg.keyword is not None and arg.keyword.value in HINTS:
                yield arg.keyword.value, arg.value
    elif isinstance(value, cst.Dict):
        for element in value.elements:
            key = getattr(element, "key", None)
            if isinstance(key, cst.SimpleString) and key.evaluated_value in HINTS:
                yield key.evaluated_value, element.value


def _bool(node: Any, cst: Any) -> Any:
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return node.value == "True"
    return None  # computed: not judged


_HTTP_WRITE = re.compile(r"\.(post|put|patch|delete)\b|method\W+(POST|PUT|PATCH|DELETE)", re.I)
_PY_KINDS = {"shell": "shell", "code": "shell", "delete-files": "delete", "write-files": "write", "cloud-destructive": "cloud-destructive"}


def _python_effects(function: Any, index: Any, path: str) -> Iterator[BodyEffect]:
    from lint.pyeffects import effects_of

    for effect in effects_of(function, index):
        kind = _PY_KINDS.get(effect.kind)
        if kind is None and effect.kind == "network" and _HTTP_WRITE.search(effect.detail):
            kind = "http-write"
        if kind is None:
            continue
        where = "" if effect.path == path else f" (in `{effect.path}` line {effect.span.start_line})"
        via = f" via {' -> '.join(effect.via)}" if effect.via else ""
        yield BodyEffect(kind, f"{effect.detail}{via}{where}", effect.span if effect.path == path else Span(0, 0, 0, 0))


# -- TypeScript / JavaScript ---------------------------------------------------------------------------
_TS_NAME = re.compile(r"""\s*(["'`])([^"'`\\\n]{1,200})\1""")
_TS_IDENT = re.compile(r"\s*([A-Za-z_$][\w$]{0,100})\s*,")
_TS_SECOND = re.compile(r"\s*([A-Za-z_$][\w$]{0,100})\s*[,)]")
_OBJECT = re.compile(r"\s*(\{)")
_TS_HINT = re.compile(r"\b(readOnlyHint|destructiveHint|idempotentHint|openWorldHint)\s*:\s*(true|false)\b")
#: Effects in a handler's text: (pattern, kind, what it is).
_TS_EFFECTS = (
    (re.compile(r"\b(?:exec|execSync|execFile|execFileSync|spawn|spawnSync|fork)\s*\(|\bexeca(?:Command)?\s*\(|\bshell\.exec\s*\("), "shell", "runs a command (child_process)"),
    (re.compile(r"\.(?:rm|rmSync|unlink|unlinkSync|rmdir|rmdirSync)\s*\(|\brimraf\s*\("), "delete", "deletes files (fs)"),
    (re.compile(r"\.(?:writeFile|writeFileSync|appendFile|appendFileSync|rename|renameSync|copyFile|copyFileSync)\s*\("), "write", "writes files (fs)"),
    (re.compile(r"\b(?:DROP|TRUNCATE)\s+(?:TABLE|DATABASE|SCHEMA)\b|\bDELETE\s+FROM\b", re.I), "sql-destructive", "runs destructive SQL"),
    (re.compile(r"\b(?:INSERT\s+INTO|UPDATE\s+[\w.\"`]+\s+SET)\b", re.I), "write", "runs SQL that writes"),
    (re.compile(r"\bnew\s+(?:Delete|Terminate|Purge|Remove|Deregister|Destroy)\w*Command\s*\("), "cloud-destructive", "sends a destructive AWS SDK command"),
    (re.compile(r"\bmethod\s*:\s*[\"'](?:POST|PUT|PATCH|DELETE)[\"']|\b(?:axios|got|ky)\.(?:post|put|patch|delete)\s*\(", re.I), "http-write", "sends a state-changing HTTP request"),
)
#: Bare `fs` functions (`rmSync(...)`, `await rm(...)`), counted only in files that import `fs`.
_FS_IMPORT = re.compile(r"""["'](?:node:)?fs(?:/promises)?["']""")
_FS_BARE = (
    (re.compile(r"(?<![\w.$])(?:rm|rmSync|unlink|unlinkSync|rmdir|rmdirSync)\s*\("), "delete", "deletes files (fs)"),
    (re.compile(r"(?<![\w.$])(?:writeFile|writeFileSync|appendFile|appendFileSync|rename|renameSync)\s*\("), "write", "writes files (fs)"),
)
#: The longest tool registration read; a longer one is cut there, and at most `MAX_TOOLS`
#: registrations are read per file (hostile input stays bounded: a minified bundle is not scanned forever).
MAX_CALL = 40_000
MAX_TOOLS = 200
MAX_SCANNED = 2_000_000  # characters of registrations read per file


class McpScriptExtractor(recognizers.McpScript, Extractor):
    """MCP tools in TypeScript and JavaScript servers (`registerTool`, `server.tool`)."""

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        from lint.formats.python import SpanDocument

        text = document.text
        starts = line_starts(text)
        spans: dict[str, Span] = {}
        data = ManifestData(product="mcp-server", name=document.path)
        patterns = _TS_EFFECTS + (_FS_BARE if _FS_IMPORT.search(text) else ())
        declared: dict[tuple[str, str], re.Match[str] | None] = {}
        scanned = 0
        for match in _TS_CALL.finditer(text):
            if len(data.tools) >= MAX_TOOLS or scanned > MAX_SCANNED:
                break
            name = _TS_NAME.match(text, match.end())
            after = name.end() if name is not None else None
            if name is None:  # `registerTool(name, config, handler)` with constants declared in the file
                ident = _TS_IDENT.match(text, match.end())
                name = _declared(text, ident.group(1), _TS_NAME, declared) if ident else None
                after = ident.end() if ident else None
            if name is None:
                continue
            end = _call_end(text, match.end() - 1)
            scanned += end - match.end()
            body = text[match.end():end]
            at = join("/tools", len(data.tools))
            spans[at] = span_from_offsets(text, name.start(2), name.end(2), starts)
            regions = [(match.end(), body)]
            second = _TS_SECOND.match(text, after) if match.group(1) == "registerTool" else None
            if second is not None:
                config = _declared(text, second.group(1), _OBJECT, declared)
                if config is not None:
                    regions.append((config.start(1), text[config.start(1):_call_end(text, config.start(1))]))
            annotations = []
            for offset_base, region in regions:
                for hint in _TS_HINT.finditer(region):
                    pointer = join(at, "annotations", hint.group(1))
                    offset = offset_base + hint.start(2)
                    spans[pointer] = span_from_offsets(text, offset, offset + len(hint.group(2)), starts)
                    annotations.append((hint.group(1), Item(hint.group(2) == "true", pointer)))
            effects = []
            for pattern, kind, what in patterns:
                for found in pattern.finditer(body):
                    offset = match.end() + found.start()
                    effects.append(BodyEffect(kind, f"{what}: `{found.group(0).strip()}`",
                                              span_from_offsets(text, offset, offset + len(found.group(0)), starts)))
            effects.sort(key=lambda e: e.span)
            data.tools.append(ManifestTool(
                name=name.group(2), pointer=at, kind="mcp-tool", annotations=tuple(annotations), body=tuple(effects),
                body_span=spans[at], executor="this MCP server",
            ))
        if data.tools:
            yield ToolManifest(SpanDocument(document, {}, spans), data)


def _declared(text: str, identifier: str, value: re.Pattern[str], seen: dict) -> re.Match[str] | None:
    """`value` matched right after `const|let|var identifier =` in `text` (the first declaration);
    each identifier is looked up once per file."""
    key = (identifier, value.pattern)
    if key not in seen:
        seen[key] = _find_declared(text, identifier, value)
    return seen[key]


def _find_declared(text: str, identifier: str, value: re.Pattern[str]) -> re.Match[str] | None:
    declaration = re.search(rf"\b(?:const|let|var)\s+{re.escape(identifier)}\b", text)
    if declaration is None:
        return None
    rest = re.compile(r"\s*(?::[^=;]{0,200})?=").match(text, declaration.end())
    if rest is None:
        return None
    found = value.match(text, rest.end())
    return found


_STRUCTURE = re.compile(r"""["'`()\[\]{}]|//|/\*""")


def _call_end(text: str, open_paren: int) -> int:
    """Offset just past the `)` closing the call opened at `open_paren`, skipping strings and
    comments; at most `MAX_CALL` characters are read."""
    depth = 0
    i, limit = open_paren, min(len(text), open_paren + MAX_CALL)
    while i < limit:
        found = _STRUCTURE.search(text, i, limit)
        if found is None:
            return limit
        token, i = found.group(0), found.start()
        if token in "\"'`":
            i = _string_end(text, i, limit)
        elif token == "//":
            close = text.find("\n", i + 2, limit)
            i = limit if close < 0 else close + 1
        elif token == "/*":
            close = text.find("*/", i + 2, limit)
            i = limit if close < 0 else close + 2
        else:
            depth += 1 if token in "([{" else -1
            i += 1
            if depth == 0:
                return i
    return limit


def _string_end(text: str, start: int, limit: int) -> int:
    quote = text[start]
    i = start + 1
    while i < limit:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if c == quote or (c == "\n" and quote != "`"):
            return i + 1
        i += 1
    return limit
