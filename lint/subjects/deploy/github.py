"""GitHub Actions workflows: triggers, jobs, environments, credentials, deploy commands and agent steps.

A `Workflow` is one `.github/workflows/*.yml` file. PyYAML reads the `on:` key as the boolean
true; the document keeps it as the string `"True"`, and the workflow remembers the key as written
(`on`, `On`, `true`) so findings land on it. A job calling a reusable workflow of the same
repository (`uses: ./.github/workflows/deploy.yml`) is read with the file it calls, from disk, only
inside the repository's `.github/workflows` folder and only up to a size cap.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lint.deploy import catalog
from lint.deploy.production import is_production
from lint.discover import read_text_bounded
from lint.document import Document, join
from lint.subjects.base import Item, Problem, Subject, type_name
from lint.subjects.deploy.kinds import Workflow

#: Events whose runs anyone who can open an issue, comment or fork can start.
OPEN_EVENTS = ("issue_comment", "issues", "pull_request_target", "pull_request_review_comment", "discussion",
               "discussion_comment", "pull_request_review")
#: Events that run with the base repository's secrets for code or artifacts a pull request wrote.
PRIVILEGED_PR_EVENTS = ("pull_request_target", "workflow_run")
_HEAD_REF = re.compile(
    r"github\.event\.pull_request\.head\.(?:sha|ref)|github\.head_ref|refs/pull/|github\.event\.workflow_run\.head_(?:sha|branch)"
    r"|pull_request\.head\.repo\.full_name|github\.event\.issue\.pull_request"
)
_PR_CHECKOUT_RUN = re.compile(r"\bgh\s+pr\s+checkout\b|\bgit\s+fetch\b[^\n]*\bpull/|\bgit\s+checkout\b[^\n]*\$\{\{\s*github\.(?:head_ref|event\.pull_request\.head)")
_SECRET = re.compile(r"\$\{\{\s*secrets\.([A-Za-z_][A-Za-z0-9_]*)")
_ACTOR_CHECK = re.compile(
    r"author_association|github\.(?:triggering_)?actor\s*==|github\.event\.(?:comment|issue|review|sender)\.user\.login\s*==|"
    r"contains\(\s*fromJSON|github\.repository_owner\s*==\s*github\.actor"
)
_ROLE_INPUT = re.compile(r"^(?:aws[-_])?role[-_](?:to[-_]assume|arn)$|^aws[-_]role(?:[-_]arn)?$", re.I)
_TARGET_VARIABLE = re.compile(r"^(?:[A-Z_]*_)?(?:ENV|ENVIRONMENT|STAGE|ENV_NAME|TARGET|TF_WORKSPACE|WORKSPACE|TIER)$", re.I)
#: Words that name an environment other than production.
NON_PRODUCTION_WORDS = frozenset({"staging", "stage", "stg", "dev", "develop", "development", "test", "testing", "qa", "sandbox",
                                  "preview", "uat", "nonprod", "demo", "integration", "review", "ephemeral", "scratch", "canary"})
_INPUT_REF = re.compile(r"\$\{\{\s*(?:inputs|github\.event\.inputs)\.([\w-]+)\s*\}\}")
_READ_ONLY = re.compile(r"read[-_]?only|readonly|(?:^|[-_/])(?:ro|plan|planner|viewer|reader|read|audit|auditor|diff)(?:$|[-_/])", re.I)
#: Environment variables that hand a job cloud credentials, by provider.
CREDENTIAL_ENV = {
    "AWS_ACCESS_KEY_ID": ("aws", "static-keys"),
    "AWS_SECRET_ACCESS_KEY": ("aws", "static-keys"),
    "AWS_SESSION_TOKEN": ("aws", "static-keys"),
    "AWS_ROLE_ARN": ("aws", "role"),
    "AWS_PROFILE": ("aws", "profile"),
    "ARM_CLIENT_SECRET": ("azure", "static-keys"),
    "ARM_CLIENT_ID": ("azure", "static-keys"),
    "ARM_CLIENT_CERTIFICATE_PATH": ("azure", "static-keys"),
    "ARM_USE_OIDC": ("azure", "oidc"),
    "AZURE_CREDENTIALS": ("azure", "static-keys"),
    "GOOGLE_CREDENTIALS": ("gcp", "static-keys"),
    "GOOGLE_APPLICATION_CREDENTIALS": ("gcp", "static-keys"),
    "GCP_SA_KEY": ("gcp", "static-keys"),
    "TF_API_TOKEN": ("terraform-cloud", "static-keys"),
    "TFE_TOKEN": ("terraform-cloud", "static-keys"),
    "TF_TOKEN_app_terraform_io": ("terraform-cloud", "static-keys"),
    "PULUMI_ACCESS_TOKEN": ("pulumi", "static-keys"),
    "KUBECONFIG": ("kubernetes", "static-keys"),
    "KUBE_CONFIG": ("kubernetes", "static-keys"),
    "CLOUDFLARE_API_TOKEN": ("cloudflare", "static-keys"),
    "VERCEL_TOKEN": ("vercel", "static-keys"),
    "FLY_API_TOKEN": ("fly", "static-keys"),
    "FIREBASE_TOKEN": ("firebase", "static-keys"),
    "SUPABASE_ACCESS_TOKEN": ("supabase", "static-keys"),
}
#: Actions that log a job in to a cloud, and the inputs that say how.
LOGIN_ACTIONS = {
    "aws-actions/configure-aws-credentials": "aws",
    "google-github-actions/auth": "gcp",
    "azure/login": "azure",
    "hashicorp/setup-terraform": "terraform-cloud",
    "pulumi/auth-actions": "pulumi",
}
MAX_CALLED_BYTES = 1024 * 1024


@dataclass
class Trigger:
    """An event that starts a workflow, with its branch, tag and path filters and its inputs."""

    event: str
    pointer: str  # the event's key under `on:` (or `on:` itself for `on: push`)
    branches: list[Item[str]] = field(default_factory=list)
    branches_ignore: list[Item[str]] = field(default_factory=list)
    tags: list[Item[str]] = field(default_factory=list)
    paths: list[Item[str]] = field(default_factory=list)
    inputs: dict[str, Item[dict[str, Any]]] = field(default_factory=dict)  # workflow_dispatch / workflow_call
    workflows: list[Item[str]] = field(default_factory=list)  # workflow_run

    def describe(self) -> str:
        """`push to `main``, `every push`, `schedule`…"""
        if self.event == "push":
            if self.tags and not self.branches:
                return "every push of a tag " + ", ".join(f"`{t.value}`" for t in self.tags)
            if self.branches:
                return "every push to " + ", ".join(f"`{b.value}`" for b in self.branches)
            return "every push to any branch"
        if self.event == "schedule":
            return "a schedule"
        if self.event == "workflow_run":
            names = ", ".join(f"`{w.value}`" for w in self.workflows)
            return f"`workflow_run` (after {names})" if names else "`workflow_run`"
        return f"`{self.event}`"


@dataclass
class Credential:
    """Cloud credentials a job holds."""

    provider: str  # "aws" | "gcp" | "azure" | "terraform-cloud" | …
    kind: str  # "role" (OIDC role/identity), "static-keys", "profile", "oidc"
    value: str  # role ARN, secret name, variable name
    pointer: str
    write: bool  # False when the role's name says it reads (`…-readonly`, `…-plan`)
    production: bool  # the role or secret name names production

    def describe(self) -> str:
        """`role `prod-admin``, `` `AWS_ACCESS_KEY_ID` (secret `PROD_KEY`) ``: short enough for a message."""
        if self.kind == "role":
            name = self.value.rsplit("/", 1)[-1] if self.value.startswith("arn:") and "${" not in self.value else self.value
            return f"role `{name}`"
        variable, _, rest = self.value.partition(":")
        secret = _SECRET.search(rest)
        return f"`{variable}` (secret `{secret.group(1)}`)" if secret else f"`{variable}`"


@dataclass
class Deploy:
    """A command or action that changes an environment."""

    text: str  # the command as written, or the action
    what: str
    pointer: str  # the `run` or `uses` of its step
    destroys: bool = False
    unattended: bool = False  # `-auto-approve`, `--yes`…
    saved_plan: bool = False  # `terraform apply tfplan`: applies a reviewed artifact
    line: int = -1  # 0-based line of the command inside a multi-line `run:` text (-1: the whole value)


@dataclass
class AgentStep:
    product: str
    pointer: str  # the step's `uses` or `run`
    text: str
    shell: Item[str] | None  # the input or flag that lets it run any command, if any
    open_to_anyone: Item[str] | None  # the input that lets people without write access start it
    checks_actor: bool  # the action itself checks the actor's write access (its default)


@dataclass
class Step:
    """A step: the action it uses (and its `with:` inputs) or the shell text it runs."""

    index: int
    pointer: str
    name: str | None
    uses: str | None
    with_: dict[str, Any]
    run: str | None


@dataclass
class Job:
    """A workflow job: environment, triggers it runs on, credentials, deploy commands and agent steps."""

    id: str
    pointer: str
    workflow: Workflow
    data: dict[str, Any]
    name: str | None = None
    environment: Item[str] | None = None
    environment_computed: bool = False
    if_: Item[str] | None = None
    needs: list[str] = field(default_factory=list)
    steps: list[Step] = field(default_factory=list)
    calls: Item[str] | None = None  # `uses:` of a reusable workflow
    secrets_inherit: Item[str] | None = None
    called: Workflow | None = None  # the reusable workflow it calls, when read
    credentials: list[Credential] = field(default_factory=list)
    deploys: list[Deploy] = field(default_factory=list)
    agents: list[AgentStep] = field(default_factory=list)
    secrets: list[Item[str]] = field(default_factory=list)  # `${{ secrets.X }}` it reads, GITHUB_TOKEN aside
    checkouts_pr_code: Item[str] | None = None
    id_token_write: Item[str] | None = None
    write_permissions: list[Item[str]] = field(default_factory=list)  # contents/pull-requests/… write

    # -- what the job reaches ---------------------------------------------------------------------
    @property
    def environment_name(self) -> str | None:
        return self.environment.value if self.environment else None

    @property
    def write_credentials(self) -> list[Credential]:
        return [c for c in self.credentials if c.write]

    def production_reason(self) -> str | None:
        """Why the job deploys to production, or None."""
        env = self.environment_name
        if env and not self.environment_computed and is_production(env):
            return f"environment `{env}`"
        for credential in self.credentials:
            if credential.production:
                return f"credentials {credential.describe()}"
        names = [("job name", self.id), ("job name", self.name), ("workflow", self.workflow.name)] + self.target_variables()
        for what, name in names:
            if name and is_production(name):
                return f"{what} `{name}`"
        for deploy in self.deploys:
            if is_production(_words(deploy.text)):
                return f"`{deploy.text}`"
        if env and not self.environment_computed and _non_production(env):
            return None
        if any(name and _non_production(name) for _, name in names):
            return None  # a staging or dev deployment, even from the default branch
        branch = self.workflow.default_branch_push()
        if branch is not None and (self.deploys or self.write_credentials):
            return f"the default branch `{branch.value}`"
        return None

    def target_variables(self) -> list[tuple[str, str]]:
        """`ENVIRONMENT: staging`-style variables of the workflow and the job: where it deploys."""
        found = []
        for scope in (self.workflow.data.get("env"), self.data.get("env")):
            if isinstance(scope, dict):
                for key, value in scope.items():
                    if _TARGET_VARIABLE.match(str(key)) and isinstance(value, str) and "${{" not in value:
                        found.append((f"`{key}`", value))
        return found

    def actor_check(self) -> Item[str] | None:
        """The `if:` (the job's or a step's) that checks who triggered the run, if any."""
        candidates = [self.if_] if self.if_ else []
        for step in self.steps:
            raw = self.data.get("steps", [])[step.index]
            if isinstance(raw, dict) and isinstance(raw.get("if"), str):
                candidates.append(Item(raw["if"], join(step.pointer, "if")))
        for item in candidates:
            if _ACTOR_CHECK.search(item.value):
                return item
        return None


def _non_production(name: str) -> bool:
    return any(word in NON_PRODUCTION_WORDS for word in re.split(r"[-_./\s:()]+", name.lower()) if word)


def _words(text: str) -> str:
    """Flags and values of a command as separate words, for production names (`--stage prod`)."""
    return " ".join(re.split(r"[\s=:'\"]+", text))


def extract_workflow(document: Document) -> Iterator[Subject | Problem]:
    """The `Workflow` of a `.github/workflows/*.yml` document."""
    data = document.data
    if data is None:
        return
    if not isinstance(data, dict):
        yield Problem(f"a workflow must be a mapping, found {type_name(data)}", "")
        return
    jobs = data.get("jobs")
    if jobs is not None and not isinstance(jobs, dict):
        yield Problem(f"`jobs` must be a mapping of job ids to jobs, found {type_name(jobs)}", "/jobs")
    elif isinstance(jobs, dict):
        for job_id, body in jobs.items():
            if not isinstance(body, dict):
                yield Problem(f"job `{job_id}` must be a mapping, found {type_name(body)}", join("/jobs", job_id))
    yield read_workflow(document, data)


def _on_key(document: Document, data: dict[str, Any]) -> tuple[str | None, Any]:
    """The `on:` key as written and its value (YAML 1.1 reads a bare `on` as true)."""
    root = getattr(document, "root", None)
    for key in ("on", "True", "true", "On", "ON"):
        if key in data:
            written = key
            if key == "True" and root is not None and hasattr(root, "value"):
                for k, _ in root.value:
                    if getattr(k, "value", None) in ("on", "On", "ON", "true", "True", "yes"):
                        written = k.value
                        break
            return written, data[key]
    return None, None


def read_workflow(document: Document, data: dict[str, Any], depth: int = 0) -> Workflow | None:
    on_key, on = _on_key(document, data)
    workflow = Workflow(document, data, on_key)
    _read_triggers(workflow, on)
    jobs = data.get("jobs")
    if not isinstance(jobs, dict):
        return workflow
    for job_id, body in jobs.items():
        if isinstance(body, dict):
            workflow.jobs.append(_read_job(workflow, str(job_id), body, depth))
    return workflow


def _items(value: Any, pointer: str) -> list[Item[str]]:
    if isinstance(value, str):
        return [Item(value, pointer)]
    if isinstance(value, list):
        return [Item(str(v), join(pointer, i)) for i, v in enumerate(value) if isinstance(v, (str, int))]
    return []


def _read_triggers(workflow: Workflow, on: Any) -> None:
    base = workflow.on_pointer
    if isinstance(on, str):
        workflow.triggers[on] = Trigger(on, base)
    elif isinstance(on, list):
        for i, event in enumerate(on):
            if isinstance(event, str):
                workflow.triggers[event] = Trigger(event, join(base, i))
    elif isinstance(on, dict):
        for event, body in on.items():
            pointer = join(base, event)
            trigger = Trigger(str(event), pointer)
            if isinstance(body, dict):
                trigger.branches = _items(body.get("branches"), join(pointer, "branches"))
                trigger.branches_ignore = _items(body.get("branches-ignore"), join(pointer, "branches-ignore"))
                trigger.tags = _items(body.get("tags"), join(pointer, "tags"))
                trigger.paths = _items(body.get("paths"), join(pointer, "paths"))
                trigger.workflows = _items(body.get("workflows"), join(pointer, "workflows"))
                inputs = body.get("inputs")
                if isinstance(inputs, dict):
                    trigger.inputs = {
                        str(k): Item(v if isinstance(v, dict) else {}, join(pointer, "inputs", k)) for k, v in inputs.items()
                    }
            workflow.triggers[str(event)] = trigger


def _permission_items(permissions: Any, pointer: str) -> tuple[Item[str] | None, list[Item[str]]]:
    """(`id-token: write`, the write scopes) of a `permissions:` value."""
    if permissions == "write-all":
        return Item("write-all", pointer), [Item("write-all", pointer)]
    if not isinstance(permissions, dict):
        return None, []
    id_token = Item("id-token: write", join(pointer, "id-token")) if permissions.get("id-token") == "write" else None
    writes = [Item(f"{k}: write", join(pointer, k)) for k, v in permissions.items()
              if v == "write" and k in ("contents", "pull-requests", "actions", "deployments", "packages", "workflows")]
    return id_token, writes


def _read_job(workflow: Workflow, job_id: str, body: dict[str, Any], depth: int) -> Job:
    pointer = join("/jobs", job_id)
    job = Job(job_id, pointer, workflow, body, name=body.get("name") if isinstance(body.get("name"), str) else None)
    env = body.get("environment")
    if isinstance(env, str):
        job.environment = Item(env, join(pointer, "environment"))
    elif isinstance(env, dict) and isinstance(env.get("name"), str):
        job.environment = Item(env["name"], join(pointer, "environment", "name"))
    if job.environment is not None and "${{" in job.environment.value:
        job.environment_computed = True
    if isinstance(body.get("if"), (str, bool)):
        job.if_ = Item(str(body["if"]), join(pointer, "if"))
    needs = body.get("needs")
    job.needs = [needs] if isinstance(needs, str) else [str(n) for n in needs] if isinstance(needs, list) else []
    permissions, perm_pointer = body.get("permissions"), join(pointer, "permissions")
    if permissions is None:
        permissions, perm_pointer = workflow.permissions, "/permissions"
    job.id_token_write, job.write_permissions = _permission_items(permissions, perm_pointer)
    # environment variables of the workflow, the job and each step
    _env_credentials(job, workflow.data.get("env"), "/env")
    _env_credentials(job, body.get("env"), join(pointer, "env"))
    job.secrets = _secrets(body, pointer)
    if isinstance(body.get("uses"), str):
        job.calls = Item(body["uses"], join(pointer, "uses"))
        if body.get("secrets") == "inherit":
            job.secrets_inherit = Item("inherit", join(pointer, "secrets"))
        if depth < 2:
            job.called = _read_called(workflow.document, body["uses"], depth)
        with_ = body.get("with")
        if isinstance(with_, dict):
            for key, value in with_.items():
                if key in ("environment", "env", "environment-name", "environment_name") and isinstance(value, str):
                    job.environment = job.environment or Item(value, join(pointer, "with", key))
                    job.environment_computed = "${{" in value
    steps = body.get("steps")
    if isinstance(steps, list):
        for i, raw in enumerate(steps):
            if isinstance(raw, dict):
                _read_step(job, i, raw)
    return job


def _secrets(body: dict[str, Any], pointer: str) -> list[Item[str]]:
    """Secrets the job reads (GITHUB_TOKEN aside), located at the value that reads each."""
    found: list[Item[str]] = []

    def walk(value: Any, at: str) -> None:
        if isinstance(value, str):
            if "secrets." in value:
                for match in _SECRET.finditer(value):
                    if match.group(1) not in ("GITHUB_TOKEN",):
                        found.append(Item(match.group(1), at))
        elif isinstance(value, dict):
            for k, v in value.items():
                if k != "if":
                    walk(v, join(at, k))
        elif isinstance(value, list):
            for i, v in enumerate(value):
                walk(v, join(at, i))

    walk(body, pointer)
    return found


def _env_credentials(job: Job, env: Any, pointer: str) -> None:
    if not isinstance(env, dict):
        return
    for name, value in env.items():
        known = CREDENTIAL_ENV.get(str(name))
        if known is None or value in (None, "", False):
            continue
        provider, kind = known
        text = str(value)
        secret = _SECRET.search(text)
        shown = f"{name}: {text}" if len(text) < 60 else str(name)
        label = secret.group(1) if secret else str(name)
        job.credentials.append(Credential(provider, "role" if kind == "role" else kind, text if kind == "role" else shown,
                                          join(pointer, name), write=not _READ_ONLY.search(label + " " + text),
                                          production=is_production(_words(label)) or is_production(_words(text))))


def _read_step(job: Job, index: int, raw: dict[str, Any]) -> None:
    pointer = join(job.pointer, "steps", index)
    with_ = raw.get("with") if isinstance(raw.get("with"), dict) else {}
    step = Step(index, pointer, raw.get("name") if isinstance(raw.get("name"), str) else None,
                raw.get("uses") if isinstance(raw.get("uses"), str) else None, with_,
                raw.get("run") if isinstance(raw.get("run"), str) else None)
    job.steps.append(step)
    _env_credentials(job, raw.get("env"), join(pointer, "env"))
    if step.uses:
        _read_action_step(job, step)
    if step.run:
        _read_run_step(job, step)


def _read_action_step(job: Job, step: Step) -> None:
    uses = step.uses or ""
    name = catalog.action_name(uses)
    at = join(step.pointer, "uses")
    if name == "actions/checkout":
        ref = str(step.with_.get("ref", ""))
        repo = str(step.with_.get("repository", ""))
        if _HEAD_REF.search(ref) or _HEAD_REF.search(repo):
            job.checkouts_pr_code = Item(ref or repo, join(step.pointer, "with", "ref" if ref else "repository"))
    elif name in ("actions/download-artifact", "dawidd6/action-download-artifact"):
        if "workflow_run" in str(step.with_) and job.checkouts_pr_code is None:
            job.checkouts_pr_code = Item(uses, at)
    login = LOGIN_ACTIONS.get(name)
    if login is not None:
        _login_credentials(job, step, login)
    elif uses.startswith("./"):
        # a local composite action handed a role to assume (`role_to_assume`, `aws-role-arn`…)
        for key, value in step.with_.items():
            if _ROLE_INPUT.search(str(key)) and isinstance(value, str) and value.strip():
                job.credentials.append(Credential("aws", "role", value, join(step.pointer, "with", key),
                                                  write=not _READ_ONLY.search(value), production=is_production(_role_words(value))))
                break
    action = catalog.deploy_action(uses, step.with_)
    if action is not None:
        job.deploys.append(Deploy(uses.split("@", 1)[0], action.what, at, destroys=action.destroys))
    agent = catalog.agent_action(uses)
    if agent is not None:
        shell = None
        for input_name, pattern in agent.shell:
            value = step.with_.get(input_name)
            if isinstance(value, (str, bool)) and pattern.search(str(value)):
                shell = Item(f"{input_name}: {_short(str(value))}", join(step.pointer, "with", input_name))
                break
        open_to = None
        for input_name, pattern in agent.trusted_actors:
            value = step.with_.get(input_name)
            if isinstance(value, (str, bool)) and pattern.search(str(value)):
                open_to = Item(f"{input_name}: {_short(str(value))}", join(step.pointer, "with", input_name))
                break
        job.agents.append(AgentStep(agent.product, at, uses.split("@", 1)[0], shell, open_to, not agent.open_by_default))


def _short(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _login_credentials(job: Job, step: Step, provider: str) -> None:
    w = step.with_
    at = lambda key: join(step.pointer, "with", key)  # noqa: E731
    if provider == "aws":
        if isinstance(w.get("role-to-assume"), str):
            role = w["role-to-assume"]
            session_policy = "inline-session-policy" in w or "managed-session-policies" in w
            job.credentials.append(Credential("aws", "role", role, at("role-to-assume"),
                                              write=not (_READ_ONLY.search(role) or session_policy),
                                              production=is_production(_role_words(role))))
        elif "aws-access-key-id" in w:
            value = str(w["aws-access-key-id"])
            label = (_SECRET.search(value).group(1) if _SECRET.search(value) else value)
            job.credentials.append(Credential("aws", "static-keys", f"aws-access-key-id: {_short(value)}", at("aws-access-key-id"),
                                              write=not _READ_ONLY.search(label), production=is_production(_words(label))))
    elif provider == "gcp":
        for key, kind in (("workload_identity_provider", "role"), ("credentials_json", "static-keys")):
            if key in w:
                value = str(w.get("service_account") or w[key])
                job.credentials.append(Credential("gcp", kind, value if kind == "role" else f"{key}: {_short(str(w[key]))}",
                                                  at(key), write=not _READ_ONLY.search(value), production=is_production(_role_words(value))))
                break
    elif provider == "azure":
        for key, kind in (("client-id", "role"), ("creds", "static-keys")):
            if key in w:
                value = str(w[key])
                job.credentials.append(Credential("azure", kind, f"{key}: {_short(value)}", at(key), write=True,
                                                  production=is_production(_words(value))))
                break
    elif provider == "terraform-cloud":
        if "cli_config_credentials_token" in w:
            value = str(w["cli_config_credentials_token"])
            job.credentials.append(Credential("terraform-cloud", "static-keys", f"cli_config_credentials_token: {_short(value)}",
                                              at("cli_config_credentials_token"), write=True, production=False))
    elif provider == "pulumi":
        job.credentials.append(Credential("pulumi", "oidc", "pulumi/auth-actions", join(step.pointer, "uses"), write=True, production=False))


def _role_words(role: str) -> str:
    return _words(role.rsplit("/", 1)[-1].replace(":", " "))


def _read_run_step(job: Job, step: Step) -> None:
    text = step.run or ""
    at = join(step.pointer, "run")
    for hit in catalog.find_commands(text):
        unattended = bool(catalog.UNATTENDED.search(hit.text))
        saved = hit.command.id == "terraform-apply" and _saved_plan(hit.text)
        job.deploys.append(Deploy(hit.text, hit.command.what, at, destroys=hit.command.destroys, unattended=unattended,
                                  saved_plan=saved, line=hit.line))
    for hit in catalog.find_agent_clis(text):
        job.agents.append(AgentStep(hit.product, at, hit.text, Item(hit.text, at) if hit.shell else None, None, False))
    if job.checkouts_pr_code is None and _PR_CHECKOUT_RUN.search(text):
        job.checkouts_pr_code = Item(_PR_CHECKOUT_RUN.search(text).group(0), at)


def _saved_plan(command: str) -> bool:
    """`terraform apply tfplan` / `terraform apply "plan.out"`: a reviewed plan file, not a fresh plan."""
    words = [w for w in command.split() if not w.startswith("-")]
    try:
        after = words[words.index("apply") + 1:]
    except ValueError:
        return False
    return bool(after) and not after[0].startswith("$") or any(w.endswith((".tfplan", ".plan", ".out")) for w in after)


def _read_called(document: Document, uses: str, depth: int) -> Workflow | None:
    """The reusable workflow a job calls with `./.github/workflows/x.yml`, read from disk (bounded)."""
    if not uses.startswith("./.github/workflows/") or document.file is None:
        return None
    here = Path(document.file)
    workflows_dir = here.parent
    if workflows_dir.name != "workflows" or workflows_dir.parent.name != ".github":
        return None
    root = workflows_dir.parent.parent
    target = (root / uses[2:]).resolve()
    try:
        if target.parent != workflows_dir.resolve() or not target.is_file() or target.stat().st_size > MAX_CALLED_BYTES:
            return None
        if target == here.resolve():
            return None
        text = read_text_bounded(target, MAX_CALLED_BYTES)
    except (OSError, UnicodeDecodeError):
        return None
    from lint.document import ParseError
    from lint.formats.yaml import parse_yaml

    try:
        called_doc = parse_yaml(uses[2:], text)
    except ParseError:
        return None
    called_doc.file = target
    if not isinstance(called_doc.data, dict):
        return None
    return read_workflow(called_doc, called_doc.data, depth + 1)


def input_of(expression: str) -> str | None:
    """`environment` for `${{ inputs.environment }}` / `${{ github.event.inputs.environment }}`."""
    match = _INPUT_REF.search(expression)
    return match.group(1) if match else None


def command_location(document: Document, deploy: Deploy, note: str):
    """Where a deploy command is written: its own line inside a multi-line `run:` (pointer kept)."""
    from lint.model import Location, Span

    span = document.locate(deploy.pointer)
    if deploy.line >= 0:
        needle = deploy.text.split(" ", 1)[0]
        lines = document.lines
        for number in (span.start_line + deploy.line, span.start_line + deploy.line + 1):
            text = lines[number - 1] if 0 < number <= len(lines) else ""
            column = text.find(needle)
            if needle and column >= 0:
                end = len(text.rstrip()) + 1
                return Location(document.path, Span(number, column + 1, number, max(end, column + 2)), deploy.pointer, note)
    return Location(document.path, span, deploy.pointer, note)
