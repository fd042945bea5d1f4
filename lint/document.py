"""Parsed files: values plus a lazy pointer -> span lookup.

A pointer is a JSON-pointer-like route (RFC 6901 escaping) from the document
root to an element, e.g. ``/Statement/2/Action/0``. Checks speak in pointers;
only a `Document` turns them into line and column, and only when a finding
needs it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from lint.model import Span


class ParseError(Exception):
    """A file could not be read as its format; carries the parser's position."""

    def __init__(self, message: str, line: int = 1, col: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = max(line, 1)
        self.col = max(col, 1)


#: Deepest bracket nesting a parser is given. Real configuration nests a few levels (a CloudFormation
#: policy inside a template: about 10); recursive parsers and the code walking their values recurse per
#: level, so a hostile file nested thousands deep is refused before it is parsed.
MAX_NESTING = 100
#: The same for data formats (JSON, YAML), whose values are walked without recursing per level.
MAX_DATA_NESTING = 500

_BRACKETS = {"[": "[]", "{": "{}", "(": "()"}


def check_nesting(text: str, label: str, limit: int = MAX_NESTING, opens: str = "[{(") -> None:
    """Raise `ParseError` at the bracket that opens level `limit + 1` of `text`, if any.

    Counts every `opens` bracket against its closer, inside strings too: cheap (the scan runs in C
    unless the file holds more than `limit` opening brackets) and never lets a deep file through.
    """
    if sum(text.count(ch) for ch in opens) <= limit:
        return
    import re
    from itertools import accumulate, compress, count, islice
    from operator import sub

    closes = "".join(_BRACKETS[ch][1] for ch in opens)
    pattern = re.compile("[" + re.escape(opens + closes) + "]")
    # The brackets as bytes, an opener 2 and a closer 0: after the i-th bracket (1-based) the depth is
    # the running sum minus i. Every step runs in C, so a 5 MB file of brackets takes a fraction of a second.
    kept = (opens + closes).encode()
    table = bytes.maketrans(kept, b"\x02" * len(opens) + b"\x00" * len(closes))
    steps = text.encode("utf-8", "surrogatepass").translate(table, bytes(set(range(256)) - set(kept)))
    depths = map(sub, accumulate(steps), count(1))
    if max(depths, default=0) <= limit:
        return
    deeper = map(limit.__lt__, map(sub, accumulate(steps), count(1)))
    index = next(compress(count(), deeper))
    offset = next(islice(pattern.finditer(text), index, None)).start()
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    raise ParseError(f"invalid {label}: nesting deeper than {limit} levels", line, col)


def escape(token: str | int) -> str:
    if type(token) is int:
        return str(token)
    token = str(token)
    if "~" not in token and "/" not in token:
        return token
    return token.replace("~", "~0").replace("/", "~1")


def unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def join(base: str, *tokens: str | int) -> str:
    """Extend a pointer: ``join("/Statement", 0, "Action") == "/Statement/0/Action"``."""
    if len(tokens) == 1:
        return f"{base}/{escape(tokens[0])}"
    return base + "".join(["/" + escape(t) for t in tokens])


def split(pointer: str) -> list[str]:
    if pointer in ("", "/"):
        return []
    if not pointer.startswith("/"):
        raise ValueError(f"pointer must start with '/': {pointer!r}")
    return [unescape(t) for t in pointer[1:].split("/")]


def resolve(data: Any, pointer: str) -> Any:
    """The value at `pointer`, or raise KeyError."""
    node = data
    for token in split(pointer):
        if isinstance(node, dict):
            if token not in node:
                raise KeyError(pointer)
            node = node[token]
        elif isinstance(node, list):
            try:
                node = node[int(token)]
            except (ValueError, IndexError):
                raise KeyError(pointer) from None
        else:
            raise KeyError(pointer)
    return node


@dataclass(frozen=True)
class Comment:
    """A comment in the source, for inline suppressions."""

    line: int
    col: int  # of the comment marker
    text: str  # without the marker
    end_col: int = 0  # exclusive; 0 when unknown


class Document(ABC):
    """A parsed file. Subclasses know how to locate a pointer in their text."""

    format: str = "text"
    comment_prefixes: Sequence[str] = ()

    def __init__(self, path: str, text: str, data: Any) -> None:
        self.path = path
        self.text = text
        self.data = data
        self._lines: list[str] | None = None
        #: Where the file is on disk, when it was read from one (set by the runner).
        self.file: Path | None = None

    @property
    def lines(self) -> list[str]:
        if self._lines is None:
            self._lines = self.text.splitlines()
        return self._lines

    def line_text(self, number: int) -> str:
        lines = self.lines
        return lines[number - 1] if 0 < number <= len(lines) else ""

    def get(self, pointer: str, default: Any = None) -> Any:
        try:
            return resolve(self.data, pointer)
        except KeyError:
            return default

    @abstractmethod
    def locate(self, pointer: str) -> Span:
        """The span of the element at `pointer`; the nearest existing ancestor if it is absent."""

    def locate_key(self, pointer: str) -> Span:
        """The span of the key naming the element at `pointer` (its value for list items)."""
        return self.locate(pointer)

    def comments(self) -> Iterable[Comment]:
        """Comments in the text; formats without comments have none."""
        return ()

    def whole(self) -> Span:
        lines = self.lines or [""]
        return Span(1, 1, len(lines), len(lines[-1]) + 1)


def span_from_offsets(text: str, start: int, end: int, line_starts: list[int]) -> Span:
    """Turn 0-based character offsets into a 1-based `Span` (end exclusive)."""
    sl = bisect_right(line_starts, start) - 1
    last = end - 1 if end - 1 > start else start
    el = bisect_right(line_starts, last, sl) - 1
    return Span(sl + 1, start - line_starts[sl] + 1, el + 1, last - line_starts[el] + 2)


def line_starts(text: str) -> list[int]:
    """The offset of the first character of each line (lines end at `\\n`)."""
    # each line's length plus its newline, summed: every step runs in C
    return list(accumulate(map((1).__add__, map(len, text.split("\n")[:-1])), initial=0))


class MappedDocument(Document):
    """A derived document (an AWS-shaped policy built from Terraform, a SAM policy template) whose
    pointers are located in another document's text through `mapping` (derived pointer -> base pointer)."""

    def __init__(self, base: Document, data: Any, mapping: dict[str, str], *, at_keys: bool = False) -> None:
        """`at_keys`: locate at the key naming each mapped element (`S3CrudPolicy:`), not its value."""
        super().__init__(base.path, base.text, data)
        self.format = base.format
        self.at_keys = at_keys
        self.base = base
        self.mapping = mapping

    def _target(self, pointer: str) -> tuple[str, bool]:
        tokens = split(pointer)
        for cut in range(len(tokens), -1, -1):
            prefix = "".join("/" + escape(t) for t in tokens[:cut])
            target = self.mapping.get(prefix)
            if target is not None:
                rest = tokens[cut:]
                return join(target, *rest), cut == len(tokens)
        return self.mapping.get("", ""), False

    def locate(self, pointer: str) -> Span:
        target, _ = self._target(pointer)
        return self.base.locate_key(target) if self.at_keys else self.base.locate(target)

    def locate_key(self, pointer: str) -> Span:
        # What is a key in the policy (an operator, a principal type) is a value in the HCL
        # (`test = "StringEquals"`): show the value.
        target, _ = self._target(pointer)
        return self.base.locate(target)

    def comments(self) -> Iterable[Comment]:
        return self.base.comments()
