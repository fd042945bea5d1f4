"""Helm chart templates read as far as they go: `{{ ... }}` actions masked, positions kept.

A template is not YAML until Helm renders it, yet most of it is YAML already. Each action is
replaced by text of the same length, so every line and column still points into the template:
an action alone on its line (`{{- if .Values.rbac.create }}`, `{{- end }}`, `{{ toYaml . | nindent 4 }}`)
becomes a comment, an action inside a value (`name: {{ include "chart.fullname" . }}-ci`) becomes a
placeholder that is restored to the action's text when a value is read. Documents that still do not
parse (a `range` whose body only makes sense rendered) are blanked one at a time, and the rest is read.
A template is never reported as malformed: it is not meant to be YAML.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from lint.document import ParseError

_ACTION = re.compile(r"\{\{.*?\}\}", re.S)  # for `fullmatch` on short strings only
#: Parse at most this many named templates of one file (each is a pass over the file's text).
MAX_DEFINES = 16
_PLACEHOLDER = re.compile(r"~t(\d+)~+")
#: Give up recovering a template after blanking this many documents.
MAX_BLANKED = 16


def is_template(text: str) -> bool:
    return "{{" in text


def spans(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every `{{ ... }}` action, in one linear pass (an unclosed `{{` ends the scan)."""
    find = text.find
    position = find("{{")
    while position != -1:
        close = find("}}", position + 2)
        if close == -1:
            return
        yield position, close + 2
        position = find("{{", close + 2)


def mask(text: str) -> tuple[str, list[str]]:
    """The text with every action masked (same length, same lines), and the actions in order."""
    actions: list[str] = []
    out: list[str] = []
    last = 0
    for start, end in spans(text):
        out.append(text[last:start])
        line_start = text.rfind("\n", 0, start) + 1
        if not text[line_start:start].strip():
            out.append(_blank(text[start:end], comment=True))  # a statement on its own line: a comment
        else:
            index = len(actions)
            body = text[start:end]
            actions.append(body)
            token = f"~t{index}~"
            if "\n" in body or len(token) > len(body):
                out.append(_blank(body, comment=False, fill="x"))
            else:
                out.append(token + "~" * (len(body) - len(token)))
        last = end
    out.append(text[last:])
    return "".join(out), actions


def _blank(body: str, *, comment: bool, fill: str = " ") -> str:
    lines = body.split("\n")
    blanked = [fill * len(line) for line in lines]
    if comment:
        blanked = [("#" + line[1:]) if line else line for line in blanked]
    return "\n".join(blanked)


def restore(value: str, actions: list[str]) -> str:
    """A masked scalar back to the template's text (`~t0~~~~-ci` -> `{{ .Release.Name }}-ci`)."""
    if "~t" not in value:
        return value
    return _PLACEHOLDER.sub(lambda m: actions[int(m.group(1))] if int(m.group(1)) < len(actions) else m.group(0), value)


_KEYWORD = re.compile(r"^\{\{-?\s*(define|if|range|with|block|end)\b\s*(?:\"([^\"]*)\")?")


def defines(text: str) -> dict[str, tuple[int, int]]:
    """`{{ define "name" }}` bodies of the text: name -> (start, end) character offsets of the body."""
    found: dict[str, tuple[int, int]] = {}
    stack: list[tuple[str, str, int]] = []
    for start_at, end_at in spans(text):
        keyword = _KEYWORD.match(text[start_at:min(end_at, start_at + 200)])
        if keyword is None:
            continue
        word, name = keyword.group(1), keyword.group(2) or ""
        if word == "end":
            if stack:
                kind, label, start = stack.pop()
                if kind == "define":
                    found.setdefault(label, (start, start_at))
        else:
            stack.append((word, name, end_at))
    return found


def _outside(text: str, keep: list[tuple[int, int]], invert: bool = False) -> str:
    """The text with every character of the `keep` regions (or, inverted, every other one) blanked."""
    chars = list(text)
    inside = [False] * len(text)
    for start, end in keep:
        for i in range(start, end):
            inside[i] = True
    for i, ch in enumerate(chars):
        if ch != "\n" and (inside[i] != invert):
            chars[i] = " "
    return "".join(chars)


def parse_template(path: str, text: str, *, with_defines: bool = True):
    """A `YamlDocument` of the template (original text, masked values restored), or None.

    Named templates the file defines (`{{ define "chart.rules" }}`) are left out of the document
    and parsed on their own (`template_defines`), located in the same text.
    """
    from lint.formats.yaml import parse_yaml

    regions = defines(text) if with_defines and "define" in text else {}
    source = _outside(text, list(regions.values())) if regions else text
    masked, actions = mask(source)
    lines = masked.split("\n")
    for _ in range(MAX_BLANKED + 1):
        try:
            document = parse_yaml(path, "\n".join(lines))
        except ParseError as error:
            if not _blank_document_at(lines, error.line):
                return None
            continue
        document.text = text
        document._lines = None
        document.data = _restored(document.data, actions)
        document.template_actions = actions
        document.template_defines = regions
        document.template_parsed = {}
        return document
    return None


def named_template(document, name: str):
    """The YAML of `{{ define "name" }}` in a template document, parsed on first use, located in its text."""
    regions = getattr(document, "template_defines", None) or {}
    parsed = document.template_parsed
    if name not in regions:
        return None
    if name not in parsed:
        if len(parsed) >= MAX_DEFINES:
            return None
        body = parse_template(document.path, _outside(document.text, [regions[name]], invert=True), with_defines=False)
        if body is not None:
            body.text = document.text
            body._lines = None
        parsed[name] = body
    return parsed[name]


def _blank_document_at(lines: list[str], line: int) -> bool:
    """Comment out the `---`-separated document holding 1-based `line`; False if nothing changed."""
    index = min(max(line - 1, 0), len(lines) - 1) if lines else 0
    start = index
    while start > 0 and not lines[start].startswith("---"):
        start -= 1
    if lines[start].startswith("---"):
        start += 1
    end = index + 1
    while end < len(lines) and not lines[end].startswith("---"):
        end += 1
    changed = False
    for i in range(start, end):
        if lines[i].strip() and not lines[i].lstrip().startswith("#"):
            lines[i] = "#" + " " * (len(lines[i]) - 1) if len(lines[i]) > 0 else lines[i]
            changed = True
    return changed


def _restored(value, actions: list[str]):
    if isinstance(value, str):
        return restore(value, actions)
    if isinstance(value, list):
        return [_restored(v, actions) for v in value]
    if isinstance(value, dict):
        # keys stay masked: pointers are matched against the masked text's keys
        return {k: _restored(v, actions) for k, v in value.items()}
    return value


def templated(value) -> bool:
    """Whether a value read from a template is computed by Helm."""
    return isinstance(value, str) and "{{" in value
