"""The MCP server knowledge base is well formed."""

from __future__ import annotations

from lint.mcp_servers import known_servers


def test_every_entry_says_what_it_changes_and_how_writes_are_decided():
    entries = known_servers()
    assert len(entries) >= 20
    assert len({e.match for e in entries}) == len(entries)
    for entry in entries:
        assert entry.changes and entry.name
        assert entry.writes in ("always", "unless", "if"), entry.match
        if entry.writes == "unless":
            assert entry.read_only, entry.match
        if entry.writes == "if":
            assert entry.enable, entry.match


def test_aws_cli_style_server_writes_in_every_mode():
    """`aws-mcp-server` runs any AWS CLI command; its strict mode blocks only IAM and audit tampering."""
    from lint.mcp_servers import identify, writes
    from lint.subjects.agent import McpServer
    from lint.subjects.base import Item

    server = McpServer("aws", "/mcpServers/aws", Item("uvx", "/c"), (Item("aws-mcp-server==1.5.0", "/a/0"),),
                       env=(("AWS_MCP_SECURITY_MODE", Item("strict", "/e")),))
    known = identify(server)
    assert known is not None and known.name == "AWS MCP server (AWS CLI)" and writes(server, known)
