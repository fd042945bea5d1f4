"""Agent tool manifests: what an agent may call, and whether a person confirms each call."""

from __future__ import annotations

from lint.subjects.manifests.cdk_bedrock import CdkBedrockExtractor
from lint.subjects.manifests.bedrock import BedrockCloudFormationExtractor, BedrockTerraformExtractor
from lint.subjects.manifests.mcp_code import McpPythonExtractor, McpScriptExtractor
from lint.subjects.manifests.model import BodyEffect, Hook, ManifestTool, ToolManifest
from lint.subjects.manifests.openapi import OpenApiToolsExtractor
from lint.subjects.manifests.plugins import McpPackageExtractor, PluginExtractor


def manifest_extractors() -> list:
    """Known-location readers first (plugins, Terraform), content-sniffed ones after."""
    return [PluginExtractor(), BedrockTerraformExtractor(), BedrockCloudFormationExtractor(), OpenApiToolsExtractor(),
            McpPackageExtractor(), McpPythonExtractor(), McpScriptExtractor(), CdkBedrockExtractor()]


__all__ = ["BodyEffect", "Hook", "ManifestTool", "ToolManifest", "manifest_extractors"]
