"""Terraform HCL documents, built from python-hcl2's lark tree (which carries positions).

Blocks nest by type and labels (`/resource/aws_iam_policy/deploy/policy`);
unlabelled nested blocks are lists (`/statement/0/actions/1`). Values are
Python values where HCL fixes them statically; `jsonencode(x)` is `x`; a
heredoc holding JSON is the parsed JSON, located inside the heredoc. Anything
Terraform computes at plan time (references, interpolations, conditionals,
`for` expressions, other functions) is an `Expression` object, never a string,
so no check mistakes `"${var.actions}"` for an action name.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lint.document import Comment, Document, ParseError, check_nesting, join, split
from lint.model import Span

#: `${...}` interpolations whose value is the same in every partition a reviewer cares about.
STATIC_INTERPOLATIONS = re.compile(r"^data\.aws_partition\.[\w-]+\.partition$")


@dataclass(frozen=True)
class Expression:
    """A value Terraform computes: a reference, interpolation, conditional, call..."""

    text: str  # as written
    computed = True  # known only when Terraform plans

    def __str__(self) -> str:
        return self.text


class HclDocument(Document):
    format = "hcl"
    comment_prefixes = ("#", "//")

    def __init__(self, path: str, text: str, data: Any, spans: dict[str, Span], key_spans: dict[str, Span],
                 embedded: dict[str, tuple[Document, int]], comments: list[Comment]) -> None:
        super().__init__(path, text, data)
        self._spans = spans
        self._key_spans = key_spans
        self._embedded = embedded  # pointer -> (JSON document of a heredoc, line offset)
        self._comments = comments

    def locate(self, pointer: str) -> Span:
        inner = self._inside_embedded(pointer)
        if inner is not None:
            return inner
        tokens = split(pointer)
        while tokens:
            found = self._spans.get(join("", *tokens))
            if found is not None:
                return found
            tokens.pop()
        return self.whole()

    def locate_key(self, pointer: str) -> Span:
        if self._inside_embedded(pointer) is not None:
            inner_pointer, (document, offset) = self._embedded_parts(pointer)
            return _shift(document.locate_key(inner_pointer), offset)
        return self._key_spans.get(pointer) or self.locate(pointer)

    def _embedded_parts(self, pointer: str) -> tuple[str, tuple[Document, int]]:
        for prefix, entry in self._embedded.items():
            if pointer == prefix or pointer.startswith(prefix + "/"):
                return pointer[len(prefix):], entry
        raise KeyError(pointer)

    def _inside_embedded(self, pointer: str) -> Span | None:
        if not self._embedded:
            return None
        try:
            inner_pointer, (document, offset) = self._embedded_parts(pointer)
        except KeyError:
            return None
        if not inner_pointer:
            return None  # the heredoc itself: its own span
        return _shift(document.locate(inner_pointer), offset)

    def comments(self) -> Iterable[Comment]:
        return self._comments


def _shift(span: Span, lines: int) -> Span:
    return Span(span.start_line + lines, span.start_col, span.end_line + lines, span.end_col)


#: Recently parsed files: a Terraform module's files are read for each other (lint/subjects/terraform.py)
#: and linted themselves; the same text is parsed once. Bounded, oldest dropped first.
_RECENT: dict[tuple[str, int], HclDocument] = {}
_RECENT_LIMIT = 256


def parse_hcl(path: str, text: str) -> HclDocument:
    check_nesting(text, "HCL")  # the grammar and the tree walk recurse once per level
    key = (path, hash(text))
    cached = _RECENT.get(key)
    if cached is not None and cached.text == text:
        return cached
    document = _parse_hcl(path, text)
    if len(_RECENT) >= _RECENT_LIMIT:
        _RECENT.pop(next(iter(_RECENT)))
    _RECENT[key] = document
    return document


def _parse_hcl(path: str, text: str) -> HclDocument:
    try:
        import hcl2
        from lark.exceptions import LarkError, UnexpectedInput
    except ImportError as exc:  # pragma: no cover - python-hcl2 is a dependency
        raise ParseError(f"cannot read HCL: {exc}") from None
    try:
        tree = hcl2.parses_to_tree(text if text.endswith("\n") else text + "\n")
    except UnexpectedInput as exc:
        raise ParseError(f"invalid HCL: {_first_line(str(exc))}", getattr(exc, "line", 1) or 1, getattr(exc, "column", 1) or 1) from None
    except (LarkError, RecursionError, ValueError) as exc:
        raise ParseError(f"invalid HCL: {_first_line(str(exc))}") from None
    builder = _Builder(path, text)
    data = builder.body(tree.children[0] if tree.children else None, "")
    builder.collect_comments(tree)
    return HclDocument(path, text, data, builder.spans, builder.key_spans, builder.embedded, builder.comments)


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "syntax error"


class _Builder:
    def __init__(self, path: str, text: str) -> None:
        self.path = path
        self.text = text
        self.lines = text.splitlines()
        self.spans: dict[str, Span] = {}
        self.key_spans: dict[str, Span] = {}
        self.embedded: dict[str, tuple[Document, int]] = {}
        self.comments: list[Comment] = []

    # -- positions ----------------------------------------------------------------------------------
    @staticmethod
    def span(node: Any) -> Span:
        meta = getattr(node, "meta", None)
        if meta is not None and not getattr(meta, "empty", True):
            return Span(meta.line, meta.column, meta.end_line, meta.end_column)
        return Span(node.line, node.column, node.end_line, node.end_column)

    def source(self, node: Any) -> str:
        span = self.span(node)
        if span.start_line == span.end_line:
            return self.lines[span.start_line - 1][span.start_col - 1 : span.end_col - 1]
        parts = [self.lines[span.start_line - 1][span.start_col - 1 :]]
        parts += self.lines[span.start_line : span.end_line - 1]
        parts.append(self.lines[span.end_line - 1][: span.end_col - 1] if span.end_line - 1 < len(self.lines) else "")
        return "\n".join(parts)

    # -- structure ----------------------------------------------------------------------------------
    def body(self, node: Any, pointer: str) -> dict[str, Any]:
        from lark import Token, Tree

        out: dict[str, Any] = {}
        if node is None:
            return out
        for child in node.children:
            if isinstance(child, Token):
                continue
            if child.data == "attribute":
                name_node, *_, value_node = [c for c in child.children if isinstance(c, Tree)]
                name = self._name(name_node)
                at = join(pointer, name)
                self.key_spans[at] = self.span(name_node)
                out[name] = self.value(value_node, at)
                self.spans.setdefault(at, self.span(value_node))
            elif child.data == "block":
                self._block(child, pointer, out)
        return out

    def _block(self, node: Any, pointer: str, out: dict[str, Any]) -> None:
        from lark import Tree

        parts = [c for c in node.children if isinstance(c, Tree)]
        kind = self._name(parts[0])
        labels = [self._label(p) for p in parts[1:] if p.data in ("string", "identifier")]
        body_node = next((p for p in parts[1:] if p.data == "body"), None)
        if labels:
            target = out.setdefault(kind, {})
            if not isinstance(target, dict):
                return
            at = join(pointer, kind)
            for label in labels[:-1]:
                nested = target.setdefault(label, {})
                if not isinstance(nested, dict):
                    return
                target = nested
                at = join(at, label)
            at = join(at, labels[-1])
            self.key_spans[at] = self.span(parts[0])
            self.spans[at] = self.span(node)
            target[labels[-1]] = self.body(body_node, at)
        else:
            items = out.setdefault(kind, [])
            if not isinstance(items, list):
                return
            at = join(pointer, kind, len(items))
            self.spans[at] = self.span(node)
            self.key_spans[at] = self.span(parts[0])
            self.spans.setdefault(join(pointer, kind), self.span(node))
            items.append(self.body(body_node, at))

    def _name(self, node: Any) -> str:
        from lark import Token

        token = next(t for t in node.scan_values(lambda v: isinstance(v, Token)))
        return str(token)

    def _label(self, node: Any) -> str:
        if node.data == "identifier":
            return self._name(node)
        value = self.string(node, "")
        return value if isinstance(value, str) else str(value)

    # -- values -------------------------------------------------------------------------------------
    def value(self, node: Any, pointer: str) -> Any:
        from lark import Token

        if isinstance(node, Token):
            return Expression(str(node))
        kind = node.data
        if kind == "expr_term":
            inner = [c for c in node.children if not isinstance(c, Token) and c.data != "new_line_or_comment"]
            if len(inner) == 1 and (len(node.children) == 1 or _parenthesised(node)):
                return self.value(inner[0], pointer)
            return Expression(self.source(node))  # compound: attribute access, index, operators
        self.spans.setdefault(pointer, self.span(node))
        if kind == "string":
            return self.string(node, pointer)
        if kind in ("int_lit", "float_lit"):
            text = self.source(node)
            try:
                return int(text) if kind == "int_lit" else float(text)
            except ValueError:
                return Expression(text)
        if kind == "literal_value":
            return {"true": True, "false": False, "null": None}.get(self.source(node), Expression(self.source(node)))
        if kind == "tuple":
            elements = [c for c in node.children if not isinstance(c, Token) and c.data != "new_line_or_comment"]
            return [self._element(e, join(pointer, i)) for i, e in enumerate(elements)]
        if kind == "object":
            return self._object(node, pointer)
        if kind == "function_call":
            return self._call(node, pointer)
        if kind in ("heredoc_template", "heredoc_template_trim"):
            return self._heredoc(node, pointer)
        if kind == "for_tuple_expr":
            return self._for_tuple(node, pointer)
        return Expression(self.source(node))

    def _element(self, node: Any, pointer: str) -> Any:
        self.spans[pointer] = self.span(node)
        return self.value(node, pointer)

    def _object(self, node: Any, pointer: str) -> Any:
        from lark import Token

        out: dict[str, Any] = {}
        for elem in node.children:
            if isinstance(elem, Token) or elem.data != "object_elem":
                continue
            key_node, value_node = [c for c in elem.children if not isinstance(c, Token)][:2]
            key = self._object_key(key_node)
            if key is None:
                return Expression(self.source(node))
            at = join(pointer, key)
            self.key_spans[at] = self.span(key_node)
            self.spans[at] = self.span(value_node)
            out[key] = self.value(value_node, at)
        return out

    def _object_key(self, node: Any) -> str | None:
        from lark import Token

        inner = node
        while not isinstance(inner, Token) and inner.data in ("object_elem_key", "expr_term") and len(inner.children) == 1:
            inner = inner.children[0]
        if isinstance(inner, Token):
            return str(inner)
        if inner.data == "identifier":
            return self._name(inner)
        if inner.data == "string":
            value = self.string(inner, "")
            return value if isinstance(value, str) else None
        return None

    def _call(self, node: Any, pointer: str) -> Any:
        from lark import Token

        parts = [c for c in node.children if not isinstance(c, Token)]
        name = self._name(parts[0])
        arguments = next((p for p in parts[1:] if p.data == "arguments"), None)
        args = [c for c in arguments.children if not isinstance(c, Token) and c.data != "new_line_or_comment"] if arguments is not None else []
        if arguments is not None and any(isinstance(c, Token) and str(c) == "..." for c in arguments.children):
            return Expression(self.source(node))  # expanded arguments: `concat(var.lists...)`
        if name == "jsonencode" and len(args) == 1:
            return self.value(args[0], pointer)
        if name in ("tolist", "toset") and len(args) == 1:
            value = self.value(args[0], pointer)
            # a set of strings is ordered and without repeats; a list keeps its elements
            return _as_set(value) if name == "toset" and isinstance(value, list) else value if isinstance(value, list) else Expression(self.source(node))
        if name == "concat" and args:
            return self._concat(node, args, pointer)
        if name == "merge" and args:
            return self._merge(node, args, pointer)
        return Expression(self.source(node))

    def _literal(self, node: Any, kind: str) -> Any:
        """`node` without its `expr_term`/parenthesis wrappers when it is a literal of `kind`, else None."""
        from lark import Token

        while not isinstance(node, Token) and node.data == "expr_term":
            inner = [c for c in node.children if not isinstance(c, Token) and c.data != "new_line_or_comment"]
            if len(inner) != 1 or not (len(node.children) == 1 or _parenthesised(node)):
                return None
            node = inner[0]
        return node if not isinstance(node, Token) and node.data == kind else None

    def _concat(self, node: Any, args: list[Any], pointer: str) -> Any:
        """`concat(["a"], ["b"])` over literal lists: one list, each element located where it is written."""
        from lark import Token

        out: list[Any] = []
        for k, argument in enumerate(args):
            literal = self._literal(argument, "tuple")
            if literal is not None:
                for element in literal.children:
                    if isinstance(element, Token) or element.data == "new_line_or_comment":
                        continue
                    out.append(self._element(element, join(pointer, len(out))))
                continue
            # a call that yields a list (`tolist([...])`, a nested `concat`): its elements keep their places
            scratch = join(pointer, f"__concat{k}")
            value = self.value(argument, scratch)
            if not isinstance(value, list):
                return Expression(self.source(node))
            for i, element in enumerate(value):
                span = self.spans.get(join(scratch, i)) or self.span(argument)
                self.spans[join(pointer, len(out))] = span
                out.append(element)
        return out

    def _merge(self, node: Any, args: list[Any], pointer: str) -> Any:
        """`merge({...}, {...})` over literal objects: later keys win, as in Terraform."""
        objects = [self._literal(a, "object") for a in args]
        if any(o is None for o in objects):
            return Expression(self.source(node))
        out: dict[str, Any] = {}
        for literal in objects:
            value = self._object(literal, pointer)
            if not isinstance(value, dict):
                return Expression(self.source(node))
            out.update(value)
        return out

    def _for_tuple(self, node: Any, pointer: str) -> Any:
        """`[for a in ["x", "y"] : "arn:aws:s3:::${a}"]` over a literal list: each result located at the body.

        Only a body that is the loop variable or a string template of it, with no `if` filter, is
        evaluated; anything else stays an `Expression`."""
        from lark import Token

        parts = [c for c in node.children if not isinstance(c, Token) and c.data != "new_line_or_comment"]
        if len(parts) != 2 or parts[0].data != "for_intro":
            return Expression(self.source(node))  # a filter (`if ...`) or an unexpected shape
        intro = [c for c in parts[0].children if not isinstance(c, Token)]
        names = [self._name(c) for c in intro if c.data == "identifier"]
        collection = next((c for c in intro if c.data == "expr_term"), None)
        literal = self._literal(collection, "tuple") if collection is not None else None
        if literal is None or len(names) not in (1, 2):
            return Expression(self.source(node))
        elements = [c for c in literal.children if not isinstance(c, Token) and c.data != "new_line_or_comment"]
        values = [self.value(e, join(pointer, "__for", i)) for i, e in enumerate(elements)]
        if not all(isinstance(v, str) for v in values):
            return Expression(self.source(node))
        out = []
        body_span = self.span(parts[1])
        for i, element in enumerate(values):
            bound = {names[-1]: element}
            if len(names) == 2:
                bound[names[0]] = str(i)
            result = self._template(parts[1], bound)
            if result is None:
                return Expression(self.source(node))
            self.spans[join(pointer, i)] = body_span
            out.append(result)
        return out

    def _template(self, node: Any, bound: dict[str, str]) -> str | None:
        """A `for` body evaluated with its loop variables bound, or None when it needs anything else."""
        from lark import Token

        if not isinstance(node, Token) and node.data == "expr_term":
            inner = [c for c in node.children if not isinstance(c, Token)]
            if len(inner) == 1 and len(node.children) == 1:
                return self._template(inner[0], bound)
            return None
        if isinstance(node, Token):
            return None
        if node.data == "identifier":
            return bound.get(self._name(node))
        if node.data != "string":
            return None
        out: list[str] = []
        for part in node.children:
            if isinstance(part, Token):
                continue
            for piece in part.children:
                if isinstance(piece, Token):
                    out.append(_unescape(str(piece)))
                elif piece.data == "interpolation":
                    inner = self.source(piece)[2:-1].strip()
                    if inner in bound:
                        out.append(bound[inner])
                    elif STATIC_INTERPOLATIONS.match(inner):
                        out.append("aws")
                    else:
                        return None
                else:
                    return None
        return "".join(out)

    def string(self, node: Any, pointer: str) -> Any:
        from lark import Token

        text_parts: list[str] = []
        for part in node.children:
            if isinstance(part, Token):
                continue  # quotes
            for piece in part.children:
                if isinstance(piece, Token):
                    text_parts.append(_unescape(str(piece)))
                elif piece.data == "interpolation":
                    inner = self.source(piece)[2:-1].strip()
                    if STATIC_INTERPOLATIONS.match(inner):
                        text_parts.append("aws")
                    else:
                        return Expression(self.source(node))
                else:
                    return Expression(self.source(node))
        return "".join(text_parts)

    def _heredoc(self, node: Any, pointer: str) -> Any:
        raw = str(node.children[0])
        first_newline = raw.find("\n")
        body = raw[first_newline + 1 :]
        body = body[: body.rstrip("\n").rfind("\n") + 1] if "\n" in body.rstrip("\n") else ""
        start_line = self.span(node).start_line
        if "${" not in body.replace("${aws:", "") and body.strip().startswith(("{", "[")):
            from lint.formats.json import parse_json

            try:
                document = parse_json(self.path, body)
            except ParseError:
                return body
            self.embedded[pointer] = (document, start_line)
            return document.data
        return body

    # -- comments -----------------------------------------------------------------------------------
    def collect_comments(self, tree: Any) -> None:
        from lark import Token

        for token in tree.scan_values(lambda v: isinstance(v, Token) and v.type == "NL_OR_COMMENT"):
            self._comments_in(str(token), token.line, token.column)

    def _comments_in(self, text: str, line: int, column: int) -> None:
        offset_line, offset_col = line, column
        for raw_line in text.split("\n"):
            stripped = raw_line.lstrip()
            for marker in ("#", "//", "/*"):
                if stripped.startswith(marker):
                    col = offset_col + (len(raw_line) - len(stripped))
                    body = stripped[len(marker):]
                    if marker == "/*":
                        body = body.split("*/", 1)[0]
                    self.comments.append(Comment(offset_line, col, body.strip(), col + len(stripped)))
                    break
            offset_line += 1
            offset_col = 1


def _parenthesised(node: Any) -> bool:
    """An `expr_term` of the form `( expression )`."""
    from lark import Token

    children = node.children
    return (
        len(children) >= 3
        and isinstance(children[0], Token) and str(children[0]) == "("
        and isinstance(children[-1], Token) and str(children[-1]) == ")"
    )


def _as_set(values: list[Any]) -> Any:
    """`toset([...])` of strings: Terraform orders a set of strings and drops repeats."""
    if all(isinstance(v, str) for v in values):
        return list(dict.fromkeys(values))
    return values


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    try:
        return json.loads(f'"{text}"')
    except ValueError:
        return text
