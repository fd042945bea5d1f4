from __future__ import annotations

import re
from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.deploy.judge import commands, pinned_branch, runs_on
from lint.deploy.production import is_production
from lint.subjects.deploy import Workflow


class DispatchAnyBranch(Check):
    """`workflow_dispatch` lets one person deploy production from any branch.

    ## What it does
    Finds `workflow_dispatch` inputs that choose where a job deploys (the job's `environment:` is
    `${{ inputs.X }}`, or its commands use the input) when the input can be a production name (a
    `choice` with a production option, a production default, or free text), the job deploys or
    holds write credentials, and its `if:` does not pin `github.ref` to a branch. With no
    `environment` at all the finding is high, otherwise medium: the chosen environment's reviewers
    still apply, if it has any, but not a review of the code.

    ## Why is this bad?
    Anyone with write access can run a workflow from any branch, with the workflow file as that
    branch has it: they choose `production`, from a branch nobody reviewed, and the run deploys
    their code. Unless the environment restricts deployment branches, nobody else is involved.

    ## Example
    ```yaml
    on:
      workflow_dispatch:
        inputs:
          environment: {type: choice, options: [staging, production]}
    jobs:
      deploy:
        environment: ${{ inputs.environment }}
    ```

    ## Remediation
    Pin the job to the default branch (`if: github.ref == 'refs/heads/main'`) and give the
    production environment a deployment branch policy and required reviewers.

    ## References
    - https://docs.github.com/en/actions/managing-workflow-runs-and-deployments/managing-deployments/managing-environments-for-deployment#deployment-branches-and-tags
    - https://docs.github.com/en/actions/writing-workflows/choosing-when-your-workflow-runs/events-that-trigger-workflows#workflow_dispatch
    """

    id = "deploy-dispatch-any-branch"
    name = "Manual run deploys production from any branch"
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    subject = Workflow
    tags = ("deploy", "approval")
    cwe = (862,)
    example_path = ".github/workflows/deploy.yml"

    valid = [
        Valid(
            "on:\n  workflow_dispatch:\n    inputs:\n      environment: {type: choice, options: [staging, production]}\njobs:\n  deploy:\n"
            "    if: github.ref == 'refs/heads/main'\n    environment: ${{ inputs.environment }}\n    runs-on: ubuntu-latest\n"
            "    steps:\n      - run: terraform apply -auto-approve\n",
            note="pinned to the default branch",
        ),
        Valid(
            "on:\n  workflow_dispatch:\n    inputs:\n      environment: {type: choice, options: [dev, staging]}\njobs:\n  deploy:\n"
            "    environment: ${{ inputs.environment }}\n    runs-on: ubuntu-latest\n    steps:\n      - run: helm upgrade --install app ./chart\n",
            note="production is not one of the choices",
        ),
    ]
    invalid = [
        Invalid(
            "on:\n  workflow_dispatch:\n    inputs:\n      environment:\n        type: choice\n        options: [staging, production]\n"
            "jobs:\n  deploy:\n    environment: ${{ inputs.environment }}\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - run: terraform apply -auto-approve\n",
            expect=["/on/workflow_dispatch/inputs/environment"],
            messages=["input `environment` lets whoever runs the workflow deploy `production` from any branch"],
            severity=Severity.MEDIUM,
        ),
        Invalid(
            "on:\n  workflow_dispatch:\n    inputs:\n      stage: {default: prod}\njobs:\n  release:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - run: npx serverless deploy --stage ${{ github.event.inputs.stage }}\n",
            expect=["/on/workflow_dispatch/inputs/stage"],
            severity=Severity.HIGH,
        ),
    ]

    def check(self, workflow: Workflow) -> Iterator[Violation]:
        from lint.subjects.deploy.github import input_of

        trigger = workflow.triggers.get("workflow_dispatch")
        if trigger is None or not trigger.inputs:
            return
        reported: set[str] = set()
        for job in workflow.jobs:
            if not (job.deploys or job.write_credentials) or not runs_on(job, "workflow_dispatch") or pinned_branch(job):
                continue
            chosen = input_of(job.environment.value) if job.environment is not None and job.environment_computed else None
            names = [chosen] if chosen else [n for n in trigger.inputs if _used_in(job.data, n)]
            for name in names:
                spec = trigger.inputs.get(name)
                if spec is None or name in reported:
                    continue
                production = _production_choice(name, spec.value)
                if production is None:
                    continue
                reported.add(name)
                gated = chosen is not None
                what = commands(job, 1) if job.deploys else job.write_credentials[0].describe()
                yield Violation(
                    spec.pointer,
                    f"input `{name}` lets whoever runs the workflow deploy `{production}` from any branch: job `{job.id}` "
                    f"{'takes its environment from it' if gated else 'uses it with no `environment`'}; nothing pins `github.ref`",
                    key=True, severity=Severity.MEDIUM if gated else Severity.HIGH,
                    related=(Related(job.environment.pointer if gated else job.pointer, f"job `{job.id}`: {what}"),),
                )


def _used_in(data: object, name: str) -> bool:
    pattern = re.compile(r"(?:inputs|github\.event\.inputs)\." + re.escape(name) + r"\b")
    stack = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            if pattern.search(value):
                return True
        elif isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return False


_SELECTOR = re.compile(r"env|stage|target|workspace|account|cluster|tier|deploy", re.I)


def _production_choice(name: str, spec: dict) -> str | None:
    """The production name the input can take, or None (free text counts when the input selects a target)."""
    options = spec.get("options")
    if isinstance(options, list):
        return next((str(o) for o in options if is_production(str(o))), None)
    default = spec.get("default")
    if isinstance(default, str) and is_production(default):
        return default
    if spec.get("type", "string") in ("string", "environment") and _SELECTOR.search(name):
        return "production"  # free text: any name, production included
    return None
