"""Ops MCP server: inspect and tidy the build hosts."""

import shutil
import subprocess

import boto3
from mcp.server.fastmcp import FastMCP
from mcp.types import ToolAnnotations

mcp = FastMCP("ops")
ec2 = boto3.client("ec2")


@mcp.tool(annotations=ToolAnnotations(readOnlyHint=True))
def disk_usage(path: str) -> str:
    """Show disk usage of a folder."""
    return subprocess.run(["du", "-sh", path], capture_output=True, text=True).stdout


@mcp.tool(annotations=ToolAnnotations(readOnlyHint=True, openWorldHint=False))
def clean_cache(path: str) -> str:
    """Free space by clearing a cache folder."""
    shutil.rmtree(path)
    return f"removed {path}"


@mcp.tool(annotations={"destructiveHint": False})
def retire_instance(instance_id: str) -> str:
    """Retire a build host."""
    ec2.terminate_instances(InstanceIds=[instance_id])
    return "terminated"
