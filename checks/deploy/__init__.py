"""Checks over deployments: the paths by which a change reaches production, and who approves them."""
