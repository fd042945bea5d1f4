"""The IAM checks against real AWS managed policies (a representative sample shipped as fixtures)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from lint.config import Config
from lint.registry import load_checks
from lint.runner import Engine
from tests.conftest import FIXTURES

SAMPLE = FIXTURES / "aws-managed"
RISK_CHECKS = {
    "iam-destructive-action",
    "iam-privilege-escalation",
    "iam-resource-exposure",
    "iam-defense-evasion",
    "iam-credentials-exposure",
    "iam-permissions-boundary-removal",
}


@pytest.fixture(scope="module")
def findings() -> dict[str, set[str]]:
    result, _ = Engine(load_checks(), Config(root=SAMPLE)).run_paths([SAMPLE], cwd=SAMPLE)
    assert not result.errors, result.errors
    by_policy: dict[str, set[str]] = defaultdict(set)
    for finding in result.findings:
        by_policy[Path(finding.location.path).stem].add(finding.check_id)
    by_policy["_unknown"] = {
        f.message for f in result.findings if f.check_id == "iam-unknown-action" and "the action catalogue has no actions" not in f.message
    }
    return by_policy


def test_no_real_action_is_unknown(findings):
    assert findings["_unknown"] == set()


@pytest.mark.parametrize("policy", ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess"])
def test_administrator_grade_policies_are_flagged(findings, policy):
    assert findings[policy] & {"iam-admin-wildcard", "iam-allow-not-action", "iam-privilege-escalation"}, findings[policy]


def test_administrator_access_is_one_finding_not_every_risk_inside_it(findings):
    assert findings["AdministratorAccess"] == {"iam-admin-wildcard"}


def test_power_user_risks_are_reported_through_not_action(findings):
    assert {"iam-destructive-action", "iam-defense-evasion", "iam-data-exfiltration"} <= findings["PowerUserAccess"]


def test_power_user_is_not_reported_as_admin_wildcard(findings):
    assert "iam-admin-wildcard" not in findings["PowerUserAccess"]
    assert "iam-allow-not-action" in findings["PowerUserAccess"]


@pytest.mark.parametrize("policy", ["ReadOnlyAccess", "ViewOnlyAccess", "SecurityAudit", "AmazonS3ReadOnlyAccess", "AmazonVPCReadOnlyAccess"])
def test_read_only_policies_have_no_destructive_escalation_or_exposure_finding(findings, policy):
    assert not findings[policy] & (RISK_CHECKS - {"iam-credentials-exposure"}), findings[policy]


def test_read_only_access_still_returns_credentials(findings):
    # `ec2:GetPasswordData`, `cognito-identity:GetCredentialsForIdentity`: "read" that hands out secrets
    assert "iam-credentials-exposure" in findings["ReadOnlyAccess"]
    assert "iam-credentials-exposure" not in findings["ViewOnlyAccess"]


def test_full_access_policies_are_destructive(findings):
    for policy in ("AmazonS3FullAccess", "AmazonRDSFullAccess", "AmazonDynamoDBFullAccess", "AmazonEC2FullAccess"):
        assert "iam-destructive-action" in findings[policy], policy
