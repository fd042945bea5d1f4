"""A small JSON Schema validator for the schemas scopelint ships.

It implements the keywords those schemas use (``type``, ``enum``,
``required``, ``properties``, ``additionalProperties``, ``items``,
``pattern``, ``minLength``, ``minItems``, ``minProperties``, ``minimum``
and local ``$ref``), and reports each error with the pointer of the element
at fault, so the caller can turn it into a line and column. Tests check that
it agrees with `jsonschema` on the shipped schemas.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from typing import Any

from lint.document import join

_TYPES = {
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "string": lambda v: isinstance(v, str),
    "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
    "boolean": lambda v: isinstance(v, bool),
    "null": lambda v: v is None,
}
SUPPORTED = {
    "$schema", "$id", "$defs", "$ref", "title", "description", "type", "enum", "required", "properties",
    "additionalProperties", "items", "pattern", "minLength", "minItems", "minProperties", "minimum",
}  # fmt: skip


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict[str, Any]:
    return json.loads(resources.files("lint").joinpath("schemas", name).read_text(encoding="utf-8"))


def validate(instance: Any, schema: dict[str, Any]) -> list[tuple[str, str]]:
    """Errors as (pointer, message), outermost first, in document order."""
    errors: list[tuple[str, str]] = []
    _validate(instance, schema, schema, "", errors)
    return errors


def _describe(value: Any) -> str:
    for name, test in _TYPES.items():
        if name != "number" and test(value):
            return {"object": "an object", "array": "a list", "null": "null", "integer": "a number"}.get(name, f"a {name}")
    return "a number" if _TYPES["number"](value) else type(value).__name__


def _validate(value: Any, schema: dict[str, Any], root: dict[str, Any], pointer: str, errors: list) -> None:
    if "$ref" in schema:
        ref = schema["$ref"]
        node: Any = root
        for token in ref.removeprefix("#/").split("/"):
            node = node[token]
        _validate(value, node, root, pointer, errors)
        return
    types = schema.get("type")
    if types is not None:
        names = [types] if isinstance(types, str) else types
        if not any(_TYPES[n](value) for n in names):
            errors.append((pointer, f"must be {' or '.join(names)}, not {_describe(value)}"))
            return
    if "enum" in schema and value not in schema["enum"]:
        choices = ", ".join(json.dumps(c) for c in schema["enum"])
        errors.append((pointer, f"must be one of {choices}, not {json.dumps(value)}"))
        return
    if isinstance(value, str):
        if len(value) < schema.get("minLength", 0):
            errors.append((pointer, "must not be empty"))
        if "pattern" in schema and not re.search(schema["pattern"], value):
            errors.append((pointer, f"{value!r} does not match {schema['pattern']}"))
    if isinstance(value, (int, float)) and not isinstance(value, bool) and "minimum" in schema:
        if value < schema["minimum"]:
            errors.append((pointer, f"must be at least {schema['minimum']}"))
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0):
            errors.append((pointer, f"needs at least {schema['minItems']} item(s)"))
        if "items" in schema:
            for i, item in enumerate(value):
                _validate(item, schema["items"], root, join(pointer, i), errors)
    if isinstance(value, dict):
        if len(value) < schema.get("minProperties", 0):
            errors.append((pointer, "must not be empty"))
        for key in schema.get("required", ()):
            if key not in value:
                errors.append((pointer, f"missing required key `{key}`"))
        properties = schema.get("properties", {})
        extra = schema.get("additionalProperties", True)
        for key, item in value.items():
            if key in properties:
                _validate(item, properties[key], root, join(pointer, key), errors)
            elif extra is False:
                known = ", ".join(sorted(properties))
                errors.append((join(pointer, key), f"unknown key `{key}` (expected one of: {known})"))
            elif isinstance(extra, dict):
                _validate(item, extra, root, join(pointer, key), errors)
