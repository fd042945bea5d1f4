"""JSON (and JSONC) documents.

Values come from the stdlib parser, which is fast; positions come from an index
of the text built in one pass the first time a finding needs a position.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from lint.document import MAX_DATA_NESTING, Comment, Document, ParseError, check_nesting, line_starts, span_from_offsets, split
from lint.model import Span

_WS = " \t\r\n"


class JsonDocument(Document):
    format = "json"

    def __init__(self, path: str, text: str, data, *, jsonc: bool = False) -> None:
        super().__init__(path, text, data)
        self.jsonc = jsonc
        self._starts: list[int] | None = None
        self._index: _Index | None = None

    @property
    def index(self) -> _Index:
        """Where every value of the text is: built in one pass the first time a pointer is located."""
        if self._index is None:
            self._index = _Index(self.text, self.jsonc)
        return self._index

    # -- locating ---------------------------------------------------------------
    def _span(self, start: int, end: int) -> Span:
        if self._starts is None:
            self._starts = line_starts(self.text)
        return span_from_offsets(self.text, start, end, self._starts)

    def locate(self, pointer: str) -> Span:
        start, end, _ = self.index.find(split(pointer))
        return self._span(start, end)

    def locate_key(self, pointer: str) -> Span:
        start, end, key = self.index.find(split(pointer))
        if key is not None:
            return self._span(*key)
        return self._span(start, end)

    def comments(self) -> Iterable[Comment]:
        if not self.jsonc:
            return ()
        return _comments(self.text)


def parse_json(path: str, text: str, *, jsonc: bool = False) -> JsonDocument:
    """Parse strict JSON, or JSONC (comments and trailing commas) when `jsonc` is set."""
    check_nesting(text, "JSON", MAX_DATA_NESTING, "[{")
    source = _strip_jsonc(text) if jsonc else text
    try:
        data = json.loads(source)
    except json.JSONDecodeError as exc:
        raise ParseError(f"invalid JSON: {exc.msg}", exc.lineno, exc.colno) from None
    except RecursionError:
        raise ParseError("invalid JSON: nesting too deep") from None
    except ValueError as exc:  # an integer longer than Python converts (4,300 digits)
        raise _long_number(text, "JSON", exc) from None
    return JsonDocument(path, text, data, jsonc=jsonc)


_LONG_NUMBER = re.compile(r"-?\d{%d,}" % (4300 + 1))


def _long_number(text: str, label: str, exc: ValueError) -> ParseError:
    """A located error for a number too long to convert (Python's integer string limit)."""
    match = _LONG_NUMBER.search(text)
    if match is None:
        return ParseError(f"invalid {label}: {str(exc).splitlines()[0]}")
    offset = match.start()
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return ParseError(f"invalid {label}: a number of {len(match.group().lstrip('-'))} digits (more than 4300)", line, col)


def _strip_jsonc(text: str) -> str:
    """Blank out comments and trailing commas, keeping every offset in place."""
    out = list(text)
    for start, end in _comment_ranges(text):
        for i in range(start, end):
            if out[i] != "\n":
                out[i] = " "
    # trailing commas: a comma followed only by blanks before } or ]
    cleaned = "".join(out)
    in_string = False
    i = 0
    n = len(cleaned)
    last_comma = -1
    while i < n:
        ch = cleaned[i]
        if in_string:
            if ch == "\\":
                i += 2
                continue
            if ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
            last_comma = -1
        elif ch == ",":
            last_comma = i
        elif ch in "}]":
            if last_comma >= 0:
                out[last_comma] = " "
            last_comma = -1
        elif ch not in _WS:
            last_comma = -1
        i += 1
    return "".join(out)


def _comment_ranges(text: str) -> list[tuple[int, int]]:
    """Offsets of the `//` and `/* */` comments of a JSONC text (outside strings)."""
    n = len(text)
    ranges = []
    i = 0
    in_string = False
    while i < n:
        ch = text[i]
        if in_string:
            if ch == "\\":
                i += 2
                continue
            if ch == '"':
                in_string = False
            i += 1
            continue
        if ch == '"':
            in_string = True
        elif ch == "/" and i + 1 < n and text[i + 1] == "/":
            end = text.find("\n", i)
            end = n if end == -1 else end
            ranges.append((i, end))
            i = end
            continue
        elif ch == "/" and i + 1 < n and text[i + 1] == "*":
            end = text.find("*/", i + 2)
            end = n if end == -1 else end + 2
            ranges.append((i, end))
            i = end
            continue
        i += 1
    return ranges


def _comments(text: str) -> list[Comment]:
    starts = line_starts(text)
    out = []
    for start, end in _comment_ranges(text):
        span = span_from_offsets(text, start, end, starts)
        body = text[start + 2 : end - 2 if text.startswith("/*", start) else end]
        out.append(Comment(span.start_line, span.start_col, body.strip(), span.end_col if span.end_line == span.start_line else 0))
    return out


# The tokens of a JSON text that locating needs, each after the blanks, commas and colons before it: strings,
# brackets and other values (numbers, `true`…, up to the next blank, comma, closer or slash). Whether a string
# is a key follows from its place in an object. JSONC adds comments, matched whole so that nothing inside them
# counts. Any other character is a token of its own and the end of the text matches too, so that no position
# is tried twice (a long run of blanks at the end costs one match, not one per blank).
#
# An array of strings and numbers only (an `Action` list of a thousand names) is one token, matched in C: its
# elements are listed only if a pointer goes into it. Each of them matches in one way only (a string up to
# its closing quote, a number or literal up to a delimiter), so a near miss fails in linear time.
_STRING = r'"[^"\\]*(?:\\.[^"\\]*)*"'
_SCALAR = r'[^\s,:\]\}/"{\[][^\s,\]\}/]*'
_COMMENT = r"//[^\n]*|/\*(?s:.*?)(?:\*/|\Z)"
_FLAT = rf"\[(?:[\s,]*(?:{_STRING}|{_SCALAR}(?=[\s,\]])))*[\s,]*\]"
_TOKEN = re.compile(rf'[\s,:]*(?:({_STRING}"?)|({_FLAT})|([{{\[])|([}}\]])|((?!))|({_SCALAR})|(?s:.)|\Z)')
_TOKEN_JSONC = re.compile(rf'[\s,:]*(?:({_STRING}"?)|({_FLAT})|([{{\[])|([}}\]])|({_COMMENT})|({_SCALAR})|(?s:.)|\Z)')
_STRING_GROUP, _FLAT_GROUP, _OPEN_GROUP, _CLOSE_GROUP, _COMMENT_GROUP = 1, 2, 3, 4, 5
_FLAT_ITEM = re.compile(rf"{_STRING}|{_SCALAR}")
_STRING_END = re.compile(rf'{_STRING}"?')
_SCALAR_END = re.compile(r"[^\s,\]\}/]*")


class _Index:
    """Where each value of a JSON text starts and ends, and where each member's key is.

    Built in one pass over the text the first time a pointer is located; then a pointer is found by
    following it down the containers, at a cost in the length of the pointer. Values are known by the
    offset of their first character; a later duplicate key wins, as in the parser. The text is one the
    parser accepted; anything else is indexed as far as it reads, never in more than linear time.
    """

    __slots__ = ("text", "root", "ends", "members", "elements", "flat")

    def __init__(self, text: str, jsonc: bool) -> None:
        self.text = text
        #: offset of a container's first character -> offset after its last (other values: see `end`)
        ends: dict[int, int] = {}
        #: offset of an object's `{` -> key -> (value offset, key span)
        members: dict[int, dict[str, tuple[int, tuple[int, int]]]] = {}
        #: offset of an array's `[` -> offsets of its elements
        elements: dict[int, list[int]] = {}
        #: arrays of strings and numbers only, by the offset of their `[`: their elements are listed when needed
        flat: set[int] = set()
        root = -1
        # The innermost open container: its offset, its members (object) or elements (array), the key
        # read and its span (an object once it has read a key, until the value), and whether members
        # are still recorded (not after a key that does not decode, as the parser would have refused it).
        stack: list[tuple] = []
        at = -1
        table: dict | None = None
        items: list | None = None
        key: str | None = None
        key_span: tuple[int, int] | None = None
        keep = True
        loads = json.loads
        for m in (_TOKEN_JSONC if jsonc else _TOKEN).finditer(text):
            kind = m.lastindex
            if kind is None or kind == _COMMENT_GROUP:
                continue  # the end, or a character no JSON text has there
            if kind == _CLOSE_GROUP:
                if at >= 0:  # else a stray closer
                    ends[at] = m.end()
                    at, table, items, key, key_span, keep = stack.pop()
                continue
            start = m.start(kind)
            if table is not None and key_span is None:  # where an object has a key
                if kind == _STRING_GROUP:
                    end = m.end()
                    key = text[start + 1 : end - 1]
                    if "\\" in key:
                        try:
                            key = loads(text[start:end])
                        except ValueError:
                            keep = False
                    key_span = (start, end)
                    continue
                keep = False  # not a key: what follows is not read as members
            elif items is not None:
                items.append(start)
            elif table is not None:
                if keep:
                    table[key] = (start, key_span)
                key_span = None
            elif root < 0:
                root = start
            elif kind != _OPEN_GROUP:
                continue  # after the root value
            if kind == _OPEN_GROUP:
                stack.append((at, table, items, key, key_span, keep))
                at, key, key_span, keep = start, None, None, True
                if text[start] == "{":
                    table, items = {}, None
                    members[start] = table
                else:
                    table, items = None, []
                    elements[start] = items
            elif kind == _FLAT_GROUP:
                ends[start] = m.end()
                flat.add(start)
        while at >= 0:  # containers left open end where the text does
            ends[at] = len(text)
            at = stack.pop()[0]
        self.root = root if root >= 0 else len(text)
        self.ends = ends
        self.members = members
        self.elements = elements
        self.flat = flat

    def end(self, start: int) -> int:
        """The offset after the value starting at `start`."""
        end = self.ends.get(start)
        if end is not None:
            return end
        text = self.text
        if start < len(text) and text[start] == '"':
            return _STRING_END.match(text, start).end()  # type: ignore[union-attr]
        return _SCALAR_END.match(text, start).end()  # type: ignore[union-attr]

    def _elements(self, start: int) -> list[int] | None:
        items = self.elements.get(start)
        if items is None and start in self.flat:
            items = self.elements[start] = [m.start() for m in _FLAT_ITEM.finditer(self.text, start + 1, self.ends[start] - 1)]
        return items

    def find(self, tokens: list[str]) -> tuple[int, int, tuple[int, int] | None]:
        """Offsets of the value at `tokens` (nearest ancestor if absent) and of its key."""
        i = self.root
        key_span: tuple[int, int] | None = None
        members = self.members
        for token in tokens:
            table = members.get(i)
            found = None
            if table is not None:
                found = table.get(token)
            else:
                items = self._elements(i)
                if items is not None:
                    try:
                        wanted = int(token)
                    except ValueError:
                        wanted = -1
                    if 0 <= wanted < len(items):
                        found = (items[wanted], None)
            if found is None:
                return i, self.end(i), None
            i, key_span = found
        return i, self.end(i), key_span
