from claude_agent_sdk import ClaudeAgentOptions, PermissionResultAllow, PermissionResultDeny


async def ask_operator(tool_name, tool_input, context):
    print(f"{tool_name}: {tool_input}")
    if input("Allow? [y/N] ").strip().lower() == "y":
        return PermissionResultAllow()
    return PermissionResultDeny(message="The operator said no")


options = ClaudeAgentOptions(
    allowed_tools=["Read", "Grep", "Glob", "Bash(npm test)"],
    permission_mode="default",
    can_use_tool=ask_operator,
)
