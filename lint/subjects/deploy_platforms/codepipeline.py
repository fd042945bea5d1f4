"""AWS CodePipeline in CloudFormation / SAM templates (`AWS::CodePipeline::Pipeline`).

Stages are kept in order with every action's category, provider, role and what it deploys
(stack, ECS service, CodeDeploy application, bucket, CodeBuild project), so a check can say which
deploy stage has no manual approval before it. Terraform's `aws_codepipeline` is read in
`terraform.py` into the same subject.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lint.document import Document, join
from lint.iac.intrinsics import referenced_resource, static_string
from lint.subjects.base import Extractor, Item, Problem, Subject
from lint.subjects import recognizers
from lint.subjects.deploy_platforms.model import Pipeline, PipelineAction, PipelineStage, deploy_command

PIPELINE = "AWS::CodePipeline::Pipeline"
#: Configuration keys naming what an action deploys, by provider.
TARGET_KEYS = ("StackName", "StackSetName", "ClusterName", "ServiceName", "ApplicationName", "DeploymentGroupName",
               "EnvironmentName", "BucketName", "ProjectName", "FunctionName")


def target_of(configuration: dict[str, Any], text=lambda v: v if isinstance(v, str) else None) -> str:
    """What an action deploys to, as its configuration names it: `orders-prod/orders` for an ECS service."""
    parts = [text(configuration[k]) for k in TARGET_KEYS if k in configuration]
    return "/".join(p for p in parts if p)


class CodePipelineExtractor(recognizers.CodePipeline, Extractor):
    """CodePipeline pipelines in CloudFormation and SAM templates."""

    def accepts(self, document: Document) -> bool:
        resources = document.data.get("Resources") if isinstance(document.data, dict) else None
        return isinstance(resources, dict) and any(
            isinstance(body, dict) and body.get("Type") == PIPELINE for body in resources.values())

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        for logical, body in document.data["Resources"].items():
            if isinstance(body, dict) and body.get("Type") == PIPELINE:
                yield _pipeline(document, logical, body, document.data["Resources"])


def _display(value: Any, fallback: str) -> str:
    text = static_string(value)
    if text is not None:
        return text
    ref = referenced_resource(value)
    return f"{fallback}" if ref is None else f"{fallback} ({ref})"


def _role(value: Any, pointer: str) -> tuple[Item[Any] | None, str | None]:
    if value is None:
        return None, None
    literal = static_string(value)
    if literal:
        return Item(literal, pointer), literal
    ref = referenced_resource(value)
    return Item(value, pointer), ref


def _buildspec(resources: dict[str, Any], project: Any) -> Any:
    """The inline buildspec of the `AWS::CodeBuild::Project` a CodeBuild action names (`!Ref Project` or its name)."""
    logical = referenced_resource(project)
    name = static_string(project)
    for key, body in resources.items():
        if not isinstance(body, dict) or body.get("Type") != "AWS::CodeBuild::Project":
            continue
        props = body.get("Properties") if isinstance(body.get("Properties"), dict) else {}
        if key == logical or (name and static_string(props.get("Name")) == name):
            source = props.get("Source") if isinstance(props.get("Source"), dict) else {}
            return source.get("BuildSpec")
    return None


def _pipeline(document: Document, logical: str, body: dict[str, Any], resources: dict[str, Any]) -> Pipeline:
    base = join("/Resources", logical)
    props = body.get("Properties") if isinstance(body.get("Properties"), dict) else {}
    name = static_string(props.get("Name")) or logical
    pipeline = Pipeline(document, base, name=name, source="CloudFormation")
    pipeline.role, pipeline.role_name = _role(props.get("RoleArn"), join(base, "Properties", "RoleArn"))
    disabled = props.get("DisableInboundStageTransitions")
    for i, entry in enumerate(disabled if isinstance(disabled, list) else []):
        name = static_string(entry.get("StageName")) if isinstance(entry, dict) else None
        if name:
            pipeline.disabled_transitions[name] = join(base, "Properties", "DisableInboundStageTransitions", i)
    stages = props.get("Stages")
    for i, stage in enumerate(stages if isinstance(stages, list) else []):
        if not isinstance(stage, dict):
            continue
        at = join(base, "Properties", "Stages", i)
        record = PipelineStage(_display(stage.get("Name"), f"stage {i + 1}"), at)
        actions = stage.get("Actions")
        for j, action in enumerate(actions if isinstance(actions, list) else []):
            if not isinstance(action, dict):
                continue
            type_id = action.get("ActionTypeId") if isinstance(action.get("ActionTypeId"), dict) else {}
            configuration = action.get("Configuration") if isinstance(action.get("Configuration"), dict) else {}
            target = target_of(configuration, static_string)
            entry = PipelineAction(
                _display(action.get("Name"), f"action {j + 1}"), join(at, "Actions", j),
                str(static_string(type_id.get("Category")) or ""), str(static_string(type_id.get("Provider")) or ""),
                target=target,
            )
            entry.role, _ = _role(action.get("RoleArn"), join(at, "Actions", j, "RoleArn"))
            if entry.provider == "CodeBuild":
                entry.command = deploy_command(_buildspec(resources, configuration.get("ProjectName")))
                if not entry.target and referenced_resource(configuration.get("ProjectName")):
                    entry.target = str(referenced_resource(configuration.get("ProjectName")))
            record.actions.append(entry)
        pipeline.stages.append(record)
    return pipeline
