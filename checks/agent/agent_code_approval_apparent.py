from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.subjects.agent_code import AgentCode


class AgentCodeApprovalApparent(Check):
    """An agent's approval step exists in code but approves without a person.

    ## What it does
    Judges the approval hooks of agents built in Python by what they do:
    a Claude Agent SDK `can_use_tool` callback that returns an allow for
    every call or allows by a prefix test (`command.startswith("git")`), an
    AutoGen `approval_func` that always approves, an OpenAI Agents SDK
    `needs_approval` function that always returns `False`, and LangGraph
    interrupts (`interrupt()`, `interrupt_before`, `HumanInTheLoopMiddleware`)
    that the same module resumes with a constant approval
    (`Command(resume={"type": "accept"})`). A callback that asks a person
    (`input()`, a confirmation prompt, an interrupt answered by a person) is
    not reported.

    ## Why is this bad?
    The code looks reviewed: there is an approval hook. But no person sees
    the call, so `git push --force`, `rm -rf` or a cloud deletion runs the
    moment the model asks. A prefix test approves everything that starts
    with an allowed word.

    ## Example
    ```python
    async def allow_git(tool, args, context):
        if args.get("command", "").startswith("git"):
            return PermissionResultAllow()
        return PermissionResultDeny(message="no")

    options = ClaudeAgentOptions(can_use_tool=allow_git)
    ```

    ## Remediation
    Ask a person in the callback (show the call, wait for an answer), or
    allow exact commands only, and resume interrupts with the reviewer's
    decision rather than a constant.

    ## References
    - https://docs.anthropic.com/en/docs/claude-code/sdk/sdk-permissions
    - https://langchain-ai.github.io/langgraph/concepts/human_in_the_loop/
    """

    id = "agent-code-approval-apparent"
    name = "Agent approval hook approves without a person"
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    subject = AgentCode
    tags = ("agent", "agent-code", "approval-bypass")
    cwe = (862,)
    example_path = "agent.py"

    valid = [
        Valid(
            "from claude_agent_sdk import ClaudeAgentOptions, PermissionResultAllow, PermissionResultDeny\n\n"
            "async def ask(tool, args, context):\n"
            "    answer = input(f'Allow {tool} {args}? [y/N] ')\n"
            "    if answer == 'y':\n        return PermissionResultAllow()\n"
            "    return PermissionResultDeny(message='denied by the operator')\n\n"
            "options = ClaudeAgentOptions(can_use_tool=ask)\n"
        ),
        Valid(
            "from langchain_core.tools import tool\nfrom langgraph.types import interrupt\n"
            "from langgraph.prebuilt import create_react_agent\nimport shutil\n\n"
            "@tool\ndef wipe(path: str) -> str:\n    '''Delete a folder.'''\n"
            "    if interrupt({'path': path}) != 'yes':\n        return 'cancelled'\n"
            "    shutil.rmtree(path)\n    return 'done'\n\n"
            "agent = create_react_agent(model, [wipe], checkpointer=saver)\n"
        ),
    ]
    invalid = [
        Invalid(
            "from claude_agent_sdk import ClaudeAgentOptions, PermissionResultAllow, PermissionResultDeny\n\n"
            "async def allow_git(tool, args, context):\n"
            "    if args.get('command', '').startswith('git'):\n        return PermissionResultAllow()\n"
            "    return PermissionResultDeny(message='no')\n\n"
            "options = ClaudeAgentOptions(can_use_tool=allow_git)\n",
            expect=["/agents/0/gates/can_use_tool"],
            messages=["prefix test"],
        ),
        Invalid(
            "from langchain_core.tools import tool\nfrom langgraph.types import interrupt, Command\n"
            "from langgraph.prebuilt import create_react_agent\nimport shutil\n\n"
            "@tool\ndef wipe(path: str) -> str:\n    '''Delete a folder.'''\n"
            "    interrupt({'path': path})\n    shutil.rmtree(path)\n    return 'done'\n\n"
            "agent = create_react_agent(model, [wipe], checkpointer=saver)\n"
            "agent.invoke(Command(resume={'type': 'accept'}), config)\n",
            expect=["/agents/0/tools/0"],
            messages=["resumed with a constant approval"],
        ),
    ]

    def check(self, code: AgentCode) -> Iterator[Violation]:
        seen: set[str] = set()
        for agent in code.agents:
            gates = [(g, None) for g in agent.gates] + [(c.gate, c) for c in agent.capabilities if c.gate is not None]
            for gate, capability in gates:
                if gate.real:
                    continue
                at = capability.pointer if capability is not None and gate.pointer == capability.pointer else gate.pointer
                if at in seen:
                    continue
                seen.add(at)
                covers = f" for `{capability.name}`" if capability is not None and capability.kind != "allowed-tool" else ""
                message = f"{agent.label}: {gate.description}{covers} is no approval: {gate.why_not}"
                related = (Related(capability.pointer, f"`{capability.name}` {capability.what}"),) if capability is not None and capability.pointer != at else ()
                yield Violation(at, message, related=related)
