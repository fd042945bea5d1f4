from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.invocations import AgentInvocation


class CliTrustFlags(Check):
    """An agent CLI is started with a flag that removes every approval.

    ## What it does
    Finds agent command lines in GitHub Actions `run:` steps, shell scripts
    and Makefiles that pass a trust flag: `claude --dangerously-skip-permissions`
    or `--permission-mode bypassPermissions`, `q chat` / `kiro-cli chat
    --trust-all-tools`, `codex --yolo`, `-a never` or `-s danger-full-access`,
    `gemini --yolo`, `copilot --allow-all-tools`. In a workflow job that holds
    cloud credentials (`aws-actions/configure-aws-credentials`, `id-token:
    write`, AWS variables in `env`) the finding is critical.

    ## Why is this bad?
    Headless runs are where nobody watches: the agent acts on whatever the
    issue, pull request or file it reads tells it, with every tool and the
    job's credentials. One prompt injection in a pull request description is
    enough to delete what those credentials reach.

    ## Example
    ```yaml
    - uses: aws-actions/configure-aws-credentials@v4
      with: {role-to-assume: arn:aws:iam::123456789012:role/deploy}
    - run: claude -p "fix the failing deploy" --dangerously-skip-permissions
    ```

    ## Remediation
    Pass an explicit allow list of read-only tools (`--allowedTools`,
    `--trust-tools=fs_read`) and keep cloud credentials out of the agent's
    job; let a separate, reviewed job deploy.

    ## References
    - https://docs.anthropic.com/en/docs/claude-code/cli-reference
    - https://github.com/aws/amazon-q-developer-cli/blob/main/docs/agent-format.md
    """

    id = "agent-cli-trust-flags"
    name = "Agent CLI started with every approval removed"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = AgentInvocation
    tags = ("agent", "approval")
    cwe = (862,)
    example_path = ".github/workflows/agent.yml"

    valid = [
        Valid(
            "on: issues\njobs:\n  triage:\n    runs-on: ubuntu-latest\n    steps:\n"
            '      - run: claude -p "label this issue" --allowedTools "Read,Grep"\n'
        ),
        Valid("echo 'use --yolo only locally'\nq chat --trust-tools=fs_read\n", path="scripts/agent.sh"),
    ]
    invalid = [
        Invalid(
            "on: issues\njobs:\n  fix:\n    runs-on: ubuntu-latest\n    permissions:\n      id-token: write\n    steps:\n"
            "      - uses: actions/checkout@v4\n"
            "      - run: |\n"
            "          npm ci\n"
            '          claude -p "fix it" --dangerously-skip-permissions\n',
            expect=["11:30"],
            messages=["`claude --dangerously-skip-permissions` in workflow job `fix` skips every permission prompt; the job may mint cloud credentials"],
            severity=Severity.CRITICAL,
        ),
        Invalid("#!/bin/sh\nset -e\nq chat --no-interactive --trust-all-tools \"$TASK\"\n", path="scripts/agent.sh", expect=["3:25"], severity=Severity.HIGH),
    ]

    def check(self, invocation: AgentInvocation) -> Iterator[Violation]:
        for flag in invocation.flags:
            message = f"`{flag.agent} {flag.flag}` in {invocation.where} {flag.meaning}"
            if invocation.cloud:
                yield Violation(flag.span, f"{message}; {invocation.cloud}", severity=Severity.CRITICAL)
            else:
                yield Violation(flag.span, message)
