from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.deploy.judge import commands
from lint.subjects.deploy import Workflow


class ReusableWithoutEnvironment(Check):
    """A reusable workflow deploys with no `environment`, or a caller passes it every secret.

    ## What it does
    Finds jobs of reusable workflows (`on: workflow_call`) that deploy with no `environment:` and
    no environment input, and callers (`uses: ./.github/workflows/deploy.yml`) that pass
    `secrets: inherit` to such a workflow: the called file is read from the repository. A caller
    that passes `secrets: inherit` to a workflow outside the repository, which cannot be judged
    here, is reported at low severity.

    ## Why is this bad?
    The caller cannot add an `environment` to a job it calls: if the reusable workflow does not
    name one, no reviewer stands between any caller and the deployment. `secrets: inherit` hands
    the called workflow every secret of the caller, production keys included.

    ## Example
    ```yaml
    # .github/workflows/deploy.yml
    on: workflow_call
    jobs:
      deploy:
        steps:
          - run: terraform apply -auto-approve
    ```

    ## Remediation
    Give the reusable workflow an `environment` input and use it in `jobs.<id>.environment`, then
    protect that environment; pass only the secrets it needs by name.

    ## References
    - https://docs.github.com/en/actions/sharing-automations/reusing-workflows#using-inputs-and-secrets-in-a-reusable-workflow
    - https://docs.github.com/en/actions/writing-workflows/workflow-syntax-for-github-actions#jobsjob_idsecretsinherit
    """

    id = "deploy-reusable-without-environment"
    name = "Reusable workflow deploys with no environment"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = Workflow
    tags = ("deploy", "approval")
    cwe = (862,)
    example_path = ".github/workflows/deploy.yml"

    valid = [
        Valid(
            "on:\n  workflow_call:\n    inputs:\n      environment: {type: string, required: true}\njobs:\n  deploy:\n"
            "    environment: ${{ inputs.environment }}\n    runs-on: ubuntu-latest\n    steps:\n      - run: terraform apply tfplan\n",
        ),
        Valid(
            "on: {push: {branches: [main]}}\njobs:\n  deploy:\n    uses: ./.github/workflows/deploy.yml\n"
            "    secrets:\n      DEPLOY_KEY: ${{ secrets.DEPLOY_KEY }}\n",
            note="secrets passed by name",
        ),
    ]
    invalid = [
        Invalid(
            "on:\n  workflow_call:\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: actions/checkout@v4\n      - run: terraform apply -auto-approve\n",
            expect=["/jobs/deploy"],
            messages=["reusable workflow job `deploy` runs `terraform apply -auto-approve` with no `environment`"],
        ),
        Invalid(
            "on: {push: {branches: [main]}}\njobs:\n  deploy:\n    uses: acme/platform/.github/workflows/deploy.yml@v2\n    secrets: inherit\n",
            expect=["/jobs/deploy/secrets"],
            severity=Severity.LOW,
        ),
    ]

    def check(self, workflow: Workflow) -> Iterator[Violation]:
        if workflow.reusable:
            for job in workflow.jobs:
                if job.deploys and job.environment is None and job.calls is None:
                    yield Violation(
                        job.pointer,
                        f"reusable workflow job `{job.id}` runs {commands(job)} with no `environment`: "
                        "callers cannot add one, so nobody approves the deployment",
                        key=True, related=(Related(job.deploys[0].pointer, f"deploys: `{job.deploys[0].text}`"),),
                    )
        for job in workflow.jobs:
            if job.secrets_inherit is None or job.calls is None:
                continue
            called = job.called
            if called is None:
                if job.calls.value.startswith("./"):
                    continue  # a file of this repository: judged when that file is read
                yield Violation(
                    job.secrets_inherit.pointer,
                    f"job `{job.id}` passes `secrets: inherit` to `{job.calls.value}`: "
                    "outside this repository, its environment gate is not judged",
                    severity=Severity.LOW, confidence=Confidence.LOW,
                )
                continue
            ungated = [inner for inner in called.jobs if inner.deploys and inner.environment is None]
            if ungated and job.environment is None:
                inner = ungated[0]
                yield Violation(
                    job.secrets_inherit.pointer,
                    f"job `{job.id}` passes `secrets: inherit` to `{job.calls.value.rsplit('/', 1)[-1]}`, whose job `{inner.id}` "
                    f"deploys with no `environment`: every secret reaches an unapproved deployment",
                    related=(Related(job.calls.pointer, "calls the reusable workflow"),
                             Related(inner.deploys[0].pointer, f"job `{inner.id}` runs {commands(inner, 1)}", document=called.document)),
                )
