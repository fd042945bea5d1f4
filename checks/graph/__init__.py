"""Repository checks: paths that join agents, identities, grants and gates across files."""
