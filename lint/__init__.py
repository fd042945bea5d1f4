"""scopelint: a static permission-scope linter.

This module is the public API for check authors. Everything importable from
``lint`` directly is stable within a major version; changes are recorded in
CHANGELOG.md.
"""

from lint.check import Check, Invalid, Related, Valid, Violation
from lint.model import Confidence, Finding, Location, Severity, Span
from lint.version import __version__

__all__ = [
    "Check",
    "Confidence",
    "Finding",
    "Invalid",
    "Location",
    "Related",
    "Severity",
    "Span",
    "Valid",
    "Violation",
    "__version__",
]
