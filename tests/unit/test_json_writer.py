"""The JSON writer gives exactly ``json.dumps(value, indent=2, ensure_ascii=False) + "\\n"``, in pieces."""

from __future__ import annotations

import enum
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lint.model import Confidence, Finding, Location, Severity, Span
from lint.report.json import StreamedList, _finding, encode_chunks, write_finding


def _reference(value) -> str:
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def _written(value) -> str:
    return "".join(encode_chunks(value))


_text = st.text(st.characters(min_codepoint=0, max_codepoint=0x10FFFF, blacklist_categories=()), max_size=40)
_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from([1e100, -0.0, 0.0, 1e-7, 5e-324, 1.7976931348623157e308, 0.1])
    | _text
)
_keys = _text | st.integers(-1000, 1000) | st.floats(allow_nan=False) | st.booleans() | st.none()
_values = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=6)
    | st.lists(inner, max_size=4).map(tuple)
    | st.dictionaries(_keys, inner, max_size=6),
    max_leaves=60,
)


@settings(max_examples=600, deadline=None)
@given(_values)
def test_any_json_value_is_written_as_json_dumps_writes_it(value):
    assert _written(value) == _reference(value)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.dictionaries(_text, st.lists(_text, max_size=30), max_size=8), max_size=80))
def test_deep_and_wide_values_survive_the_streamed_levels(value):
    nested = {"a": [{"b": [{"c": [{"d": value}]}]}], "e": value}
    assert _written(nested) == _reference(nested)


def test_surrogates_control_characters_and_unicode_are_escaped_like_json():
    value = {"\ud800": "\udfff", "ctl": "\x00\x01\x1f\x7f\u2028\u2029\"\\\n\r\t\b\f", "é": "😀 中"}
    assert _written(value) == _reference(value)


def test_floats_integers_and_enums_are_written_like_json():
    class Level(enum.IntEnum):
        HIGH = 3

    value = [1e100, -0.0, math.inf, -math.inf, math.nan, 2**80, -(2**80), True, False, None, Level.HIGH, {1.5: 1, 2: 2, True: 3, None: 4}]
    assert _written(value) == _reference(value)


def test_empty_containers_and_scalars_at_the_top():
    for value in ({}, [], (), "", 0, None, 1.5, {"a": {}, "b": [], "c": [[]], "d": [{}]}):
        assert _written(value) == _reference(value)


def test_streamed_lists_are_written_as_the_lists_they_stand_for():
    items = [{"x": [1, 2]}, [], "s"]
    value = {"a": [[StreamedList(3, lambda: iter(items))]], "e": StreamedList(0, lambda: iter(()))}
    assert _written(value) == _reference({"a": [[items]], "e": []})


def test_what_json_refuses_is_refused():
    with pytest.raises(TypeError):
        _written({"a": object()})
    with pytest.raises(TypeError):
        _written({(1, 2): 1})


def test_a_large_report_comes_in_pieces_of_about_64_kb():
    value = {"findings": [{"message": "m" * 200, "data": {"actions": ["a" * 50] * 20}} for _ in range(2000)]}
    pieces = list(encode_chunks(value))
    assert len(pieces) > 10 and max(map(len, pieces)) < 80000
    assert "".join(pieces) == _reference(value)


_locations = st.builds(
    lambda path, a, b, c, d, pointer, note: Location(path, Span(a, b, c, d), pointer, note),
    _text, st.integers(1, 10**6), st.integers(1, 500), st.integers(1, 10**6), st.integers(1, 500), _text, _text,
)
_findings = st.builds(
    Finding,
    check_id=_text,
    message=_text,
    severity=st.sampled_from(list(Severity)),
    confidence=st.sampled_from(list(Confidence)),
    location=_locations,
    related=st.lists(_locations, max_size=3).map(tuple),
    fingerprint=_text,
    flow=st.lists(_locations, max_size=3).map(tuple),
    data=st.none() | st.dictionaries(_text, st.lists(_text, max_size=4) | st.integers(), max_size=3),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_findings, max_size=4))
def test_findings_written_directly_equal_their_json_value(findings):
    value = {"findings": StreamedList(len(findings), lambda: findings, write_finding)}
    assert _written(value) == _reference({"findings": [_finding(f) for f in findings]})
