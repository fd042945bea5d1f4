from __future__ import annotations

import json

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.subjects.agent import AgentConfig
from lint.subjects.agent_code.model import AgentCode
from lint.subjects.cloud_env import describe_identity


class PermissionBypassMode(Check):
    """The agent runs every tool without asking anyone.

    ## What it does
    Finds Claude Code settings whose `permissions.defaultMode` is
    `bypassPermissions` or `dontAsk`, unless `disableBypassPermissionsMode` is
    `"disable"` in the same file. In agents built in Python it finds the same
    switch written in code: `ClaudeAgentOptions(permission_mode="bypassPermissions")`,
    Strands `BYPASS_TOOL_CONSENT=true` set in `os.environ`, AutoGen
    `human_input_mode="NEVER"` or `"TERMINATE"` on an agent that runs code on
    the host, and MCP tools with `require_approval="never"`.

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
    subject = (AgentConfig, AgentCode)
    tags = ("agent", "approval-bypass")
    cwe = (862,)
    example_path = ".claude/settings.json"

    valid = [
        Valid('{"permissions": {"defaultMode": "default", "allow": ["Bash(npm test)"]}}'),
        Valid('{"permissions": {"defaultMode": "bypassPermissions", "disableBypassPermissionsMode": "disable"}}'),
        Valid('{"permissions": {"defaultMode": "bypassPermissions"}}', path="docs/settings.json", note="not a Claude Code location"),
        Valid(
            "from autogen import UserProxyAgent\n\n"
            'proxy = UserProxyAgent("runner", human_input_mode="ALWAYS", code_execution_config={"use_docker": False})\n',
            path="agent.py",
        ),
        Valid("from strands import Agent\nfrom strands_tools import shell\n\nagent = Agent(tools=[shell])\n", path="agent.py"),
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
            "from claude_agent_sdk import ClaudeAgentOptions\n\n"
            'options = ClaudeAgentOptions(permission_mode="bypassPermissions", cwd="/srv/app")\n',
            path="agent.py",
            expect=["/agents/0/settings/permission_mode"],
            messages=['`permission_mode="bypassPermissions"`'],
        ),
        Invalid(
            "import os\nfrom strands import Agent\nfrom strands_tools import shell, use_aws\n\n"
            'os.environ["BYPASS_TOOL_CONSENT"] = "true"\n'
            "agent = Agent(tools=[shell, use_aws])\n",
            path="agent.py",
            expect=["/environment/BYPASS_TOOL_CONSENT"],
            messages=["`shell`, `use_aws`"],
            severity=Severity.CRITICAL,
        ),
        Invalid(
            "from autogen import UserProxyAgent\n\n"
            'proxy = UserProxyAgent("runner", human_input_mode="NEVER", code_execution_config={"work_dir": "w", "use_docker": False})\n',
            path="agent.py",
            expect=["/agents/0/settings/human_input_mode"],
        ),
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

    def check(self, config: AgentConfig | AgentCode) -> Iterator[Violation]:
        if isinstance(config, AgentConfig):
            yield from self._config(config)
        else:
            yield from self._code(config)

    def _code(self, code) -> Iterator[Violation]:
        from lint.subjects.agent_code.model import identity_words

        for setting in code.environment:
            affected = [(a, c) for a in code.agents for c in a.capabilities if c.consent]
            if not affected:
                message = f"`{setting.key}={setting.value}` {setting.what}: no tool here asks, but any Strands tool this process loads later runs with no prompt"
                yield Violation(setting.pointer, message, severity=Severity.LOW if code.agents else Severity.MEDIUM)
                continue
            unique = list(dict.fromkeys(f"`{c.name}`" for _, c in affected))
            names = ", ".join(unique[:2]) + (f" and {len(unique) - 2} more" if len(unique) > 2 else "")
            cloud = any(c.reach == "cloud" for _, c in affected)
            message = f"`{setting.key}={setting.value}` {setting.what}: {names} of {affected[0][0].label} run with no prompt"
            yield Violation(setting.pointer, message, severity=Severity.CRITICAL if cloud else None,
                            related=tuple(Related(c.pointer, f"`{c.name}` {c.what}") for _, c in affected[:4]))
        for agent in code.agents:
            identities = agent.all_identities()
            for setting in agent.settings:
                if setting.kind != "bypass":
                    continue
                written = setting.what if setting.what.startswith("`") else f'`{setting.key}="{setting.value}"`: {setting.what}'
                message = f"{agent.label}: {written}{identity_words(identities)}"
                severity = Severity.CRITICAL if identities else None
                yield Violation(setting.pointer, message, severity=severity)

    def _config(self, config: AgentConfig) -> Iterator[Violation]:
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
