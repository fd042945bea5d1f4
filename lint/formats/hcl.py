"""Terraform HCL documents, built from tree-sitter-hcl's syntax tree (which carries positions).

Blocks nest by type and labels (`/resource/aws_iam_policy/deploy/policy`);
unlabelled nested blocks are lists (`/statement/0/actions/1`). Values are
Python values where HCL fixes them statically; `jsonencode(x)` is `x`; a
heredoc holding JSON is the parsed JSON, located inside the heredoc. Anything
Terraform computes at plan time (references, interpolations, conditionals,
`for` expressions, other functions) is an `Expression` object, never a string,
so no check mistakes `"${var.actions}"` for an action name.

A syntax error does not cost the whole file: tree-sitter recovers around it, the
top-level blocks it does not touch are read as usual, and each broken region is
kept in `HclDocument.syntax_errors` (a located message naming what was not read)
for the Terraform extractor to report.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from lint.document import Comment, Document, ParseError, check_nesting, join, split
from lint.model import Span

#: `${...}` interpolations whose value is the same in every partition a reviewer cares about.
STATIC_INTERPOLATIONS = re.compile(r"^data\.aws_partition\.[\w-]+\.partition$")

#: CPU seconds one parse may take. tree-sitter parses a 5 MB file (the size cap) in a few seconds;
#: a text shaped to make its error recovery crawl is cut off here instead of holding up the run.
PARSE_SECONDS = 10.0
#: Tokens (roughly) of the largest HCL text read. tree-sitter's tree and the spans of the values built
#: from it take up to 900 bytes a token (a one-line list of 300,000 numbers: 270 MB), so a text beyond
#: this would overrun the memory a large file is read with; it is refused before parsing instead.
MAX_TOKENS = 300_000
#: Broken regions reported for one file: after the first few, more say nothing new.
MAX_SYNTAX_ERRORS = 10


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
                 embedded: dict[str, tuple[Document, int]], comments: list[Comment],
                 syntax_errors: list[ParseError] | None = None) -> None:
        super().__init__(path, text, data)
        self._spans = spans
        self._key_spans = key_spans
        self._embedded = embedded  # pointer -> (JSON document of a heredoc, line offset)
        self._comments = comments
        #: Regions tree-sitter could not parse, each with what was left unread; the rest of `data` is sound.
        self.syntax_errors: list[ParseError] = syntax_errors or []

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
    # The tree walk below and the code reading its values recurse once per level of nesting.
    check_nesting(text, "HCL")
    tokens = _estimated_tokens(text)
    if tokens > MAX_TOKENS:
        raise ParseError(f"HCL file of about {tokens:,} tokens is more than the {MAX_TOKENS:,} scopelint parses: not judged")
    key = (path, hash(text))
    cached = _RECENT.get(key)
    if cached is not None and cached.text == text:
        return cached
    document = _parse_hcl(path, text)
    if len(_RECENT) >= _RECENT_LIMIT:
        _RECENT.pop(next(iter(_RECENT)))
    _RECENT[key] = document
    return document


def _estimated_tokens(text: str) -> int:
    """About how many tokens `text` has: its separators and strings, counted in C."""
    return sum(map(text.count, ",=\n[{(:")) + text.count('"') // 2


_PARSER: Any = None
_COMMENTS: Any = None
_QUOTED: Any = None


def _parser() -> Any:
    """tree-sitter and the HCL grammar, loaded when the first HCL file is read."""
    global _PARSER, _COMMENTS, _QUOTED
    if _PARSER is None:
        try:
            import tree_sitter
            import tree_sitter_hcl
        except ImportError as exc:  # pragma: no cover - both are dependencies
            raise ParseError(f"cannot read HCL: {exc}") from None
        language = tree_sitter.Language(tree_sitter_hcl.language())
        _COMMENTS = tree_sitter.QueryCursor(tree_sitter.Query(language, "(comment) @comment"))
        _QUOTED = tree_sitter.QueryCursor(tree_sitter.Query(language, "[(string_lit) (heredoc_template) (comment)] @quoted"))
        _PARSER = tree_sitter.Parser(language)
    return _PARSER


def _parse_tree(source: bytes, deadline: float) -> Any:
    """The syntax tree of `source`, or `ParseError` when the parse runs past `deadline` (CPU time)."""
    import time

    parser = _parser()
    calls = 0

    def overdue(_offset: int, _errors: bool) -> bool:
        # tree-sitter calls back while it parses; answering True cancels the parse. Reading the CPU
        # clock is a system call: every 16th call is often enough.
        nonlocal calls
        calls += 1
        return calls % 16 == 0 and time.process_time() > deadline

    try:
        return parser.parse(lambda offset, _point: source[offset : offset + 65536], progress_callback=overdue)
    except ValueError:
        parser.reset()
        raise ParseError(f"invalid HCL: not parsed within {PARSE_SECONDS:g} s of CPU: not judged") from None


def _parse_hcl(path: str, text: str) -> HclDocument:
    import time

    source = text.encode("utf-8", "surrogatepass")
    deadline = time.process_time() + PARSE_SECONDS
    builder = _Builder(path, text, source)
    data: dict[str, Any] = {}
    start, tree = 0, _parse_tree(source, deadline)
    shown = _without_bare_exponents(source, tree)
    if shown is not None:
        tree = _parse_tree(shown, deadline)
    else:
        shown = source
    while True:
        resume = builder.config(tree.root_node, data)
        if "#" in text or "//" in text or "/*" in text:
            builder.collect_comments(tree.root_node, start, len(source) if resume is None else resume)
        if resume is None:
            break
        # Recovery swallowed top-level blocks after an error: parse again from the next block, with the
        # text before it blanked out (newlines kept, so every position stays where it is). Each round
        # records an error and starts further on, so there are at most `MAX_SYNTAX_ERRORS` of them.
        start, tree = resume, _parse_tree(_BLANK.sub(b" ", shown[:resume]) + shown[resume:], deadline)
    return HclDocument(path, text, data, builder.spans, builder.key_spans, builder.embedded, builder.comments, builder.errors)


_BLANK = re.compile(rb"[^\n]")
#: A number with an exponent and no fraction (`1e3`, `-2E+4`), which Terraform reads and the grammar does not
#: (it reads `1` and a name `e3`); not the end of a name such as `bucket-1e3`.
_BARE_EXPONENT = re.compile(rb"(?<![\w.])(?<![\w.]-)\d+([eE][+-]?\d+)(?![\w.])")


def _without_bare_exponents(source: bytes, tree: Any) -> bytes | None:
    """The text shown to the parser again when a bare exponent broke it: `1.0` for `1e3`, `2.000` for `2e+10`.

    Same length, so every position stays; values are read from the text as written, so `1e3` is 1000.0.
    Strings, heredocs and comments are left as they are. None when there is nothing to change.
    """
    if not tree.root_node.has_error or _BARE_EXPONENT.search(source) is None:
        return None
    quoted: list[list[int]] = []
    for node in sorted(_QUOTED.captures(tree.root_node).get("quoted", []), key=lambda n: n.start_byte):
        if quoted and node.start_byte <= quoted[-1][1]:
            quoted[-1][1] = max(quoted[-1][1], node.end_byte)
        else:
            quoted.append([node.start_byte, node.end_byte])
    starts = [q[0] for q in quoted]
    shown = bytearray(source)
    changed = False
    for match in _BARE_EXPONENT.finditer(source):
        at = bisect_right(starts, match.start()) - 1
        if at >= 0 and match.start() < quoted[at][1]:
            continue
        begin, end = match.span(1)
        shown[begin:end] = b"." + b"0" * (end - begin - 1)
        changed = True
    return bytes(shown) if changed else None
#: A line that opens a top-level block (`resource "aws_iam_policy" "p" {`), where reading resumes after an error.
_BLOCK_START = re.compile(rb'^[A-Za-z_][\w-]*(?:[ \t]+(?:"[^"\n]*"|[A-Za-z_][\w-]*))*[ \t]*\{', re.MULTILINE)


#: What a MISSING node stands for, as a reader would write it.
_MISSING = {
    "block_end": "}", "object_end": "}", "tuple_end": "]", "quoted_template_end": '"',
    "template_interpolation_end": "}", "template_directive_end": "}", "heredoc_identifier": "heredoc end marker",
}


class _Builder:
    def __init__(self, path: str, text: str, source: bytes) -> None:
        self.path = path
        self.text = text
        self.source = source
        self.ascii = len(source) == len(text)  # byte columns are character columns
        self._lines: list[bytes] | None = None
        self.spans: dict[str, Span] = {}
        self.key_spans: dict[str, Span] = {}
        self.embedded: dict[str, tuple[Document, int]] = {}
        self.comments: list[Comment] = []
        self.errors: list[ParseError] = []

    # -- positions ----------------------------------------------------------------------------------
    def column(self, row: int, byte_column: int) -> int:
        """1-based character column of a tree-sitter point (whose column counts UTF-8 bytes)."""
        if self.ascii or byte_column == 0:
            return byte_column + 1
        if self._lines is None:
            self._lines = self.source.split(b"\n")
        return len(self._lines[row][:byte_column].decode("utf-8", "replace")) + 1

    def span(self, node: Any) -> Span:
        (sr, sc), (er, ec) = node.start_point, node.end_point
        if self.ascii:
            return Span(sr + 1, sc + 1, er + 1, ec + 1)
        return Span(sr + 1, self.column(sr, sc), er + 1, self.column(er, ec))

    def text_of(self, node: Any) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", "surrogatepass")

    # -- structure ----------------------------------------------------------------------------------
    def config(self, root: Any, out: dict[str, Any]) -> int | None:
        """Read the file's top-level body into `out`. A top-level block or attribute holding a syntax
        error is not read (recovery may have reshaped it), nor is text tree-sitter could not place;
        each such run is one located error naming what was left out. When a run swallowed the start
        of a later top-level block, returns the byte offset to read on from (after parsing again)."""
        items: list[Any] = []
        for child in root.children:  # the root is `config_file`, or ERROR when nothing parses around the error
            items.extend(child.children if child.type == "body" else [child])
        broken: list[Any] = []
        for item in items:
            if item.type == "comment":
                continue
            if item.type not in ("attribute", "block") or item.has_error:
                broken.append(item)
                continue
            resume = self._syntax_error(broken, None)
            if resume is not None:
                return resume
            broken = []
            if item.type == "attribute":
                self._attribute(item, "", out)
            else:
                self._block(item, "", out)
        return self._syntax_error(broken, root if root.type == "ERROR" else None)

    def body(self, node: Any, pointer: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if node is None:
            return out
        for child in node.children:
            if child.type == "attribute":
                self._attribute(child, pointer, out)
            elif child.type == "block":
                self._block(child, pointer, out)
        return out

    def _attribute(self, node: Any, pointer: str, out: dict[str, Any]) -> None:
        name_node = node.child(0)
        value_node = next(c for c in reversed(node.children) if c.type == "expression")
        name = self.text_of(name_node)
        at = join(pointer, name)
        self.key_spans[at] = self.span(name_node)
        out[name] = self.value(value_node, at)
        self.spans.setdefault(at, self.span(value_node))

    def _block(self, node: Any, pointer: str, out: dict[str, Any]) -> None:
        children = node.children
        type_node = children[0]
        kind = self.text_of(type_node)
        labels = [self._label(c) for c in children[1:] if c.type in ("string_lit", "identifier")]
        body_node = next((c for c in children if c.type == "body"), None)
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
            self.key_spans[at] = self.span(type_node)
            self.spans[at] = self.span(node)
            target[labels[-1]] = self.body(body_node, at)
        else:
            items = out.setdefault(kind, [])
            if not isinstance(items, list):
                return
            at = join(pointer, kind, len(items))
            self.spans[at] = self.span(node)
            self.key_spans[at] = self.span(type_node)
            self.spans.setdefault(join(pointer, kind), self.span(node))
            items.append(self.body(body_node, at))

    def _label(self, node: Any) -> str:
        if node.type == "identifier":
            return self.text_of(node)
        value = self.string(node, "")
        return value if isinstance(value, str) else str(value)

    # -- syntax errors ------------------------------------------------------------------------------
    def _syntax_error(self, run: list[Any], unfinished: Any) -> int | None:
        """Record one located error for a run of top-level nodes that did not parse; `unfinished` is the
        ERROR root when the run is what tree-sitter was still holding open at the end of the file.
        Returns where a later top-level block starts inside the run, if one does."""
        if not run or len(self.errors) >= MAX_SYNTAX_ERRORS:
            return None
        what, position = self._what_failed(run, unfinished is not None)
        first_line = run[0].start_point[0] + 1
        end = (unfinished or run[-1]).end_byte
        line_end = self.source.find(b"\n", run[0].start_byte)
        later = _BLOCK_START.search(self.source, line_end + 1, end) if line_end != -1 else None
        resume = later.start() if later is not None else None
        last_line = self.source.count(b"\n", 0, resume) if resume is not None else (unfinished or run[-1]).end_point[0] + 1
        if resume is not None and position[0] >= last_line:
            # tree-sitter noticed the error only at the next block: point at where the broken text starts
            what, position = ("syntax error" if what.startswith("syntax error") else what), run[0].start_point
        lines = f"line {first_line}" if first_line == last_line else f"lines {first_line}-{last_line}"
        header = _block_header(run[0].children if run[0].type == "block" else run)
        if header:
            left = f"block `{' '.join(self.text_of(n) for n in header)}` ({lines}) is not read"
        elif run[0].type == "attribute":
            left = f"attribute `{self.text_of(run[0].child(0))}` ({lines}) is not read"
        else:
            left = f"{lines} not read"
        row, column = position
        self.errors.append(ParseError(f"invalid HCL: {what}; {left}", row + 1, self.column(row, column)))
        return resume

    def _what_failed(self, run: list[Any], unfinished: bool) -> tuple[str, Any]:
        """What went wrong first in `run`, and where: the first ERROR or MISSING node tree-sitter placed."""
        broken = next((n for n in run if n.has_error or n.type == "ERROR" or n.is_missing), None)
        if broken is None:
            # tokens the parser could not fit anywhere: an opened block, string or heredoc never closed
            return ("unexpected end of file" if unfinished else "syntax error"), run[0].start_point
        first = _first_error(broken)
        if first.is_missing:
            return f"missing `{_MISSING.get(first.type, first.type)}`", first.start_point
        token = _first_token(first)
        shown = self.text_of(token).split("\n", 1)[0][:30] if token is not None else ""
        if not shown.strip():
            return "syntax error", first.start_point
        return f"syntax error at `{shown}`", token.start_point

    # -- values -------------------------------------------------------------------------------------
    def value(self, node: Any, pointer: str) -> Any:
        """The value of an `expression` node: a Python value when HCL fixes it, else an `Expression`."""
        node = _unparenthesised(node)
        if pointer not in self.spans:
            self.spans[pointer] = self.span(node)
        inner = _sole_child(node)
        if inner is None:
            return Expression(self.text_of(node))  # attribute access, index, splat
        kind = inner.type
        if kind == "literal_value":
            return self._literal_value(inner.child(0), pointer)
        if kind == "collection_value":
            collection = inner.child(0)
            if collection.type == "tuple":
                return [self._element(e, join(pointer, i)) for i, e in enumerate(_elements(collection))]
            return self._object(collection, pointer)
        if kind == "template_expr":
            template = inner.child(0)
            if template.type == "heredoc_template":
                return self._heredoc(template, pointer)
            return self.string(template, pointer)
        if kind == "function_call":
            return self._call(inner, pointer)
        if kind == "for_expr" and inner.child(0).type == "for_tuple_expr":
            return self._for_tuple(inner.child(0), node, pointer)
        return Expression(self.text_of(node))

    def _literal_value(self, node: Any, pointer: str) -> Any:
        kind = node.type
        if kind == "string_lit":
            return self.string(node, pointer)
        text = self.text_of(node)
        if kind == "numeric_lit":
            try:
                return int(text) if text.isdigit() else float(text)
            except ValueError:
                return Expression(text)
        return {"true": True, "false": False, "null": None}.get(text, Expression(text))

    def _element(self, node: Any, pointer: str) -> Any:
        self.spans[pointer] = self.span(node)
        return self.value(node, pointer)

    def _object(self, node: Any, pointer: str) -> Any:
        out: dict[str, Any] = {}
        for elem in node.children:
            if elem.type != "object_elem":
                continue
            key_node, value_node = elem.child_by_field_name("key"), elem.child_by_field_name("val")
            key = self._object_key(key_node)
            if key is None:
                return Expression(self.text_of(node))
            at = join(pointer, key)
            self.key_spans[at] = self.span(key_node)
            self.spans[at] = self.span(value_node)
            out[key] = self.value(value_node, at)
        return out

    def _object_key(self, node: Any) -> str | None:
        """A key written as a name or a plain string; None for one Terraform computes (`(var.k)`, `"${x}"`)."""
        inner = _sole_child(node)
        if inner is None:
            return None
        if inner.type == "variable_expr":
            return self.text_of(inner)
        if inner.type == "literal_value" and inner.child(0).type == "string_lit":
            value = self.string(inner.child(0), "")
            return value if isinstance(value, str) else None
        return None

    def _call(self, node: Any, pointer: str) -> Any:
        name = self.text_of(node.child(0))
        arguments = next((c for c in node.children if c.type == "function_arguments"), None)
        args = _elements(arguments) if arguments is not None else []
        if arguments is not None and any(c.type in ("ellipsis", "...") for c in arguments.children):
            return Expression(self.text_of(node))  # expanded arguments: `concat(var.lists...)`
        if name == "jsonencode" and len(args) == 1:
            return self.value(args[0], pointer)
        if name in ("tolist", "toset") and len(args) == 1:
            value = self.value(args[0], pointer)
            # a set of strings is ordered and without repeats; a list keeps its elements
            return _as_set(value) if name == "toset" and isinstance(value, list) else value if isinstance(value, list) else Expression(self.text_of(node))
        if name == "concat" and args:
            return self._concat(node, args, pointer)
        if name == "merge" and args:
            return self._merge(node, args, pointer)
        return Expression(self.text_of(node))

    def _concat(self, node: Any, args: list[Any], pointer: str) -> Any:
        """`concat(["a"], ["b"])` over literal lists: one list, each element located where it is written."""
        out: list[Any] = []
        for k, argument in enumerate(args):
            literal = _literal(argument, "tuple")
            if literal is not None:
                for element in _elements(literal):
                    out.append(self._element(element, join(pointer, len(out))))
                continue
            # a call that yields a list (`tolist([...])`, a nested `concat`): its elements keep their places
            scratch = join(pointer, f"__concat{k}")
            value = self.value(argument, scratch)
            if not isinstance(value, list):
                return Expression(self.text_of(node))
            for i, element in enumerate(value):
                span = self.spans.get(join(scratch, i)) or self.span(argument)
                self.spans[join(pointer, len(out))] = span
                out.append(element)
        return out

    def _merge(self, node: Any, args: list[Any], pointer: str) -> Any:
        """`merge({...}, {...})` over literal objects: later keys win, as in Terraform."""
        objects = [_literal(a, "object") for a in args]
        if any(o is None for o in objects):
            return Expression(self.text_of(node))
        out: dict[str, Any] = {}
        for literal in objects:
            value = self._object(literal, pointer)
            if not isinstance(value, dict):
                return Expression(self.text_of(node))
            out.update(value)
        return out

    def _for_tuple(self, node: Any, whole: Any, pointer: str) -> Any:
        """`[for a in ["x", "y"] : "arn:aws:s3:::${a}"]` over a literal list: each result located at the body.

        Only a body that is the loop variable or a string template of it, with no `if` filter, is
        evaluated; anything else stays an `Expression`."""
        parts = [c for c in node.children if c.type in ("for_intro", "expression", "for_cond")]
        if len(parts) != 2 or parts[0].type != "for_intro":
            return Expression(self.text_of(whole))  # a filter (`if ...`) or an unexpected shape
        intro = parts[0].children
        names = [self.text_of(c) for c in intro if c.type == "identifier"]
        collection = next((c for c in intro if c.type == "expression"), None)
        literal = _literal(collection, "tuple") if collection is not None else None
        if literal is None or len(names) not in (1, 2):
            return Expression(self.text_of(whole))
        elements = _elements(literal)
        values = [self.value(e, join(pointer, "__for", i)) for i, e in enumerate(elements)]
        if not all(isinstance(v, str) for v in values):
            return Expression(self.text_of(whole))
        out = []
        body = parts[1]
        body_span = self.span(body)
        for i, element in enumerate(values):
            bound = {names[-1]: element}
            if len(names) == 2:
                bound[names[0]] = str(i)
            result = self._template(body, bound)
            if result is None:
                return Expression(self.text_of(whole))
            self.spans[join(pointer, i)] = body_span
            out.append(result)
        return out

    def _template(self, node: Any, bound: dict[str, str]) -> str | None:
        """A `for` body evaluated with its loop variables bound, or None when it needs anything else."""
        inner = _sole_child(node)
        if inner is None:
            return None
        if inner.type == "variable_expr":
            return bound.get(self.text_of(inner))
        if inner.type == "literal_value" and inner.child(0).type == "string_lit":
            template = inner.child(0)
        elif inner.type == "template_expr" and inner.child(0).type == "quoted_template":
            template = inner.child(0)
        else:
            return None
        value = self._string_parts(template, bound)
        return value if isinstance(value, str) else None

    def string(self, node: Any, pointer: str) -> Any:
        """A quoted string: its text with escapes applied, or an `Expression` when it interpolates."""
        value = self._string_parts(node, {})
        return value if isinstance(value, str) else Expression(self.text_of(node))

    def _string_parts(self, node: Any, bound: dict[str, str]) -> str | None:
        """The text of a quoted template with `bound` names and static interpolations filled in, else None.

        The literal text is read from the source between the interpolations (the grammar leaves the
        blanks before an interpolation out of every node)."""
        out: list[str] = []
        children = node.children
        cursor = children[0].end_byte if children else node.start_byte
        source = self.source
        for part in children[1:]:
            kind = part.type
            if kind == "template_literal":
                continue
            out.append(_unescape_literal(source[cursor : part.start_byte].decode("utf-8", "surrogatepass")))
            cursor = part.end_byte
            if kind == "quoted_template_end":
                return "".join(out)
            if kind != "template_interpolation":
                return None  # a directive (`%{ if }`) or a broken string
            inner = self.text_of(part)[2:-1].strip()
            if inner in bound:
                out.append(bound[inner])
            elif STATIC_INTERPOLATIONS.match(inner):
                out.append("aws")
            else:
                return None
        return None  # no closing quote

    def _heredoc(self, node: Any, pointer: str) -> Any:
        """A heredoc's body, as written (indentation and interpolations kept); JSON in it is parsed and
        located inside the heredoc."""
        raw = self.text_of(node) + "\n"
        first_newline = raw.find("\n")
        body = raw[first_newline + 1 :]
        body = body[: body.rstrip("\n").rfind("\n") + 1] if "\n" in body.rstrip("\n") else ""
        start_line = node.start_point[0] + 1
        if self.spans.get(pointer) == self.span(node):
            # located as the heredoc itself: its span runs to the start of the line after its end marker
            self.spans[pointer] = Span(start_line, self.column(*node.start_point), node.end_point[0] + 2, 1)
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
    def collect_comments(self, root: Any, start: int, end: int) -> None:
        """The comments of bytes `start` to `end` of the text (the part of it `root` was read for)."""
        nodes = [n for n in _COMMENTS.captures(root).get("comment", []) if start <= n.start_byte < end]
        for node in sorted(nodes, key=lambda n: n.start_byte):
            row, column = node.start_point
            self._comments_in(self.text_of(node), row + 1, self.column(row, column))

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


# -- tree shapes ------------------------------------------------------------------------------------
def _unparenthesised(node: Any) -> Any:
    """An `expression` without the parentheses around it: `((x))` is `x`."""
    while node.child_count >= 3 and node.child(0).type == "(" and node.children[-1].type == ")":
        node = next(c for c in node.children if c.type == "expression")
    return node


def _sole_child(node: Any) -> Any:
    """The one meaningful child of an `expression` (a literal, collection, call...), or None when the
    expression is compound (`a.b[0]`, `x.*.y`)."""
    if node.child_count == 1:  # the usual case, without building the list of children
        return node.child(0)
    found = None
    for child in node.children:
        if child.type == "comment":
            continue
        if found is not None:
            return None
        found = child
    return found


def _elements(node: Any) -> list[Any]:
    """The values of a tuple or an argument list."""
    return [c for c in node.children if c.type == "expression"]


def _literal(node: Any, kind: str) -> Any:
    """The `tuple` or `object` node that `node` (an expression, maybe parenthesised) is, else None."""
    inner = _sole_child(_unparenthesised(node))
    if inner is None or inner.type != "collection_value":
        return None
    collection = inner.child(0)
    return collection if collection.type == kind else None


def _first_error(node: Any) -> Any:
    """The first ERROR or MISSING node under `node`, in source order (descending only into broken subtrees)."""
    while True:
        if node.type == "ERROR" or node.is_missing:
            return node
        broken = next((c for c in node.children if c.has_error or c.is_missing or c.type == "ERROR"), None)
        if broken is None:
            return node
        node = broken


def _block_header(nodes: list[Any]) -> list[Any]:
    """The type and labels of a block (`resource "aws_iam_policy" "p"`) that `nodes` open, if they open one."""
    header = []
    for node in nodes:
        if node.type == "block_start":
            return header
        if node.type not in ("identifier", "string_lit"):
            return []
        header.append(node)
    return []


def _first_token(node: Any) -> Any:
    """The first leaf under `node` that covers text, or None."""
    stack = [node]
    while stack:
        current = stack.pop()
        if current.child_count == 0:
            if current.end_byte > current.start_byte:
                return current
            continue
        stack.extend(reversed(current.children))
    return None


def _as_set(values: list[Any]) -> Any:
    """`toset([...])` of strings: Terraform orders a set of strings and drops repeats."""
    if all(isinstance(v, str) for v in values):
        return list(dict.fromkeys(values))
    return values


#: `$${` and `%%{` escapes: kept as written, and the text either side of them unescaped on its own.
_TEMPLATE_ESCAPES = re.compile(r"(\$\$\{[^}]*\}|%%\{[^}]*\})")


def _unescape_literal(text: str) -> str:
    if "\\" not in text:
        return text
    if "$${" not in text and "%%{" not in text:
        return _unescape(text)
    return "".join(piece if i % 2 else _unescape(piece) for i, piece in enumerate(_TEMPLATE_ESCAPES.split(text)))


def _unescape(text: str) -> str:
    if "\\" not in text:
        return text
    try:
        return json.loads(f'"{text}"')
    except ValueError:
        return text
