"""YAML rules over agents built in Python code: the `agent-code` and `agent-code-tool` views."""

from __future__ import annotations

import textwrap
from pathlib import Path

from lint.runner import Engine
from lint.yaml_rules import load_rule_file

RULES = textwrap.dedent(
    """\
    rules:
      - id: team-no-unconfirmed-ec2-terminate
        name: Agents may not terminate instances unconfirmed
        severity: critical
        subject: agent-code-tool
        message: "{agent} may terminate EC2 instances through {tool} with nobody confirming"
        description: Tools that terminate EC2 instances must be confirmed by a person.
        rationale: Fleet changes need a second person.
        remediation: Add needs_approval=True or an interrupt.
        where:
          confirmed: {equals: false}
          action: {equals: "ec2:TerminateInstances"}
        examples:
          valid:
            - path: agent.py
              source: |
                import boto3
                from agents import Agent, function_tool

                @function_tool(needs_approval=True)
                def stop(i: str) -> str:
                    boto3.client("ec2").terminate_instances(InstanceIds=[i])
                    return "ok"

                ops = Agent(name="ops", tools=[stop])
          invalid:
            - path: agent.py
              expect: ["/agents/0/tools/0"]
              source: |
                import boto3
                from agents import Agent, function_tool

                @function_tool
                def stop(i: str) -> str:
                    boto3.client("ec2").terminate_instances(InstanceIds=[i])
                    return "ok"

                ops = Agent(name="ops", tools=[stop])
      - id: team-agents-name-no-profile
        name: Agents in code use the agent profile only
        severity: medium
        subject: agent-code
        message: "{agent} uses {matched}"
        description: Agents built in code name no AWS profile but the agent one.
        rationale: Only the `agent-readonly` profile is for agents.
        remediation: Use boto3.Session(profile_name="agent-readonly").
        where:
          identity: {exists: true}
          not: {identity: {equals: "profile:agent-readonly"}}
        examples:
          valid:
            - path: agent.py
              source: |
                import boto3
                from strands import Agent
                session = boto3.Session(profile_name="agent-readonly")
                agent = Agent(tools=[])
          invalid:
            - path: agent.py
              expect: ["/identities/0"]
              source: |
                import boto3
                from strands import Agent
                session = boto3.Session(profile_name="prod-admin")
                agent = Agent(tools=[])
    """
)


def test_views_drive_yaml_rules(tmp_path: Path):
    from lint.testing import example_cases, verify

    path = tmp_path / "rules.yaml"
    path.write_text(RULES)
    checks = load_rule_file(path)
    assert [c.id for c in checks] == ["team-no-unconfirmed-ec2-terminate", "team-agents-name-no-profile"]
    cases = list(example_cases(checks))
    assert len(cases) == 4
    for case in cases:
        assert verify(case, checks) is None, case.id


def test_tool_view_message_names_agent_and_tool(tmp_path: Path):
    path = tmp_path / "rules.yaml"
    path.write_text(RULES)
    checks = load_rule_file(path)
    source = (
        "import boto3\nfrom agents import Agent, function_tool\n\n@function_tool\ndef stop(i: str) -> str:\n"
        "    boto3.client('ec2').terminate_instances(InstanceIds=[i])\n    return 'ok'\n\nops = Agent(name='ops', tools=[stop])\n"
    )
    outcome = Engine(checks).lint_text("agent.py", source)
    assert [(f.check_id, f.location.span.start_line, f.location.span.start_col, f.message) for f in outcome.findings] == [
        ("team-no-unconfirmed-ec2-terminate", 9, 32, "`ops` may terminate EC2 instances through `stop` with nobody confirming")
    ]
