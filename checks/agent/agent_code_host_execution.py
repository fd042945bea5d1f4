from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.messages import brief, first_fitting
from lint.subjects.agent_code import AgentCode
from lint.subjects.agent_code.model import effect_related, identity_words


class AgentCodeHostExecution(Check):
    """An agent built in Python runs shell commands or model-written code on the host, and nobody confirms each call.

    ## What it does
    Reads Python modules that build agents (LangChain/LangGraph, OpenAI Agents
    SDK, CrewAI, AutoGen/AG2, Strands, Claude Agent SDK, Google ADK,
    LlamaIndex, smolagents, raw Anthropic/OpenAI tool loops) and reports each
    tool or executor that gives the agent a host shell or runs the code it
    writes, when no person confirms the call: `ShellTool()`,
    `PythonREPLTool()`, `LocalShellTool`, `LocalCommandLineCodeExecutor`,
    `UnsafeLocalCodeExecutor`, Strands `shell` with `BYPASS_TOOL_CONSENT`,
    Claude `allowed_tools=["Bash"]`, and custom tools whose body (or the
    functions it calls, in this module or another of the repository) runs
    `subprocess` with a shell, `os.system` or `exec`. Executors are judged by
    what a factory function returns, never by its name. smolagents' local
    interpreter, which only imports what it is allowed, is reported at low.

    ## Why is this bad?
    The model decides the command. Whatever it runs acts with the process's
    files, network and cloud credentials: one hallucinated or injected
    `terraform destroy` or `rm -rf` runs with no second look. When the module
    also gives the agent a cloud identity, the shell reaches that cloud.

    ## Example
    ```python
    from langchain_community.tools import ShellTool
    from langgraph.prebuilt import create_react_agent

    agent = create_react_agent(model, [ShellTool()])
    ```

    Use instead:
    ```python
    agent = create_react_agent(model, [ShellTool()], interrupt_before=["tools"])
    ```

    ## Remediation
    Put a person before each call (`interrupt_before=["tools"]`,
    `HumanInTheLoopMiddleware`, `needs_approval=True`,
    `human_input_mode="ALWAYS"`, a `can_use_tool` that asks), or run the code
    in a sandbox (`DockerCommandLineCodeExecutor`, `executor_type="docker"`,
    `BuiltInCodeExecutor`) with no production credentials.

    ## References
    - https://python.langchain.com/docs/integrations/tools/bash/
    - https://microsoft.github.io/autogen/stable/user-guide/core-user-guide/components/command-line-code-executors.html
    - https://openai.github.io/openai-agents-python/tools/
    """

    id = "agent-code-host-execution"
    name = "Agent code runs host commands unconfirmed"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = AgentCode
    tags = ("agent", "agent-code", "code-execution")
    cwe = (78, 94)
    example_path = "agent.py"

    valid = [
        Valid(
            "from langchain_community.tools import ShellTool\n"
            "from langgraph.prebuilt import create_react_agent\n\n"
            'agent = create_react_agent(model, [ShellTool()], interrupt_before=["tools"])\n'
        ),
        Valid(
            "from autogen_ext.code_executors.local import LocalCommandLineCodeExecutor\n"
            "from autogen_ext.code_executors.docker import DockerCommandLineCodeExecutor\n"
            "from autogen_agentchat.agents import CodeExecutorAgent\n\n"
            "def local_executor():\n    return DockerCommandLineCodeExecutor(work_dir='coding')\n\n"
            "runner = CodeExecutorAgent('runner', code_executor=local_executor())\n",
            note="the function's name says local; what it returns is Docker",
        ),
        Valid("from strands import Agent\nfrom strands_tools import shell\n\nagent = Agent(tools=[shell])\n", note="strands asks for consent"),
    ]
    invalid = [
        Invalid(
            "from langchain_community.tools import ShellTool\n"
            "from langgraph.prebuilt import create_react_agent\n\n"
            "tools = [ShellTool()]\n"
            "agent = create_react_agent(model, tools)\n",
            expect=["/agents/0/tools/0"],
            messages=["`ShellTool`, which runs any shell command on the host"],
        ),
        Invalid(
            "from autogen_ext.code_executors.local import LocalCommandLineCodeExecutor\n"
            "from autogen_agentchat.agents import CodeExecutorAgent\n\n"
            "def docker_executor():\n    return LocalCommandLineCodeExecutor(work_dir='coding')\n\n"
            "runner = CodeExecutorAgent('runner', code_executor=docker_executor())\n",
            expect=["/agents/0/tools/0"],
            note="the function's name says Docker; it returns a host executor",
        ),
        Invalid(
            "import subprocess\nfrom agents import Agent, function_tool\n\n"
            "@function_tool\ndef run(command: str) -> str:\n"
            "    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout\n\n"
            "ops = Agent(name='ops', tools=[run])\n",
            expect=["/agents/0/tools/0"],
            messages=["custom tool `run`"],
        ),
        Invalid(
            "from smolagents import CodeAgent\n\nagent = CodeAgent(tools=[], model=model)\n",
            expect=["/agents/0"],
            severity=Severity.LOW,
        ),
    ]

    def check(self, code: AgentCode) -> Iterator[Violation]:
        for agent in code.agents:
            identities = agent.all_identities()
            bypassing = {s.pointer for s in agent.settings if s.kind == "bypass"}
            for capability in agent.capabilities:
                if capability.reach not in ("shell", "code") or capability.gate is not None:
                    continue
                if capability.pointer in bypassing:
                    continue  # reported where the approval is switched off
                what = f"custom tool `{capability.name}`: {capability.what}" if capability.kind == "custom-tool" else f"`{capability.name}`, which {capability.what}"
                message = f"{agent.label} gets {what}, unconfirmed"
                if capability.restricted:
                    yield Violation(capability.pointer, f"{agent.label}: `{capability.name}` {capability.what}", severity=Severity.LOW)
                    continue
                related = list(effect_related(capability))
                acting = ""
                severity = None
                if identities:
                    acting = identity_words(identities)
                    related.append(Related(identities[0].pointer, identities[0].detail))
                    severity = Severity.CRITICAL
                message = first_fitting(message + acting, brief(message) + acting, brief(message))
                yield Violation(capability.pointer, message, related=tuple(related), severity=severity)
