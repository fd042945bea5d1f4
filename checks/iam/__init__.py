"""Checks over IAM policy documents."""
