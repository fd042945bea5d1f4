"""Declarative-rule views of agents built in Python: one record per agent, one per tool it is given."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lint.subjects.agent_code.model import AgentCode, Capability, CodeAgent
from lint.subjects.base import Item
from lint.views import Record, View

_AGENT_FIELDS = {
    "path": "file path",
    "product": "framework, e.g. LangChain, Strands Agents, Claude Agent SDK",
    "framework": "framework id: langchain, openai-agents, crewai, autogen, strands, claude-agent-sdk, google-adk, llamaindex, smolagents, anthropic, openai",
    "agent": "the agent's name (its `name=`/`role=`, or the variable it is assigned to)",
    "setting": "approval and safety settings as written, e.g. human_input_mode=NEVER, allow_dangerous_code=True",
    "gate": "agent-wide approval steps that ask a person, e.g. `interrupt_before=[\"tools\"]`",
    "identity": "cloud identities as kind:value, e.g. profile:prod-admin, any-profile:, static-keys:, role:arn:…",
}
_TOOL_FIELDS = {
    **_AGENT_FIELDS,
    "tool": "the tool's name: ShellTool, a custom function's name, Bash",
    "kind": "tool | custom-tool | executor | allowed-tool",
    "reach": "shell | code | cloud | files | data | network | mcp | none",
    "confirmed": "true when a person confirms each call (a real gate), false otherwise",
    "effect": "what a custom tool's body does: shell, code, delete-files, write-files, cloud-destructive, cloud-escalation, network",
    "action": "IAM actions a custom tool's boto3 calls map to, e.g. ec2:TerminateInstances",
}


def _agent_record(code: AgentCode, agent: CodeAgent) -> Record:
    return {
        "path": [Item(code.path, agent.pointer)],
        "product": [Item(agent.product, agent.pointer)],
        "framework": [Item(agent.framework, agent.pointer)],
        "agent": [Item(agent.name, agent.pointer)],
        "setting": [Item(f"{s.key}={s.value}", s.pointer) for s in agent.settings]
        + [Item(f"{s.key}={s.value}", s.pointer) for s in code.environment],
        "gate": [Item(g.description, g.pointer) for g in agent.gates if g.real],
        "identity": [Item(f"{i.kind}:{i.value}", i.pointer) for i in agent.all_identities()],
    }


def _tool_record(code: AgentCode, agent: CodeAgent, capability: Capability) -> Record:
    record = _agent_record(code, agent)
    at = capability.pointer
    record.update(
        {
            "tool": [Item(capability.name, at)],
            "kind": [Item(capability.kind, at)],
            "reach": [Item(capability.reach, at)],
            "confirmed": [Item(not capability.unconfirmed, at)],
            "effect": [Item(e.kind, at) for e in capability.effects],
            "action": [Item(a, at) for e in capability.effects for a in e.actions],
        }
    )
    return record


def _agents(code: AgentCode) -> Iterator[tuple[Record, str]]:
    for agent in code.agents:
        yield _agent_record(code, agent), agent.pointer


def _tools(code: AgentCode) -> Iterator[tuple[Record, str]]:
    for agent in code.agents:
        for capability in agent.capabilities:
            yield _tool_record(code, agent, capability), capability.pointer


def agent_code_views() -> dict[str, View]:
    views: list[Any] = [
        View("agent-code", AgentCode, _AGENT_FIELDS, _agents, "one record per agent built in Python code"),
        View("agent-code-tool", AgentCode, _TOOL_FIELDS, _tools, "one record per tool, executor or auto-approved tool an agent in Python code is given"),
    ]
    return {view.name: view for view in views}
