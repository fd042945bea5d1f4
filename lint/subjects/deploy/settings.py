"""Approval rules as code: GitHub branch protection, rulesets and environments, GitLab approvals.

Read from Terraform (`integrations/github` and `gitlabhq/gitlab` providers) and from the Probot
settings app's `.github/settings.yml`. Attributes left out take the provider's documented default,
and the `Gate` remembers that it did, so a message can say "`can_admins_bypass` defaults to true":

- `github_branch_protection` / `_v3`: `enforce_admins` false; in `required_pull_request_reviews`,
  `required_approving_review_count` 1, `dismiss_stale_reviews` false; no block, no review.
- `github_repository_ruleset` / `github_organization_ruleset`: in `rules.pull_request`,
  `required_approving_review_count` 0 and `dismiss_stale_reviews_on_push` false; `bypass_mode`
  is required (`always` lets the actor skip every rule).
- `github_repository_environment`: `can_admins_bypass` true, `prevent_self_review` false.
- `gitlab_project_protected_environment`: no `approval_rules` (or `required_approval_count`) means
  no deployment approval; `gitlab_project_approval_rule.approvals_required` is required.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lint.document import Document, join
from lint.subjects.base import Item, Problem, Subject
from lint.subjects.deploy.kinds import Gate

TERRAFORM_TYPES = (
    "github_branch_protection", "github_branch_protection_v3", "github_repository_ruleset", "github_organization_ruleset",
    "github_repository_environment", "github_repository_environment_deployment_policy", "gitlab_branch_protection",
    "gitlab_project_approval_rule", "gitlab_project_level_mr_approvals", "gitlab_project_protected_environment",
)


@dataclass
class ApprovalRule(Gate):
    """One approval rule: what it protects and what a person must do to get past it (see `Gate`)."""

    document: Document
    pointer: str
    kind: str  # "branch-protection" | "ruleset" | "environment" | "deployment-policy" | "protected-environment" | "approval-rule" | "mr-approvals" | "protected-branch"
    system: str  # "github" | "gitlab"
    source: str  # "terraform" | "settings.yml"
    name: str  # "`github_branch_protection.main`", "branch `main` in settings.yml"
    targets: list[Item[str]] = field(default_factory=list)  # branch patterns or environment names
    #: Approvals required, located at the attribute (or the block / resource when the default applies).
    approvals: Item[int] | None = None
    approvals_default: bool = False
    reviews_pointer: str | None = None  # the review block (`required_pull_request_reviews`, `rules.pull_request`)
    admins_bypass: Item[bool] | None = None
    admins_bypass_default: bool = False
    bypass_actors: list[Item[str]] = field(default_factory=list)  # actors who may skip it every time
    dismiss_stale: Item[bool] | None = None
    dismiss_stale_default: bool = False
    prevent_self_review: Item[bool] | None = None
    prevent_self_review_default: bool = False
    reviewers: Item[Any] | None = None
    enforcement: Item[str] | None = None
    computed: list[str] = field(default_factory=list)  # attributes Terraform computes: not judged

    family = "deploy"

    def __post_init__(self) -> None:
        Subject.__init__(self, self.document, self.pointer)

    @property
    def target_names(self) -> list[str]:
        return [t.value for t in self.targets]

    def facts(self):
        from lint.graph.facts import locate
        from lint.subjects.deploy.facts import ApprovalGateFact

        approvals = self.approvals.value if self.approvals and isinstance(self.approvals.value, int) else 0
        unknown = tuple(self.computed) if self.approvals is None or not isinstance(self.approvals.value, int) else ()
        if self.enforcement is not None and self.enforcement.value != "active":
            approvals = 0
        location = locate(self.document, self.pointer, self.name, key=True)
        admins = bool(self.admins_bypass.value) if self.admins_bypass else False
        for target in self.targets or [Item("", self.pointer)]:
            yield ApprovalGateFact(
                location=location, kind=self.kind, target=target.value, required_approvals=approvals,
                prevents_self_review=bool(self.prevent_self_review.value) if self.prevent_self_review else False,
                admins_bypass=admins or bool(self.bypass_actors), system=self.system, source=self.source, name=self.name,
                reviewers=self.reviewers is not None, unknown=unknown,
            )


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def _computed(value: Any) -> bool:
    return bool(getattr(value, "computed", False))


def _first_block(body: dict[str, Any], key: str) -> tuple[dict[str, Any] | None, int]:
    value = body.get(key)
    if isinstance(value, list) and value and isinstance(value[0], dict):
        return value[0], 0
    if isinstance(value, dict):
        return value, -1
    return None, -1


def extract_terraform_gates(document: Document) -> Iterator[Subject | Problem]:
    """Approval rules among a Terraform document's resources."""
    if not isinstance(document.data, dict):
        return
    resources = document.data.get("resource")
    if not isinstance(resources, dict):
        return
    for kind in TERRAFORM_TYPES:
        bodies = resources.get(kind)
        if not isinstance(bodies, dict):
            continue
        for name, body in bodies.items():
            if isinstance(body, dict):
                gate = _terraform_gate(document, kind, str(name), body)
                if gate is not None:
                    yield gate


def _attr(gate: ApprovalRule, body: dict[str, Any], key: str, pointer: str) -> Item[Any] | None:
    if key not in body:
        return None
    value = body[key]
    if _computed(value):
        gate.computed.append(key)
        return None
    return Item(value, join(pointer, key))


def _terraform_gate(document: Document, kind: str, name: str, body: dict[str, Any]) -> ApprovalRule | None:
    pointer = join("/resource", kind, name)
    label = f"`{kind}.{name}`"
    gate = _terraform_gate_of(document, kind, pointer, label, body)
    dynamic = body.get("dynamic")
    if gate is not None and isinstance(dynamic, dict):
        # `dynamic "reviewers" {...}`: blocks Terraform builds at plan time are not judged
        for block in dynamic:
            gate.computed.append(str(block))
        if any(b in dynamic for b in ("reviewers", "required_pull_request_reviews", "rules", "approval_rules")):
            gate.approvals = None
    return gate


def _review_settings(gate: ApprovalRule, block: dict[str, Any], pointer: str, *, default_approvals: int, stale_key: str) -> None:
    """Approvals required and stale-review dismissal of a review block; the provider's default when unset."""
    gate.reviews_pointer = pointer
    count = _attr(gate, block, "required_approving_review_count", pointer)
    if count is not None and isinstance(count.value, int):
        gate.approvals = count
    elif count is None and "required_approving_review_count" not in gate.computed:
        gate.approvals, gate.approvals_default = Item(default_approvals, pointer), True
    stale = _attr(gate, block, stale_key, pointer)
    gate.dismiss_stale = Item(bool(_bool(stale.value)), stale.pointer) if stale else Item(False, pointer)
    gate.dismiss_stale_default = stale is None


def _terraform_gate_of(document: Document, kind: str, pointer: str, label: str, body: dict[str, Any]) -> ApprovalRule | None:
    if kind in ("github_branch_protection", "github_branch_protection_v3"):
        gate = ApprovalRule(document, pointer, "branch-protection", "github", "terraform", label)
        target_key = "pattern" if kind == "github_branch_protection" else "branch"
        target = _attr(gate, body, target_key, pointer)
        if target is not None:
            gate.targets = [Item(str(target.value), target.pointer)]
        admins = _attr(gate, body, "enforce_admins", pointer)
        enforced = _bool(admins.value) if admins else False
        if admins is not None or "enforce_admins" not in gate.computed:
            gate.admins_bypass = Item(not enforced, admins.pointer if admins else pointer)
            gate.admins_bypass_default = admins is None
        reviews, _ = _first_block(body, "required_pull_request_reviews")
        if reviews is not None:
            rp = join(pointer, "required_pull_request_reviews", 0)
            _review_settings(gate, reviews, rp, default_approvals=1, stale_key="dismiss_stale_reviews")
            bypass = reviews.get("pull_request_bypassers") or reviews.get("bypass_pull_request_allowances")
            if isinstance(bypass, list) and bypass and not _computed(bypass):
                key = "pull_request_bypassers" if "pull_request_bypassers" in reviews else "bypass_pull_request_allowances"
                gate.bypass_actors = [Item(str(b), join(rp, key, i)) for i, b in enumerate(bypass)]
        else:
            gate.approvals = Item(0, pointer)
        return gate
    if kind in ("github_repository_ruleset", "github_organization_ruleset"):
        gate = ApprovalRule(document, pointer, "ruleset", "github", "terraform", label)
        if body.get("target") not in (None, "branch") and not _computed(body.get("target")):
            return None  # tag and push rulesets do not gate merges
        enforcement = _attr(gate, body, "enforcement", pointer)
        if enforcement is not None:
            gate.enforcement = Item(str(enforcement.value), enforcement.pointer)
        conditions, _ = _first_block(body, "conditions")
        if conditions is not None:
            ref_name, _ = _first_block(conditions, "ref_name")
            include = ref_name.get("include") if ref_name else None
            if isinstance(include, list):
                base = join(pointer, "conditions", 0, "ref_name", 0, "include")
                gate.targets = [Item(_ref(str(v)), join(base, i)) for i, v in enumerate(include) if isinstance(v, str)]
        actors = body.get("bypass_actors")
        if isinstance(actors, list):
            for i, actor in enumerate(actors):
                if isinstance(actor, dict) and actor.get("bypass_mode") == "always":
                    who = f"{actor.get('actor_type', 'actor')} {actor.get('actor_id', '')}".strip()
                    gate.bypass_actors.append(Item(who, join(pointer, "bypass_actors", i, "bypass_mode")))
        rules, _ = _first_block(body, "rules")
        review, _ = _first_block(rules, "pull_request") if rules else (None, -1)
        if review is not None:
            rp = join(pointer, "rules", 0, "pull_request", 0)
            _review_settings(gate, review, rp, default_approvals=0, stale_key="dismiss_stale_reviews_on_push")
        else:
            gate.approvals = Item(0, join(pointer, "rules", 0) if rules is not None else pointer)
        return gate
    if kind == "github_repository_environment":
        gate = ApprovalRule(document, pointer, "environment", "github", "terraform", label)
        env = _attr(gate, body, "environment", pointer)
        if env is not None:
            gate.targets = [Item(str(env.value), env.pointer)]
        reviewers, _ = _first_block(body, "reviewers")
        if reviewers is not None and any(reviewers.get(k) for k in ("users", "teams")):
            gate.reviewers = Item(reviewers, join(pointer, "reviewers", 0))
            gate.approvals = Item(1, gate.reviewers.pointer)  # one of the listed reviewers suffices
        else:
            gate.approvals = Item(0, join(pointer, "reviewers", 0) if reviewers is not None else pointer)
        admins = _attr(gate, body, "can_admins_bypass", pointer)
        gate.admins_bypass = Item(True if admins is None else bool(_bool(admins.value)), admins.pointer if admins else pointer)
        gate.admins_bypass_default = admins is None
        self_review = _attr(gate, body, "prevent_self_review", pointer)
        gate.prevent_self_review = Item(bool(_bool(self_review.value)) if self_review else False,
                                        self_review.pointer if self_review else pointer)
        gate.prevent_self_review_default = self_review is None
        return gate
    if kind == "github_repository_environment_deployment_policy":
        gate = ApprovalRule(document, pointer, "deployment-policy", "github", "terraform", label)
        env = _attr(gate, body, "environment", pointer)
        if env is not None:
            gate.targets = [Item(str(env.value), env.pointer)]
        gate.approvals = Item(0, pointer)
        return gate
    if kind == "gitlab_project_protected_environment":
        gate = ApprovalRule(document, pointer, "protected-environment", "gitlab", "terraform", label)
        env = _attr(gate, body, "environment", pointer)
        if env is not None:
            gate.targets = [Item(str(env.value), env.pointer)]
        total = 0
        rules = body.get("approval_rules")
        if isinstance(rules, list):
            for i, rule in enumerate(rules):
                if isinstance(rule, dict):
                    required = rule.get("required_approvals", 1)
                    total += required if isinstance(required, int) else 1
            if total:
                gate.reviewers = Item(rules, join(pointer, "approval_rules", 0))
        legacy = body.get("required_approval_count")
        if isinstance(legacy, int) and legacy > total:
            total = legacy
            gate.reviewers = Item(legacy, join(pointer, "required_approval_count"))
        gate.approvals = Item(total, gate.reviewers.pointer if gate.reviewers else pointer)
        return gate
    if kind == "gitlab_project_approval_rule":
        gate = ApprovalRule(document, pointer, "approval-rule", "gitlab", "terraform", label)
        branches = body.get("protected_branch_ids")
        gate.targets = [Item("*", pointer)] if not branches else [Item("protected branches", join(pointer, "protected_branch_ids"))]
        count = _attr(gate, body, "approvals_required", pointer)
        if count is not None and isinstance(count.value, int):
            gate.approvals = count
        return gate
    if kind == "gitlab_project_level_mr_approvals":
        gate = ApprovalRule(document, pointer, "mr-approvals", "gitlab", "terraform", label)
        gate.targets = [Item("*", pointer)]
        author = _attr(gate, body, "merge_requests_author_approval", pointer)
        gate.prevent_self_review = Item(not bool(_bool(author.value)) if author else True, author.pointer if author else pointer)
        reset = _attr(gate, body, "reset_approvals_on_push", pointer)
        gate.dismiss_stale = Item(True if reset is None else bool(_bool(reset.value)), reset.pointer if reset else pointer)
        return gate
    if kind == "gitlab_branch_protection":
        gate = ApprovalRule(document, pointer, "protected-branch", "gitlab", "terraform", label)
        branch = _attr(gate, body, "branch", pointer)
        if branch is not None:
            gate.targets = [Item(str(branch.value), branch.pointer)]
        return gate
    return None


def _ref(value: str) -> str:
    """`main` for `refs/heads/main`; `~DEFAULT_BRANCH` and `~ALL` as written."""
    return value.removeprefix("refs/heads/")


def extract_settings_app(document: Document) -> Iterator[Subject | Problem]:
    """Branch protection and environments of a Probot `.github/settings.yml`."""
    data = document.data
    if not isinstance(data, dict):
        return
    branches = data.get("branches")
    if isinstance(branches, list):
        for i, branch in enumerate(branches):
            if isinstance(branch, dict) and isinstance(branch.get("name"), str) and "protection" in branch:
                yield _settings_branch(document, i, branch)
    environments = data.get("environments")
    if isinstance(environments, list):
        for i, env in enumerate(environments):
            if isinstance(env, dict) and isinstance(env.get("name"), str):
                yield _settings_environment(document, i, env)


def _settings_branch(document: Document, index: int, branch: dict[str, Any]) -> ApprovalRule:
    pointer = join("/branches", index)
    gate = ApprovalRule(document, pointer, "branch-protection", "github", "settings.yml", f"branch `{branch['name']}` in `{document.path}`")
    gate.targets = [Item(branch["name"], join(pointer, "name"))]
    protection = branch.get("protection")
    pp = join(pointer, "protection")
    if not isinstance(protection, dict):
        gate.approvals = Item(0, pp)
        return gate
    admins = protection.get("enforce_admins")
    gate.admins_bypass = Item(not bool(admins), join(pp, "enforce_admins") if "enforce_admins" in protection else pp)
    gate.admins_bypass_default = "enforce_admins" not in protection
    reviews = protection.get("required_pull_request_reviews")
    if isinstance(reviews, dict):
        rp = join(pp, "required_pull_request_reviews")
        gate.reviews_pointer = rp
        count = reviews.get("required_approving_review_count")
        gate.approvals = Item(count, join(rp, "required_approving_review_count")) if isinstance(count, int) else Item(1, rp)
        gate.approvals_default = not isinstance(count, int)
        stale = reviews.get("dismiss_stale_reviews")
        gate.dismiss_stale = Item(bool(stale), join(rp, "dismiss_stale_reviews") if "dismiss_stale_reviews" in reviews else rp)
        gate.dismiss_stale_default = "dismiss_stale_reviews" not in reviews
    else:
        gate.approvals = Item(0, join(pp, "required_pull_request_reviews") if "required_pull_request_reviews" in protection else pp)
    return gate


def _settings_environment(document: Document, index: int, env: dict[str, Any]) -> ApprovalRule:
    pointer = join("/environments", index)
    gate = ApprovalRule(document, pointer, "environment", "github", "settings.yml", f"environment `{env['name']}` in `{document.path}`")
    gate.targets = [Item(env["name"], join(pointer, "name"))]
    reviewers = env.get("reviewers")
    if isinstance(reviewers, list) and reviewers:
        gate.reviewers = Item(reviewers, join(pointer, "reviewers"))
        gate.approvals = Item(1, gate.reviewers.pointer)
    else:
        gate.approvals = Item(0, join(pointer, "reviewers") if "reviewers" in env else pointer)
    self_review = env.get("prevent_self_review")
    gate.prevent_self_review = Item(bool(self_review), join(pointer, "prevent_self_review") if "prevent_self_review" in env else pointer)
    gate.prevent_self_review_default = "prevent_self_review" not in env
    admins = env.get("can_admins_bypass")
    gate.admins_bypass = Item(True if admins is None else bool(admins), join(pointer, "can_admins_bypass") if admins is not None else pointer)
    gate.admins_bypass_default = admins is None
    return gate
