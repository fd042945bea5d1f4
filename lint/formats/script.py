"""TypeScript and JavaScript sources: text with `//` comments, read lexically and never run."""

from __future__ import annotations

from collections.abc import Iterable

from lint.document import Comment
from lint.formats.text import TextDocument


class ScriptDocument(TextDocument):
    format = "script"
    comment_prefixes = ("//",)

    def comments(self) -> Iterable[Comment]:
        out = []
        for number, line in enumerate(self.lines, start=1):
            stripped = line.lstrip()
            if stripped.startswith("//"):
                col = len(line) - len(stripped) + 1
                out.append(Comment(number, col, stripped[2:].strip(), len(line) + 1))
        return out
