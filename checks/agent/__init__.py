"""Checks over AI-agent configurations."""
