"""TOML documents (Codex `config.toml`): values from the stdlib parser, positions from a line scanner.

The scanner follows table headers (`[a.b]`, `[[a]]`) and `key = value` lines,
dotted and quoted keys included, and records where each key and value start.
A pointer inside an inline table or a multi-line array locates at the line
that opens it: close enough for a reviewer, and never wrong about the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from lint.document import Comment, Document, ParseError, check_nesting, join, split
from lint.model import Span

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\]]+?)\s*\]\]?\s*(?:#.*)?$")
_KEY_PART = re.compile(r'\s*("(?:[^"\\]|\\.)*"|\'[^\']*\'|[A-Za-z0-9_\-]+)\s*')


class TomlDocument(Document):
    format = "toml"
    comment_prefixes = ("#",)

    def __init__(self, path: str, text: str, data: Any) -> None:
        super().__init__(path, text, data)
        self._spans: dict[str, Span] | None = None
        self._keys: dict[str, Span] = {}

    def _index(self) -> dict[str, Span]:
        if self._spans is None:
            self._spans, self._keys = _scan(self.text)
        return self._spans

    def locate(self, pointer: str) -> Span:
        spans = self._index()
        tokens = split(pointer)
        while tokens:
            found = spans.get(join("", *tokens))
            if found is not None:
                return found
            tokens.pop()
        return self.whole()

    def locate_key(self, pointer: str) -> Span:
        self._index()
        return self._keys.get(pointer) or self.locate(pointer)

    def comments(self) -> Iterable[Comment]:
        out = []
        for number, line in enumerate(self.lines, start=1):
            position = _comment_start(line)
            if position is not None:
                out.append(Comment(number, position + 1, line[position + 1 :].strip(), len(line) + 1))
        return out


def parse_toml(path: str, text: str) -> TomlDocument:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]
    check_nesting(text, "TOML", opens="[{")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, col = _position(str(exc))
        raise ParseError(f"invalid TOML: {str(exc).split(' (at ')[0]}", line, col) from None
    except RecursionError:
        raise ParseError("invalid TOML: nesting too deep") from None
    except ValueError as exc:  # an integer longer than Python converts (4,300 digits)
        from lint.formats.json import _long_number

        raise _long_number(text, "TOML", exc) from None
    return TomlDocument(path, text, data)


def _position(message: str) -> tuple[int, int]:
    match = re.search(r"line (\d+), column (\d+)", message)
    return (int(match.group(1)), int(match.group(2))) if match else (1, 1)


def _keys(text: str) -> tuple[list[str], list[tuple[int, int]]] | None:
    """A dotted key's parts and each part's (start, end) offset in `text`."""
    parts, spans, position = [], [], 0
    while True:
        match = _KEY_PART.match(text, position)
        if not match:
            return None
        raw = match.group(1)
        parts.append(raw[1:-1] if raw[0] in "\"'" else raw)
        spans.append((match.start(1), match.end(1)))
        position = match.end()
        if position < len(text) and text[position] == ".":
            position += 1
            continue
        return (parts, spans) if position == len(text) else None


def _scan(text: str) -> tuple[dict[str, Span], dict[str, Span]]:
    spans: dict[str, Span] = {}
    keys: dict[str, Span] = {}
    table: list[str] = []
    arrays: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            parsed = _keys(header.group(2))
            if parsed is None:
                continue
            table = parsed[0]
            pointer = join("", *table)
            if header.group(1) == "[[":
                index = arrays.get(pointer, -1) + 1
                arrays[pointer] = index
                table = [*table, str(index)]
                pointer = join(pointer, index)
            spans.setdefault(pointer, Span(number, 1, number, len(line) + 1))
            continue
        code = line[: _comment_start(line)] if _comment_start(line) is not None else line
        if "=" not in code or code.lstrip().startswith(("[", "]", '"""', "'''")):
            continue
        left, _, right = code.partition("=")
        parsed = _keys(left.strip())
        if parsed is None:
            continue
        parts, offsets = parsed
        indent = len(left) - len(left.lstrip())
        pointer = join("", *table, *parts)
        value_start = len(left) + 1 + (len(right) - len(right.lstrip()))
        value_end = len(code.rstrip())
        spans.setdefault(pointer, Span(number, value_start + 1, number, max(value_end, value_start + 1) + 1))
        start, end = offsets[-1]
        keys.setdefault(pointer, Span(number, indent + start + 1, number, indent + end + 1))
        _inline(code, value_start, value_end, number, pointer, spans, keys)
    return spans, keys


_ELEMENT = re.compile(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'|[^,\s\]\}]+')
_INLINE_PAIR = re.compile(r'\s*("(?:[^"\\]|\\.)*"|[A-Za-z0-9_\-]+)\s*=\s*("(?:[^"\\]|\\.)*"|\'[^\']*\'|[^,}]+?)\s*(?:,|$)')


def _inline(code: str, start: int, end: int, number: int, pointer: str, spans: dict[str, Span], keys: dict[str, Span]) -> None:
    """Elements of a one-line array of scalars and pairs of a one-line inline table."""
    value = code[start:end]
    if value.startswith("[") and value.endswith("]") and "[" not in value[1:-1] and "{" not in value:
        for index, match in enumerate(_ELEMENT.finditer(value, 1, len(value) - 1)):
            spans.setdefault(join(pointer, index), Span(number, start + match.start() + 1, number, start + match.end() + 1))
    elif value.startswith("{") and value.endswith("}") and "{" not in value[1:-1]:
        for match in _INLINE_PAIR.finditer(value, 1, len(value) - 1):
            raw = match.group(1)
            key = raw[1:-1] if raw.startswith('"') else raw
            at = join(pointer, key)
            spans.setdefault(at, Span(number, start + match.start(2) + 1, number, start + match.end(2) + 1))
            keys.setdefault(at, Span(number, start + match.start(1) + 1, number, start + match.end(1) + 1))


def _comment_start(line: str) -> int | None:
    """Where a `#` comment starts, outside strings."""
    quote = None
    i = 0
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "\"'":
            quote = ch
        elif ch == "#":
            return i
        i += 1
    return None
