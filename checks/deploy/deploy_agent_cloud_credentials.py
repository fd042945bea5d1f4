from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.subjects.deploy import Workflow


class AgentCloudCredentials(Check):
    """An AI agent step runs in a job that holds cloud write credentials.

    ## What it does
    Finds jobs of GitHub Actions workflows that run an AI agent (`anthropics/claude-code-action`,
    `openai/codex-action`, `google-github-actions/run-gemini-cli`, or an agent CLI such as `claude`,
    `codex`, `gemini`, `kiro-cli`, `q chat` in a `run:` step) after the job has obtained cloud
    credentials that can write: an OIDC role (`aws-actions/configure-aws-credentials`
    `role-to-assume`, `google-github-actions/auth`, `azure/login`), static keys in `env`
    (`AWS_ACCESS_KEY_ID`, `ARM_CLIENT_SECRET`, `GOOGLE_CREDENTIALS`…) or a Terraform Cloud token.
    Roles whose name says they only read (`…-readonly`, `…-plan`) or that carry a session policy are
    not counted.

    ## Why is this bad?
    It is the incident this tool exists for: the agent acts with whatever the job's credentials
    allow, decides on its own what to run, and nobody approves the call that deletes an
    environment. Credentials exported by the login step are in the environment of every later
    step, the agent's included, whatever tools it was given.

    ## Example
    ```yaml
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with: {role-to-assume: arn:aws:iam::111122223333:role/prod-admin, aws-region: us-east-1}
      - uses: anthropics/claude-code-action@v1
        with: {prompt: "Make the deploy pass"}
    ```

    ## Remediation
    Run the agent in a job with no cloud credentials (or a read-only role), let it propose a
    change as a pull request, and deploy from a separate job gated by a protected `environment`.

    ## References
    - https://github.com/anthropics/claude-code-action/blob/main/docs/security.md
    - https://github.com/aws-actions/configure-aws-credentials
    - https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions
    """

    id = "deploy-agent-cloud-credentials"
    name = "AI agent step in a job holding cloud write credentials"
    severity = Severity.CRITICAL
    confidence = Confidence.HIGH
    subject = Workflow
    tags = ("deploy", "agent", "credentials")
    cwe = (250, 862)
    example_path = ".github/workflows/agent.yml"

    valid = [
        Valid(
            "on: {issues: {types: [opened]}}\npermissions: {contents: read, issues: write}\njobs:\n  triage:\n"
            "    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
            "      - uses: aws-actions/configure-aws-credentials@v4\n"
            "        with: {role-to-assume: 'arn:aws:iam::111122223333:role/agent-readonly', aws-region: us-east-1}\n"
            "      - uses: anthropics/claude-code-action@v1\n        with: {prompt: Label this issue}\n",
            note="the role only reads",
        ),
        Valid(
            "on: {push: {branches: [main]}}\njobs:\n  review:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: openai/codex-action@v1\n        with: {prompt: Summarise the change}\n"
            "  deploy:\n    needs: review\n    environment: production\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: aws-actions/configure-aws-credentials@v4\n"
            "        with: {role-to-assume: 'arn:aws:iam::111122223333:role/prod-deployer', aws-region: us-east-1}\n"
            "      - run: terraform apply tfplan\n",
            note="the agent and the credentials are in different jobs",
        ),
    ]
    invalid = [
        Invalid(
            "on: {push: {branches: [main]}}\njobs:\n  fix-and-deploy:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: aws-actions/configure-aws-credentials@v4\n"
            "        with:\n          role-to-assume: arn:aws:iam::111122223333:role/prod-admin\n          aws-region: us-east-1\n"
            "      - uses: anthropics/claude-code-action@v1\n"
            "        with:\n          prompt: Make the deploy pass\n          claude_args: '--allowedTools \"Bash\"'\n"
            "      - run: terraform apply -auto-approve\n",
            expect=["/jobs/fix-and-deploy/steps/1/uses"],
            messages=["Claude Code runs in job `fix-and-deploy` holding role `prod-admin` and may run any command"],
        ),
        Invalid(
            "on: workflow_dispatch\njobs:\n  ops:\n    runs-on: ubuntu-latest\n    env:\n"
            "      AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}\n      AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}\n"
            "    steps:\n      - run: npx -y @google/gemini-cli -p \"$TASK\"\n",
            expect=["/jobs/ops/steps/0/run"],
        ),
    ]

    def check(self, workflow: Workflow) -> Iterator[Violation]:
        for job in workflow.jobs:
            credentials = job.write_credentials
            if not credentials or not job.agents:
                continue
            held = credentials[0]
            for agent in job.agents:
                if agent.pointer.endswith("/run") and agent.shell is not None:
                    continue  # a CLI with a trust flag: `agent-cli-trust-flags` reports it, critical with credentials
                can = " and may run any command" if agent.shell else ""
                related = [Related(c.pointer, f"credentials {c.describe()}") for c in credentials[:3]]
                if agent.shell:
                    related.append(Related(agent.shell.pointer, f"lets the agent run any command (`{agent.shell.value}`)"))
                yield Violation(
                    agent.pointer,
                    f"{agent.product} runs in job `{job.id}` holding {held.describe()}{can}: "
                    "it can change or delete what they reach, and nobody approves",
                    related=tuple(related),
                )
