from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.agent_code import AgentCode


class AgentCodeUnresolvedTools(Check):
    """An agent's tools or executor come from code scopelint cannot follow, so they were not judged.

    ## What it does
    Reports, at low severity, each tool or code executor handed to an agent
    that scopelint could not resolve: a list built by a package's function,
    an attribute of another object, a comprehension, an executor returned by
    code outside the repository. Everything else about the agent is still
    checked.

    ## Why is this bad?
    It is not bad in itself; it says where the review stopped. A shell or a
    destructive tool in that list would go unreported, so the line deserves
    a human look.

    ## Example
    ```python
    agent = create_react_agent(model, registry.tools_for("ops"))
    ```

    ## Remediation
    Build the tool list from names defined in the repository, or review
    the tools the call returns and suppress this finding with a reason.

    ## References
    - https://python.langchain.com/docs/concepts/tools/
    """

    id = "agent-code-unresolved-tools"
    name = "Agent tools not judged"
    severity = Severity.LOW
    confidence = Confidence.HIGH
    subject = AgentCode
    tags = ("agent", "agent-code", "coverage")
    example_path = "agent.py"

    valid = [
        Valid(
            "from langchain_core.tools import tool\nfrom langgraph.prebuilt import create_react_agent\n\n"
            "@tool\ndef now() -> str:\n    '''The time.'''\n    return 'noon'\n\n"
            "agent = create_react_agent(model, [now])\n"
        ),
    ]
    invalid = [
        Invalid(
            "from langgraph.prebuilt import create_react_agent\n\n"
            "agent = create_react_agent(model, registry.tools_for('ops'))\n",
            expect=["/agents/0/tools/0"],
            messages=["cannot follow"],
        ),
    ]

    def check(self, code: AgentCode) -> Iterator[Violation]:
        seen = set()
        for pointer, message in code.unresolved:
            span = code.document.locate(pointer)
            if span in seen:  # one place read by several agents (a class's `invoke` and `stream`)
                continue
            seen.add(span)
            yield Violation(pointer, message)
