"""Start-up does only what a run needs: checks come from a saved index, readers from their recognisers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lint import Check, Invalid, Valid
from lint.check_index import CheckInfo, read_index
from lint.registry import check_problems, load_check_infos, load_checks
from lint.runner import Engine
from lint.subjects import default_extractors
from lint.subjects.agent import AgentConfig
from lint.subjects.base import Extractor
from lint.subjects.iam import PolicyDocument
from lint.subjects.recognizers import Deferred

POLICY = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}'


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "scopelint"


def _fields(info: CheckInfo) -> tuple:
    return (info.id, info.name, info.tags, info.severity, info.confidence, info.subject, info.repository,
            info.module, info.qualname, info.origin)


def test_index_written_once_then_read_with_the_classes_metadata(cache):
    eager = [CheckInfo.of(c) for c in load_checks()]
    first = load_check_infos()  # no index yet: everything imported, the index saved
    assert [_fields(i) for i in first] == [_fields(i) for i in eager]
    assert len(list(cache.glob("checks-index-*.json"))) == 1
    indexed = read_index()
    assert indexed is not None
    assert [_fields(i) for i in indexed] == [_fields(i) for i in eager]
    assert all(i.cls is None for i in indexed)  # nothing imported yet
    admin = next(i for i in indexed if i.id == "iam-admin-wildcard")
    assert admin.load().id == "iam-admin-wildcard" and admin.load().origin == "scopelint"


def test_index_of_another_installation_or_edited_files_is_not_used(cache):
    load_check_infos()
    index = next(cache.glob("checks-index-*.json"))
    data = json.loads(index.read_text())
    data["files"][0][2] += 1  # one file's modification time differs: an edited copy
    index.write_text(json.dumps(data))
    assert read_index() is None
    infos = load_check_infos()  # falls back to importing everything, and saves a current index
    assert {i.id for i in infos} == {c.id for c in load_checks()}
    assert read_index() is not None


def test_unwritable_cache_folder_changes_nothing(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert {i.id for i in load_check_infos()} == {c.id for c in load_checks()}
    assert read_index() is None


def test_engine_runs_indexed_checks_and_imports_them_when_met(cache):
    load_check_infos()
    infos = read_index()
    engine = Engine(infos)
    outcome = engine.lint_text("policy.json", POLICY)
    assert [f.check_id for f in outcome.findings] == ["iam-admin-wildcard"]
    made = set(engine._instances)
    assert "iam-admin-wildcard" in made
    assert not any(i.startswith(("agent-", "deploy-", "ai-")) for i in made)


def test_one_policy_imports_no_agent_or_deploy_reader(tmp_path, cache):
    (tmp_path / "policy.json").write_text(POLICY)
    program = (
        "import sys\n"
        "from lint.cli import main\n"
        "main(['check', '--isolated', '--exit-zero', '-q', 'policy.json'])\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('lint', 'checks')))))\n"
    )
    env = {"XDG_CACHE_HOME": str(cache.parent), "PATH": ""}
    for _ in range(2):  # the first run writes the index, the second reads it
        run = subprocess.run([sys.executable, "-c", program], cwd=tmp_path, capture_output=True, text=True, env=env, check=True)
    modules = set(run.stdout.split("\n")[-2].split())
    assert "checks.iam.iam_admin_wildcard" in modules and "lint.subjects.iam" in modules
    unwanted = {m for m in modules if m.startswith(("checks.agent.", "checks.deploy.", "checks.graph.", "lint.subjects.agent",
                                                      "lint.subjects.deploy", "lint.subjects.manifests", "lint.graph.facts"))}
    assert not unwanted


def test_every_deferred_reader_inherits_its_recogniser():
    extractors = default_extractors()
    names = [e.name for e in extractors]
    assert len(names) == len(set(names))
    for extractor in extractors:
        if isinstance(extractor, Deferred):
            reader = extractor.reader()
            assert isinstance(reader, type(extractor.recognizer)) and isinstance(reader, Extractor)
            assert reader.name == extractor.name and reader.formats == extractor.formats
        else:
            assert isinstance(extractor, Extractor)


def test_readers_keep_their_order():
    # known locations first, content-sniffed after: the order decides which reader a file meets first
    assert [e.name for e in default_extractors()] == [
        "claude-code-settings", "mcp-client", "cli-agent", "codex", "codex-rules", "gemini-settings",
        "workspace-settings", "kiro-hooks", "kiro-ide-agent", "agent-invocations", "serverless", "terraform",
        "iam-policy", "cloudformation", "terraform-plan", "cdk", "aws-config", "bedrock-agentcore",
        "github-workflows", "gitlab-ci", "github-settings-app", "terraform-approval-gates",
        "atlantis", "terraform-deploy", "codepipeline", "kubernetes-deploy",
        "agent-plugins", "bedrock-agent-terraform", "bedrock-agent-cloudformation", "openapi-agent-tools",
        "mcp-packages", "mcp-python-tools", "mcp-script-tools", "cdk-bedrock-agents", "agent-code",
    ]


class _Both(Check):
    """Flags either kind.

    ## What it does
    Test.

    ## Why is this bad?
    Test.

    ## Example
    Test.

    ## Remediation
    Test.

    ## References
    Test.
    """

    id = "test-both-kinds"
    name = "Both kinds"
    subject = (PolicyDocument, AgentConfig)
    valid = [Valid("{}")]
    invalid = [Invalid("{}", expect=["1:1"])]

    def check(self, subject):
        return iter(())


def test_a_check_may_judge_several_subject_kinds():
    assert check_problems(_Both) == []
    info = CheckInfo.of(_Both)
    assert info.subject == ("lint.subjects.iam:PolicyDocument", "lint.subjects.agent:AgentConfig")

    class Wrong(_Both):
        id = "test-wrong-kinds"
        subject = (PolicyDocument, str)

    assert any("`subject`" in p for p in check_problems(Wrong))


def test_claim_filter_passes_every_claimed_path():
    from lint.subjects.recognizers import claim_filter

    extractors = default_extractors()
    pattern = claim_filter(extractors)
    assert pattern is not None
    root = Path(__file__).resolve().parent.parent
    paths = [p.relative_to(root).as_posix() for base in ("tests", "examples", "docs") for p in (root / base).rglob("*") if p.is_file()]
    paths += [
        ".claude/settings.local.json", "a/.mcp.json", ".kiro/settings/mcp.json", ".vscode/mcp.json", ".vscode/settings.json",
        "claude_desktop_config.json", ".amazonq/cli-agents/ops.json", ".codex/config.toml", ".codex/rules/x.rules",
        ".gemini/settings.json", ".kiro/hooks/a.kiro.hook", ".kiro/agents/a.md", ".github/workflows/ci.yml", "deploy.sh",
        "Makefile", "svc/serverless.yml", "main.tf", ".aws/config", "aws/credentials", ".bedrock_agentcore.yaml",
        ".gitlab-ci.yml", ".github/settings.yml", "atlantis.yaml", ".claude-plugin/plugin.json", "hooks/hooks.json",
        "gemini-extension.json", ".continue/mcpServers/a.yaml", "x.tf\n", "serverless.yml.bak", "main.tf.json",
        "a/.mcp.json\n", ".github/workflows/x.yml\n", "atlantis.yaml\n", ".kiro/hooks/hooks.json", "a/b/hooks/hooks.json",
        "//.claude/settings.json", "a//.mcp.json", "/abs/.gitlab-ci.yml", "Makefile\n",
    ]
    claimed = [p for p in paths if any(e.claims(p) for e in extractors)]
    assert len(claimed) > 30
    assert [p for p in claimed if not pattern.search(p)] == []
    assert not any(e.claims("x.tf\n") or e.claims("serverless.yml.bak") for e in extractors)
    # and it does filter: the paths no extractor claims are mostly turned away by one test
    unclaimed = [p for p in paths if p not in claimed]
    assert sum(not pattern.search(p) for p in unclaimed) > 0.9 * len(unclaimed)


def test_engine_claims_the_same_with_and_without_the_filter():
    engine = Engine([])
    paths = ["a/.mcp.json", "policy.json", "x/main.tf", ".github/workflows/d.yml", "deploy.sh", "README.md", ".kiro/agents/a.md"]
    filtered = [engine.claims(p) for p in paths]
    engine._claim_filter = None  # every extractor asked
    engine._claims = {}
    assert [engine.claims(p) for p in paths] == filtered == ["jsonc", None, "hcl", "yaml", "text", None, "text"]


_PIECES = [".claude", "settings.json", "settings.local.json", ".mcp.json", ".kiro", "hooks", "hooks.json", "agents", "a.md",
           ".github", "workflows", "ci.yml", "settings.yml", ".gitlab-ci.yml", "serverless.yml", "main.tf", ".aws", "aws",
           "config", "credentials", "Makefile", "x.sh", ".codex", "config.toml", "rules", "r.rules", "atlantis.yaml",
           ".claude-plugin", "plugin.json", "marketplace.json", ".continue", "mcpServers", "m.yaml", ".amazonq",
           "cli-agents", "mcp.json", ".vscode", ".cursor", "x", "", "\n"]


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6), st.booleans())
def test_claim_filter_is_never_stricter_than_the_extractors(parts, newline):
    from lint.subjects.recognizers import claim_filter

    extractors = _EXTRACTORS
    path = "/".join(parts) + ("\n" if newline else "")
    if any(e.claims(path) for e in extractors):
        assert claim_filter(extractors).search(path), path


_EXTRACTORS = default_extractors()
