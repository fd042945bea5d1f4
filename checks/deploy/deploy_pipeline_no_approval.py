from __future__ import annotations

import re
from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.deploy.production import is_production
from lint.subjects.deploy_platforms import Pipeline

#: Names that say a stage deploys somewhere other than production.
_NOT_PRODUCTION = re.compile(r"(?:^|[-_.\s/])(?:dev|develop|development|test|testing|qa|staging|stage|stg|sandbox|preview|uat|int|integration|beta|canary-dev)(?:$|[-_.\s/\d])", re.I)

_SAM_PIPELINE = """\
Resources:
  Pipeline:
    Type: AWS::CodePipeline::Pipeline
    Properties:
      Name: orders
      RoleArn: !GetAtt PipelineRole.Arn
      Stages:
        - Name: Source
          Actions:
            - Name: Source
              ActionTypeId: {Category: Source, Owner: AWS, Provider: CodeStarSourceConnection, Version: "1"}
              Configuration: {ConnectionArn: !Ref Connection, FullRepositoryId: acme/orders, BranchName: main}
              OutputArtifacts: [{Name: src}]
        - Name: DeployStaging
          Actions:
            - Name: DeployStaging
              ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: "1"}
              Configuration: {ActionMode: CREATE_UPDATE, StackName: orders-staging}
              InputArtifacts: [{Name: src}]
%s        - Name: DeployProduction
          Actions:
            - Name: DeployProd
              ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: "1"}
              Configuration: {ActionMode: CREATE_UPDATE, StackName: orders-prod}
              InputArtifacts: [{Name: src}]
"""
_APPROVAL = """\
        - Name: Approve
          Actions:
            - Name: ReleaseManagerApproval
              ActionTypeId: {Category: Approval, Owner: AWS, Provider: Manual, Version: "1"}
"""


class PipelineNoApproval(Check):
    """A CodePipeline stage deploys to production with no manual approval before it.

    ## What it does
    Reads `AWS::CodePipeline::Pipeline` (CloudFormation and SAM templates) and Terraform
    `aws_codepipeline`, keeps the stages in order, and reports each stage that deploys — a `Deploy`
    action of any provider (CloudFormation, CodeDeploy, ECS, S3, Elastic Beanstalk, Service
    Catalog…), or a CodeBuild action whose project's inline buildspec (same template or file) runs a
    deploy command (`terraform apply`, `cdk deploy`, `sam deploy`, `kubectl apply`, `helm upgrade`…)
    or whose name or project says it deploys (`deploy`, `apply`, `release`, `cdk`, `terraform`) — when no `Approval` action (`Provider: Manual`) comes in an
    earlier stage (or the transition into the stage is disabled with
    `DisableInboundStageTransitions`, so a person must enable it). High when the stage, the pipeline or the target (stack, service, application)
    is named as production; low when the names do not say which environment it is; nothing when
    they name another environment (`staging`, `dev`, `test`…). A production pipeline whose stages
    Terraform generates (`dynamic "stage"`) is reported at low severity as not judged.

    ## Why is this bad?
    A pipeline runs on every change to its source branch. Without a manual approval action, a
    merge (or a direct push, where the branch allows it) reaches production with no second person
    deciding it should. Who may approve is governed by IAM `codepipeline:PutApprovalResult`.

    ## Example
    ```yaml
    Stages:
      - Name: Source
        Actions: [...]
      - Name: DeployProduction          # nothing between the source and production
        Actions:
          - Name: DeployProd
            ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: "1"}
    ```

    ## Remediation
    Add a stage with an `Approval` / `Manual` action before the production deploy stage, and give
    `codepipeline:PutApprovalResult` on that action to reviewers other than the people who push.

    ## References
    - https://docs.aws.amazon.com/codepipeline/latest/userguide/approvals.html
    - https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-pipeline-structure.html
    - https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/codepipeline
    """

    id = "deploy-pipeline-no-approval"
    name = "CodePipeline deploys to production without approval"
    severity = Severity.HIGH
    confidence = Confidence.MEDIUM
    subject = Pipeline
    tags = ("deploy", "codepipeline", "review")
    cwe = (284,)
    example_path = "pipeline.yaml"

    valid = [
        Valid(_SAM_PIPELINE % _APPROVAL, note="a manual approval stage before production"),
        Valid(_SAM_PIPELINE.replace("      Stages:", "      DisableInboundStageTransitions:\n        - {StageName: DeployProduction, Reason: released by a person}\n      Stages:") % "",
              note="a person enables the transition into production"),
        Valid(
            'resource "aws_codepipeline" "web" {\n  name     = "web-staging"\n  role_arn = aws_iam_role.pipeline.arn\n'
            '  stage {\n    name = "Deploy"\n    action {\n      name     = "Deploy"\n      category = "Deploy"\n'
            '      owner    = "AWS"\n      provider = "ECS"\n      version  = "1"\n'
            '      configuration = {\n        ClusterName = "web-staging"\n        ServiceName = "web"\n      }\n    }\n  }\n}\n',
            path="pipeline.tf",
        ),
    ]
    invalid = [
        Invalid(
            _SAM_PIPELINE % "",
            expect=["/Resources/Pipeline/Properties/Stages/2/Name"],
            messages=["Stage `DeployProduction` of pipeline `orders` deploys to production with no manual approval: "
                      "CloudFormation `DeployProd` to `orders-prod`"],
            severity=Severity.HIGH,
        ),
        Invalid(
            (_SAM_PIPELINE % "").replace(
                "            - Name: DeployProd\n              ActionTypeId: {Category: Deploy, Owner: AWS, Provider: CloudFormation, Version: \"1\"}\n"
                "              Configuration: {ActionMode: CREATE_UPDATE, StackName: orders-prod}",
                "            - Name: Build\n              ActionTypeId: {Category: Build, Owner: AWS, Provider: CodeBuild, Version: \"1\"}\n"
                "              Configuration: {ProjectName: !Ref ReleaseProject}")
            + "  ReleaseProject:\n    Type: AWS::CodeBuild::Project\n    Properties:\n      Source:\n        Type: CODEPIPELINE\n"
              "        BuildSpec: |\n          version: 0.2\n          phases:\n            build:\n"
              "              commands:\n                - npx cdk deploy --all --require-approval never\n",
            expect=["/Resources/Pipeline/Properties/Stages/2/Name"],
            messages=["CodeBuild `Build` (project `ReleaseProject`) running `cdk deploy`"],
            severity=Severity.HIGH,
            note="a CodeBuild action named Build whose buildspec deploys",
        ),
        Invalid(
            'resource "aws_codepipeline" "web" {\n  name     = "web-prod"\n  role_arn = aws_iam_role.pipeline.arn\n'
            '  stage {\n    name = "Source"\n    action {\n      name     = "Source"\n      category = "Source"\n'
            '      owner    = "AWS"\n      provider = "S3"\n      version  = "1"\n    }\n  }\n'
            '  stage {\n    name = "Release"\n    action {\n      name     = "terraform-apply"\n      category = "Build"\n'
            '      owner    = "AWS"\n      provider = "CodeBuild"\n      version  = "1"\n'
            '      configuration = {\n        ProjectName = "web-apply"\n      }\n    }\n  }\n}\n',
            path="pipeline.tf",
            expect=["/resource/aws_codepipeline/web/stage/1/name"],
            messages=["CodeBuild `terraform-apply`"],
        ),
        Invalid(
            'resource "aws_codepipeline" "release" {\n  name     = "orders-prod"\n  role_arn = var.role_arn\n'
            '  dynamic "stage" {\n    for_each = var.stages\n    content {\n      name = stage.value.name\n'
            '      action {\n        name     = stage.value.action\n        category = stage.value.category\n'
            '        owner    = "AWS"\n        provider = stage.value.provider\n        version  = "1"\n      }\n    }\n  }\n}\n',
            path="pipeline.tf",
            expect=["/resource/aws_codepipeline/release/dynamic/stage"],
            messages=["cannot be judged"],
            severity=Severity.LOW,
        ),
        Invalid(
            _SAM_PIPELINE.replace("orders-prod", "orders-main").replace("DeployProduction", "Ship").replace("DeployProd", "Ship")
            .replace("orders-staging", "orders-east").replace("DeployStaging", "ShipEast") % "",
            expect=["/Resources/Pipeline/Properties/Stages/1/Name", "/Resources/Pipeline/Properties/Stages/2/Name"],
            messages=["do not say which environment"],
            severity=Severity.LOW,
        ),
    ]

    def check(self, pipeline: Pipeline) -> Iterator[Violation]:
        if pipeline.computed_stages and is_production(_words(pipeline.name)):
            yield Violation(
                pipeline.computed_stages,
                f"Pipeline `{pipeline.name}` builds its stages from values Terraform computes (`dynamic \"stage\"`): whether a "
                f"manual approval comes before production cannot be judged",
                severity=Severity.LOW,
                confidence=Confidence.LOW,
                key=True,
            )
        key = "Name" if pipeline.source == "CloudFormation" else "name"
        for stage, actions, approval in pipeline.deploy_stages():
            if approval is not None:
                continue
            targets = [a.target for a in actions if a.target]
            names = [_words(n) for n in (stage.name, pipeline.name, *targets, *(a.name for a in actions))]
            described = [f"{a.provider or a.category} `{a.name}`" + (
                (f" (project `{a.target}`)" if a.provider == "CodeBuild" else f" to `{a.target}`") if a.target else "")
                + (f" running `{a.command}`" if a.command else "") for a in actions]
            # The first action in the message, every action (and the pipeline's role) as a note.
            what = described[0] + (f" and {len(described) - 1} more" if len(described) > 1 else "")
            at = f"{stage.pointer}/{key}"
            related = tuple(Related(a.pointer, f"deploy action: {d}") for a, d in zip(actions, described))
            if pipeline.role_name:
                related += (Related(at, f"the pipeline acts as `{pipeline.role_name}`"),)
            if any(is_production(n) for n in names):
                yield Violation(
                    at,
                    f"Stage `{stage.name}` of pipeline `{pipeline.name}` deploys to production with no manual approval: {what}",
                    related=related,
                )
            elif not any(_NOT_PRODUCTION.search(n) for n in names if n):
                yield Violation(
                    at,
                    f"Stage `{stage.name}` of pipeline `{pipeline.name}` deploys with no manual approval: {what}; "
                    f"its names do not say which environment it is",
                    severity=Severity.LOW,
                    confidence=Confidence.LOW,
                    related=related,
                )


def _words(name: str) -> str:
    """`DeployProduction` -> `Deploy Production`, so CamelCase names are judged word by word."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name)
