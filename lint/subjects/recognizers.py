"""How scopelint recognises each kind of file, without reading it.

Every file of a walk is offered to every extractor: its path to `claims` (a known
location such as `.claude/settings.json`), and the text of any other JSON, YAML,
Python… file to `sniff` (a cheap test for markers such as `"Statement":`). The
answers depend only on the path and the text, so they live here, apart from the
readers: a run imports the module that reads a kind of file (its subject model,
its helpers) only when a file of that kind is met. Each extractor class inherits
its recogniser, so the two can never disagree.
"""

from __future__ import annotations

import importlib
import re
from typing import Any, ClassVar


class Recognizer:
    """What an extractor claims or sniffs; `reader` names the extractor class that reads the file."""

    name: ClassVar[str]
    reader: ClassVar[str]  # "module:Class"
    formats: ClassVar[tuple[str, ...]] = ("json", "yaml")
    #: The known location this extractor claims (a path pattern), and the format of files there when
    #: their suffix does not say it (JSON read with comments, Markdown read as text).
    location: ClassVar[re.Pattern[str] | None] = None
    location_format: ClassVar[str | None] = None
    #: More known locations, when one pattern does not say them all.
    locations: ClassVar[tuple[re.Pattern[str], ...]] = ()

    def claims(self, path: str) -> bool:
        if self.location is not None and self.location.search(path) is not None:
            return True
        return any(pattern.search(path) for pattern in self.locations)

    def path_patterns(self) -> tuple[re.Pattern[str], ...] | None:
        """Every pattern `claims` tests, or None when `claims` is more than a search of patterns."""
        if type(self).claims is not Recognizer.claims:
            return None
        return ((self.location,) if self.location is not None else ()) + self.locations

    def sniff(self, text: str) -> bool:
        return False

    def format_of(self, path: str) -> str | None:
        """The format of a claimed file when its suffix does not say it (JSON with comments)."""
        return self.location_format


def claim_filter(extractors: list[Any]) -> ClaimFilter | None:
    """A test that passes every path some extractor claims, or None when an extractor claims by more
    than path patterns: most paths of a walk are claimed by none, and one test tells so."""
    patterns: list[re.Pattern[str]] = []
    for extractor in extractors:
        recognizer = extractor.recognizer if isinstance(extractor, Deferred) else extractor
        found = recognizer.path_patterns() if isinstance(recognizer, Recognizer) else _plain_patterns(recognizer)
        if found is None or any(p.flags != re.UNICODE for p in found):
            return None
        patterns.extend(found)
    return ClaimFilter(patterns)


class ClaimFilter:
    """The known-location patterns, tried together where they can match.

    Almost every pattern starts at a path segment (`(?:^|/)\\.claude/settings\\.json$`). Searched
    together they cost each position of the path every alternative (about 40 µs a path); tried only
    where a segment starts, anchored, they cost a few microseconds.
    """

    _SEGMENT = "(?:^|/)"

    def __init__(self, patterns: list[re.Pattern[str]]) -> None:
        segment = [p.pattern[len(self._SEGMENT):] for p in patterns if p.pattern.startswith(self._SEGMENT)]
        start = [p.pattern[1:] for p in patterns if p.pattern.startswith("^")]
        anywhere = [p.pattern for p in patterns if not p.pattern.startswith((self._SEGMENT, "^"))]
        # `$` also matches before a final newline: an optional one is consumed so a full match agrees with a search
        self._segment = _alternatives(segment, r"\n?")
        self._start = _alternatives(start, r"\n?")
        self._anywhere = _alternatives(anywhere, "")

    def search(self, path: str) -> bool:
        if self._anywhere is not None and self._anywhere.search(path) is not None:
            return True
        if self._start is not None and self._start.fullmatch(path) is not None:
            return True
        segment = self._segment
        if segment is None:
            return False
        position = 0
        while position != -1:
            if segment.fullmatch(path, position) is not None:
                return True
            position = path.find("/", position)
            if position != -1:
                position += 1
        return False


def _alternatives(patterns: list[str], tail: str) -> re.Pattern[str] | None:
    return re.compile("(?:" + "|".join(f"(?:{p})" for p in patterns) + ")" + tail) if patterns else None


def _plain_patterns(extractor: Any) -> tuple[re.Pattern[str], ...] | None:
    from lint.subjects.base import Extractor

    if not isinstance(extractor, Extractor) or type(extractor).claims is not Extractor.claims:
        return None
    return (extractor.location,) if extractor.location is not None else ()


class Deferred:
    """An extractor whose module is imported when it first reads a file.

    `claims`, `sniff` and `format_of` are answered by the recogniser; everything
    else is the real extractor's.
    """

    def __init__(self, recognizer: Recognizer) -> None:
        self.recognizer = recognizer
        self.name = recognizer.name
        self.formats = recognizer.formats
        self.claims = recognizer.claims
        self.sniff = recognizer.sniff
        self.format_of = recognizer.format_of
        self._reader: Any = None

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__") or attribute == "_reader":
            raise AttributeError(attribute)
        return getattr(self.reader(), attribute)

    def reader(self) -> Any:
        if self._reader is None:
            module, _, name = self.recognizer.reader.partition(":")
            kind = getattr(importlib.import_module(module), name)
            if not issubclass(kind, type(self.recognizer)):
                raise TypeError(f"{self.recognizer.reader} does not inherit its recogniser {type(self.recognizer).__name__}")
            self._reader = kind()
        return self._reader

    def __repr__(self) -> str:
        return f"Deferred({self.recognizer.reader})"


# -- AI-agent configurations ----------------------------------------------------------------

CLAUDE_SETTINGS = re.compile(r"(?:^|/)(?:\.claude/settings(?:\.local)?\.json|managed-settings\.json)$")


class ClaudeSettings(Recognizer):
    name = "claude-code-settings"
    reader = "lint.subjects.agent:ClaudeSettingsExtractor"
    formats = ("json",)
    location = CLAUDE_SETTINGS


#: Path pattern -> product, for the MCP client files whose location says what they are.
MCP_LOCATIONS = [
    (re.compile(r"(?:^|/)\.mcp\.json$"), "claude-code"),
    (re.compile(r"(?:^|/)\.kiro/settings/mcp\.json$"), "kiro"),
    (re.compile(r"(?:^|/)\.cursor/mcp\.json$"), "cursor"),
    (re.compile(r"(?:^|/)\.vscode/mcp\.json$"), "vscode"),
    (re.compile(r"(?:^|/)claude_desktop_config\.json$"), "claude-desktop"),
    (re.compile(r"(?:^|/)(?:\.aws/amazonq|\.amazonq)/mcp\.json$"), "amazon-q"),
    (re.compile(r"(?:^|/)\.roo/mcp\.json$"), "roo"),
    (re.compile(r"(?:^|/)cline_mcp_settings\.json$"), "cline"),
    (re.compile(r"(?:^|/)\.codeium/windsurf/mcp_config\.json$"), "windsurf"),
    (re.compile(r"(?:^|/)\.continue/mcpServers/[^/]+\.(?:json|ya?ml)$"), "continue"),
]


def mcp_product_of(path: str) -> str | None:
    for pattern, product in MCP_LOCATIONS:
        if pattern.search(path):
            return product
    return None


class McpClient(Recognizer):
    name = "mcp-client"
    reader = "lint.subjects.mcp:McpClientExtractor"
    formats = ("json", "jsonc", "yaml")
    locations = tuple(pattern for pattern, _ in MCP_LOCATIONS)

    def format_of(self, path: str) -> str | None:
        # MCP clients read their JSON leniently (VS Code and Cursor accept comments and trailing commas)
        return "jsonc" if path.endswith(".json") else None


class CliAgent(Recognizer):
    name = "cli-agent"
    reader = "lint.subjects.cli_agents:CliAgentExtractor"
    formats = ("json",)
    location = re.compile(r"(?:^|/)(?:\.amazonq/cli-agents|\.aws/amazonq/cli-agents|\.kiro/agents)/[^/]+\.json$")


class Codex(Recognizer):
    name = "codex"
    reader = "lint.subjects.codex:CodexExtractor"
    formats = ("toml",)
    location = re.compile(r"(?:^|/)\.codex/config\.toml$")


class CodexRules(Recognizer):
    name = "codex-rules"
    reader = "lint.subjects.codex_rules:CodexRulesExtractor"
    formats = ("text",)
    location = re.compile(r"(?:^|/)\.codex/rules/[^/]+\.rules$")
    location_format = "text"


class GeminiSettings(Recognizer):
    name = "gemini-settings"
    reader = "lint.subjects.gemini:GeminiSettingsExtractor"
    formats = ("json",)
    location = re.compile(r"(?:^|/)\.gemini/settings\.json$")
    location_format = "jsonc"


class WorkspaceSettings(Recognizer):
    name = "workspace-settings"
    reader = "lint.subjects.workspace_settings:WorkspaceSettingsExtractor"
    formats = ("jsonc",)
    location = re.compile(r"(?:^|/)\.vscode/settings\.json$")
    location_format = "jsonc"


class KiroHooks(Recognizer):
    name = "kiro-hooks"
    reader = "lint.subjects.kiro_hooks:KiroHooksExtractor"
    formats = ("json",)
    location = re.compile(r"(?:^|/)\.kiro/hooks/[^/]+\.(?:kiro\.hook|json)$")
    location_format = "jsonc"


class KiroIdeAgent(Recognizer):
    name = "kiro-ide-agent"
    reader = "lint.subjects.kiro_ide_agents:KiroIdeAgentExtractor"
    formats = ("text",)
    location = re.compile(r"(?:^|/)\.kiro/agents/[^/]+\.md$")
    location_format = "text"


GITHUB_WORKFLOW = re.compile(r"(?:^|/)\.github/workflows/[^/]+\.ya?ml$")
SHELL_SCRIPT = re.compile(r"(?:^|/)(?:[^/]+\.(?:sh|bash)|Makefile|GNUmakefile|[^/]+\.mk)$")


class AgentInvocation(Recognizer):
    name = "agent-invocations"
    reader = "lint.subjects.invocations:AgentInvocationExtractor"
    formats = ("yaml", "text")
    locations = (GITHUB_WORKFLOW, SHELL_SCRIPT)

    def format_of(self, path: str) -> str | None:
        return "text" if SHELL_SCRIPT.search(path) and not GITHUB_WORKFLOW.search(path) else None


# -- IAM in infrastructure as code ----------------------------------------------------------

class Serverless(Recognizer):
    name = "serverless"
    reader = "lint.subjects.serverless:ServerlessExtractor"
    formats = ("yaml",)
    location = re.compile(r"(?:^|/)serverless\.ya?ml\Z")


class TerraformFile(Recognizer):
    """Every `.tf` file: several readers (IAM, approval gates, deploy platforms, Bedrock) claim them."""

    formats = ("hcl",)
    location = re.compile(r"\.tf\Z")


class Terraform(TerraformFile):
    name = "terraform"
    reader = "lint.subjects.terraform:TerraformExtractor"


class TerraformPlan(Recognizer):
    name = "terraform-plan"
    reader = "lint.subjects.terraform_plan:TerraformPlanExtractor"
    formats = ("json",)

    def sniff(self, text: str) -> bool:
        return '"planned_values"' in text and '"format_version"' in text


CLOUDFORMATION_SNIFF = re.compile(r"""["']?Type["']?\s*:\s*["']?AWS::""")


class CloudFormation(Recognizer):
    name = "cloudformation"
    reader = "lint.subjects.cloudformation:CloudFormationExtractor"

    def sniff(self, text: str) -> bool:
        return "Resources" in text and CLOUDFORMATION_SNIFF.search(text) is not None


class Cdk(Recognizer):
    name = "cdk"
    reader = "lint.subjects.cdk:CdkExtractor"
    formats = ("python",)

    def sniff(self, text: str) -> bool:
        return "aws_cdk" in text and "aws_iam" in text


class AwsConfig(Recognizer):
    name = "aws-config"
    reader = "lint.subjects.aws_config:AwsConfigExtractor"
    formats = ("text",)
    location = re.compile(r"(?:^|/)\.?aws/(?:config|credentials)$")
    location_format = "text"


class AgentCoreConfig(Recognizer):
    name = "bedrock-agentcore"
    reader = "lint.subjects.agentcore:AgentCoreConfigExtractor"
    formats = ("yaml",)
    location = re.compile(r"(?:^|/)\.bedrock_agentcore\.ya?ml$")


# -- deployment --------------------------------------------------------------------------------


class GithubWorkflow(Recognizer):
    name = "github-workflows"
    reader = "lint.subjects.deploy:GithubWorkflowExtractor"
    formats = ("yaml",)
    location = GITHUB_WORKFLOW


class GitlabCi(Recognizer):
    name = "gitlab-ci"
    reader = "lint.subjects.deploy:GitlabCiExtractor"
    formats = ("yaml",)
    location = re.compile(r"(?:^|/)\.gitlab-ci\.ya?ml$")


class ProbotSettings(Recognizer):
    name = "github-settings-app"
    reader = "lint.subjects.deploy:ProbotSettingsExtractor"
    formats = ("yaml",)
    location = re.compile(r"(?:^|/)\.github/settings\.ya?ml$")


class TerraformGates(TerraformFile):
    name = "terraform-approval-gates"
    reader = "lint.subjects.deploy:TerraformGatesExtractor"


ATLANTIS_SERVER_SNIFF = re.compile(
    r"^\s*-?\s*(?:apply_requirements|allowed_overrides|allow_custom_workflows|import_requirements)\s*:", re.M
)
_ATLANTIS_REPO_SNIFF = re.compile(r"^version:\s*[\"']?[23][\"']?\s*$", re.M)


class Atlantis(Recognizer):
    name = "atlantis"
    reader = "lint.subjects.deploy_platforms.atlantis:AtlantisExtractor"
    formats = ("yaml", "json")
    location = re.compile(r"^atlantis\.ya?ml$")

    def sniff(self, text: str) -> bool:
        if "repos" in text and ATLANTIS_SERVER_SNIFF.search(text) is not None:
            return True
        return "projects" in text and _ATLANTIS_REPO_SNIFF.search(text) is not None


class DeployTerraform(TerraformFile):
    name = "terraform-deploy"
    reader = "lint.subjects.deploy_platforms.terraform:DeployTerraformExtractor"


class CodePipeline(Recognizer):
    name = "codepipeline"
    reader = "lint.subjects.deploy_platforms.codepipeline:CodePipelineExtractor"

    def sniff(self, text: str) -> bool:
        return "AWS::CodePipeline::Pipeline" in text


#: The Kubernetes kinds read for deployment gates and RBAC.
KUBERNETES_KINDS = ("Application", "ApplicationSet", "Kustomization", "HelmRelease", "ImageUpdateAutomation",
                    "ClusterRoleBinding", "RoleBinding", "ServiceAccount", "List")
_KUBERNETES_SNIFF = re.compile(r"^\s*-?\s*kind:\s*[\"']?(?:" + "|".join(KUBERNETES_KINDS) + r")[\"']?\s*(?:#.*)?$", re.M)


class Kubernetes(Recognizer):
    name = "kubernetes-deploy"
    reader = "lint.subjects.deploy_platforms.kubernetes:KubernetesExtractor"
    formats = ("yaml",)

    def sniff(self, text: str) -> bool:
        return "apiVersion" in text and _KUBERNETES_SNIFF.search(text) is not None


# -- agent tool manifests and agent code -----------------------------------------------------

CLAUDE_PLUGIN = re.compile(r"(?:^|/)\.claude-plugin/plugin\.json$")
CLAUDE_MARKETPLACE = re.compile(r"(?:^|/)\.claude-plugin/marketplace\.json$")
PLUGIN_HOOKS = re.compile(r"(?:^|/)(?<!\.kiro/)hooks/hooks\.json$")  # Kiro's own hook files are read elsewhere
PLUGIN_MCP = re.compile(r"(?:^|/)\.mcp\.json$")
GEMINI_EXTENSION = re.compile(r"(?:^|/)gemini-extension\.json$")


class Plugin(Recognizer):
    name = "agent-plugins"
    reader = "lint.subjects.manifests.plugins:PluginExtractor"
    formats = ("json",)
    locations = (CLAUDE_PLUGIN, CLAUDE_MARKETPLACE, PLUGIN_HOOKS, PLUGIN_MCP, GEMINI_EXTENSION)

    def format_of(self, path: str) -> str | None:
        return "jsonc" if PLUGIN_MCP.search(path) else "json"


class BedrockTerraform(TerraformFile):
    name = "bedrock-agent-terraform"
    reader = "lint.subjects.manifests.bedrock:BedrockTerraformExtractor"


class BedrockCloudFormation(Recognizer):
    name = "bedrock-agent-cloudformation"
    reader = "lint.subjects.manifests.bedrock:BedrockCloudFormationExtractor"

    def sniff(self, text: str) -> bool:
        return "AWS::Bedrock::Agent" in text or "AWS::Lambda::Function" in text or "AWS::Serverless::Function" in text


_OPENAPI_SNIFF = re.compile(r"""["']?(?:openapi|swagger)["']?\s*:""")


class OpenApiTools(Recognizer):
    name = "openapi-agent-tools"
    reader = "lint.subjects.manifests.openapi:OpenApiToolsExtractor"

    def sniff(self, text: str) -> bool:
        return ("x-openai-" in text or "x-requireConfirmation" in text) and _OPENAPI_SNIFF.search(text) is not None


class McpPackage(Recognizer):
    name = "mcp-packages"
    reader = "lint.subjects.manifests.plugins:McpPackageExtractor"
    formats = ("json",)

    def sniff(self, text: str) -> bool:
        return (("manifest_version" in text or "dxt_version" in text) and "mcp_config" in text) or (
            "packages" in text and ("registryType" in text or "registry_name" in text or "server.schema.json" in text)
        )


_MCP_PYTHON_SNIFF = re.compile(r"\b(?:FastMCP|fastmcp|from mcp\b|import mcp\b)")


class McpPython(Recognizer):
    name = "mcp-python-tools"
    reader = "lint.subjects.manifests.mcp_code:McpPythonExtractor"
    formats = ("python",)

    def sniff(self, text: str) -> bool:
        return (".tool" in text or "ToolAnnotations" in text) and _MCP_PYTHON_SNIFF.search(text) is not None


MCP_SCRIPT_TOOL_CALL = re.compile(r"\.(registerTool|tool)\s*\(")


class McpScript(Recognizer):
    name = "mcp-script-tools"
    reader = "lint.subjects.manifests.mcp_code:McpScriptExtractor"
    formats = ("script",)

    def sniff(self, text: str) -> bool:
        return "modelcontextprotocol" in text and MCP_SCRIPT_TOOL_CALL.search(text) is not None


class CdkBedrock(Recognizer):
    name = "cdk-bedrock-agents"
    reader = "lint.subjects.manifests.cdk_bedrock:CdkBedrockExtractor"
    formats = ("python",)

    def sniff(self, text: str) -> bool:
        return ("aws_bedrock" in text or "generative_ai_cdk_constructs" in text) and ("FunctionSchema" in text or "ApiSchema" in text)


class AgentCode(Recognizer):
    name = "agent-code"
    reader = "lint.subjects.agent_code:AgentCodeExtractor"
    formats = ("python",)

    def sniff(self, text: str) -> bool:
        from lint.subjects.agent_code.knowledge import sniff_pattern

        return sniff_pattern().search(text) is not None
