"""Agent tool manifests: what an agent may call, and whether a person confirms each call.

The readers (`bedrock`, `openapi`, `plugins`, `mcp_code`, `cdk_bedrock`) are imported by their
recognisers (`lint.subjects.recognizers`) when a file of their kind is met.
"""

from __future__ import annotations

from lint.subjects.manifests.model import BodyEffect, Hook, ManifestTool, ToolManifest

__all__ = ["BodyEffect", "Hook", "ManifestTool", "ToolManifest"]
