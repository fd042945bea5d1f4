"""Which identities are AI identities, and why (DESIGN §4).

An identity counts as an AI identity when its trust policy admits an AI
service principal, or when the project configuration names it
(``[tool.scopelint.ai-identities]`` globs over file paths and over role or
policy names and ARNs). Each answer carries the reason, because a finding must
say why it treats the identity as an agent's.
"""

from __future__ import annotations

from fnmatch import fnmatchcase

from lint.config import Config
from lint.globs import glob_match

#: Service principals of AI services that act with the role they are given.
AI_SERVICE_PRINCIPALS = {
    "bedrock.amazonaws.com": "Amazon Bedrock",
    "bedrock-agentcore.amazonaws.com": "Amazon Bedrock AgentCore",
    "q.amazonaws.com": "Amazon Q",
    "qbusiness.amazonaws.com": "Amazon Q Business",
    "codewhisperer.amazonaws.com": "Amazon Q Developer",
    "sagemaker.amazonaws.com": "Amazon SageMaker",
    "aidevops.amazonaws.com": "AWS DevOps Agent",
    "aiops.amazonaws.com": "Amazon Q operational investigations",
}


def ai_service(principal: str) -> str | None:
    """The AI service a service principal belongs to, if it is one."""
    return AI_SERVICE_PRINCIPALS.get(principal.lower())


def configured_reason(config: Config, rel_path: str, names: list[str]) -> str | None:
    """Why the configuration makes this file's identity an AI identity, if it does."""
    for pattern in config.ai_identity_paths:
        if glob_match(pattern, rel_path):
            return f"its file matches `ai-identities.paths` entry `{pattern}`"
    for pattern in config.ai_identity_names:
        for name in names:
            if fnmatchcase(name, pattern):
                return f"`{name}` matches `ai-identities.names` entry `{pattern}`"
    return None
