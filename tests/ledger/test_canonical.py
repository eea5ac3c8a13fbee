"""Canonical JSON: the bytes every verifier hashes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from prongsai.ledger import canonical


def test_keys_sorted_compact_and_utf8():
    value = {"b": 1, "a": [True, None, "ไทย"], "ก": {"z": "x", "y": -3}}
    assert canonical.dumps(value) == '{"a":[true,null,"ไทย"],"b":1,"ก":{"y":-3,"z":"x"}}'
    assert canonical.encode(value) == canonical.dumps(value).encode("utf-8")


def test_control_characters_and_quotes_are_escaped():
    assert canonical.dumps({"k": 'a"b\\c\n\x01'}) == '{"k":"a\\"b\\\\c\\n\\u0001"}'


def test_big_integers_are_exact():
    assert canonical.dumps({"n": 2**80}) == '{"n":1208925819614629174706176}'


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ({"x": 1.5}, "$.x"),
        ({"x": [1, float("nan")]}, "$.x[1]"),
        ({1: "a"}, "1"),
        ({"x": {1, 2}}, "set"),
        ({"x": "\ud800"}, "$.x"),
    ],
)
def test_values_that_are_not_canonical_json_are_refused_with_where(value, needle):
    with pytest.raises(canonical.CanonicalJSONError) as excinfo:
        canonical.dumps(value)
    message = str(excinfo.value)
    assert needle in message
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in message)  # Thai first


def test_loads_refuses_floats():
    assert canonical.loads('{"a":1}') == {"a": 1}
    with pytest.raises(canonical.CanonicalJSONError):
        canonical.loads('{"a":1.0}')
    with pytest.raises(canonical.CanonicalJSONError):
        canonical.loads('{"a":NaN}')


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20,
)


@given(json_values)
def test_round_trip_is_stable(value):
    text = canonical.dumps(value)
    assert canonical.dumps(canonical.loads(text)) == text
