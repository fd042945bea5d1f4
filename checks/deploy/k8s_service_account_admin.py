from __future__ import annotations

import re

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.messages import LIMIT
from lint.subjects.deploy_platforms import RbacBinding
from lint.subjects.deploy_platforms.model import READ_SECRETS, actor_kind

_BIND = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: %s
metadata:
  name: %s
%sroleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: %s
  name: %s
subjects:
  - kind: ServiceAccount
    name: %s
    namespace: %s
"""
_READ_ROLE = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: agent-triage
  namespace: payments
rules:
  - apiGroups: ["", "apps"]
    resources: [pods, deployments]
    verbs: [get, list, watch]
---
"""
_WRITER_ROLE = """\
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: kagent-writer
rules:
  - apiGroups: [""]
    resources: ["*"]
    verbs: [create, update, patch, delete]
  - apiGroups: [rbac.authorization.k8s.io]
    resources: [clusterroles]
    verbs: [escalate, bind]
---
"""


class ServiceAccountAdmin(Check):
    """A Kubernetes binding gives a ServiceAccount administrator or RBAC-escalating power.

    ## What it does
    Reads `ClusterRoleBinding` and `RoleBinding` objects (YAML manifests, Helm templates, Terraform
    `kubernetes_cluster_role_binding(_v1)` / `kubernetes_role_binding(_v1)`) with the role they
    grant — the built-in `cluster-admin` and `admin`, or a `ClusterRole`/`Role` defined in the same
    file or folder — and reports a ServiceAccount subject (or the `system:serviceaccounts` groups)
    given:

    - `cluster-admin`, or `*` verbs on `*` resources;
    - `escalate`, `bind` or `impersonate`, or `*` verbs on RBAC objects, users, groups,
      ServiceAccounts or every core resource (a way to become cluster-admin);
    - `admin` (every namespaced permission, RBAC included), or `*` verbs or write verbs on `*`
      resources.

    A CI/CD or agent ServiceAccount that may read every Secret of the cluster (`get`/`list` on `*`
    or `secrets` through a `ClusterRoleBinding`) is medium. A CI/CD or agent ServiceAccount bound to a custom role that is not defined in the same file or
    folder is reported at low severity, as not judged.

    Cluster-wide bindings are high, namespaced ones medium; a ServiceAccount whose name or
    namespace says it is a CI/CD runner or deployer (`ci`, `runner`, `deployer`, `gitlab`,
    `atlantis`…) or an AI agent (`agent`, `kagent`, `claude`, `llm`…) raises one level, critical for
    cluster-wide administrator access.

    ## Why is this bad?
    Whoever controls the pod — a pipeline running a pull request's code, an agent following a
    prompt — holds the binding's power with no second person in the loop. `cluster-admin` deletes
    namespaces, secrets and the workloads of production; `escalate`/`bind`/`impersonate` reach the
    same by writing or assuming a bigger role.

    ## Example
    ```yaml
    kind: ClusterRoleBinding
    metadata: {name: ai-agent-admin}
    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
    subjects: [{kind: ServiceAccount, name: kagent-controller, namespace: kagent}]
    ```

    ## Remediation
    Bind a namespaced `Role` listing the verbs and resources the workload needs (no `*`, no
    `escalate`/`bind`/`impersonate`), with a `RoleBinding` in each namespace it manages. Deploy to
    production through a reviewed GitOps sync rather than a CI ServiceAccount with cluster-wide write.

    ## References
    - https://kubernetes.io/docs/concepts/security/rbac-good-practices/
    - https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping
    """

    id = "k8s-service-account-admin"
    name = "ServiceAccount bound to an administrator role"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = RbacBinding
    tags = ("deploy", "kubernetes", "rbac")
    cwe = (269,)
    example_path = "deploy/rbac.yaml"

    valid = [
        Valid(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: admin\n  namespace: jenkins\nrules:\n"
            "- apiGroups: ['']\n  resources: [pods, services, configmaps]\n  verbs: [get, list, watch, create, update, delete]\n---\n"
            + _BIND % ("RoleBinding", "jenkins-admin-binding", "  namespace: jenkins\n", "Role", "admin", "jenkins-sa", "jenkins"),
            note="a namespaced Role that happens to be named `admin` is not the built-in ClusterRole",
        ),
        Valid(_READ_ROLE + _BIND % ("RoleBinding", "agent-triage", "  namespace: payments\n", "Role", "agent-triage", "kagent", "payments"),
              note="a namespaced read-only role"),
        Valid(_BIND % ("ClusterRoleBinding", "viewer", "", "ClusterRole", "view", "ci-runner", "ci")),
        Valid(
            'resource "kubernetes_role_binding_v1" "deployer" {\n  metadata {\n    name      = "deployer"\n    namespace = "web"\n  }\n'
            '  role_ref {\n    api_group = "rbac.authorization.k8s.io"\n    kind      = "ClusterRole"\n    name      = "edit"\n  }\n'
            '  subject {\n    kind      = "ServiceAccount"\n    name      = "deployer"\n    namespace = "web"\n  }\n}\n',
            path="rbac.tf",
        ),
    ]
    invalid = [
        Invalid(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: jenkins-admin\nrules:\n"
            "- apiGroups: ['']\n  resources: ['*']\n  verbs: ['*']\n---\n"
            + _BIND % ("ClusterRoleBinding", "jenkins-admin", "", "ClusterRole", "jenkins-admin", "jenkins", "cicd"),
            expect=["/1/roleRef/name"],
            messages=["(a CI/CD runner) `every verb on every core resource` cluster-wide", "it can escalate itself"],
            severity=Severity.CRITICAL,
        ),
        Invalid(
            _BIND % ("ClusterRoleBinding", "ai-agent-admin", "", "ClusterRole", "cluster-admin", "kagent-controller", "kagent"),
            expect=["/roleRef/name"],
            messages=["ClusterRoleBinding `ai-agent-admin` gives ServiceAccount `kagent/kagent-controller` (an AI agent) `cluster-admin` cluster-wide"],
            severity=Severity.CRITICAL,
        ),
        Invalid(
            _WRITER_ROLE + _BIND % ("ClusterRoleBinding", "kagent-writer", "", "ClusterRole", "kagent-writer", "controller", "platform"),
            expect=["/1/roleRef/name"],
            messages=["`escalate` and 1 more cluster-wide", "it can escalate itself"],
            severity=Severity.HIGH,
        ),
        Invalid(
            'resource "kubernetes_cluster_role_binding_v1" "ci" {\n  metadata {\n    name = "gitlab-runner-admin"\n  }\n'
            '  role_ref {\n    api_group = "rbac.authorization.k8s.io"\n    kind      = "ClusterRole"\n    name      = "cluster-admin"\n  }\n'
            '  subject {\n    kind      = "ServiceAccount"\n    name      = "gitlab-runner"\n    namespace = "ci"\n  }\n}\n',
            path="rbac.tf",
            expect=["/resource/kubernetes_cluster_role_binding_v1/ci/role_ref/0/name"],
            messages=["(a CI/CD runner)"],
            severity=Severity.CRITICAL,
        ),
        Invalid(
            _BIND % ("RoleBinding", "app-admin", "  namespace: shop\n", "ClusterRole", "admin", "app", "shop"),
            expect=["/roleRef/name"],
            messages=["in namespace `shop`"],
            severity=Severity.MEDIUM,
        ),
        Invalid(
            "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: k8sgpt-mcp-server\nrules:\n"
            "- apiGroups: ['*']\n  resources: ['*']\n  verbs: [get, list, watch]\n---\n"
            + _BIND % ("ClusterRoleBinding", "k8sgpt-mcp-server", "", "ClusterRole", "k8sgpt-mcp-server", "k8sgpt-mcp-server", "kagent"),
            expect=["/1/roleRef/name"],
            messages=["(an AI agent) read every Secret cluster-wide"],
            severity=Severity.MEDIUM,
        ),
        Invalid(
            _BIND % ("ClusterRoleBinding", "jenkins-deployer", "", "ClusterRole", "platform-deployer", "jenkins", "ci"),
            expect=["/roleRef/name"],
            messages=["could not be judged"],
            severity=Severity.LOW,
        ),
    ]

    def check(self, binding: RbacBinding) -> Iterator[Violation]:
        accounts = binding.service_accounts()
        if not accounts:
            return
        powers = binding.powers()
        if not powers:
            yield from self._not_judged(binding, accounts)
            return
        names = [p for p, _ in powers]
        if all(p == READ_SECRETS for p in names):
            yield from self._reads_secrets(binding, accounts, powers)
            return
        full = any(p == "cluster-admin" for p in names)
        escalating = any(_escalates(p) for p in names)
        base = Severity.HIGH if binding.cluster_wide else Severity.MEDIUM
        actors = []
        for item, account in accounts:
            namespace, _, name = account.partition("/")
            kind = actor_kind(name, namespace)
            actors.append((account, kind))
        raised = any(kind for _, kind in actors)
        severity = Severity(min(base + 1, Severity.CRITICAL)) if raised else base
        named = [
            (f"ServiceAccount `{a}`" if "/" in a and not a.startswith("every") else a) + (f" ({_article(k)} {k}{' runner' if k == 'CI/CD' else ''})" if k else "")
            for a, k in sorted(actors, key=lambda ak: not ak[1])]  # an agent or CI account first
        shown_accounts = named[0] + (f" and {len(named) - 1} more" if len(named) > 1 else "")
        grants = [f"`{p.removesuffix(' (escalates)')}`" for p in sorted(dict.fromkeys(names), key=lambda p: not _escalates(p))]
        scope = "cluster-wide" if binding.cluster_wide else f"in namespace `{binding.namespace or 'default'}`"
        consequence = ("it can change or delete anything" if full and binding.cluster_wide else
                       "it can escalate itself" if escalating else
                       "it can change or delete all it reaches, RBAC too" if "admin" in names else
                       "it can change or delete all it reaches")
        related = [Related(item.pointer, "subject") for item, _ in accounts]
        if binding.role_document is not None:
            for power, pointer in powers:
                if pointer:
                    related.append(Related(pointer, f"the role grants {power.removesuffix(' (escalates)')}", document=binding.role_document))
        head = f"{binding.kind} `{binding.name}` gives {shown_accounts} {{}} {scope}"
        message = _fitting(f"{head}: {consequence}", grants)
        if len(message) > LIMIT:  # what it grants says enough without the consequence
            message = _fitting(head, grants)
        yield Violation(
            binding.role_pointer,
            message,
            severity=severity,
            related=tuple(related),
        )


    def _reads_secrets(self, binding: RbacBinding, accounts, powers) -> Iterator[Violation]:
        """Reading every Secret of the cluster matters when a CI job or an agent holds it: other workloads' credentials."""
        if not binding.cluster_wide:
            return
        for item, account in accounts:
            namespace, _, name = account.partition("/")
            kind = actor_kind(name, namespace)
            if kind:
                yield Violation(
                    binding.role_pointer,
                    f"{binding.kind} `{binding.name}` lets ServiceAccount `{account}` ({_article(kind)} {kind}) read every "
                    "Secret cluster-wide: other workloads' credentials",
                    severity=Severity.MEDIUM,
                    related=tuple(Related(p, "the role's rule", document=binding.role_document) for _, p in powers if p),
                )
                return

    def _not_judged(self, binding: RbacBinding, accounts) -> Iterator[Violation]:
        """A CI or agent account bound to a role this file and folder do not define: say so, once."""
        if binding.rules is not None or binding.role_name in ("view", "edit") or binding.role_name.startswith("system:"):
            return
        if not binding.role_name or "{{" in binding.role_name:
            return
        for item, account in accounts:
            namespace, _, name = account.partition("/")
            kind = actor_kind(name, namespace)
            if kind:
                yield Violation(
                    binding.role_pointer,
                    f"{binding.kind} `{binding.name}` gives ServiceAccount `{account}` ({_article(kind)} {kind}{' runner' if kind == 'CI/CD' else ''}) "
                    f"{binding.role_kind} `{binding.role_name}`, defined elsewhere: could not be judged",
                    severity=Severity.LOW,
                    confidence=Confidence.LOW,
                )
                return


def _article(kind: str) -> str:
    return "an" if kind.startswith("AI") else "a"


def _fitting(template: str, items: list[str], limit: int = LIMIT) -> str:
    """`template` with as many of `items` as a one-line message holds (at least one), the rest counted."""
    for count in range(len(items), 0, -1):
        more = f" and {len(items) - count} more" if count < len(items) else ""
        message = template.format(", ".join(items[:count]) + more)
        if len(message) <= limit:
            return message
        if count == 1:
            # Helm templates name the binding and account: their expressions give way (the location shows them)
            return re.sub(r"\{[^{}`]*\}", "{…}", message)
    return template.format("")


def _escalates(power: str) -> bool:
    return power in ("escalate", "bind", "impersonate") or power.startswith("* on") or power.endswith("(escalates)")
