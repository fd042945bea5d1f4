"""``--statistics``: how many findings each check reported, most first (ruff's flag).

Text: one ``COUNT  CHECK  SEVERITY  NAME`` row per check with findings, then a
total. JSON (``--format json``): a list of ``{check_id, name, severity,
count}`` objects in the same order. Findings accepted by a baseline or
suppressed are not counted.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from lint.check import Check
from lint.result import RunResult


def statistics(result: RunResult, checks: Sequence[type[Check]]) -> list[dict]:
    names = {c.id: c.name for c in checks}
    counts = Counter(f.check_id for f in result.findings)
    worst: dict[str, str] = {}
    for finding in sorted(result.findings, key=lambda f: f.severity):
        worst[finding.check_id] = finding.severity.label
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"check_id": i, "name": names.get(i, i), "severity": worst[i], "count": n} for i, n in rows]


def render_statistics(result: RunResult, checks: Sequence[type[Check]], *, json_output: bool = False) -> str:
    rows = statistics(result, checks)
    if json_output:
        return json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
    if not rows:
        return f"No findings ({result.files_scanned} files scanned).\n"
    count_width = max(len(str(r["count"])) for r in rows)
    id_width = max(len(r["check_id"]) for r in rows)
    lines = [f"{r['count']:>{count_width}}  {r['check_id']:<{id_width}}  {r['severity']:<8}  {r['name']}" for r in rows]
    total = sum(r["count"] for r in rows)
    lines.append(f"Found {total} finding{'s' if total != 1 else ''} from {len(rows)} check{'s' if len(rows) != 1 else ''}.")
    return "\n".join(lines) + "\n"
