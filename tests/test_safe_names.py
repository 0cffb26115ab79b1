"""safe_name: one rule for names from servers and stores (properties over any text)."""

from __future__ import annotations

from urllib.parse import unquote

from hypothesis import given, settings
from hypothesis import strategies as st

from deepva_frames._safe_names import MAX_NAME_BYTES, safe_name


@settings(max_examples=200, deadline=None)
@given(name=st.text(min_size=1, max_size=300))
def test_safe_name_is_one_plain_bounded_component(name: str) -> None:
    safe = safe_name(name)
    assert "/" not in safe and "\\" not in safe and safe not in (".", "..")
    assert not any(ord(c) < 32 or c in '<>:"|?*' for c in safe)
    assert 0 < len(safe.encode("utf-8", "surrogatepass")) <= MAX_NAME_BYTES
    assert safe == safe_name(name)  # stable
    assert not safe.endswith((".", " "))


@settings(max_examples=200, deadline=None)
@given(a=st.text(min_size=1, max_size=16), b=st.text(min_size=1, max_size=16))
def test_below_the_bound_the_mapping_is_reversible_so_names_never_collide(a: str,
                                                                          b: str) -> None:
    assert unquote(safe_name(a), errors="surrogatepass") == a
    assert (safe_name(a) == safe_name(b)) == (a == b)


@settings(max_examples=100, deadline=None)
@given(name=st.text(min_size=1, max_size=16))  # 16 x 12 bytes at most: no shortening
def test_hive_names_keep_only_url_safe_ascii(name: str) -> None:
    safe = safe_name(name, keep="-_.~@", strict=True)
    assert all(c.isascii() and (c.isalnum() or c in "-_.~@%") for c in safe)
    assert unquote(safe, errors="surrogatepass") == name
