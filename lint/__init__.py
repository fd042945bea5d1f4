"""scopelint: a static permission-scope linter.

This module is the public API for check authors. Everything importable from
``lint`` directly is stable within a major version; changes are recorded in
CHANGELOG.md. See docs/custom-checks.md.
"""

import sys as _sys

if _sys.argv[:1] == ["-m"]:  # `python -m lint`: before any other import, keep the scanned folder off sys.path
    from lint._safe_path import drop_working_directory as _drop

    _drop()

from typing import Any  # noqa: E402

from lint.check import Check, Invalid, Related, Valid, Violation
from lint.model import Confidence, Finding, Location, Severity, Span
from lint.version import __version__

#: Subject types, imported on first use (they are not needed to define a check class).
_SUBJECTS = {
    "AgentConfig": "lint.subjects.agent",
    "PermissionRule": "lint.subjects.agent",
    "PolicyDocument": "lint.subjects.iam",
    "PolicyKind": "lint.subjects.iam",
    "Principal": "lint.subjects.iam",
    "PrincipalEntry": "lint.subjects.iam",
    "Statement": "lint.subjects.iam",
    "IamIdentity": "lint.subjects.identity",
    "Item": "lint.subjects.base",
    "Subject": "lint.subjects.base",
    # the repository graph (phase 2): repository checks receive a `Graph`
    "Graph": "lint.graph.model",
    "RepositoryCheck": "lint.graph.model",
    "unprompted_paths": "lint.graph.paths",
    "AgentPath": "lint.graph.paths",
    "resolve": "lint.graph.resolve",
    "Workflow": "lint.subjects.deploy.kinds",
    "Job": "lint.subjects.deploy.github",
    "Trigger": "lint.subjects.deploy.github",
    "GitlabPipeline": "lint.subjects.deploy.kinds",
    "Gate": "lint.subjects.deploy.kinds",
}


def __getattr__(name: str) -> Any:
    if name in _SUBJECTS:
        import importlib

        return getattr(importlib.import_module(_SUBJECTS[name]), name)
    raise AttributeError(f"module 'lint' has no attribute {name!r}")


__all__ = [
    "AgentConfig",
    "AgentPath",
    "Graph",
    "RepositoryCheck",
    "resolve",
    "unprompted_paths",
    "Check",
    "Confidence",
    "Finding",
    "Gate",
    "GitlabPipeline",
    "IamIdentity",
    "Invalid",
    "Item",
    "Job",
    "Location",
    "PermissionRule",
    "PolicyDocument",
    "PolicyKind",
    "Principal",
    "PrincipalEntry",
    "Related",
    "Severity",
    "Span",
    "Statement",
    "Subject",
    "Trigger",
    "Valid",
    "Violation",
    "Workflow",
    "__version__",
]
