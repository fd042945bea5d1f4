"""Agent tool manifests: a dangerous and a safe realistic file per format, run as a user runs scopelint."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from lint.graph.facts import AgentFact, WorkloadFact
from lint.registry import load_checks
from lint.runner import Engine

CORPUS = Path(__file__).parent / "fixtures" / "manifests"

DANGEROUS = {
    "cloudformation": [
        ("support-agent.yaml", 30, 65, "iam-destructive-action"),
        ("support-agent.yaml", 59, 38, "agent-tool-unconfirmed"),
        # the graph joins the agent, its action-group Lambda and the Lambda's role
        ("support-agent.yaml", 59, 38, "ai-destructive-path"),
        ("support-agent.yaml", 71, 19, "agent-tool-unconfirmed"),
        ("support-agent.yaml", 74, 19, "agent-tool-unconfirmed"),
        ("support-agent.yaml", 81, 31, "agent-tool-free-form-input"),
    ],
    "terraform": [
        ("agent.tf", 32, 52, "iam-destructive-action"),
        ("agent.tf", 69, 32, "agent-tool-unconfirmed"),
        ("agent.tf", 69, 32, "ai-destructive-path"),
        ("schemas/shell.yaml", 7, 5, "agent-tool-unconfirmed"),
        ("schemas/shell.yaml", 7, 5, "ai-destructive-path"),
        ("schemas/shell.yaml", 16, 17, "agent-tool-free-form-input"),
    ],
    "cdk": [
        ("agent_stack.py", 30, 46, "agent-tool-unconfirmed"),
        ("schemas/admin.yaml", 7, 5, "agent-tool-unconfirmed"),
    ],
    "gpt-actions": [
        ("openapi.yaml", 15, 33, "agent-tool-unconfirmed"),
        ("openapi.yaml", 21, 33, "agent-tool-unconfirmed"),
        ("openapi.yaml", 27, 33, "agent-tool-unconfirmed"),
        ("openapi.yaml", 38, 9, "agent-tool-free-form-input"),
    ],
    "bedrock-openapi": [
        ("inventory-actions.json", 13, 34, "agent-tool-unconfirmed"),
        ("inventory-actions.json", 18, 7, "agent-tool-unconfirmed"),
    ],
    "mcp-bundle": [
        ("manifest.json", 19, 91, "agent-tool-annotation-mismatch"),
    ],
    "mcp-registry": [
        ("server.json", 19, 50, "agent-mcp-plain-http"),
    ],
    "mcp-python": [
        ("server.py", 20, 52, "agent-tool-annotation-mismatch"),
        ("server.py", 27, 43, "agent-tool-annotation-mismatch"),
    ],
    "mcp-typescript": [
        ("src/index.ts", 30, 34, "agent-tool-annotation-mismatch"),
        ("src/index.ts", 42, 22, "agent-tool-annotation-mismatch"),
    ],
    "claude-plugin": [
        (".claude-plugin/marketplace.json", 17, 69, "agent-plugin-hooks"),
        ("plugins/deploy-helper/.claude-plugin/plugin.json", 10, 16, "agent-mcp-write-mode"),
        ("plugins/deploy-helper/.claude-plugin/plugin.json", 11, 30, "agent-admin-identity"),
        ("plugins/deploy-helper/hooks/hooks.json", 10, 24, "agent-plugin-hooks"),
    ],
    "gemini-extension": [
        (".gemini/extensions/cloud-ops/gemini-extension.json", 9, 22, "agent-mcp-write-mode"),
        (".gemini/extensions/cloud-ops/gemini-extension.json", 13, 20, "agent-plugin-shell-left"),
    ],
}


def _findings(cli, folder: Path) -> list[tuple[str, int, int, str]]:
    out = json.loads(cli("check", "--format", "json", "--exit-zero", ".", cwd=folder).stdout)
    return sorted(
        (f["path"], f["line"], f["column"], f["check_id"]) for f in out["findings"] if f["severity"] not in ("info", "low")
    )


@pytest.fixture
def corpus(tmp_path):
    """A copy of the corpus outside the project, so no project configuration applies."""
    target = tmp_path / "manifests"
    shutil.copytree(CORPUS, target)
    return target


@pytest.mark.parametrize("fmt", sorted(DANGEROUS))
def test_dangerous_file_is_reported_where_it_is_written(cli, corpus, fmt):
    assert _findings(cli, corpus / fmt / "dangerous") == sorted(DANGEROUS[fmt])


@pytest.mark.parametrize("fmt", sorted(DANGEROUS))
def test_safe_file_yields_nothing_above_low(cli, corpus, fmt):
    assert _findings(cli, corpus / fmt / "safe") == []


def _facts(path: Path):
    engine = Engine(load_checks())
    engine.wants_facts = True
    return engine.lint_text(path.name, path.read_text(), file=path).facts


def test_bedrock_agent_in_cloudformation_states_agent_and_lambda_facts():
    facts = _facts(CORPUS / "cloudformation" / "dangerous" / "support-agent.yaml")
    (agent,) = [f for f in facts if isinstance(f, AgentFact)]
    (workload,) = [f for f in facts if isinstance(f, WorkloadFact)]
    assert agent.name == "Bedrock agent `support-agent`" and agent.product == "bedrock-agent"
    assert [(r.kind, r.value) for r in agent.identities] == [("role", "support-agent-role"), ("workload", "lambda:accounts-actions")]
    assert [(c.reach, c.location.span.start_line) for c in agent.capabilities] == [("cloud", 59), ("cloud", 71), ("cloud", 74)]
    assert (workload.kind, workload.name) == ("lambda", "accounts-actions")
    assert [(r.kind, r.value, r.location.span.start_line) for r in workload.identities] == [("role", "accounts-fn-role", 38)]


def test_bedrock_agent_in_terraform_states_agent_and_lambda_facts():
    facts = _facts(CORPUS / "terraform" / "dangerous" / "agent.tf")
    agents = [f for f in facts if isinstance(f, AgentFact)]
    (workload,) = [f for f in facts if isinstance(f, WorkloadFact)]
    assert {a.name for a in agents} == {"Bedrock agent `ops-agent`"}
    assert all(("role", "ops-agent-role") in [(r.kind, r.value) for r in a.identities] for a in agents)
    assert all(("workload", "lambda:ops-actions") in [(r.kind, r.value) for r in a.identities] for a in agents)
    described = sorted(c.description for a in agents for c in a.capabilities)
    assert described == [
        "runs `POST /commands` (`executeCommand`) (writes: HTTP POST, its name says `execute`) with no confirmation",
        "runs `destroy_environment` (destructive: its name says `destroy`) with no confirmation",
    ]
    assert (workload.name, [(r.kind, r.value) for r in workload.identities]) == ("ops-actions", [("role", "ops-actions-role")])


def test_terraform_executor_role_policy_raises_the_finding():
    engine = Engine([c for c in load_checks() if c.id == "agent-tool-unconfirmed"])
    path = CORPUS / "terraform" / "dangerous" / "agent.tf"
    findings = engine.lint_text(path.name, path.read_text(), file=path).findings
    by_line = {f.location.span.start_line: f for f in findings if f.location.path == path.name}
    assert by_line[69].severity.label == "critical"
    assert "its role `ops-actions-role` may `cloudformation:DeleteStack`" in by_line[69].message
    assert (32, 18) in [(r.span.start_line, r.span.start_col) for r in by_line[69].related]


def test_safe_bedrock_agent_has_no_unprompted_capability():
    facts = _facts(CORPUS / "cloudformation" / "safe" / "support-agent.yaml")
    (agent,) = [f for f in facts if isinstance(f, AgentFact)]
    assert agent.capabilities == ()


def test_sam_function_without_role_runs_as_the_role_sam_creates():
    text = "Transform: AWS::Serverless-2016-10-31\nResources:\n  OrdersFn:\n    Type: AWS::Serverless::Function\n    Properties:\n      Handler: app.handler\n"
    engine = Engine(load_checks())
    engine.wants_facts = True
    (workload,) = engine.lint_text("template.yaml", text).facts
    assert (workload.name, [(r.kind, r.value) for r in workload.identities]) == ("OrdersFn", [("role", "OrdersFn")])


def test_typescript_scan_is_bounded_on_an_unclosed_call():
    from lint.subjects.manifests.mcp_code import MAX_CALL, _call_end

    text = 'server.registerTool("x", {' + "a" * (MAX_CALL * 3)
    assert _call_end(text, text.index("(")) == text.index("(") + MAX_CALL


def test_openapi_without_agent_extensions_is_not_read_as_tools(cli, tmp_path):
    (tmp_path / "api.yaml").write_text("openapi: 3.0.0\ninfo: {title: x}\npaths:\n  /items/{id}:\n    delete: {operationId: deleteItem}\n")
    assert _findings(cli, tmp_path) == []


def test_cdk_l1_cfn_agent_functions_are_read():
    text = (
        "from aws_cdk import aws_bedrock as bedrock\n\n"
        "bedrock.CfnAgent(self, 'Agent', agent_name='ops', action_groups=[bedrock.CfnAgent.AgentActionGroupProperty(\n"
        "    action_group_name='ops',\n"
        "    action_group_executor=bedrock.CfnAgent.ActionGroupExecutorProperty(custom_control='RETURN_CONTROL'),\n"
        "    function_schema=bedrock.CfnAgent.FunctionSchemaProperty(functions=[\n"
        "        bedrock.CfnAgent.FunctionProperty(name='delete_snapshot', require_confirmation='DISABLED'),\n"
        "        {'name': 'list_snapshots'},\n"
        "    ]))])\n"
    )
    engine = Engine([c for c in load_checks() if c.id == "agent-tool-unconfirmed"])
    findings = engine.lint_text("infra/app.py", text).findings
    assert [(f.location.span.start_line, f.location.span.start_col) for f in findings] == [(7, 88)]
    assert "return of control" in findings[0].message


def test_agent_tool_view_rule_examples_pass(cli):
    root = Path(__file__).resolve().parent.parent
    result = cli("test", str(root / "examples" / "agent-manifests" / "rules"), cwd=root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "2 passed, 0 failed" in result.stdout


def test_agent_plugin_hook_view_records_each_hook():
    from lint.manifest_views import manifest_views
    from lint.subjects.manifests.plugins import PluginExtractor
    from lint.formats import parse

    path = "plugins/deploy-helper/hooks/hooks.json"
    text = (CORPUS / "claude-plugin" / "dangerous" / path).read_text()
    (manifest,) = PluginExtractor().extract(parse(path, text, "json"))
    view = {v.name: v for v in manifest_views()}["agent-plugin-hook"]
    records = [({k: [i.value for i in items] for k, items in record.items()}, pointer) for record, pointer in view.records(manifest)]
    assert [(r["event"], r["matcher"], r["product"], pointer) for r, pointer in records] == [
        (["PreToolUse"], ["Bash"], ["claude-plugin"], "/hooks/PreToolUse/0/hooks/0/command"),
        (["SessionStart"], [], ["claude-plugin"], "/hooks/SessionStart/0/hooks/0/command"),
    ]


def test_typescript_tool_declared_through_constants_is_judged():
    text = (
        'import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";\n'
        'import { rmSync } from "node:fs";\n'
        'const name = "prune-cache";\n'
        "const config = {\n  description: 'Prune the cache',\n  annotations: { readOnlyHint: true },\n};\n"
        "export const register = (server: McpServer) =>\n"
        "  server.registerTool(name, config, async () => { rmSync('/var/cache/app', { recursive: true }); return { content: [] }; });\n"
    )
    engine = Engine([c for c in load_checks() if c.id == "agent-tool-annotation-mismatch"])
    findings = engine.lint_text("src/tools/prune.ts", text).findings
    assert [(f.location.span.start_line, f.location.span.start_col, f.severity.label) for f in findings] == [(6, 32, "high")]
    assert "`prune-cache`" in findings[0].message and "deletes files" in findings[0].message


def test_gemini_extension_http_url_is_an_mcp_address():
    text = '{"name": "ops", "version": "1.0.0", "mcpServers": {"ops": {"httpUrl": "http://ops.internal.example.com/mcp"}}}\n'
    engine = Engine([c for c in load_checks() if c.id == "agent-mcp-plain-http"])
    findings = engine.lint_text("ext/gemini-extension.json", text).findings
    assert [(f.location.span.start_line, f.location.span.start_col) for f in findings] == [(1, 71)]


def test_get_named_for_writing_is_low_and_delete_is_high():
    text = (
        '{"openapi": "3.0.0", "info": {"title": "meetings"}, "x-requireConfirmation": "n/a", "paths": {'
        '"/schedule_meeting": {"get": {"operationId": "scheduleMeeting", "x-requireConfirmation": "DISABLED"}},'
        '"/meetings/{id}": {"get": {"operationId": "cancelMeeting", "x-requireConfirmation": "DISABLED"}}}}'
    )
    engine = Engine([c for c in load_checks() if c.id == "agent-tool-unconfirmed"])
    findings = engine.lint_text("schemas/meetings.json", text).findings
    assert [(f.severity.label, "scheduleMeeting" in f.message) for f in findings] == [("low", True), ("high", False)]


def test_typescript_scan_stays_bounded_on_a_hostile_file():
    import time

    from lint.formats import parse
    from lint.subjects.manifests.mcp_code import MAX_CALL, MAX_SCANNED, McpScriptExtractor

    text = '// @modelcontextprotocol\nconst n = "x";\n' + "s.tool(n, {" * 20000
    started = time.monotonic()
    (manifest,) = McpScriptExtractor().extract(parse("bundle.js", text, "script"))
    assert len(manifest.tools) == MAX_SCANNED // MAX_CALL + 1
    assert time.monotonic() - started < 10


def test_executor_role_with_destructive_grants_raises_the_finding():
    engine = Engine([c for c in load_checks() if c.id == "agent-tool-unconfirmed"])
    path = CORPUS / "cloudformation" / "dangerous" / "support-agent.yaml"
    findings = engine.lint_text(path.name, path.read_text(), file=path).findings
    first = findings[0]
    assert (first.location.span.start_line, first.severity.label) == (59, "critical")
    assert "its role `accounts-fn-role` may `dynamodb:DeleteItem` and " in first.message
    assert [(r.span.start_line, r.span.start_col) for r in first.related] == [(50, 21), (30, 25)]


def test_low_level_server_class_with_methods_is_read():
    text = (
        "from mcp.server import Server\nfrom mcp.types import Tool, ToolAnnotations\n\n"
        "class Names:\n    WIPE = 'wipe_cache'\n\n    def describe(self):\n        return 'x'\n\n"
        "server = Server('ops')\n\n@server.list_tools()\nasync def list_tools():\n"
        "    return [Tool(name=Names.WIPE, inputSchema={}, annotations=ToolAnnotations(readOnlyHint=True))]\n"
    )
    engine = Engine([c for c in load_checks() if c.id == "agent-tool-annotation-mismatch"])
    outcome = engine.lint_text("server.py", text)
    assert outcome.errors == []
    assert [(f.location.span.start_line, f.location.span.start_col) for f in outcome.findings] == [(14, 92)]


def test_kiro_hook_file_named_hooks_json_is_not_a_plugin():
    from lint.subjects.manifests.plugins import PluginExtractor

    assert not PluginExtractor().claims(".kiro/hooks/hooks.json")
    assert PluginExtractor().claims("plugins/ops/hooks/hooks.json")
