"""Deployment subjects: how a change reaches production, and the approvals on the way.

GitHub Actions workflows (`Workflow`, its `Job`s and `Trigger`s), GitLab CI pipelines
(`GitlabPipeline`), and approval rules written as code (`Gate`: branch protection, rulesets,
environments, GitLab approvals).
"""

from __future__ import annotations

from lint.subjects.deploy.github import AgentStep, Credential, Deploy, GithubWorkflowExtractor, Job, Step, Trigger, Workflow
from lint.subjects.deploy.gitlab import GitlabCiExtractor, GitlabJob, GitlabPipeline
from lint.subjects.deploy.settings import Gate, ProbotSettingsExtractor, TerraformGatesExtractor


def deploy_extractors() -> list:
    """The deploy family's extractors, in the order they are tried."""
    return [GithubWorkflowExtractor(), GitlabCiExtractor(), ProbotSettingsExtractor(), TerraformGatesExtractor()]


__all__ = [
    "AgentStep",
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
    "deploy_extractors",
]
