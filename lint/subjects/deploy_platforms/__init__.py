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
