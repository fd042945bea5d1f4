"""Custom checks: local folders of YAML rules and Python modules, plugin packages, `scopelint test`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pytest

from tests.conftest import ROOT

DOCS_RULES = ROOT / "docs" / "examples" / "rules"
PLUGIN = ROOT / "docs" / "examples" / "plugin"
AGENT_POLICY = '{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow", "Action": ["rds:DeleteDBCluster"], "Resource": "*"}\n  ]\n}\n'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "agents").mkdir()
    (tmp_path / "agents" / "ops.json").write_text(AGENT_POLICY)
    (tmp_path / "scopelint.toml").write_text(
        f'checks-dir = ["{DOCS_RULES.as_posix()}"]\n[ai-identities]\npaths = ["agents/**"]\n'
    )
    return tmp_path


def test_checks_dir_of_a_discovered_config_needs_trust(cli, repo):
    result = cli("check", "--select", "ai-datastore-delete", cwd=repo)
    assert result.returncode == 2 and "unknown check id or family `ai-datastore-delete`" in result.stderr
    assert "`checks-dir` ignored" in result.stderr and "--trust-config" in result.stderr


def test_yaml_rule_finds_with_exact_location_in_text(cli, repo):
    result = cli("check", "--trust-config", "--select", "ai-datastore-delete", cwd=repo)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines()[0] == (
        "agents/ops.json:4:36: CRITICAL ai-datastore-delete AI identity "
        "(`its file matches `ai-identities.paths` entry `agents/**``) may delete data: `rds:DeleteDBCluster` (team rule DS-1)"
    )


def test_yaml_rule_in_sarif_like_a_builtin(cli, repo):
    sarif = json.loads(cli("check", "--trust-config", "--format", "sarif", cwd=repo).stdout)
    run = sarif["runs"][0]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert "ai-datastore-delete" in rules and "iam-admin-wildcard" in rules
    [result] = [r for r in run["results"] if r["ruleId"] == "ai-datastore-delete"]
    assert result["ruleIndex"] == rules.index("ai-datastore-delete")
    region = result["locations"][0]["physicalLocation"]["region"]
    assert (region["startLine"], region["startColumn"], region["endColumn"]) == (4, 36, 57)
    rule = run["tool"]["driver"]["rules"][result["ruleIndex"]]
    assert "## Remediation" in rule["help"]["markdown"]
    assert rule["properties"]["security-severity"] == "9.5"


def test_rules_and_explain_include_custom_checks(cli, repo):
    listed = json.loads(cli("rules", "--trust-config", "--format", "json", cwd=repo).stdout)
    [row] = [r for r in listed if r["id"] == "ai-datastore-delete"]
    assert row["origin"].startswith("local:") and row["severity"] == "critical"
    explained = cli("explain", "--trust-config", "ai-datastore-delete", cwd=repo).stdout
    assert "## Why is this bad?" in explained and "RDS or DynamoDB" in explained


def test_scopelint_test_runs_custom_examples(cli, tmp_path):
    result = cli("test", str(DOCS_RULES), str(PLUGIN / "src" / "acme_scopelint" / "checks.py"), cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "PASS ai-datastore-delete:invalid[1]" in result.stdout
    assert "PASS acme-unapproved-mcp-server:valid[0]" in result.stdout
    assert result.stdout.splitlines()[-1] == "7 passed, 0 failed"


def test_scopelint_test_reports_a_failing_example(cli, tmp_path):
    rule = (DOCS_RULES / "ai-datastore-delete.yaml").read_text().replace('expect: ["/Statement/0/Action/1"]', 'expect: ["/Statement/0/Action/0"]')
    (tmp_path / "rule.yaml").write_text(rule)
    result = cli("test", "rule.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert "FAIL ai-datastore-delete:invalid[0]: expected findings at ['/Statement/0/Action/0'], got ['/Statement/0/Action/1']" in result.stdout


def test_scopelint_test_without_paths_runs_builtins(cli, tmp_path, all_checks):
    result = cli("test", "-q", cwd=tmp_path)
    assert result.returncode == 0
    total = sum(len(c.valid) + len(c.invalid) for c in all_checks)
    assert result.stdout.strip() == f"{total} passed, 0 failed"


GOOD_RULE = (DOCS_RULES / "ai-datastore-delete.yaml").read_text()
GOOD_CHECK = (PLUGIN / "src" / "acme_scopelint" / "checks.py").read_text()

BROKEN = {
    "bad-yaml.yaml": ("rules:\n  - id: x\n   name: y\n", "bad-yaml.yaml:3:4: invalid YAML"),
    "schema.yaml": (GOOD_RULE.replace("severity: critical", "severity: severe"), "schema.yaml:6:15: `/rules/0/severity` must be one of"),
    "missing-key.yaml": (GOOD_RULE.replace("    rationale: >", "    why: >"), "missing-key.yaml:4:5: `/rules/0` missing required key `rationale`"),
    "unknown-field.yaml": (GOOD_RULE.replace("effect: {equals: Allow}", "efect: {equals: Allow}"), "unknown-field.yaml:28:7: rule `ai-datastore-delete`: subject `iam-statement` has no field `efect`"),
    "placeholder.yaml": (GOOD_RULE.replace("{matched}", "{actions}"), "placeholder.yaml:9:14: rule `ai-datastore-delete`: unknown placeholder `{actions}`"),
    "no-examples.yaml": (GOOD_RULE.replace("      valid:", "      good:"), "no-examples.yaml:"),
    "raising.py": ("from lint import Check\n\nraise RuntimeError('no network here')\n", "raising.py:3: cannot import: RuntimeError: no network here"),
    "syntax.py": ("def broken(:\n    pass\n", "syntax.py:1: cannot import: SyntaxError"),
    "no-examples.py": (GOOD_CHECK.replace("    valid = [", "    _valid = [").replace("    invalid = [", "    _invalid = ["), "no-examples.py:13: check `acme-unapproved-mcp-server`: no `valid` examples; no `invalid` examples"),
    "no-docs.py": (GOOD_CHECK.replace("    ## Remediation", "    ## Fix"), "no-docs.py:13: check `acme-unapproved-mcp-server`: docstring lacks `## Remediation`"),
    "no-checks.py": ("X = 1\n", "no-checks.py:1: defines no check"),
}


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_custom_checks_fail_loudly(cli, tmp_path, name):
    content, message = BROKEN[name]
    folder = tmp_path / "checks"
    folder.mkdir()
    (folder / name).write_text(content)
    (tmp_path / "p.json").write_text(AGENT_POLICY)
    result = cli("check", "--checks-dir", "checks", cwd=tmp_path)
    assert result.returncode == 2, result.stdout
    assert message in result.stderr, result.stderr
    assert str(folder / name) in result.stderr or f"checks/{name}" in result.stderr


def test_duplicate_ids_are_load_errors(cli, tmp_path):
    folder = tmp_path / "checks"
    folder.mkdir()
    (folder / "a.yaml").write_text(GOOD_RULE)
    (folder / "b.yaml").write_text(GOOD_RULE)
    result = cli("check", "--checks-dir", "checks", cwd=tmp_path)
    assert result.returncode == 2
    assert "b.yaml:4: duplicate check id `ai-datastore-delete` (already defined at" in result.stderr
    assert "a.yaml:4)" in result.stderr


def test_custom_id_may_not_shadow_a_builtin(cli, tmp_path):
    folder = tmp_path / "checks"
    folder.mkdir()
    (folder / "shadow.yaml").write_text(GOOD_RULE.replace("id: ai-datastore-delete", "id: iam-admin-wildcard"))
    result = cli("check", "--checks-dir", "checks", cwd=tmp_path)
    assert result.returncode == 2
    assert "duplicate check id `iam-admin-wildcard`" in result.stderr


def test_missing_checks_dir(cli, tmp_path):
    result = cli("check", "--checks-dir", "nowhere", cwd=tmp_path)
    assert result.returncode == 2
    assert "nowhere: checks folder does not exist" in result.stderr


def test_local_python_check_does_not_touch_sys_path(tmp_path):
    from lint.registry import load_local

    module = tmp_path / "team.py"
    module.write_text(GOOD_CHECK)
    before = list(sys.path)
    [loaded] = load_local(module)
    assert sys.path == before
    assert loaded.check.id == "acme-unapproved-mcp-server"
    assert loaded.check.__module__.startswith("lint._local.team_")


@pytest.mark.slow
def test_plugin_package_end_to_end_in_a_fresh_virtualenv(tmp_path):
    """Install scopelint and the documented plugin into a new venv; the plugin's check runs like a built-in."""
    env_dir = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True, system_site_packages=True).create(env_dir)
    python = env_dir / "bin" / "python"
    source = tmp_path / "scopelint-src"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", "build", ".pytest_cache"))
    plugin = tmp_path / "plugin"
    shutil.copytree(PLUGIN, plugin, ignore=shutil.ignore_patterns("*.egg-info", "build", "__pycache__"))
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--no-deps", str(source), str(plugin)],
        capture_output=True, text=True, timeout=600,
    )
    assert install.returncode == 0, install.stderr
    project = tmp_path / "project"
    (project / ".claude").mkdir(parents=True)
    (project / ".git").mkdir()
    (project / ".claude" / "settings.json").write_text(
        textwrap.dedent(
            """\
            {
              "permissions": {
                "allow": ["mcp__github__get_issue", "mcp__random-db__execute_sql"]
              }
            }
            """
        )
    )
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH",)}
    scopelint = env_dir / "bin" / "scopelint"
    result = subprocess.run([str(scopelint), "check", "--quiet"], cwd=project, capture_output=True, text=True, env=environment)
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        ".claude/settings.json:3:41: HIGH acme-unapproved-mcp-server allow rule `mcp__random-db__execute_sql` "
        "auto-approves tools of MCP server `random-db`, which is not on ACME's approved list"
    ]
    sarif = json.loads(
        subprocess.run([str(scopelint), "check", "--format", "sarif"], cwd=project, capture_output=True, text=True, env=environment).stdout
    )
    rules = {r["id"] for r in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert "acme-unapproved-mcp-server" in rules
    listed = subprocess.run([str(scopelint), "rules", "--format", "json"], cwd=project, capture_output=True, text=True, env=environment)
    origins = {r["id"]: r["origin"] for r in json.loads(listed.stdout)}
    assert origins["acme-unapproved-mcp-server"] == "acme" and origins["iam-admin-wildcard"] == "scopelint"
