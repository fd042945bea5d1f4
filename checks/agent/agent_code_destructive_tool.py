from __future__ import annotations

from collections.abc import Iterator

from lint import Check, Confidence, Invalid, Related, Severity, Valid, Violation
from lint.messages import brief, first_fitting
from lint.subjects.agent_code import AgentCode
from lint.subjects.agent_code.model import effect_related, identity_words


class AgentCodeDestructiveTool(Check):
    """An agent is handed a tool that deletes cloud resources or files, and nobody confirms each call.

    ## What it does
    Follows each tool an agent built in Python is given into its body, and
    into the functions it calls in this module or another module of the
    repository, and reports tools that call destructive or
    privilege-escalating cloud APIs (boto3 methods mapped to IAM actions:
    `terminate_instances` → `ec2:TerminateInstances`, `delete_db_cluster`,
    `attach_role_policy`, any `delete_*`), run destructive commands
    (`terraform destroy`, `kubectl delete`), delete or write files, or run
    SQL the model writes, when no person confirms the call. Built-in tools
    count too: LangChain `DeleteFileTool` and `FileManagementToolkit`,
    Strands `use_aws` and `file_write` with the consent prompt bypassed,
    Claude `allowed_tools=["Write"]`.

    ## Why is this bad?
    The model chooses when to call the tool and, usually, its arguments. A
    tool that deletes a stack "to recreate it cleanly" runs with the
    credentials of the process and nobody in the loop; that is how a
    production environment goes down for hours.

    ## Example
    ```python
    @tool
    def reset_environment(stack: str) -> str:
        boto3.client("cloudformation").delete_stack(StackName=stack)
        return "deleted"

    agent = create_react_agent(model, [reset_environment])
    ```

    ## Remediation
    Make the tool ask a person (`interrupt()` answered by a reviewer,
    `needs_approval=True`, `HumanInTheLoopMiddleware`), narrow it to the
    resources it is for, and run the agent with an identity that cannot
    delete production resources.

    ## References
    - https://langchain-ai.github.io/langgraph/concepts/human_in_the_loop/
    - https://openai.github.io/openai-agents-python/tools/
    """

    id = "agent-code-destructive-tool"
    name = "Agent tool destroys resources unconfirmed"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    subject = AgentCode
    tags = ("agent", "agent-code", "destructive")
    cwe = (862,)
    example_path = "agent.py"

    valid = [
        Valid(
            "import boto3\nfrom langchain_core.tools import tool\nfrom langgraph.prebuilt import create_react_agent\n\n"
            "@tool\ndef describe(stack: str) -> str:\n    '''Describe a stack.'''\n"
            "    return str(boto3.client('cloudformation').describe_stacks(StackName=stack))\n\n"
            "agent = create_react_agent(model, [describe])\n",
            note="read-only",
        ),
        Valid(
            "import boto3\nfrom agents import Agent, function_tool\n\n"
            "@function_tool(needs_approval=True)\ndef delete_stack(stack: str) -> str:\n"
            "    boto3.client('cloudformation').delete_stack(StackName=stack)\n    return 'deleted'\n\n"
            "ops = Agent(name='ops', tools=[delete_stack])\n",
        ),
        Valid(
            "from langchain_community.agent_toolkits import FileManagementToolkit\nfrom langgraph.prebuilt import create_react_agent\n\n"
            "tools = FileManagementToolkit(root_dir='/srv/docs', selected_tools=['read_file', 'list_directory']).get_tools()\n"
            "agent = create_react_agent(model, tools)\n",
        ),
    ]
    invalid = [
        Invalid(
            "import boto3\nfrom langchain_core.tools import tool\nfrom langgraph.prebuilt import create_react_agent\n\n"
            "cfn = boto3.client('cloudformation')\n\n"
            "@tool\ndef reset_environment(stack: str) -> str:\n    '''Delete and recreate an environment.'''\n"
            "    cfn.delete_stack(StackName=stack)\n    return 'deleted'\n\n"
            "agent = create_react_agent(model, [reset_environment])\n",
            expect=["/agents/0/tools/0"],
            messages=["`cloudformation:DeleteStack`", "custom tool `reset_environment`"],
        ),
        Invalid(
            "from langchain_community.agent_toolkits import FileManagementToolkit\nfrom langgraph.prebuilt import create_react_agent\n\n"
            "tools = FileManagementToolkit(root_dir='/srv').get_tools()\n"
            "agent = create_react_agent(model, tools)\n",
            expect=["/agents/0/tools/0"],
            severity=Severity.MEDIUM,
        ),
    ]

    def check(self, code: AgentCode) -> Iterator[Violation]:
        for agent in code.agents:
            identities = agent.all_identities()
            for capability in agent.capabilities:
                if capability.reach not in ("cloud", "files", "data") or capability.gate is not None:
                    continue
                if capability.kind == "custom-tool":
                    actions = sorted({a for e in capability.effects for a in e.actions})
                    shown = f" ({', '.join(f'`{a}`' for a in actions[:2])}{f' and {len(actions) - 2} more' if len(actions) > 2 else ''})" if actions else ""
                    message = (f"{agent.label} gets custom tool `{capability.name}`{shown}, unconfirmed" if actions
                               else f"{agent.label} gets custom tool `{capability.name}`, which {_verb(capability)}, unconfirmed")
                    grave = [e for e in capability.effects if e.kind in ("cloud-escalation", "cloud-destructive", "delete-files", "write-files")]
                    if not actions and grave:
                        message = f"{agent.label} gets custom tool `{capability.name}`: {grave[0].detail}, unconfirmed"
                else:
                    message = f"{agent.label} gets `{capability.name}`, which {capability.what}, unconfirmed"
                related = list(effect_related(capability))
                acting = ""
                severity = {"cloud": None, "files": Severity.MEDIUM, "data": Severity.MEDIUM}[capability.reach]
                if capability.reach == "cloud" and identities:
                    acting = identity_words(identities)
                    related.append(Related(identities[0].pointer, identities[0].detail))
                    if any(i.kind in ("any-profile", "static-keys") for i in identities) or any(e.kind == "cloud-escalation" for e in capability.effects):
                        severity = Severity.CRITICAL
                message = first_fitting(message + acting, brief(message) + acting, brief(message))
                yield Violation(capability.pointer, message, related=tuple(related), severity=severity,
                                data={"actions": actions} if capability.kind == "custom-tool" and actions else None)


def _verb(capability) -> str:
    kinds = {e.kind for e in capability.effects}
    if "cloud-escalation" in kinds:
        return "can raise cloud privileges"
    if "cloud-destructive" in kinds:
        return "deletes or stops cloud resources"
    if "delete-files" in kinds:
        return "deletes files"
    if "write-files" in kinds:
        return "writes files"
    return capability.what
