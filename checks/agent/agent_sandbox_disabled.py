from __future__ import annotations

import json

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.agent import AgentConfig


class SandboxDisabled(Check):
    """The agent's sandbox is switched off.

    ## What it does
    Reports Codex `sandbox_mode = "danger-full-access"` (at the top level or
    in a profile) and Gemini CLI `tools.sandbox: false`; an open sandbox
    network (`sandbox_workspace_write.network_access = true`) at medium. With `approval_policy = "never"` as well, the agent has
    full access and asks nobody: that is critical.

    ## Why is this bad?
    The sandbox is what keeps a command from writing outside the workspace
    and from reaching the network. Without it the agent's commands reach
    `~/.aws`, `~/.ssh`, other projects and any endpoint its credentials open.

    ## Example
    ```toml
    approval_policy = "never"
    sandbox_mode = "danger-full-access"
    ```

    ## Remediation
    Use `sandbox_mode = "workspace-write"` (network off by default) and an
    approval policy that asks (`on-request`).

    ## References
    - https://developers.openai.com/codex/security
    """

    id = "agent-sandbox-disabled"
    name = "Agent sandbox disabled"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = AgentConfig
    tags = ("agent", "sandbox")
    cwe = (250,)
    example_path = ".codex/config.toml"

    valid = [
        Valid('approval_policy = "on-request"\nsandbox_mode = "workspace-write"\n'),
    ]
    invalid = [
        Invalid('sandbox_mode = "workspace-write"\n[sandbox_workspace_write]\nnetwork_access = true\n',
                expect=["/sandbox_workspace_write/network_access"], severity=Severity.MEDIUM),
        Invalid('approval_policy = "on-request"\nsandbox_mode = "danger-full-access"\n', expect=["/sandbox_mode"], severity=Severity.HIGH),
        Invalid(
            '[profiles.yolo]\napproval_policy = "never"\nsandbox_mode = "danger-full-access"\n',
            expect=["/profiles/yolo/sandbox_mode"],
            messages=["and `approval_policy: never` asks nobody: full access for profile `yolo`"],
            severity=Severity.CRITICAL,
        ),
    ]

    def check(self, config: AgentConfig) -> Iterator[Violation]:
        if config.sandbox_network is not None:
            yield Violation(
                config.sandbox_network.pointer,
                f"`network_access = true` opens the sandbox's network for {config.name}: commands can reach any endpoint",
                severity=Severity.MEDIUM,
            )
        if config.sandbox is None or not config.sandbox_off:
            return
        shown = config.sandbox.value if isinstance(config.sandbox.value, str) else json.dumps(config.sandbox.value)
        message = f"`{config.sandbox_key}: {shown}` turns the sandbox off"
        if config.bypass_reason and config.default_mode is not None:
            yield Violation(
                config.sandbox.pointer,
                f"{message}, and `{config.mode_key}: {config.default_mode.value}` asks nobody: full access for {config.name}",
                severity=Severity.CRITICAL,
            )
        else:
            yield Violation(config.sandbox.pointer, f"{message} for {config.name}")
