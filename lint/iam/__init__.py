"""IAM knowledge: wildcard semantics, the action catalogue, risk classes."""
