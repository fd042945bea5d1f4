"""Python source (for CDK apps), parsed with libcst and never imported or run.

The document's data is the libcst module; extractors build their own
AWS-shaped values from it and locate them through `SpanDocument`, a document
whose pointers map straight to source spans.
"""

from __future__ import annotations

import io
import re
import tokenize
from collections.abc import Iterable, Iterator
from typing import Any

from lint.document import Comment, Document, ParseError, check_nesting, join, split
from lint.model import Span


class PythonDocument(Document):
    format = "python"
    comment_prefixes = ("#",)

    def __init__(self, path: str, text: str, module: Any, positions: Any, parents: Any) -> None:
        super().__init__(path, text, None)
        self.module = module
        self.positions = positions  # libcst node -> CodeRange
        self.parents = parents  # libcst node -> parent node

    def span_of(self, node: Any) -> Span:
        """1-based, end-exclusive span of a libcst node (libcst columns are 0-based)."""
        code = self.positions[node]
        return Span(code.start.line, code.start.column + 1, code.end.line, code.end.column + 1)

    def locate(self, pointer: str) -> Span:
        return self.whole()

    def comments(self) -> Iterable[Comment]:
        out = []
        try:
            for token in tokenize.generate_tokens(io.StringIO(self.text).readline):
                if token.type == tokenize.COMMENT:
                    line, col = token.start
                    out.append(Comment(line, col + 1, token.string[1:].strip(), col + 1 + len(token.string)))
        except (tokenize.TokenError, IndentationError, SyntaxError):
            pass
        return out


class SpanDocument(Document):
    """A value built from source code (a policy from a CDK call), with each pointer's span recorded."""

    def __init__(self, base: PythonDocument, data: Any, spans: dict[str, Span]) -> None:
        super().__init__(base.path, base.text, data)
        self.base = base
        self.format = base.format
        self.spans = spans

    def locate(self, pointer: str) -> Span:
        tokens = split(pointer)
        while True:
            found = self.spans.get(join("", *tokens))
            if found is not None:
                return found
            if not tokens:
                return self.base.whole()
            tokens.pop()

    def comments(self) -> Iterable[Comment]:
        return self.base.comments()


#: Largest Python source given to libcst, whose parse and position metadata take seconds per
#: 100 KB: CDK stacks are far smaller, and a larger file is reported as not judged rather than
#: stalling the run.
MAX_PYTHON_CHARS = 256 * 1024
#: libcst's parser slows down cubically on long chains of attributes (`a.b.b.b…`).
_LONG_CHAIN = re.compile(r"(?:\.\s*[A-Za-z_]\w*\s*){200}")


def native_parse(text: str) -> None:
    """libcst's native parse alone, for a probe in a child process; errors are the real parse's to report."""
    import libcst

    if len(text) > MAX_PYTHON_CHARS or _LONG_CHAIN.search(text) is not None:
        return
    try:
        check_nesting(text, "Python")
        libcst.parse_module(text)
    except (ParseError, libcst.ParserSyntaxError, RecursionError):
        pass


def check_parsable(text: str) -> None:
    """Raise `ParseError` for Python that libcst must not be handed in this process: too large,
    nested too deep, or with a runaway attribute chain (each can exhaust its native stack)."""
    if len(text) > MAX_PYTHON_CHARS:
        raise ParseError(f"Python file of {len(text) // 1024} KB is larger than the {MAX_PYTHON_CHARS // 1024} KB scopelint parses: not judged")
    check_nesting(text, "Python")
    chain = _LONG_CHAIN.search(text)
    if chain is not None:
        line = text.count("\n", 0, chain.start()) + 1
        col = chain.start() - (text.rfind("\n", 0, chain.start()) + 1) + 1
        raise ParseError("invalid Python: a chain of more than 200 attributes is not parsed", line, col)


def parse_python(path: str, text: str) -> PythonDocument:
    import libcst
    from libcst.metadata import MetadataWrapper, ParentNodeProvider, PositionProvider

    # libcst's native parser recurses once per level of an expression and overflows its stack
    # (a segfault) a few thousand levels down; its Python visitors hit the recursion limit far
    # earlier. Refuse deep brackets before parsing; the runner parses in a child process besides,
    # for what a bracket count cannot see (long chains of operators, attributes or strings).
    check_parsable(text)
    try:
        module = libcst.parse_module(text)
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
        positions = wrapper.resolve(PositionProvider)
        parents = wrapper.resolve(ParentNodeProvider)
    except libcst.ParserSyntaxError as exc:
        raise ParseError(f"invalid Python: {exc.message}", exc.raw_line, exc.raw_column + 1) from None
    except RecursionError:
        raise ParseError("invalid Python: nesting too deep") from None
    return PythonDocument(path, text, wrapper.module, positions, parents)


def walk(node: Any) -> Iterator[Any]:
    """Every node under `node` (itself first), in source order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(list(current.children)))


def walk_body(body: Any) -> Iterator[Any]:
    """Nodes of a function body in source order, not descending into nested functions or classes
    (they run only when called, and calls to them are followed)."""
    import libcst as cst

    stack = [body]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed([c for c in current.children if not isinstance(c, (cst.FunctionDef, cst.ClassDef))]))


def dotted(node: Any) -> str:
    """`boto3.Session` for a name or attribute chain; "" for anything else (a call, a subscript)."""
    import libcst as cst

    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        head = dotted(node.value)
        return f"{head}.{node.attr.value}" if head else ""
    return ""
