"""Deployment platforms written in Terraform (`.tf`).

- Terraform runners: `tfe_workspace` and `tfe_workspace_settings` (`auto_apply`,
  `auto_apply_run_trigger`, `vcs_repo.branch`; both default to false), `spacelift_stack`
  (`autodeploy` defaults to false, `administrative`, `branch`; an `APPROVAL` `spacelift_policy`
  attached in the same file is a gate), `env0_environment` (`approve_plan_automatically` defaults to
  **true**: a block that omits it applies with nobody approving);
- `aws_codepipeline`: stages in order, their actions and roles (the `Pipeline` subject);
- `kubernetes_cluster_role_binding(_v1)` / `kubernetes_role_binding(_v1)` with roles of the same
  file (`kubernetes_cluster_role(_v1)`, `kubernetes_role(_v1)`) or built-in ones;
- `kubernetes_service_account(_v1)` with an IRSA annotation and `aws_eks_pod_identity_association`,
  for the repository graph.

A value Terraform computes is never taken for a literal: an `auto_apply = var.auto` is reported
as not judged, at low severity, when the workspace is production.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from lint.deploy.production import is_production
from lint.document import Document, join
from lint.subjects.base import Extractor, Item, Problem, Subject
from lint.subjects import recognizers
from lint.subjects.deploy_platforms.model import deploy_command
from lint.subjects.deploy_platforms.model import (
    Pipeline,
    PipelineAction,
    PipelineStage,
    RbacBinding,
    RoleRule,
    RunnerWorkspace,
    ServiceAccountWorkload,
)

_MARKERS = ("tfe_workspace", "spacelift_stack", "env0_environment", "aws_codepipeline", "kubernetes_",
            "aws_eks_pod_identity_association")
_ROLE_REF = re.compile(r"^kubernetes_(cluster_role|role)(?:_v1)?\.([\w-]+)\.(?:metadata(?:\.0|\[0\])\.name|id)$")
_WORKSPACE_REF = re.compile(r"^tfe_workspace\.([\w-]+)\.id$")
_SPACELIFT_REF = re.compile(r"^spacelift_(stack|policy)\.([\w-]+)\.id$")
_IAM_ROLE_REF = re.compile(r"^aws_iam_role\.([\w-]+)\.arn$")
BINDINGS = {
    "kubernetes_cluster_role_binding": "ClusterRoleBinding", "kubernetes_cluster_role_binding_v1": "ClusterRoleBinding",
    "kubernetes_role_binding": "RoleBinding", "kubernetes_role_binding_v1": "RoleBinding",
}
ROLES = {
    "kubernetes_cluster_role": "ClusterRole", "kubernetes_cluster_role_v1": "ClusterRole",
    "kubernetes_role": "Role", "kubernetes_role_v1": "Role",
}


class DeployTerraformExtractor(recognizers.DeployTerraform, Extractor):
    """Terraform runners, CodePipeline, Kubernetes RBAC and workload identities in `.tf` files."""

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        text = document.text
        if not any(marker in text for marker in _MARKERS):
            return
        data = document.data if isinstance(document.data, dict) else {}
        resources = data.get("resource") if isinstance(data.get("resource"), dict) else {}
        blocks = {kind: {n: b for n, b in bodies.items() if isinstance(b, dict)}
                  for kind, bodies in resources.items() if isinstance(bodies, dict)}
        yield from _runners(document, blocks)
        for name, body in blocks.get("aws_codepipeline", {}).items():
            yield _pipeline(document, name, body, blocks)
        for kind, binding_kind in BINDINGS.items():
            for name, body in blocks.get(kind, {}).items():
                binding = _binding(document, kind, name, body, binding_kind, blocks)
                if binding is not None:
                    yield binding
        yield from _workloads(document, blocks)


def _computed(value: Any) -> bool:
    return getattr(value, "computed", False)


def _name(body: dict[str, Any], label: str) -> str:
    value = body.get("name")
    return value if isinstance(value, str) else label


def _first(body: dict[str, Any], key: str) -> dict[str, Any]:
    value = body.get(key)
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return value[0]
    return value if isinstance(value, dict) else {}


# -- runners ---------------------------------------------------------------------------------------
def _production(*names: Any) -> bool:
    return any(isinstance(n, str) and is_production(n) for n in names)


#: Workspace variables through which HCP Terraform runs assume an AWS role (dynamic provider credentials).
_TFC_ROLE_KEYS = ("TFC_AWS_RUN_ROLE_ARN", "TFC_AWS_APPLY_ROLE_ARN")


def _runner_roles(document: Document, blocks: dict[str, dict[str, dict[str, Any]]]) -> dict[tuple[str, str], list[Item[str]]]:
    """(resource type, label) of a workspace or stack -> the AWS roles its runs assume, located where written."""
    found: dict[tuple[str, str], list[Item[str]]] = {}
    for label, body in blocks.get("tfe_variable", {}).items():
        ref = _WORKSPACE_REF.match(str(body.get("workspace_id"))) if _computed(body.get("workspace_id")) else None
        role = _role_of(body.get("value"), blocks)
        if ref and body.get("key") in _TFC_ROLE_KEYS and role:
            found.setdefault(("tfe_workspace", ref.group(1)), []).append(Item(role, join("/resource/tfe_variable", label, "value")))
    integrations = {label: body.get("role_arn") for label, body in blocks.get("spacelift_aws_integration", {}).items()}
    for kind in ("spacelift_aws_role", "spacelift_aws_integration_attachment"):
        for label, body in blocks.get(kind, {}).items():
            stack = _SPACELIFT_REF.match(str(body.get("stack_id"))) if _computed(body.get("stack_id")) else None
            if not stack or stack.group(1) != "stack":
                continue
            if kind == "spacelift_aws_role":
                value, at = body.get("role_arn"), join("/resource", kind, label, "role_arn")
            else:
                integration = re.match(r"^spacelift_aws_integration\.([\w-]+)\.id$", str(body.get("integration_id")))
                if not integration or integration.group(1) not in integrations:
                    continue
                value, at = integrations[integration.group(1)], join("/resource/spacelift_aws_integration", integration.group(1), "role_arn")
            role = _role_of(value, blocks)
            if role:
                found.setdefault(("spacelift_stack", stack.group(2)), []).append(Item(role, at))
    return found


def _runners(document: Document, blocks: dict[str, dict[str, dict[str, Any]]]) -> Iterator[Subject]:
    roles = _runner_roles(document, blocks) if ("tfe_variable" in blocks or "spacelift_aws" in document.text) else {}
    workspaces = blocks.get("tfe_workspace", {})
    for label, body in workspaces.items():
        base = join("/resource/tfe_workspace", label)
        workspace = RunnerWorkspace(document, base, system="HCP Terraform", resource=f"tfe_workspace.{label}", name=_name(body, label))
        workspace.production = _production(workspace.name, label, body.get("working_directory"))
        _flag(workspace, body, base, "auto_apply", "auto_apply")
        _flag(workspace, body, base, "auto_apply_run_trigger", "run_trigger")
        branch = _first(body, "vcs_repo").get("branch")
        workspace.branch = branch if isinstance(branch, str) else None
        workspace.roles = roles.get(("tfe_workspace", label), [])
        yield workspace
    for label, body in blocks.get("tfe_workspace_settings", {}).items():
        base = join("/resource/tfe_workspace_settings", label)
        ref = _WORKSPACE_REF.match(str(body.get("workspace_id"))) if _computed(body.get("workspace_id")) else None
        target = workspaces.get(ref.group(1), {}) if ref else {}
        name = _name(target, ref.group(1)) if ref else label
        workspace = RunnerWorkspace(document, base, system="HCP Terraform", resource=f"tfe_workspace_settings.{label}", name=name)
        workspace.production = _production(name, label, ref.group(1) if ref else None)
        _flag(workspace, body, base, "auto_apply", "auto_apply")
        _flag(workspace, body, base, "auto_apply_run_trigger", "run_trigger")
        yield workspace
    approvals = _spacelift_approvals(blocks)
    for label, body in blocks.get("spacelift_stack", {}).items():
        base = join("/resource/spacelift_stack", label)
        stack = RunnerWorkspace(document, base, system="Spacelift", resource=f"spacelift_stack.{label}", name=_name(body, label))
        stack.production = _production(stack.name, label, body.get("project_root"), body.get("space_id"))
        _flag(stack, body, base, "autodeploy", "auto_apply")
        _flag(stack, body, base, "administrative", "administrative")
        stack.branch = body.get("branch") if isinstance(body.get("branch"), str) else None
        stack.approval_policy = approvals.get(label)
        stack.roles = roles.get(("spacelift_stack", label), [])
        yield stack
    for label, body in blocks.get("env0_environment", {}).items():
        base = join("/resource/env0_environment", label)
        environment = RunnerWorkspace(document, base, system="env0", resource=f"env0_environment.{label}", name=_name(body, label))
        environment.production = _production(environment.name, label, body.get("workspace"))
        if "approve_plan_automatically" in body:
            _flag(environment, body, base, "approve_plan_automatically", "auto_apply")
        else:
            environment.auto_apply = Item(True, base)
            environment.auto_apply_default = True
        # pushes deploy only with continuous deployment (`deploy_on_push`); otherwise each deployment started
        # by Terraform, the UI, the API or a schedule applies unreviewed
        if body.get("deploy_on_push") is True:
            environment.branch = body.get("revision") if isinstance(body.get("revision"), str) else "its branch"
        yield environment


def _flag(workspace: RunnerWorkspace, body: dict[str, Any], base: str, key: str, attribute: str) -> None:
    value = body.get(key)
    if value is True or (isinstance(value, str) and value.lower() == "true") or _computed(value):
        setattr(workspace, attribute, Item(value, join(base, key)))


def _spacelift_approvals(blocks: dict[str, dict[str, dict[str, Any]]]) -> dict[str, str]:
    """Stack label -> the APPROVAL policy attached to it in this file."""
    policies = {label: _name(body, label) for label, body in blocks.get("spacelift_policy", {}).items()
                if str(body.get("type", "")).upper() == "APPROVAL"}
    found: dict[str, str] = {}
    for body in blocks.get("spacelift_policy_attachment", {}).values():
        policy = _SPACELIFT_REF.match(str(body.get("policy_id"))) if _computed(body.get("policy_id")) else None
        stack = _SPACELIFT_REF.match(str(body.get("stack_id"))) if _computed(body.get("stack_id")) else None
        if policy and stack and policy.group(1) == "policy" and policy.group(2) in policies and stack.group(1) == "stack":
            found[stack.group(2)] = f"Spacelift approval policy `{policies[policy.group(2)]}`"
    return found


# -- CodePipeline ----------------------------------------------------------------------------------
def _role_of(value: Any, blocks: dict[str, dict[str, dict[str, Any]]]) -> str | None:
    if isinstance(value, str):
        return value
    ref = _IAM_ROLE_REF.match(str(value)) if _computed(value) else None
    if ref:
        return _name(blocks.get("aws_iam_role", {}).get(ref.group(1), {}), ref.group(1))
    return None


def _pipeline(document: Document, label: str, body: dict[str, Any], blocks: dict[str, dict[str, dict[str, Any]]]) -> Pipeline:
    from lint.subjects.deploy_platforms.codepipeline import target_of

    base = join("/resource/aws_codepipeline", label)
    pipeline = Pipeline(document, base, name=_name(body, label), source="Terraform")
    if "role_arn" in body:
        pipeline.role = Item(body["role_arn"], join(base, "role_arn"))
        pipeline.role_name = _role_of(body["role_arn"], blocks)
    dynamic = body.get("dynamic")
    if isinstance(dynamic, dict) and "stage" in dynamic:
        pipeline.computed_stages = join(base, "dynamic", "stage")
    stages = body.get("stage")
    for i, stage in enumerate(stages if isinstance(stages, list) else []):
        if not isinstance(stage, dict):
            continue
        at = join(base, "stage", i)
        record = PipelineStage(str(stage.get("name")) if isinstance(stage.get("name"), str) else f"stage {i + 1}", at)
        actions = stage.get("action")
        for j, action in enumerate(actions if isinstance(actions, list) else []):
            if not isinstance(action, dict):
                continue
            configuration = action.get("configuration") if isinstance(action.get("configuration"), dict) else {}
            target = target_of(configuration)
            entry = PipelineAction(
                action.get("name") if isinstance(action.get("name"), str) else f"action {j + 1}", join(at, "action", j),
                str(action.get("category") or ""), str(action.get("provider") or ""), target=target)
            if entry.provider == "CodeBuild":
                project = configuration.get("ProjectName")
                entry.command = deploy_command(_tf_buildspec(blocks, project))
                reference = _CODEBUILD_REF.match(str(project)) if _computed(project) else None
                if reference and not entry.target:
                    entry.target = _name(blocks.get("aws_codebuild_project", {}).get(reference.group(1), {}), reference.group(1))
            if "role_arn" in action:
                value = _role_of(action["role_arn"], blocks)
                entry.role = Item(value if value else action["role_arn"], join(at, "action", j, "role_arn"))
            record.actions.append(entry)
        pipeline.stages.append(record)
    return pipeline


_CODEBUILD_REF = re.compile(r"^aws_codebuild_project\.([\w-]+)\.(?:name|id|arn)$")


def _tf_buildspec(blocks: dict[str, dict[str, dict[str, Any]]], project: Any) -> Any:
    """The inline `buildspec` of the `aws_codebuild_project` a CodeBuild action names, in the same file."""
    projects = blocks.get("aws_codebuild_project", {})
    ref = _CODEBUILD_REF.match(str(project)) if _computed(project) else None
    for label, body in projects.items():
        if (ref and label == ref.group(1)) or (isinstance(project, str) and body.get("name") == project):
            return _first(body, "source").get("buildspec")
    return None


# -- Kubernetes --------------------------------------------------------------------------------------
def _binding(document: Document, kind: str, label: str, body: dict[str, Any], binding_kind: str,
             blocks: dict[str, dict[str, dict[str, Any]]]) -> RbacBinding | None:
    base = join("/resource", kind, label)
    metadata = _first(body, "metadata")
    role_ref = _first(body, "role_ref")
    if not role_ref:
        return None
    binding = RbacBinding(document, base, kind=binding_kind, name=str(metadata.get("name") or label))
    binding.namespace = str(metadata.get("namespace") or "") if isinstance(metadata.get("namespace"), str) else ""
    binding.role_kind = str(role_ref.get("kind") or "")
    role_name = role_ref.get("name")
    binding.role_pointer = join(base, "role_ref", 0, "name")
    reference = _ROLE_REF.match(str(role_name)) if _computed(role_name) else None
    if reference:
        for role_kind, role_type in ROLES.items():
            role_body = blocks.get(role_kind, {}).get(reference.group(2))
            if role_body is not None and role_kind.startswith(f"kubernetes_{reference.group(1)}"):
                role_meta = _first(role_body, "metadata")
                binding.role_name = str(role_meta.get("name") or reference.group(2))
                binding.role_document, binding.role_at = document, join("/resource", role_kind, reference.group(2))
                binding.rules = _rules(role_body, binding.role_at)
                break
        else:
            binding.role_name = str(role_name)
    elif isinstance(role_name, str):
        binding.role_name = role_name
        for role_kind, role_type in ROLES.items():
            if role_type != binding.role_kind:
                continue
            for role_label, role_body in blocks.get(role_kind, {}).items():
                if _first(role_body, "metadata").get("name") == role_name:
                    binding.role_document, binding.role_at = document, join("/resource", role_kind, role_label)
                    binding.rules = _rules(role_body, binding.role_at)
    else:
        binding.role_name = str(role_name or "")
    subjects = body.get("subject")
    for i, subject in enumerate(subjects if isinstance(subjects, list) else []):
        if isinstance(subject, dict):
            # a computed name or namespace is shown as written (`kubernetes_namespace.ci.metadata[0].name`)
            binding.subjects.append(Item({k: v if isinstance(v, str) else str(v) for k, v in subject.items()
                                          if isinstance(v, str) or _computed(v)}, join(base, "subject", i)))
    return binding


def _rules(body: dict[str, Any], base: str) -> list[RoleRule]:
    rules = body.get("rule")
    out = []
    for i, rule in enumerate(rules if isinstance(rules, list) else []):
        if isinstance(rule, dict):
            def strings(key: str) -> list[str]:
                value = rule.get(key)
                return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

            out.append(RoleRule(join(base, "rule", i), strings("verbs"), strings("resources"), strings("api_groups")))
    return out


def _workloads(document: Document, blocks: dict[str, dict[str, dict[str, Any]]]) -> Iterator[Subject]:
    for kind in ("kubernetes_service_account", "kubernetes_service_account_v1"):
        for label, body in blocks.get(kind, {}).items():
            metadata = _first(body, "metadata")
            annotations = metadata.get("annotations")
            if not isinstance(annotations, dict) or "eks.amazonaws.com/role-arn" not in annotations:
                continue
            base = join("/resource", kind, label)
            value = annotations["eks.amazonaws.com/role-arn"]
            role = _role_of(value, blocks)
            if role is None:
                continue
            namespace = metadata.get("namespace") if isinstance(metadata.get("namespace"), str) else "default"
            name = metadata.get("name") if isinstance(metadata.get("name"), str) else label
            yield ServiceAccountWorkload(document, base, name=f"{namespace}/{name}",
                                         role=Item(role, join(base, "metadata", 0, "annotations", "eks.amazonaws.com/role-arn")))
    for label, body in blocks.get("aws_eks_pod_identity_association", {}).items():
        base = join("/resource/aws_eks_pod_identity_association", label)
        role = _role_of(body.get("role_arn"), blocks)
        namespace, account = body.get("namespace"), body.get("service_account")
        if role and isinstance(namespace, str) and isinstance(account, str):
            yield ServiceAccountWorkload(document, base, name=f"{namespace}/{account}", role=Item(role, join(base, "role_arn")))
