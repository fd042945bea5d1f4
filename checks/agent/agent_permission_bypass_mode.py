from __future__ import annotations

import json

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.subjects.agent import AgentConfig
from lint.subjects.cloud_env import describe_identity


class PermissionBypassMode(Check):
    """The agent runs every tool without asking anyone.

    ## What it does
    Finds Claude Code settings whose `permissions.defaultMode` is
    `bypassPermissions` or `dontAsk`, unless `disableBypassPermissionsMode` is
    `"disable"` in the same file.

    ## Why is this bad?
    In these modes the agent runs shell commands, edits files and calls MCP
    tools with no prompt: nobody sees `terraform destroy` or
    `aws rds delete-db-cluster` before it runs. Committed to a repository, the
    mode applies to everyone who opens it. When the settings also give the
    agent a cloud identity (`AWS_PROFILE`, static keys…), the agent can change
    that cloud with no human in the loop.

    ## Example
    ```json
    {"permissions": {"defaultMode": "bypassPermissions"}, "env": {"AWS_PROFILE": "prod-admin"}}
    ```

    Use instead:
    ```json
    {"permissions": {"defaultMode": "default", "allow": ["Bash(npm test)"],
                     "disableBypassPermissionsMode": "disable"}}
    ```

    ## Remediation
    Use `default` (or `acceptEdits` for file edits only) and allow the few
    commands the agent needs by exact rule. Set
    `"disableBypassPermissionsMode": "disable"` so nobody can switch the mode
    on for the project. Run unattended agents only in a sandbox with no
    production credentials.

    ## References
    - https://docs.anthropic.com/en/docs/claude-code/settings
    - https://docs.anthropic.com/en/docs/claude-code/iam#permission-modes
    """

    id = "agent-permission-bypass-mode"
    name = "Agent approval prompts bypassed"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = AgentConfig
    tags = ("agent", "approval-bypass")
    cwe = (862,)
    example_path = ".claude/settings.json"

    valid = [
        Valid('{"permissions": {"defaultMode": "default", "allow": ["Bash(npm test)"]}}'),
        Valid('{"permissions": {"defaultMode": "bypassPermissions", "disableBypassPermissionsMode": "disable"}}'),
        Valid('{"permissions": {"defaultMode": "bypassPermissions"}}', path="docs/settings.json", note="not a Claude Code location"),
    ]
    invalid = [
        Invalid(
            '{"chat.tools.global.autoApprove": true}',
            path=".vscode/settings.json",
            expect=["/chat.tools.global.autoApprove"],
            messages=["`chat.tools.global.autoApprove: true` approves every tool call"],
        ),
        Invalid('approval_policy = "never"\n', path=".codex/config.toml", expect=["/approval_policy"]),
        Invalid(
            '{\n  "permissions": {\n    "defaultMode": "bypassPermissions"\n  }\n}\n',
            expect=["/permissions/defaultMode"],
        ),
        Invalid(
            '{"permissions": {"defaultMode": "dontAsk"}, "env": {"AWS_PROFILE": "prod-admin"}}',
            expect=["/permissions/defaultMode"],
            path=".claude/settings.local.json",
            messages=["`prod-admin`"],
        ),
    ]

    def check(self, config: AgentConfig) -> Iterator[Violation]:
        mode = config.default_mode
        if mode is None or config.bypass_reason is None:
            return
        guard = config.disable_bypass_mode
        if guard is not None and guard.value == "disable":
            return
        shown = mode.value if isinstance(mode.value, str) else json.dumps(mode.value)  # `true`, as written
        message = f"`{config.mode_key}: {shown}` {config.bypass_reason} for everyone who opens this project"
        identity = config.cloud_identity
        if identity is None:
            yield Violation(mode.pointer, message)
            return
        name, item = identity
        yield Violation(
            mode.pointer,
            f"{message}, and the agent runs as {describe_identity(name, item.value)}",
            related=(Related(item.pointer, f"`{name}` gives the agent a cloud identity"),),
            severity=Severity.CRITICAL,
        )
