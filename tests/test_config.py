"""Configuration discovery, keys, and errors that name the key (exit 2)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ADMIN = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'
TAG_WILDCARD = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "tag:*", "Resource": "*"}]}'


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".git").mkdir()
    (tmp_path / "p.json").write_text(ADMIN)
    (tmp_path / "q.json").write_text(TAG_WILDCARD)
    return tmp_path


def ids(result) -> set[str]:
    return {f["check_id"] for f in json.loads(result.stdout)["findings"]}


def test_pyproject_table_is_found_from_a_subfolder(cli, repo):
    (repo / "pyproject.toml").write_text('[tool.scopelint]\nignore = ["iam-admin-wildcard"]\n')
    sub = repo / "deep" / "er"
    sub.mkdir(parents=True)
    result = cli("check", "../..", "--format", "json", cwd=sub)
    assert ids(result) == {"iam-service-wildcard"}


@pytest.mark.parametrize("name", ["scopelint.toml", ".scopelint.toml"])
def test_dedicated_config_files(cli, repo, name):
    (repo / name).write_text('select = ["iam-admin-wildcard"]\n')
    assert ids(cli("check", "--format", "json", cwd=repo)) == {"iam-admin-wildcard"}


def test_discovery_stops_at_the_repository_root(cli, tmp_path):
    (tmp_path / "scopelint.toml").write_text('select = ["iam-admin-wildcard"]\n')
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "q.json").write_text(TAG_WILDCARD)
    assert ids(cli("check", "--format", "json", cwd=repo)) == {"iam-service-wildcard"}


def test_isolated_ignores_config(cli, repo):
    (repo / "scopelint.toml").write_text('select = ["iam-admin-wildcard"]\n')
    assert ids(cli("check", "--isolated", "--format", "json", cwd=repo)) == {"iam-admin-wildcard", "iam-service-wildcard"}


def test_explicit_config(cli, repo):
    (repo / "other.toml").write_text('ignore = ["iam"]\n')
    result = cli("check", "--config", "other.toml", cwd=repo)
    assert result.returncode == 0, result.stdout


def test_fail_on_and_severity_override(cli, repo):
    (repo / "scopelint.toml").write_text('fail-on = "critical"\n[severity]\niam-admin-wildcard = "high"\n')
    result = cli("check", "--format", "json", cwd=repo)
    assert result.returncode == 0
    severities = {f["check_id"]: f["severity"] for f in json.loads(result.stdout)["findings"]}
    assert severities["iam-admin-wildcard"] == "high"


def test_exclude_globs(cli, repo):
    (repo / "vendor").mkdir()
    (repo / "vendor" / "v.json").write_text(ADMIN)
    (repo / "scopelint.toml").write_text('exclude = ["vendor/", "q.json"]\n')
    paths = {f["path"] for f in json.loads(cli("check", "--format", "json", cwd=repo).stdout)["findings"]}
    assert paths == {"p.json"}


def test_per_path_ignores_for_json(cli, repo):
    (repo / "scopelint.toml").write_text('[per-path-ignores]\n"p.json" = ["iam-admin-wildcard"]\n')
    result = cli("check", "--format", "json", cwd=repo)
    report = json.loads(result.stdout)
    assert ids(result) == {"iam-service-wildcard"}
    assert [s["check_id"] for s in report["suppressed"]] == ["iam-admin-wildcard"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('selct = ["x"]\n', "`selct`: unknown key"),
        ('select = ["iam-admn-wildcard"]\n', "`select`: unknown check id or family `iam-admn-wildcard` (did you mean `iam-admin-wildcard`?)"),
        ('ignore = "iam"\n', "`ignore`: must be a list of strings"),
        ('fail-on = "severe"\n', "`fail-on`: unknown severity 'severe'"),
        ('[severity]\nnope = "high"\n', "`severity`: unknown check id `nope`"),
        ('[per-path-ignores]\n"a.json" = ["nope"]\n', "`per-path-ignores`: `a.json`: unknown check id `nope`"),
        ('[ai-identities]\nroles = ["x"]\n', "`ai-identities.roles`: unknown key"),
        ("select = [\n", "invalid TOML"),
    ],
)
def test_config_errors_name_the_key(cli, repo, content, message):
    (repo / "scopelint.toml").write_text(content)
    result = cli("check", cwd=repo)
    assert result.returncode == 2
    assert "scopelint.toml" in result.stderr
    assert message in result.stderr, result.stderr


def test_pyproject_errors_name_the_table(cli, repo):
    (repo / "pyproject.toml").write_text("[tool.scopelint]\nfail_on = 'high'\n")
    result = cli("check", cwd=repo)
    assert result.returncode == 2
    assert "pyproject.toml: [tool.scopelint] `fail_on`: unknown key" in result.stderr


def test_deploy_production_names_are_configurable(tmp_path):
    from lint.config import parse_config
    from lint.deploy.production import configure, is_production

    config = parse_config({"deploy": {"production": ["customer-*"]}}, tmp_path / "scopelint.toml")
    assert config.production == ["customer-*"]
    try:
        configure(config.production)
        assert is_production("Customer-EU") and is_production("prod-eu") and is_production("us_production")
        assert not is_production("staging") and not is_production("product-docs") and not is_production(None)
    finally:
        configure(())


def test_deploy_table_rejects_unknown_keys(tmp_path):
    import pytest

    from lint.config import ConfigError, parse_config

    with pytest.raises(ConfigError, match="deploy.prod"):
        parse_config({"deploy": {"prod": ["x"]}}, tmp_path / "scopelint.toml")
