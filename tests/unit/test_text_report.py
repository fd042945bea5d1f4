"""Text output: one line per finding, evidence indented, nothing a scanned file can use to forge lines."""

from __future__ import annotations

from lint.model import Confidence, Finding, Location, Severity, Span, Suppression
from lint.report.text import escape, render_text, summary_line
from lint.result import RunResult

HOPS = (
    Location(".claude/settings.json", Span(3, 5, 3, 20), "/permissions/allow/0", "auto-approves `Bash(aws *)`"),
    Location("infra/ops.json", Span(4, 7, 4, 30), "/Statement/0/Action", "role `ops` may `rds:DeleteDBCluster` on `*`"),
)


def test_escape_makes_every_control_visible_on_one_line():
    assert escape("plain `text` é") == "plain `text` é"
    assert escape("a\nb\r\tc") == "a\\nb\\r\\tc"
    assert escape("\x1b[2K\x00\x7f\x9b") == "\\x1b[2K\\x00\\x7f\\x9b"
    assert escape("evil\u202etxt.json\u2028") == "evil\\u202etxt.json\\u2028"


def test_flow_hops_are_indented_under_the_finding_in_order():
    finding = Finding(
        "agent-reaches-destruction", "agent may delete the database", Severity.CRITICAL, Confidence.HIGH, HOPS[0], HOPS, "k", flow=HOPS
    )
    lines = render_text(RunResult(findings=[finding], files_scanned=2), {}).splitlines()
    assert lines[:3] == [
        ".claude/settings.json:3:5: CRITICAL agent-reaches-destruction agent may delete the database",
        "  .claude/settings.json:3:5: auto-approves `Bash(aws *)`",
        "  infra/ops.json:4:7: role `ops` may `rds:DeleteDBCluster` on `*`",
    ]
    assert len(lines) == 4  # related locations that are hops are not repeated


def test_source_frames_escape_the_line_and_keep_the_caret_under_the_span():
    location = Location("p.yaml", Span(1, 12, 1, 15), "/Action")
    finding = Finding("x-check", "m", Severity.HIGH, Confidence.HIGH, location)
    text = "Act\x1bion:   s3:*\n"
    out = render_text(RunResult(findings=[finding], files_scanned=1), {"p.yaml": text}, frames=True).splitlines()
    source, caret = out[2], out[3]
    assert "\x1b" not in source and "Act\\x1bion:" in source
    assert source.index("s3:*") == caret.index("^^^")


def test_suppression_says_where_and_why():
    where = Location("p.yaml", Span(4, 20, 4, 60))
    finding = Finding(
        "iam-service-wildcard", "m", Severity.MEDIUM, Confidence.HIGH, Location("p.yaml", Span(4, 13, 4, 18)),
        suppression=Suppression("inline", "sandbox\naccount", where),
    )
    out = render_text(RunResult(suppressed=[finding], files_scanned=1), {}, show_suppressed=True)
    assert "  = suppressed (inline at p.yaml:4:20): sandbox\\naccount" in out.splitlines()


def test_summary_counts_files_not_read_and_verbose_names_them():
    result = RunResult(files_scanned=3, skipped_files=[("big\x1b.json", "file is larger than 5 MB")], files_skipped=1)
    assert summary_line(result) == "No findings (3 files scanned; 1 unreadable file skipped; --verbose names them)."
    verbose = render_text(result, {}, verbose=True).splitlines()
    assert verbose[0] == "big\\x1b.json: skipped: file is larger than 5 MB"
