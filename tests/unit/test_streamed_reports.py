"""The JSON and SARIF writers stream their text; the JSON report keeps no file texts it never shows."""

from __future__ import annotations

import json

from lint.cli import main
from lint.registry import load_checks
from lint.report.json import StreamedList, encode_chunks, json_chunks, render_json
from lint.report.sarif import render_sarif, sarif_chunks
from lint.runner import Engine

POLICY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}\n'


def test_a_streamed_list_encodes_as_the_list_it_stands_for():
    value = {"a": StreamedList(3, lambda: iter([1, {"b": "é"}, []])), "e": StreamedList(0, lambda: iter(()))}
    plain = {"a": [1, {"b": "é"}, []], "e": []}
    assert "".join(encode_chunks(value)) == json.dumps(plain, indent=2, ensure_ascii=False) + "\n"


def test_large_values_come_in_pieces_of_about_64_kb():
    pieces = list(encode_chunks(["x" * 1000] * 500))
    assert len(pieces) > 5 and all(len(p) < 70000 for p in pieces)
    assert "".join(pieces) == json.dumps(["x" * 1000] * 500, indent=2) + "\n"


def _run(tmp_path, texts: bool):
    (tmp_path / "admin.json").write_text(POLICY)
    (tmp_path / "quiet.json").write_text(POLICY.replace('"*", "Resource"', '"s3:GetObject", "Resource"'))
    checks = load_checks()
    engine = Engine(checks)
    engine.keep_texts = texts
    return checks, engine.run_paths([tmp_path], tmp_path)


def test_reports_in_pieces_equal_the_whole_reports(tmp_path):
    checks, (result, sources) = _run(tmp_path, True)
    assert result.findings
    assert "".join(json_chunks(result, checks, sources)) == render_json(result, checks, sources)
    assert "".join(sarif_chunks(result, checks, sources)) == render_sarif(result, checks, sources)
    json.loads(render_sarif(result, checks, sources))


def test_without_source_lines_texts_are_not_kept(tmp_path):
    _, (_, kept) = _run(tmp_path, True)
    _, (_, dropped) = _run(tmp_path, False)
    assert kept["admin.json"] == POLICY
    assert dropped["admin.json"] == ""  # no inline ignore a repository finding could need


def test_output_file_and_stdout_get_the_same_report(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "admin.json").write_text(POLICY)
    for fmt in ("json", "sarif"):
        main(["check", "--isolated", "--exit-zero", "--format", fmt, "admin.json"])
        printed = capsys.readouterr().out
        main(["check", "--isolated", "--exit-zero", "--format", fmt, "--output", str(tmp_path / f"r.{fmt}"), "admin.json"])
        assert (tmp_path / f"r.{fmt}").read_text(encoding="utf-8") == printed
        assert json.loads(printed)
