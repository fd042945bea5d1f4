from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.subjects.agent_code import AgentCode


class AgentCodeCloudIdentity(Check):
    """The cloud identity an agent's tools act as is chosen by the model, or is a long-lived key.

    ## What it does
    Reads the identities agent code uses: `boto3.Session(profile_name=...)`,
    `assume_role(RoleArn=...)` and access keys passed to boto3. It reports a
    profile or role taken from a tool's argument (the model picks which AWS
    identity to use, Strands `use_aws` included when its consent prompt is
    bypassed), access keys written in the code (critical) or passed to boto3
    from elsewhere, and a fixed profile or role used by an agent whose
    cloud tools run unconfirmed. A fixed profile behind a confirmation is a
    fact for the repository graph, not a finding.

    ## Why is this bad?
    When the model names the profile, every profile on the machine is in
    reach: the one with production admin rights included. Long-lived keys
    never expire and act with no MFA. Both make the agent's reach the
    engineer's whole reach.

    ## Example
    ```python
    @tool
    def run_aws(service: str, operation: str, profile: str) -> str:
        client = boto3.Session(profile_name=profile).client(service)
        return str(getattr(client, operation)())
    ```

    ## Remediation
    Fix the profile or role in code (a read-only or narrowly scoped role
    for the agent), never take it from the model, and use short-lived
    credentials from a role instead of access keys.

    ## References
    - https://boto3.amazonaws.com/v1/documentation/api/latest/guide/credentials.html
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#bp-workloads-use-roles
    """

    id = "agent-code-cloud-identity"
    name = "Agent cloud identity chosen by the model or a long-lived key"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = AgentCode
    tags = ("agent", "agent-code", "identity")
    cwe = (250, 798)
    example_path = "agent.py"

    valid = [
        Valid(
            "import boto3\nfrom langchain_core.tools import tool\nfrom langgraph.prebuilt import create_react_agent\n\n"
            "@tool\ndef list_buckets() -> str:\n    '''List buckets.'''\n"
            "    return str(boto3.Session(profile_name='readonly').client('s3').list_buckets())\n\n"
            "agent = create_react_agent(model, [list_buckets])\n"
        ),
    ]
    invalid = [
        Invalid(
            "import boto3\nfrom langchain_core.tools import tool\nfrom langgraph.prebuilt import create_react_agent\n\n"
            "@tool\ndef run_aws(service: str, operation: str, profile: str) -> str:\n    '''Call AWS.'''\n"
            "    client = boto3.Session(profile_name=profile).client(service)\n"
            "    return str(getattr(client, operation)())\n\n"
            "agent = create_react_agent(model, [run_aws])\n",
            expect=["/agents/0/tools/0/identities/0"],
            messages=["takes the profile from an argument the model chooses: every AWS profile"],
        ),
        Invalid(
            "import boto3\nfrom strands import Agent, tool\n\n"
            "s3 = boto3.client('s3', aws_access_key_id='AKIAIOSFODNN7EXAMPLE', aws_secret_access_key=SECRET)\n\n"
            "@tool\ndef list_buckets() -> str:\n    return str(s3.list_buckets())\n\n"
            "agent = Agent(tools=[list_buckets])\n",
            expect=["/identities/0/keys"],
            severity=Severity.CRITICAL,
        ),
        Invalid(
            "from strands import Agent\nfrom strands_tools import use_aws\n\nagent = Agent(tools=[use_aws])\n",
            expect=["/agents/0/tools/0"],
            severity=Severity.LOW,
            note="use_aws still asks before it changes anything: low",
        ),
    ]

    def check(self, code: AgentCode) -> Iterator[Violation]:
        bypassed = code.consent_bypassed is not None
        seen: set[str] = set()
        for agent in code.agents:
            unconfirmed_cloud = [c for c in agent.capabilities if c.reach == "cloud" and c.gate is None]
            for capability in [None, *agent.capabilities]:
                identities = agent.identities if capability is None else capability.identities
                for identity in identities:
                    if identity.pointer in seen:
                        continue
                    seen.add(identity.pointer)
                    yield from self._judge(agent, capability, identity, bypassed, unconfirmed_cloud)

    def _judge(self, agent, capability, identity, bypassed: bool, unconfirmed_cloud: list) -> Iterator[Violation]:
        if identity.kind == "any-profile":
            gated = capability is not None and capability.consent and not bypassed
            message = f"{agent.label}: {identity.detail}: every AWS profile on the host in reach"
            if gated:
                yield Violation(identity.pointer, message + "; mutations ask consent", severity=Severity.LOW)
            else:
                yield Violation(identity.pointer, message)
        elif identity.kind == "static-keys":
            if identity.literal_secret:
                yield Violation(identity.pointer, f"{agent.label}: {identity.detail} written in the code: a long-lived key with no expiry or MFA", severity=Severity.CRITICAL)
            else:
                yield Violation(identity.pointer, f"{agent.label}: {identity.detail}: long-lived keys instead of a role's short-lived credentials", severity=Severity.MEDIUM)
        elif unconfirmed_cloud:
            tool = unconfirmed_cloud[0]
            yield Violation(
                identity.pointer,
                f"{agent.label} acts as {identity.kind} `{identity.value}` with unconfirmed cloud tools (`{tool.name}`): the model may do all it may",
                related=(Related(tool.pointer, f"`{tool.name}` {tool.what}"),),
                severity=Severity.MEDIUM,
            )
