"""Codex exec-policy rules (`.codex/rules/*.rules`, Starlark): `prefix_rule(pattern=[...], decision="allow")`
runs a command outside the sandbox with no prompt. Read with Python's parser, never evaluated."""

from __future__ import annotations

import ast
import itertools
from collections.abc import Iterator

from lint.document import Document
from lint.model import Span
from lint.subjects.agent import AgentConfig, AgentConfigData
from lint.subjects.base import Extractor, Item, Problem, Subject
from lint.subjects import recognizers

MAX_ALTERNATIVES = 64


class CodexRulesExtractor(recognizers.CodexRules, Extractor):
    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        from lint.formats.python import SpanDocument

        try:
            tree = ast.parse(document.text)
        except SyntaxError as exc:
            yield Problem(f"invalid rules file: {exc.msg}", span=Span.point(exc.lineno or 1, (exc.offset or 1)))
            return
        config = AgentConfigData(product="codex", name=document.path)
        spans: dict[str, Span] = {}
        for index, call in enumerate(n for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "prefix_rule"):
            keywords = {k.arg: k.value for k in call.keywords}
            decision = keywords.get("decision")
            pattern = keywords.get("pattern")
            if not (isinstance(decision, ast.Constant) and decision.value == "allow" and isinstance(pattern, ast.List)):
                continue
            pointer = f"/rules/{index}/pattern"
            spans[pointer] = Span(pattern.lineno, pattern.col_offset + 1, pattern.end_lineno or pattern.lineno, (pattern.end_col_offset or 0) + 1)
            written = ast.get_source_segment(document.text, pattern) or "[...]"
            config.shell_labels[pointer] = f"`prefix_rule(pattern={written}, decision=\"allow\")`"
            for words in _alternatives(pattern):
                config.shell_prefixes.append(Item(" ".join(words), pointer))
        yield AgentConfig(SpanDocument(document, {}, spans), config)


def _alternatives(pattern: ast.List) -> list[tuple[str, ...]]:
    """Every command prefix a pattern allows: `["git", ["push", "fetch"]]` is `git push` and `git fetch`."""
    choices = []
    for element in pattern.elts:
        if isinstance(element, ast.Constant) and isinstance(element.value, str):
            choices.append([element.value])
        elif isinstance(element, ast.List):
            choices.append([e.value for e in element.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)])
        else:
            return []
    combos = list(itertools.islice(itertools.product(*choices), MAX_ALTERNATIVES))
    return [tuple(c) for c in combos]
