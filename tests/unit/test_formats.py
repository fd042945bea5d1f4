"""Pointer -> span for JSON, JSONC and YAML: exact 1-based lines and columns, however deep."""

from __future__ import annotations

import json

import pytest

from lint.document import ParseError, join, resolve, split
from lint.formats import parse
from lint.model import Span

POLICY_JSON = """{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": ["s3:GetObject", "iam:PassRole"], "Resource": "*"},
    {
      "Effect": "Deny",
      "Action": "*",
      "Condition": {"Bool": {"a/b~c": "x\\"y"}}
    }
  ]
}
"""

POLICY_YAML = """# comment
Version: 2012-10-17
Statement:
  - Effect: Allow   # trailing comment
    Action:
      - s3:GetObject
      - iam:PassRole
    Resource: !Sub "arn:${AWS::Partition}:s3:::b"
  - Effect: Deny
    Action: ["*"]
    Condition: {Bool: {"a/b~c": 'x"y'}}
"""


@pytest.mark.parametrize(
    ("pointer", "span"),
    [
        ("/Statement/0/Action/1", Span(4, 52, 4, 66)),
        ("/Statement/0/Resource", Span(4, 81, 4, 84)),
        ("/Statement/1/Action", Span(7, 17, 7, 20)),
        ("/Statement/1/Condition/Bool/a~1b~0c", Span(8, 39, 8, 45)),
        ("/Statement/1", Span(5, 5, 9, 6)),
        ("/Version", Span(2, 14, 2, 26)),
        ("/Statement/9", Span(3, 16, 10, 4)),  # absent: the nearest ancestor
    ],
)
def test_json_locate(pointer, span):
    doc = parse("p.json", POLICY_JSON, "json")
    assert doc.locate(pointer) == span


def test_json_locate_key():
    doc = parse("p.json", POLICY_JSON, "json")
    assert doc.locate_key("/Statement/0/Resource") == Span(4, 69, 4, 79)
    assert doc.locate_key("/Statement/0/Action/1") == doc.locate("/Statement/0/Action/1")


def test_json_duplicate_keys_locate_the_last_one_like_the_values():
    doc = parse("p.json", '{"a": 1,\n "a": 2}', "json")
    assert doc.data == {"a": 2}
    assert doc.locate("/a") == Span(2, 7, 2, 8)


def test_json_parse_error_position():
    with pytest.raises(ParseError) as info:
        parse("p.json", '{\n  "a": [1, 2,]\n}', "json")
    assert (info.value.line, info.value.col) == (2, 14)


def test_jsonc_comments_and_trailing_commas():
    text = '{\n  // the agent\'s tools\n  "a": [1, 2,],\n  /* block */ "b": {"c": "//not a comment",},\n}\n'
    doc = parse("s.json", text, "jsonc")
    assert doc.data == {"a": [1, 2], "b": {"c": "//not a comment"}}
    assert doc.locate("/b/c") == Span(4, 26, 4, 43)
    assert [(c.line, c.text) for c in doc.comments()] == [(2, "the agent's tools"), (4, "block")]


@pytest.mark.parametrize(
    ("pointer", "span"),
    [
        ("/Statement/0/Action/1", Span(7, 9, 7, 21)),
        ("/Statement/0/Resource", Span(8, 15, 8, 50)),
        ("/Statement/0", Span(4, 5, 8, 50)),
        ("/Statement/1/Action/0", Span(10, 14, 10, 17)),
        ("/Statement/1/Condition/Bool/a~1b~0c", Span(11, 33, 11, 38)),
        ("/Version", Span(2, 10, 2, 20)),
    ],
)
def test_yaml_locate(pointer, span):
    doc = parse("p.yaml", POLICY_YAML, "yaml")
    assert doc.locate(pointer) == span


def test_yaml_values_keep_strings_and_cloudformation_tags():
    doc = parse("p.yaml", POLICY_YAML, "yaml")
    assert doc.data["Version"] == "2012-10-17"  # not a date
    assert doc.data["Statement"][0]["Resource"] == {"Fn::Sub": "arn:${AWS::Partition}:s3:::b"}
    doc = parse("t.yaml", "A: !GetAtt Role.Arn\nB: !Ref X\nC: yes\nD: 010\n", "yaml")
    assert doc.data == {"A": {"Fn::GetAtt": ["Role", "Arn"]}, "B": {"Ref": "X"}, "C": True, "D": "010"}


def test_yaml_comments():
    doc = parse("p.yaml", POLICY_YAML, "yaml")
    assert [(c.line, c.col, c.text) for c in doc.comments()] == [(1, 1, "comment"), (4, 21, "trailing comment")]


def test_yaml_merge_keys():
    doc = parse("m.yaml", "base: &b {Effect: Allow}\nstmt:\n  <<: *b\n  Action: '*'\n", "yaml")
    assert doc.data["stmt"] == {"Effect": "Allow", "Action": "*"}
    assert doc.locate("/stmt/Effect") == Span(1, 19, 1, 24)


def test_yaml_multi_document():
    doc = parse("k.yaml", "kind: A\n---\nkind: B\n", "yaml")
    assert doc.data == [{"kind": "A"}, {"kind": "B"}]
    assert doc.locate("/1/kind") == Span(3, 7, 3, 8)


def test_deep_document_locates():
    depth = 300
    data = {"Statement": [{"x": 1}]}
    node = data
    for _ in range(depth):
        node["n"] = {}
        node = node["n"]
    node["leaf"] = "here"
    text = json.dumps(data, indent=1)
    doc = parse("d.json", text, "json")
    pointer = "/n" * depth + "/leaf"
    span = doc.locate(pointer)
    assert doc.line_text(span.start_line)[span.start_col - 1 : span.end_col - 1] == '"here"'


def test_pointer_helpers():
    assert join("/Statement", 0, "a/b") == "/Statement/0/a~1b"
    assert split("/a~1b/~0c") == ["a/b", "~c"]
    assert resolve({"a": [1, {"b": 2}]}, "/a/1/b") == 2
    with pytest.raises(KeyError):
        resolve({"a": []}, "/a/0")
