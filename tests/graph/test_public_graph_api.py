"""A team's own repository check, as docs/custom-checks.md shows it, run as a user runs it."""

from __future__ import annotations

from tests.conftest import ROOT

EXAMPLE = ROOT / "docs" / "examples" / "graph"


def test_documented_repository_check_examples_pass(cli, tmp_path):
    done = cli("test", str(EXAMPLE), cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "acme-agent-on-production-role" in done.stdout


def test_documented_repository_check_finds_the_path(cli, tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".kiro" / "settings").mkdir(parents=True)
    (tmp_path / ".aws").mkdir()
    (tmp_path / ".kiro" / "settings" / "mcp.json").write_text(
        '{"mcpServers": {"aws": {"command": "uvx", "args": ["awslabs.aws-api-mcp-server==1.2.0"],\n'
        '  "env": {"AWS_API_MCP_PROFILE_NAME": "live"}, "autoApprove": ["call_aws"]}}}\n'
    )
    (tmp_path / ".aws" / "config").write_text("[profile live]\nrole_arn = arn:aws:iam::444455556666:role/prod-operator\n")
    done = cli("check", "--checks-dir", str(EXAMPLE), "--select", "acme-agent-on-production-role", ".", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert ".kiro/settings/mcp.json:2:64: HIGH acme-agent-on-production-role Kiro MCP server `aws` reaches production role `prod-operator`" in done.stdout
    assert ".aws/config:2:1: profile `live` assumes" in done.stdout


def test_graph_names_are_public():
    import lint

    for name in ("Graph", "RepositoryCheck", "unprompted_paths", "resolve", "AgentPath"):
        assert name in lint.__all__ and getattr(lint, name)
