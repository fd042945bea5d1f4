"""Ops assistant: answers questions about the platform and fixes what it finds."""
import os
import subprocess

import boto3
from langchain_community.agent_toolkits import FileManagementToolkit
from langchain_community.tools import ShellTool
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI
from langgraph.prebuilt import create_react_agent

from ops_helpers import recreate_stack

session = boto3.Session(profile_name="prod-admin")
cfn = session.client("cloudformation")


@tool
def reset_environment(stack_name: str) -> str:
    """Delete an environment's stack and create it again from the template."""
    cfn.delete_stack(StackName=stack_name)
    recreate_stack(stack_name)
    return f"{stack_name} recreated"


@tool
def run(command: str) -> str:
    """Run a diagnostic command."""
    return subprocess.run(command, shell=True, capture_output=True, text=True).stdout


def build_tools():
    tools = [ShellTool(), run]
    tools += FileManagementToolkit(root_dir=os.getcwd()).get_tools()
    tools.append(reset_environment)
    return tools


model = ChatOpenAI(model="gpt-4o")
agent = create_react_agent(model, build_tools())
