from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.subjects.deploy_platforms import GitOpsApp

_ARGO = """\
apiVersion: argoproj.io/v1alpha1
kind: Application
metadata:
  name: payments-prod
  namespace: argocd
spec:
  project: payments
  source:
    repoURL: https://github.com/acme/deploy
    path: apps/payments/overlays/prod
    targetRevision: main
  destination:
    server: https://kubernetes.default.svc
    namespace: payments
  syncPolicy:
%s"""


class GitopsAutoSyncProduction(Check):
    """Argo CD or Flux applies every commit to production, deleting what the commit removed.

    ## What it does
    Reports GitOps objects that deploy to production automatically with destructive options and no
    time gate:

    - Argo CD `Application` / `ApplicationSet` with `syncPolicy.automated` (not `enabled: false`)
      and `prune: true` (medium) or only `selfHeal: true` (low), unless a sync window of its
      `AppProject` (same file or folder) covers it; `Force=true` / `Replace=true` sync options
      (delete and recreate) are high;
    - Flux `Kustomization` (not suspended) with `prune: true` (medium) or `force: true` (high:
      objects with immutable-field changes are deleted and recreated);
    - Flux `HelmRelease` with `upgrade.force: true` (high), or a chart `version` range that floats
      (`*`, `>=1.0`, `~1.2`) or is absent (medium: a new chart release reaches production with no
      commit at all).

    Production is judged from the names the object gives: application, destination namespace or
    cluster, source path, values files, an ApplicationSet's generator targets (list elements, cluster
    labels, git directories), a Flux target namespace, or the folder a Flux object is written in
    (`clusters/production/`: Flux objects live in the cluster they reconcile). `force` outside
    production is low.

    ## Why is this bad?
    With automated sync and prune, a merged commit that deletes a manifest deletes the resource in the
    production cluster, with no person looking at the diff against the live state. Self-heal also
    reverts an operator's emergency fix. Force deletes and recreates objects — a StatefulSet takes its
    pods with it. Review happens, if at all, on the pull request, not on what the cluster does.

    ## Example
    ```yaml
    kind: Application
    spec:
      destination: {namespace: payments-prod}
      syncPolicy:
        automated: {prune: true, selfHeal: true}
    ```

    ## Remediation
    Sync production manually (`automated: {enabled: false}` or no `automated`), or put it behind an
    AppProject `syncWindows` entry (`kind: deny`, `manualSync: true`) so syncs happen when a person
    chooses. Use `Prune=false`/`PruneLast=true` and resource annotations
    (`argocd.argoproj.io/sync-options: Prune=false`) for stateful objects. In Flux, keep `force`
    off, pin chart versions, and suspend (`spec.suspend: true`) production during risky changes.

    ## References
    - https://argo-cd.readthedocs.io/en/stable/user-guide/auto_sync/
    - https://argo-cd.readthedocs.io/en/stable/user-guide/sync_windows/
    - https://fluxcd.io/flux/components/kustomize/kustomizations/#force
    - https://fluxcd.io/flux/components/helm/helmreleases/
    """

    id = "deploy-gitops-auto-sync-production"
    name = "GitOps syncs production automatically"
    severity = Severity.MEDIUM
    confidence = Confidence.MEDIUM
    subject = GitOpsApp
    tags = ("deploy", "gitops", "kubernetes")
    cwe = (284,)
    example_path = "apps/payments-prod.yaml"

    valid = [
        Valid(_ARGO % "    automated:\n      enabled: false\n    syncOptions: [PruneLast=true]\n", note="manual sync"),
        Valid(_ARGO % "    syncOptions: [CreateNamespace=true]\n", note="no automated policy"),
        Valid(
            _ARGO % "    automated: {prune: true, selfHeal: true}\n"
            + "---\napiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata:\n  name: payments\n  namespace: argocd\nspec:\n"
            "  syncWindows:\n    - kind: deny\n      schedule: '* * * * *'\n      duration: 24h\n      applications: ['*-prod']\n      manualSync: true\n",
            note="a deny window of its project covers it",
        ),
        Valid(
            "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps-staging\n  namespace: flux-system\n"
            "spec:\n  interval: 10m\n  path: ./clusters/staging\n  prune: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n",
        ),
    ]
    invalid = [
        Invalid(
            _ARGO % "    automated:\n      prune: true\n      selfHeal: true\n",
            expect=["/spec/syncPolicy/automated/prune"],
            messages=["Argo CD Application `payments-prod` auto-syncs production with prune: a manifest removed "
                      "from Git is deleted from production"],
            severity=Severity.MEDIUM,
        ),
        Invalid(
            "apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: apps\n  namespace: flux-system\n"
            "spec:\n  interval: 10m\n  path: ./clusters/production\n  prune: true\n  force: true\n  sourceRef:\n    kind: GitRepository\n    name: flux-system\n",
            expect=["/spec/force", "/spec/prune"],
            messages=["deletes and recreates objects it cannot patch (`force: true`)", "is deleted from production"],
        ),
        Invalid(
            "apiVersion: argoproj.io/v1alpha1\nkind: ApplicationSet\nmetadata:\n  name: guestbook\nspec:\n  generators:\n"
            "    - list:\n        elements:\n          - cluster: staging\n          - cluster: prod\n  template:\n"
            "    metadata:\n      name: 'guestbook-{{cluster}}'\n    spec:\n      project: default\n      source:\n"
            "        repoURL: https://github.com/acme/guestbook\n        path: deploy\n        targetRevision: HEAD\n"
            "      destination:\n        name: '{{cluster}}'\n        namespace: guestbook\n"
            "      syncPolicy:\n        automated: {prune: true}\n",
            path="appsets/guestbook.yaml",
            expect=["/spec/template/spec/syncPolicy/automated/prune"],
            messages=["`guestbook` auto-syncs production with prune and no sync window"],
        ),
        Invalid(
            "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: ingress\n  namespace: prod\n"
            "spec:\n  interval: 1h\n  chart:\n    spec:\n      chart: ingress-nginx\n      version: '>=4.0.0'\n"
            "      sourceRef:\n        kind: HelmRepository\n        name: ingress-nginx\n",
            expect=["/spec/chart/spec/version"],
            messages=["floating chart version `>=4.0.0` into production: each new chart release ships with no commit"],
        ),
    ]

    def check(self, app: GitOpsApp) -> Iterator[Violation]:
        if app.automated is None or app.suspended:
            return
        # The message names what happens; why it is production, where it syncs from and which
        # AppProject could hold it are notes on the application.
        notes: tuple[Related, ...] = ()
        if app.production:
            notes += (Related(app.pointer, f"production: {app.production}"),)
        if app.source:
            notes += (Related(app.pointer, f"syncs from `{app.source}`"),)
        if app.force is not None:
            where = "production" if app.production else "its cluster"
            yield Violation(
                app.force.pointer,
                f"{app.label} deletes and recreates objects it cannot patch (`{_shown(app.force)}`) on every "
                f"automatic sync to {where}, with nobody approving",
                related=notes,
                severity=Severity.HIGH if app.production else Severity.LOW,
            )
        if not app.production:
            return
        if app.chart_range is not None:
            yield Violation(
                app.chart_range.pointer,
                f"{app.label} installs floating chart version `{app.chart_range.value}` into production: "
                "each new chart release ships with no commit and nobody reviewing it",
                related=notes,
            )
        if app.window is not None or (app.prune is None and app.self_heal is None):
            return
        related = (Related(app.self_heal.pointer, "selfHeal: reverts manual changes"),) if app.prune and app.self_heal else ()
        if app.prune is not None:
            yield Violation(
                app.prune.pointer,
                f"{app.label} auto-syncs production with prune{_short_window(app)}: a manifest removed from Git "
                "is deleted from production, unapproved",
                related=related + notes + _window_note(app),
            )
        else:
            yield Violation(
                app.self_heal.pointer,
                f"{app.label} auto-syncs production with selfHeal and no sync window: every commit ships "
                "unapproved, and manual fixes are reverted",
                related=notes,
                severity=Severity.LOW,
            )


def _short_window(app: GitOpsApp) -> str:
    return "" if app.tool == "Flux" or app.project else " and no sync window"


def _window_note(app: GitOpsApp) -> tuple[Related, ...]:
    if app.tool != "Flux" and app.project:
        return (Related(app.pointer, f"AppProject `{app.project}` is not in this file or folder: a sync window there would hold it"),)
    return ()


def _shown(item) -> str:
    key = item.pointer.rsplit("/", 1)[-1]
    return str(item.value) if "=" in str(item.value) else f"{key}: {str(item.value).lower()}"
