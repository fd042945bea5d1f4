from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.deploy.production import is_production
from lint.subjects.deploy_platforms import AtlantisConfig

NEEDED = ("approved", "mergeable")


class AtlantisApplyUnguarded(Check):
    """Atlantis applies a plan that no second person had to approve.

    ## What it does
    Reads Atlantis's server-side repo config (`repos.yaml`, found by its `repos:` entries with
    Atlantis keys) and a repository's `atlantis.yaml`, and reports:

    - a `repos:` entry whose `apply_requirements` lack `approved` or `mergeable` (no entry at all
      means Atlantis's default: none) — high;
    - `allowed_overrides` that include `apply_requirements`: `atlantis.yaml` is read from the pull
      request, so the pull request can delete its own gate — high;
    - `allow_custom_workflows: true`: any pull request's `atlantis.yaml` may run arbitrary commands
      on the Atlantis server, with its cloud credentials — high;
    - `import_requirements` set without `approved` — medium;
    - the same in a server-side config written as a string: the Atlantis Helm chart's
      `repoConfig: |` value or a ConfigMap `data` entry;
    - an `atlantis.yaml` project whose own `apply_requirements` lack `approved` or `mergeable`
      (effective where the server lets it override them) — high for a production project, medium
      otherwise.

    ## Why is this bad?
    Once the requirements are met, anyone who can comment on the pull request can run
    `atlantis apply`. Without `approved`, the plan reaches the cloud with nobody but its author
    having looked at it; without `mergeable`, branch protection (required reviewers, status checks)
    is not consulted. On GitHub `approved` means an approval by anyone with read access, so pair
    it with `mergeable` and branch protection that requires the right reviewers.

    ## Example
    ```yaml
    repos:
      - id: /.*/
        allowed_overrides: [apply_requirements, workflow]
        allow_custom_workflows: true
    ```

    ## Remediation
    Set `apply_requirements: [approved, mergeable, undiverged]` (and the same `import_requirements`)
    for every repository in the server-side config, keep `apply_requirements` out of
    `allowed_overrides`, and leave `allow_custom_workflows` false; define workflows on the server.

    ## References
    - https://www.runatlantis.io/docs/command-requirements
    - https://www.runatlantis.io/docs/server-side-repo-config
    - https://www.runatlantis.io/docs/repo-level-atlantis-yaml
    """

    id = "deploy-atlantis-apply-unguarded"
    name = "Atlantis apply without approval"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = AtlantisConfig
    tags = ("deploy", "atlantis", "review")
    cwe = (284,)
    example_path = "repos.yaml"

    valid = [
        Valid(
            "repos:\n"
            "  - id: /github.com/acme/infra/\n"
            "    branch: /^main$/\n"
            "    apply_requirements: [approved, mergeable, undiverged]\n"
            "    import_requirements: [approved, mergeable]\n"
            "    allowed_overrides: [workflow]\n"
            "    allow_custom_workflows: false\n"
        ),
        Valid(
            "version: 3\nprojects:\n  - name: prod\n    dir: envs/prod\n    apply_requirements: [approved, mergeable]\n",
            path="atlantis.yaml",
        ),
        Valid("version: 3\nautomerge: true\nprojects:\n  - dir: envs/prod\n", path="atlantis.yaml",
              note="the server's requirements apply"),
    ]
    invalid = [
        Invalid(
            "repos:\n  - id: /.*/\n    allowed_overrides: [apply_requirements, workflow]\n    allow_custom_workflows: true\n",
            expect=["/repos/0", "/repos/0/allowed_overrides/0", "/repos/0/allow_custom_workflows"],
            messages=["a pull request can delete its own gate", "run arbitrary commands on the Atlantis server"],
        ),
        Invalid(
            "repos:\n  - id: /.*/\n    apply_requirements: [mergeable]\n    import_requirements: []\n",
            expect=["/repos/0/apply_requirements", "/repos/0/import_requirements"],
            messages=["lack `approved`"],
        ),
        Invalid(
            "version: 3\nprojects:\n  - name: prod\n    dir: envs/prod\n    apply_requirements: []\n"
            "  - name: dev\n    dir: envs/dev\n    apply_requirements: [mergeable]\n",
            path="atlantis.yaml",
            expect=["/projects/0/apply_requirements", "/projects/1/apply_requirements"],
            messages=["project `prod` sets `apply_requirements: []`"],
        ),
        Invalid(
            "orgAllowlist: github.com/acme/*\nrepoConfig: |\n  repos:\n    - id: /.*/\n"
            "      apply_requirements: [approved, mergeable]\n      allow_custom_workflows: true\n",
            path="deploy/atlantis/values.yaml",
            expect=["/repos/0/allow_custom_workflows"],
            note="the Atlantis Helm chart's `repoConfig` string, located in the values file",
        ),
    ]

    def check(self, config: AtlantisConfig) -> Iterator[Violation]:
        guarded_before = False
        for rule in config.rules:
            missing = [r for r in NEEDED if r not in rule.requirements()]
            if config.server:
                yield from self._server_rule(rule, missing, guarded_before)
                if rule.apply_requirements is not None and not missing:
                    guarded_before = True
            elif rule.apply_requirements is not None and missing:
                production = is_production(rule.target.split("`")[1] if "`" in rule.target else rule.target) or any(
                    is_production(part) for part in rule.target.replace("`", " ").split())
                shown = _shown(rule.apply_requirements.value)
                yield Violation(
                    rule.apply_requirements.pointer,
                    f"Atlantis {rule.target} sets `apply_requirements: {shown}` without {_names(missing)}: "
                    f"if overrides are allowed, its author applies unapproved",
                    severity=Severity.HIGH if production else Severity.MEDIUM,
                )

    def _server_rule(self, rule, missing: list[str], guarded_before: bool) -> Iterator[Violation]:
        if rule.apply_requirements is None and not guarded_before:
            yield Violation(
                rule.pointer,
                f"Atlantis {rule.target} sets no `apply_requirements`: anyone who can comment `atlantis apply` on a pull "
                f"request applies it, approved or not",
            )
        elif rule.apply_requirements is not None and missing:
            yield Violation(
                rule.apply_requirements.pointer,
                f"Atlantis {rule.target} `apply_requirements: {_shown(rule.apply_requirements.value)}` lack {_names(missing)}: "
                f"a plan is applied with no second person's approval",
            )
        overrides = rule.allowed_overrides.value if rule.allowed_overrides else None
        if isinstance(overrides, list) and "apply_requirements" in overrides:
            index = overrides.index("apply_requirements")
            yield Violation(
                f"{rule.allowed_overrides.pointer}/{index}",
                f"Atlantis {rule.target} lets `atlantis.yaml` override `apply_requirements`: read from the "
                f"pull request, so a pull request can delete its own gate",
                related=(Related(rule.apply_requirements.pointer, "the requirements it can override"),) if rule.apply_requirements else (),
            )
        custom = rule.allow_custom_workflows
        if custom is not None and (custom.value is True or str(custom.value).lower() == "true"):
            yield Violation(
                custom.pointer,
                f"Atlantis {rule.target} allows custom workflows: any pull request's `atlantis.yaml` can run arbitrary commands "
                f"on the Atlantis server with its cloud credentials",
            )
        if rule.import_requirements is not None and "approved" not in rule.requirements("import"):
            yield Violation(
                rule.import_requirements.pointer,
                f"Atlantis {rule.target} `import_requirements: {_shown(rule.import_requirements.value)}` lack `approved`: "
                f"`atlantis import` changes state with nobody approving",
                severity=Severity.MEDIUM,
            )


def _shown(value) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def _names(missing: list[str]) -> str:
    return " and ".join(f"`{m}`" for m in missing)
