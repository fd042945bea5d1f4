"""GitLab Code Quality report: the JSON array GitLab shows in merge requests.

Each finding is an object with ``description`` (the message's first line,
the rest of the message follows in ``content.body``), ``check_name`` (the
check id), ``fingerprint`` (scopelint's logical fingerprint, stable when
lines move, so GitLab tells new findings from old ones), ``severity`` and
``location`` (``path`` relative to the working directory, which in a GitLab
job is the repository checkout, and ``lines.begin``). Severities map one to
one: info -> info, low -> minor, medium -> major, high -> critical,
critical -> blocker. Publish it with ``artifacts: reports: codequality``.
"""

from __future__ import annotations

import json
from typing import Any

from lint.model import Finding, Severity
from lint.report.formats import first_line
from lint.result import RunResult

SEVERITY = {
    Severity.INFO: "info",
    Severity.LOW: "minor",
    Severity.MEDIUM: "major",
    Severity.HIGH: "critical",
    Severity.CRITICAL: "blocker",
}


def render_gitlab(result: RunResult) -> str:
    issues = [_issue(f) for f in result.findings]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"


def _issue(finding: Finding) -> dict[str, Any]:
    span = finding.location.span
    issue: dict[str, Any] = {
        "type": "issue",
        "description": first_line(finding.message, 255),
        "check_name": finding.check_id,
        "fingerprint": finding.fingerprint,
        "severity": SEVERITY[finding.severity],
        "categories": ["Security"],
        "location": {
            "path": finding.location.path,
            "lines": {"begin": span.start_line, "end": span.end_line},
        },
    }
    body = [finding.message] + [
        f"{r.path}:{r.span.start_line}:{r.span.start_col}: {r.note}" for r in finding.related
    ]
    issue["content"] = {"body": "\n\n".join(body)}
    return issue
