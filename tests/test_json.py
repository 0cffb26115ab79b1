"""The JSON decoder: with msgspec the same values (and the same failures) as ``json``."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deepva_frames import _json

values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner,
                                                                 max_size=4),
    max_leaves=20)
ODD = [b"[NaN]", b"[Infinity, -Infinity]", b"[1e400]", b'["\\ud800"]',
                       b"\xef\xbb\xbf[1]", "[1, 2]".encode("utf-16"), b'{"a": 1, "a": 2}',
                       b"[" * 990 + b"]" * 990, b"[" * 5000 + b"]" * 5000, b"[1] x", b"",
                       b'["\xff"]', b"[01]", b"{'a': 1}", b"[1,]", b"1e5", b"-0.0"]


def same(a, b) -> bool:
    return json.dumps(a, sort_keys=True, allow_nan=True) == json.dumps(b, sort_keys=True,
                                                                       allow_nan=True) and \
        type(a) is type(b)


def outcome(decode, text):
    try:
        return "ok", decode(text)
    except (ValueError, RecursionError) as exc:
        return "error", type(exc).__name__


@settings(max_examples=300, deadline=None)
@given(value=values, ascii=st.booleans(), indent=st.sampled_from([None, 0, 2]))
def test_agrees_with_json_on_any_document(value, ascii, indent) -> None:
    text = json.dumps(value, ensure_ascii=ascii, indent=indent).encode("utf-8", "surrogatepass")
    want, got = outcome(json.loads, text), outcome(_json.loads, text)
    assert want[0] == got[0]
    if want[0] == "ok":
        assert same(want[1], got[1]) or (isinstance(want[1], float) and math.isnan(want[1]))


@pytest.mark.parametrize("text", ODD)
def test_agrees_with_json_on_odd_documents(text) -> None:
    want, got = outcome(json.loads, text), outcome(_json.loads, text)
    assert want[0] == got[0], (text[:20], want, got)
    if want[0] == "ok":
        assert repr(want[1]) == repr(got[1])


def test_msgspec_is_the_engine_in_the_dev_install() -> None:
    assert _json.HAVE_MSGSPEC  # msgspec (the "fast" extra) is a dev dependency


def test_raw_records_are_the_records_texts() -> None:
    doc = b'{"total": 3, "data": [{"a": [1, {"b": "\\u00fc"}]}, 7, "s"], "next": null}'
    raws = _json.raw_records(doc)
    assert raws is not None and [json.loads(r) for r in raws] == json.loads(doc)["data"]
    assert _json.raw_records(b"[1, 2]") is None and _json.raw_records(b"{") is None
