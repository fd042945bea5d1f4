"""Plain text (shell scripts, Makefiles): no structure, only lines; subjects point at spans."""

from __future__ import annotations

from collections.abc import Iterable

from lint.document import Comment, Document
from lint.model import Span


class TextDocument(Document):
    format = "text"
    comment_prefixes = ("#",)

    def __init__(self, path: str, text: str) -> None:
        super().__init__(path, text, text)

    def locate(self, pointer: str) -> Span:
        return self.whole()

    def comments(self) -> Iterable[Comment]:
        out = []
        for number, line in enumerate(self.lines, start=1):
            stripped = line.lstrip()
            if stripped.startswith("#"):
                col = len(line) - len(stripped) + 1
                out.append(Comment(number, col, stripped[1:].strip(), len(line) + 1))
        return out
