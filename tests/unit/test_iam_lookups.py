"""Memoised catalogue lookups, risk lookups by set intersection and wildcard matching without regular
expressions give the answers of the plain computations they replace."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from lint.document import Document
from lint.iam import catalog
from lint.iam.grants import PolicyGrants, grants_for, order_of
from lint.iam.patterns import action_matches, compile_pattern
from lint.iam.risks import risk_actions
from lint.model import Span
from lint.subjects.iam import PolicyDocument


class _Doc(Document):
    format = "json"

    def locate(self, pointer: str) -> Span:
        return Span.point(1, 1)


def _policy(*statements: dict) -> PolicyDocument:
    return PolicyDocument(_Doc("p.json", "", {"Version": "2012-10-17", "Statement": list(statements)}))


def test_memoised_lookups_answer_as_the_catalogue_does_for_any_spelling():
    for written in ("s3:GetObject", "S3:getobject", " s3:GetObject ", "s3:Get*", "S3:GET*", "iam:*Role*", "*", "*:*"):
        normalised = written.strip().lower() if written != "*" else "*"
        assert catalog.names(written) == catalog._names(normalised)
        assert catalog.expand(written) == catalog._expand(normalised)
        assert catalog.names(written) is catalog.names(written)  # one set per pattern, not one per call
    assert catalog.lookup("S3:GETOBJECT").full_name == "s3:GetObject"
    assert catalog.lookup("nosuchservice:Get") is None
    assert catalog.unknown_reason("s3:GetObjekt") == catalog.unknown_reason("s3:GetObjekt") != None  # noqa: E711
    assert catalog.names("*") is catalog.all_names()


def test_access_levels_are_computed_once_and_shared():
    read = catalog.lookup("s3:GetObject")
    write = catalog.lookup("s3:PutObject")
    assert read.levels == frozenset({"Read"}) and not read.changes_things
    assert write.levels == frozenset({"Write"}) and write.changes_things
    assert read.levels is catalog.lookup("s3:GetBucketPolicy").levels
    assert catalog.ActionInfo("x", "Y", "Permissions management, Write", False).levels == {"Permissions management", "Write"}


def test_order_of_keeps_first_positions_and_is_recomputed_for_lists():
    catalogue = {"b": 1, "a": 2, "c": 3}
    assert order_of(catalogue) == {"b": 0, "a": 1, "c": 2}
    assert order_of(catalogue) is order_of(catalogue)
    names = ["x", "y", "x"]
    assert order_of(names) == {"x": 0, "y": 1}
    names.insert(0, "y")
    assert order_of(names) == {"y": 0, "x": 1}


def _plain_allowed(grants: PolicyGrants, actions) -> dict:
    return {a: found for a in actions if (found := grants.grants(a))}


def test_allowed_gives_the_grants_of_the_plain_loop_in_the_catalogue_order():
    policy = _policy(
        {"Effect": "Allow", "Action": ["s3:Delete*", "ec2:TerminateInstances", "iam:DeleteRole"], "Resource": "*"},
        {"Effect": "Allow", "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::b"},
        {"Effect": "Deny", "Action": "s3:DeleteObject", "Resource": "*"},
    )
    grants = grants_for(policy)
    catalogue = risk_actions("destructive")
    allowed = grants.allowed(catalogue)
    assert allowed == _plain_allowed(grants, catalogue)
    assert list(allowed) == list(_plain_allowed(grants, catalogue))
    assert "s3:DeleteObject" not in allowed and len(allowed["s3:DeleteBucket"]) == 2
    # any iterable, in its order, repeats once
    wanted = ["iam:DeleteRole", "s3:GetObject", "ec2:TerminateInstances", "iam:DeleteRole"]
    assert list(grants.allowed(iter(wanted))) == ["iam:DeleteRole", "ec2:TerminateInstances"]
    assert grants.allowed(["s3:GetObject"]) == {}


def test_granted_names_of_everything_are_the_catalogue_itself():
    everything = _policy({"Effect": "Allow", "Action": ["*", "s3:GetObject"], "Resource": "*"})
    assert grants_for(everything).granted is catalog.all_names()
    some = _policy({"Effect": "Allow", "Action": ["s3:Get*", "s3:GetObject", "iam:PassRole"], "Resource": "*"})
    assert grants_for(some).granted == catalog.names("s3:Get*") | {"iam:PassRole"}
    denying = _policy({"Effect": "Deny", "Action": "*", "Resource": "*"})
    assert grants_for(denying).granted == frozenset()


def test_a_few_named_actions_never_build_the_whole_catalogue():
    catalog._all_names.cache_clear()
    catalog._everything.cache_clear()
    named = _policy({"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "*"})
    assert grants_for(named).allowed(risk_actions("credentials-exposure")) == {}
    assert grants_for(named).granted == {"s3:GetObject", "s3:ListBucket"}
    assert catalog._everything.cache_info().currsize == 0  # 20,000 actions not built for two names


_PIECES = st.text(alphabet="abAB:*?-é", max_size=10)


@settings(max_examples=2000, deadline=None)
@given(_PIECES, st.text(alphabet="abAB:-é", max_size=10))
def test_star_patterns_match_as_the_regular_expression_does(pattern, action):
    expected = pattern == "*" or compile_pattern(pattern).fullmatch(action) is not None
    assert action_matches(pattern, action) == expected


def test_star_patterns_on_real_names():
    assert action_matches("iam:Pass*", "iam:PassRole")
    assert action_matches("*:passrole", "iam:PassRole")
    assert action_matches("i*m:*Ro*e", "iam:PassRole")
    assert not action_matches("iam:*Role*Role", "iam:PassRole")
    assert not action_matches("iam:Pass*Rolex", "iam:PassRole")
    assert action_matches("iam:*", "IAM:anything") and not action_matches("iam*", "ia")
    assert re.fullmatch(r".*", "") and action_matches("**", "")


def test_a_policy_is_freed_when_its_file_is_done_without_the_cycle_collector():
    import gc
    import weakref

    gc.disable()
    try:
        policy = _policy(
            {"Effect": "Allow", "Action": ["s3:Delete*", "iam:PassRole"], "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}},
            {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"},
        )
        grants = grants_for(policy).allowed(risk_actions("destructive"))
        assert grants and all(g.statement.policy is policy for found in grants.values() for g in found)
        assert policy.allow_statements[0].condition_keys == {"aws:multifactorauthpresent"}
        statement = weakref.ref(policy.statements[0])
        freed = weakref.ref(policy)
        del policy, grants
        assert freed() is None and statement() is None
    finally:
        gc.enable()


def test_every_name_read_from_the_saved_index_is_every_entry_s_name(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    catalog._all_names.cache_clear()
    catalog._everything.cache_clear()
    catalog._cached_index.cache_clear()
    if catalog._cached_index() is None:  # a first run: the index is written when the entries are built
        catalog._everything()
        catalog._everything.cache_clear()
        catalog._all_names.cache_clear()
    from_index = catalog._all_names()
    assert catalog._everything.cache_info().currsize == 0  # no entry built
    catalog._all_names.cache_clear()
    assert from_index == frozenset(a.full_name for a in catalog._everything()) and len(from_index) > 15000
