from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.subjects.deploy_platforms import ImageAutomation

_REPO = """\
apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m
  url: ssh://git@github.com/acme/fleet
  ref:
    branch: main
---
apiVersion: image.toolkit.fluxcd.io/v1beta2
kind: ImageUpdateAutomation
metadata:
  name: apps-production
  namespace: flux-system
spec:
  interval: 30m
  sourceRef:
    kind: GitRepository
    name: flux-system
  git:
    checkout:
      ref:
        branch: main
    commit:
      author: {name: fluxcdbot, email: fluxcdbot@users.noreply.github.com}
%s  update:
    path: ./clusters/production
    strategy: Setters
"""


class ImageAutomationDeployBranch(Check):
    """Flux image automation commits new image tags to the branch Flux deploys from.

    ## What it does
    Reads Flux `ImageUpdateAutomation` objects and the `GitRepository` they name (same file or
    folder), and reports an automation whose commits land on the branch that repository tracks:
    `git.push.branch` equal to it, or no `git.push` at all (the automation pushes back to the
    branch it checked out, by default the `GitRepository`'s). High when the automation, its
    repository or its `update.path` name production, medium otherwise. Pushing to another branch
    (reviewed through a pull request) or to a Gerrit review ref (`refs/for/main`) is fine.

    ## Why is this bad?
    Every new image that matches the policy is written to the deployed branch and reconciled into
    the cluster minutes later: whoever can push an image tag to the registry deploys to production,
    and no person reviews the change in Git.

    ## Example
    ```yaml
    kind: ImageUpdateAutomation
    spec:
      sourceRef: {kind: GitRepository, name: flux-system}   # tracks `main`
      git:
        checkout: {ref: {branch: main}}
        # no push: commits go straight to main
    ```

    ## Remediation
    Set `spec.git.push.branch` to a separate branch (`image-updates`) and merge it through a pull
    request that requires review, or restrict production image policies to signed, promoted tags.

    ## References
    - https://fluxcd.io/flux/components/image/imageupdateautomations/
    - https://fluxcd.io/flux/guides/image-update/#push-updates-to-a-different-branch
    """

    id = "deploy-image-automation-deploy-branch"
    name = "Image automation pushes to the deployed branch"
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    subject = ImageAutomation
    tags = ("deploy", "gitops", "flux")
    cwe = (284,)
    example_path = "clusters/production/image-automation.yaml"

    valid = [
        Valid(_REPO % "    push:\n      branch: image-updates\n", note="updates go through a pull request"),
        Valid(_REPO % "    push:\n      refspec: refs/heads/main:refs/for/main\n", note="a Gerrit review"),
    ]
    invalid = [
        Invalid(
            _REPO % "",
            expect=["/1/spec/git/checkout/ref/branch"],
            messages=["ImageUpdateAutomation `apps-production` commits image tags to `main`, which GitRepository "
                      "`flux-system` deploys"],
            severity=Severity.HIGH,
        ),
        Invalid(
            (_REPO % "    push:\n      branch: main\n").replace("apps-production", "apps").replace("./clusters/production", "./apps"),
            path="clusters/staging/image-automation.yaml",
            expect=["/1/spec/git/push/branch"],
            severity=Severity.MEDIUM,
        ),
    ]

    def check(self, auto: ImageAutomation) -> Iterator[Violation]:
        target = auto.pushes_to()
        if auto.refspec is not None and target is None:
            return
        deployed = auto.deployed_branch or (str(auto.checkout.value) if auto.checkout else None)
        if auto.push is not None and target != deployed:
            return
        if auto.refspec is not None and target != deployed:
            return
        at = (auto.push or auto.refspec or auto.checkout)
        pointer = at.pointer if at else auto.git_pointer
        branch = f"`{target}`" if target else "the branch it checks out"
        source = f"GitRepository `{auto.source}`" if auto.source else "its GitRepository"
        related = (Related(auto.deployed_at[1], f"{source} tracks `{auto.deployed_branch}`", document=auto.deployed_at[0]),) if auto.deployed_at else ()
        yield Violation(
            pointer,
            f"ImageUpdateAutomation `{auto.name}` commits image tags to {branch}, which {source} deploys: "
            f"a pushed image reaches {'production' if auto.production else 'the cluster'} unreviewed",
            severity=Severity.HIGH if auto.production else Severity.MEDIUM,
            related=related,
            key=at is None,
        )
