"""Deployment subjects: how a change reaches production, and the approvals on the way.

GitHub Actions workflows (`Workflow`, its `Job`s and `Trigger`s), GitLab CI pipelines
(`GitlabPipeline`), and approval rules written as code (`Gate`: branch protection, rulesets,
environments, GitLab approvals). The extractors here are thin: the readers behind them
(`github`, `gitlab`, `settings`) are imported when a file of their kind is first read, so a run
over IAM policies pays nothing for them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lint.document import Document
from lint.subjects.base import Extractor, Problem, Subject
from lint.subjects import recognizers
from lint.subjects.deploy.kinds import Gate, GitlabPipeline, Workflow

#: Terraform resource types of approval rules; a `.tf` file without one is not parsed for them.
GATE_RESOURCES = re.compile(
    r'resource\s+"(?:github_(?:branch_protection|repository_ruleset|organization_ruleset|repository_environment)'
    r'|gitlab_(?:branch_protection|project_approval_rule|project_level_mr_approvals|project_protected_environment))'
)


class GithubWorkflowExtractor(recognizers.GithubWorkflow, Extractor):
    """`.github/workflows/*.yml` files."""

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        from lint.subjects.deploy.github import extract_workflow

        return extract_workflow(document)


class GitlabCiExtractor(recognizers.GitlabCi, Extractor):
    """`.gitlab-ci.yml` and the files it includes with `include: local`."""

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        from lint.subjects.deploy.gitlab import extract_pipeline

        return extract_pipeline(document)


class ProbotSettingsExtractor(recognizers.ProbotSettings, Extractor):
    """`.github/settings.yml` of the Probot settings app (and github/safe-settings)."""

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        from lint.subjects.deploy.settings import extract_settings_app

        return extract_settings_app(document)


class TerraformGatesExtractor(recognizers.TerraformGates, Extractor):
    """Terraform files declaring GitHub or GitLab approval rules (a cheap text test first)."""

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        if GATE_RESOURCES.search(document.text) is None:
            return iter(())
        from lint.subjects.deploy.settings import extract_terraform_gates

        return extract_terraform_gates(document)


_LAZY = {
    "AgentStep": "github", "Credential": "github", "Deploy": "github", "Job": "github", "Step": "github", "Trigger": "github",
    "GitlabJob": "gitlab", "ApprovalRule": "settings",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(f"lint.subjects.deploy.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'lint.subjects.deploy' has no attribute {name!r}")


__all__ = [
    "AgentStep",
    "ApprovalRule",
    "Credential",
    "Deploy",
    "Gate",
    "GithubWorkflowExtractor",
    "GitlabCiExtractor",
    "GitlabJob",
    "GitlabPipeline",
    "Job",
    "ProbotSettingsExtractor",
    "Step",
    "TerraformGatesExtractor",
    "Trigger",
    "Workflow",
]
