from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Severity, Valid, Violation
from lint.subjects.agent import AgentConfig

#: Services where "every operation" means taking over identities, keys or the organization.
SENSITIVE = {"iam", "organizations", "sts", "kms", "sso", "identitystore", "*"}


class CloudServiceWide(Check):
    """A cloud tool runs every operation of a service without a prompt.

    ## What it does
    Reports each `toolsSettings.use_aws.allowedServices` entry of Amazon Q /
    Kiro CLI agents. For a listed service the CLI approves every operation,
    reads and deletes alike; only `autoAllowReadonly` limits approval to
    reading.

    ## Why is this bad?
    `allowedServices: ["rds"]` reads like "the agent works with RDS"; to the
    CLI it means `delete-db-cluster` runs unprompted, with the credentials
    of whoever started the agent.

    ## Example
    ```json
    {"name": "ops", "toolsSettings": {"use_aws": {"allowedServices": ["rds", "cloudformation"]}}}
    ```

    ## Remediation
    Remove `allowedServices` and set `"autoAllowReadonly": true`, so reads
    run and everything else asks; deny the services the agent must never
    touch with `deniedServices`.

    ## References
    - https://github.com/aws/amazon-q-developer-cli/blob/main/docs/built-in-tools.md
    """

    id = "agent-cloud-service-wide"
    name = "Every operation of a cloud service approved"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = AgentConfig
    tags = ("agent", "cloud")
    cwe = (862,)
    example_path = ".amazonq/cli-agents/ops.json"

    valid = [
        Valid('{"name": "ops-ro", "toolsSettings": {"use_aws": {"autoAllowReadonly": true, "deniedServices": ["iam"]}}}'),
    ]
    invalid = [
        Invalid(
            '{"name": "ops", "toolsSettings": {"use_aws": {"allowedServices": ["rds", "iam"]}}}',
            expect=["/toolsSettings/use_aws/allowedServices/0", "/toolsSettings/use_aws/allowedServices/1"],
            messages=["`use_aws` runs every `rds` operation for agent `ops` without a prompt, deletes included"],
        ),
    ]

    def check(self, config: AgentConfig) -> Iterator[Violation]:
        for service in config.cloud_services:
            yield Violation(
                service.pointer,
                f"`use_aws` runs every `{service.value}` operation for agent `{config.name}` without a prompt, "
                "deletes included",
                severity=Severity.CRITICAL if service.value.lower() in SENSITIVE else None,
            )
