"""JSON (and JSONC) documents.

Values come from the stdlib parser, which is fast; positions come from a small
scanner that walks the text along a pointer only when a finding needs it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

from lint.document import MAX_DATA_NESTING, Comment, Document, ParseError, check_nesting, line_starts, span_from_offsets, split
from lint.model import Span

_WS = " \t\r\n"
_NUMBER_END = re.compile(r"[\s,\]\}/]")
_STRUCTURAL = re.compile(r'["{}\[\]/]')


class JsonDocument(Document):
    format = "json"

    def __init__(self, path: str, text: str, data, *, jsonc: bool = False) -> None:
        super().__init__(path, text, data)
        self.jsonc = jsonc
        self._starts: list[int] | None = None
        self._scanner: _Scanner | None = None

    @property
    def scanner(self) -> _Scanner:
        """One scanner per document: it remembers the containers it has walked."""
        if self._scanner is None:
            self._scanner = _Scanner(self.text, self.jsonc)
        return self._scanner

    # -- locating ---------------------------------------------------------------
    def _span(self, start: int, end: int) -> Span:
        if self._starts is None:
            self._starts = line_starts(self.text)
        return span_from_offsets(self.text, start, end, self._starts)

    def locate(self, pointer: str) -> Span:
        start, end, _ = self.scanner.find(split(pointer))
        return self._span(start, end)

    def locate_key(self, pointer: str) -> Span:
        start, end, key = self.scanner.find(split(pointer))
        if key is not None:
            return self._span(*key)
        return self._span(start, end)

    def comments(self) -> Iterable[Comment]:
        if not self.jsonc:
            return ()
        return _Scanner(self.text, True).comments()


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
    scanner = _Scanner(text, True)
    for start, end in scanner.comment_ranges():
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


class _Scanner:
    """Walks JSON text without building values."""

    def __init__(self, text: str, jsonc: bool) -> None:
        self.text = text
        self.jsonc = jsonc
        self.n = len(text)
        # Memos, by the offset of a container's opening bracket: a document is
        # located many times (one finding, several related locations, many checks).
        self._ends: dict[int, int] = {}
        self._members: dict[int, dict[str, tuple[int, tuple[int, int]]]] = {}
        self._elements: dict[int, list[int]] = {}

    # -- comments (JSONC) -------------------------------------------------------
    def comment_ranges(self) -> list[tuple[int, int]]:
        text, n = self.text, self.n
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

    def comments(self) -> list[Comment]:
        starts = line_starts(self.text)
        out = []
        for start, end in self.comment_ranges():
            span = span_from_offsets(self.text, start, end, starts)
            body = self.text[start + 2 : end - 2 if self.text.startswith("/*", start) else end]
            out.append(Comment(span.start_line, span.start_col, body.strip(), span.end_col if span.end_line == span.start_line else 0))
        return out

    # -- navigation -------------------------------------------------------------
    def ws(self, i: int) -> int:
        text, n = self.text, self.n
        while i < n:
            ch = text[i]
            if ch in _WS:
                i += 1
            elif self.jsonc and ch == "/" and i + 1 < n and text[i + 1] in "/*":
                if text[i + 1] == "/":
                    j = text.find("\n", i)
                    i = n if j == -1 else j
                else:
                    j = text.find("*/", i + 2)
                    i = n if j == -1 else j + 2
            else:
                break
        return i

    def string_end(self, i: int) -> int:
        """`i` is at an opening quote; return the offset after the closing quote."""
        text = self.text
        j = i + 1
        while True:
            q = text.find('"', j)
            if q == -1:
                return self.n
            k = q - 1
            backslashes = 0
            while k > i and text[k] == "\\":
                backslashes += 1
                k -= 1
            if backslashes % 2 == 0:
                return q + 1
            j = q + 1

    def value_end(self, i: int) -> int:
        """`i` is at the first character of a value; return the offset after it."""
        text, n = self.text, self.n
        ch = text[i] if i < n else ""
        if ch == '"':
            return self.string_end(i)
        if ch in "{[":
            known = self._ends.get(i)
            if known is not None:
                return known
            # one pass records the end of every container inside this one too, so walking down a
            # pointer later never rescans the text of a nested object
            ends = self._ends
            opened: list[int] = []
            j = i
            search = _STRUCTURAL.search
            while True:
                m = search(text, j)
                if m is None:
                    return n
                j = m.start()
                c = text[j]
                if c == '"':
                    j = self.string_end(j)
                    continue
                if c == "/":
                    j = self.ws(j) if self.jsonc and j + 1 < n and text[j + 1] in "/*" else j + 1
                    continue
                if c in "{[":
                    if opened:
                        known = ends.get(j)
                        if known is not None:
                            j = known
                            continue
                    opened.append(j)
                else:
                    if not opened:  # a stray closer before this container opened: cannot happen from `i`
                        return j + 1
                    ends[opened.pop()] = j + 1
                    if not opened:
                        return j + 1
                j += 1
        m = _NUMBER_END.search(text, i)
        return m.start() if m else n

    def find(self, tokens: list[str]) -> tuple[int, int, tuple[int, int] | None]:
        """Offsets of the value at `tokens` (nearest ancestor if absent) and of its key."""
        i = self.ws(0)
        key_span: tuple[int, int] | None = None
        for token in tokens:
            if i >= self.n:
                break
            ch = self.text[i]
            if ch == "{":
                found = self._member(i, token)
            elif ch == "[":
                found = self._element(i, token)
            else:
                found = None
            if found is None:
                return i, self.value_end(i), None
            i, key_span = found
        return i, self.value_end(i), key_span

    def _member(self, i: int, token: str) -> tuple[int, tuple[int, int]] | None:
        members = self._members.get(i)
        if members is None:
            members = self._members[i] = self._scan_members(i)
        return members.get(token)

    def _scan_members(self, i: int) -> dict[str, tuple[int, tuple[int, int]]]:
        text = self.text
        i = self.ws(i + 1)
        members: dict[str, tuple[int, tuple[int, int]]] = {}
        while i < self.n and text[i] == '"':
            key_end = self.string_end(i)
            raw = text[i + 1 : key_end - 1]
            try:
                key = json.loads(text[i:key_end]) if "\\" in raw else raw
            except ValueError:
                break
            colon = self.ws(key_end)
            if colon >= self.n or text[colon] != ":":
                break
            value_start = self.ws(colon + 1)
            members[key] = (value_start, (i, key_end))  # the last duplicate wins, as in the parser
            i = self.ws(self.value_end(value_start))
            if i < self.n and text[i] == ",":
                i = self.ws(i + 1)
            else:
                break
        return members

    def _element(self, i: int, token: str) -> tuple[int, None] | None:
        try:
            wanted = int(token)
        except ValueError:
            return None
        elements = self._elements.get(i)
        if elements is None:
            elements = self._elements[i] = self._scan_elements(i)
        return (elements[wanted], None) if 0 <= wanted < len(elements) else None

    def _scan_elements(self, i: int) -> list[int]:
        text = self.text
        i = self.ws(i + 1)
        starts: list[int] = []
        while i < self.n and text[i] != "]":
            starts.append(i)
            i = self.ws(self.value_end(i))
            if i < self.n and text[i] == ",":
                i = self.ws(i + 1)
            else:
                break
        return starts
