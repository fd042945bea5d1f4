"""Reads one Python module into `AgentCode`: agents, their tools and gates, located at their calls.

Names are followed within the module (a tools list built in a variable and extended, a factory
function that returns a tool list or an executor, import aliases) and, through `lint.pyeffects`,
into repository modules an import names. Nothing is imported or run.
"""

from __future__ import annotations

import re
from typing import Any

from lint.formats.python import walk as _walk
from lint.formats.python import walk_body as _walk_body
from lint.model import Span
from lint.pyeffects import ModuleIndex, effects_of
from lint.subjects.agent_code.knowledge import Framework, knowledge
from lint.subjects.agent_code.model import (
    REACHES,
    AgentCode,
    Capability,
    CodeAgent,
    EffectRef,
    Gate,
    Identity,
    Setting,
)

_EFFECT_REACH = {"shell": "shell", "code": "code", "cloud-destructive": "cloud", "cloud-escalation": "cloud",
                 "delete-files": "files", "write-files": "files", "network": "network"}
#: Calls that ask a person at the terminal or pause the run for one.
_ASK_CALLS = {"input", "confirm", "prompt", "ask", "interrupt", "getpass", "raw_input", "ask_user", "request_approval"}
_APPROVE_WORDS = {"approve", "approved", "accept", "accepted", "allow", "allowed", "yes", "y", "continue", "ok", "true"}
_CONSENT_VARIABLES = ("BYPASS_TOOL_CONSENT", "STRANDS_NON_INTERACTIVE")
_MAX_DEPTH = 6
#: Calls that hand an agent the tools of an MCP server (judged by that server's own configuration).
_MCP_METHODS = {"list_tools_sync", "list_tools", "get_tools", "to_tool_list", "to_tool_list_async"}
_MCP_LOADERS = {"load_mcp_tools", "mcp_server_tools", "aget_tools_from_mcp_url", "get_tools_from_mcp_url"}
#: Calls that make a throw-away directory: a file toolkit rooted there touches nothing else.
_TEMPORARY = {"TemporaryDirectory", "mkdtemp", "gettempdir"}


def gravest(reaches: list[str]) -> str:
    return min(reaches, key=REACHES.index) if reaches else "none"


class Reader:
    def __init__(self, document: Any) -> None:
        import libcst

        self.cst = libcst
        self.doc = document
        self.k = knowledge()
        file = getattr(document, "file", None)
        self.index = ModuleIndex(document.module, document.path, document.positions, file=file, root=_repository_root(file))
        self.k = _Unshadowed(self.k, self._shadowed())
        self.spans: dict[str, Span] = {"": document.whole()}
        self.agents: list[CodeAgent] = []
        self.environment: list[Setting] = []
        self.unresolved: list[tuple[str, str]] = []
        self.calls: list[Any] = []
        self._bindings: dict[int, dict[str, list[Any]]] = {}
        self.tool_functions: set[int] = set()
        self._wrapped_origin: dict[int, Any] = {}  # id(`[x]` made for `tools.append(x)`) -> x
        self._pending_settings: list[Setting] = []
        self._interrupts: list[Any] | None = None
        self._slots: dict[str, int] = {}
        self._dispatch: dict[str, Any] | None = None
        self._runs_commands: bool | None = None
        for node in _walk(document.module):
            if isinstance(node, libcst.Call):
                self.calls.append(node)
        self._constant_resume = self._find_constant_resume()

    def _shadowed(self) -> set[str]:
        """Framework packages this module imports that are really the repository's own package
        (a local `agents/` folder is not the OpenAI Agents SDK)."""
        if getattr(self.doc, "file", None) is None:
            return set()
        tops = {i.module.split(".")[0] for i in self.index.imports.values() if i.module and not i.level}
        packages = {p.split(".")[0] for f in self.k.frameworks for p in f.packages}
        return {top for top in tops & packages if self.index.load(top) is not None}

    # -- entry -----------------------------------------------------------------------------------
    def read(self) -> AgentCode:
        from lint.formats.python import SpanDocument

        self._environment()
        for call in self.calls:
            qualified = self.index.qualified(call.func)
            found = self.k.find(self.k.agents, qualified) if qualified else None
            if found is not None:
                self._agent(call, *found)
                continue
            options = self._options_framework(qualified)
            if options is not None:
                self._claude(call, options)
                continue
            loop = self._loop_framework(call)
            if loop is not None:
                self._raw_loop(call, loop)
        self._chain_switches()
        self.register_functions()
        identities = self._identities()
        for agent in self.agents:
            for identity, inside in identities:
                if inside is None:
                    agent.identities.append(identity)
        document = SpanDocument(self.doc, {}, self.spans)
        return AgentCode(document, self.agents, self.environment, self.unresolved)

    # -- locating ----------------------------------------------------------------------------------
    def _slot(self, agent: CodeAgent) -> str:
        """The next free `/agents/N/tools/K` pointer (tools that could not be judged take one too)."""
        number = self._slots.get(agent.pointer, 0)
        self._slots[agent.pointer] = number + 1
        return f"{agent.pointer}/tools/{number}"

    def at(self, pointer: str, node: Any) -> str:
        self.spans[pointer] = self.doc.span_of(node)
        return pointer

    def keyword_at(self, pointer: str, arg: Any) -> str:
        """The span of `keyword=value` as written."""
        self.spans[pointer] = self.doc.span_of(arg)
        return pointer

    # -- values ------------------------------------------------------------------------------------
    def scope_of(self, node: Any) -> Any:
        cst = self.cst
        current = self.doc.parents.get(node)
        while current is not None and not isinstance(current, (cst.FunctionDef, cst.Module)):
            current = self.doc.parents.get(current)
        return current if current is not None else self.doc.module

    def bindings(self, scope: Any) -> dict[str, list[Any]]:
        """name -> every value it is given in `scope` (assignments, `+=`, `.append`, `.extend`), in order."""
        key = id(scope)
        if key in self._bindings:
            return self._bindings[key]
        cst = self.cst
        out: dict[str, list[Any]] = {}
        stack = [scope.body] if not isinstance(scope, cst.Module) else list(reversed(scope.body))
        while stack:
            node = stack.pop()
            if isinstance(node, cst.Assign):
                for target in node.targets:
                    if isinstance(target.target, cst.Name):
                        out.setdefault(target.target.value, []).append(node.value)
            elif isinstance(node, cst.AnnAssign) and node.value is not None and isinstance(node.target, cst.Name):
                out.setdefault(node.target.value, []).append(node.value)
            elif isinstance(node, cst.AugAssign) and isinstance(node.target, cst.Name):
                out.setdefault(node.target.value, []).append(node.value)
            elif isinstance(node, cst.Call) and isinstance(node.func, cst.Attribute) and isinstance(node.func.value, cst.Name):
                if node.func.attr.value in ("append", "extend", "insert") and node.args:
                    value = node.args[-1].value
                    wrapped = cst.List([cst.Element(value)]) if node.func.attr.value in ("append", "insert") else value
                    self._wrapped_origin[id(wrapped)] = value
                    out.setdefault(node.func.value.value, []).append(wrapped)
            children = [c for c in node.children if not isinstance(c, (cst.FunctionDef, cst.ClassDef, cst.Lambda))]
            stack.extend(reversed(children))
        self._bindings[key] = out
        return out

    def values_of(self, name: str, at: Any) -> list[Any]:
        cst = self.cst
        scope = self.scope_of(at)
        found = self.bindings(scope).get(name)
        if found:
            return found
        if isinstance(scope, cst.FunctionDef):  # a parameter: its default is what runs unless a caller passes another
            params = scope.params
            for param in (*params.posonly_params, *params.params, *params.kwonly_params):
                if param.name.value == name:
                    return [param.default] if param.default is not None else []
        if scope is not self.doc.module:
            return self.bindings(self.doc.module).get(name, [])
        return []

    def value(self, node: Any, depth: int = 0) -> Any:
        """Follow a name to the (last) expression it is given."""
        cst = self.cst
        while isinstance(node, cst.Name) and depth < _MAX_DEPTH:
            found = self.values_of(node.value, node)
            if not found:
                return node
            node = found[0] if len(found) == 1 else next((v for v in found if not isinstance(v, cst.List) or id(v) not in self._wrapped_origin), found[0])
            depth += 1
        return node

    def literal(self, node: Any) -> Any:
        cst = self.cst
        node = self.value(node)
        if isinstance(node, (cst.SimpleString, cst.ConcatenatedString)):
            value = node.evaluated_value
            return value if isinstance(value, str) else None
        if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[node.value]
        if isinstance(node, cst.Integer):
            return int(node.value)
        if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
            return [self.literal(e.value) for e in node.elements if isinstance(e, cst.Element)]
        if isinstance(node, cst.Dict):
            out = {}
            for element in node.elements:
                if isinstance(element, cst.DictElement):
                    key = self.literal(element.key)
                    if isinstance(key, str):
                        out[key] = self.literal(element.value)
            return out
        return None

    @staticmethod
    def kwargs(call: Any) -> dict[str, Any]:
        return {a.keyword.value: a for a in call.args if a.keyword is not None}

    @staticmethod
    def positional(call: Any) -> list[Any]:
        return [a.value for a in call.args if a.keyword is None and not a.star]

    def argument(self, call: Any, keyword: str | None, position: int | None = None) -> Any:
        kwargs = self.kwargs(call)
        if keyword and keyword in kwargs:
            return kwargs[keyword].value
        positional = self.positional(call)
        if position is not None and position < len(positional):
            return positional[position]
        return None

    def assigned_name(self, call: Any) -> str | None:
        cst = self.cst
        parent = self.doc.parents.get(call)
        if isinstance(parent, cst.Assign) and len(parent.targets) == 1:
            target = parent.targets[0].target
            if isinstance(target, cst.Name):
                return target.value
            if isinstance(target, cst.Attribute):
                return target.attr.value
        if isinstance(parent, cst.AnnAssign) and isinstance(parent.target, cst.Name):
            return parent.target.value
        return None

    # -- environment ---------------------------------------------------------------------------------
    def _environment(self) -> None:
        """`os.environ["BYPASS_TOOL_CONSENT"] = "true"`, `os.environ.setdefault(...)`, `.update({...})`, `os.putenv`."""
        cst = self.cst
        for node in _walk(self.doc.module):
            pairs: list[tuple[Any, Any, Any]] = []  # (key node, value node, where)
            if isinstance(node, cst.Assign):
                for target in node.targets:
                    t = target.target
                    if isinstance(t, cst.Subscript) and self.index.qualified(t.value) == "os.environ" and t.slice:
                        element = t.slice[0].slice
                        if isinstance(element, cst.Index):
                            pairs.append((element.value, node.value, node))
            elif isinstance(node, cst.Call):
                name = self.index.qualified(node.func)
                args = self.positional(node)
                if name in ("os.environ.setdefault", "os.putenv") and len(args) == 2:
                    pairs.append((args[0], args[1], node))
                elif name == "os.environ.update" and args and isinstance(args[0], cst.Dict):
                    for element in args[0].elements:
                        if isinstance(element, cst.DictElement):
                            pairs.append((element.key, element.value, element))
            for key_node, value_node, where in pairs:
                key = self.literal(key_node)
                value = self.literal(value_node)
                if key in _CONSENT_VARIABLES and isinstance(value, str) and value.strip().lower() == "true":
                    pointer = self.at(f"/environment/{key}", where)
                    self.environment.append(Setting("bypass", key, value, pointer, "shell",
                                                    "makes Strands tools skip their confirmation prompt"))

    # -- agents --------------------------------------------------------------------------------------
    def _new_agent(self, call: Any, framework: Framework, default: str) -> CodeAgent:
        kwargs = self.kwargs(call)
        name = None
        for key in ("name", "role", "agent_name"):
            if key in kwargs:
                value = self.literal(kwargs[key].value)
                if isinstance(value, str) and value.strip():
                    name = " ".join(value.split())[:60]
                    break
        name = name or self.assigned_name(call) or default
        pointer = self.at(f"/agents/{len(self.agents)}", call)
        agent = CodeAgent(name, framework.id, framework.product, pointer)
        self.agents.append(agent)
        return agent

    def _agent(self, call: Any, framework: Framework, entry: dict[str, Any]) -> None:
        agent = self._new_agent(call, framework, entry["call"].rsplit(".", 1)[-1])
        tools = self.argument(call, entry.get("tools"), entry.get("position")) if entry.get("tools") or "position" in entry else None
        if tools is not None:
            for item in self.tool_items(tools, 0):
                self._add_tool(agent, framework, item)
        self._switches(agent, call, framework)
        handler = getattr(self, "_fw_" + framework.id.replace("-", "_"), None)
        if handler is not None:
            handler(agent, call, entry)
        self._apply_gates(agent)

    def _switches(self, agent: CodeAgent, call: Any, framework: Framework) -> None:
        for keyword, arg in self.kwargs(call).items():
            entry = self.k.switches.get(framework.id, {}).get(keyword)
            if entry is not None and self.literal(arg.value) is True:
                pointer = self.keyword_at(f"{agent.pointer}/settings/{keyword}", arg)
                agent.settings.append(Setting("switch", keyword, "True", pointer, entry["reach"], entry["what"]))

    def _chain_switches(self) -> None:
        """Safety switches on framework calls that are not agents (`PALChain.from_math_prompt(llm,
        allow_dangerous_code=True)`): the chain runs model-written code, so it is read as an agent."""
        built = {self.spans[a.pointer] for a in self.agents}
        recorded = {self.spans[s.pointer] for a in self.agents for s in a.settings}
        for call in self.calls:
            qualified = self.index.qualified(call.func)
            found = self.k.framework_of(qualified) if qualified else None
            if found is None:
                continue
            switches = self.k.switches.get(found[0].id, {})
            on = [a for k, a in self.kwargs(call).items() if k in switches and self.literal(a.value) is True]
            if not on or self.doc.span_of(call) in built:
                continue
            if self.k.find(self.k.tools, qualified) is not None or any(self.doc.span_of(a) in recorded for a in on):
                continue  # a tool's own switch (judged with the tool) or one already read with its agent
            agent = self._new_agent(call, found[0], _last(qualified))
            self._switches(agent, call, found[0])

    def _is_agent_method(self, node: Any) -> bool:
        """`other_agent.invoke` / `.run`: an agent used as another agent's tool."""
        cst = self.cst
        if not (isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name)):
            return False
        value = self.value(node.value)
        if not isinstance(value, cst.Call):
            return False
        qualified = self.index.qualified(value.func)
        return bool(qualified) and self.k.find(self.k.agents, qualified) is not None

    # -- tools -----------------------------------------------------------------------------------------
    def tool_items(self, expr: Any, depth: int) -> list[tuple[Any, Any]]:
        """(where it is written, what it is) for each tool an expression denotes."""
        cst = self.cst
        if depth > _MAX_DEPTH or expr is None:
            return []
        if isinstance(expr, (cst.List, cst.Tuple, cst.Set)):
            out = []
            for element in expr.elements:
                value = element.value
                if isinstance(element, cst.StarredElement) or isinstance(value, (cst.Call, cst.Await)):
                    out.extend(self.tool_items(value, depth + 1))
                else:
                    out.extend(self.tool_items_of_element(value, depth))
            return out
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, cst.Add):
            return self.tool_items(expr.left, depth + 1) + self.tool_items(expr.right, depth + 1)
        if isinstance(expr, cst.BooleanOperation):  # `cached_tools or []`
            return self.tool_items(expr.left, depth + 1) + self.tool_items(expr.right, depth + 1)
        if isinstance(expr, cst.Await):
            return self.tool_items(expr.expression, depth + 1)
        if isinstance(expr, cst.Attribute) and isinstance(expr.value, cst.Name) and expr.value.value == "self":
            values = self.self_values(expr)
            if values:
                out = []
                for value in values:
                    out.extend(self.tool_items(value, depth + 1))
                return out
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value in _MCP_METHODS:
            if expr.func.attr.value != "get_tools" or self._mcp_client(expr.func.value):
                return [(expr, ("mcp", _code(expr)))]
        if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "as_tool":
            if self._is_agent_method(expr.func):
                return [(expr, ("framework", f"{_code(expr.func.value)} (another agent, judged on its own)"))]
        if isinstance(expr, cst.Call) and _last(self.index.qualified(expr.func)) in _MCP_LOADERS:
            return [(expr, ("mcp", _code(expr)))]
        if isinstance(expr, cst.Name):
            values = self.values_of(expr.value, expr)
            if values:
                out = []
                for value in values:
                    out.extend(self.tool_items(value, depth + 1))
                return out
            imported = self._imported_list(expr)
            if imported is not None:
                return imported
            return self.tool_items_of_element(expr, depth)
        if isinstance(expr, cst.Call):
            func = expr.func
            if isinstance(func, cst.Attribute) and func.attr.value == "get_tools":
                return self.tool_items_of_element(func.value, depth)
            if isinstance(func, cst.Name) and self.index.resolve_function(func.value) is not None:
                target, where = self.index.resolve_function(func.value)
                if where is self.index and not self._is_tool_function(target):
                    returned = [n.value for n in _walk_body(target.body) if isinstance(n, cst.Return) and n.value is not None]
                    if returned:
                        out = []
                        for value in returned:
                            out.extend(self.tool_items(value, depth + 1))
                        return out
            return self.tool_items_of_element(expr, depth)
        if isinstance(expr, (cst.ListComp,)):
            return [(expr, ("unknown", "a list comprehension"))]
        return self.tool_items_of_element(expr, depth)

    def tool_items_of_element(self, node: Any, depth: int) -> list[tuple[Any, Any]]:
        cst = self.cst
        target = node
        if isinstance(node, cst.Name):
            values = self.values_of(node.value, node)
            if values and len(values) == 1 and not isinstance(values[0], (cst.List, cst.Tuple)):
                target = values[0]
                if isinstance(target, cst.Name):
                    return self.tool_items_of_element(target, depth + 1) if depth < _MAX_DEPTH else []
            elif values:
                return self.tool_items(node, depth + 1)
        where = target if isinstance(target, cst.Call) and self._same_file(target) else node
        qualified = self.index.qualified(target.func if isinstance(target, cst.Call) else target)
        if qualified:
            builtin = self.k.find(self.k.tools, qualified)
            if builtin is not None:
                return [(where, ("builtin", builtin[0], builtin[1], target))]
            if qualified.rsplit(".", 1)[-1] == "load_tools" and isinstance(target, cst.Call):
                return [(where, ("load_tools", target))]
            executor = self.k.find(self.k.executors, qualified)
            if executor is not None:
                return [(where, ("executor", executor[0], executor[1], target))]
            wrapper = self.k.find(self.k.wrappers, qualified)
            if wrapper is not None and isinstance(target, cst.Call):
                function_node = self.argument(target, wrapper[1].get("function"), wrapper[1].get("position"))
                resolved = self._function(function_node)
                if resolved is not None:
                    return [(where, ("function", resolved[0], resolved[1], target))]
                if self._is_agent_method(function_node):
                    return [(where, ("framework", f"{_code(function_node)} (another agent, judged on its own)"))]
                return [(where, ("unknown", f"`{_code(target)}`"))]
        if isinstance(target, cst.Call):
            func = target.func
            if isinstance(func, cst.Name):
                cls = self.index.classes.get(func.value)
                if cls is not None:
                    for base in cls.bases:
                        inherited = self.k.find(self.k.tools, self.index.qualified(base.value))
                        if inherited is not None and inherited[1].get("reach", "none") != "none":
                            return [(where, ("builtin", inherited[0], {**inherited[1], "name": f"{func.value} ({inherited[1]['name']})"}, target))]
                    return [(where, ("class", cls, self.index, target))]
                imported = self.index.imports.get(func.value)
                if imported is not None and imported.name is not None:
                    other = self.index.load(imported.module, imported.level)
                    if other is not None and imported.name in other.classes:
                        return [(where, ("class", other.classes[imported.name], other, target))]
            if qualified and self.k.framework_of(qualified) is not None:
                return [(where, ("framework", qualified))]
            return [(where, ("unknown", f"`{_code(target)}`"))]
        if isinstance(target, (cst.Name, cst.Attribute)):
            resolved = self._function(target)
            if resolved is not None:
                return [(where, ("function", resolved[0], resolved[1], None))]
            if qualified and self.k.framework_of(qualified) is not None:
                return [(where, ("framework", qualified))]
            return [(where, ("unknown", f"`{_code(target)}`"))]
        return [(where, ("unknown", f"`{_code(target)}`"))]

    def _imported_list(self, name: Any) -> list[tuple[Any, Any]] | None:
        """`from tools import ops_tools` where `ops_tools = [a, b, ShellTool()]` in a repository module:
        each element resolved in that module, located at the import's use here."""
        cst = self.cst
        imported = self.index.imports.get(name.value)
        if imported is None or imported.name is None:
            return None
        other = self.index.load(imported.module, imported.level)
        if other is None:
            return None
        value = other.assignments.get(imported.name)
        if not isinstance(value, (cst.List, cst.Tuple)):
            return None
        out: list[tuple[Any, Any]] = []
        for element in value.elements:
            item = element.value
            if isinstance(item, cst.Name) and item.value in other.functions:
                out.append((name, ("function", other.functions[item.value], other, None)))
                continue
            qualified = other.qualified(item.func if isinstance(item, cst.Call) else item)
            builtin = self.k.find(self.k.tools, qualified) if qualified else None
            wrapper = self.k.find(self.k.wrappers, qualified) if qualified and isinstance(item, cst.Call) else None
            if wrapper is not None:
                wrapped = self.argument(item, wrapper[1].get("function"), wrapper[1].get("position"))
                if isinstance(wrapped, cst.Name) and wrapped.value in other.functions:
                    out.append((name, ("function", other.functions[wrapped.value], other, None)))
                    continue
            if builtin is not None:
                out.append((name, ("builtin", builtin[0], builtin[1], item)))
            else:
                out.append((name, ("unknown", f"`{_code(item)}` in `{other.path}`")))
        return out

    def self_values(self, attribute: Any) -> list[Any]:
        """Values given to `self.<name>` in the methods of the class around `attribute`."""
        cst = self.cst
        current = self.doc.parents.get(attribute)
        while current is not None and not isinstance(current, cst.ClassDef):
            current = self.doc.parents.get(current)
        if current is None:
            return []
        name = attribute.attr.value
        out = []
        for node in _walk(current.body):
            if isinstance(node, cst.Assign):
                for target in node.targets:
                    t = target.target
                    if isinstance(t, cst.Attribute) and t.attr.value == name and isinstance(t.value, cst.Name) and t.value.value == "self":
                        out.append(node.value)
        return out

    def _mcp_client(self, receiver: Any) -> bool:
        """Whether a receiver is an MCP client (`MCPClient(...)`, `MultiServerMCPClient(...)`, a session)."""
        cst = self.cst
        value = self.value(receiver)
        if isinstance(value, cst.Call):
            return "mcp" in _last(self.index.qualified(value.func)).lower()
        return isinstance(receiver, cst.Name) and "mcp" in receiver.value.lower() or isinstance(receiver, cst.Name) and receiver.value in ("client", "session")

    def mentions(self, node: Any, names: set[str], depth: int = 0) -> bool:
        """Whether an expression (following names to their values) calls one of `names`."""
        cst = self.cst
        if node is None or depth > _MAX_DEPTH:
            return False
        for inner in _walk(node):
            if isinstance(inner, cst.Call) and _last(self.index.qualified(inner.func) or _code(inner.func)) in names:
                return True
            if isinstance(inner, cst.Name) and inner is not node:
                value = self.value(inner)
                if value is not inner and self.mentions(value, names, depth + 1):
                    return True
        if isinstance(node, cst.Name):
            value = self.value(node)
            return value is not node and self.mentions(value, names, depth + 1)
        return False

    def _same_file(self, node: Any) -> bool:
        return node in self.doc.positions

    def _function(self, node: Any) -> tuple[Any, ModuleIndex] | None:
        cst = self.cst
        if isinstance(node, cst.Name):
            local = self.index.functions.get(node.value)
            if local is not None:
                return local, self.index
            scope = self.scope_of(node)
            while isinstance(scope, cst.FunctionDef):  # functions defined in this one or an enclosing one
                for statement in _walk(scope.body):
                    if isinstance(statement, cst.FunctionDef) and statement.name.value == node.value:
                        return statement, self.index
                scope = self.scope_of(scope)
            return self.index.resolve_function(node.value)
        if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name):
            if node.value.value in ("self", "cls"):  # a method of the class around the reference
                current = self.doc.parents.get(node)
                while current is not None and not isinstance(current, cst.ClassDef):
                    current = self.doc.parents.get(current)
                method = self.index.methods.get(id(current), {}).get(node.attr.value) if current is not None else None
                return (method, self.index) if method is not None else None
            return self.index.resolve_attribute(node.value.value, node.attr.value)
        if isinstance(node, cst.Lambda):
            return node, self.index
        return None

    def _is_tool_function(self, function: Any) -> bool:
        cst = self.cst
        for decorator in getattr(function, "decorators", ()):
            expr = decorator.decorator.func if isinstance(decorator.decorator, cst.Call) else decorator.decorator
            if _last(self.index.qualified(expr)) in ("tool", "function_tool"):
                return True
        return False

    def _add_tool(self, agent: CodeAgent, framework: Framework, item: tuple[Any, Any]) -> None:
        where, what = item
        kind = what[0]
        pointer = self._slot(agent)
        if kind == "builtin":
            _, fw, entry, call = what
            capability = Capability(entry["name"], "tool", entry.get("reach", "none"), entry.get("what", "read-only"), self.at(pointer, where))
            self._builtin_options(capability, fw, entry, call)
            if entry.get("profile"):
                capability.identities.append(Identity("any-profile", "", capability.pointer,
                                                      f"`{entry['name']}` takes the AWS profile as an argument the model chooses"))
            agent.capabilities.append(capability)
        elif kind == "load_tools":
            call = what[1]
            entry = next((f.raw.get("load_tools") for f in self.k.frameworks if f.raw.get("load_tools")), {})
            names = self.literal(self.argument(call, "tool_names", entry.get("names", 0))) or []
            dangerous = entry.get("dangerous", {})
            for name in names if isinstance(names, list) else []:
                if name in dangerous:
                    capability = Capability(f"load_tools({name!r})", "tool", dangerous[name], f"loads the `{name}` tool", self.at(self._slot(agent), call))
                    agent.capabilities.append(capability)
            kwargs = self.kwargs(call)
            if "allow_dangerous_tools" in kwargs and self.literal(kwargs["allow_dangerous_tools"].value) is True:
                p = self.keyword_at(f"{agent.pointer}/settings/allow_dangerous_tools", kwargs["allow_dangerous_tools"])
                agent.settings.append(Setting("switch", "allow_dangerous_tools", "True", p, "shell", "allows `terminal` and `requests_*` tools"))
        elif kind == "executor":
            _, fw, entry, call = what
            if entry.get("local"):
                agent.capabilities.append(Capability(entry["name"], "executor", "code", "runs model-written code on the host", self.at(pointer, where)))
        elif kind == "function":
            _, function, where_index, wrapper = what
            agent.capabilities.append(self._custom(function, where_index, wrapper, self.at(pointer, where)))
        elif kind == "class":
            _, cls, where_index, call = what
            agent.capabilities.append(self._custom_class(cls, where_index, self.at(pointer, where)))
        elif kind == "mcp":
            agent.capabilities.append(Capability(what[1], "mcp", "mcp", "tools of an MCP server, judged by that server's configuration", self.at(pointer, where)))
        elif kind == "framework":
            agent.capabilities.append(Capability(_last(what[1]), "tool", "none", "a framework tool scopelint has no entry for", self.at(pointer, where)))
        else:
            p = self.at(pointer, where)
            self.unresolved.append((p, f"{agent.label} is given a tool from {what[1]}, which scopelint cannot follow"))

    def _builtin_options(self, capability: Capability, framework: Framework, entry: dict[str, Any], call: Any) -> None:
        cst = self.cst
        is_call = isinstance(call, cst.Call)
        kwargs = self.kwargs(call) if is_call else {}
        if entry.get("consent"):
            capability.consent = True
            capability.gate = Gate("strands_tools asks for consent in the terminal", capability.pointer)
        asks = entry.get("asks")
        if asks and asks in kwargs and self.literal(kwargs[asks].value) is True:
            capability.gate = Gate(f"`{asks}=True`", self.keyword_at(f"{capability.pointer}/{asks}", kwargs[asks]))
        callbacks = self.value(kwargs["callbacks"].value) if "callbacks" in kwargs else None
        if isinstance(callbacks, (cst.List, cst.Tuple)):
            for element in callbacks.elements:
                handler = self.value(element.value)
                if isinstance(handler, cst.Call) and _last(self.index.qualified(handler.func)) == "HumanApprovalCallbackHandler":
                    capability.gate = Gate("`HumanApprovalCallbackHandler` asks a person", self.keyword_at(f"{capability.pointer}/callbacks", kwargs["callbacks"]))
        approval = entry.get("approval")
        if approval and approval in kwargs:
            capability.gate = self._approval_setting(kwargs[approval], f"{capability.pointer}/{approval}", approval)
        sandbox = entry.get("sandbox_keyword")
        if sandbox and not (sandbox in kwargs and self.literal(kwargs[sandbox].value) is True):
            capability.reach = "none"  # runs in Docker unless switched to unsafe mode
            capability.what = "runs model-written code in Docker"
        policy = entry.get("policy")
        if policy and policy in kwargs:
            chosen = self.value(kwargs[policy].value)
            name = _last(self.index.qualified(chosen.func)) if isinstance(chosen, cst.Call) else ""
            if name and name != "HostExecutionPolicy":
                capability.reach = "none"
                capability.what = f"runs shell commands under `{name}`"
        root = entry.get("root")
        if root and root in kwargs and self.mentions(kwargs[root].value, _TEMPORARY):
            capability.reach = "none"
            capability.what = "works on files in a temporary directory"
        selected = entry.get("selected")
        if selected and selected in kwargs:
            names = self.literal(kwargs[selected].value)
            if isinstance(names, list) and all(isinstance(n, str) for n in names):
                writing = [n for n in names if n not in entry.get("read_only", ())]
                if not writing:
                    capability.reach = "none"
                    capability.what = f"reads files ({', '.join(names)})"
                else:
                    capability.what = f"{', '.join(writing)} files"
        config_key = entry.get("mcp_config")
        if config_key and config_key in kwargs:
            config = self.value(kwargs[config_key].value)
            setting = self._require_approval_in(config, capability.pointer)
            capability.what = "calls a remote MCP server's tools"
            if setting is not None:
                capability.gate = None
                capability.reach = "mcp"
                self._pending_settings.append(setting)
            else:
                capability.gate = Gate("the MCP tool asks for approval", capability.pointer)

    def _require_approval_in(self, config: Any, base: str) -> Setting | None:
        cst = self.cst
        if not isinstance(config, cst.Dict):
            return None
        for element in config.elements:
            if isinstance(element, cst.DictElement) and self.literal(element.key) == "require_approval":
                value = self.literal(element.value)
                if value == "never":
                    pointer = self.at(f"{base}/require_approval", element)
                    return Setting("bypass", "require_approval", "never", pointer, "mcp", "runs every tool of the MCP server with no approval")
        return None

    def _approval_setting(self, arg: Any, pointer: str, keyword: str) -> Gate | None:
        """`needs_approval=True` asks; `False` does not; a function is judged by what it returns."""
        cst = self.cst
        value = self.literal(arg.value)
        self.keyword_at(pointer, arg)
        if value is True:
            return Gate(f"`{keyword}=True`", pointer)
        if value is False or value is None and isinstance(self.value(arg.value), cst.Name) and self.value(arg.value).value == "None":
            return None
        resolved = self._function(self.value(arg.value))
        if resolved is None:
            return Gate(f"`{keyword}` is computed", pointer)
        verdict = self.judge_callback(resolved[0], approve_means=True)
        if verdict == "never":
            return Gate(f"`{keyword}={_code(arg.value)}`", pointer, real=False, why_not="never asks for approval")
        return Gate(f"`{keyword}={_code(arg.value)}`", pointer)

    # -- custom tools ---------------------------------------------------------------------------------
    def _custom(self, function: Any, index: ModuleIndex, wrapper: Any, pointer: str) -> Capability:
        cst = self.cst
        self.tool_functions.add(id(function))
        name = function.name.value if isinstance(function, cst.FunctionDef) else "<lambda>"
        # What the model can steer: effects whose decisive argument comes from the tool's parameters, and
        # every cloud deletion (the model decides when it runs). A fixed report path written is not a risk.
        effects = [e for e in effects_of(function, index) if e.kind in _EFFECT_REACH and (e.from_arguments or e.kind.startswith("cloud"))]
        refs = [EffectRef(e.kind, e.detail, e.path, e.span, e.from_arguments, e.via, e.actions) for e in effects]
        reach = gravest([_EFFECT_REACH[e.kind] for e in effects])
        what = refs[0].detail if refs else "reads only"
        capability = Capability(name, "custom-tool", reach, what, pointer, effects=refs)
        # Gates on the decorator, the wrapper, or in the body
        for decorator in getattr(function, "decorators", ()):
            if isinstance(decorator.decorator, cst.Call):
                kwargs = self.kwargs(decorator.decorator)
                for key in ("needs_approval", "require_confirmation"):
                    if key in kwargs and index is self.index:
                        capability.gate = self._approval_setting(kwargs[key], f"{pointer}/{key}", key)
        if wrapper is not None:
            kwargs = self.kwargs(wrapper)
            for key in ("needs_approval", "require_confirmation"):
                if key in kwargs:
                    capability.gate = self._approval_setting(kwargs[key], f"{pointer}/{key}", key)
        asked = self._asks_person(function, index)
        if asked is not None and capability.gate is None:
            capability.gate = asked
        if index is self.index:
            capability.identities.extend(self._identities_in(function, pointer))
        return capability

    def _custom_class(self, cls: Any, index: ModuleIndex, pointer: str) -> Capability:
        methods = index.methods.get(id(cls), {})
        body = next((methods[m] for m in ("_run", "forward", "run", "call", "__call__", "_arun", "acall") if m in methods), None)
        if body is None:
            return Capability(cls.name.value, "custom-tool", "none", "reads only", pointer)
        capability = self._custom(body, index, None, pointer)
        capability.name = cls.name.value
        return capability

    def _asks_person(self, function: Any, index: ModuleIndex) -> Gate | None:
        """A tool body that stops for a person: `input(...)`, `click.confirm`, LangGraph `interrupt(...)`."""
        cst = index.cst
        for node in _walk_body(function.body) if hasattr(function, "body") else ():
            if isinstance(node, cst.Call):
                name = _last(index.qualified(node.func)) if index.qualified(node.func) else (node.func.attr.value if isinstance(node.func, cst.Attribute) else "")
                if name in _ASK_CALLS:
                    if name == "interrupt" and self._constant_resume is not None:
                        line = self._constant_resume[0]
                        return Gate("`interrupt(...)` pauses for a person", "", real=False,
                                    why_not=f"the run is resumed with a constant approval on line {line}")
                    return Gate(f"`{_code(node.func)}(...)` asks a person", "")
        return None

    def _find_constant_resume(self) -> tuple[int, str] | None:
        """`Command(resume=True)` / `Command(resume={"type": "accept"})`: an interrupt answered by the code itself."""
        cst = self.cst
        for call in self.calls:
            if _last(self.index.qualified(call.func)) != "Command":
                continue
            arg = self.kwargs(call).get("resume")
            if arg is None:
                continue
            value = self.literal(arg.value)
            if _approving(value):
                return self.doc.span_of(call).start_line, _code(call)[:60]
        return None

    # -- gates ---------------------------------------------------------------------------------------
    def _apply_gates(self, agent: CodeAgent) -> None:
        for setting in self._pending_settings:
            agent.settings.append(setting)
        self._pending_settings = []
        wide = [g for g in agent.gates]
        for capability in agent.capabilities:
            if capability.gate is not None and not capability.gate.pointer:
                capability.gate.pointer = capability.pointer
            if capability.gate is None and wide:
                covering = [g for g in wide if g.covers is None or capability.name.lower() in g.covers]
                if covering:
                    capability.gate = covering[0]

    def judge_callback(self, function: Any, *, approve_means: bool = False) -> str:
        """How a permission or approval callback decides: "person" (asks someone), "always" (allows every
        call), "prefix" (allows by a prefix or substring test), "never" (never asks: approval callbacks),
        or "policy" (decides by rules)."""
        cst = self.cst
        if not hasattr(function, "body"):
            return "policy"
        if self._asks_person(function, self.index) is not None:
            return "person"
        returns = [n.value for n in _walk_body(function.body) if isinstance(n, cst.Return)]
        if isinstance(function, cst.Lambda):
            returns = [function.body]
        if approve_means:
            values = [self.literal(r) if r is not None else None for r in returns]
            if returns and all(v is False for v in values):
                return "never"
            return "policy"
        allows = [r for r in returns if r is not None and _allows(r, self)]
        if returns and len(allows) == len(returns):
            return "always"
        prefix = any(
            isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value in ("startswith", "match")
            for n in _walk_body(function.body)
        )
        if prefix and allows:
            return "prefix"
        return "policy"

    # -- framework specifics ---------------------------------------------------------------------------
    def _fw_langchain(self, agent: CodeAgent, call: Any, entry: dict[str, Any]) -> None:
        cst = self.cst
        kwargs = self.kwargs(call)
        interrupts = [kwargs["interrupt_before"]] if "interrupt_before" in kwargs else []
        if not interrupts:
            interrupts = self._compiled_interrupts()
        for arg in interrupts:
            value = self.literal(arg.value)
            if value:
                pointer = self.keyword_at(f"{agent.pointer}/gates/interrupt_before", arg)
                gate = Gate(f"`interrupt_before={_code(arg.value)}`", pointer)
                if self._constant_resume is not None:
                    gate.real = False
                    gate.why_not = f"the run is resumed with a constant approval on line {self._constant_resume[0]}"
                agent.gates.append(gate)
                break
        middleware = self.value(kwargs["middleware"].value) if "middleware" in kwargs else None
        if isinstance(middleware, (cst.List, cst.Tuple)):
            for element in middleware.elements:
                item = self.value(element.value)
                if not isinstance(item, cst.Call):
                    continue
                name = _last(self.index.qualified(item.func))
                if name == "HumanInTheLoopMiddleware":
                    mapping = self.literal(self.argument(item, "interrupt_on", 0)) or {}
                    covered = {k.lower() for k, v in mapping.items() if v not in (False, None)} if isinstance(mapping, dict) else set()
                    gate = Gate(f"`HumanInTheLoopMiddleware` for {', '.join(sorted(covered)) or 'no tool'}", self.at(f"{agent.pointer}/gates/hitl", item))
                    gate.covers = covered
                    if self._constant_resume is not None:
                        gate.real = False
                        gate.why_not = f"the run is resumed with a constant approval on line {self._constant_resume[0]}"
                    agent.gates.append(gate)
                elif name == "ShellToolMiddleware":
                    found = self.k.find(self.k.tools, self.index.qualified(item.func))
                    if found is not None:
                        self._add_tool(agent, found[0], (item, ("builtin", found[0], found[1], item)))
        callbacks = self.value(kwargs["callbacks"].value) if "callbacks" in kwargs else None
        if isinstance(callbacks, (cst.List, cst.Tuple)):
            for element in callbacks.elements:
                item = self.value(element.value)
                if isinstance(item, cst.Call) and _last(self.index.qualified(item.func)) == "HumanApprovalCallbackHandler":
                    agent.gates.append(Gate("`HumanApprovalCallbackHandler`", self.at(f"{agent.pointer}/gates/callback", item)))
        if entry["call"] == "create_python_agent" and not agent.capabilities:
            agent.capabilities.append(Capability("PythonREPLTool", "tool", "code", "runs model-written Python in this process", agent.pointer))

    def _compiled_interrupts(self) -> list[Any]:
        """`graph.compile(interrupt_before=[...])` anywhere in the module (read once)."""
        if self._interrupts is None:
            cst = self.cst
            self._interrupts = [
                self.kwargs(c)["interrupt_before"] for c in self.calls
                if isinstance(c.func, cst.Attribute) and c.func.attr.value == "compile" and "interrupt_before" in self.kwargs(c)
            ]
        return self._interrupts

    def _fw_openai_agents(self, agent: CodeAgent, call: Any, entry: dict[str, Any]) -> None:
        cst = self.cst
        kwargs = self.kwargs(call)
        servers = self.value(kwargs["mcp_servers"].value) if "mcp_servers" in kwargs else None
        if isinstance(servers, (cst.List, cst.Tuple)):
            for element in servers.elements:
                server = self.value(element.value)
                if isinstance(server, cst.Call) and "require_approval" in self.kwargs(server):
                    arg = self.kwargs(server)["require_approval"]
                    if self.literal(arg.value) == "never":
                        pointer = self.keyword_at(f"{agent.pointer}/mcp/{len(agent.settings)}/require_approval", arg)
                        agent.settings.append(Setting("bypass", "require_approval", "never", pointer, "mcp",
                                                      f"runs every tool of `{_last(_code(server.func))}` with no approval"))

    def _fw_crewai(self, agent: CodeAgent, call: Any, entry: dict[str, Any]) -> None:
        kwargs = self.kwargs(call)
        if "allow_code_execution" in kwargs and self.literal(kwargs["allow_code_execution"].value) is True:
            mode = self.literal(kwargs["code_execution_mode"].value) if "code_execution_mode" in kwargs else "safe"
            agent.settings = [s for s in agent.settings if s.key != "allow_code_execution"]
            if mode == "unsafe":
                pointer = self.keyword_at(f"{agent.pointer}/settings/code_execution_mode", kwargs["code_execution_mode"])
                agent.capabilities.append(Capability("code execution", "executor", "code", "runs the code the agent writes on the host (`code_execution_mode=\"unsafe\"`)", pointer))

    def _fw_autogen(self, agent: CodeAgent, call: Any, entry: dict[str, Any]) -> None:
        cst = self.cst
        kwargs = self.kwargs(call)
        mode_arg = kwargs.get("human_input_mode")
        mode = self.literal(mode_arg.value) if mode_arg is not None else entry.get("human_default")
        local = None  # (name, pointer) of a host executor
        if "code_execution_config" in kwargs:
            config = self.value(kwargs["code_execution_config"].value)
            local = self._autogen_config(agent, config, kwargs["code_execution_config"])
        elif entry.get("code_default") == "docker":
            local = None
        executor_key = entry.get("executor")
        if executor_key:
            executor = self.argument(call, executor_key, entry.get("position"))
            if executor is not None:
                local = self._executor(agent, executor)
        if local is not None:
            agent.capabilities.append(local)
        if "approval_func" in kwargs:
            resolved = self._function(self.value(kwargs["approval_func"].value))
            pointer = self.keyword_at(f"{agent.pointer}/gates/approval_func", kwargs["approval_func"])
            verdict = self.judge_callback(resolved[0]) if resolved else "policy"
            gate = Gate(f"`approval_func={_code(kwargs['approval_func'].value)}`", pointer)
            if verdict in ("always", "prefix"):
                gate.real = False
                gate.why_not = "approves every request" if verdict == "always" else "approves by a prefix test on the code"
            agent.gates.append(gate)
        if mode == "ALWAYS":
            pointer = self.keyword_at(f"{agent.pointer}/gates/human_input_mode", mode_arg) if mode_arg is not None else agent.pointer
            agent.gates.append(Gate('`human_input_mode="ALWAYS"`', pointer))
        elif mode in ("NEVER", "TERMINATE") and local is not None:
            if mode_arg is not None:
                pointer = self.keyword_at(f"{agent.pointer}/settings/human_input_mode", mode_arg)
                written = f'human_input_mode="{mode}"'
            else:
                pointer = agent.pointer
                written = f'human_input_mode="{mode}" (the default of `{entry["call"]}`)'
            agent.settings.append(Setting("bypass", "human_input_mode", mode, pointer, "code",
                                          f"`{written}` runs code with no person's reply" if mode == "NEVER" else
                                          f"`{written}` asks a person only when the chat ends, not before code runs"))

    def _autogen_config(self, agent: CodeAgent, config: Any, arg: Any) -> Capability | None:
        cst = self.cst
        if not isinstance(config, cst.Dict):
            return None
        for element in config.elements:
            if not isinstance(element, cst.DictElement):
                continue
            key = self.literal(element.key)
            if key == "executor":
                return self._executor(agent, element.value)
            if key == "use_docker" and self.literal(element.value) is False:
                pointer = self.at(self._slot(agent), element)
                return Capability("code_execution_config", "executor", "code", "runs model-written code on the host (`use_docker: False`)", pointer)
        return None

    def _executor(self, agent: CodeAgent, node: Any, depth: int = 0) -> Capability | None:
        """The executor an expression builds, following variables and factory functions (a function's
        name never decides: what it returns does)."""
        cst = self.cst
        target = self.value(node)
        if isinstance(target, cst.Call):
            found = self.k.find(self.k.executors, self.index.qualified(target.func))
            if found is not None:
                if not found[1].get("local"):
                    return None
                pointer = self.at(self._slot(agent), target if self._same_file(target) else node)
                return Capability(found[1]["name"], "executor", "code", "runs model-written code on the host", pointer)
            resolved = self._function(target.func) if depth < 3 else None
            if resolved is not None and resolved[1] is self.index:
                for ret in (n.value for n in _walk_body(resolved[0].body) if isinstance(n, cst.Return) and n.value is not None):
                    capability = self._executor(agent, ret, depth + 1)
                    if capability is not None:
                        self.spans[capability.pointer] = self.doc.span_of(node)
                        capability.what += f" (returned by `{resolved[0].name.value}()`)"
                        return capability
                return None
        if target is not None and not (isinstance(target, cst.Name) and target.value in ("None", "False")):
            if isinstance(target, cst.Call) or isinstance(target, (cst.Name, cst.Attribute)):
                pointer = self.at(f"{agent.pointer}/executor", node)
                self.unresolved.append((pointer, f"{agent.label} runs code through `{_code(node)}`, whose executor scopelint cannot follow"))
        return None

    def _fw_strands(self, agent: CodeAgent, call: Any, entry: dict[str, Any]) -> None:
        for capability in agent.capabilities:
            if capability.consent and self.environment:
                capability.gate = None  # the consent variable switches the prompt off
        kwargs = self.kwargs(call)
        if "load_tools_from_directory" in kwargs and self.literal(kwargs["load_tools_from_directory"].value) is True:
            pointer = self.keyword_at(f"{agent.pointer}/settings/load_tools_from_directory", kwargs["load_tools_from_directory"])
            agent.capabilities.append(Capability("./tools/", "tool", "code", "loads and runs every Python file in `./tools/` as a tool, including files written later", pointer))

    def _fw_google_adk(self, agent: CodeAgent, call: Any, entry: dict[str, Any]) -> None:
        executor = self.argument(call, "code_executor")
        if executor is not None:
            capability = self._executor(agent, executor)
            if capability is not None:
                agent.capabilities.append(capability)

    def _fw_llamaindex(self, agent: CodeAgent, call: Any, entry: dict[str, Any]) -> None:
        executor = self.argument(call, "code_execute_fn")
        if executor is not None:
            resolved = self._function(self.value(executor))
            if resolved is not None:
                capability = self._custom(resolved[0], resolved[1], None, self.at(self._slot(agent), executor))
                agent.capabilities.append(capability)

    def _fw_smolagents(self, agent: CodeAgent, call: Any, entry: dict[str, Any]) -> None:
        if _last(entry["call"]) != "CodeAgent":
            return
        framework = self.k.by_id["smolagents"].raw
        kwargs = self.kwargs(call)
        executor = self.literal(kwargs["executor_type"].value) if "executor_type" in kwargs else "local"
        if kwargs.get("use_e2b_executor") is not None and self.literal(kwargs["use_e2b_executor"].value) is True:
            executor = "e2b"
        if executor in framework["sandboxed_executors"]:
            return
        imports = self.literal(kwargs["additional_authorized_imports"].value) if "additional_authorized_imports" in kwargs else []
        dangerous = [i for i in imports or [] if isinstance(i, str) and i in framework["dangerous_imports"]]
        if dangerous:
            arg = kwargs["additional_authorized_imports"]
            pointer = self.keyword_at(f"{agent.pointer}/settings/additional_authorized_imports", arg)
            agent.capabilities.append(Capability("LocalPythonExecutor", "executor", "code",
                                                 ("runs model-written Python in this process with any module importable (`\"*\"`)" if "*" in dangerous else
                                                  f"runs model-written Python in this process with {', '.join(f'`{d}`' for d in dangerous)} importable"), pointer))
        else:
            pointer = self.keyword_at(f"{agent.pointer}/settings/executor_type", kwargs["executor_type"]) if "executor_type" in kwargs else agent.pointer
            agent.capabilities.append(Capability("LocalPythonExecutor", "executor", "code",
                                                 "runs model-written Python in smolagents' restricted local interpreter (not a sandbox)", pointer, restricted=True))

    # -- Claude Agent SDK --------------------------------------------------------------------------------
    def _options_framework(self, qualified: str) -> Framework | None:
        if not qualified:
            return None
        found = self.k.framework_of(qualified)
        if found is None:
            return None
        framework, inner = found
        return framework if _last(inner) in (framework.raw.get("options") or ()) else None

    def _claude(self, call: Any, framework: Framework) -> None:
        agent = self._new_agent(call, framework, _last(_code(call.func)))
        kwargs = self.kwargs(call)
        builtin = framework.raw["builtin_tools"]
        modes = framework.raw["modes"]
        mode = self.literal(kwargs["permission_mode"].value) if "permission_mode" in kwargs else "default"
        if mode in modes and "permission_mode" in kwargs:
            pointer = self.keyword_at(f"{agent.pointer}/settings/permission_mode", kwargs["permission_mode"])
            if mode == "bypassPermissions":
                agent.settings.append(Setting("bypass", "permission_mode", mode, pointer, "shell", modes[mode]))
                agent.capabilities.append(Capability("every tool", "allowed-tool", "shell", "runs `Bash`, edits and MCP tools with no prompt", pointer))
            else:
                agent.capabilities.append(Capability("Write/Edit", "allowed-tool", "files", modes[mode], pointer))
        allowed = self.value(kwargs["allowed_tools"].value) if "allowed_tools" in kwargs else None
        if isinstance(allowed, (self.cst.List, self.cst.Tuple)):
            for element in allowed.elements:
                text = self.literal(element.value)
                if not isinstance(text, str):
                    continue
                tool, _, spec = text.partition("(")
                spec = spec.rstrip(")").strip()
                reach = builtin.get(tool, "mcp" if tool.startswith("mcp__") else "none")
                if reach == "none" or (spec and spec not in ("*", "**", ":*")):
                    continue
                pointer = self.at(self._slot(agent), element.value)
                verb = {"shell": "runs any shell command", "files": "edits files", "mcp": "calls an MCP tool"}.get(reach, "acts")
                agent.capabilities.append(Capability(text, "allowed-tool", reach, f"{verb} with no prompt (listed in `allowed_tools`)", pointer))
        hooks = self.value(kwargs["hooks"].value) if "hooks" in kwargs else None
        if isinstance(hooks, self.cst.Dict):
            self._claude_hooks(agent, hooks)
        if "can_use_tool" in kwargs:
            arg = kwargs["can_use_tool"]
            resolved = self._function(self.value(arg.value))
            pointer = self.keyword_at(f"{agent.pointer}/gates/can_use_tool", arg)
            verdict = self.judge_callback(resolved[0]) if resolved else "policy"
            if verdict in ("always", "prefix"):
                why = "allows every tool call" if verdict == "always" else "allows calls by a prefix test, so `git push --force` passes a `git` prefix"
                gate = Gate(f"`can_use_tool={_code(arg.value)}`", pointer, real=False, why_not=why)
                agent.capabilities.append(Capability("every tool", "allowed-tool", "shell", "is approved by the permission callback", pointer, gate=gate))
            else:
                agent.gates.append(Gate(f"`can_use_tool={_code(arg.value)}`", pointer))

    def _claude_hooks(self, agent: CodeAgent, hooks: Any) -> None:
        """`hooks={"PreToolUse": [HookMatcher(matcher="Bash", hooks=[ask])]}`: a hook that asks a person
        before the tool runs is a gate for the tools its matcher names; one that only filters is not."""
        cst = self.cst
        for element in hooks.elements:
            if not isinstance(element, cst.DictElement) or self.literal(element.key) != "PreToolUse":
                continue
            matchers = self.value(element.value)
            for item in matchers.elements if isinstance(matchers, (cst.List, cst.Tuple)) else ():
                matcher = self.value(item.value)
                if not isinstance(matcher, cst.Call):
                    continue
                pattern = self.literal(self.argument(matcher, "matcher", 0))
                functions = self.value(self.argument(matcher, "hooks", 1))
                for fn in functions.elements if isinstance(functions, (cst.List, cst.Tuple)) else ():
                    resolved = self._function(self.value(fn.value))
                    if resolved is not None and self.judge_callback(resolved[0]) == "person":
                        gate = Gate(f"`PreToolUse` hook `{_code(fn.value)}` asks a person", self.at(f"{agent.pointer}/gates/hook", fn.value))
                        gate.covers = None if pattern in (None, "", "*") else {p.strip().lower() for p in str(pattern).split("|")}
                        agent.gates.append(gate)
        for capability in agent.capabilities:
            if capability.gate is None:
                covering = [g for g in agent.gates if g.covers is None or capability.name.split("(")[0].lower() in g.covers]
                if covering:
                    capability.gate = covering[0]

    def register_functions(self) -> None:
        """AutoGen `register_function(f, caller=assistant, executor=proxy, ...)`: `f` is a tool the executor runs."""
        cst = self.cst
        registrations = [c for c in self.calls if _last(self.index.qualified(c.func)) == "register_function"]
        if not registrations:
            return
        spans = {self.spans.get(a.pointer): a for a in self.agents}
        by_variable: dict[str, CodeAgent] = {}
        for call in self.calls:
            agent = spans.get(self.doc.span_of(call))
            variable = self.assigned_name(call) if agent is not None else None
            if variable:
                by_variable[variable] = agent
        for call in registrations:
            executor = self.argument(call, "executor")
            function = self.argument(call, "f", 0)
            agent = by_variable.get(executor.value) if isinstance(executor, cst.Name) else None
            resolved = self._function(function) if function is not None else None
            if agent is None or resolved is None:
                continue
            pointer = self.at(self._slot(agent), function)
            capability = self._custom(resolved[0], resolved[1], None, pointer)
            covering = [g for g in agent.gates if g.real]
            capability.gate = capability.gate or (covering[0] if covering else None)
            agent.capabilities.append(capability)

    # -- raw tool loops ---------------------------------------------------------------------------------
    def _loop_framework(self, call: Any) -> Framework | None:
        cst = self.cst
        if not isinstance(call.func, cst.Attribute) or "tools" not in self.kwargs(call):
            return None
        dotted = _code(call.func)
        for framework in self.k.frameworks:
            loop_calls = framework.raw.get("loop_calls")
            if not loop_calls or not any(framework.packages[0] == i.module.split(".")[0] for i in self.index.imports.values()):
                continue
            if any(dotted.endswith("." + suffix) for suffix in loop_calls):
                return framework
        return None

    def _raw_loop(self, call: Any, framework: Framework) -> None:
        cst = self.cst
        agent = self._new_agent(call, framework, "")
        function = self._enclosing_function(call)
        agent.name = f"{_code(call.func)} in {function.name.value}()" if function is not None else _code(call.func)
        schema_tools = framework.raw.get("schema_tools", {})
        tools = self.value(self.kwargs(call)["tools"].value)
        if self._dispatch is None:
            self._dispatch = self._dispatch_tables()
        dispatch = self._dispatch
        elements = tools.elements if isinstance(tools, (cst.List, cst.Tuple)) else []
        for element in elements:
            schema = self.value(element.value)
            data = self.literal(schema)
            if not isinstance(data, dict):
                continue
            name = data.get("name") or (data.get("function") or {}).get("name") if isinstance(data.get("function"), dict) or data.get("name") else data.get("name")
            kind = str(data.get("type") or "")
            pointer = self._slot(agent)
            function = None
            if isinstance(name, str):
                function = self.index.functions.get(name) or dispatch.get(name)
            if function is not None:
                resolved = self._function(function) if not isinstance(function, cst.FunctionDef) else (function, self.index)
                if resolved is not None:
                    agent.capabilities.append(self._custom(resolved[0], resolved[1], None, self.at(pointer, element.value)))
                    continue
            base = re.sub(r"_\d{8}$", "", kind)
            reach = schema_tools.get(base) or schema_tools.get(str(name or ""))
            if reach and self._runs_commands is None:
                self._runs_commands = self._module_runs_commands()
            if reach and self._runs_commands:
                agent.capabilities.append(Capability(str(name or base), "tool", reach, f"runs the model's `{kind or name}` calls on the host (this module executes them)", self.at(pointer, element.value)))

    def _dispatch_tables(self) -> dict[str, Any]:
        """`{"run_command": run_command, ...}` dictionaries mapping tool names to functions."""
        cst = self.cst
        out: dict[str, Any] = {}
        for node in _walk(self.doc.module):
            if isinstance(node, cst.Dict):
                for element in node.elements:
                    if isinstance(element, cst.DictElement) and isinstance(element.value, (cst.Name, cst.Attribute)):
                        key = self.literal(element.key)
                        if isinstance(key, str) and self._function(element.value) is not None:
                            out.setdefault(key, element.value)
        return out

    def _module_runs_commands(self) -> bool:
        for function in self.index.functions.values():
            if any(e.kind in ("shell", "code") for e in effects_of(function, self.index)):
                return True
        return False

    # -- identities ------------------------------------------------------------------------------------
    def _identities(self) -> list[tuple[Identity, Any]]:
        """Identities stated anywhere in the module; those inside tool functions were already attached."""
        out: list[tuple[Identity, Any]] = []
        for call in self.calls:
            function = self._enclosing_function(call)
            if function is not None and id(function) in self.tool_functions:
                continue
            for identity in self._identity_of(call, f"/identities/{len(out)}", None):
                out.append((identity, None))
        return out

    def _enclosing_function(self, node: Any) -> Any:
        cst = self.cst
        current = self.doc.parents.get(node)
        while current is not None and not isinstance(current, cst.FunctionDef):
            current = self.doc.parents.get(current)
        return current

    def _identities_in(self, function: Any, base: str) -> list[Identity]:
        cst = self.cst
        params = {p.name.value for p in (*function.params.params, *function.params.kwonly_params)} if isinstance(function, cst.FunctionDef) else set()
        out: list[Identity] = []
        for node in _walk_body(function.body):
            if isinstance(node, cst.Call):
                out.extend(self._identity_of(node, f"{base}/identities/{len(out)}", params))
        return out

    def _identity_of(self, call: Any, pointer: str, params: set[str] | None) -> list[Identity]:
        cst = self.cst
        name = self.index.qualified(call.func)
        last = call.func.attr.value if isinstance(call.func, cst.Attribute) else _last(name)
        kwargs = self.kwargs(call)
        out = []
        boto = name.startswith("boto3.") or last in ("Session", "client", "resource") and name.startswith("boto3")
        if name in ("boto3.Session", "boto3.session.Session", "boto3.setup_default_session") and "profile_name" in kwargs:
            arg = kwargs["profile_name"]
            value = self.literal(arg.value)
            where = self.keyword_at(pointer, arg)
            if isinstance(value, str):
                out.append(Identity("profile", value, where, f"`{_code(call.func)}(profile_name=\"{value}\")`"))
            elif params is not None and any(isinstance(n, cst.Name) and n.value in params for n in _walk(arg.value)):
                out.append(Identity("any-profile", "", where, f"`{_code(call.func)}(profile_name={_code(arg.value)})` takes the profile from an argument the model chooses"))
        if (boto or last in ("client", "resource", "Session")) and "aws_access_key_id" in kwargs:
            arg = kwargs["aws_access_key_id"]
            value = self.literal(arg.value)
            where = self.keyword_at(pointer + "/keys", arg)
            literal = isinstance(value, str) and bool(re.match(r"^(AKIA|ASIA)[A-Z0-9]{12,}$", value))
            if literal or boto:
                shown = value[:4] + "…" if literal else _code(arg.value)
                out.append(Identity("static-keys", "", where, f"`aws_access_key_id={shown if not literal else repr(shown)}` passes access keys", literal_secret=literal))
        if last == "assume_role" and "RoleArn" in kwargs:
            arg = kwargs["RoleArn"]
            value = self.literal(arg.value)
            where = self.keyword_at(pointer + "/role", arg)
            if isinstance(value, str):
                out.append(Identity("role", value, where, f"`assume_role(RoleArn=\"{value}\")`"))
            elif params is not None and any(isinstance(n, cst.Name) and n.value in params for n in _walk(arg.value)):
                out.append(Identity("any-profile", "", where, f"`assume_role(RoleArn={_code(arg.value)})` assumes a role the model chooses"))
        return out


# -- helpers ------------------------------------------------------------------------------------------
class _Unshadowed:
    """The framework knowledge, minus packages the repository defines itself."""

    def __init__(self, knowledge: Any, shadowed: set[str]) -> None:
        self._k = knowledge
        self._shadowed = shadowed

    def __getattr__(self, name: str) -> Any:
        return getattr(self._k, name)

    def framework_of(self, qualified: str) -> Any:
        if qualified.split(".")[0] in self._shadowed:
            return None
        return self._k.framework_of(qualified)

    def find(self, table: Any, qualified: str) -> Any:
        if qualified.split(".")[0] in self._shadowed:
            return None
        return self._k.find(table, qualified)


def _repository_root(file: Any) -> Any:
    """The folder holding `.git` above `file` (at most eight levels up): other modules are read only
    inside it. None when there is none, and `lint.pyeffects` then looks at most three folders up."""
    if file is None:
        return None
    from pathlib import Path

    folder = Path(file).parent
    for _ in range(8):
        if (folder / ".git").exists():
            return folder
        if folder.parent == folder:
            return None
        folder = folder.parent
    return None


def _approving(value: Any) -> bool:
    if value is True:
        return True
    if isinstance(value, str):
        return value.strip().lower() in _APPROVE_WORDS
    if isinstance(value, dict):
        return any(_approving(v) for k, v in value.items() if k in ("type", "action", "decision", "approved", "approve", "answer", "response", "decisions"))
    if isinstance(value, list):
        return bool(value) and all(_approving(v) for v in value)
    return False


def _allows(node: Any, reader: Reader) -> bool:
    """A returned expression that allows: `PermissionResultAllow(...)`, `{"behavior": "allow"}`, `True`."""
    cst = reader.cst
    if isinstance(node, cst.Call):
        return _last(reader.index.qualified(node.func)).endswith("Allow")
    value = reader.literal(node)
    if value is True:
        return True
    return isinstance(value, dict) and value.get("behavior") == "allow"


def _last(dotted: str) -> str:
    return dotted.rsplit(".", 1)[-1]


def _code(node: Any) -> str:
    import libcst as cst

    try:
        text = cst.Module(body=[]).code_for_node(node)
    except Exception:  # noqa: BLE001 - a node libcst cannot print alone
        return "…"
    text = " ".join(text.split())
    return text if len(text) <= 80 else text[:79] + "…"

