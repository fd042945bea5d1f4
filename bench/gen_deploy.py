#!/usr/bin/env python3
"""Generate N workflow and deployment files across repository folders, for the deploy benchmark.

    python bench/gen_deploy.py DIR --files 2000 [--seed 1]
    python bench/bench.py DIR --runs 3

Each of N/10 repository folders gets ten files: GitHub workflows (deploy on push, pull request plan,
`pull_request_target` preview, an agent on comments, a reusable deploy workflow), a GitLab pipeline
with a locally included file, Terraform branch protection and environments for GitHub and GitLab,
and a Probot `.github/settings.yml`. About a third of the repositories are ungated.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

STEPS = "\n".join(f"      - name: step {i}\n        run: |\n          make target-{i}\n          echo done {i}" for i in range(8))


def files(rng: random.Random, risky: bool, n: int) -> dict[str, str]:
    env = "" if risky else "    environment: production\n"
    role = f"arn:aws:iam::1111222233{n % 100:02d}:role/{'prod-admin' if risky else 'prod-deployer'}"
    reviews = 0 if risky else rng.choice([1, 2])
    return {
        ".github/workflows/deploy.yml": (
            f"name: Deploy {n}\non:\n  push:\n    branches: [main]\npermissions:\n  contents: read\n  id-token: write\njobs:\n"
            f"  build:\n    runs-on: ubuntu-latest\n    steps:\n{STEPS}\n"
            f"  deploy:\n    needs: build\n{env}    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
            f"      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n          role-to-assume: {role}\n"
            "          aws-region: us-east-1\n      - run: |\n          terraform init -input=false\n"
            f"          terraform apply {'-auto-approve' if risky else 'tfplan'}\n"
            "  release:\n    uses: ./.github/workflows/reusable.yml\n" + ("    secrets: inherit\n" if risky else "")
        ),
        ".github/workflows/plan.yml": (
            "on:\n  pull_request:\n    branches: [main]\njobs:\n  plan:\n    runs-on: ubuntu-latest\n    steps:\n"
            "      - uses: aws-actions/configure-aws-credentials@v4\n        with:\n"
            f"          role-to-assume: arn:aws:iam::111122223333:role/{'prod-admin' if risky else 'prod-plan-readonly'}\n"
            f"      - run: terraform plan -out tfplan\n{STEPS}\n"
        ),
        ".github/workflows/preview.yml": (
            "on: pull_request_target\njobs:\n  preview:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n"
            + ("        with:\n          ref: ${{ github.event.pull_request.head.sha }}\n" if risky else "")
            + "      - run: npx wrangler deploy --env preview\n        env:\n          CLOUDFLARE_API_TOKEN: ${{ secrets.CF_TOKEN }}\n"
        ),
        ".github/workflows/assistant.yml": (
            "on:\n  issue_comment:\n    types: [created]\npermissions:\n  contents: write\njobs:\n  assist:\n"
            + ("" if risky else "    if: contains(fromJSON('[\"OWNER\",\"MEMBER\"]'), github.event.comment.author_association)\n")
            + "    runs-on: ubuntu-latest\n    steps:\n      - uses: google-github-actions/run-gemini-cli@v0\n"
            "        with:\n          prompt: ${{ github.event.comment.body }}\n"
        ),
        ".github/workflows/reusable.yml": (
            "on:\n  workflow_call:\n    inputs:\n      environment: {type: string, default: staging}\njobs:\n  ship:\n"
            + ("" if risky else "    environment: ${{ inputs.environment }}\n")
            + "    runs-on: ubuntu-latest\n    steps:\n      - run: npx cdk deploy --all --require-approval never\n"
        ),
        ".gitlab-ci.yml": (
            "include:\n  - local: ci/deploy.yml\nstages: [plan, deploy]\nplan:\n  stage: plan\n  script:\n"
            "    - terraform plan -out tfplan\n" + "".join(f"test-{i}:\n  stage: plan\n  script: [make test-{i}]\n" for i in range(6))
        ),
        "ci/deploy.yml": (
            "deploy_production:\n  stage: deploy\n  script:\n    - terraform apply -auto-approve\n  environment:\n"
            "    name: production\n    deployment_tier: production\n" + ("  when: manual\n" if risky else "")
        ),
        "github/repository.tf": (
            'resource "github_branch_protection" "main" {\n  repository_id = "r"\n  pattern = "main"\n'
            f'  enforce_admins = {"false" if risky else "true"}\n  required_pull_request_reviews {{\n'
            f"    required_approving_review_count = {reviews}\n    dismiss_stale_reviews = true\n  }}\n}}\n"
            'resource "github_repository_environment" "production" {\n  repository = "r"\n  environment = "production"\n'
            + ("" if risky else "  prevent_self_review = true\n  can_admins_bypass = false\n  reviewers {\n    teams = [1]\n  }\n") + "}\n"
        ),
        "gitlab/project.tf": (
            'resource "gitlab_project_protected_environment" "production" {\n  project = "1"\n  environment = "production"\n'
            + ("" if risky else "  approval_rules {\n    group_id = 2\n    required_approvals = 1\n  }\n") + "}\n"
        ),
        ".github/settings.yml": (
            "repository:\n  name: svc\nbranches:\n  - name: main\n    protection:\n      required_pull_request_reviews:\n"
            f"        required_approving_review_count: {reviews}\n        dismiss_stale_reviews: true\n"
            f"      enforce_admins: {'false' if risky else 'true'}\n      required_status_checks: null\n      restrictions: null\n"
        ),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    repos = max(args.files // 10, 1)
    for n in range(repos):
        base = args.directory / f"repos/repo{n:04d}"
        for name, text in files(rng, rng.random() < 0.33, n).items():
            target = base / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
    print(f"wrote {repos * 10} workflow and deployment files under {args.directory}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
