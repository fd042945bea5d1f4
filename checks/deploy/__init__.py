"""Deployment-gate checks."""
