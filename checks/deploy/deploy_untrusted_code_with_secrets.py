from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.deploy.judge import commands, quote_list, triggers_of
from lint.subjects.deploy import Workflow


class UntrustedCodeWithSecrets(Check):
    """A `pull_request_target` or `workflow_run` job runs the pull request's code with secrets or deploys it.

    ## What it does
    Finds jobs started by `pull_request_target` or `workflow_run`, which run with the base
    repository's secrets and a write token, that check out the pull request's head
    (`ref: ${{ github.event.pull_request.head.sha }}`, `head.ref`, `github.head_ref`,
    `refs/pull/…`, `gh pr checkout`, the `workflow_run` head) or download its artifacts, and that
    also deploy, hold cloud credentials or read secrets. Deploying or holding write credentials is
    critical; other secrets are high. A job gated by an `environment` (a person approves each run
    when it has required reviewers) is reported at low severity, as a reminder to check that gate.

    ## Why is this bad?
    Whoever opens the pull request writes the code (build scripts, test hooks, `package.json`
    scripts) that now runs next to the secrets: nobody reviews it before it runs, and it can deploy
    or send the credentials anywhere.

    ## Example
    ```yaml
    on: pull_request_target
    jobs:
      preview:
        steps:
          - uses: actions/checkout@v4
            with: {ref: "${{ github.event.pull_request.head.sha }}"}
          - run: npm ci && npx vercel deploy --prod --token "${{ secrets.VERCEL_TOKEN }}"
    ```

    ## Remediation
    Build untrusted code under `pull_request` (no secrets), pass only inert results on, and deploy
    from a job that checks out the base branch or runs after a person approved the change.

    ## References
    - https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/
    - https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#pull_request_target
    """

    id = "deploy-untrusted-code-with-secrets"
    name = "Pull request code runs with secrets or is deployed"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = Workflow
    tags = ("deploy", "supply-chain", "secrets")
    cwe = (829, 94)
    example_path = ".github/workflows/preview.yml"

    valid = [
        Valid(
            "on: pull_request_target\npermissions: {pull-requests: write}\njobs:\n  label:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/checkout@v4\n      - run: ./scripts/label.sh\n        env: {TOKEN: '${{ secrets.LABEL_TOKEN }}'}\n",
            note="checks out the base branch only",
        ),
    ]
    invalid = [
        Invalid(
            "on: pull_request_target\njobs:\n  e2e:\n    environment: external-contributors\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/checkout@v4\n        with: {ref: '${{ github.event.pull_request.head.sha }}'}\n"
            "      - run: npm test\n        env: {E2E_TOKEN: '${{ secrets.E2E_TOKEN }}'}\n",
            expect=["/jobs/e2e/steps/0/with/ref"], severity=Severity.LOW,
        ),
        Invalid(
            "on: pull_request_target\njobs:\n  preview:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/checkout@v4\n        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n"
            "      - run: npm ci && npx vercel deploy --prod --token \"${{ secrets.VERCEL_TOKEN }}\"\n",
            expect=["/jobs/preview/steps/0/with/ref"],
            messages=["job `preview` runs the pull request's code on `pull_request_target` and deploys it (`vercel deploy --prod --token"],
            severity=Severity.CRITICAL,
        ),
        Invalid(
            "on:\n  workflow_run:\n    workflows: [CI]\n    types: [completed]\njobs:\n  comment:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/download-artifact@v4\n        with:\n          run-id: ${{ github.event.workflow_run.id }}\n"
            "          github-token: ${{ secrets.GITHUB_TOKEN }}\n"
            "      - run: ./coverage/post.sh\n        env: {CODECOV_TOKEN: '${{ secrets.CODECOV_TOKEN }}'}\n",
            expect=["/jobs/comment/steps/0/uses"],
            severity=Severity.HIGH,
        ),
    ]

    def check(self, workflow: Workflow) -> Iterator[Violation]:
        from lint.subjects.deploy.github import PRIVILEGED_PR_EVENTS

        for job in workflow.jobs:
            code = job.checkouts_pr_code
            if code is None:
                continue
            triggers = triggers_of(job, PRIVILEGED_PR_EVENTS)
            if not triggers:
                continue
            event = triggers[0].event
            head = "runs the pull request's code" if not code.pointer.endswith("/uses") else "uses the triggering run's artifacts"
            if not (job.deploys or job.write_credentials or job.secrets):
                continue
            if job.environment is not None and not job.environment_computed:
                yield Violation(code.pointer, f"job `{job.id}` {head} on `{event}` with secrets or deploying; "
                                f"environment `{job.environment.value}` is its only gate",
                                severity=Severity.LOW, confidence=Confidence.LOW,
                                related=(Related(job.environment.pointer, f"environment `{job.environment.value}`"),))
                continue
            if job.deploys:
                yield Violation(code.pointer, f"job `{job.id}` {head} on `{event}` and deploys it ({commands(job, 1)}): "
                                "its author decides what ships", severity=Severity.CRITICAL,
                                related=(Related(job.deploys[0].pointer, f"deploys: `{job.deploys[0].text}`"),))
            elif job.write_credentials:
                held = job.write_credentials[0]
                yield Violation(code.pointer, f"job `{job.id}` {head} on `{event}` holding {held.describe()}: "
                                "code nobody reviewed runs with cloud write credentials", severity=Severity.CRITICAL,
                                related=(Related(held.pointer, f"credentials {held.describe()}"),))
            elif job.secrets:
                names = quote_list([s.value for s in job.secrets])
                yield Violation(code.pointer, f"job `{job.id}` {head} on `{event}` with secrets {names}: "
                                "code nobody reviewed can read and send them",
                                related=(Related(job.secrets[0].pointer, f"reads secret `{job.secrets[0].value}`"),))
