"""Reporters: render a RunResult as text, JSON or SARIF."""
