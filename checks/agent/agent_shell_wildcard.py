from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.agent_commands import accepts_everything, regex_allows
from lint.subjects.agent import AgentConfig
from lint.subjects.cloud_env import describe_identity


class ShellWildcard(Check):
    """Every shell command is auto-approved.

    ## What it does
    Finds Claude Code `permissions.allow` rules that approve the shell tool
    without restriction (`Bash`, `Bash(*)` or `Bash(:*)`), and Amazon Q /
    Kiro CLI agents whose `execute_bash.allowedCommands` holds a pattern
    that accepts any command (`.*`), and workspace settings that trust every
    command (`kiroAgent.trustedCommands: ["*"]`,
    `chat.tools.terminal.autoApprove: {"/.*/": true}`).

    ## Why is this bad?
    An allow rule runs the tool without a prompt. Allowing all of `Bash` lets
    the agent run `rm -rf`, `git push --force`, `terraform destroy` or any
    `aws` command unattended; a `deny` list cannot enumerate every dangerous
    command (`bash -c`, `python -c`, `xargs` and aliases get around it).

    ## Example
    ```json
    {"permissions": {"allow": ["Bash"]}}
    ```

    Use instead:
    ```json
    {"permissions": {"allow": ["Bash(npm test)", "Bash(git diff:*)"],
                     "ask": ["Bash(git push:*)"]}}
    ```

    ## Remediation
    Allow the exact commands the agent needs, one rule each, and leave
    everything else to a prompt. Run agents that need a free shell in a
    sandbox without credentials.

    ## References
    - https://docs.anthropic.com/en/docs/claude-code/iam#tool-specific-permission-rules
    """

    id = "agent-shell-wildcard"
    name = "Every shell command auto-approved"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = AgentConfig
    tags = ("agent", "shell")
    cwe = (78, 862)
    example_path = ".claude/settings.json"

    valid = [
        Valid(
            '{"name": "ops-ro", "toolsSettings": {"execute_bash": {"allowedCommands": ["git status", "npm test", "git diff .*"]}}}',
            path=".amazonq/cli-agents/ops-ro.json",
        ),
        Valid('{"permissions": {"allow": ["Bash(npm test)", "Bash(git diff:*)", "Read"]}}'),
        Valid('{"permissions": {"ask": ["Bash"], "deny": ["Bash(*)"]}}'),
    ]
    invalid = [
        Invalid(
            'prefix_rule(pattern=["gh", "pr", "view"], decision="allow")\nprefix_rule(pattern=["bash"], decision="allow")\n',
            path=".codex/rules/default.rules",
            expect=["/rules/1/pattern"],
            messages=["`prefix_rule(pattern=[\"bash\"], decision=\"allow\")` auto-approves every shell command: `bash -c …` runs anything"],
        ),
        Invalid(
            '{\n  // trust everything\n  "kiroAgent.trustedCommands": ["npm test", "*"],\n}\n',
            path=".vscode/settings.json",
            expect=["/kiroAgent.trustedCommands/1"],
            messages=["trusted command `*` auto-approves every shell command"],
        ),
        Invalid('{"permissions": {"allow": ["Read", "Bash"]}}', expect=["/permissions/allow/1"]),
        Invalid(
            '{"name": "ops", "tools": ["execute_bash"], "toolsSettings": {"execute_bash": {"allowedCommands": ["git status", ".*"]}}}',
            path=".amazonq/cli-agents/ops.json",
            expect=["/toolsSettings/execute_bash/allowedCommands/1"],
            messages=["`allowedCommands` pattern `.*` auto-approves every shell command for agent `ops`"],
        ),
        Invalid(
            '{"permissions": {"allow": ["Bash(*)"]}, "env": {"AWS_ACCESS_KEY_ID": "AKIAEXAMPLE"}}',
            expect=["/permissions/allow/0"],
            messages=["static AWS access keys"],
        ),
    ]

    def check(self, config: AgentConfig) -> Iterator[Violation]:
        identity = config.cloud_identity
        for rule in config.allowed:
            if not (rule.is_shell and rule.matches_everything):
                continue
            message = f"allow rule `{rule.raw}` auto-approves every shell command"
            if identity is None:
                yield Violation(rule.pointer, message)
                continue
            name, item = identity
            yield Violation(
                rule.pointer,
                f"{message}, run as {describe_identity(name, item.value)}",
                related=(Related(item.pointer, f"`{name}` gives the shell a cloud identity"),),
                severity=Severity.CRITICAL,
            )
        for prefix in config.shell_prefixes:
            label = config.shell_labels.get(prefix.pointer, f"trusted command `{prefix.value}`")
            value = prefix.value.strip()
            if value in ("*", "", ":*", "**"):
                yield Violation(prefix.pointer, f"{label} auto-approves every shell command")
            elif value.split(" ")[0] in INTERPRETERS and len(value.split()) == 1:
                yield Violation(
                    prefix.pointer,
                    f"{label} auto-approves every shell command: `{value} -c …` runs anything",
                )
        for pattern in config.shell_allowed:
            if accepts_everything(lambda command, p=pattern.value: regex_allows(p, command)):
                yield Violation(
                    pattern.pointer,
                    f"`allowedCommands` pattern `{pattern.value}` auto-approves every shell command for agent `{config.name}`",
                )


#: Commands that run any other command they are given.
INTERPRETERS = {"bash", "sh", "zsh", "fish", "dash", "python", "python3", "node", "perl", "ruby", "eval", "sudo", "env", "xargs", "npx", "uvx", "pwsh", "powershell", "cmd"}
