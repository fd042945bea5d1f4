#!/usr/bin/env python3
"""Generate a Python tree where some modules build agents, for the agent-code benchmark.

    python bench/gen_agent_code.py DIR --files 2000 --agents 200 [--seed 1]
    python bench/bench.py DIR --runs 5

`--agents` modules import an agent framework (LangChain, OpenAI Agents, CrewAI, AutoGen,
Strands, Claude Agent SDK, ADK, LlamaIndex, smolagents, Anthropic API loops), about a third
of them dangerous; the rest are ordinary application modules (services, helpers, tests) that
import no framework and must cost no libcst parse.
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

PLAIN = '''"""Service module {n}."""
import json
import logging
import os
import subprocess
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass
class Order{n}:
    id: str
    total: float

    def to_json(self) -> str:
        return json.dumps({{"id": self.id, "total": self.total}})


def load_{n}(path: str) -> list[Order{n}]:
    with open(path) as stream:
        return [Order{n}(**row) for row in json.load(stream)]


def build_{n}() -> int:
    return subprocess.run(["make", "build"], check=False).returncode


def total_{n}(orders: list[Order{n}]) -> float:
    return sum(o.total for o in orders if o.total > 0)
'''

HELPER = '''import subprocess


def run_{n}(command):
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout
'''

AGENTS = [
    ('''from langchain_community.tools import ShellTool
from langchain_core.tools import tool
from langgraph.prebuilt import create_react_agent
from helpers_{n} import run_{n}


@tool
def diagnose(command: str) -> str:
    """Run a diagnostic."""
    return run_{n}(command)


tools = [diagnose{extra}]
agent = create_react_agent(model, tools{gate})
''', ", ShellTool()", ', interrupt_before=["tools"]'),
    ('''import boto3
from agents import Agent, function_tool


@function_tool{gate}
def terminate(instance_id: str) -> str:
    boto3.client("ec2").terminate_instances(InstanceIds=[instance_id])
    return "ok"


ops = Agent(name="ops-{n}", tools=[terminate])
''', "", "(needs_approval=True)"),
    ('''import os
from strands import Agent
from strands_tools import shell, use_aws, file_read
{extra}
agent = Agent(tools=[shell, use_aws, file_read])
''', 'os.environ["BYPASS_TOOL_CONSENT"] = "true"', ""),
    ('''import autogen
from autogen.coding import LocalCommandLineCodeExecutor, DockerCommandLineCodeExecutor

proxy = autogen.UserProxyAgent("proxy-{n}", human_input_mode="{extra}", code_execution_config={{"executor": LocalCommandLineCodeExecutor(work_dir="w")}})
''', "NEVER", "ALWAYS"),
    ('''from claude_agent_sdk import ClaudeAgentOptions

options = ClaudeAgentOptions(allowed_tools=["Read", "Grep"{extra}], permission_mode="default")
''', ', "Bash"', ""),
    ('''from smolagents import CodeAgent, WebSearchTool

agent = CodeAgent(tools=[WebSearchTool()], model=model, executor_type="{extra}")
''', "local", "docker"),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--agents", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    root: Path = args.directory
    agents = set(rng.sample(range(args.files), args.agents))
    written = 0
    for n in range(args.files):
        folder = root / f"svc{n // 50:03d}"
        folder.mkdir(parents=True, exist_ok=True)
        if n in agents:
            template, risky_extra, safe_gate = rng.choice(AGENTS)
            risky = rng.random() < 0.35
            text = template.format(n=n, extra=risky_extra if risky else ("ALWAYS" if "NEVER" in risky_extra else "docker" if risky_extra == "local" else ""),
                                   gate="" if risky else safe_gate)
            if "helpers_" in text:
                (folder / f"helpers_{n}.py").write_text(HELPER.format(n=n))
            (folder / f"agent_{n}.py").write_text(text)
        else:
            (folder / f"module_{n}.py").write_text(PLAIN.format(n=n))
        written += 1
    print(f"wrote {written} modules ({len(agents)} build agents) under {root}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
