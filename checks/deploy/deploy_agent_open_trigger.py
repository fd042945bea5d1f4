from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.deploy.judge import triggers_of
from lint.subjects.deploy import Workflow


class AgentOpenTrigger(Check):
    """Anyone can start an AI agent step that may push, merge or run any command.

    ## What it does
    Finds agent steps in jobs started by events anyone can cause (`issue_comment`, `issues`,
    `pull_request_target`, review comments, discussions) when nothing checks who caused them: no
    `author_association` / actor test in the job's or step's `if:`, and the action does not check
    write access itself (`claude-code-action` and `codex-action` do by default; the finding is made
    when `allowed_non_write_users`, `allowed_bots: '*'` or `allow-users: '*'` open them, and for
    `run-gemini-cli` and agent CLIs in `run:` steps, which check nothing). It reports the step when
    the agent can push or merge (`contents: write`, `pull-requests: write`, `write-all`) or run any
    shell command (`--allowedTools Bash`, `sandbox: danger-full-access`…). An agent CLI's trust
    flag in a `run:` step (`--yolo`, `--dangerously-skip-permissions`) is `agent-cli-trust-flags`'s
    finding; this check adds one for such a step only when the job's token may also push or merge.

    ## Why is this bad?
    The comment or issue is the agent's prompt. A stranger writes the instructions, and the agent
    carries them out with the job's token: it pushes to a branch that deploys, merges a pull
    request, or runs a command that reads the job's secrets.

    ## Example
    ```yaml
    on: {issue_comment: {types: [created]}}
    permissions: {contents: write}
    jobs:
      agent:
        steps:
          - uses: google-github-actions/run-gemini-cli@v0
            with: {prompt: "${{ github.event.comment.body }}"}
    ```

    ## Remediation
    Check the author in the job's `if:` (`contains(fromJSON('["OWNER","MEMBER","COLLABORATOR"]'),
    github.event.comment.author_association)`), keep the agent's token read-only and its tools
    to an allow list, and let a person merge what it proposes.

    ## References
    - https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#understanding-the-risk-of-script-injections
    - https://github.com/anthropics/claude-code-action/blob/main/docs/security.md
    - https://github.com/google-github-actions/run-gemini-cli
    """

    id = "deploy-agent-open-trigger"
    name = "Agent step anyone can trigger may push, merge or run any command"
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    subject = Workflow
    tags = ("deploy", "agent", "prompt-injection")
    cwe = (284, 77)
    example_path = ".github/workflows/agent.yml"

    valid = [
        Valid(
            "on: {issue_comment: {types: [created]}}\npermissions: {contents: write, pull-requests: write}\njobs:\n  agent:\n"
            "    if: contains(fromJSON('[\"OWNER\",\"MEMBER\"]'), github.event.comment.author_association)\n"
            "    runs-on: ubuntu-latest\n    steps:\n      - uses: google-github-actions/run-gemini-cli@v0\n"
            "        with: {prompt: '${{ github.event.comment.body }}'}\n",
            note="the job checks the commenter",
        ),
        Valid(
            "on: {issue_comment: {types: [created]}}\npermissions: {contents: write, pull-requests: write}\njobs:\n  claude:\n"
            "    runs-on: ubuntu-latest\n    steps:\n      - uses: anthropics/claude-code-action@v1\n",
            note="claude-code-action runs only for people with write access by default",
        ),
    ]
    invalid = [
        Invalid(
            "on:\n  issue_comment:\n    types: [created]\npermissions:\n  contents: write\njobs:\n  agent:\n"
            "    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
            "      - uses: google-github-actions/run-gemini-cli@v0\n        with:\n          prompt: ${{ github.event.comment.body }}\n",
            expect=["/jobs/agent/steps/1/uses"],
            messages=["anyone can prompt Gemini CLI in job `agent` through `issue_comment`"],
        ),
        Invalid(
            "on: {issue_comment: {types: [created]}}\njobs:\n  claude:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: anthropics/claude-code-action@v1\n"
            "        with:\n          allowed_non_write_users: '*'\n          claude_args: --allowedTools Bash\n",
            expect=["/jobs/claude/steps/0/uses"],
        ),
    ]

    def check(self, workflow: Workflow) -> Iterator[Violation]:
        from lint.subjects.deploy.github import OPEN_EVENTS

        for job in workflow.jobs:
            if not job.agents:
                continue
            triggers = triggers_of(job, OPEN_EVENTS)
            if not triggers or job.actor_check() is not None:
                continue
            events = ", ".join(f"`{t.event}`" for t in triggers)
            for agent in job.agents:
                if agent.checks_actor and agent.open_to_anyone is None:
                    continue
                powers = []
                related = []
                cli_flag = agent.pointer.endswith("/run") and agent.shell is not None
                if agent.shell is not None and not cli_flag:  # a CLI's trust flag: `agent-cli-trust-flags` reports it
                    powers.append(f"run any command (`{agent.shell.value}`)")
                    related.append(Related(agent.shell.pointer, "lets the agent run any command"))
                if job.write_permissions:
                    powers.append("push or merge (" + ", ".join(f"`{p.value}`" for p in job.write_permissions) + ")")
                    related.append(Related(job.write_permissions[0].pointer, "the job's token may write"))
                if not powers:
                    continue
                if agent.open_to_anyone is not None:
                    related.append(Related(agent.open_to_anyone.pointer, "opens the action to people without write access"))
                related.append(Related(triggers[0].pointer, f"started by `{triggers[0].event}`"))
                yield Violation(
                    agent.pointer,
                    f"anyone can prompt {agent.product} in job `{job.id}` through {events}, and it may {' and '.join(powers)}",
                    related=tuple(related),
                )
