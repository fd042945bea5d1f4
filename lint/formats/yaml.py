"""YAML documents, composed with libyaml so every node keeps its marks.

Values are built from the node graph here rather than by PyYAML's constructor,
which lets us (a) keep CloudFormation short-form tags (``!Ref``, ``!Sub``…) as
their long ``Fn::`` forms, (b) refuse alias bombs before they expand and
(c) map any pointer back to a node without re-reading the text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import yaml

from lint.document import MAX_DATA_NESTING, Comment, Document, ParseError, check_nesting, split
from lint.model import Span

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # libyaml missing: the pure-Python composer gives the same nodes
    _Loader = yaml.SafeLoader  # type: ignore[misc]

#: libyaml's composer recurses in C, and so does the code reading values: refuse anything deeper.
MAX_DEPTH = MAX_DATA_NESTING
#: Expanding aliases may multiply the node count; refuse documents that do so wildly.
MAX_EXPANDED_NODES = 200_000

_BOOL = {"true": True, "false": False, "yes": True, "no": False, "on": True, "off": False}
_COMMENT = re.compile(r"(?:^|[ \t])#(.*)$")

#: CloudFormation short forms whose long form is not simply ``Fn::<Name>``.
_CFN_TAGS = {"!Ref": "Ref", "!Condition": "Condition"}


class YamlDocument(Document):
    format = "yaml"
    comment_prefixes = ("#",)

    def __init__(self, path: str, text: str, data, root: yaml.Node | None, multi: bool) -> None:
        super().__init__(path, text, data)
        self.root = root
        self.multi = multi

    def _node(self, pointer: str) -> tuple[yaml.Node | None, yaml.Node | None]:
        """The node at `pointer` (or its nearest ancestor) and its key node."""
        node = self.root
        key_node = None
        for token in split(pointer):
            if isinstance(node, yaml.MappingNode):
                found = None
                for k, v in _mapping_pairs(node):
                    if isinstance(k, yaml.ScalarNode) and k.value == token:
                        found = (k, v)  # the last duplicate wins, as in the values
                if found is None:
                    break
                key_node, node = found
            elif isinstance(node, (yaml.SequenceNode, _Documents)):
                try:
                    node = node.value[int(token)]
                    key_node = None
                except (ValueError, IndexError):
                    break
            else:
                break
        return node, key_node

    def locate(self, pointer: str) -> Span:
        node, _ = self._node(pointer)
        return self._span(node) if node is not None else self.whole()

    def locate_key(self, pointer: str) -> Span:
        node, key = self._node(pointer)
        target = key if key is not None else node
        return self._span(target) if target is not None else self.whole()

    def _span(self, node: yaml.Node | _Documents) -> Span:
        if isinstance(node, _Documents):
            node = node.value[0]
        start, end = node.start_mark, node.end_mark
        end_line, end_col = end.line + 1, end.column + 1
        # a block collection ends at the next token, on a later line; end it on its last content line
        if end.line > start.line and not self.line_text(end.line + 1)[: end.column].strip(" -\t"):
            end_line = end.line
            while end_line > start.line + 1 and not self.line_text(end_line).strip():
                end_line -= 1
            end_col = len(self.line_text(end_line).rstrip()) + 1
        return Span(start.line + 1, start.column + 1, end_line, max(end_col, 1))

    def comments(self) -> Iterable[Comment]:
        for number, line in enumerate(self.lines, 1):
            if "#" not in line:
                continue
            m = _COMMENT.search(line)
            if m and not _inside_quotes(line, m.start(1) - 1):
                yield Comment(number, m.start(1), m.group(1).strip(), len(line.rstrip()) + 1)


class _Documents:
    """The stream of a multi-document file, addressed as ``/0``, ``/1``…"""

    def __init__(self, nodes: list[yaml.Node]) -> None:
        self.value = nodes


def _inside_quotes(line: str, index: int) -> bool:
    before = line[:index]
    return before.count('"') % 2 == 1 or before.count("'") % 2 == 1


def _mapping_pairs(node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    """Pairs of a mapping with YAML merge keys (``<<``) applied."""
    pairs: list[tuple[yaml.Node, yaml.Node]] = []
    for key, value in node.value:
        if key.tag == "tag:yaml.org,2002:merge":
            sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
            for source in sources:
                if isinstance(source, yaml.MappingNode):
                    pairs[:0] = _mapping_pairs(source)
        else:
            pairs.append((key, value))
    return pairs


def parse_yaml(path: str, text: str) -> YamlDocument:
    check_nesting(text, "YAML", MAX_DEPTH, "[{")
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "malformed"
        raise ParseError(f"invalid YAML: {' '.join(str(problem).split())}", line, col) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow, at its offset
        offset = max(0, exc.position)
        if _Loader is not yaml.SafeLoader and not text.isascii():  # libyaml counts UTF-8 bytes
            offset = len(text.encode("utf-8", "surrogatepass")[:offset].decode("utf-8", "ignore"))
        offset = min(offset, len(text))
        line = text.count("\n", 0, offset) + 1
        col = offset - (text.rfind("\n", 0, offset) + 1) + 1
        character = exc.character if isinstance(exc.character, int) else ord(exc.character or "\0")
        raise ParseError(f"invalid YAML: character U+{character:04X} is not allowed ({exc.reason})", line, col) from None
    except yaml.YAMLError as exc:
        raise ParseError(f"invalid YAML: {exc}") from None
    except RecursionError:
        raise ParseError("invalid YAML: nesting too deep") from None
    builder = _Builder()
    try:
        values = [builder.build(node) for node in nodes]
    except RecursionError:
        raise ParseError("invalid YAML: nesting too deep") from None
    if not nodes:
        return YamlDocument(path, text, None, None, False)
    if len(nodes) == 1:
        return YamlDocument(path, text, values[0], nodes[0], False)
    return YamlDocument(path, text, values, _Documents(nodes), True)


class _Builder:
    def __init__(self) -> None:
        self.count = 0
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, depth: int = 0):
        if depth > MAX_DEPTH:
            mark = node.start_mark
            raise ParseError(f"invalid YAML: nesting deeper than {MAX_DEPTH} levels", mark.line + 1, mark.column + 1)
        self.count += 1
        self.seen.add(id(node))
        if self.count > MAX_EXPANDED_NODES and self.count > 10 * len(self.seen):
            mark = node.start_mark
            raise ParseError(
                "invalid YAML: aliases expand to too many nodes (an alias bomb?)",
                mark.line + 1,
                mark.column + 1,
            )
        tag = node.tag or ""
        if isinstance(node, yaml.ScalarNode):
            value = _scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            value = []
            for child in node.value:  # a loop, not a comprehension: one frame per level
                value.append(self.build(child, depth + 1))
        else:
            value = {}
            for key, child in _mapping_pairs(node):
                k = self.build(key, depth + 1)
                value[k if isinstance(k, str) else str(k)] = self.build(child, depth + 1)
        if tag.startswith("!") and not tag.startswith("!!"):
            return _short_form(tag, value)
        return value


def _short_form(tag: str, value):
    """CloudFormation short form to its long form: ``!GetAtt a.b`` -> ``{"Fn::GetAtt": ["a", "b"]}``."""
    if tag in _CFN_TAGS:
        return {_CFN_TAGS[tag]: value}
    name = tag[1:]
    if name == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    return {f"Fn::{name}": value}


def _scalar(node: yaml.ScalarNode):
    value = node.value
    tag = node.tag
    if node.style in ("'", '"', "|", ">"):
        return value
    if tag == "tag:yaml.org,2002:int":
        try:
            return int(value.replace("_", ""), 0)
        except ValueError:
            return value
    if tag == "tag:yaml.org,2002:float":
        try:
            return float(value.replace("_", ""))
        except ValueError:
            return value
    if tag == "tag:yaml.org,2002:bool":
        return _BOOL.get(value.lower(), value)
    if tag == "tag:yaml.org,2002:null":
        return None
    return value
