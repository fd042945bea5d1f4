"""How changes reach production through deployment platforms: Terraform runners (HCP Terraform,
Spacelift, env0, Atlantis), AWS CodePipeline, GitOps controllers (Argo CD, Flux) and Kubernetes RBAC."""

from __future__ import annotations

from lint.subjects.deploy_platforms.model import (
    AtlantisConfig,
    AtlantisRule,
    GitOpsApp,
    ImageAutomation,
    Pipeline,
    PipelineAction,
    PipelineStage,
    RbacBinding,
    RunnerWorkspace,
    ServiceAccountWorkload,
)


def extractors() -> list:
    """The extractors of this family, in the order they are tried."""
    from lint.subjects.deploy_platforms.atlantis import AtlantisExtractor
    from lint.subjects.deploy_platforms.codepipeline import CodePipelineExtractor
    from lint.subjects.deploy_platforms.kubernetes import KubernetesExtractor
    from lint.subjects.deploy_platforms.terraform import DeployTerraformExtractor

    return [AtlantisExtractor(), DeployTerraformExtractor(), CodePipelineExtractor(), KubernetesExtractor()]


__all__ = [
    "AtlantisConfig",
    "AtlantisRule",
    "GitOpsApp",
    "ImageAutomation",
    "Pipeline",
    "PipelineAction",
    "PipelineStage",
    "RbacBinding",
    "RunnerWorkspace",
    "ServiceAccountWorkload",
    "extractors",
]
