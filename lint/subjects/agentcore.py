"""Amazon Bedrock AgentCore starter-toolkit configuration (`.bedrock_agentcore.yaml`).

A deployed AgentCore Runtime agent serves invocations with no person in the loop and calls AWS
with its execution role. This reader states each agent and that role as facts for the
repository graph, so the role's grants are judged as an agent's.
"""

from __future__ import annotations

from collections.abc import Iterator

from lint.document import Document, join
from lint.graph.facts import AgentFact, Capability, Fact, IdentityRef, locate
from lint.subjects.base import Extractor, Problem, Subject, type_name
from lint.subjects import recognizers


class AgentCoreConfigExtractor(recognizers.AgentCoreConfig, Extractor):
    def extract(self, document: Document) -> Iterator[Subject | Problem | Fact]:
        data = document.data
        if not isinstance(data, dict):
            yield Problem(f"an AgentCore configuration must be a mapping, not {type_name(data)}", "")
            return
        agents = data.get("agents")
        if not isinstance(agents, dict):
            if agents is not None:
                yield Problem(f"`agents` must be a mapping of agent names, not {type_name(agents)}", "/agents")
            return
        for key, agent in agents.items():
            pointer = join("/agents", key)
            if not isinstance(agent, dict):
                yield Problem(f"agent `{key}` must be a mapping, not {type_name(agent)}", pointer)
                continue
            aws = agent.get("aws") if isinstance(agent.get("aws"), dict) else {}
            role = aws.get("execution_role")
            if not isinstance(role, str) or not role or role == "None":
                continue
            name = agent.get("name") if isinstance(agent.get("name"), str) else key
            role_pointer = join(pointer, "aws", "execution_role")
            capability = Capability(
                "serves invocations in AgentCore Runtime and calls AWS with its execution role, no person in the loop",
                "cloud",
                locate(document, pointer, key=True),
            )
            yield AgentFact(
                locate(document, pointer, key=True), f"AgentCore agent `{name}`", "bedrock-agentcore",
                (capability,), (IdentityRef("role", role, locate(document, role_pointer, "`execution_role`")),),
            )
