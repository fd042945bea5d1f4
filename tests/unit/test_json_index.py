"""The one-pass JSON index gives the spans a scan along each pointer gives.

`_ReferenceScanner` is the straightforward locator: it walks the text along a pointer, reading the
members or elements of each container on the way (the last duplicate key wins). The index must agree
with it on every pointer of every document, present or absent, including escapes, non-ASCII text,
nested and flat arrays, duplicate keys, JSONC comments and trailing commas, and a stray BOM.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lint.document import escape, split
from lint.formats import parse
from lint.formats.json import _Index, _strip_jsonc
from lint.model import Span

_WS = " \t\r\n"
_NUMBER_END = re.compile(r"[\s,\]\}/]")


class _ReferenceScanner:
    """Walks the text along a pointer, one container at a time."""

    def __init__(self, text: str, jsonc: bool) -> None:
        self.text, self.jsonc, self.n = text, jsonc, len(text)

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
        j = i + 1
        while True:
            q = self.text.find('"', j)
            if q == -1:
                return self.n
            k, backslashes = q - 1, 0
            while k > i and self.text[k] == "\\":
                backslashes, k = backslashes + 1, k - 1
            if backslashes % 2 == 0:
                return q + 1
            j = q + 1

    def value_end(self, i: int) -> int:
        text, n = self.text, self.n
        ch = text[i] if i < n else ""
        if ch == '"':
            return self.string_end(i)
        if ch in "{[":
            depth, j = 0, i
            while j < n:
                c = text[j]
                if c == '"':
                    j = self.string_end(j)
                    continue
                if c == "/" and self.jsonc and j + 1 < n and text[j + 1] in "/*":
                    j = self.ws(j)
                    continue
                if c in "{[":
                    depth += 1
                elif c in "}]":
                    depth -= 1
                    if depth == 0:
                        return j + 1
                j += 1
            return n
        m = _NUMBER_END.search(text, i)
        return m.start() if m else n

    def members(self, i: int) -> dict[str, tuple[int, tuple[int, int]]]:
        text, members = self.text, {}
        i = self.ws(i + 1)
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
            start = self.ws(colon + 1)
            members[key] = (start, (i, key_end))
            i = self.ws(self.value_end(start))
            if i < self.n and text[i] == ",":
                i = self.ws(i + 1)
            else:
                break
        return members

    def elements(self, i: int) -> list[int]:
        text, starts = self.text, []
        i = self.ws(i + 1)
        while i < self.n and text[i] != "]":
            starts.append(i)
            i = self.ws(self.value_end(i))
            if i < self.n and text[i] == ",":
                i = self.ws(i + 1)
            else:
                break
        return starts

    def find(self, tokens: list[str]) -> tuple[int, int, tuple[int, int] | None]:
        i = self.ws(0)
        key_span = None
        for token in tokens:
            if i >= self.n:
                break
            found = None
            if self.text[i] == "{":
                found = self.members(i).get(token)
            elif self.text[i] == "[":
                try:
                    wanted = int(token)
                except ValueError:
                    wanted = -1
                starts = self.elements(i)
                found = (starts[wanted], None) if 0 <= wanted < len(starts) else None
            if found is None:
                return i, self.value_end(i), None
            i, key_span = found
        return i, self.value_end(i), key_span


def _pointers(text: str, jsonc: bool) -> list[str]:
    """Every pointer of the document (duplicates once), plus absent ones under each container."""
    source = _strip_jsonc(text) if jsonc else text
    out: list[str] = []

    def walk(value, base: str) -> None:
        out.append(base)
        if isinstance(value, list):
            for index, item in enumerate(value):
                walk(item, f"{base}/{index}")
            out.extend([f"{base}/{len(value)}", f"{base}/-1", f"{base}/x", f"{base}/ 0"])
        elif isinstance(value, dict):
            for key, item in value.items():
                walk(item, f"{base}/{escape(key)}")
            out.extend([f"{base}/absent", f"{base}/0"])
        else:
            out.append(f"{base}/below")

    walk(json.loads(source), "")
    return out


def _agree(text: str, jsonc: bool = False, pointers: list[str] | None = None) -> int:
    reference, index = _ReferenceScanner(text, jsonc), _Index(text, jsonc)
    pointers = _pointers(text, jsonc) if pointers is None else pointers
    for pointer in pointers:
        assert index.find(split(pointer)) == reference.find(split(pointer)), pointer
    return len(pointers)


TRICKY = [
    # escapes in keys and values, an escaped quote before a bracket, a key that is a pointer separator
    r'{"a\"b": ["x\\", "]\"[", "\u00e9\ud83d\ude00"], "c\\": {"a/b~c": "\\\"", "": 0}, "\u0041": [1]}',
    # non-ASCII text: offsets and columns count code points
    '{"nom": "caf\u00e9 \U0001f600", "liste": ["\u4e2d\u6587", "\U0001f680 x"], "cl\u00e9": {"k": true}}',
    # nested arrays, empty containers, numbers and literals everywhere
    '[[1, [2, [], [[]]], {}], [-0.5e+10, true, false, null], [[["deep"]]], {"a": [{}, []]}, 7]',
    # duplicate keys, the last one winning, at several depths
    '{"a": 1, "b": {"x": [1], "x": [2, 3]}, "a": {"a": "inner", "a": ["last"]}}',
    # a flat array followed by a nested one, and arrays that start flat and then hold a container
    '{"Action": ["s3:GetObject", 1, "iam:*"], "Mixed": ["a", 2, ["b"], {"c": "d"}, "e"], "N": [1, 2.5, -3]}',
    # pretty-printed with CRLF line ends and tabs
    '{\r\n\t"Version": "2012-10-17",\r\n\t"Statement": [\r\n\t\t{\r\n\t\t\t"Effect": "Allow",\r\n\t\t\t"Action": [\r\n'
    '\t\t\t\t"s3:*"\r\n\t\t\t],\r\n\t\t\t"Resource": "*"\r\n\t\t}\r\n\t]\r\n}\r\n',
    # scalars as the root, with blanks around
    '  "just a string"  ',
    "\n42\n",
    "null",
    "[]",
    "{}",
    # a long run of blanks at the end
    '{"a": [1]}' + " " * 5000,
]

TRICKY_JSONC = [
    # comments holding quotes, brackets and commas; trailing commas in objects and arrays
    '{\n  // "not": [a key]\n  "a": [1, /* ] } " */ 2,],\n  /* block\n spanning lines */ "b": {"c": "//not a comment",},\n}\n',
    # comments between key, colon and value, and inside flat arrays
    '{"k" /* c */ : /* d */ "v", "arr": ["x" // end of line\n, "y" /* z */], "n": 1 // after a number\n}',
    # an unterminated block comment at the end
    '{"a": {"b": [true, false,],},} /* never closed',
    # comment-only lines between statements, duplicates
    '{\n"Statement": [\n// one\n{"Effect": "Allow"},\n// two\n{"Effect": "Deny", "Effect": "Allow",},\n],\n}',
]


@pytest.mark.parametrize("text", TRICKY)
def test_index_agrees_with_the_scan_on_tricky_json(text):
    parse("t.json", text, "json")  # the parser accepts it
    assert _agree(text) >= 2


@pytest.mark.parametrize("text", TRICKY_JSONC)
def test_index_agrees_with_the_scan_on_tricky_jsonc(text):
    parse("t.jsonc", text, "jsonc")
    assert _agree(text, jsonc=True) > 3


def test_index_agrees_on_a_byte_order_mark():
    # Files are decoded with their BOM removed; a text that still holds one is located as the scan did.
    text = '\ufeff{"Statement": [{"Action": "s3:*"}]}'
    assert _agree(text, pointers=["", "/Statement", "/Statement/0/Action"]) == 3
    assert _Index(text, False).find(split("/Statement")) == (0, 14, None)


def test_located_spans_on_escapes_unicode_and_duplicates():
    text = '{\n  "caf\\u00e9": ["\U0001f600", "x\\"]"],\n  "d": 1,\n  "d": {"e": [[1], [2, "\u00e9"]]}\n}'
    doc = parse("t.json", text, "json")
    assert doc.data == {"café": ["\U0001f600", 'x"]'], "d": {"e": [[1], [2, "é"]]}}
    assert doc.locate("/caf\u00e9/1") == Span(2, 22, 2, 28)
    assert doc.locate_key("/caf\u00e9") == Span(2, 3, 2, 14)
    assert doc.locate("/d") == Span(4, 8, 4, 30)
    assert doc.locate("/d/e/1/1") == Span(4, 24, 4, 27)
    assert doc.locate_key("/d/e/1/1") == doc.locate("/d/e/1/1")
    assert doc.locate("/d/e/7") == Span(4, 14, 4, 29)  # absent: the nearest ancestor


def test_index_is_built_once_and_flat_arrays_are_listed_only_when_needed():
    text = '{"Statement": [{"Action": [' + ", ".join(f'"s3:Get{i}"' for i in range(2000)) + '], "Resource": "*"}]}'
    doc = parse("big.json", text, "json")
    first = doc.locate("/Statement/0/Resource")
    index = doc.index
    assert index.flat and not any(len(items) == 2000 for items in index.elements.values())
    last = text.index('"s3:Get1999"')
    assert doc.locate("/Statement/0/Action/1999") == Span(1, last + 1, 1, last + 1 + len('"s3:Get1999"'))
    assert doc.index is index and doc.locate("/Statement/0/Resource") == first
    assert _agree(text, pointers=["/Statement/0/Action/0", "/Statement/0/Action/1999", "/Statement/0/Action/2000"]) == 3


def test_a_near_miss_flat_array_stays_linear():
    # Thousands of numbers, then a container: the flat-array token fails once, without backtracking
    # into the numbers, and the array is read token by token.
    text = "[" + ",".join(["1234567890"] * 20000) + ', {"a": [1]}]'
    assert _agree(text, pointers=["/0", "/19999", "/20000/a/0", "/20001"]) == 4


_SEPARATORS = st.sampled_from(["", " ", "\n", "\t", "\r\n", "  \n    "])
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=8)
_SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**12), 10**12), st.floats(allow_nan=False, allow_infinity=False), _TEXT
)
# objects as lists of pairs, so that a key may repeat
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.lists(st.tuples(st.one_of(_TEXT, st.sampled_from(["a", "a", "~", "/", "0"])), inner), max_size=5).map(tuple),
    ),
    max_leaves=25,
)


@st.composite
def _documents(draw, jsonc: bool):
    def comment() -> str:
        if not jsonc or not draw(st.booleans()):
            return draw(_SEPARATORS)
        body = draw(st.sampled_from(['"', "[", "]", "{", "}", ",", "x", "*", "/"]))
        return draw(st.sampled_from([f"/* {body} */", f"// {body}\n"])) + draw(_SEPARATORS)

    def dump(value) -> str:
        if isinstance(value, list):
            items = [comment() + dump(v) + comment() for v in value]
            trailing = "," if jsonc and value and draw(st.booleans()) else ""
            return "[" + ",".join(items) + trailing + comment() + "]"
        if isinstance(value, tuple):
            items = [
                comment() + json.dumps(k, ensure_ascii=draw(st.booleans())) + comment() + ":" + comment() + dump(v) + comment()
                for k, v in value
            ]
            trailing = "," if jsonc and value and draw(st.booleans()) else ""
            return "{" + ",".join(items) + trailing + comment() + "}"
        return json.dumps(value, ensure_ascii=draw(st.booleans()))

    return comment() + dump(draw(_VALUES)) + comment()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents(jsonc=False))
def test_index_agrees_with_the_scan_on_generated_json(text):
    parse("g.json", text, "json")
    _agree(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents(jsonc=True))
def test_index_agrees_with_the_scan_on_generated_jsonc(text):
    parse("g.jsonc", text, "jsonc")
    _agree(text, jsonc=True)
