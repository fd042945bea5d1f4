"""Checks about the input itself: unreadable documents, suppressions."""
