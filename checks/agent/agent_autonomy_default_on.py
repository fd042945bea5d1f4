from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.agent import AgentConfig


class AutonomyDefaultOn(Check):
    """The project turns on end-to-end autonomy for everyone who opens it.

    ## What it does
    Reports settings committed to the repository that make the agent act
    without pausing: Kiro's `kiroAgent.agentAutonomy: "Autopilot"`, VS Code's
    `chat.permissions.default: "autopilot"` and Gemini CLI's
    `general.defaultApprovalMode: "auto_edit"`.

    ## Why is this bad?
    In Autopilot the agent edits files and runs commands end to end, without
    asking at each step. Committed to the repository, the setting applies to
    every developer who opens it, and to an agent that was told to change
    its own settings.

    ## Example
    ```json
    {"kiroAgent.agentAutonomy": "Autopilot"}
    ```

    ## Remediation
    Leave autonomy to each developer's user settings; commit `"Supervised"`
    if the project needs a default.

    ## References
    - https://kiro.dev/docs/chat/autopilot/
    """

    id = "agent-autonomy-default-on"
    name = "Agent autonomy on by default"
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    subject = AgentConfig
    tags = ("agent", "approval")
    cwe = (862,)
    example_path = ".vscode/settings.json"

    valid = [Valid('{"kiroAgent.agentAutonomy": "Supervised", "editor.tabSize": 2}')]
    invalid = [
        Invalid('{\n  "kiroAgent.agentAutonomy": "Autopilot" // fast\n}', expect=["/kiroAgent.agentAutonomy"],
                messages=["`kiroAgent.agentAutonomy: Autopilot` lets the agent edit and run commands without pausing"]),
    ]

    def check(self, config: AgentConfig) -> Iterator[Violation]:
        if config.autonomy is not None:
            key = config.autonomy.pointer.lstrip("/").replace("/", ".")  # VS Code keys have dots, no slashes
            yield Violation(
                config.autonomy.pointer,
                f"`{key}: {config.autonomy.value}` lets the agent edit and run commands without pausing, "
                "for everyone who opens this project",
            )
