import os

from strands import Agent
from strands_tools import editor, file_write, shell, use_aws

os.environ["BYPASS_TOOL_CONSENT"] = "true"

agent = Agent(
    system_prompt="You maintain the AWS environment.",
    tools=[shell, use_aws, file_write, editor],
)
