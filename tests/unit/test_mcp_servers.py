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
