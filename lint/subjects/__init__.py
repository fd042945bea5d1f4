"""Subject families and the extractors that build them, in the order they are tried.

Nothing here imports a reader: each extractor is `Deferred` behind its recogniser
(`lint.subjects.recognizers`), so a run imports only the readers of the kinds of
file it meets. The IAM policy reader, which most runs need, is imported directly.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lint.subjects.base import Extractor


def default_extractors() -> list[Extractor]:
    """Known-location extractors first, content-sniffed ones after."""
    from lint.subjects import recognizers as r
    from lint.subjects.iam import PolicyFileExtractor
    from lint.subjects.recognizers import Deferred

    def deferred(*kinds: type[r.Recognizer]) -> list[Any]:
        return [Deferred(kind()) for kind in kinds]

    return [
        *deferred(r.ClaudeSettings, r.McpClient, r.CliAgent, r.Codex, r.CodexRules, r.GeminiSettings,
                  r.WorkspaceSettings, r.KiroHooks, r.KiroIdeAgent, r.AgentInvocation, r.Serverless, r.Terraform),
        PolicyFileExtractor(),
        *deferred(r.CloudFormation, r.TerraformPlan, r.Cdk, r.AwsConfig, r.AgentCoreConfig),
        # deployment
        *deferred(r.GithubWorkflow, r.GitlabCi, r.ProbotSettings, r.TerraformGates),
        *deferred(r.Atlantis, r.DeployTerraform, r.CodePipeline, r.Kubernetes),
        # agent tool manifests, then agent code
        *deferred(r.Plugin, r.BedrockTerraform, r.BedrockCloudFormation, r.OpenApiTools, r.McpPackage, r.McpPython,
                  r.McpScript, r.CdkBedrock),
        *deferred(r.AgentCode),
    ]


#: Public names of this package, imported on first use.
_EXPORTS = {
    "AgentConfig": "lint.subjects.agent",
    "McpServer": "lint.subjects.agent",
    "PermissionRule": "lint.subjects.agent",
    "ClaudeSettingsExtractor": "lint.subjects.agent",
    "AgentCodeExtractor": "lint.subjects.agent_code",
    "AgentCoreConfigExtractor": "lint.subjects.agentcore",
    "AwsConfigExtractor": "lint.subjects.aws_config",
    "Extractor": "lint.subjects.base",
    "InvalidDocument": "lint.subjects.base",
    "Item": "lint.subjects.base",
    "Problem": "lint.subjects.base",
    "Subject": "lint.subjects.base",
    "CdkExtractor": "lint.subjects.cdk",
    "CliAgentExtractor": "lint.subjects.cli_agents",
    "CodexExtractor": "lint.subjects.codex",
    "CodexRulesExtractor": "lint.subjects.codex_rules",
    "GeminiSettingsExtractor": "lint.subjects.gemini",
    "CloudFormationExtractor": "lint.subjects.cloudformation",
    "PolicyDocument": "lint.subjects.iam",
    "PolicyFileExtractor": "lint.subjects.iam",
    "PolicyKind": "lint.subjects.iam",
    "Principal": "lint.subjects.iam",
    "Statement": "lint.subjects.iam",
    "IamIdentity": "lint.subjects.identity",
    "AgentInvocation": "lint.subjects.invocations",
    "AgentInvocationExtractor": "lint.subjects.invocations",
    "KiroHooksExtractor": "lint.subjects.kiro_hooks",
    "KiroIdeAgentExtractor": "lint.subjects.kiro_ide_agents",
    "McpClientExtractor": "lint.subjects.mcp",
    "ServerlessExtractor": "lint.subjects.serverless",
    "TerraformExtractor": "lint.subjects.terraform",
    "TerraformPlanExtractor": "lint.subjects.terraform_plan",
    "WorkspaceSettingsExtractor": "lint.subjects.workspace_settings",
}


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(module), name)


__all__ = [
    "AgentConfig",
    "Extractor",
    "IamIdentity",
    "InvalidDocument",
    "Item",
    "McpServer",
    "PermissionRule",
    "PolicyDocument",
    "PolicyKind",
    "Principal",
    "Problem",
    "Statement",
    "Subject",
    "default_extractors",
]
