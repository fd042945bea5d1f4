#!/usr/bin/env python3
"""Generate a repository with N deployment-platform files, for the deployment-gate benchmark.

    python bench/gen_deploy_platforms.py DIR --files 1000 [--seed 1]
    python bench/bench.py DIR --runs 3

Each of N/10 team folders gets ten files of the kinds scopelint reads for deployment gates:
`atlantis.yaml`, an Atlantis server-side `repos.yaml`, Terraform runners (`tfe_workspace`,
`spacelift_stack`, `env0_environment`), a CloudFormation CodePipeline, a Terraform
`aws_codepipeline`, Argo CD applications with their AppProject (multi-document), Flux objects
(GitRepository, Kustomization, HelmRelease, ImageUpdateAutomation), RBAC manifests, a Helm chart
template that is not valid YAML until rendered, and Terraform Kubernetes RBAC. About a third are
dangerous (auto-apply, no approval stage, prune on production, cluster-admin for a CI account).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

ENVS = ["prod", "staging", "dev", "production", "qa", "live"]


def files(rng: random.Random, team: int, risky: bool) -> dict[str, str]:
    env = rng.choice(ENVS)
    name = f"team{team:03d}"
    requirements = "[mergeable]" if risky else "[approved, mergeable]"
    approval = "" if risky else (
        "        - Name: Approve\n          Actions:\n            - Name: Approval\n"
        "              ActionTypeId: {Category: Approval, Owner: AWS, Provider: Manual, Version: \"1\"}\n")
    tf_approval = "" if risky else (
        '  stage {\n    name = "Approve"\n    action {\n      name     = "Approval"\n      category = "Approval"\n'
        '      owner    = "AWS"\n      provider = "Manual"\n      version  = "1"\n    }\n  }\n')
    automated = "    automated:\n      prune: true\n      selfHeal: true\n" if risky else "    automated:\n      enabled: false\n"
    role = "cluster-admin" if risky else "view"
    return {
        "atlantis.yaml": f"version: 3\nautomerge: true\nprojects:\n  - name: {name}-{env}\n    dir: envs/{env}\n"
                         f"    apply_requirements: {requirements}\n  - name: {name}-dev\n    dir: envs/dev\n",
        "atlantis-server/repos.yaml": f"repos:\n  - id: github.com/acme/{name}\n    branch: /^main$/\n"
                                      f"    apply_requirements: {requirements}\n    allowed_overrides: [workflow]\n"
                                      f"    allow_custom_workflows: {'true' if risky else 'false'}\n",
        "infra/runners.tf": f'resource "tfe_workspace" "{name}" {{\n  name       = "{name}-{env}"\n  auto_apply = {str(risky).lower()}\n'
                            f'  vcs_repo {{\n    identifier     = "acme/{name}"\n    branch         = "main"\n    oauth_token_id = var.oauth\n  }}\n}}\n'
                            f'resource "spacelift_stack" "{name}" {{\n  name       = "{name}-{env}"\n  repository = "{name}"\n'
                            f'  branch     = "main"\n  autodeploy = {str(risky).lower()}\n}}\n'
                            f'resource "env0_environment" "{name}" {{\n  name        = "{name}-{env}"\n  project_id  = var.p\n'
                            f'  template_id = var.t\n' + ("" if risky else "  approve_plan_automatically = false\n") + "}\n",
        "pipelines/release.yaml": "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  Pipeline:\n    Type: AWS::CodePipeline::Pipeline\n"
                                  f"    Properties:\n      Name: {name}-release\n      RoleArn: !GetAtt PipelineRole.Arn\n      Stages:\n"
                                  "        - Name: Source\n          Actions:\n            - Name: Source\n"
                                  "              ActionTypeId: {Category: Source, Owner: AWS, Provider: CodeStarSourceConnection, Version: \"1\"}\n"
                                  f"              Configuration: {{FullRepositoryId: acme/{name}, BranchName: main}}\n{approval}"
                                  f"        - Name: Deploy-{env}\n          Actions:\n            - Name: Deploy\n"
                                  "              ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: \"1\"}\n"
                                  f"              Configuration: {{ActionMode: CREATE_UPDATE, StackName: {name}-{env}}}\n",
        "pipelines/web.tf": f'resource "aws_codepipeline" "{name}" {{\n  name     = "{name}-{env}"\n  role_arn = aws_iam_role.pipeline.arn\n'
                            '  stage {\n    name = "Source"\n    action {\n      name     = "Source"\n      category = "Source"\n'
                            '      owner    = "AWS"\n      provider = "S3"\n      version  = "1"\n    }\n  }\n' + tf_approval +
                            '  stage {\n    name = "Deploy"\n    action {\n      name     = "Deploy"\n      category = "Deploy"\n'
                            f'      owner    = "AWS"\n      provider = "ECS"\n      version  = "1"\n      configuration = {{\n'
                            f'        ClusterName = "{name}-{env}"\n        ServiceName = "{name}"\n      }}\n    }}\n  }}\n}}\n',
        "gitops/apps.yaml": f"apiVersion: argoproj.io/v1alpha1\nkind: AppProject\nmetadata:\n  name: {name}\n  namespace: argocd\n"
                            f"spec:\n  sourceRepos: ['*']\n---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n"
                            f"  name: {name}-{env}\n  namespace: argocd\nspec:\n  project: {name}\n  source:\n"
                            f"    repoURL: https://github.com/acme/deploy\n    path: apps/{name}/overlays/{env}\n    targetRevision: main\n"
                            f"  destination:\n    server: https://kubernetes.default.svc\n    namespace: {name}-{env}\n  syncPolicy:\n{automated}",
        "gitops/flux.yaml": f"apiVersion: source.toolkit.fluxcd.io/v1\nkind: GitRepository\nmetadata:\n  name: {name}\n  namespace: flux-system\n"
                            f"spec:\n  interval: 1m\n  url: ssh://git@github.com/acme/{name}\n  ref:\n    branch: main\n---\n"
                            f"apiVersion: kustomize.toolkit.fluxcd.io/v1\nkind: Kustomization\nmetadata:\n  name: {name}-{env}\n"
                            f"  namespace: flux-system\nspec:\n  interval: 10m\n  path: ./clusters/{env}\n  prune: {str(risky).lower()}\n"
                            f"  sourceRef:\n    kind: GitRepository\n    name: {name}\n---\n"
                            f"apiVersion: image.toolkit.fluxcd.io/v1beta2\nkind: ImageUpdateAutomation\nmetadata:\n  name: {name}\n"
                            f"  namespace: flux-system\nspec:\n  interval: 30m\n  sourceRef:\n    kind: GitRepository\n    name: {name}\n"
                            "  git:\n    checkout:\n      ref:\n        branch: main\n" + ("" if risky else "    push:\n      branch: image-updates\n")
                            + f"  update:\n    path: ./clusters/{env}\n",
        "k8s/rbac.yaml": f"apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: {name}-ci\n  namespace: ci\n  annotations:\n"
                         f"    eks.amazonaws.com/role-arn: arn:aws:iam::123456789012:role/{name}-ci\n---\n"
                         f"apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: {name}-ci\nroleRef:\n"
                         f"  apiGroup: rbac.authorization.k8s.io\n  kind: ClusterRole\n  name: {role}\nsubjects:\n"
                         f"  - kind: ServiceAccount\n    name: {name}-ci\n    namespace: ci\n",
        "chart/templates/rolebinding.yaml": "{{- if .Values.rbac.create }}\napiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\n"
                                            "metadata:\n  name: {{ include \"app.fullname\" . }}\n  labels:\n"
                                            "    {{- include \"app.labels\" . | nindent 4 }}\nroleRef:\n  apiGroup: rbac.authorization.k8s.io\n"
                                            f"  kind: ClusterRole\n  name: {role}\nsubjects:\n  - kind: ServiceAccount\n"
                                            "    name: {{ include \"app.serviceAccountName\" . }}\n    namespace: {{ .Release.Namespace }}\n{{- end }}\n",
        "infra/rbac.tf": f'resource "kubernetes_cluster_role_binding_v1" "{name}" {{\n  metadata {{\n    name = "{name}-runner"\n  }}\n'
                         f'  role_ref {{\n    api_group = "rbac.authorization.k8s.io"\n    kind      = "ClusterRole"\n    name      = "{role}"\n  }}\n'
                         f'  subject {{\n    kind      = "ServiceAccount"\n    name      = "gitlab-runner"\n    namespace = "{name}"\n  }}\n}}\n',
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    teams = max(args.files // 10, 1)
    for team in range(teams):
        base = args.directory / f"teams/team{team:03d}"
        for name, text in files(rng, team, rng.random() < 0.33).items():
            target = base / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text)
    print(f"wrote {teams * 10} deployment-platform files under {args.directory}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
