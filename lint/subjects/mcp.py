"""MCP client configuration files: the servers an agent may start or call, and which tools run unprompted.

One shape with product variants: `{"mcpServers": {NAME: {command, args, env, url, headers,
disabled, autoApprove | alwaysAllow}}}` (Claude Code `.mcp.json`, Claude Desktop, Cursor, Kiro,
Amazon Q, Roo, Cline, Windsurf, Continue), and VS Code's `{"servers": {...}}`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lint.document import Document, join
from lint.subjects.agent import AgentConfig, AgentConfigData, McpServer
from lint.subjects.base import Extractor, Item, Problem, Subject, type_name
from lint.subjects import recognizers
from lint.subjects.recognizers import mcp_product_of as product_of


class McpClientExtractor(recognizers.McpClient, Extractor):
    """MCP client configurations at their known locations."""

    def extract(self, document: Document) -> Iterator[Subject | Problem]:
        data = document.data
        product = product_of(document.path) or "mcp"
        if not isinstance(data, dict):
            yield Problem(f"an MCP client configuration must be an object, not {type_name(data)}", "")
            return
        key = "servers" if "servers" in data and "mcpServers" not in data else "mcpServers"
        servers = data.get(key)
        config = AgentConfigData(product=product, name=document.path)
        if servers is None and product == "continue" and ("command" in data or "url" in data):
            # Continue: one server per file
            config.mcp_servers.append(_server(str(data.get("name") or document.path), data, ""))
        elif isinstance(servers, dict):
            for name, body in servers.items():
                pointer = join(f"/{key}", name)
                if isinstance(body, dict):
                    config.mcp_servers.append(_server(name, body, pointer))
                else:
                    yield Problem(f"MCP server `{name}` must be an object, not {type_name(body)}", pointer)
        elif isinstance(servers, list):  # Continue's `mcpServers: [{name, command, ...}]`
            for i, body in enumerate(servers):
                if isinstance(body, dict):
                    config.mcp_servers.append(_server(str(body.get("name", i)), body, join(f"/{key}", i)))
        elif servers is not None:
            yield Problem(f"`{key}` must be an object of servers, not {type_name(servers)}", f"/{key}")
        yield AgentConfig(document, config)


def _server(name: str, body: dict[str, Any], pointer: str) -> McpServer:
    def strings(key: str) -> tuple[Item[str], ...]:
        values = body.get(key)
        if not isinstance(values, list):
            return ()
        return tuple(Item(v, join(pointer, key, i)) for i, v in enumerate(values) if isinstance(v, str))

    def mapping(key: str) -> tuple[tuple[str, Item[Any]], ...]:
        values = body.get(key)
        if not isinstance(values, dict):
            return ()
        return tuple((k, Item(v, join(pointer, key, k))) for k, v in values.items())

    command = body.get("command")
    url = body.get("url", body.get("serverUrl"))
    url_key = "url" if "url" in body else "serverUrl"
    approve_key = "autoApprove" if "autoApprove" in body else "alwaysAllow"
    return McpServer(
        name=name,
        pointer=pointer,
        command=Item(command, join(pointer, "command")) if isinstance(command, str) else None,
        args=strings("args"),
        env=mapping("env"),
        headers=mapping("headers"),
        url=Item(url, join(pointer, url_key)) if isinstance(url, str) else None,
        auto_approve=strings(approve_key),
        disabled=body.get("disabled") is True,
    )
