from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.agent_commands import accepts_everything, chained_probes, destructive_probes, prefix_allows, regex_allows
from lint.subjects.agent import AgentConfig


class DestructiveCommand(Check):
    """A shell allow rule auto-approves commands that destroy.

    ## What it does
    Tests every shell allow pattern against a set of destructive commands
    (`rm -rf`, `git push --force`, `git reset --hard`, `terraform
    destroy|apply`, `cdk destroy|deploy`, `aws … delete-*|terminate-*|rb`,
    `kubectl delete`, `DROP TABLE`, ...) with the product's own matching:
    Claude Code `Bash(...)` rules and Kiro / Gemini trusted commands as
    prefixes, Amazon Q / Kiro CLI `allowedCommands` as anchored regexes. A
    rule that accepts one of them is reported, with the commands it lets
    through. Rules that accept every command are `agent-shell-wildcard`'s.

    ## Why is this bad?
    `Bash(terraform:*)` looks like "the agent may run Terraform"; it also
    runs `terraform destroy -auto-approve` with nobody asked. This is the
    rule an agent follows when it decides to "delete and recreate the
    environment".

    ## Example
    ```json
    {"permissions": {"allow": ["Bash(terraform:*)", "Bash(aws:*)"]}}
    ```

    Use instead:
    ```json
    {"permissions": {"allow": ["Bash(terraform plan:*)", "Bash(aws sts get-caller-identity)"]}}
    ```

    ## Remediation
    Allow the read-only subcommands you need (`terraform plan`, `git status`,
    `aws … describe-*`) and leave the rest to the prompt; deny the
    destructive ones explicitly as well.

    ## References
    - https://docs.anthropic.com/en/docs/claude-code/iam#tool-specific-permission-rules
    - https://github.com/aws/amazon-q-developer-cli/blob/main/docs/built-in-tools.md
    """

    id = "agent-destructive-command"
    name = "Destructive shell commands auto-approved"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = AgentConfig
    tags = ("agent", "destructive")
    cwe = (862,)
    example_path = ".claude/settings.json"

    valid = [
        Valid('{"permissions": {"allow": ["Bash(npm test)", "Bash(terraform plan:*)", "Bash(git status)", "Bash(git diff:*)"]}}'),
        Valid('{"permissions": {"allow": ["Bash(*)"]}}', note="every command: reported by agent-shell-wildcard"),
        Valid(
            '{"name": "ro", "toolsSettings": {"execute_bash": {"allowedCommands": ["git status", "aws .* describe-.*"]}}}',
            path=".amazonq/cli-agents/ro.json",
        ),
    ]
    invalid = [
        Invalid(
            '{"permissions": {"allow": ["Bash(npm test)", "Bash(terraform:*)"]}}',
            expect=["/permissions/allow/1"],
            messages=["allow rule `Bash(terraform:*)` auto-approves destructive commands: `terraform destroy -auto-approve` (destroys the infrastructure)"],
        ),
        Invalid(
            '{"name": "ops", "toolsSettings": {"execute_bash": {"allowedCommands": ["aws .*"]}}}',
            path=".amazonq/cli-agents/ops.json",
            expect=["/toolsSettings/execute_bash/allowedCommands/0"],
            messages=["`aws cloudformation delete-stack --stack-name prod` (deletes stacks) and 5 more"],
        ),
        Invalid(
            '{"name": "dev", "toolsSettings": {"execute_bash": {"allowedCommands": ["git status", "cd .*"]}}}',
            path=".amazonq/cli-agents/dev.json",
            expect=["/toolsSettings/execute_bash/allowedCommands/1"],
            messages=["auto-approves chained commands: `cd x && rm -rf ~` matches it"],
        ),
        Invalid(
            '{"permissions": {"allow": ["Bash(npm test)", "Bash(kubectl apply:*)", "Bash(firebase deploy:*)"]}}',
            expect=["/permissions/allow/1", "/permissions/allow/2"],
            messages=["`kubectl apply -f deploy/prod.yaml` (changes the live cluster)", "`firebase deploy --only hosting` (deploys to production)"],
        ),
        Invalid(
            '{"chat.tools.terminal.autoApprove": {"npm test": true, "/^kubectl /": {"approve": true, "matchCommandLine": true}}}',
            path=".vscode/settings.json",
            expect=["/chat.tools.terminal.autoApprove/~1^kubectl ~1"],
            messages=["`kubectl delete namespace prod`"],
        ),
    ]

    def check(self, config: AgentConfig) -> Iterator[Violation]:
        for rule in config.allowed:
            if rule.is_shell and not rule.matches_everything:
                yield from _report(f"allow rule `{rule.raw}`", rule.pointer, lambda c, s=rule.specifier: prefix_allows(s, c))
        for item in config.shell_allowed:
            label = f"`allowedCommands` pattern `{item.value}`"
            allows = lambda c, p=item.value: regex_allows(p, c)  # noqa: E731 - one test, two uses
            reported = list(_report(label, item.pointer, allows))
            yield from reported
            if not reported and not accepts_everything(allows):
                chained = [c for c in chained_probes(item.value) if allows(c)]
                if chained:
                    yield Violation(
                        item.pointer,
                        f"{label} auto-approves chained commands: `{chained[0]}` matches it, and the whole line runs",
                    )
        for item in config.shell_prefixes:
            label = config.shell_labels.get(item.pointer, f"trusted command `{item.value}`")
            yield from _report(label, item.pointer, lambda c, p=item.value: prefix_allows(p, c))


def _report(label: str, pointer: str, allows) -> Iterator[Violation]:
    found = destructive_probes(allows)
    if not found or accepts_everything(allows):
        return  # nothing destructive, or everything: the shell wildcard check's
    # As many examples as a one-line message holds (at least one); all of them in `data`.
    message = ""
    for count in range(1, min(len(found), 3) + 1):
        shown = ", ".join(f"`{probe}` ({what})" for probe, what in found[:count])
        more = f" and {len(found) - count} more" if len(found) > count else ""
        candidate = f"{label} auto-approves destructive commands: {shown}{more}"
        if message and len(candidate) > MESSAGE_LIMIT:
            break
        message = candidate
    data = {"commands": [probe for probe, _ in found], "effects": [what for _, what in found]}
    yield Violation(pointer, message, data=data)


#: The longest first line a message should have.
MESSAGE_LIMIT = 160
