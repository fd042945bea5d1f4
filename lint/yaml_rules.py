"""Declarative YAML rules, compiled into ordinary `Check` classes.

A rule file holds ``rules:``; each rule names a subject view (see
`lint.views`), a ``where:`` matcher, a message and embedded examples. A record
of the view that matches is a violation, located at the first element that
made it match. Rule files are validated against the JSON Schema shipped in
``lint/schemas/yaml-rule-v1.json`` before anything else, with errors that give
the file, line and column.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import Any

from lint.check import Check, Invalid, Valid, Violation
from lint.document import ParseError
from lint.iam.patterns import action_matches, patterns_overlap
from lint.model import Confidence, Severity
from lint.subjects.base import Item
from lint.views import VIEWS, Record, View

SCHEMA = "yaml-rule-v1.json"
COMBINATORS = ("all", "any", "not")


class RuleError(Exception):
    """A rule file that cannot be used; the message starts with ``file:line:col``."""


@dataclass
class Match:
    """The items that made a record match, by field."""

    fields: list[tuple[str, list[Item[Any]]]] = field(default_factory=list)

    @property
    def evidence(self) -> list[Item[Any]]:
        """The matched items of the most specific field: the one whose element lies deepest
        (on a tie, the one the rule names last, which is usually the point of the rule)."""
        candidates = [items for _, items in self.fields if items]
        if not candidates:
            return []
        return max(enumerate(candidates), key=lambda pair: (pair[1][0].pointer.count("/"), pair[0]))[1]


# -- matching ------------------------------------------------------------------------------
def evaluate(where: dict[str, Any], record: Record) -> Match | None:
    """Whether `record` satisfies every condition of `where`, with the items that made it so."""
    match = Match()
    for key, test in where.items():
        if key == "all":
            for sub in test:
                found = evaluate(sub, record)
                if found is None:
                    return None
                match.fields.extend(found.fields)
        elif key == "any":
            for sub in test:
                found = evaluate(sub, record)
                if found is not None:
                    match.fields.extend(found.fields)
                    break
            else:
                return None
        elif key == "not":
            if evaluate(test, record) is not None:
                return None
        else:
            hits = _field_hits(key, test, record)
            if hits is None:
                return None
            match.fields.append((key, hits))
    return match


def _field_hits(name: str, test: dict[str, Any], record: Record) -> list[Item[Any]] | None:
    items = record.get(name, [])
    hits: list[Item[Any]] | None = None
    for op, arg in test.items():
        if op == "exists":
            if bool(items) != arg:
                return None
            found = list(items) if arg else []
        elif op == "matches-action":
            found = _action_hits(name, [arg] if isinstance(arg, str) else arg, record)
        else:
            found = [i for i in items if _holds(op, arg, i.value)]
        if not found and op != "exists":
            return None
        hits = found if hits is None else [h for h in hits if h in found] or found
    return hits or []


def _holds(op: str, arg: Any, value: Any) -> bool:
    if op == "equals":
        return value == arg
    if op == "in":
        return value in arg
    if op == "contains":
        return isinstance(value, str) and arg in value
    if op == "glob":
        globs = [arg] if isinstance(arg, str) else arg
        return isinstance(value, str) and any(fnmatchcase(value, g) for g in globs)
    raise RuleError(f"unknown operator `{op}`")


def _action_hits(name: str, wanted: list[str], record: Record) -> list[Item[Any]]:
    """Items of an action field that grant some action matching one of `wanted`."""
    items = record.get(name, [])
    if name == "action" and not items and record.get("not-action"):
        excluded = [i.value for i in record["not-action"] if isinstance(i.value, str)]
        if any(_left_by_not_action(w, excluded) for w in wanted):
            element = re.sub(r"(/NotAction)/\d+$", r"\1", record["not-action"][0].pointer)
            return [Item("NotAction", element)]
        return []
    return [i for i in items if isinstance(i.value, str) and any(_grants(i.value, w) for w in wanted)]


def _concrete(pattern: str) -> list[str] | None:
    from lint.iam import catalog

    actions = catalog.expand(pattern)
    return [a.full_name for a in actions] if actions else None


def _grants(granted: str, wanted: str) -> bool:
    concrete = _concrete(wanted)
    if concrete is None:
        return patterns_overlap(granted, wanted)
    return any(action_matches(granted, action) for action in concrete)


def _left_by_not_action(wanted: str, excluded: list[str]) -> bool:
    concrete = _concrete(wanted)
    if concrete is None:
        return not any(action_matches(e, wanted) for e in excluded)
    return any(not any(action_matches(e, action) for e in excluded) for action in concrete)


# -- compiling -----------------------------------------------------------------------------
class YamlRule(Check):
    """Base of every compiled declarative rule."""

    view: View
    where: dict[str, Any]
    message_template: str
    rule_file: str = ""
    rule_line: int = 1

    def check(self, subject: Any) -> Iterator[Violation]:
        for record, pointer in self.view.records(subject):
            match = evaluate(self.where, record)
            if match is None:
                continue
            at = match.evidence[0].pointer if match.evidence else pointer
            yield Violation(at, render_message(self.message_template, record, match))


def render_message(template: str, record: Record, match: Match) -> str:
    values = {name: ", ".join(f"`{i.value}`" for i in items) or "(none)" for name, items in record.items()}
    values["matched"] = ", ".join(f"`{i.value}`" for i in match.evidence) or "(none)"
    return template.format_map({k.replace("-", "_"): v for k, v in values.items()} | values)


def load_rule_file(path: Path) -> list[type[Check]]:
    """Parse, validate and compile one rule file; raise `RuleError` naming the file and line."""
    from lint.formats.yaml import parse_yaml
    from lint.schema import load_schema, validate

    shown = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RuleError(f"{shown}:1:1: cannot read rule file: {exc}") from None
    try:
        document = parse_yaml(shown, text)
    except ParseError as exc:
        raise RuleError(f"{shown}:{exc.line}:{exc.col}: {exc.message}") from None
    errors = validate(document.data, load_schema(SCHEMA))
    if errors:
        pointer, message = errors[0]
        span = document.locate(pointer)
        where = f"`{pointer}` " if pointer else ""
        raise RuleError(f"{shown}:{span.start_line}:{span.start_col}: {where}{message}")
    checks = []
    for index, rule in enumerate(document.data["rules"]):
        base = f"/rules/{index}"

        def fail(pointer: str, message: str, *, key: bool = False) -> RuleError:
            span = document.locate_key(base + pointer) if key else document.locate(base + pointer)
            return RuleError(f"{shown}:{span.start_line}:{span.start_col}: rule `{rule['id']}`: {message}")

        view = VIEWS[rule["subject"]]
        _check_where(rule["where"], view, "/where", fail)
        _check_placeholders(rule["message"], view, fail)
        checks.append(_compile(rule, view, shown, document.locate(base).start_line))
    return checks


def _check_where(where: dict[str, Any], view: View, pointer: str, fail) -> None:
    for key, test in where.items():
        if key in ("all", "any"):
            for i, sub in enumerate(test):
                _check_where(sub, view, f"{pointer}/{key}/{i}", fail)
        elif key == "not":
            _check_where(test, view, f"{pointer}/not", fail)
        elif key not in view.fields:
            raise fail(
                f"{pointer}/{key}", f"subject `{view.name}` has no field `{key}` (fields: {', '.join(view.fields)})", key=True
            )


def _check_placeholders(template: str, view: View, fail) -> None:
    allowed = set(view.fields) | {"matched"} | {f.replace("-", "_") for f in view.fields}
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(template) if name is not None]
    except ValueError as exc:
        raise fail("/message", f"bad placeholder: {exc}") from None
    for name in names:
        if name not in allowed:
            raise fail("/message", f"unknown placeholder `{{{name}}}` (use {{matched}} or a field: {', '.join(view.fields)})")


def _compile(rule: dict[str, Any], view: View, file: str, line: int) -> type[Check]:
    references = rule.get("references") or [f"Rule file `{file}`"]
    first_invalid = rule["examples"]["invalid"][0]
    fence = "json" if (first_invalid.get("path") or "").endswith(".json") else "yaml"
    doc = "\n".join(
        [
            rule["name"],
            "",
            "## What it does",
            rule["description"].strip(),
            "",
            "## Why is this bad?",
            rule["rationale"].strip(),
            "",
            "## Example",
            f"```{fence}",
            first_invalid["source"].rstrip(),
            "```",
            "",
            "## Remediation",
            rule["remediation"].strip(),
            "",
            "## References",
            *[f"- {r}" for r in references],
        ]
    )
    examples = rule["examples"]
    attributes = {
        "__doc__": doc,
        "__module__": "lint._local.yaml",
        "id": rule["id"],
        "name": rule["name"],
        "severity": Severity.parse(rule["severity"]),
        "confidence": Confidence.parse(rule.get("confidence", "high")),
        "subject": view.subject,
        "tags": tuple(dict.fromkeys([_family_of(view), *rule.get("tags", ()), "custom"])),
        "cwe": tuple(rule.get("cwe", ())),
        "example_path": _default_path(view),
        "valid": [Valid(e["source"], e.get("path"), e.get("note", ""), config=e.get("config")) for e in examples["valid"]],
        "invalid": [
            Invalid(e["source"], tuple(e["expect"]), e.get("path"), e.get("note", ""), config=e.get("config"))
            for e in examples["invalid"]
        ],
        "view": view,
        "where": rule["where"],
        "message_template": rule["message"],
        "rule_file": file,
        "rule_line": line,
    }
    class_name = "".join(part.capitalize() for part in re.split(r"[^a-z0-9]+", rule["id"]))
    return type(class_name, (YamlRule,), attributes)


def _family_of(view: View) -> str:
    return view.name.split("-", 1)[0]


def _default_path(view: View) -> str:
    if view.example_path:
        return view.example_path
    return getattr(view.subject, "example_path", None) or (".claude/settings.json" if view.subject.family == "agent" else "policy.json")
