"""Findings cross process boundaries as compact pickles and come back equal, sharing repeated strings."""

from __future__ import annotations

import copy
import dataclasses
import pickle

import pytest

from lint.model import Confidence, Finding, Location, Severity, Span, Suppression


def _finding(n: int) -> Finding:
    path = "services/" + "api" + "/policy.json"
    return Finding(
        "iam-" + "destructive-action",
        "allows 1 destructive action: " + "`s3:DeleteBucket`",
        Severity.HIGH,
        Confidence.MEDIUM,
        Location(path, Span(3, 5, 3, 20 + n), "/Statement/0/Action", ""),
        related=(Location(path, Span.point(1, 1), "/Statement", "the statement"),),
        fingerprint=f"{n:032x}",
        suppression=Suppression("inline", "reviewed", Location(path, Span(2, 1, 2, 30))),
        flow=(Location("agent/settings.json", Span(1, 2, 3, 4), "/permissions", "hop"),),
        data={"actions": ["s3:" + "DeleteBucket"], "count": 1},
    )


@pytest.mark.parametrize("protocol", range(2, pickle.HIGHEST_PROTOCOL + 1))
def test_a_finding_survives_a_pickle_with_every_field(protocol):
    finding = _finding(0)
    again = pickle.loads(pickle.dumps(finding, protocol=protocol))
    assert again == finding
    for field in dataclasses.fields(Finding):  # compare=False fields too
        assert getattr(again, field.name) == getattr(finding, field.name), field.name
    assert again.severity is Severity.HIGH and again.confidence is Confidence.MEDIUM
    assert again.sort_key == finding.sort_key and hash(again) == hash(finding)


def test_findings_from_a_pickle_share_their_repeated_strings_and_spans():
    findings = [pickle.loads(pickle.dumps(_finding(n % 2))) for n in range(4)]
    first, third = findings[0], findings[2]
    assert first.message is third.message and first.check_id is third.check_id
    assert first.location.path is third.location.path and first.location.pointer is third.location.pointer
    assert first.data["actions"][0] is third.data["actions"][0]
    assert first.location.span is third.location.span
    assert first.data is third.data  # equal data, one dict
    assert pickle.loads(pickle.dumps(_finding(0))).data == {"actions": ["s3:DeleteBucket"], "count": 1}


def test_slotted_model_objects_still_copy_replace_and_compare():
    finding = _finding(1)
    assert copy.deepcopy(finding) == finding and copy.copy(finding) == finding
    assert dataclasses.replace(finding, fingerprint="x").fingerprint == "x"
    assert Span(1, 2, 3, 4) < Span(1, 3, 1, 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.location.path = "elsewhere"  # type: ignore[misc]
    assert not hasattr(finding, "__dict__") and not hasattr(finding.location.span, "__dict__")
