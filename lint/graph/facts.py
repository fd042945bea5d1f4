"""Facts: what one file says about agents, identities, grants and gates, for the repository graph.

Phase 1 reads each file on its own (in a worker process) and, besides its findings, returns
small picklable facts. Phase 2 joins every fact of the run into one `Graph` and runs repository
checks on it. A fact never holds a document: every element it names is already a `Location`
(path, span, pointer), so the graph can point at each hop in its own file after the per-file
documents are gone.

Names join facts across files: an identity is keyed by its role name (the last segment of a role
ARN, or the `name`/`RoleName` it is given in infrastructure code), a profile by its profile name,
an environment by its name, a workload by its kind and name.
"""

from __future__ import annotations

from dataclasses import dataclass

from lint.model import Location

#: How an agent, job or workload names the cloud identity it acts as (`IdentityRef.kind`).
REF_KINDS = (
    "profile",  # an AWS profile name (`AWS_PROFILE=ops`, `--profile ops`, `boto3.Session(profile_name=…)`)
    "role",  # a role ARN or role name (`role-to-assume`, `AWS_ROLE_ARN`, `AgentResourceRoleArn`)
    "static-keys",  # long-lived access keys written or passed in (`AWS_ACCESS_KEY_ID`)
    "aws-home",  # the user's `~/.aws` mounted or read: every profile the engineer has
    "any-profile",  # the model chooses the profile (a tool argument, `use_aws` with `profile_name`)
    "workload",  # a workload whose own identity the agent uses (`lambda:fn`, `k8s:ns/sa`)
)


@dataclass(frozen=True)
class Fact:
    """Base of every fact: where it is written."""

    location: Location


@dataclass(frozen=True)
class IdentityRef:
    """A reference to a cloud identity, located where it is written."""

    kind: str  # one of REF_KINDS
    value: str  # profile name, role ARN or name, workload key (`lambda:orders-fn`); "" when unknown
    location: Location

    @property
    def role_name(self) -> str | None:
        """The role a `role` reference names: the last segment of an ARN's `role/...` path, or the name."""
        if self.kind != "role" or not self.value:
            return None
        return role_name_of(self.value)


def role_name_of(value: str) -> str | None:
    """`ops-deployer` for `arn:aws:iam::123456789012:role/team/ops-deployer` or `ops-deployer`."""
    if value.startswith("arn:"):
        parts = value.split(":", 5)
        if len(parts) != 6 or parts[2] != "iam" or not parts[5].startswith("role/"):
            return None
        name = parts[5].rsplit("/", 1)[-1]
    else:
        name = value
    if not name or any(c in name for c in "${}*?\n"):
        return None
    return name


@dataclass(frozen=True)
class Capability:
    """Something an agent may do with no person's prompt, located at the setting that allows it.

    `reach` says what it can touch: "cloud" (AWS API calls: `use_aws`, `call_aws`, an AWS MCP
    server), "shell" (any command, so the CLI and whatever credentials the process holds), "code"
    (runs code it writes), "files", "deploy" (a deploy command or action), or "other".
    """

    description: str  # "auto-approves `use_aws`", "runs in `bypassPermissions` mode"
    reach: str
    location: Location


@dataclass(frozen=True)
class AgentFact(Fact):
    """An agent (config, code, CI step or declared tool set) and what it may do unprompted.

    `capabilities` empty means every action the agent takes is confirmed by a person.
    `location` is the agent's definition; each capability and identity reference has its own.
    """

    name: str  # how messages name it: "Kiro agent `ops`", "Claude Code settings"
    product: str
    capabilities: tuple[Capability, ...] = ()
    identities: tuple[IdentityRef, ...] = ()


@dataclass(frozen=True)
class ProfileFact(Fact):
    """An AWS CLI/SDK profile committed to the repository (`.aws/config`), and what it becomes."""

    name: str
    role_arn: str | None = None
    source_profile: str | None = None
    sso_role_name: str | None = None
    credential_process: str | None = None
    static_keys: bool = False


@dataclass(frozen=True)
class Grant:
    """Something an identity may do that matters on the path: admin, destructive or escalation.

    `guardrail` names the condition or boundary that puts a person back in the loop (MFA, a
    reviewed pipeline via `aws:CalledVia`), or is None when nothing stands in the way.
    """

    risk: str  # "admin" | "destructive" | "escalation"
    actions: tuple[str, ...]
    location: Location
    guardrail: str | None = None
    via: str | None = None  # "the AWS managed policy `PowerUserAccess`" when AWS wrote it


@dataclass(frozen=True)
class TrustEntry:
    """One principal that may assume an identity, from its trust policy."""

    kind: str  # "service" | "account" | "github-oidc" | "federated" | "any"
    value: str  # `bedrock.amazonaws.com`, `123456789012`, the OIDC `sub` pattern ("" when unbound)
    location: Location
    environment: str | None = None  # the GitHub environment a `sub` pins (`repo:o/r:environment:prod`)


@dataclass(frozen=True)
class IdentityFact(Fact):
    """A role, user or group defined in infrastructure code (`location`: its definition)."""

    kind: str  # "role" | "user" | "group"
    name: str
    arn: str | None = None
    trust: tuple[TrustEntry, ...] = ()
    grants: tuple[Grant, ...] = ()
    ai_reason: str | None = None
    aliases: tuple[str, ...] = ()  # other names it is referred to by (a Terraform resource label, a logical id)


@dataclass(frozen=True)
class TrustFact(Fact):
    """A trust policy written for identities named here (`location`: the policy)."""

    identities: tuple[str, ...]
    trust: tuple[TrustEntry, ...]


@dataclass(frozen=True)
class GrantFact(Fact):
    """Grants written in one place for identities defined elsewhere (a policy attached by name)."""

    identities: tuple[str, ...]
    grants: tuple[Grant, ...]


@dataclass(frozen=True)
class DeployJobFact(Fact):
    """A CI/CD job (or pipeline stage) that changes an environment, and what stands before it.

    `gate` describes the approval a person must give before the job runs ("environment
    `production`", "manual approval action `Approve`"), None when nothing is required beyond the
    trigger. `environment` is the deployment environment it names (a gate only if protected).
    """

    system: str  # "github-actions" | "gitlab-ci" | "codepipeline" | "atlantis" | …
    workflow: str  # the workflow or pipeline name/path
    job: str
    triggers: tuple[str, ...] = ()  # "push:main", "pull_request_target", "schedule", "issue_comment"
    environment: str | None = None
    gate: str | None = None
    production: bool = False
    deploys: tuple[str, ...] = ()  # commands and actions that change an environment
    identities: tuple[IdentityRef, ...] = ()  # credentials the job holds (OIDC role, static keys)
    agent_steps: tuple[Capability, ...] = ()  # AI agent steps run in the job


@dataclass(frozen=True)
class GateFact(Fact):
    """An approval rule defined as code: an environment's reviewers, a branch protection, a rule."""

    kind: str  # "environment" | "branch-protection" | "ruleset" | "protected-environment" | …
    target: str  # the environment name or branch pattern it protects
    required_approvals: int = 0
    prevents_self_review: bool = False
    admins_bypass: bool = True


@dataclass(frozen=True)
class WorkloadFact(Fact):
    """A workload that runs as an identity: a Lambda function's role, a ServiceAccount's IRSA role."""

    kind: str  # "lambda" | "k8s-service-account" | "ecs-task" | …
    name: str  # `orders-fn`, `payments/deployer`
    identities: tuple[IdentityRef, ...] = ()


@dataclass(frozen=True)
class RbacBindingFact(Fact):
    """A Kubernetes binding that gives a subject a role's powers."""

    subject_kind: str  # "ServiceAccount" | "User" | "Group"
    subject: str  # `namespace/name` for service accounts
    role: str
    cluster_wide: bool
    powers: tuple[str, ...] = ()  # "cluster-admin", "*", "escalate", "bind", "impersonate", …


def locate(document, pointer: str, note: str = "", *, key: bool = False) -> Location:
    """A fact's `Location` for `pointer` in `document` (positions are resolved now, in phase 1)."""
    span = document.locate_key(pointer) if key else document.locate(pointer)
    return Location(document.path, span, pointer, note)
