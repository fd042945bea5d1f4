"""What tool manifests tell the repository graph: a Bedrock agent, the functions it runs unconfirmed,
the Lambda function behind them and the role it runs as."""

from __future__ import annotations

from collections.abc import Iterator

from lint.graph.facts import AgentFact, Capability, Fact, IdentityRef, locate


def manifest_facts(manifest) -> Iterator[Fact]:
    if manifest.product != "bedrock-agent":
        return
    document = manifest.document
    capabilities = []
    for tool in manifest.unconfirmed:
        effect, why = tool.declared_effect
        where = tool.document or document
        pointer = tool.confirmation.pointer if tool.confirmation is not None else tool.pointer
        reach = "cloud" if tool.executor and tool.executor.startswith("Lambda") else "other"
        capabilities.append(
            Capability(f"runs {tool.label} ({effect}: {why}) with no confirmation", reach,
                       locate(where, pointer, f"{tool.label} runs unconfirmed", key=tool.confirmation is None and tool.kind == "operation"))
        )
    identities = []
    if manifest.role is not None:
        value = manifest.role.value if manifest.role.value.startswith("arn:") else (manifest.role_name or manifest.role.value)
        identities.append(IdentityRef("role", value, locate(document, manifest.role.pointer, "the agent's service role")))
    for key, pointer in dict(reversed(manifest.workloads)).items():
        identities.append(IdentityRef("workload", key, locate(document, pointer, "the action group's Lambda function")))
    yield AgentFact(
        location=locate(document, manifest.pointer, f"Bedrock agent `{manifest.name}`"),
        name=f"Bedrock agent `{manifest.name}`",
        product="bedrock-agent",
        capabilities=tuple(capabilities),
        identities=tuple(identities),
    )
