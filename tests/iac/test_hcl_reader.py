"""The HCL reader (tree-sitter-hcl): exact positions, error tolerance, bounds."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from lint.document import ParseError
from lint.formats import parse
from lint.formats.hcl import MAX_TOKENS, Expression, parse_hcl
from lint.model import Span
from lint.runner import Engine

ADMIN_POLICY = """\
resource "aws_iam_policy" "admin" {
  name   = "deploy-admin"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}
"""


def _findings(all_checks, text: str, path: str = "main.tf"):
    outcome = Engine(all_checks).lint_text(path, text)
    return [(f.check_id, f.location.span.start_line, f.location.span.start_col, f.message) for f in outcome.findings]


# -- error tolerance ---------------------------------------------------------------------------------


def test_a_broken_block_is_a_located_error_and_the_policy_beside_it_is_still_judged(all_checks):
    text = 'variable "region" {\n  default = [\n}\n\n' + ADMIN_POLICY
    found = _findings(all_checks, text)
    errors = [f for f in found if f[0] == "invalid-document"]
    assert errors == [
        ("invalid-document", 2, 3, 'invalid HCL: syntax error at `default`; block `variable "region"` (lines 1-3) is not read')
    ]
    admin = [f for f in found if f[0] == "iam-admin-wildcard"]
    assert [(line, col) for _, line, col, _ in admin] == [(9, 18)]  # the statement granting `*` on `*`


def test_a_syntax_error_between_blocks_leaves_both_blocks_read():
    text = 'locals {\n  a = "x"\n}\n\n= = =\n\nlocals {\n  b = "y"\n}\n'
    document = parse_hcl("m.tf", text)
    assert document.data == {"locals": [{"a": "x"}, {"b": "y"}]}
    [error] = document.syntax_errors
    assert (error.message, error.line, error.col) == ("invalid HCL: syntax error at `=`; lines 5-6 not read", 5, 1)
    assert document.locate("/locals/1/b") == Span(8, 7, 8, 10)


def test_an_unclosed_block_names_what_it_swallowed():
    text = ADMIN_POLICY + '\nresource "aws_iam_role" "r" {\n  name = "r"\n'
    document = parse_hcl("m.tf", text)
    assert document.data["resource"]["aws_iam_policy"]["admin"]["name"] == "deploy-admin"
    assert "aws_iam_role" not in document.data["resource"]
    [error] = document.syntax_errors
    assert (error.line, error.col) == (11, 1)  # where the closing brace is missing: the end of the file
    assert error.message == 'invalid HCL: missing `}`; block `resource "aws_iam_role" "r"` (lines 9-11) is not read'


def test_an_unclosed_block_before_another_costs_only_itself(all_checks):
    text = 'variable "region" {\n  default = "eu-west-1"\n\n' + ADMIN_POLICY
    document = parse_hcl("m.tf", text)
    assert "variable" not in document.data
    assert document.get("/resource/aws_iam_policy/admin/name") == "deploy-admin"
    assert document.locate("/resource/aws_iam_policy/admin/name") == Span(5, 12, 5, 26)
    assert [(e.message, e.line, e.col) for e in document.syntax_errors] == [
        ('invalid HCL: missing `}`; block `variable "region"` (lines 1-3) is not read', 1, 1)
    ]
    found = _findings(all_checks, text)
    assert ("invalid-document", 1, 1) in [f[:3] for f in found]
    assert ("iam-admin-wildcard", 8, 18) in [f[:3] for f in found]


def test_a_file_of_errors_is_reported_once_per_region_and_bounded():
    text = "".join(f'locals {{\n  x{i} = [\n}}\n' for i in range(30))
    document = parse_hcl("m.tf", text)
    assert document.data == {}
    assert 1 <= len(document.syntax_errors) <= 10
    assert all(e.message.startswith("invalid HCL: ") for e in document.syntax_errors)


def test_broken_files_are_reported_by_the_terraform_extractor_only_once(all_checks):
    text = 'resource "aws_iam_policy" "p" {\n  policy = jsonencode({\n}\n'
    found = _findings(all_checks, text)
    assert [f[0] for f in found] == ["invalid-document"]
    assert found[0][3].startswith("invalid HCL: ")


# -- positions ---------------------------------------------------------------------------------------

HEREDOCS = """\
resource "aws_iam_policy" "plain" {
  policy = <<EOF
{
  "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]
}
EOF
}
resource "aws_iam_policy" "indented" {
  policy = <<-EOT
    {
      "Statement": [{"Effect": "Allow", "Action": ["iam:*"], "Resource": "*"}]
    }
  EOT
  note = <<EOT
role ${var.name} here
EOT
}
"""


def test_heredoc_json_is_parsed_and_located_inside_the_heredoc():
    document = parse_hcl("h.tf", HEREDOCS)
    plain = "/resource/aws_iam_policy/plain/policy"
    assert document.get(plain + "/Statement/0/Action") == "s3:*"
    assert document.locate(plain + "/Statement/0/Action") == Span(4, 47, 4, 53)
    assert document.locate_key(plain + "/Statement/0/Action") == Span(4, 37, 4, 45)
    # the heredoc as a whole: from `<<EOF` to the start of the line after its end marker
    assert document.locate(plain) == Span(2, 12, 7, 1)
    indented = "/resource/aws_iam_policy/indented/policy"
    assert document.get(indented + "/Statement/0/Action/0") == "iam:*"
    assert document.locate(indented + "/Statement/0/Action/0") == Span(11, 52, 11, 59)
    # a heredoc that interpolates is its text as written, never parsed as JSON
    assert document.get("/resource/aws_iam_policy/indented/note") == "role ${var.name} here\n"


def test_template_escapes_and_interpolations():
    text = (
        "locals {\n"
        '  a = "x\\"y\\\\z\\n"\n'
        '  b = "arn:aws:s3:::b/$${aws:username}/*"\n'
        '  c = "%%{literal}"\n'
        '  d = "arn: ${data.aws_partition.current.partition}:iam"\n'
        '  e = "role-${var.name}"\n'
        '  f = "%{ if var.x }a%{ endif }"\n'
        '  g = ("é")\n'
        "}\n"
    )
    document = parse_hcl("t.tf", text)
    values = document.data["locals"][0]
    assert values["a"] == 'x"y\\z\n'
    assert values["b"] == "arn:aws:s3:::b/$${aws:username}/*"  # as written: the IAM variable stays recognisable
    assert values["c"] == "%%{literal}"
    assert values["d"] == "arn: aws:iam"  # the blank before the interpolation is kept
    assert values["e"] == Expression('"role-${var.name}"')
    assert values["f"] == Expression('"%{ if var.x }a%{ endif }"')
    assert values["g"] == "é"
    assert document.locate("/locals/0/a") == Span(2, 7, 2, 18)
    assert document.locate("/locals/0/g") == Span(8, 8, 8, 11)  # inside the parentheses
    assert document.locate_key("/locals/0/g") == Span(8, 3, 8, 4)


def test_columns_count_characters_not_bytes():
    text = 'locals {\n  name = "été" ; x = 1\n}\n' .replace(" ; ", "\n  ")
    document = parse_hcl("u.tf", text)
    assert document.locate("/locals/0/name") == Span(2, 10, 2, 15)
    text = 'locals {\n  x = { note = "été", list = ["a", "b"] }\n}\n'
    document = parse_hcl("u.tf", text)
    assert document.locate("/locals/0/x/list/1") == Span(2, 36, 2, 39)
    assert document.locate_key("/locals/0/x/list") == Span(2, 23, 2, 27)


def test_numbers_literals_and_computed_values():
    text = "locals {\n  n = 42\n  f = 1.5\n  t = true\n  z = null\n  neg = -1\n  c = var.a ? 1 : 2\n  s = x.*.y\n  sum = 60 * 10\n}\n"
    values = parse_hcl("n.tf", text).data["locals"][0]
    assert values == {
        "n": 42, "f": 1.5, "t": True, "z": None, "neg": Expression("-1"),
        "c": Expression("var.a ? 1 : 2"), "s": Expression("x.*.y"), "sum": Expression("60 * 10"),
    }


def test_comments_of_every_kind_are_located():
    text = "# one\nlocals {\n  a = 1 // two\n  /* three\n  # four */\n}\n"
    comments = [(c.line, c.col, c.text, c.end_col) for c in parse_hcl("c.tf", text).comments()]
    assert comments == [(1, 1, "one", 6), (3, 9, "two", 15), (4, 3, "three", 11), (5, 3, "four */", 12)]


def test_blocks_nest_by_labels_and_repeat_as_lists():
    text = (
        'data "aws_iam_policy_document" "d" {\n'
        "  statement {\n    actions = [\"s3:GetObject\"]\n  }\n"
        "  statement {\n    actions = concat([\"a:B\"], tolist([\"c:D\"]))\n  }\n"
        '  dynamic "statement" {\n    for_each = var.s\n    content {\n      actions = statement.value\n    }\n  }\n'
        "}\n"
    )
    document = parse_hcl("d.tf", text)
    body = document.data["data"]["aws_iam_policy_document"]["d"]
    assert [s["actions"] for s in body["statement"]] == [["s3:GetObject"], ["a:B", "c:D"]]
    assert body["dynamic"]["statement"]["content"][0]["actions"] == Expression("statement.value")
    at = "/data/aws_iam_policy_document/d/statement/1/actions/1"
    assert document.locate(at) == Span(6, 39, 6, 44)


# -- bounds ------------------------------------------------------------------------------------------


def test_nesting_at_the_bound_is_read_and_beyond_it_is_a_located_error():
    depth = 99  # with the block's brace: 100 levels
    document = parse_hcl("n.tf", "locals {\n  x = " + "[" * depth + "]" * depth + "\n}\n")
    value = document.data["locals"][0]["x"]
    for _ in range(depth - 1):
        value = value[0]
    assert value == []
    with pytest.raises(ParseError) as caught:
        parse_hcl("n.tf", "locals {\n  x = " + "[" * 5000 + "]" * 5000 + "\n}\n")
    assert (caught.value.message, caught.value.line, caught.value.col) == ("invalid HCL: nesting deeper than 100 levels", 2, 106)


def test_a_large_one_line_list_within_the_bound_is_read_and_located():
    count = 100_000
    text = "locals { x = [" + '"a",' * count + '"z"] }'
    started = time.process_time()
    document = parse(f"big.tf", text, "hcl")
    assert time.process_time() - started < 30
    values = document.data["locals"][0]["x"]
    assert len(values) == count + 1 and values[-1] == "z"
    assert document.locate(f"/locals/0/x/{count}") == Span(1, 15 + 4 * count, 1, 18 + 4 * count)


def test_a_list_beyond_the_bound_is_refused_at_once_with_a_located_problem(all_checks):
    text = "locals { x = [" + "1," * 2_400_000 + "1] }"  # 4.9 MB on one line
    started = time.process_time()
    with pytest.raises(ParseError) as caught:
        parse_hcl("big.tf", text)
    assert time.process_time() - started < 2
    assert caught.value.message == f"HCL file of about 2,400,003 tokens is more than the {MAX_TOKENS:,} scopelint parses: not judged"
    found = _findings(all_checks, text)
    assert found == [("invalid-document", 1, 1, caught.value.message)]


def test_a_parse_is_cut_off_at_its_time_budget(monkeypatch):
    import lint.formats.hcl as hcl

    monkeypatch.setattr(hcl, "PARSE_SECONDS", -1.0)
    with pytest.raises(ParseError) as caught:
        hcl._parse_hcl("slow.tf", "locals {\n" + '  a = "x"\n' * 5000 + "}\n")
    assert caught.value.message == "invalid HCL: not parsed within -1 s of CPU: not judged"
    monkeypatch.undo()
    assert hcl._parse_hcl("fast.tf", 'locals { a = "x" }\n').data == {"locals": [{"a": "x"}]}


def test_tree_sitter_is_imported_only_when_a_file_is_parsed():
    code = (
        "import sys\nimport lint.formats.hcl as hcl\nassert 'tree_sitter' not in sys.modules\n"
        "hcl.parse_hcl('a.tf', 'locals { a = 1 }')\nassert 'tree_sitter' in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_a_number_with_an_exponent_and_no_fraction_is_a_number():
    # the grammar reads `1e3` as `1` and a name `e3`; Terraform reads 1000
    text = (
        'locals {\n'
        '  big    = 1e3\n'
        '  small  = 25E-2\n'
        '  quoted = "bucket-1e3"\n'
        '  name   = foo-1e3\n'
        '}\n'
        'resource "aws_iam_policy" "p" {\n'
        '  policy = jsonencode({ Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*",\n'
        '    Condition = { NumericLessThan = { "aws:MultiFactorAuthAge" = 36e2 } } }] })\n'
        '}\n'
    )
    document = parse_hcl("m.tf", text)
    assert document.syntax_errors == []
    local = document.data["locals"]
    local = local[0] if isinstance(local, list) else local
    assert local["big"] == 1000.0 and local["small"] == 0.25 and local["quoted"] == "bucket-1e3"
    assert isinstance(local["name"], Expression) and str(local["name"]) == "foo-1e3"
    pointer = "/locals/0/big" if isinstance(document.data["locals"], list) else "/locals/big"
    assert document.locate(pointer) == Span(2, 12, 2, 15)
    condition = document.data["resource"]["aws_iam_policy"]["p"]["policy"]["Statement"][0]["Condition"]
    assert condition == {"NumericLessThan": {"aws:MultiFactorAuthAge": 3600.0}}
