"""Deployment platforms: a dangerous and a safe repository layout, findings at exact places, facts."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.config import Config
from lint.graph.facts import DeployJobFact, GateFact, RbacBindingFact, WorkloadFact
from lint.model import Severity
from lint.registry import load_checks
from lint.runner import Engine

FIXTURES = Path(__file__).parent / "fixtures" / "deploy-platforms"

DANGEROUS = [
    ("deploy-atlantis-apply-unguarded", "atlantis-server/repos.yaml", "3:5", "high"),
    ("deploy-atlantis-apply-unguarded", "atlantis-server/repos.yaml", "4:25", "high"),
    ("deploy-atlantis-apply-unguarded", "atlantis-server/repos.yaml", "5:29", "high"),
    ("deploy-atlantis-apply-unguarded", "atlantis-server/repos.yaml", "8:25", "high"),
    ("deploy-atlantis-apply-unguarded", "atlantis-server/repos.yaml", "9:26", "medium"),
    ("deploy-atlantis-apply-unguarded", "atlantis.yaml", "10:25", "high"),
    ("k8s-service-account-admin", "chart/templates/clusterrolebinding.yaml", "9:9", "critical"),
    ("deploy-gitops-auto-sync-production", "gitops/apps.yaml", "28:14", "medium"),
    ("deploy-gitops-auto-sync-production", "gitops/apps.yaml", "58:21", "low"),
    ("deploy-gitops-auto-sync-production", "gitops/flux.yaml", "20:10", "medium"),
    ("deploy-gitops-auto-sync-production", "gitops/flux.yaml", "21:10", "high"),
    ("deploy-image-automation-deploy-branch", "gitops/flux.yaml", "36:3", "high"),
    ("deploy-runner-auto-apply", "infra/runners.tf", "5:28", "high"),
    ("deploy-runner-auto-apply", "infra/runners.tf", "6:28", "high"),
    ("deploy-runner-auto-apply", "infra/runners.tf", "20:20", "high"),
    ("deploy-runner-auto-apply", "infra/runners.tf", "24:1", "high"),
    # the role's trust is a data source this fixture does not define: listed as not judged
    ("iam-policy-not-judged", "infra/runners.tf", "33:24", "info"),
    ("trust-service-no-source", "pipelines/release.yaml", "11:34", "low"),
    ("deploy-pipeline-no-approval", "pipelines/release.yaml", "36:17", "high"),
    ("iam-policy-not-judged", "pipelines/web.tf", "3:24", "info"),
    ("deploy-pipeline-no-approval", "pipelines/web.tf", "33:12", "high"),
    ("k8s-service-account-admin", "rbac/ci.yaml", "16:9", "critical"),
    ("k8s-service-account-admin", "rbac/runner.tf", "19:17", "critical"),
]


def _run(name: str, *, facts: bool = False):
    root = (FIXTURES / name).resolve()
    engine = Engine(load_checks(), Config(root=root))
    engine.wants_facts = facts
    if facts:
        outcomes = [engine.lint_source(source) for source in _sources(engine, root)]
        return [fact for outcome in outcomes for fact in outcome.facts]
    result, _ = engine.run_paths([root], cwd=root)
    assert not result.errors, result.errors
    return result.findings


def _sources(engine: Engine, root: Path):
    from lint.discover import discover

    return discover([root], cwd=root, root=root, claims=engine.claims)


def test_dangerous_layout_findings_at_exact_places():
    found = [(f.check_id, f.location.path, f"{f.location.span.start_line}:{f.location.span.start_col}", f.severity.label)
             for f in _run("dangerous")]
    assert found == DANGEROUS


def test_safe_layout_yields_nothing_above_low():
    findings = _run("safe")
    assert [(f.check_id, f.location.path) for f in findings if f.severity > Severity.LOW] == []
    # the only note: a development workspace that auto-applies
    assert [(f.check_id, f.location.path, f.severity.label) for f in findings] == [
        ("deploy-runner-auto-apply", "infra/runners.tf", "low"),
        # the pipeline role's trust is a data source this fixture does not define
        ("iam-policy-not-judged", "pipelines/web.tf", "info"),
    ]


def test_messages_name_what_reaches_production():
    messages = {(f.check_id, f.location.path): f.message for f in _run("dangerous")}
    assert messages[("deploy-pipeline-no-approval", "pipelines/release.yaml")] == (
        "Stage `Production` of pipeline `orders-release` deploys to production with no manual approval: "
        "ECS `DeployService` to `orders-prod/orders`")
    assert "project `web-cdk-deploy`" in messages[("deploy-pipeline-no-approval", "pipelines/web.tf")]
    assert "ServiceAccount `ci/deployer` (a CI/CD runner) `cluster-admin` cluster-wide" in messages[("k8s-service-account-admin", "rbac/ci.yaml")]
    assert "commits image tags to `main`, which GitRepository `fleet` deploys" in messages[
        ("deploy-image-automation-deploy-branch", "gitops/flux.yaml")]


def test_facts_of_the_dangerous_layout():
    facts = _run("dangerous", facts=True)
    jobs = {(f.system, f.job): f for f in facts if isinstance(f, DeployJobFact)}
    stage = jobs[("codepipeline", "Production")]
    assert stage.gate is None and stage.production and stage.workflow == "orders-release"
    assert [(i.kind, i.value) for i in stage.identities] == [("role", "PipelineRole")]
    web = jobs[("codepipeline", "Deploy")]
    assert [(i.kind, i.value) for i in web.identities] == [("role", "web-pipeline")]
    assert jobs[("hcp-terraform", "payments-prod")].gate is None and jobs[("hcp-terraform", "payments-prod")].production
    assert jobs[("env0", "orders-prod")].gate is None
    assert [(i.kind, i.value, i.location.span.start_line) for i in jobs[("hcp-terraform", "payments-prod")].identities] == [
        ("role", "tfc-payments-prod", 40)]
    assert [(i.role_name, i.location.span.start_line) for i in jobs[("spacelift", "platform-admin")].identities] == [
        ("spacelift-platform-admin", 45)]
    assert jobs[("argocd", "payments-prod")].gate is None and jobs[("argocd", "payments-prod")].production
    assert jobs[("flux", "apps-production")].production
    assert jobs[("atlantis", "network-prod")].gate is None
    gates = [f for f in facts if isinstance(f, GateFact)]
    assert {(g.kind, g.target, g.required_approvals) for g in gates} >= {
        ("atlantis-apply-requirements", "github.com/acme/infra", 0)}
    bindings = {(f.subject, f.role): f for f in facts if isinstance(f, RbacBindingFact)}
    assert bindings[("ci/deployer", "cluster-admin")].cluster_wide
    assert bindings[("ci/deployer", "cluster-admin")].powers == ("cluster-admin",)
    assert bindings[("gitlab/gitlab-runner", "gitlab-runner-manage")].powers == ("escalate",)
    workloads = {f.name: f for f in facts if isinstance(f, WorkloadFact)}
    assert workloads["ci/deployer"].kind == "k8s-service-account"
    assert [(i.kind, i.value) for i in workloads["ci/deployer"].identities] == [("role", "arn:aws:iam::123456789012:role/ci-deployer")]
    assert workloads["ci/deployer"].identities[0].location.span.start_line == 7
    assert [(i.kind, i.role_name) for i in workloads["gitlab/gitlab-runner"].identities] == [("role", "gitlab-runner")]


def test_facts_of_the_safe_layout_carry_the_gates():
    facts = _run("safe", facts=True)
    jobs = {(f.system, f.job): f for f in facts if isinstance(f, DeployJobFact)}
    assert jobs[("codepipeline", "Production")].gate == "manual approval action `ReleaseManager`"
    assert jobs[("spacelift", "orders-prod")].gate == "Spacelift approval policy `two-person-review`"
    assert jobs[("argocd", "payments-prod")].gate == "deny sync window `* * * * *` of AppProject `payments`"
    assert jobs[("argocd", "ledger-prod")].gate == "manual sync"
    gates = {(g.kind, g.target): g for g in facts if isinstance(g, GateFact)}
    assert gates[("codepipeline-approval", "orders-release/Approve")].required_approvals == 1
    assert gates[("argocd-sync-window", "payments-prod")].location.span.start_line == 12
    assert gates[("atlantis-apply-requirements", "/github.com/acme/.*/")].required_approvals == 1


UNPARSEABLE_TEMPLATE = """\
{{- if .Values.serviceAccount.create }}
apiVersion: v1
kind: ServiceAccount
metadata:
  name: {{ include "app.serviceAccountName" . }}
  annotations:
    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/app
    {{- with .Values.serviceAccount.annotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
{{- end }}
---
{{- range .Values.bindings }}
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: {{ .name }}}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: {{ .role }}
{{- end }}
"""


def test_helm_template_is_read_as_far_as_it_goes_and_never_malformed():
    engine = Engine(load_checks())
    engine.wants_facts = True
    outcome = engine.lint_text("chart/templates/serviceaccount.yaml", UNPARSEABLE_TEMPLATE)
    assert outcome.findings == [] and outcome.errors == []
    (workload,) = [f for f in outcome.facts if isinstance(f, WorkloadFact)]
    assert workload.name == 'default/{{ include "app.serviceAccountName" . }}'
    assert workload.identities[0].location.span.start_line == 7


def test_plain_yaml_that_does_not_parse_is_still_reported():
    engine = Engine(load_checks())
    outcome = engine.lint_text("deploy/binding.yaml", "apiVersion: v1\nkind: ServiceAccount\nmetadata: [\n")
    assert [f.check_id for f in outcome.findings] == ["invalid-document"]


@pytest.mark.parametrize("text", [
    "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deployment.yaml]\n",
    "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app\n",
    "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: prod-app\nspec:\n  destination: {namespace: prod}\n",
])
def test_lookalikes_and_plain_objects_yield_nothing(text):
    outcome = Engine(load_checks()).lint_text("k8s/object.yaml", text)
    assert outcome.findings == [] and outcome.errors == []


ATLANTIS_CONFIGMAP = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: atlantis-repo-config
  namespace: atlantis
data:
  repos.yaml: |
    # server-side repo config
    repos:
    - id: github.com/acme/*
      allowed_overrides:
        - workflow
        - apply_requirements
      allow_custom_workflows: true  # scopelint: ignore[deploy-atlantis-apply-unguarded] custom workflows reviewed by platform team
"""


def test_atlantis_config_inside_a_configmap_is_located_in_the_outer_file():
    outcome = Engine(load_checks()).lint_text("k8s/atlantis/repo-config.yaml", ATLANTIS_CONFIGMAP)
    places = [(f.location.span.start_line, f.location.span.start_col) for f in outcome.findings]
    assert places == [(10, 7), (13, 11)]
    assert [(f.location.span.start_line, f.check_id) for f in outcome.suppressed] == [(14, "deploy-atlantis-apply-unguarded")]


def test_hostile_templates_are_read_in_linear_time():
    import time

    from lint.subjects.deploy_platforms.helm import parse_template

    for text in ("{{" * 200_000, "kind: RoleBinding\na: {{ x\n" * 50_000, '{{ define "a" }}\n- x\n{{ end }}\n' * 5_000):
        started = time.perf_counter()
        parse_template("chart/templates/x.yaml", "apiVersion: v1\n" + text)
        assert time.perf_counter() - started < 5


def test_atlantis_yaml_outside_the_root_is_judged_by_content():
    engine = Engine(load_checks())
    manifests = "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: atlantis\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: atlantis\n"
    assert engine.lint_text("deploy/atlantis.yaml", manifests).findings == []
    project = "version: 3\nprojects:\n  - name: prod\n    dir: envs/prod\n    apply_requirements: []\n"
    found = engine.lint_text("infra/atlantis.yaml", project).findings
    assert [(f.check_id, f.location.pointer) for f in found] == [("deploy-atlantis-apply-unguarded", "/projects/0/apply_requirements")]
