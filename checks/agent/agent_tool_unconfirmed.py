from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.messages import brief, first_fitting
from lint.subjects.manifests import ToolManifest

PRODUCTS = {
    "bedrock-agent": "Bedrock agent",
    "bedrock-agent-schema": "Bedrock action-group schema",
    "gpt-action": "GPT action",
}


class ToolUnconfirmed(Check):
    """An agent tool that changes or deletes things runs with no person's confirmation.

    ## What it does
    Reads the tools an agent is given and the confirmation each one asks for:
    Amazon Bedrock action-group functions (`RequireConfirmation` in CloudFormation,
    `require_confirmation` in Terraform) and OpenAPI operations (`x-requireConfirmation`
    for Bedrock, `x-openai-isConsequential` for GPT Actions). A function whose name says it
    deletes or writes (`DeleteCustomerRecord`, `update_order`), or an operation whose HTTP
    method changes state, that runs unconfirmed is reported: high when it destroys, medium
    when its name says it writes, low when only its HTTP method (a POST named for nothing in
    particular) says it changes state or a GET is named for writing. Bedrock asks no one when the setting is absent, so an absent setting is
    reported like `DISABLED`; GPT Actions treat every method but GET as consequential when
    the flag is absent, so only an explicit `false` is reported. A schema the file does not
    contain (in S3, a variable) is reported as low: it could not be judged. When the template
    also grants the executor Lambda's role destructive actions (`dynamodb:DeleteTable`), the
    finding is one level higher (critical for a destructive function) and names them, and a
    function whose name says nothing (`task_tracking`) is reported as medium; across files, the
    repository graph joins the agent to the role.

    ## Why is this bad?
    The model decides when to call the tool, from whatever text reaches it: a user's
    request, a document it retrieved, a tool result carrying injected instructions.
    Confirmation is the one point where a person sees "delete customer 4711" before it
    happens. Without it, a prompt injection or a misunderstanding deletes production data
    with the executor's full permissions.

    ## Example
    ```yaml
    FunctionSchema:
      Functions:
        - Name: DeleteCustomerRecord
          RequireConfirmation: DISABLED
    ```

    ## Remediation
    Set `RequireConfirmation: ENABLED` (Terraform `require_confirmation = "ENABLED"`,
    OpenAPI `x-requireConfirmation: ENABLED`) on every function that writes or deletes, or
    leave GPT Actions' `x-openai-isConsequential` at its default (`true` for non-GET). Keep
    unconfirmed only the functions that read.

    ## References
    - https://docs.aws.amazon.com/bedrock/latest/userguide/agents-userconfirmation.html
    - https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-bedrock-agent-function.html
    - https://docs.aws.amazon.com/bedrock/latest/userguide/agents-api-schema.html
    - https://platform.openai.com/docs/actions/production
    """

    id = "agent-tool-unconfirmed"
    name = "Destructive or state-changing agent tool runs without confirmation"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = ToolManifest
    tags = ("agent", "human-in-the-loop")
    cwe = (862,)
    example_path = "template.yaml"

    valid = [
        Valid(
            "Resources:\n  Agent:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      AgentName: support\n"
            "      ActionGroups:\n        - ActionGroupName: customers\n          ActionGroupExecutor: {Lambda: arn:aws:lambda:us-east-1:123456789012:function:customers}\n"
            "          FunctionSchema:\n            Functions:\n              - Name: GetCustomer\n              - Name: DeleteCustomerRecord\n"
            "                RequireConfirmation: ENABLED\n",
            note="reads unconfirmed, deletes only with confirmation",
        ),
        Valid(
            '{"openapi": "3.1.0", "info": {"title": "Orders"}, "paths": {"/orders/{id}": {'
            '"get": {"operationId": "getOrder", "x-openai-isConsequential": false}, '
            '"delete": {"operationId": "cancelOrder"}}}}',
            path="actions/openapi.json",
            note="DELETE left at GPT's default: consequential",
        ),
    ]
    invalid = [
        Invalid(
            "Resources:\n  Agent:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      AgentName: support\n"
            "      ActionGroups:\n        - ActionGroupName: customers\n          ActionGroupExecutor: {Lambda: arn:aws:lambda:us-east-1:123456789012:function:customers}\n"
            "          FunctionSchema:\n            Functions:\n              - Name: DeleteCustomerRecord\n"
            "                RequireConfirmation: DISABLED\n              - Name: UpdateCustomerEmail\n",
            expect=[
                "/Resources/Agent/Properties/ActionGroups/0/FunctionSchema/Functions/0/RequireConfirmation",
                "/Resources/Agent/Properties/ActionGroups/0/FunctionSchema/Functions/1/Name",
            ],
            messages=["`DeleteCustomerRecord`", "runs in Lambda `customers`", "no `RequireConfirmation`"],
        ),
        Invalid(
            '{"openapi": "3.1.0", "info": {"title": "Orders"}, "paths": {"/orders/{id}": {'
            '"delete": {"operationId": "deleteOrder", "x-openai-isConsequential": false}}}}',
            path="actions/openapi.json",
            expect=["/paths/~1orders~1{id}/delete/x-openai-isConsequential"],
            messages=["GPT action `Orders`: operation `DELETE /orders/{id}`"],
            severity=Severity.HIGH,
        ),
        Invalid(
            "Resources:\n  FnRole:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyName: data\n"
            "          PolicyDocument:\n            Statement:\n              - {Effect: Allow, Action: [rds:DeleteDBCluster], Resource: '*'}\n"
            "  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {FunctionName: db-admin, Role: !GetAtt FnRole.Arn}\n"
            "  Agent:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      AgentName: dba\n      ActionGroups:\n"
            "        - ActionGroupName: db\n          ActionGroupExecutor: {Lambda: !GetAtt Fn.Arn}\n"
            "          FunctionSchema:\n            Functions:\n              - Name: drop_cluster\n",
            expect=["/Resources/Agent/Properties/ActionGroups/0/FunctionSchema/Functions/0/Name"],
            messages=["with no `RequireConfirmation`; its role `FnRole` may `rds:DeleteDBCluster`"],
            severity=Severity.CRITICAL,
        ),
        Invalid(
            "Resources:\n  FnRole:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyName: data\n"
            "          PolicyDocument:\n            Statement:\n              - {Effect: Allow, Action: ['dynamodb:*'], Resource: '*'}\n"
            "  Fn:\n    Type: AWS::Lambda::Function\n    Properties: {FunctionName: tasks, Role: !GetAtt FnRole.Arn}\n"
            "  Agent:\n    Type: AWS::Bedrock::Agent\n    Properties:\n      AgentName: tasks\n      ActionGroups:\n"
            "        - ActionGroupName: tasks\n          ActionGroupExecutor: {Lambda: !GetAtt Fn.Arn}\n"
            "          FunctionSchema:\n            Functions:\n              - Name: task_tracking\n              - Name: get_task\n",
            expect=["/Resources/Agent/Properties/ActionGroups/0/FunctionSchema/Functions/0/Name"],
            messages=["`task_tracking` has no `RequireConfirmation` and its role", "`dynamodb:DeleteBackup`"],
            severity=Severity.MEDIUM,
            note="a read-named function is not reported; one named for nothing is, by its executor's grants",
        ),
        Invalid(
            '{"openapi": "3.1.0", "info": {"title": "Analytics"}, "paths": {"/track": {'
            '"post": {"operationId": "trackConversation", "x-openai-isConsequential": false}}}}',
            path="actions/openapi.json",
            expect=["/paths/~1track/post/x-openai-isConsequential"],
            note="only the method says it changes state",
            severity=Severity.LOW,
        ),
        Invalid(
            'resource "aws_bedrockagent_agent_action_group" "ops" {\n  action_group_name = "ops"\n  agent_id = "AGENT1"\n'
            '  agent_version = "DRAFT"\n  action_group_executor {\n    lambda = "arn:aws:lambda:us-east-1:123456789012:function:ops"\n  }\n'
            '  function_schema {\n    member_functions {\n      functions {\n        name = "restart_service"\n      }\n    }\n  }\n'
            '  api_schema {\n    s3 {\n      s3_bucket_name = "schemas"\n      s3_object_key = "ops.yaml"\n    }\n  }\n}\n',
            path="agent.tf",
            expect=[
                "/resource/aws_bedrockagent_agent_action_group/ops/function_schema/0/member_functions/0/functions/0/name",
                "/resource/aws_bedrockagent_agent_action_group/ops/api_schema/0",
            ],
            messages=["`restart_service`", "could not be judged"],
        ),
    ]

    def check(self, manifest: ToolManifest) -> Iterator[Violation]:
        product = PRODUCTS.get(manifest.product, manifest.product)
        for tool in manifest.unconfirmed:
            effect, why = tool.declared_effect
            if tool.confirmation is not None:
                at, setting = tool.confirmation.pointer, f"`{tool.confirmation_key}: {_shown(tool.confirmation.value)}`"
            else:
                at, setting = tool.pointer, f"no `{tool.confirmation_key}`"
            verb = {"destructive": "deletes", "writes": "changes state"}.get(effect)
            does = f"{tool.label} {verb} ({why}) with {setting}" if verb else f"{tool.label} has {setting}"
            # without the reason when the line is long: the tool's name or HTTP method in its label says it
            terse = f"{tool.label} {verb} with {setting}" if verb else does
            tersest = f"{tool.label} {verb}, unconfirmed" if verb else f"{tool.label} is unconfirmed"
            where = f"; runs in {tool.executor}" if tool.executor else ""
            related = ()
            if tool.executor_pointer:
                related = (Related(tool.executor_pointer, f"runs in {tool.executor}", document=manifest.document if tool.document else None),)
            severity = _severity(effect, why)
            if tool.executor_grants:
                shown = _named(tool.executor_grants, 1)
                where = f"{' and' if not verb else ';'} its role `{tool.executor_role}` may {shown}"
                related += (Related(tool.executor_grant_pointer, f"role `{tool.executor_role}` may {_named(tool.executor_grants, 3)}",
                                    document=manifest.document if tool.document else None),)
                severity = Severity(min(severity + 1, Severity.CRITICAL)) if effect != "unknown" else Severity.MEDIUM
            yield Violation(
                at,
                first_fitting(f"{product} `{manifest.name}`: {_kind(tool)} {does}{where}",
                              f"{product} `{manifest.name}`: {_kind(tool)} {terse}{where}",
                              f"{product} `{manifest.name}`: {_kind(tool)} {tersest}{where}",
                              f"{product} `{manifest.name}`: {_kind(tool)} {terse}"),
                related=related,
                key=tool.confirmation is None and tool.kind == "operation",
                severity=severity,
                document=tool.document,
                data={"actions": list(tool.executor_grants)} if tool.executor_grants else None,
            )
        for pointer, why in manifest.unjudged:
            yield Violation(pointer, f"{product} `{manifest.name}`: {why}", severity=Severity.LOW, confidence=Confidence.LOW)


def _severity(effect: str, why: str) -> Severity:
    """Destroys: high. Writes by its name: medium. Only its HTTP method says it changes state
    (a POST whose name says nothing, like `trackConversation`), or the name and a safe method
    disagree (`GET /schedule_meeting`): low."""
    if effect == "destructive":
        return Severity.HIGH
    if (why.startswith("HTTP ") and "name says" not in why) or ", though HTTP" in why:
        return Severity.LOW
    return Severity.MEDIUM


def _kind(tool) -> str:
    return {"function": "function", "operation": "operation"}.get(tool.kind, "tool")


def _shown(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _named(actions, limit: int) -> str:
    """``"`a` and 4 more"``: the first actions named, the rest counted."""
    shown = ", ".join(f"`{a}`" for a in actions[:limit])
    return f"{shown} and {len(actions) - limit} more" if len(actions) > limit else shown
