"""Finding, loading and validating checks.

Every check, built-in or custom, comes in the same way: a module named by an
entry point of the group ``scopelint.checks`` (the built-ins are the entry
point ``scopelint = checks``) is walked for `Check` subclasses. The pipeline is
three small pure steps, each sorted so a run is deterministic:

    find_plugins() -> [Plugin]  ->  load_plugin() -> [LoadedCheck]  ->  validate() -> Registry

A check that cannot be loaded or is incomplete is a `LoadError` naming the file
(and line) at fault; scopelint refuses to run rather than skip it silently.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, NamedTuple

from lint.check import DOC_SECTIONS, ID_PATTERN, Check
from lint.model import Confidence, Severity

if TYPE_CHECKING:
    from lint.check_index import CheckInfo

ENTRY_POINT_GROUP = "scopelint.checks"
BUILTIN = "scopelint"
BUILTIN_MODULE = "checks"


class LoadError(Exception):
    """A check or plugin that cannot be used; the message names the culprit."""


class Plugin(NamedTuple):
    """A source of checks: an entry point (or a module path) not yet imported."""

    name: str
    module: str
    distribution: str


class LoadedCheck(NamedTuple):
    plugin: str
    check: type[Check]

    @property
    def file(self) -> str:  # looked up only for error messages: reading sources is slow
        return getattr(self.check, "rule_file", "") or _file_of(self.check)

    @property
    def line(self) -> int:
        return getattr(self.check, "rule_line", 0) or _line_of(self.check)


def find_plugins(entry_points: Iterable | None = None) -> list[Plugin]:
    """Entry points of the ``scopelint.checks`` group, sorted; the built-ins always included."""
    if entry_points is None:
        from lint.entry_points import entry_points as installed

        entry_points = installed(ENTRY_POINT_GROUP)
    plugins = {}
    for ep in entry_points:
        dist = getattr(ep, "distribution", None) or getattr(getattr(ep, "dist", None), "name", None) or "unknown"
        plugins[ep.name] = Plugin(ep.name, ep.value, dist)
    # running from a source tree that was never installed still finds the built-ins
    plugins.setdefault(BUILTIN, Plugin(BUILTIN, "checks", "scopelint"))
    return sorted(plugins.values())


def load_plugin(plugin: Plugin) -> list[LoadedCheck]:
    """Import a plugin's module (and its submodules) and collect its `Check` classes."""
    try:
        module = _import_builtin() if plugin.name == BUILTIN else importlib.import_module(plugin.module)
    except Exception as exc:  # a plugin's import error must name the plugin, whatever it is
        raise LoadError(f"plugin `{plugin.name}` ({plugin.distribution}): cannot import `{plugin.module}`: {_describe(exc)}") from exc
    if plugin.name == BUILTIN:
        _verify_builtin_location(module)
    return sorted(walk_module(module, plugin.name), key=lambda c: c.check.id)


def walk_module(module: ModuleType, plugin: str) -> list[LoadedCheck]:
    """`Check` subclasses defined in `module` and, for a package, its submodules."""
    modules = [module]
    if hasattr(module, "__path__"):
        for info in sorted(pkgutil.walk_packages(module.__path__, module.__name__ + "."), key=lambda m: m.name):
            try:
                modules.append(importlib.import_module(info.name))
            except Exception as exc:
                raise LoadError(f"plugin `{plugin}`: cannot import `{info.name}`: {_describe(exc)}") from exc
    found: dict[type[Check], LoadedCheck] = {}
    for mod in modules:
        for value in vars(mod).values():
            if (
                inspect.isclass(value)
                and issubclass(value, Check)
                and value is not Check
                and value.__module__ == mod.__name__
                and "id" in vars(value)
            ):
                found[value] = LoadedCheck(plugin, value)
    return list(found.values())


def validate(loaded: Sequence[LoadedCheck]) -> list[type[Check]]:
    """Refuse incomplete checks and duplicate ids; return the checks sorted by id."""
    by_id: dict[str, LoadedCheck] = {}
    for item in loaded:
        problems = check_problems(item.check)
        if problems:
            raise LoadError(f"{item.file}:{item.line}: check `{_name(item.check)}`: " + "; ".join(problems))
        previous = by_id.get(item.check.id)
        if previous is not None:
            raise LoadError(
                f"{item.file}:{item.line}: duplicate check id `{item.check.id}` "
                f"(already defined at {previous.file}:{previous.line})"
            )
        by_id[item.check.id] = item
    for item in by_id.values():
        item.check.origin = item.plugin
    return [by_id[k].check for k in sorted(by_id)]


def check_problems(check: type[Check]) -> list[str]:
    """Everything that keeps a check from being used, in words."""
    from lint.subjects.base import Subject

    problems = []
    check_id = getattr(check, "id", None)
    if not isinstance(check_id, str) or not ID_PATTERN.match(check_id):
        problems.append(f"`id` must be kebab-case (like `iam-admin-wildcard`), not {check_id!r}")
    if not isinstance(getattr(check, "name", None), str) or not check.name.strip():
        problems.append("`name` is missing")
    if not isinstance(check.severity, Severity):
        problems.append("`severity` must be a `Severity`")
    if not isinstance(check.confidence, Confidence):
        problems.append("`confidence` must be a `Confidence`")
    subject = getattr(check, "subject", None)
    kinds = subject if isinstance(subject, tuple) and subject else (subject,)
    if not all(inspect.isclass(kind) and issubclass(kind, Subject) for kind in kinds):
        problems.append("`subject` must be a subject class such as `PolicyDocument` or `AgentConfig`, or a tuple of them")
    sections = check.doc_sections()
    missing = [s for s in DOC_SECTIONS if not sections.get(s)]
    if missing:
        problems.append("docstring lacks " + ", ".join(f"`## {s}`" for s in missing))
    if not check.valid:
        problems.append("no `valid` examples")
    if not check.invalid:
        problems.append("no `invalid` examples")
    for i, example in enumerate(check.invalid):
        if not example.expect:
            problems.append(f"`invalid[{i}]` has no expected locations")
    if check.check is Check.check:
        problems.append("`check()` is not implemented")
    return problems


def find_local(directories: Sequence[Path]) -> list[Path]:
    """``*.py`` modules and ``*.yaml``/``*.yml`` rule files in check folders, sorted."""
    files: list[Path] = []
    for directory in directories:
        if not directory.is_dir():
            raise LoadError(f"{directory}: checks folder does not exist")
        files.extend(
            p for p in directory.iterdir() if p.is_file() and p.suffix in (".py", ".yaml", ".yml") and not p.name.startswith(("_", "."))
        )
    return sorted(files)


def load_local(file: Path) -> list[LoadedCheck]:
    """Import a local check module under the reserved `lint._local` package, or compile a rule file.

    Importing runs the module's code: only folders the user names are loaded.
    """
    origin = f"local:{file}"
    if file.suffix in (".yaml", ".yml"):
        from lint.yaml_rules import RuleError, load_rule_file

        try:
            return [LoadedCheck(origin, check) for check in load_rule_file(file)]
        except RuleError as exc:
            raise LoadError(str(exc)) from None
    import importlib.util
    import sys

    import zlib

    tag = zlib.crc32(str(file.resolve()).encode()) % 10**8
    name = "lint._local." + "".join(c if c.isalnum() else "_" for c in file.stem) + f"_{tag}"
    spec = importlib.util.spec_from_file_location(name, file)
    if spec is None or spec.loader is None:
        raise LoadError(f"{file}:1: cannot load as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except Exception as exc:
        del sys.modules[name]
        raise LoadError(f"{file}:{_line_in(exc, file)}: cannot import: {type(exc).__name__}: {exc}") from exc
    found = walk_module(module, origin)
    if not found:
        raise LoadError(f"{file}:1: defines no check (a `Check` subclass with an `id`)")
    return sorted(found, key=lambda c: c.check.id)


def load_checks(entry_points: Iterable | None = None, checks_dirs: Sequence[Path] = ()) -> list[type[Check]]:
    """The whole pipeline: find, load, validate."""
    loaded: list[LoadedCheck] = []
    for plugin in find_plugins(entry_points):
        loaded.extend(load_plugin(plugin))
    for file in find_local(checks_dirs):
        loaded.extend(load_local(file))
    return validate(loaded)


def load_check_infos(entry_points: Iterable | None = None, checks_dirs: Sequence[Path] = ()) -> list[CheckInfo]:
    """The checks of a run as `CheckInfo`s, sorted by id: the built-ins from the saved index when it
    is current (their modules are imported when first needed), plugin and local checks imported now.

    Without a current index everything is loaded and validated as `load_checks` does, and the
    index of the built-ins is saved for the next run.
    """
    from lint.check_index import CheckInfo, read_index, write_index

    plugins = find_plugins(entry_points)
    indexed = read_index()
    if indexed is None:
        checks = load_checks(entry_points, checks_dirs)
        write_index([c for c in checks if c.origin == BUILTIN])
        return [CheckInfo.of(c) for c in checks]
    loaded: list[LoadedCheck] = []
    for plugin in plugins:
        if plugin.name != BUILTIN:
            loaded.extend(load_plugin(plugin))
    for file in find_local(checks_dirs):
        loaded.extend(load_local(file))
    if not loaded:
        return indexed
    others = validate(loaded)
    if {c.id for c in others} & {i.id for i in indexed}:
        load_checks(entry_points, checks_dirs)  # raises the error naming both definitions
    return sorted([*indexed, *(CheckInfo.of(c) for c in others)], key=lambda i: i.id)


def _line_in(exc: BaseException, file: Path) -> int:
    """The line of `file` where `exc` was raised (for syntax errors, the error's line)."""
    if isinstance(exc, SyntaxError) and exc.lineno:
        return exc.lineno
    line = 1
    tb = exc.__traceback__
    target = str(file.resolve())
    while tb is not None:
        if str(Path(tb.tb_frame.f_code.co_filename).resolve()) == target:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


@dataclass(frozen=True)
class Registry:
    """The checks of a run, by id."""

    checks: tuple[type[Check], ...]

    def get(self, check_id: str) -> type[Check] | None:
        for check in self.checks:
            if check.id == check_id:
                return check
        return None

    @property
    def ids(self) -> set[str]:
        return {c.id for c in self.checks}

    @property
    def families(self) -> set[str]:
        return {c.family() for c in self.checks}


def _import_builtin() -> ModuleType:
    """Import the built-in `checks` package from beside `lint`, whatever `sys.path` holds.

    `python -m lint` puts the working directory first on `sys.path`, and a
    repository's own `checks/` folder (often a custom checks directory) would
    otherwise be imported in its place.
    """
    import importlib.util
    import os
    import sys

    import lint

    package = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(lint.__file__))), "checks")
    current = sys.modules.get(BUILTIN_MODULE)
    if current is not None and os.path.dirname(os.path.abspath(getattr(current, "__file__", None) or "")) == package:
        return current
    init = os.path.join(package, "__init__.py")
    spec = importlib.util.spec_from_file_location(BUILTIN_MODULE, init, submodule_search_locations=[package])
    if spec is None or spec.loader is None or not os.path.exists(init):
        return importlib.import_module(BUILTIN_MODULE)
    module = importlib.util.module_from_spec(spec)
    sys.modules[BUILTIN_MODULE] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(BUILTIN_MODULE, None)
        raise
    return module


def _verify_builtin_location(module: ModuleType) -> None:
    """`checks` is a generic name: make sure it is the package installed beside `lint`."""
    import os

    import lint

    here = os.path.dirname(os.path.dirname(os.path.abspath(lint.__file__)))
    found = os.path.dirname(os.path.dirname(os.path.abspath(module.__file__ or "")))
    if os.path.normcase(here) != os.path.normcase(found):
        raise LoadError(
            f"the `checks` package imported from {os.path.dirname(module.__file__ or '?')} is not scopelint's "
            f"(expected it beside {os.path.dirname(lint.__file__)}); another distribution shadows it"
        )


def _describe(exc: BaseException) -> str:
    tb = exc.__traceback__
    where = ""
    while tb is not None:
        where = f" ({tb.tb_frame.f_code.co_filename}:{tb.tb_lineno})"
        tb = tb.tb_next
    return f"{type(exc).__name__}: {exc}{where}"


def _file_of(obj: object) -> str:
    try:
        return inspect.getsourcefile(obj) or "<unknown>"  # type: ignore[arg-type]
    except TypeError:
        return "<unknown>"


def _line_of(obj: object) -> int:
    try:
        return inspect.getsourcelines(obj)[1]  # type: ignore[arg-type]
    except (OSError, TypeError):
        return 1


def _name(check: type[Check]) -> str:
    return getattr(check, "id", None) or check.__name__
