"""Kubernetes manifests that decide what reaches a cluster: GitOps, RBAC, workload identities.

Read from any YAML file (one or many documents, `kind: List` too) whose text names one of the
kinds below, Helm chart templates included (see `helm.py`):

- Argo CD `Application`, `ApplicationSet` (production judged from its generators' targets),
  `AppProject` `syncWindows`;
- Flux `Kustomization` (`prune`, `force`, `suspend`), `HelmRelease` (floating chart versions,
  `upgrade.force`), `ImageUpdateAutomation` with the `GitRepository` it commits to;
- `ClusterRoleBinding` / `RoleBinding` with the role they grant (built-in, or a `ClusterRole`/`Role`
  in the same file or folder);
- `ServiceAccount` with an IRSA role (`eks.amazonaws.com/role-arn`), for the repository graph.

Roles, projects and Git repositories are looked up in the same file, then in the other YAML files
of its folder (a chart's `templates/`), read once per folder.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fnmatch import fnmatchcase
from typing import Any

from lint.deploy.production import is_production
from lint.document import Document, ParseError, join
from lint.subjects.base import Extractor, Item, Problem, Subject
from lint.subjects import recognizers
from lint.subjects.recognizers import KUBERNETES_KINDS as KINDS
from lint.subjects.deploy_platforms import helm
from lint.subjects.deploy_platforms.model import (
    BUILTIN_ROLES,
    GitOpsApp,
    ImageAutomation,
    RbacBinding,
    RoleRule,
    ServiceAccountWorkload,
)

#: Kinds looked up by the objects above, in the same file or its folder.
_LOOKUP_SNIFF = re.compile(r"kind:\s*[\"']?(?:ClusterRole|Role|AppProject|GitRepository)[\"']?\s*$", re.M)
IRSA = "eks.amazonaws.com/role-arn"


class KubernetesExtractor(recognizers.Kubernetes, Extractor):
    """Kubernetes manifests and Helm templates."""

    def accepts(self, document: Document) -> bool:
        return any(True for _ in _objects(document.data, ""))

    def recover(self, path: str, text: str) -> Document | None:
        return helm.parse_template(path, text) if helm.is_template(text) else None

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        if helm.is_template(document.text) and not hasattr(document, "template_actions"):
            reread = helm.parse_template(document.path, document.text)
            if reread is not None:
                reread.file = document.file
                document = reread
        index = _Index(document)
        for pointer, obj in _objects(document.data, ""):
            kind, api = obj.get("kind"), str(obj.get("apiVersion", ""))
            if kind == "Application" and api.startswith("argoproj.io/"):
                yield _argo_application(document, pointer, obj, index)
            elif kind == "ApplicationSet" and api.startswith("argoproj.io/"):
                yield _argo_application_set(document, pointer, obj, index)
            elif kind == "Kustomization" and api.startswith("kustomize.toolkit.fluxcd.io/"):
                yield _flux_kustomization(document, pointer, obj)
            elif kind == "HelmRelease" and api.startswith("helm.toolkit.fluxcd.io/"):
                yield _flux_helm_release(document, pointer, obj)
            elif kind == "ImageUpdateAutomation" and api.startswith("image.toolkit.fluxcd.io/"):
                yield _image_automation(document, pointer, obj, index)
            elif kind in ("ClusterRoleBinding", "RoleBinding") and api.startswith("rbac.authorization.k8s.io/"):
                binding = _binding(document, pointer, obj, index)
                if binding is not None:
                    yield binding
            elif kind == "ServiceAccount" and api == "v1":
                account = _service_account(document, pointer, obj)
                if account is not None:
                    yield account


def _objects(data: Any, pointer: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every Kubernetes object of the document: one, a stream of them, or a `kind: List`."""
    if isinstance(data, list):
        for i, item in enumerate(data):
            if isinstance(item, dict) and "kind" in item and "apiVersion" in item:
                yield from _objects(item, join(pointer, i))
        return
    if not isinstance(data, dict) or not isinstance(data.get("kind"), str):
        return
    if data["kind"] == "List" or data["kind"].endswith("List") and isinstance(data.get("items"), list):
        for i, item in enumerate(data.get("items") or []):
            if isinstance(item, dict):
                yield from _objects(item, join(pointer, "items", i))
        return
    if data["kind"] in KINDS or data["kind"] in ("ClusterRole", "Role", "AppProject", "GitRepository"):
        yield pointer, data


def _get(obj: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(obj, dict):
            return None
        obj = obj.get(key)
    return obj


def _item(obj: dict[str, Any], pointer: str, *path: str) -> Item[Any] | None:
    value = _get(obj, *path)
    return None if value is None else Item(value, join(pointer, *path))


def _name(obj: dict[str, Any]) -> str:
    name = _get(obj, "metadata", "name")
    return name if isinstance(name, str) else "(unnamed)"


def _true(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() == "true")


# -- lookups in the file and its folder ----------------------------------------------------------
class _Index:
    """Roles, AppProjects and GitRepositories of the file, then of its folder."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.own = _collect(document)
        self._folder: dict[tuple[str, str], list[tuple[Document, str, dict[str, Any]]]] | None = None

    def find(self, kind: str, name: str, namespace: str | None = None) -> tuple[Document, str, dict[str, Any]] | None:
        for table in (self.own, self.folder()):
            for document, pointer, obj in table.get((kind, name), []):
                own_ns = _get(obj, "metadata", "namespace")
                if namespace is None or kind in ("ClusterRole",) or not own_ns or own_ns == namespace:
                    return document, pointer, obj
        return None

    def all(self, kind: str) -> list[tuple[Document, str, dict[str, Any]]]:
        return [entry for table in (self.own, self.folder()) for (k, _), entries in table.items() if k == kind for entry in entries]

    def folder(self) -> dict[tuple[str, str], list[tuple[Document, str, dict[str, Any]]]]:
        if self._folder is None:
            self._folder = _folder_objects(self.document)
        return self._folder


def _collect(document: Document) -> dict[tuple[str, str], list[tuple[Document, str, dict[str, Any]]]]:
    table: dict[tuple[str, str], list[tuple[Document, str, dict[str, Any]]]] = {}
    for pointer, obj in _objects(document.data, ""):
        if obj.get("kind") in ("ClusterRole", "Role", "AppProject", "GitRepository"):
            table.setdefault((obj["kind"], _name(obj)), []).append((document, pointer, obj))
    return table


#: Folder -> (signature of its YAML files, the lookup objects they hold). Bounded, oldest dropped first.
_FOLDERS: dict[str, tuple[tuple, dict]] = {}
_FOLDER_LIMIT = 128
#: Do not read folders with more YAML files than this for lookups (generated manifests, vendored charts).
MAX_FOLDER_FILES = 200


def _folder_objects(document: Document) -> dict[tuple[str, str], list[tuple[Document, str, dict[str, Any]]]]:
    import os

    file = document.file
    if file is None:
        return {}
    folder = file.parent
    try:
        entries = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file() and p != file)
        if len(entries) > MAX_FOLDER_FILES:
            return {}
        signature = tuple((p.name, p.stat().st_size, p.stat().st_mtime_ns) for p in entries)
    except OSError:
        return {}
    key = str(folder)
    cached = _FOLDERS.get(key)
    if cached is not None and cached[0] == signature:
        return cached[1]
    from lint.discover import MAX_FILE_BYTES, read_text_bounded
    from lint.formats.yaml import parse_yaml

    table: dict[tuple[str, str], list[tuple[Document, str, dict[str, Any]]]] = {}
    shown = os.path.dirname(document.path)
    for entry in entries:
        try:
            text = read_text_bounded(entry, MAX_FILE_BYTES)
        except (OSError, UnicodeDecodeError):
            continue
        if "apiVersion" not in text or not _LOOKUP_SNIFF.search(text):
            continue
        path = os.path.join(shown, entry.name) if shown else entry.name
        parsed: Document | None
        try:
            parsed = parse_yaml(path, text)
            if helm.is_template(text):
                parsed = helm.parse_template(path, text) or parsed
        except ParseError:
            parsed = helm.parse_template(path, text) if helm.is_template(text) else None
        if parsed is None:
            continue
        parsed.file = entry
        for k, v in _collect(parsed).items():
            table.setdefault(k, []).extend(v)
    if len(_FOLDERS) >= _FOLDER_LIMIT:
        _FOLDERS.pop(next(iter(_FOLDERS)))
    _FOLDERS[key] = (signature, table)
    return table


# -- Argo CD -------------------------------------------------------------------------------------
def _production_reason(candidates: list[tuple[str, Any]]) -> str | None:
    for what, value in candidates:
        if isinstance(value, str) and not helm.templated(value) and is_production(value):
            return f"{what} `{value}`"
    return None


def _argo_sync(app: GitOpsApp, spec: dict[str, Any], base: str) -> None:
    policy = _get(spec, "syncPolicy")
    if not isinstance(policy, dict):
        return
    automated = policy.get("automated", None) if "automated" in policy else None
    pointer = join(base, "syncPolicy")
    if "automated" in policy and (automated is None or isinstance(automated, dict)):
        if not (isinstance(automated, dict) and automated.get("enabled") is False):
            app.automated = Item(automated, join(pointer, "automated"))
            if isinstance(automated, dict):
                if _true(automated.get("prune")):
                    app.prune = Item(True, join(pointer, "automated", "prune"))
                if _true(automated.get("selfHeal")):
                    app.self_heal = Item(True, join(pointer, "automated", "selfHeal"))
    options = policy.get("syncOptions")
    for i, option in enumerate(options if isinstance(options, list) else []):
        if isinstance(option, str) and option.replace(" ", "") in ("Force=true", "Replace=true"):
            app.force = Item(option, join(pointer, "syncOptions", i))
        if isinstance(option, str) and option.replace(" ", "") == "Prune=false":
            app.prune = None


def _argo_targets(app: GitOpsApp, spec: dict[str, Any], extra: list[tuple[str, Any]]) -> None:
    destination = spec.get("destination") if isinstance(spec.get("destination"), dict) else {}
    source = spec.get("source") if isinstance(spec.get("source"), dict) else {}
    sources = spec.get("sources") if isinstance(spec.get("sources"), list) else []
    first = source or next((s for s in sources if isinstance(s, dict)), {})
    app.source = f"{first.get('repoURL', '')}@{first.get('targetRevision', 'HEAD')} {first.get('path', '') or first.get('chart', '')}".strip()
    app.destination = str(destination.get("namespace") or destination.get("name") or destination.get("server") or "")
    candidates = [("application", app.name), ("destination namespace", destination.get("namespace")),
                  ("destination cluster", destination.get("name")), ("project", spec.get("project"))]
    for s in [source, *sources]:
        if isinstance(s, dict):
            candidates += [("source path", s.get("path")), ("target revision", s.get("targetRevision"))]
            helm_values = _get(s, "helm", "valueFiles")
            for value in helm_values if isinstance(helm_values, list) else []:
                candidates.append(("values file", value))
    candidates += extra
    app.production = _production_reason(candidates) or _path_reason(app.source)
    server = destination.get("server")
    if app.production is None and isinstance(server, str) and is_production(server.split("//", 1)[-1].split(".", 1)[0]):
        app.production = f"destination cluster `{server}`"


def _path_reason(source: str) -> str | None:
    path = source.rsplit(" ", 1)[-1] if " " in source else ""
    for part in path.split("/"):
        if is_production(part):
            return f"source path `{path}`"
    return None


def _windows(app: GitOpsApp, project: str, index: _Index, destination: dict[str, Any]) -> None:
    found = index.find("AppProject", project)
    if found is None:
        if project != "default":
            app.project = project
        return
    document, pointer, obj = found
    windows = _get(obj, "spec", "syncWindows")
    for i, window in enumerate(windows if isinstance(windows, list) else []):
        if not isinstance(window, dict):
            continue
        patterns = [("applications", app.name), ("namespaces", destination.get("namespace")),
                    ("clusters", destination.get("name") or destination.get("server"))]
        for key, value in patterns:
            globs = window.get(key)
            if isinstance(value, str) and isinstance(globs, list) and any(isinstance(g, str) and fnmatchcase(value, g) for g in globs):
                app.window = f"{window.get('kind', 'allow')} sync window `{window.get('schedule', '')}` of AppProject `{project}`"
                app.window_at = (document, join(pointer, "spec", "syncWindows", i))
                return


def _argo_application(document: Document, pointer: str, obj: dict[str, Any], index: _Index) -> GitOpsApp:
    app = GitOpsApp(document, pointer, tool="Argo CD", kind="Application", name=_name(obj))
    app.namespace = str(_get(obj, "metadata", "namespace") or "")
    spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
    _argo_sync(app, spec, join(pointer, "spec"))
    _argo_targets(app, spec, [])
    destination = spec.get("destination") if isinstance(spec.get("destination"), dict) else {}
    _windows(app, str(spec.get("project") or "default"), index, destination)
    return app


def _generator_targets(generators: Any, base: str) -> list[tuple[str, Any]]:
    """Values naming where an ApplicationSet's generators deploy: list elements, cluster labels, git paths."""
    found: list[tuple[str, Any]] = []
    for generator in generators if isinstance(generators, list) else []:
        if not isinstance(generator, dict):
            continue
        for kind, body in generator.items():
            if not isinstance(body, dict):
                continue
            if kind in ("matrix", "merge"):
                found += _generator_targets(body.get("generators"), base)
            elif kind == "list":
                for element in body.get("elements") or [] if isinstance(body.get("elements"), list) else []:
                    if isinstance(element, dict):
                        found += [(f"list generator `{k}`", v) for k, v in element.items() if isinstance(v, str)]
            elif kind == "clusters":
                labels = _get(body, "selector", "matchLabels")
                if isinstance(labels, dict):
                    found += [(f"clusters generator label `{k}`", v) for k, v in labels.items()]
                values = body.get("values")
                if isinstance(values, dict):
                    found += [(f"clusters generator value `{k}`", v) for k, v in values.items()]
            elif kind == "git":
                for key in ("directories", "files"):
                    for entry in body.get(key) or [] if isinstance(body.get(key), list) else []:
                        path = entry.get("path") if isinstance(entry, dict) else None
                        if isinstance(path, str) and not entry.get("exclude"):
                            found += [(f"git generator path `{path}`", part) for part in path.split("/") if part]
    return found


def _argo_application_set(document: Document, pointer: str, obj: dict[str, Any], index: _Index) -> GitOpsApp:
    app = GitOpsApp(document, pointer, tool="Argo CD", kind="ApplicationSet", name=_name(obj))
    app.namespace = str(_get(obj, "metadata", "namespace") or "")
    spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
    template = _get(spec, "template", "spec")
    template = template if isinstance(template, dict) else {}
    _argo_sync(app, template, join(pointer, "spec", "template", "spec"))
    targets = _generator_targets(spec.get("generators"), join(pointer, "spec", "generators"))
    _argo_targets(app, template, [(what, value) for what, value in targets])
    return app


# -- Flux ------------------------------------------------------------------------------------------
def _flux_common(app: GitOpsApp, obj: dict[str, Any], pointer: str) -> dict[str, Any]:
    spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
    app.namespace = str(_get(obj, "metadata", "namespace") or "")
    app.suspended = _true(spec.get("suspend"))
    app.automated = Item(spec.get("interval"), join(pointer, "spec", "interval") if "interval" in spec else join(pointer, "spec"))
    return spec


#: Folders whose next segment names the cluster or environment of what is inside them.
_ENVIRONMENT_FOLDERS = frozenset({"clusters", "cluster", "envs", "env", "environments", "overlays", "stages"})


def _folder_reason(document: Document) -> str | None:
    """Flux objects live in the cluster they reconcile: `clusters/production/apps.yaml` is production's."""
    folders = document.path.replace("\\", "/").split("/")[:-1]
    for i, part in enumerate(folders[:-1]):
        if part.lower() in _ENVIRONMENT_FOLDERS and is_production(folders[i + 1]):
            return f"file in `{part}/{folders[i + 1]}/`"
    return None


def _flux_kustomization(document: Document, pointer: str, obj: dict[str, Any]) -> GitOpsApp:
    app = GitOpsApp(document, pointer, tool="Flux", kind="Kustomization", name=_name(obj))
    spec = _flux_common(app, obj, pointer)
    if _true(spec.get("prune")):
        app.prune = Item(True, join(pointer, "spec", "prune"))
    if _true(spec.get("force")):
        app.force = Item(True, join(pointer, "spec", "force"))
    elif _get(obj, "metadata", "labels", "kustomize.toolkit.fluxcd.io/force") == "enabled":
        app.force = Item("enabled", join(pointer, "metadata", "labels", "kustomize.toolkit.fluxcd.io/force"))
    source = spec.get("sourceRef") if isinstance(spec.get("sourceRef"), dict) else {}
    app.source = f"{source.get('kind', 'GitRepository')}/{source.get('name', '')} {spec.get('path', '')}".strip()
    app.destination = str(spec.get("targetNamespace") or app.namespace or "")
    app.production = _production_reason([
        ("Kustomization", app.name), ("target namespace", spec.get("targetNamespace")),
        ("namespace", app.namespace if app.namespace != "flux-system" else None),
    ]) or _path_reason(app.source) or _folder_reason(document)
    return app


_FLOATING = re.compile(r"[*xX^~<>|]|\s-\s")


def _flux_helm_release(document: Document, pointer: str, obj: dict[str, Any]) -> GitOpsApp:
    app = GitOpsApp(document, pointer, tool="Flux", kind="HelmRelease", name=_name(obj))
    spec = _flux_common(app, obj, pointer)
    if _true(_get(spec, "upgrade", "force")):
        app.force = Item(True, join(pointer, "spec", "upgrade", "force"))
    chart = _get(spec, "chart", "spec")
    if isinstance(chart, dict) and _get(chart, "sourceRef", "kind") == "HelmRepository":
        version = chart.get("version")
        if version is None:
            app.chart_range = Item("(latest)", join(pointer, "spec", "chart", "spec", "chart"))
        elif isinstance(version, str) and _FLOATING.search(version) and not helm.templated(version):
            app.chart_range = Item(version, join(pointer, "spec", "chart", "spec", "version"))
    chart_name = chart.get("chart") if isinstance(chart, dict) else None
    app.source = f"chart {chart_name}" if chart_name else ""
    app.destination = str(spec.get("targetNamespace") or app.namespace or "")
    app.production = _production_reason([
        ("HelmRelease", app.name), ("target namespace", spec.get("targetNamespace")),
        ("namespace", app.namespace if app.namespace != "flux-system" else None),
        ("release name", spec.get("releaseName")),
    ]) or _folder_reason(document)
    return app


def _image_automation(document: Document, pointer: str, obj: dict[str, Any], index: _Index) -> ImageAutomation:
    auto = ImageAutomation(document, pointer, name=_name(obj))
    spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
    base = join(pointer, "spec")
    auto.source = str(_get(spec, "sourceRef", "name") or "")
    auto.checkout = _item(spec, base, "git", "checkout", "ref", "branch")
    auto.push = _item(spec, base, "git", "push", "branch")
    auto.refspec = _item(spec, base, "git", "push", "refspec")
    if isinstance(spec.get("git"), dict):
        auto.git_pointer = join(base, "git")
    found = index.find("GitRepository", auto.source) if auto.source else None
    if found is not None:
        repo_doc, repo_pointer, repo = found
        branch = _get(repo, "spec", "ref", "branch")
        if isinstance(branch, str):
            auto.deployed_branch = branch
            auto.deployed_at = (repo_doc, join(repo_pointer, "spec", "ref", "branch"))
    elif auto.checkout is not None:
        auto.deployed_branch = None
    update_path = _get(spec, "update", "path")
    auto.production = _production_reason([("ImageUpdateAutomation", auto.name), ("GitRepository", auto.source)]) or (
        _path_reason(f"x {update_path}") if isinstance(update_path, str) else None) or _folder_reason(document)
    return auto


# -- RBAC and workload identities ----------------------------------------------------------------
def _binding(document: Document, pointer: str, obj: dict[str, Any], index: _Index) -> RbacBinding | None:
    role_ref = obj.get("roleRef")
    if not isinstance(role_ref, dict):
        return None
    binding = RbacBinding(document, pointer, kind=obj["kind"], name=_name(obj))
    binding.namespace = str(_get(obj, "metadata", "namespace") or "")
    binding.role_kind = str(role_ref.get("kind") or "")
    binding.role_name = str(role_ref.get("name") or "")
    binding.role_pointer = join(pointer, "roleRef", "name") if "name" in role_ref else join(pointer, "roleRef")
    subjects = obj.get("subjects")
    binding.subjects = [Item(s, join(pointer, "subjects", i)) for i, s in enumerate(subjects if isinstance(subjects, list) else []) if isinstance(s, dict)]
    builtin = binding.role_kind == "ClusterRole" and (binding.role_name in BUILTIN_ROLES or binding.role_name in ("view", "edit")
                                                       or binding.role_name.startswith("system:"))
    found = None if builtin else index.find(binding.role_kind, binding.role_name, binding.namespace or None)
    if found is not None:
        role_doc, role_pointer, role = found
        binding.role_document, binding.role_at = role_doc, role_pointer
        binding.rules = _rules(role, role_pointer)
        if not role.get("rules"):
            included = _included_rules(role_doc, role_pointer)
            if included is not None:
                binding.role_document, binding.rules = included
            elif hasattr(role_doc, "template_actions"):
                binding.rules = None  # the rules are what Helm renders from values: not judged
    return binding


_INCLUDE = re.compile(r"\{\{-?\s*(?:include|template)\s+\"([^\"]+)\"")


def _included_rules(document: Document, pointer: str) -> tuple[Document, list[RoleRule]] | None:
    """A Helm role whose `rules:` is `{{ include "chart.rules" . }}` of a template the file defines."""
    named = getattr(document, "template_defines", None)
    if not named:
        return None
    line = document.locate_key(join(pointer, "rules")).start_line
    for number in range(line, min(line + 3, len(document.lines)) + 1):
        match = _INCLUDE.search(document.line_text(number))
        if match and match.group(1) in named:
            body = helm.named_template(document, match.group(1))
            if body is not None and isinstance(body.data, list):
                return body, _rules({"rules": body.data}, "", bare=True)
            return None
    return None


def _rules(role: dict[str, Any], pointer: str, *, bare: bool = False) -> list[RoleRule]:
    """The role's rules; `bare`: the document is the list of rules itself (a Helm named template)."""
    rules = role.get("rules")
    out = []
    for i, rule in enumerate(rules if isinstance(rules, list) else []):
        if not isinstance(rule, dict):
            continue

        def strings(key: str) -> list[str]:
            value = rule.get(key)
            return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

        out.append(RoleRule(join(pointer, "rules", i) if not bare else join("", i), strings("verbs"), strings("resources"), strings("apiGroups")))
    return out


def _service_account(document: Document, pointer: str, obj: dict[str, Any]) -> ServiceAccountWorkload | None:
    annotations = _get(obj, "metadata", "annotations")
    if not isinstance(annotations, dict) or IRSA not in annotations:
        return None
    namespace = _get(obj, "metadata", "namespace") or "default"
    role = Item(annotations[IRSA], join(pointer, "metadata", "annotations", IRSA))
    return ServiceAccountWorkload(document, pointer, name=f"{namespace}/{_name(obj)}", role=role)
