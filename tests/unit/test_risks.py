"""The risk catalogues are data: every name in them must be a real action, every method well-formed."""

from __future__ import annotations

import pytest

from lint.iam import catalog, risks


def test_every_listed_action_exists_in_the_catalogue():
    for name in risks.RISK_CLASSES:
        for pattern, why in risks.risk_class_patterns(name):
            assert catalog.expand(pattern), f"{name}: {pattern} names no action"
            assert why.strip(), f"{name}: {pattern} has no rationale"


@pytest.mark.parametrize("name", risks.RISK_CLASSES)
def test_each_class_expands_to_canonical_names(name):
    actions = risks.risk_actions(name)
    assert actions
    for action in actions:
        assert catalog.canonical(action) == action


def test_risk_class_of_an_action_ignores_case():
    assert risks.risk_class("RDS:deletedbcluster") == ("destructive",)
    assert risks.risk_class("s3:ListBucket") == ()
    assert "resource-exposure" in risks.risk_class("s3:PutBucketPolicy")


def test_unknown_class_is_an_error_naming_the_known_ones():
    with pytest.raises(KeyError, match="destructive"):
        risks.risk_actions("mischief")


def test_escalation_methods_cover_the_established_catalogues():
    methods = risks.privilege_escalation_methods()
    assert len(methods) >= 60
    ids = [m.id for m in methods]
    assert len(ids) == len(set(ids))
    assert {"CreateNewPolicyVersion", "PassExistingRoleToNewLambdaThenInvoke", "UpdateRolePolicyToAssumeIt"} <= set(ids)
    assert {m.source for m in methods} == {"rhino", "pathfinding", "scopelint"}


def test_escalation_methods_name_real_actions_and_pass_roles_consistently():
    for method in risks.privilege_escalation_methods():
        assert method.actions and method.description and method.reference
        for action in method.actions:
            assert catalog.lookup(action) is not None and catalog.canonical(action) == action, (method.id, action)
        assert method.passes_role == ("iam:PassRole" in method.actions), method.id
