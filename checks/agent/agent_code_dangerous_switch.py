from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.agent_code import AgentCode


class AgentCodeDangerousSwitch(Check):
    """A framework's own safety switch is turned off in agent code.

    ## What it does
    Reports the keywords frameworks name for the risk they open:
    LangChain `allow_dangerous_code=True` (pandas/CSV/Python agents run the
    model's Python), `allow_dangerous_requests=True` (requests and OpenAPI
    toolkits send any request), `allow_dangerous_tools=True` (`load_tools`
    with `terminal`), CrewAI `unsafe_mode=True` and `allow_dml=True`. CrewAI
    `allow_code_execution=True` in its default safe (Docker) mode is not
    reported; `code_execution_mode="unsafe"` is reported as host execution.

    ## Why is this bad?
    The framework refuses these by default because it cannot make them
    safe: the model's code runs in the agent's process with its files and
    credentials, or the model's requests reach any endpoint the network
    allows, internal ones and cloud metadata included.

    ## Example
    ```python
    agent = create_pandas_dataframe_agent(llm, df, allow_dangerous_code=True)
    ```

    ## Remediation
    Run such agents in a sandbox with no credentials, or use a tool that
    only does the one thing the agent needs.

    ## References
    - https://python.langchain.com/docs/security/
    - https://python.langchain.com/api_reference/experimental/agents/langchain_experimental.agents.agent_toolkits.pandas.base.create_pandas_dataframe_agent.html
    """

    id = "agent-code-dangerous-switch"
    name = "Framework safety switch turned off"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = AgentCode
    tags = ("agent", "agent-code", "code-execution")
    cwe = (94,)
    example_path = "agent.py"

    valid = [
        Valid(
            "from langchain_experimental.agents import create_pandas_dataframe_agent\n\n"
            "agent = create_pandas_dataframe_agent(llm, df, allow_dangerous_code=False)\n"
        ),
        Valid("from crewai import Agent\n\nanalyst = Agent(role='analyst', goal='g', backstory='b', allow_code_execution=True)\n"),
    ]
    invalid = [
        Invalid(
            "from langchain_experimental.agents import create_pandas_dataframe_agent\n\n"
            "agent = create_pandas_dataframe_agent(llm, df, verbose=True, allow_dangerous_code=True)\n",
            expect=["/agents/0/settings/allow_dangerous_code"],
            messages=["`allow_dangerous_code=True` lets the agent run model-written Python on the host"],
        ),
        Invalid(
            "from langchain_community.agent_toolkits.openapi.toolkit import RequestsToolkit\n"
            "from langgraph.prebuilt import create_react_agent\n\n"
            "agent = create_react_agent(model, tools, allow_dangerous_requests=True)\n",
            expect=["/agents/0/settings/allow_dangerous_requests"],
            severity=Severity.MEDIUM,
        ),
    ]

    def check(self, code: AgentCode) -> Iterator[Violation]:
        for agent in code.agents:
            for setting in agent.settings:
                if setting.kind != "switch":
                    continue
                severity = None if setting.reach in ("shell", "code") else Severity.MEDIUM
                yield Violation(setting.pointer, f"{agent.label}: `{setting.key}={setting.value}` {setting.what}", severity=severity)
