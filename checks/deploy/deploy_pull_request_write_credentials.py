from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.deploy.judge import triggers_of
from lint.subjects.deploy import Workflow


class PullRequestWriteCredentials(Check):
    """A `pull_request` job holds production write credentials.

    ## What it does
    Finds jobs that run for `pull_request` events (the job's `if:` does not exclude them) and hold
    cloud credentials that can write to production: a role or key whose name names production
    (`prod-admin`, `AWS_ACCESS_KEY_ID_PROD`) and does not say it only reads, or any write
    credentials in a job that also deploys. A plan with read-only credentials is not reported.

    ## Why is this bad?
    A pull request's code runs before anyone reviewed it. `terraform plan` runs providers and
    external data sources, test scripts run anything: with admin keys, the author of a pull request
    from a branch of the repository changes production before review.

    ## Example
    ```yaml
    on: pull_request
    jobs:
      plan:
        steps:
          - uses: aws-actions/configure-aws-credentials@v4
            with: {role-to-assume: "arn:aws:iam::111122223333:role/prod-admin"}
          - run: terraform plan
    ```

    ## Remediation
    Give pull request jobs a read-only role (`…-plan` / `…-readonly`, trust policy pinned to
    `repo:ORG/REPO:pull_request`), and keep write roles for jobs gated by a protected environment.

    ## References
    - https://docs.github.com/en/actions/security-for-github-actions/security-hardening-your-deployments/about-security-hardening-with-openid-connect
    - https://developer.hashicorp.com/terraform/tutorials/automation/github-actions
    """

    id = "deploy-pull-request-write-credentials"
    name = "Pull request job holds production write credentials"
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    subject = Workflow
    tags = ("deploy", "credentials")
    cwe = (269,)
    example_path = ".github/workflows/terraform.yml"

    valid = [
        Valid(
            "on: pull_request\npermissions: {contents: read, id-token: write}\njobs:\n  plan:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/checkout@v4\n      - uses: aws-actions/configure-aws-credentials@v4\n"
            "        with: {role-to-assume: 'arn:aws:iam::111122223333:role/prod-plan-readonly', aws-region: us-east-1}\n"
            "      - run: terraform plan -out tfplan\n",
            note="a plan with a read-only role",
        ),
        Valid(
            "on: [push, pull_request]\njobs:\n  deploy:\n    if: github.event_name == 'push'\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: aws-actions/configure-aws-credentials@v4\n"
            "        with: {role-to-assume: 'arn:aws:iam::111122223333:role/prod-deployer', aws-region: us-east-1}\n"
            "      - run: cdk deploy --all\n",
            note="the job does not run for pull requests",
        ),
    ]
    invalid = [
        Invalid(
            "on:\n  pull_request:\n    branches: [main]\njobs:\n  plan:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n"
            "          role-to-assume: arn:aws:iam::111122223333:role/prod-admin\n          aws-region: us-east-1\n"
            "      - run: terraform plan\n",
            expect=["/jobs/plan/steps/0/with/role-to-assume"],
            messages=["job `plan` holds role `prod-admin` on `pull_request`"],
        ),
    ]

    def check(self, workflow: Workflow) -> Iterator[Violation]:
        for job in workflow.jobs:
            triggers = triggers_of(job, ("pull_request",))
            if not triggers:
                continue
            for credential in job.write_credentials:
                if not (credential.production or job.deploys):
                    continue
                also = "" if credential.production else f" and deploys (`{job.deploys[0].text}`)"
                yield Violation(
                    credential.pointer,
                    f"job `{job.id}` holds {credential.describe()} on `pull_request`{also}: "
                    "unreviewed pull request code runs with production write access",
                    related=(Related(triggers[0].pointer, "runs for pull requests"),),
                )
                break
