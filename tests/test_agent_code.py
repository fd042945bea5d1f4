"""Agents built in Python code: a dangerous and a safe realistic module per framework, exact locations."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.model import Severity
from lint.registry import load_checks
from lint.runner import Engine

FIXTURES = Path(__file__).parent / "fixtures" / "agent_code"
CHECKS = load_checks()

#: (check id, line, column, severity) of every finding at or above low, in order.
DANGEROUS = {
    "langchain": [
        ("agent-code-cloud-identity", 14, 25, "medium"),
        ("agent-code-host-execution", 33, 14, "critical"),
        ("agent-code-host-execution", 33, 27, "critical"),
        ("agent-code-destructive-tool", 34, 14, "medium"),
        ("agent-code-destructive-tool", 35, 18, "high"),
    ],
    "openai_agents": [
        ("agent-code-host-execution", 22, 9, "high"),
        ("agent-code-host-execution", 23, 9, "high"),
        ("agent-code-destructive-tool", 24, 9, "high"),
        ("agent-permission-bypass-mode", 25, 122, "high"),
    ],
    "crewai": [
        ("agent-code-host-execution", 18, 12, "high"),
        ("agent-code-destructive-tool", 18, 51, "medium"),
        ("agent-code-destructive-tool", 18, 69, "medium"),
        ("agent-code-host-execution", 20, 5, "high"),
    ],
    "autogen": [
        ("agent-permission-bypass-mode", 15, 5, "high"),
        ("agent-code-host-execution", 16, 40, "high"),
    ],
    "strands": [
        ("agent-permission-bypass-mode", 6, 1, "critical"),
        ("agent-code-host-execution", 10, 12, "critical"),
        ("agent-code-cloud-identity", 10, 19, "high"),
        ("agent-code-destructive-tool", 10, 19, "critical"),
        ("agent-code-destructive-tool", 10, 28, "medium"),
        ("agent-code-destructive-tool", 10, 40, "medium"),
    ],
    "claude_sdk": [
        ("agent-code-host-execution", 13, 36, "high"),
        ("agent-permission-bypass-mode", 14, 5, "high"),
        ("agent-code-approval-apparent", 15, 5, "high"),
    ],
    "adk": [
        ("agent-code-destructive-tool", 17, 12, "medium"),
        ("agent-code-host-execution", 18, 19, "high"),
    ],
    "llamaindex": [("agent-code-destructive-tool", 14, 18, "high")],
    "smolagents": [
        ("agent-code-destructive-tool", 17, 12, "medium"),
        ("agent-code-host-execution", 19, 5, "high"),
    ],
    "raw_loop": [("agent-code-host-execution", 6, 10, "high")],
}


def _findings(path: Path) -> list[tuple[str, int, int, str]]:
    engine = Engine(CHECKS)
    result, _ = engine.run_paths([path], cwd=FIXTURES.parent.parent.parent)
    assert not result.errors, result.errors
    return [
        (f.check_id, f.location.span.start_line, f.location.span.start_col, f.severity.name.lower())
        for f in sorted(result.findings, key=lambda f: (f.location.span.start_line, f.location.span.start_col))
        # the repository checks (`ai-*`) join files; a single module's identity notes are theirs, tested in tests/graph
        if f.severity >= Severity.LOW and not f.check_id.startswith("ai-")
    ]


@pytest.mark.parametrize("framework", sorted(DANGEROUS))
def test_dangerous_module(framework):
    assert _findings(FIXTURES / framework / "dangerous.py") == DANGEROUS[framework]


@pytest.mark.parametrize("framework", sorted(DANGEROUS))
def test_safe_module_yields_nothing_above_low(framework):
    findings = _findings(FIXTURES / framework / "safe.py")
    assert [f for f in findings if f[3] != "low"] == []


def test_custom_tool_followed_into_repository_module():
    engine = Engine(CHECKS)
    result, _ = engine.run_paths([FIXTURES / "langchain" / "dangerous.py"], cwd=FIXTURES.parent.parent.parent)
    finding = next(f for f in result.findings if f.check_id == "agent-code-destructive-tool" and "reset_environment" in f.message)
    related = {(r.path.rsplit("/", 1)[-1], r.span.start_line) for r in finding.related}
    assert ("dangerous.py", 21) in related  # cfn.delete_stack
    assert ("ops_helpers.py", 5) in related  # `aws cloudformation delete-stack`, through recreate_stack()
    assert ("dangerous.py", 14) in related  # the profile it acts as


def test_files_without_a_framework_are_not_parsed(monkeypatch):
    import lint.formats.python as python_format

    calls = []
    original = python_format.parse_python
    monkeypatch.setattr(python_format, "parse_python", lambda *a: calls.append(a) or original(*a))
    engine = Engine(CHECKS)
    outcome = engine.lint_text("util.py", "import subprocess\n\ndef run(c):\n    return subprocess.run(c, shell=True)\n")
    assert calls == [] and outcome.findings == []
    engine.lint_text("agent.py", "from strands import Agent\nagent = Agent(tools=[])\n")
    assert len(calls) == 1


def test_agent_facts():
    from lint.graph.facts import AgentFact

    engine = Engine(CHECKS)
    engine.wants_facts = True
    path = FIXTURES / "strands" / "dangerous.py"
    outcome = engine.lint_text(str(path), path.read_text())
    facts = [f for f in outcome.facts if isinstance(f, AgentFact)]
    assert len(facts) == 1
    fact = facts[0]
    assert fact.product == "Strands Agents"
    assert [(c.reach, c.location.span.start_line, c.location.span.start_col) for c in fact.capabilities] == [
        ("shell", 10, 12), ("cloud", 10, 19), ("files", 10, 28), ("files", 10, 40)
    ]
    assert [(i.kind, i.value) for i in fact.identities] == [("any-profile", "")]


def test_agent_facts_profile_and_safe_agent():
    from lint.graph.facts import AgentFact

    engine = Engine(CHECKS)
    engine.wants_facts = True
    path = FIXTURES / "langchain" / "dangerous.py"
    facts = [f for f in engine.lint_text(str(path), path.read_text(), file=path).facts if isinstance(f, AgentFact)]
    assert [(i.kind, i.value, i.location.span.start_line) for i in facts[0].identities] == [("profile", "prod-admin", 14)]
    safe = FIXTURES / "strands" / "safe.py"
    facts = [f for f in engine.lint_text(str(safe), safe.read_text()).facts if isinstance(f, AgentFact)]
    assert [f.capabilities for f in facts] == [()]


def _lint_tree(tmp_path: Path, files: dict[str, str], target: str):
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    (tmp_path / ".git").mkdir(exist_ok=True)
    engine = Engine(CHECKS)
    result, _ = engine.run_paths([tmp_path / target], cwd=tmp_path)
    return [(f.check_id, f.location.path, f.location.span.start_line, f.location.span.start_col) for f in result.findings]


def test_tool_list_imported_from_a_repository_module(tmp_path):
    findings = _lint_tree(tmp_path, {
        "app/tools.py": "import shutil\nfrom langchain_core.tools import tool\n\n@tool\ndef wipe(path: str) -> str:\n"
                        "    '''Delete a folder.'''\n    shutil.rmtree(path)\n    return 'ok'\n\nops_tools = [wipe]\n",
        "app/main.py": "from langchain.agents import create_agent\nfrom tools import ops_tools\n\nagent = create_agent('openai:gpt-4o', tools=ops_tools)\n",
    }, "app/main.py")
    assert findings == [("agent-code-destructive-tool", "app/main.py", 4, 45)]


def test_self_attribute_tools_and_mcp_lists(tmp_path):
    findings = _lint_tree(tmp_path, {
        "agent.py": "from strands import Agent\nfrom strands.tools.mcp import MCPClient\nfrom strands_tools import python_repl\nimport os\n\n"
                    "os.environ['BYPASS_TOOL_CONSENT'] = 'true'\n\n"
                    "class Bot:\n    def __init__(self, client):\n        self.tools = [python_repl]\n        self.client = MCPClient(client)\n\n"
                    "    def run(self, q):\n        agent = Agent(tools=self.tools + self.client.list_tools_sync())\n        return agent(q)\n",
    }, "agent.py")
    assert findings == [
        ("agent-permission-bypass-mode", "agent.py", 6, 1),
        ("agent-code-host-execution", "agent.py", 10, 23),
    ]


def test_docker_named_factory_returning_local_executor_is_local():
    source = (
        "from google.adk.agents import Agent\nfrom google.adk.code_executors import UnsafeLocalCodeExecutor, ContainerCodeExecutor\n\n"
        "def sandboxed_executor():\n    return UnsafeLocalCodeExecutor()\n\n"
        "def local_executor():\n    return ContainerCodeExecutor(image='python:3.12')\n\n"
        "a = Agent(name='a', model='gemini-2.0-flash', code_executor=sandboxed_executor())\n"
        "b = Agent(name='b', model='gemini-2.0-flash', code_executor=local_executor())\n"
    )
    outcome = Engine(CHECKS).lint_text("agent.py", source)
    assert [(f.check_id, f.location.span.start_line, f.location.span.start_col) for f in outcome.findings] == [
        ("agent-code-host-execution", 10, 61)
    ]


def test_load_tools_approval_callback_and_assumed_role():
    from lint.graph.facts import AgentFact

    source = (
        "import boto3\nfrom langchain_community.agent_toolkits.load_tools import load_tools\n"
        "from langchain_community.tools import ShellTool\nfrom langchain.callbacks import HumanApprovalCallbackHandler\n"
        "from langchain.agents import initialize_agent\n\n"
        "creds = boto3.client('sts').assume_role(RoleArn='arn:aws:iam::123456789012:role/agent-ops', RoleSessionName='a')\n"
        "tools = load_tools(['terminal', 'wikipedia'], llm=llm, allow_dangerous_tools=True)\n"
        "reviewed = ShellTool(callbacks=[HumanApprovalCallbackHandler()])\n"
        "agent = initialize_agent(tools + [reviewed], llm)\n"
    )
    engine = Engine(CHECKS)
    engine.wants_facts = True
    outcome = engine.lint_text("agent.py", source)
    assert [(f.check_id, f.location.span.start_line, f.location.span.start_col, f.severity.name) for f in outcome.findings] == [
        ("agent-code-dangerous-switch", 8, 56, "HIGH"),
        ("agent-code-host-execution", 8, 9, "CRITICAL"),
    ]
    fact = next(f for f in outcome.facts if isinstance(f, AgentFact))
    assert [(i.kind, i.value, i.role_name) for i in fact.identities] == [("role", "arn:aws:iam::123456789012:role/agent-ops", "agent-ops")]
    assert [c.reach for c in fact.capabilities] == ["shell"]


def test_subclassed_repl_tool_and_dangerous_chain():
    source = (
        "from langchain_experimental.tools.python.tool import PythonAstREPLTool\n"
        "from langchain_experimental.agents.agent_toolkits.python.base import create_python_agent\n"
        "from langchain_experimental.pal_chain.base import PALChain\n\n"
        "class QrRepl(PythonAstREPLTool):\n    pass\n\n"
        "coder = create_python_agent(llm=llm, tool=QrRepl())\n"
        "pal = PALChain.from_math_prompt(llm, allow_dangerous_code=True)\n"
    )
    outcome = Engine(CHECKS).lint_text("agent.py", source)
    findings = sorted(outcome.findings, key=lambda f: (f.location.span.start_line, f.location.span.start_col))
    assert [(f.check_id, f.location.span.start_line, f.location.span.start_col) for f in findings] == [
        ("agent-code-host-execution", 8, 43),
        ("agent-code-dangerous-switch", 9, 38),
    ]
    assert "`QrRepl (PythonAstREPLTool)`" in findings[0].message


def test_claude_hook_that_asks_is_a_gate_and_autogen_registered_functions():
    hooked = (
        "from claude_agent_sdk import ClaudeAgentOptions, HookMatcher\n\n"
        "async def confirm(input_data, tool_use_id, context):\n"
        "    if input('run it? ') != 'y':\n        return {'decision': 'block'}\n    return {}\n\n"
        "async def deny_rm(input_data, tool_use_id, context):\n"
        "    if 'rm ' in input_data['tool_input'].get('command', ''):\n        return {'decision': 'block'}\n    return {}\n\n"
        "asked = ClaudeAgentOptions(allowed_tools=['Bash'], hooks={'PreToolUse': [HookMatcher(matcher='Bash', hooks=[confirm])]})\n"
        "filtered = ClaudeAgentOptions(allowed_tools=['Bash'], hooks={'PreToolUse': [HookMatcher(matcher='Bash', hooks=[deny_rm])]})\n"
    )
    outcome = Engine(CHECKS).lint_text("agent.py", hooked)
    assert [(f.check_id, f.location.span.start_line) for f in outcome.findings] == [("agent-code-host-execution", 14)]
    registered = (
        "import subprocess\nfrom autogen import AssistantAgent, UserProxyAgent, register_function\n\n"
        "def sh(cmd: str) -> str:\n    return subprocess.check_output(cmd, shell=True, text=True)\n\n"
        "assistant = AssistantAgent('assistant', llm_config=cfg)\n"
        "proxy = UserProxyAgent('proxy', human_input_mode='NEVER', code_execution_config=False)\n"
        "register_function(sh, caller=assistant, executor=proxy, description='run a command')\n"
    )
    outcome = Engine(CHECKS).lint_text("agent.py", registered)
    assert [(f.check_id, f.location.span.start_line, f.location.span.start_col) for f in outcome.findings] == [
        ("agent-code-host-execution", 9, 19)
    ]


def test_a_local_package_named_like_a_framework_is_not_the_framework(tmp_path):
    findings = _lint_tree(tmp_path, {
        "agents/__init__.py": "class Agent:\n    def __init__(self, name, tools):\n        self.tools = tools\n",
        "main.py": "import subprocess\nfrom agents import Agent\n\ndef sh(c):\n    return subprocess.run(c, shell=True)\n\nbot = Agent(name='bot', tools=[sh])\n",
    }, "main.py")
    assert findings == []


def test_methods_wrapped_as_tools():
    source = (
        "import subprocess\nfrom llama_index.core.tools import FunctionTool\nfrom llama_index.core.agent import ReActAgent\n\n"
        "class Chat:\n    def __init__(self):\n"
        "        search = FunctionTool.from_defaults(fn=self.search)\n"
        "        shell = FunctionTool.from_defaults(fn=self.run)\n"
        "        self.agent = ReActAgent.from_tools([search, shell], llm=None)\n\n"
        "    def search(self, query: str) -> str:\n        return query\n\n"
        "    def run(self, command: str) -> str:\n        return subprocess.getoutput(command)\n"
    )
    outcome = Engine(CHECKS).lint_text("agent.py", source)
    assert [(f.check_id, f.location.span.start_line, f.location.span.start_col) for f in outcome.findings] == [
        ("agent-code-host-execution", 8, 17)
    ]


def test_agents_as_tools_parameter_defaults_and_distinct_unjudged_tools():
    source = (
        "from agents import Agent\nimport subprocess\n\n"
        "def shell(cmd: str) -> str:\n    return subprocess.getoutput(cmd)\n\n"
        "spanish = Agent(name='es', instructions='translate')\n"
        "def build(extra=shell):\n"
        "    return Agent(name='hub', tools=[spanish.as_tool(tool_name='es', tool_description='d'), extra, registry.one(), registry.two()])\n"
    )
    outcome = Engine(CHECKS).lint_text("agent.py", source)
    found = sorted((f.check_id, f.location.span.start_line, f.location.span.start_col) for f in outcome.findings)
    assert found == [
        ("agent-code-host-execution", 8, 17),  # the default the parameter takes
        ("agent-code-unresolved-tools", 9, 99),
        ("agent-code-unresolved-tools", 9, 115),
    ]
