"""ACME's custom scopelint checks."""
