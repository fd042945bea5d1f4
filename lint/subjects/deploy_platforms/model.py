"""Subjects of the deployment platforms: Terraform runners, Atlantis, CodePipeline, GitOps, RBAC.

Each subject keeps the pointer of every element it was built from, and states the facts the
repository graph joins (`facts()`): deploy jobs with the gate before them, approval rules, RBAC
bindings and the cloud roles Kubernetes workloads run as.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lint.document import Document
from lint.subjects.base import Item, Subject

#: Words in a ServiceAccount's name or namespace that say a CI/CD system or an AI agent acts through it.
CI_WORDS = frozenset({
    "ci", "cd", "cicd", "runner", "runners", "gitlab", "github", "actions", "jenkins", "tekton", "deployer",
    "deploy", "deployment-bot", "pipeline", "pipelines", "atlantis", "spacelift", "terraform", "tf",
    "buildkite", "circleci", "drone", "concourse", "automation", "bot", "tiller",
})
AGENT_WORDS = frozenset({
    "agent", "agents", "kagent", "claude", "codex", "gemini", "llm", "ai", "mcp", "copilot", "bedrock",
    "openai", "anthropic", "kiro", "autopilot", "assistant",
})


def actor_kind(*names: str) -> str | None:
    """"AI agent" or "CI/CD" when a ServiceAccount's name or namespace says so, else None."""
    import re

    words = {w for name in names if name for w in re.split(r"[^a-z0-9]+", name.lower()) if w}
    if words & AGENT_WORDS:
        return "AI agent"
    if words & CI_WORDS:
        return "CI/CD"
    return None


class DeploySubject(Subject):
    family = "deploy"


class RunnerWorkspace(DeploySubject):
    """A Terraform runner's workspace or stack: HCP Terraform / TFE, Spacelift, env0."""

    def __init__(self, document: Document, pointer: str, *, system: str, resource: str, name: str) -> None:
        super().__init__(document, pointer)
        self.system = system  # "HCP Terraform" | "Spacelift" | "env0"
        self.resource = resource  # `tfe_workspace.prod`
        self.name = name
        self.production = False
        #: The setting that applies plans with nobody confirming, or the resource when a default does.
        self.auto_apply: Item[Any] | None = None
        self.auto_apply_default = False  # env0: `approve_plan_automatically` omitted is true
        self.run_trigger: Item[Any] | None = None  # `auto_apply_run_trigger = true`
        self.administrative: Item[Any] | None = None  # Spacelift `administrative = true`
        self.branch: str | None = None
        self.approval_policy: str | None = None  # a Spacelift APPROVAL policy attached in the module
        #: AWS roles its runs assume (`TFC_AWS_RUN_ROLE_ARN` variables, Spacelift AWS integrations), located.
        self.roles: list[Item[str]] = []

    @property
    def label(self) -> str:
        kind = {"HCP Terraform": "workspace", "Spacelift": "stack", "env0": "environment"}[self.system]
        return f"{self.system} {kind} `{self.name}`"

    def facts(self) -> Iterator[Any]:
        from lint.graph.facts import DeployJobFact, IdentityRef, locate

        gate = None if (self.auto_apply or self.run_trigger) and not self.approval_policy else (
            self.approval_policy or f"a person confirms each apply in {self.system}")
        yield DeployJobFact(
            locate(self.document, self.pointer, self.label, key=True),
            system=self.system.lower().replace(" ", "-"),
            workflow=self.resource,
            job=self.name,
            triggers=(f"push:{self.branch}",) if self.branch else (),
            environment=self.name,
            gate=gate,
            production=self.production,
            deploys=("terraform apply",),
            identities=tuple(IdentityRef("role", r.value, locate(self.document, r.pointer, "role its runs assume")) for r in self.roles),
        )


@dataclass
class AtlantisRule:
    """One `repos:` entry of a server-side `repos.yaml`, or one project of a repo-level `atlantis.yaml`."""

    target: str  # how messages name it: repos `/.*/`, project `prod`
    pointer: str
    key: str = ""  # the repo id regex, or the project's name or dir, as written
    apply_requirements: Item[Any] | None = None
    import_requirements: Item[Any] | None = None
    allowed_overrides: Item[Any] | None = None
    allow_custom_workflows: Item[Any] | None = None
    branch: str | None = None

    def requirements(self, which: str = "apply") -> set[str]:
        item = self.apply_requirements if which == "apply" else self.import_requirements
        value = item.value if item else []
        return {v for v in value if isinstance(v, str)} if isinstance(value, list) else set()


class AtlantisConfig(DeploySubject):
    """Atlantis configuration: the server's `repos.yaml` or a repository's `atlantis.yaml`."""

    def __init__(self, document: Document, pointer: str, *, server: bool) -> None:
        super().__init__(document, pointer)
        self.server = server
        self.rules: list[AtlantisRule] = []
        self.automerge: Item[Any] | None = None
        self.custom_workflows: Item[Any] | None = None  # repo-level `workflows:` block

    @property
    def label(self) -> str:
        return "server-side repo config" if self.server else "`atlantis.yaml`"

    def facts(self) -> Iterator[Any]:
        from lint.graph.facts import DeployJobFact, GateFact, locate

        for rule in self.rules:
            needs = rule.requirements()
            location = locate(self.document, rule.pointer, f"Atlantis {rule.target}")
            if rule.apply_requirements is not None or self.server:
                yield GateFact(location, kind="atlantis-apply-requirements", target=rule.key or rule.target,
                               required_approvals=1 if "approved" in needs else 0,
                               prevents_self_review=False, admins_bypass="mergeable" not in needs)
            if not self.server:
                yield DeployJobFact(location, system="atlantis", workflow=self.document.path, job=rule.key or rule.target,
                                    triggers=("comment:atlantis apply",),
                                    gate="Atlantis apply requirements `approved`" if "approved" in needs else None,
                                    deploys=("terraform apply",))


@dataclass
class PipelineAction:
    name: str
    pointer: str
    category: str
    provider: str
    role: Item[Any] | None = None
    target: str = ""  # stack, cluster/service, application, bucket it deploys to
    command: str | None = None  # the deploy command a CodeBuild project's buildspec runs, when the file shows it


def deploy_command(buildspec: Any) -> str | None:
    """The first deploy command of an inline buildspec (YAML text), or None.

    Judged by the same data as workflow and GitLab steps (`lint/deploy/data/deploy-commands.yaml`),
    dry runs included as not deploying.
    """
    if not isinstance(buildspec, str) or len(buildspec) > 200_000:
        return None
    from lint.deploy.catalog import find_commands

    hits = find_commands(buildspec)
    if not hits:
        return None
    match = hits[0].command.pattern.search(hits[0].text)
    return " ".join(match.group(0).split()) if match else hits[0].text


@dataclass
class PipelineStage:
    name: str
    pointer: str
    actions: list[PipelineAction] = field(default_factory=list)


#: CodeBuild projects whose name says they deploy (CodeBuild is otherwise a build or test step).
DEPLOY_WORDS = frozenset({"deploy", "release", "apply", "rollout", "promote", "publish", "cdk", "terraform"})


class Pipeline(DeploySubject):
    """An AWS CodePipeline: its stages in order, their actions, the roles they act as."""

    def __init__(self, document: Document, pointer: str, *, name: str, source: str) -> None:
        super().__init__(document, pointer)
        self.name = name
        self.source = source  # "CloudFormation" | "Terraform"
        self.role: Item[Any] | None = None
        self.role_name: str | None = None  # literal ARN or the logical id / resource a reference names
        self.stages: list[PipelineStage] = []
        #: Stage name -> pointer of a `DisableInboundStageTransitions` entry: a person must enable the transition.
        self.disabled_transitions: dict[str, str] = {}
        #: Where stages are generated from values Terraform computes (`dynamic "stage"`): not judged.
        self.computed_stages: str | None = None

    @staticmethod
    def deploys(action: PipelineAction) -> bool:
        if action.category == "Deploy" or action.command:
            return True
        if action.category in ("Build", "Test") and action.provider == "CodeBuild":
            import re

            words = set(re.split(r"[-_.\s/]+", f"{action.name} {action.target}".lower()))
            return bool(words & DEPLOY_WORDS)
        return action.category == "Invoke" and "deploy" in action.name.lower()

    def deploy_stages(self) -> Iterator[tuple[PipelineStage, list[PipelineAction], PipelineAction | None]]:
        """Stages that deploy, with their deploy actions and the approval that comes before, if any."""
        approval: PipelineAction | None = None
        for stage in self.stages:
            if stage.name in self.disabled_transitions:
                approval = PipelineAction(f"disabled transition into `{stage.name}`", self.disabled_transitions[stage.name], "Approval", "Manual")
            deploying = [a for a in stage.actions if self.deploys(a)]
            approvals = [a for a in stage.actions if a.category == "Approval"]
            if deploying:
                yield stage, deploying, approval
            if approvals:
                approval = approvals[0]

    def facts(self) -> Iterator[Any]:
        from lint.graph.facts import DeployJobFact, GateFact, IdentityRef, locate
        from lint.deploy.production import is_production

        for stage in self.stages:
            for action in stage.actions:
                if action.category == "Approval":
                    yield GateFact(locate(self.document, action.pointer, f"approval `{action.name}`"),
                                   kind="codepipeline-approval", target=f"{self.name}/{stage.name}",
                                   required_approvals=1)
        for stage, actions, approval in self.deploy_stages():
            identities = []
            for item, value in [(self.role, self.role_name), *[(a.role, a.role.value if a.role and isinstance(a.role.value, str) else None) for a in actions]]:
                if item is not None and value:
                    identities.append(IdentityRef("role", value, locate(self.document, item.pointer, "role")))
            yield DeployJobFact(
                locate(self.document, stage.pointer, f"stage `{stage.name}`"),
                system="codepipeline", workflow=self.name, job=stage.name,
                environment=stage.name,
                gate=(approval.name if approval.name.startswith("disabled transition") else f"manual approval action `{approval.name}`") if approval else None,
                production=is_production(stage.name) or is_production(self.name) or any(is_production(a.target) or is_production(a.name) for a in actions),
                deploys=tuple(f"{a.provider} `{a.name}`" for a in actions),
                identities=tuple(identities),
            )


class GitOpsApp(DeploySubject):
    """An Argo CD `Application`/`ApplicationSet` or a Flux `Kustomization`/`HelmRelease`."""

    def __init__(self, document: Document, pointer: str, *, tool: str, kind: str, name: str) -> None:
        super().__init__(document, pointer)
        self.tool = tool  # "Argo CD" | "Flux"
        self.kind = kind
        self.name = name
        self.namespace = ""
        self.production: str | None = None  # why it counts as production (`destination namespace `prod``)
        self.automated: Item[Any] | None = None  # the automated sync policy, or Flux's `interval`
        self.prune: Item[Any] | None = None
        self.self_heal: Item[Any] | None = None
        self.force: Item[Any] | None = None  # Flux `force: true`, Argo `Force=true` / `Replace=true`
        self.window: str | None = None  # the sync window that covers it
        self.window_at: tuple[Document, str] | None = None  # where that window is written
        self.project: str | None = None  # Argo CD project, when it is not found beside the application
        self.source = ""  # `repo@revision path`
        self.destination = ""
        self.chart_range: Item[Any] | None = None  # HelmRelease chart version that floats
        self.suspended = False

    @property
    def label(self) -> str:
        return f"{self.tool} {self.kind} `{self.name}`"

    def facts(self) -> Iterator[Any]:
        from lint.graph.facts import DeployJobFact, GateFact, locate

        automatic = self.automated is not None and not self.suspended
        if self.window and self.window_at:
            document, pointer = self.window_at
            yield GateFact(locate(document, pointer, self.window), kind="argocd-sync-window", target=self.name)
        yield DeployJobFact(
            locate(self.document, self.pointer, self.label),
            system="argocd" if self.tool == "Argo CD" else "flux",
            workflow=self.document.path, job=self.name,
            triggers=(f"git:{self.source}",) if self.source else (),
            environment=self.destination or None,
            gate=self.window if self.window else (None if automatic else "manual sync"),
            production=self.production is not None,
            deploys=(f"{self.tool} sync" + (" with prune" if self.prune else ""),),
        )


class ImageAutomation(DeploySubject):
    """A Flux `ImageUpdateAutomation`: the branch it commits new image tags to, and the branch deployed."""

    def __init__(self, document: Document, pointer: str, *, name: str) -> None:
        super().__init__(document, pointer)
        self.name = name
        self.source = ""  # GitRepository name
        self.checkout: Item[Any] | None = None
        self.push: Item[Any] | None = None  # push.branch
        self.refspec: Item[Any] | None = None
        self.deployed_branch: str | None = None  # the GitRepository's `spec.ref.branch`
        self.deployed_at: tuple[Document, str] | None = None
        self.production: str | None = None
        self.git_pointer = f"{pointer}/spec"  # `spec.git` when written: where a missing `push` belongs

    def pushes_to(self) -> str | None:
        """The branch commits land on, when the file says it."""
        if self.refspec is not None:
            spec = str(self.refspec.value)
            target = spec.split(":", 1)[-1]
            return None if target.startswith("refs/for/") else target.removeprefix("refs/heads/")
        if self.push is not None:
            return str(self.push.value)
        if self.checkout is not None:
            return str(self.checkout.value)
        return self.deployed_branch


@dataclass
class RoleRule:
    pointer: str
    verbs: list[str]
    resources: list[str]
    api_groups: list[str]


class RbacBinding(DeploySubject):
    """A `ClusterRoleBinding` or `RoleBinding` (YAML or Terraform) with the role it grants, when known."""

    def __init__(self, document: Document, pointer: str, *, kind: str, name: str) -> None:
        super().__init__(document, pointer)
        self.kind = kind  # "ClusterRoleBinding" | "RoleBinding"
        self.name = name
        self.namespace = ""
        self.role_kind = ""
        self.role_name = ""
        self.role_pointer = pointer
        self.subjects: list[Item[dict[str, Any]]] = []
        self.rules: list[RoleRule] | None = None  # None when the role is not in the repository's reach
        self.role_document: Document | None = None
        self.role_at = ""

    @property
    def cluster_wide(self) -> bool:
        return self.kind == "ClusterRoleBinding"

    def service_accounts(self) -> list[tuple[Item[dict[str, Any]], str]]:
        """ServiceAccount subjects (and the all-service-accounts groups) as `namespace/name`."""
        found = []
        for item in self.subjects:
            subject = item.value
            kind, name = subject.get("kind"), subject.get("name")
            if kind == "ServiceAccount" and isinstance(name, str):
                namespace = subject.get("namespace") or self.namespace or "default"
                found.append((item, f"{namespace}/{name}"))
            elif kind == "Group" and isinstance(name, str) and name.startswith("system:serviceaccounts"):
                found.append((item, f"every ServiceAccount{' in ' + name.split(':', 2)[2] if name.count(':') == 2 else ''} (`{name}`)"))
        return found

    def powers(self) -> list[tuple[str, str]]:
        """What the role gives, as (power, pointer-or-"") pairs: cluster-admin, admin, *, escalate, bind, impersonate."""
        if self.role_kind == "ClusterRole" and self.role_name in BUILTIN_ROLES:
            return [(BUILTIN_ROLES[self.role_name], "")]
        found: list[tuple[str, str]] = []
        for rule in self.rules or []:
            verbs, resources = set(rule.verbs), set(rule.resources)
            if "*" in verbs and "*" in resources and ("*" in rule.api_groups or not rule.api_groups):
                found.append(("cluster-admin", rule.pointer))
                continue
            if "*" in verbs and "*" in resources:
                groups = ", ".join(g or "core" for g in rule.api_groups)
                # every verb on the core group makes tokens for any ServiceAccount and runs pods as them
                power = f"every verb on every {groups} resource"
                found.append((power if not set(rule.api_groups) & {"", "rbac.authorization.k8s.io"} else f"{power} (escalates)", rule.pointer))
                continue
            for verb in ("escalate", "bind", "impersonate"):
                if verb in verbs or ("*" in verbs and (resources & {"roles", "clusterroles", "rolebindings", "clusterrolebindings", "users", "groups", "serviceaccounts", "*"})):
                    found.append((verb if verb in verbs else f"* on {', '.join(sorted(resources & {'roles', 'clusterroles', 'rolebindings', 'clusterrolebindings', 'users', 'groups', 'serviceaccounts', '*'}))}", rule.pointer))
                    break
            else:
                if "*" in verbs:
                    found.append((f"every verb on {', '.join(sorted(resources)) or 'nothing'}", rule.pointer))
                elif "*" in resources and verbs & WRITE_VERBS:
                    found.append((f"{', '.join(sorted(verbs & WRITE_VERBS))} on every resource", rule.pointer))
                elif (resources & {"*", "secrets"}) and verbs & {"get", "list"} and (
                        not rule.api_groups or set(rule.api_groups) & {"", "*"}):
                    found.append((READ_SECRETS, rule.pointer))
        return found

    def facts(self) -> Iterator[Any]:
        from lint.graph.facts import RbacBindingFact, locate

        powers = tuple(dict.fromkeys(p for p, _ in self.powers()))
        for item, subject in self.service_accounts():
            yield RbacBindingFact(locate(self.document, item.pointer, f"{self.kind} `{self.name}`"),
                                  subject_kind="ServiceAccount", subject=subject, role=self.role_name,
                                  cluster_wide=self.cluster_wide, powers=powers)
        for item in self.subjects:
            kind, name = item.value.get("kind"), item.value.get("name")
            if kind in ("User", "Group") and isinstance(name, str) and not name.startswith("system:serviceaccounts"):
                yield RbacBindingFact(locate(self.document, item.pointer, f"{self.kind} `{self.name}`"),
                                      subject_kind=kind, subject=name, role=self.role_name,
                                      cluster_wide=self.cluster_wide, powers=powers)


BUILTIN_ROLES = {"cluster-admin": "cluster-admin", "admin": "admin"}
READ_SECRETS = "read Secrets"
WRITE_VERBS = frozenset({"create", "update", "patch", "delete", "deletecollection"})


class ServiceAccountWorkload(DeploySubject):
    """A Kubernetes ServiceAccount bound to an AWS role (IRSA annotation or EKS Pod Identity)."""

    def __init__(self, document: Document, pointer: str, *, name: str, role: Item[Any]) -> None:
        super().__init__(document, pointer)
        self.name = name  # `namespace/name`
        self.role = role

    def facts(self) -> Iterator[Any]:
        from lint.graph.facts import IdentityRef, WorkloadFact, locate

        if isinstance(self.role.value, str) and self.role.value:
            yield WorkloadFact(locate(self.document, self.pointer, f"ServiceAccount `{self.name}`"),
                               kind="k8s-service-account", name=self.name,
                               identities=(IdentityRef("role", self.role.value, locate(self.document, self.role.pointer, "role")),))
