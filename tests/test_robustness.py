"""Bad input gets a clear finding or error, and never hides the findings of other files."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ADMIN = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'
BOMB = "\n".join(
    [
        'Statement: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
        "b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]",
        "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]",
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]",
        "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]",
        "f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]",
        "g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]",
        "h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]",
        "",
    ]
)

BAD_INPUTS = {
    "malformed.json": ('{"Version": "2012-10-17", "Statement": [\n  {"Effect": "Allow",\n}', "malformed.json:3:1: MEDIUM invalid-document invalid JSON"),
    "malformed.yaml": ("Statement:\n  - Effect: Allow\n   Action: s3:*\n", "malformed.yaml:3:4: MEDIUM invalid-document invalid YAML"),
    "latin1.json": ('{"Statement": [], "Sid": "caf\xe9"}'.encode("latin-1"), "latin1.json:1:30: MEDIUM invalid-document file is not valid UTF-8 (byte 0xe9)"),
    "deep.json": ('{"Statement": ' + "[" * 100_000 + "]" * 100_000 + "}", "deep.json:1:514: MEDIUM invalid-document invalid JSON: nesting deeper than 500 levels"),
    "deep.yaml": ("Statement: " + "[" * 100_000 + "]" * 100_000 + "\n", "deep.yaml:1:512: MEDIUM invalid-document invalid YAML: nesting deeper than 500 levels"),
    "bomb.yaml": (BOMB, "bomb.yaml:"),
    "shape.json": ('{"Statement": 42}', "shape.json:1:15: MEDIUM invalid-document `Statement` must be an object or a list of objects, not a number"),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_file_reported_and_other_findings_survive(cli, tmp_path: Path, name: str):
    content, expected = BAD_INPUTS[name]
    target = tmp_path / name
    target.write_bytes(content if isinstance(content, bytes) else content.encode())
    (tmp_path / "zz-admin.json").write_text(ADMIN)
    result = cli("check", "--quiet", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    lines = result.stdout.splitlines()
    assert any(line.startswith(expected) for line in lines), lines
    assert any(line.startswith("zz-admin.json:1:41: CRITICAL iam-admin-wildcard") for line in lines), lines
    if name == "bomb.yaml":
        assert "alias bomb" in result.stdout


def test_empty_files_are_quiet(cli, tmp_path: Path):
    (tmp_path / "empty.json").write_text("")
    (tmp_path / "empty.yaml").write_text("")
    result = cli("check", cwd=tmp_path)
    assert result.returncode == 0, result.stdout


def test_empty_known_config_is_reported(cli, tmp_path: Path):
    (tmp_path / ".claude").mkdir()
    (tmp_path / ".claude" / "settings.json").write_text("")
    result = cli("check", "--quiet", cwd=tmp_path)
    assert result.stdout.startswith(".claude/settings.json:1:1: MEDIUM invalid-document invalid JSON: Expecting value")


def test_unrelated_malformed_json_is_not_reported(cli, tmp_path: Path):
    # tsconfig-style JSON with comments is not scopelint's business
    (tmp_path / "tsconfig.json").write_text('{\n  // comment\n  "compilerOptions": {},\n}\n')
    assert cli("check", cwd=tmp_path).returncode == 0


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_unreadable_known_file(cli, tmp_path: Path):
    settings = tmp_path / ".claude" / "settings.json"
    settings.parent.mkdir()
    settings.write_text("{}")
    settings.chmod(0)
    result = cli("check", "--quiet", cwd=tmp_path)
    assert "invalid-document cannot read file" in result.stdout


def test_symlink_loop_does_not_hang(cli, tmp_path: Path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "loop").symlink_to(tmp_path / "a", target_is_directory=True)
    (tmp_path / "a" / "p.json").write_text(ADMIN)
    result = cli("check", "--quiet", cwd=tmp_path)
    assert result.stdout.count("iam-admin-wildcard") == 1


def test_oversized_file_is_skipped_and_counted(cli, tmp_path: Path):
    big = tmp_path / "big.json"
    big.write_text('{"Statement": [], "pad": "' + "x" * (6 * 1024 * 1024) + '"}')
    result = cli("check", cwd=tmp_path)
    assert result.returncode == 0
    assert "1 unreadable file skipped" in result.stdout


def test_failing_check_is_isolated(tmp_path: Path):
    """A check that raises is reported with its id and the file; other checks still report."""
    from collections.abc import Iterator

    from lint import Check, Invalid, Valid, Violation
    from lint.registry import load_checks
    from lint.runner import Engine
    from lint.subjects.iam import PolicyDocument

    class Exploding(Check):
        id = "exploding"
        name = "explodes"
        subject = PolicyDocument
        valid = [Valid("{}")]
        invalid = [Invalid("{}", expect=["/"])]

        def check(self, policy: PolicyDocument) -> Iterator[Violation]:
            raise ValueError("boom")

    engine = Engine([*load_checks(), Exploding])
    outcome = engine.lint_text("p.json", ADMIN)
    assert [e.message for e in outcome.errors] == ["check `exploding` failed on p.json: ValueError: boom"]
    assert [f.check_id for f in outcome.findings] == ["iam-admin-wildcard"]


def test_missing_config_exits_2(cli, tmp_path: Path):
    (tmp_path / "p.json").write_text(ADMIN)
    result = cli("check", "--config", "missing.toml", cwd=tmp_path)
    assert result.returncode == 2
    assert "missing.toml: no such configuration file" in result.stderr


def test_broken_symlink_at_known_location(cli, tmp_path: Path):
    (tmp_path / ".claude").mkdir()
    (tmp_path / ".claude" / "settings.json").symlink_to(tmp_path / "gone.json")
    (tmp_path / "p.json").write_text(ADMIN)
    result = cli("check", "--quiet", cwd=tmp_path)
    lines = result.stdout.splitlines()
    assert lines[0] == ".claude/settings.json:1:1: MEDIUM invalid-document cannot read file: No such file or directory"
    assert lines[1].startswith("p.json:1:41: CRITICAL iam-admin-wildcard")
