from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.agent import AgentConfig


class ShellCredentials(Check):
    """The agent's shell inherits the secrets of the developer's environment.

    ## What it does
    Reports Codex `shell_environment_policy` with `ignore_default_excludes =
    true` while inheriting the whole environment: the variables Codex
    otherwise drops (`*KEY*`, `*SECRET*`, `*TOKEN*`, so `AWS_SECRET_ACCESS_KEY`
    and `AWS_SESSION_TOKEN`) reach every command the agent runs.

    ## Why is this bad?
    Whatever the agent runs, and whatever a prompt injection makes it run,
    can read and send the developer's credentials.

    ## Example
    ```toml
    [shell_environment_policy]
    inherit = "all"
    ignore_default_excludes = true
    ```

    ## Remediation
    Keep the default excludes, or `inherit = "core"` and `set` only what the
    commands need.

    ## References
    - https://developers.openai.com/codex/config-reference
    """

    id = "agent-shell-credentials"
    name = "Credentials passed to the agent's shell"
    severity = Severity.MEDIUM
    confidence = Confidence.HIGH
    subject = AgentConfig
    tags = ("agent", "secrets")
    cwe = (522,)
    example_path = ".codex/config.toml"

    valid = [Valid('[shell_environment_policy]\ninherit = "core"\n')]
    invalid = [
        Invalid('[shell_environment_policy]\ninherit = "all"\nignore_default_excludes = true\n',
                expect=["/shell_environment_policy/ignore_default_excludes"],
                messages=["`AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` included"]),
    ]

    def check(self, config: AgentConfig) -> Iterator[Violation]:
        if config.shell_credentials is not None:
            yield Violation(
                config.shell_credentials.pointer,
                f"`ignore_default_excludes = true` passes every secret of the environment to {config.name}'s shell, "
                "`AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` included",
            )
