"""What every subject and extractor shares.

A subject is a typed view of part of a document (an IAM policy, an agent
config…) that remembers the pointer of each element it was built from, so a
check never computes a line number. An extractor turns a parsed document into
subjects, and reports shape problems it meets on the way.
"""

from __future__ import annotations

import re

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, TypeVar

from lint.document import Document, ParseError
from lint.model import Span

T = TypeVar("T")


@dataclass(frozen=True)
class Item(Generic[T]):
    """A value and the pointer it came from."""

    value: T
    pointer: str


class Subject:
    """A typed thing checks reason about, rooted at `pointer` in `document`."""

    family: ClassVar[str] = "general"

    def __init__(self, document: Document, pointer: str = "") -> None:
        self.document = document
        self.pointer = pointer

    @property
    def path(self) -> str:
        return self.document.path


@dataclass(frozen=True)
class Problem:
    """A file (or part of one) that is in scope but cannot be understood."""

    message: str
    pointer: str | None = None
    span: Span | None = None
    key: bool = False  # point at the key naming the element rather than its value


class InvalidDocument(Subject):
    """An in-scope file that could not be parsed or has the wrong shape."""

    family = "core"

    def __init__(self, document: Document, problem: Problem) -> None:
        super().__init__(document, problem.pointer or "")
        self.problem = problem


class RawDocument(Document):
    """A file that failed to parse: text only, for locating its error."""

    format = "raw"

    def locate(self, pointer: str) -> Span:
        return self.whole()

    @classmethod
    def from_error(cls, path: str, text: str, error: ParseError) -> tuple[RawDocument, Problem]:
        doc = cls(path, text, None)
        line = min(error.line, len(doc.lines) + 1)
        return doc, Problem(error.message, span=Span.point(line, error.col))


class Extractor:
    """Builds subjects of one kind from documents.

    `claims` recognises a known config location by path; `sniff` is a cheap test
    on the raw text of any other JSON/YAML file; `extract` does the real work.
    """

    name: ClassVar[str]
    formats: ClassVar[tuple[str, ...]] = ("json", "yaml")
    #: The known location this extractor claims (a path pattern), and the format of files there when
    #: their suffix does not say it (JSON read with comments, Markdown read as text).
    location: ClassVar[re.Pattern[str] | None] = None
    location_format: ClassVar[str | None] = None

    def claims(self, path: str) -> bool:
        return self.location is not None and self.location.search(path) is not None

    def sniff(self, text: str) -> bool:
        return False

    def format_of(self, path: str) -> str | None:
        """The format of a claimed file when its suffix does not say it (JSON with comments)."""
        return self.location_format

    def accepts(self, document: Document) -> bool:
        """Whether a parsed, sniffed document really is this extractor's kind."""
        return True

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        return iter(())

    def recover(self, path: str, text: str) -> Document | None:
        """A document for a sniffed file its format's parser rejects (a Helm template), or None."""
        return None


def as_list(value: Any, pointer: str) -> list[Item[Any]]:
    """IAM-style "string or list of strings" as items with pointers."""
    if isinstance(value, list):
        return [Item(v, f"{pointer}/{i}") for i, v in enumerate(value)]
    return [Item(value, pointer)]


def type_name(value: Any) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)
