"""Subject families and the extractors that build them, in the order they are tried."""

from __future__ import annotations

from lint.subjects.agent import AgentConfig, ClaudeSettingsExtractor, McpServer, PermissionRule
from lint.subjects.agent_code import AgentCodeExtractor
from lint.subjects.agentcore import AgentCoreConfigExtractor
from lint.subjects.aws_config import AwsConfigExtractor
from lint.subjects.base import Extractor, InvalidDocument, Item, Problem, Subject
from lint.subjects.cdk import CdkExtractor
from lint.subjects.cli_agents import CliAgentExtractor
from lint.subjects.codex import CodexExtractor
from lint.subjects.codex_rules import CodexRulesExtractor
from lint.subjects.gemini import GeminiSettingsExtractor
from lint.subjects.cloudformation import CloudFormationExtractor
from lint.subjects.deploy import deploy_extractors
from lint.subjects.iam import PolicyDocument, PolicyFileExtractor, PolicyKind, Principal, Statement
from lint.subjects.identity import IamIdentity
from lint.subjects.invocations import AgentInvocation, AgentInvocationExtractor
from lint.subjects.kiro_hooks import KiroHooksExtractor
from lint.subjects.kiro_ide_agents import KiroIdeAgentExtractor
from lint.subjects.manifests import manifest_extractors
from lint.subjects.mcp import McpClientExtractor
from lint.subjects.serverless import ServerlessExtractor
from lint.subjects.terraform import TerraformExtractor
from lint.subjects.terraform_plan import TerraformPlanExtractor
from lint.subjects.workspace_settings import WorkspaceSettingsExtractor
from lint.subjects.deploy_platforms import extractors as deploy_platform_extractors


def default_extractors() -> list[Extractor]:
    """Known-location extractors first, content-sniffed ones after."""
    return [
        ClaudeSettingsExtractor(),
        McpClientExtractor(),
        CliAgentExtractor(),
        CodexExtractor(),
        CodexRulesExtractor(),
        GeminiSettingsExtractor(),
        WorkspaceSettingsExtractor(),
        KiroHooksExtractor(),
        KiroIdeAgentExtractor(),
        AgentInvocationExtractor(),
        ServerlessExtractor(),
        TerraformExtractor(),
        PolicyFileExtractor(),
        CloudFormationExtractor(),
        TerraformPlanExtractor(),
        CdkExtractor(),
        AwsConfigExtractor(),
        AgentCoreConfigExtractor(),
        *deploy_extractors(),
        *deploy_platform_extractors(),
        *manifest_extractors(),
        AgentCodeExtractor(),
    ]


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
