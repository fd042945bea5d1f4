"""What a Python function does to its host, read from its source (never imported or run).

`effects_of(function, index)` lists the effects of a function body and of the functions it
calls in the same module or, where an import names them, in other modules of the same
repository (read from disk beside the file, bounded in depth, files and bytes):

- ``shell``: a shell or a program chosen at run time (`subprocess.*` with `shell=True` or a shell
  argv, `os.system`, `os.popen`, `os.exec*`, `asyncio.create_subprocess_shell`);
- ``code``: code evaluated at run time (`exec`, `eval`, `runpy.run_path`, `code.interact`);
- ``delete-files``: `os.remove`, `os.unlink`, `shutil.rmtree`, `Path.unlink`, `Path.rmdir`,
  or a literal destructive command (`rm -rf`);
- ``write-files``: `open(..., "w")`, `Path.write_text`, `shutil.copy*`, `shutil.move`, `os.rename`;
- ``cloud-destructive``: a boto3 client call whose IAM action the risk catalogue marks
  destructive (`ec2.terminate_instances` -> `ec2:TerminateInstances`), or whose name deletes,
  terminates, drops or purges; a literal destructive CLI command (`terraform destroy`);
- ``cloud-escalation``: a boto3 call whose IAM action is a privilege-escalation method
  (`iam.attach_role_policy` -> `iam:AttachRolePolicy`);
- ``network``: an HTTP request (`requests.*`, `httpx.*`, `urllib.request.urlopen`).

Each effect says whether its decisive argument comes from the function's parameters
(`from_arguments`): for a tool, that is the model choosing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from lint.discover import read_text_bounded
from lint.document import ParseError
from lint.formats.python import check_parsable
from lint.formats.python import dotted as _dotted
from lint.formats.python import walk as _walk
from lint.formats.python import walk_body as _walk_body
from lint.model import Span

KINDS = ("shell", "code", "delete-files", "write-files", "cloud-destructive", "cloud-escalation", "network")

#: How deep calls are followed, how many repository modules one index may read, and their size cap.
MAX_DEPTH = 4
MAX_MODULES = 24
MAX_MODULE_BYTES = 512 * 1024

_SUBPROCESS = {"run", "call", "check_call", "check_output", "Popen", "getoutput", "getstatusoutput"}
_OS_SHELL = {"system", "popen", "execl", "execle", "execlp", "execlpe", "execv", "execve", "execvp", "execvpe",
             "spawnl", "spawnle", "spawnlp", "spawnlpe", "spawnv", "spawnve", "spawnvp", "spawnvpe", "posix_spawn", "posix_spawnp"}
_SHELLS = {"sh", "bash", "zsh", "dash", "ksh", "fish", "cmd", "cmd.exe", "powershell", "pwsh", "/bin/sh", "/bin/bash",
           "/usr/bin/bash"}
_OS_DELETE = {"remove", "unlink", "rmdir", "removedirs"}
_OS_WRITE = {"rename", "replace", "renames", "truncate"}
_SHUTIL_DELETE = {"rmtree"}
_SHUTIL_WRITE = {"copy", "copy2", "copyfile", "copytree", "move"}
_PATH_DELETE = {"unlink", "rmdir"}
_PATH_WRITE = {"write_text", "write_bytes"}
_HTTP_MODULES = {"requests", "httpx"}
_HTTP_METHODS = {"get", "post", "put", "patch", "delete", "head", "request", "stream"}
#: boto3 service names whose IAM prefix differs.
_IAM_PREFIX = {"stepfunctions": "states", "elbv2": "elasticloadbalancing", "elb": "elasticloadbalancing",
               "opensearch": "es", "sesv2": "ses", "apigatewayv2": "apigateway", "s3control": "s3",
               "dynamodbstreams": "dynamodb", "logs": "logs", "cognito-idp": "cognito-idp"}
#: boto3 method -> IAM action name where they differ.
_METHOD_ACTION = {("s3", "delete_objects"): "DeleteObject", ("s3", "delete_bucket_contents"): "DeleteObject"}

#: Literal commands that destroy (checked on the whole command text, word-bounded).
_DESTRUCTIVE_COMMANDS = (
    (re.compile(r"\brm\s+(-[a-zA-Z]*[rf][a-zA-Z]*\s+)"), "delete-files", "`rm -r/-f` deletes files"),
    (re.compile(r"\bterraform\s+(destroy|apply\b.*-auto-approve)"), "cloud-destructive", "`terraform` destroys or applies unreviewed"),
    (re.compile(r"\b(cdk|pulumi)\s+destroy\b"), "cloud-destructive", "destroys stacks"),
    (re.compile(r"\baws\s+\S+\s+(delete|terminate|remove|purge|deregister)-"), "cloud-destructive", "an AWS CLI call that deletes"),
    (re.compile(r"\baws\s+s3\s+(rb|rm)\b"), "cloud-destructive", "deletes S3 buckets or objects"),
    (re.compile(r"\bkubectl\s+delete\b"), "cloud-destructive", "deletes cluster resources"),
    (re.compile(r"\bhelm\s+(uninstall|delete)\b"), "cloud-destructive", "deletes a release"),
    (re.compile(r"\b(DROP|TRUNCATE)\s+(TABLE|DATABASE|SCHEMA)\b", re.I), "cloud-destructive", "drops data"),
)


@dataclass(frozen=True)
class Effect:
    """One thing a function does, located at the call that does it (`node` in the file at `path`)."""

    kind: str  # one of KINDS
    detail: str  # "`subprocess.run(..., shell=True)` runs a shell command"
    node: Any  # the libcst Call node
    path: str  # the file the node is in
    span: Span
    from_arguments: bool = False  # the decisive argument comes from the function's parameters
    via: tuple[str, ...] = ()  # functions followed to reach it, outermost first
    actions: tuple[str, ...] = ()  # IAM actions of a cloud effect (`ec2:TerminateInstances`)


# -- the module index --------------------------------------------------------------------------
@dataclass
class _Imported:
    module: str  # dotted module named by the import ("" for a relative import of a package itself)
    name: str | None  # the name imported from it, None for `import module`
    level: int = 0  # leading dots of a relative import


class ModuleIndex:
    """What one Python module defines and imports, and how to reach modules of the same repository.

    Build it with `ModuleIndex(module, path)` from a parsed libcst module; `positions` (libcst
    `PositionProvider` results) are computed on first need when not given. `root` bounds where
    other modules are looked for (by default the file's folder and up to three parents).
    """

    def __init__(self, module: Any, path: str, positions: Any = None, *, root: Path | str | None = None,
                 file: Path | str | None = None, _shared: dict[str, ModuleIndex | None] | None = None) -> None:
        import libcst as cst

        self.cst = cst
        self.module = module
        self.path = path
        self._positions = positions
        self.file = Path(file) if file is not None else Path(path)
        self.root = Path(root) if root is not None else None
        self.functions: dict[str, Any] = {}  # top-level function name -> FunctionDef
        self.classes: dict[str, Any] = {}  # top-level class name -> ClassDef
        self.methods: dict[int, dict[str, Any]] = {}  # id(ClassDef) -> method name -> FunctionDef
        self.owner: dict[int, Any] = {}  # id(FunctionDef) -> enclosing ClassDef
        self.imports: dict[str, _Imported] = {}  # bound name -> where it comes from
        self.assignments: dict[str, Any] = {}  # module-level name -> value (last wins)
        self._shared = _shared if _shared is not None else {}
        self._index(module)

    # -- building ----------------------------------------------------------------------------
    def _index(self, module: Any) -> None:
        cst = self.cst
        for statement in module.body:
            self._top(statement)
        for node in _walk(module):
            if isinstance(node, cst.ClassDef):
                table = self.methods.setdefault(id(node), {})
                for item in node.body.body:
                    if isinstance(item, cst.FunctionDef):
                        table[item.name.value] = item
                        self.owner[id(item)] = node
            elif isinstance(node, cst.Import):
                for alias in node.names:
                    dotted = _dotted(alias.name)
                    bound = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else dotted.split(".")[0]
                    self.imports.setdefault(bound, _Imported(dotted if alias.asname else dotted.split(".")[0], None))
            elif isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
                source = _dotted(node.module) if node.module is not None else ""
                for alias in node.names:
                    name = _dotted(alias.name)
                    bound = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else name
                    self.imports.setdefault(bound, _Imported(source, name, len(node.relative)))

    def _top(self, statement: Any) -> None:
        cst = self.cst
        if isinstance(statement, cst.FunctionDef):
            self.functions[statement.name.value] = statement
        elif isinstance(statement, cst.ClassDef):
            self.classes[statement.name.value] = statement
        elif isinstance(statement, cst.SimpleStatementLine):
            for small in statement.body:
                if isinstance(small, cst.Assign):
                    for target in small.targets:
                        if isinstance(target.target, cst.Name):
                            self.assignments[target.target.value] = small.value
                elif isinstance(small, cst.AnnAssign) and small.value is not None and isinstance(small.target, cst.Name):
                    self.assignments[small.target.value] = small.value
        elif isinstance(statement, (cst.If, cst.Try, cst.With)):
            for inner in getattr(statement.body, "body", ()):
                self._top(inner)

    # -- names -------------------------------------------------------------------------------
    def qualified(self, node: Any) -> str:
        """The dotted name an expression denotes once import aliases are undone:
        `sp.run` -> `subprocess.run` after `import subprocess as sp`; "" when it is not a name."""
        dotted = _dotted(node)
        if not dotted:
            return ""
        head, _, rest = dotted.partition(".")
        imported = self.imports.get(head)
        if imported is None:
            return dotted
        base = imported.module if imported.name is None else (f"{imported.module}.{imported.name}" if imported.module else imported.name)
        if imported.level:
            base = "." * imported.level + base
        return f"{base}.{rest}" if rest else base

    def span_of(self, node: Any) -> Span:
        if self._positions is None:
            from libcst.metadata import MetadataWrapper, PositionProvider

            wrapper = MetadataWrapper(self.module, unsafe_skip_copy=True)
            self._positions = wrapper.resolve(PositionProvider)
        code = self._positions.get(node)
        if code is None:
            return Span(1, 1, 1, 1)
        return Span(code.start.line, code.start.column + 1, code.end.line, code.end.column + 1)

    def resolve_function(self, name: str) -> tuple[Any, ModuleIndex] | None:
        """The function a plain name calls: defined here, or imported from a repository module."""
        if name in self.functions:
            return self.functions[name], self
        imported = self.imports.get(name)
        if imported is not None and imported.name is not None:
            other = self.load(imported.module, imported.level)
            if other is not None and other is not self and imported.name in other.functions:
                return other.functions[imported.name], other
            # `from pkg import helpers` then `helpers(...)` is a module, not a function: nothing to follow
        return None

    def resolve_attribute(self, module_alias: str, name: str) -> tuple[Any, ModuleIndex] | None:
        """`helpers.run(...)` where `helpers` is a repository module imported here."""
        imported = self.imports.get(module_alias)
        if imported is None:
            return None
        if imported.name is None:
            other = self.load(imported.module, 0)
        else:
            dotted = f"{imported.module}.{imported.name}" if imported.module else imported.name
            other = self.load(dotted, imported.level)
        if other is not None and name in other.functions:
            return other.functions[name], other
        return None

    def load(self, dotted: str, level: int = 0) -> ModuleIndex | None:
        """The index of a repository module named by an import, read from disk (never imported)."""
        for candidate in self._candidates(dotted, level):
            key = str(candidate)
            if key in self._shared:
                found = self._shared[key]
                if found is not None:
                    return found
                continue
            if len([v for v in self._shared.values() if v is not None]) >= MAX_MODULES:
                return None
            self._shared[key] = None
            try:
                if not candidate.is_file() or candidate.is_symlink() or candidate.stat().st_size > MAX_MODULE_BYTES:
                    continue
                text = read_text_bounded(candidate, MAX_MODULE_BYTES)
                check_parsable(text)  # a module read only to follow a call is guarded like a linted one
                module = self.cst.parse_module(text)
            except (OSError, UnicodeDecodeError, ParseError, self.cst.ParserSyntaxError, RecursionError, ValueError):
                continue
            path = self._display_path(candidate)
            index = ModuleIndex(module, path, root=self.root, file=candidate, _shared=self._shared)
            self._shared[key] = index
            return index
        return None

    def _display_path(self, candidate: Path) -> str:
        """`candidate` written the way this file's path is written (relative paths stay relative)."""
        try:
            base = self.file.parent.resolve()
            relative = candidate.resolve().relative_to(base)
            return str(Path(self.path).parent / relative)
        except (ValueError, OSError):
            return str(candidate)

    def _candidates(self, dotted: str, level: int) -> list[Path]:
        if not dotted and not level:
            return []
        parts = [p for p in dotted.split(".") if p]
        here = self.file.parent
        bases: list[Path] = []
        if level:
            base = here
            for _ in range(level - 1):
                base = base.parent
            bases.append(base)
        else:
            base = here
            for _ in range(4):  # the file's folder and up to three parents (src layouts, packages)
                bases.append(base)
                if self.root is not None and base.resolve() == self.root.resolve():
                    break
                if base.parent == base:
                    break
                base = base.parent
        out = []
        for base in bases:
            if self.root is not None and not _inside(base, self.root):
                continue
            target = base.joinpath(*parts) if parts else base
            out.append(target.with_suffix(".py") if parts else target / "__init__.py")
            out.append(target / "__init__.py")
        return out


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except (ValueError, OSError):
        return False


# -- effects -----------------------------------------------------------------------------------
def effects_of(function: Any, index: ModuleIndex, *, tainted: set[str] | None = None) -> list[Effect]:
    """Every effect of `function` (a libcst `FunctionDef` or `Lambda` in `index`'s module), in source
    order, following calls into functions of this module and of repository modules it imports.

    `tainted` names the parameters whose values the caller does not control (by default every
    parameter except `self`/`cls`): effects whose decisive argument derives from them are marked
    `from_arguments`.
    """
    walker = _Walker()
    walker.run(function, index, tainted, (), 0, {})
    merged: dict[int, Effect] = {}
    for effect in walker.effects:  # one call reached along several paths: one effect
        earlier = merged.get(id(effect.node))
        if earlier is None:
            merged[id(effect.node)] = effect
        elif effect.from_arguments and not earlier.from_arguments:
            merged[id(effect.node)] = Effect(**{**earlier.__dict__, "from_arguments": True})
    return list(merged.values())


class _Walker:
    def __init__(self) -> None:
        self.effects: list[Effect] = []
        self.seen: set[tuple[int, frozenset[str]]] = set()

    def run(self, function: Any, index: ModuleIndex, tainted: set[str] | None, via: tuple[str, ...], depth: int,
            constants: dict[str, Any]) -> None:
        cst = index.cst
        params = _parameters(function, cst)
        taint = set(tainted) if tainted is not None else {p for p in params if p not in ("self", "cls")}
        key = (id(function), frozenset(taint), frozenset((k, id(v)) for k, v in constants.items()))
        if key in self.seen or depth > MAX_DEPTH:
            return
        self.seen.add(key)
        scope = _Scope(index, function, taint)
        scope.values.update(constants)  # literal arguments the caller passed
        body = function.body
        for node in _walk_body(body):
            if isinstance(node, (cst.Assign, cst.AnnAssign, cst.AugAssign)):
                scope.assign(node)
            elif isinstance(node, (cst.For, cst.CompFor)):
                scope.bind_loop(node)
            elif isinstance(node, cst.WithItem) and node.asname is not None:
                scope.bind(node.asname.name, node.item)
            elif isinstance(node, cst.Call):
                self.call(node, scope, via, depth)

    def add(self, scope: _Scope, kind: str, detail: str, node: Any, from_arguments: bool, via: tuple[str, ...], actions: tuple[str, ...] = ()) -> None:
        index = scope.index
        self.effects.append(Effect(kind, detail, node, index.path, index.span_of(node), from_arguments, via, actions))

    def call(self, node: Any, scope: _Scope, via: tuple[str, ...], depth: int) -> None:
        cst = scope.index.cst
        index = scope.index
        name = index.qualified(node.func)
        args = [a for a in node.args if a.keyword is None and not a.star]
        kwargs = {a.keyword.value: a.value for a in node.args if a.keyword is not None}
        first = args[0].value if args else None
        tainted_args = any(scope.tainted(a.value) for a in node.args)
        head, _, last = name.rpartition(".")
        if name.startswith("subprocess.") and last in _SUBPROCESS or name in ("asyncio.create_subprocess_exec", "asyncio.create_subprocess_shell"):
            self._process(node, scope, name, first, kwargs, via)
            return
        if head == "os" and last in _OS_SHELL:
            command = _literal_text(first, scope)
            self._command(node, scope, f"`{name}`", command, first, via, shell=True)
            return
        if name in ("exec", "eval", "builtins.exec", "builtins.eval", "runpy.run_path", "runpy.run_module", "code.interact"):
            if first is not None and _literal_text(first, scope) is not None:
                return  # a constant string evaluated is the author's code
            self.add(scope, "code", f"`{name}(...)` evaluates code chosen at run time", node, scope.tainted(first) if first is not None else False, via)
            return
        if (head == "os" and last in _OS_DELETE) or (head == "shutil" and last in _SHUTIL_DELETE):
            self.add(scope, "delete-files", f"`{name}(...)` deletes files", node, tainted_args, via)
            return
        if (head == "os" and last in _OS_WRITE) or (head == "shutil" and last in _SHUTIL_WRITE):
            self.add(scope, "write-files", f"`{name}(...)` writes or moves files", node, tainted_args, via)
            return
        if name in ("open", "io.open", "builtins.open", "os.open"):
            mode = kwargs.get("mode", args[1].value if len(args) > 1 else None)
            text = _literal_text(mode, scope) if mode is not None else None
            if name == "os.open" or (text is not None and any(c in text for c in "wax+")):
                self.add(scope, "write-files", f"`{name}(..., {text!r})` writes a file" if text else f"`{name}(...)` opens a file for writing", node, scope.tainted(first) if first is not None else False, via)
            return
        if head.split(".")[0] in _HTTP_MODULES and last in _HTTP_METHODS or name in ("urllib.request.urlopen", "urllib.request.Request"):
            self.add(scope, "network", f"`{name}(...)` sends an HTTP request", node, tainted_args, via)
            return
        if isinstance(node.func, cst.Attribute):
            method = node.func.attr.value
            service = scope.boto3_service(node.func.value)
            if service is not None:
                self._boto3(node, scope, service, method, tainted_args, via)
                return
            if method in _PATH_DELETE and not node.args:
                self.add(scope, "delete-files", f"`.{method}()` deletes a file or folder", node, scope.tainted(node.func.value), via)
                return
            if method in _PATH_WRITE:
                self.add(scope, "write-files", f"`.{method}(...)` writes a file", node, scope.tainted(node.func.value), via)
                return
        self._follow(node, scope, via, depth)

    def _process(self, node: Any, scope: _Scope, name: str, first: Any, kwargs: dict[str, Any], via: tuple[str, ...]) -> None:
        cst = scope.index.cst
        shell = name.endswith("create_subprocess_shell") or name.endswith(("getoutput", "getstatusoutput")) or _is_true(kwargs.get("shell"))
        if first is None:
            first = kwargs.get("args")
        if first is None:
            return
        if shell:
            self._command(node, scope, f"`{name}(..., shell=True)`" if "shell" in kwargs else f"`{name}`", _literal_text(first, scope), first, via, shell=True)
            return
        argv = scope.value_of(first)
        if isinstance(argv, (cst.List, cst.Tuple)):
            words = [_literal_text(e.value, scope) for e in argv.elements if isinstance(e, cst.Element)]
            if words and words[0] is not None and words[0].rsplit("/", 1)[-1] == "env":
                words = words[1:]  # `env bash -c ...` runs what follows
            if words and words[0] is not None and words[0].rsplit("/", 1)[-1] in _SHELLS:
                literal = " ".join(w for w in words[1:] if w is not None) if all(w is not None for w in words) else None
                self._command(node, scope, f"`{name}([{words[0]!r}, ...])`", literal, argv, via, shell=True)
                return
            if words and all(w is not None for w in words):
                self._command(node, scope, f"`{name}(...)`", " ".join(words), argv, via, shell=False)
                return
            if words and words[0] is not None:
                # a fixed program with computed arguments: destructive only if its literal words say so
                parts = [_partial_text(e.value, scope) or "X" for e in argv.elements if isinstance(e, cst.Element)]
                self._command(node, scope, f"`{name}(...)`", " ".join(parts), argv, via, shell=False, partial=True)
                return
        literal = _literal_text(first, scope)
        if literal is not None:
            self._command(node, scope, f"`{name}(...)`", literal, first, via, shell=False)
            return
        self.add(scope, "shell", f"`{name}(...)` runs a program chosen at run time", node, scope.tainted(first), via)

    def _command(self, node: Any, scope: _Scope, what: str, command: str | None, argument: Any, via: tuple[str, ...],
                 *, shell: bool, partial: bool = False) -> None:
        if command is None:
            if argument is None:
                return
            text = _partial_text(scope.value_of(argument), scope)
            for pattern, kind, why in _DESTRUCTIVE_COMMANDS:
                if text and pattern.search(text):
                    self.add(scope, kind, f"{what} runs `{_short(text)}`: {why}", node, scope.tainted(argument), via)
                    return
            self.add(scope, "shell", f"{what} runs a shell command chosen at run time", node, scope.tainted(argument), via)
            return
        for pattern, kind, why in _DESTRUCTIVE_COMMANDS:
            if pattern.search(command):
                self.add(scope, kind, f"{what} runs `{_short(command)}`: {why}", node, partial and scope.tainted(argument), via)
                return

    def _boto3(self, node: Any, scope: _Scope, service: str, method: str, tainted: bool, via: tuple[str, ...]) -> None:
        risk, actions = boto3_risk(service, method)
        if risk is None:
            return
        shown = f"{service}." if service != "?" else ""
        action_text = f" (`{actions[0]}`)" if actions else ""
        if risk == "cloud-escalation":
            detail = f"boto3 `{shown}{method}(...)`{action_text} can raise privileges"
        else:
            detail = f"boto3 `{shown}{method}(...)`{action_text} deletes or stops cloud resources"
        self.add(scope, risk, detail, node, tainted, via, actions)

    def _follow(self, node: Any, scope: _Scope, via: tuple[str, ...], depth: int) -> None:
        cst = scope.index.cst
        index = scope.index
        target = None
        func = node.func
        if isinstance(func, cst.Name):
            local = scope.local_functions.get(func.value)
            target = (local, index) if local is not None else index.resolve_function(func.value)
        elif isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name):
            receiver = func.value.value
            if receiver in ("self", "cls"):
                owner = index.owner.get(id(scope.function))
                method = index.methods.get(id(owner), {}).get(func.attr.value) if owner is not None else None
                target = (method, index) if method is not None else None
            else:
                target = index.resolve_attribute(receiver, func.attr.value)
        if target is None or target[0] is None:
            return
        function, where = target
        params = [p for p in _parameters(function, cst) if p not in ("self", "cls")]
        tainted: set[str] = set()
        constants: dict[str, Any] = {}
        positional = [a for a in node.args if a.keyword is None and not a.star]
        passed = [(params[i], arg.value) for i, arg in enumerate(positional) if i < len(params)]
        passed += [(arg.keyword.value, arg.value) for arg in node.args if arg.keyword is not None]
        for param, value in passed:
            if scope.tainted(value):
                tainted.add(param)
            else:
                resolved = scope.value_of(value)
                if _literal_text(resolved) is not None or isinstance(resolved, (cst.List, cst.Tuple)):
                    constants[param] = resolved
        for arg in node.args:
            if arg.star and scope.tainted(arg.value):
                tainted.update(params)
        name = function.name.value if isinstance(function, cst.FunctionDef) else "<lambda>"
        self.run(function, where, tainted, via + (name,), depth + 1, constants)


class _Scope:
    """Local names of one function: what each holds and whether it derives from a tainted parameter."""

    def __init__(self, index: ModuleIndex, function: Any, taint: set[str]) -> None:
        self.index = index
        self.function = function
        self.taint = set(taint)
        self.values: dict[str, Any] = {}
        self.local_functions: dict[str, Any] = {}
        cst = index.cst
        body = getattr(function.body, "body", ())
        for statement in body if isinstance(body, (list, tuple)) else ():
            if isinstance(statement, cst.FunctionDef):
                self.local_functions[statement.name.value] = statement

    def assign(self, node: Any) -> None:
        cst = self.index.cst
        value = node.value
        if value is None:
            return
        targets = [t.target for t in node.targets] if isinstance(node, cst.Assign) else [node.target]
        for target in targets:
            self.bind(target, value, augment=isinstance(node, cst.AugAssign))

    def bind(self, target: Any, value: Any, *, augment: bool = False) -> None:
        cst = self.index.cst
        if isinstance(target, cst.Name):
            if not augment:
                self.values[target.value] = value
                self.taint.discard(target.value)
            if self.tainted(value):
                self.taint.add(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self.bind(element.value, value, augment=augment)

    def bind_loop(self, node: Any) -> None:
        if self.tainted(node.iter):
            self.bind(node.target, node.iter)

    def tainted(self, node: Any, depth: int = 0) -> bool:
        """Whether a value derives from a tainted name. A condition's outcome carries no text of its own:
        `"png" if "png" in kind else "jpg"` is one of two constants, and a comparison is a bool."""
        if node is None or not self.taint or depth > 50:
            return False
        cst = self.index.cst
        if isinstance(node, cst.Name):
            return node.value in self.taint
        if isinstance(node, cst.IfExp):
            return self.tainted(node.body, depth + 1) or self.tainted(node.orelse, depth + 1)
        if isinstance(node, (cst.Comparison, cst.UnaryOperation)) and not isinstance(getattr(node, "operator", None), cst.Minus):
            return False
        return any(self.tainted(child, depth + 1) for child in node.children)

    def value_of(self, node: Any, depth: int = 0) -> Any:
        """Follow a local or module-level name to the expression it was last given."""
        cst = self.index.cst
        while isinstance(node, cst.Name) and depth < 8:
            found = self.values.get(node.value)
            if found is None:
                found = self.index.assignments.get(node.value)
            if found is None:
                return node
            node = found
            depth += 1
        return node

    def boto3_service(self, receiver: Any, depth: int = 0) -> str | None:
        """The boto3 service a receiver is a client or resource of: `ec2` for `boto3.client("ec2")`,
        a variable holding one, `self.x` set in the class, or a session's client; "?" when the
        service name is computed."""
        cst = self.index.cst
        if depth > 6:
            return None
        if isinstance(receiver, cst.Attribute) and isinstance(receiver.value, cst.Name) and receiver.value.value == "self":
            value = self._self_attribute(receiver.attr.value)
            return self.boto3_service(value, depth + 1) if value is not None else None
        if isinstance(receiver, cst.Attribute) and isinstance(receiver.value, cst.Call) or isinstance(receiver, cst.Attribute):
            # `ec2.instances.filter(...)`-style resource collections: the resource's service
            inner = self.boto3_service(receiver.value, depth + 1)
            return inner
        node = self.value_of(receiver)
        if isinstance(node, cst.Call):
            name = self.index.qualified(node.func)
            last = node.func.attr.value if isinstance(node.func, cst.Attribute) else name
            if last in ("client", "resource") and (name.startswith("boto3.") or self._is_session(node.func)):
                first = node.args[0].value if node.args else next((a.value for a in node.args if a.keyword and a.keyword.value == "service_name"), None)
                service = _literal_text(first, self) if first is not None else None
                return service or "?"
            if isinstance(node.func, cst.Attribute):  # `s3.Bucket("x")`, `ec2.Instance(id)` from a resource
                return self.boto3_service(node.func.value, depth + 1)
            if isinstance(node.func, cst.Name):  # a helper returning a client
                target = self.index.resolve_function(node.func.value) if node.func.value not in self.local_functions else (self.local_functions[node.func.value], self.index)
                if target is not None:
                    return _returned_service(target[0], target[1], depth + 1)
        return None

    def _is_session(self, func: Any) -> bool:
        cst = self.index.cst
        if not isinstance(func, cst.Attribute):
            return False
        node = self.value_of(func.value)
        if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name) and node.value.value == "self":
            node = self._self_attribute(node.attr.value)
        return isinstance(node, cst.Call) and self.index.qualified(node.func) in ("boto3.Session", "boto3.session.Session")

    def _self_attribute(self, name: str) -> Any:
        cst = self.index.cst
        owner = self.index.owner.get(id(self.function))
        if owner is None:
            return None
        for method in self.index.methods.get(id(owner), {}).values():
            for node in _walk(method):
                if isinstance(node, cst.Assign):
                    for target in node.targets:
                        t = target.target
                        if isinstance(t, cst.Attribute) and t.attr.value == name and isinstance(t.value, cst.Name) and t.value.value == "self":
                            return node.value
        return None


def _returned_service(function: Any, index: ModuleIndex, depth: int) -> str | None:
    cst = index.cst
    if depth > 6 or not isinstance(function, cst.FunctionDef):
        return None
    scope = _Scope(index, function, set())
    for node in _walk_body(function.body):
        if isinstance(node, (cst.Assign, cst.AnnAssign)):
            scope.assign(node)
        elif isinstance(node, cst.Return) and node.value is not None:
            found = scope.boto3_service(node.value, depth + 1)
            if found is not None:
                return found
    return None


@lru_cache(maxsize=4096)
def boto3_risk(service: str, method: str) -> tuple[str | None, tuple[str, ...]]:
    """("cloud-destructive" | "cloud-escalation" | None, IAM actions) of boto3 `service.method`.

    The method becomes `Service:PascalCase` and is looked up in the risk catalogue's destructive
    class and its privilege-escalation methods; a method the catalogue does not know counts as
    destructive when its name deletes, terminates, drops, purges or destroys.
    """
    from lint.iam import catalog
    from lint.iam.risks import privilege_escalation_methods, risk_actions

    action = None
    if service != "?":
        prefix = _IAM_PREFIX.get(service, service)
        pascal = _METHOD_ACTION.get((service, method)) or "".join(part.capitalize() for part in method.split("_"))
        info = catalog.lookup(f"{prefix}:{pascal}")
        action = info.full_name if info is not None else None
    if action is not None:
        escalation = {a for m in privilege_escalation_methods() for a in m.actions if a != "iam:PassRole"}
        if action in escalation:
            return "cloud-escalation", (action,)
        if action in risk_actions("destructive"):
            return "cloud-destructive", (action,)
    if method.startswith(("delete_", "terminate_", "drop_", "purge_", "destroy_", "batch_delete_")) or method == "schedule_key_deletion":
        return "cloud-destructive", ((action,) if action else ())
    return None, ()


# -- helpers -----------------------------------------------------------------------------------
def _parameters(function: Any, cst: Any) -> list[str]:
    params = getattr(function, "params", None)
    if params is None:
        return []
    names = [p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params)]
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            names.append(star.name.value)
    return names


def _is_true(node: Any) -> bool:
    import libcst as cst

    return isinstance(node, cst.Name) and node.value == "True"


def _literal_text(node: Any, scope: _Scope | None = None) -> str | None:
    """The text of a string literal (or a name holding one), None when computed."""
    import libcst as cst

    if scope is not None and isinstance(node, cst.Name):
        node = scope.value_of(node)
    if isinstance(node, cst.SimpleString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    if isinstance(node, cst.ConcatenatedString):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _partial_text(node: Any, scope: _Scope | None = None) -> str | None:
    """The literal parts of a string, with `X` for each computed part (`f"DROP TABLE {t}"` -> `DROP TABLE X`)."""
    import libcst as cst

    literal = _literal_text(node, scope)
    if literal is not None:
        return literal
    if isinstance(node, cst.FormattedString):
        out = []
        for part in node.parts:
            out.append(part.value if isinstance(part, cst.FormattedStringText) else "X")
        return "".join(out)
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.Add):
        left, right = _partial_text(node.left, scope), _partial_text(node.right, scope)
        return f"{left or 'X'}{right or 'X'}"
    return None


def _short(command: str, limit: int = 60) -> str:
    command = " ".join(command.split())
    return command if len(command) <= limit else command[: limit - 1] + "…"


__all__ = ["KINDS", "Effect", "ModuleIndex", "boto3_risk", "effects_of"]

