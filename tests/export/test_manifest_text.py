"""The manifest's text: what it is written as reads back as the manifest, whatever it holds."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from deepva_frames.export.manifest import _text

scalars = st.none() | st.booleans() | st.integers() | st.text(max_size=6) | st.floats(
    allow_nan=False, allow_infinity=False)
entries = st.dictionaries(st.text(max_size=6), st.dictionaries(st.text(max_size=4), scalars
                                                              | st.dictionaries(
                                                                  st.text(max_size=3), scalars,
                                                                  max_size=2), max_size=3),
                          max_size=4)
docs = st.fixed_dictionaries({"format": st.text(max_size=5), "jobs": entries,
                              "tables": entries, "failed": entries | st.just({})})


@settings(max_examples=150, deadline=None)
@given(doc=docs, ascii=st.booleans(), replaced=st.text(max_size=6))
def test_the_text_reads_back_as_the_manifest(doc, ascii, replaced) -> None:
    memo: dict = {}
    assert json.loads(_text(doc, ensure_ascii=ascii, memo=memo)) == doc
    doc["jobs"][replaced] = {"rows": {"segments": 1}}  # an entry replaced: its text too
    text = _text(doc, ensure_ascii=ascii, memo=memo)
    assert json.loads(text) == doc
    if ascii:
        assert text.isascii()
