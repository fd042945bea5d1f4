"""The pre-commit hook: `main()` in-process, the manifest, the package layout, and a real `pre-commit try-repo`."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pre_commit_hooks.scopelint_hook import main

ROOT = Path(__file__).resolve().parent.parent

ADMIN_POLICY = """\
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}
"""
CLEAN_POLICY = """\
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::reports-bucket/*"
    }
  ]
}
"""
BYPASS_SETTINGS = json.dumps(
    {"permissions": {"defaultMode": "bypassPermissions", "allow": ["Bash(npm test)"]}}, indent=2
)
CLEAN_SETTINGS = json.dumps(
    {"permissions": {"defaultMode": "default", "allow": ["Bash(npm test)"], "disableBypassPermissionsMode": "disable"}},
    indent=2,
)
FINDING_LINE = re.compile(r"^(?P<path>\S+):(?P<line>\d+):(?P<col>\d+): (?P<severity>[A-Z]+) (?P<id>[a-z0-9-]+) \S")


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty repository as cwd, so no configuration from elsewhere is picked up."""
    (tmp_path / ".git").mkdir()  # configuration discovery stops at the repository root
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


# --- (a) main() in-process -------------------------------------------------------------------


def test_clean_policy_passes_silently(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "policy.json").write_text(CLEAN_POLICY)
    assert main(["policy.json"]) == 0
    out, err = capsys.readouterr()
    assert (out, err) == ("", "")


def test_admin_policy_fails_with_one_terse_line(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "policies").mkdir()
    (project / "policies" / "admin.json").write_text(ADMIN_POLICY)
    (project / "policy.json").write_text(CLEAN_POLICY)
    assert main(["policy.json", "policies/admin.json"]) == 1
    out, err = capsys.readouterr()
    assert err == ""
    lines = out.splitlines()
    assert lines, "expected a finding"
    admin = [m for m in map(FINDING_LINE.match, lines) if m and m["id"] == "iam-admin-wildcard"]
    assert len(admin) == 1, out
    assert admin[0]["path"] == "policies/admin.json"
    assert (admin[0]["line"], admin[0]["col"]) == ("4", "5")  # the statement's opening brace
    assert admin[0]["severity"] == "CRITICAL"
    # terse: every line is a finding headline, no summary, no source frame, no colour
    assert all(FINDING_LINE.match(line) for line in lines), out
    assert "scanned" not in out and "\033[" not in out


def test_no_filenames_returns_0_without_scanning(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "admin.json").write_text(ADMIN_POLICY)  # would fail if the hook scanned `.`
    assert main([]) == 0
    assert capsys.readouterr() == ("", "")


def test_fail_on_is_passed_through(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / ".claude").mkdir()
    (project / ".claude" / "settings.json").write_text(BYPASS_SETTINGS)
    assert main([".claude/settings.json"]) == 1
    assert "agent-permission-bypass-mode" in capsys.readouterr().out
    assert main(["--fail-on", "critical", ".claude/settings.json"]) == 0
    assert "agent-permission-bypass-mode" in capsys.readouterr().out  # still reported, no longer failing


def test_select_and_ignore_are_passed_through(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "admin.json").write_text(ADMIN_POLICY)
    assert main(["--ignore", "iam-admin-wildcard", "admin.json"]) in (0, 1)
    assert "iam-admin-wildcard" not in capsys.readouterr().out
    assert main(["--select", "iam-admin-wildcard", "admin.json"]) == 1
    out = capsys.readouterr().out
    assert {m["id"] for m in map(FINDING_LINE.match, out.splitlines()) if m} == {"iam-admin-wildcard"}


def test_unknown_check_id_is_a_usage_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "admin.json").write_text(ADMIN_POLICY)
    assert main(["--select", "no-such-check", "admin.json"]) == 2
    assert "no-such-check" in capsys.readouterr().err


def test_no_frames_even_on_a_terminal(project: Path, capsys: pytest.CaptureFixture[str], monkeypatch) -> None:
    """pre-commit runs hooks on a pty when it colours output: the hook must stay one line per finding."""
    (project / "admin.json").write_text(ADMIN_POLICY)
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["admin.json"]) == 1
    out = capsys.readouterr().out
    assert out and all(FINDING_LINE.match(line) for line in out.splitlines()), out


# --- (b) the manifest ------------------------------------------------------------------------


def test_manifest_is_valid() -> None:
    from pre_commit.clientlib import load_manifest

    hooks = load_manifest(str(ROOT / ".pre-commit-hooks.yaml"))
    assert [h["id"] for h in hooks] == ["scopelint"]
    (hook,) = hooks
    assert hook["entry"] == "scopelint-hook"
    assert hook["language"] == "python"
    assert hook["types_or"] == ["json", "yaml", "toml", "terraform", "python", "shell", "makefile", "markdown"]
    assert hook["require_serial"] is True
    assert hook["pass_filenames"] is True
    assert hook["stages"] == ["pre-commit", "pre-push", "manual"]
    assert hook["minimum_pre_commit_version"] == "3.2.0"


def test_manifest_entry_is_a_console_script() -> None:
    import tomllib

    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["scripts"]
    assert scripts["scopelint-hook"] == "pre_commit_hooks.scopelint_hook:main"


# --- (c) namespace package -------------------------------------------------------------------


def test_pre_commit_hooks_is_a_namespace_package() -> None:
    """No `__init__.py`: pre-commit/pre-commit-hooks ships the same top-level package."""
    folder = ROOT / "pre_commit_hooks"
    assert not (folder / "__init__.py").exists()
    assert all(p.name.startswith("scopelint_") for p in folder.glob("*.py"))
    import pre_commit_hooks

    assert getattr(pre_commit_hooks, "__file__", None) is None  # namespace packages have no file


# --- (d) a real `pre-commit try-repo` --------------------------------------------------------

_COPY_IGNORE = shutil.ignore_patterns(
    ".git",
    "__pycache__",
    "*.py[cod]",
    ".pytest_cache",
    ".ruff_cache",
    ".mypy_cache",
    ".benchmarks",
    ".venv",
    "venv",
    "build",
    "dist",
    "*.egg-info",
    ".results",
)


def _clean_env(**extra: str) -> dict[str, str]:
    # GIT_DIR & co. (set when the suite runs inside a git hook) would point git at the wrong repository
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT")) and k != "NO_COLOR"}
    env.update(
        GIT_AUTHOR_NAME="scopelint tests",
        GIT_AUTHOR_EMAIL="tests@example.invalid",
        GIT_COMMITTER_NAME="scopelint tests",
        GIT_COMMITTER_EMAIL="tests@example.invalid",
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,  # no user hooksPath, signing or templates
        PIP_DISABLE_PIP_VERSION_CHECK="1",
        PIP_NO_INPUT="1",
        **extra,
    )
    return env


def _git_repo(path: Path, env: dict[str, str]) -> Path:
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", *args],
            cwd=path,
            env=env,
            check=True,
            capture_output=True,
            timeout=120,
        )

    git("init", "-q")
    git("add", "-A")
    git("commit", "-q", "--no-verify", "-m", "initial")
    return path


def _offline_reason() -> str | None:
    """Why PyPI cannot be reached (pre-commit builds the hook's environment with pip), or None."""
    import socket

    try:
        socket.create_connection(("pypi.org", 443), timeout=5).close()
    except OSError as exc:
        return f"needs the network: pre-commit installs the hook's environment from PyPI ({exc})"
    return None


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A committed copy of this working tree (try-repo clones, so it sees only committed files)."""
    reason = _offline_reason()
    if reason:
        pytest.skip(reason)
    base = tmp_path_factory.mktemp("hook-repo")
    env = _clean_env(PRE_COMMIT_HOME=str(base / "pre-commit-home"))
    copy = base / "scopelint"
    shutil.copytree(ROOT, copy, ignore=_COPY_IGNORE, symlinks=True)
    return _git_repo(copy, env), env


def _try_repo(repo: Path, hook_repo: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "scopelint", "--all-files", "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


@pytest.mark.slow
def test_try_repo_fails_on_findings_and_passes_when_clean(tmp_path: Path, hook_repo) -> None:
    source, env = hook_repo

    bad = tmp_path / "bad"
    (bad / "policies").mkdir(parents=True)
    (bad / "policies" / "admin.json").write_text(ADMIN_POLICY)
    (bad / ".claude").mkdir()
    (bad / ".claude" / "settings.json").write_text(BYPASS_SETTINGS)
    (bad / "README.md").write_text("not linted\n")
    _git_repo(bad, env)
    result = _try_repo(bad, source, env)
    output = result.stdout + result.stderr
    assert result.returncode == 1, output
    assert re.search(r"^policies/admin\.json:4:5: CRITICAL iam-admin-wildcard ", output, re.M), output
    assert re.search(r"^\.claude/settings\.json:\d+:\d+: HIGH agent-permission-bypass-mode ", output, re.M), output

    clean = tmp_path / "clean"
    (clean / "policies").mkdir(parents=True)
    (clean / "policies" / "reports.json").write_text(CLEAN_POLICY)
    (clean / ".claude").mkdir()
    (clean / ".claude" / "settings.json").write_text(CLEAN_SETTINGS)
    _git_repo(clean, env)
    result = _try_repo(clean, source, env)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert re.search(r"^scopelint\.+Passed$", output, re.M), output
