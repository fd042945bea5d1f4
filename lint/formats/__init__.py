"""Parsers: bytes of a known format to a `Document`.

Heavy parsers are imported only when a file of their format is read.
"""

from __future__ import annotations

from lint.document import Document, ParseError

#: Formats scopelint can parse, by file name suffix.
SUFFIXES = {
    ".json": "json",
    ".jsonc": "jsonc",
    ".yaml": "yaml",
    ".yml": "yaml",
    ".tf": "hcl",
    ".py": "python",
    ".toml": "toml",
    ".ts": "script",
    ".mts": "script",
    ".js": "script",
    ".mjs": "script",
}


def format_for(name: str) -> str | None:
    lower = name.lower()
    for suffix, fmt in SUFFIXES.items():
        if lower.endswith(suffix):
            return fmt
    return None


def parse(path: str, text: str, fmt: str) -> Document:
    """Parse `text` as `fmt`; raise `ParseError` with the parser's position."""
    if fmt in ("json", "jsonc"):
        from lint.formats.json import parse_json

        return parse_json(path, text, jsonc=fmt == "jsonc")
    if fmt == "yaml":
        from lint.formats.yaml import parse_yaml

        return parse_yaml(path, text)
    if fmt == "hcl":
        from lint.formats.hcl import parse_hcl

        return parse_hcl(path, text)
    if fmt == "text":
        from lint.formats.text import TextDocument

        return TextDocument(path, text)
    if fmt == "script":
        from lint.formats.script import ScriptDocument

        return ScriptDocument(path, text)
    if fmt == "toml":
        from lint.formats.toml import parse_toml

        return parse_toml(path, text)
    if fmt == "python":
        from lint.formats.python import parse_python

        return parse_python(path, text)
    raise ParseError(f"unsupported format {fmt!r}")


def warm(fmt: str) -> None:
    """Import the parser of `fmt` (before forking, so that children inherit it)."""
    if fmt == "python":
        import libcst  # noqa: F401


def probe(text: str, fmt: str) -> None:
    """Run the native part of `fmt`'s parser on `text` and discard the result: in a child process,
    this shows whether the parse can crash or overrun. Syntax errors are left to the real parse."""
    if fmt == "python":
        from lint.formats.python import native_parse

        native_parse(text)

