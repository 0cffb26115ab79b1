"""Replay serves recorded pages without parsing their listing, and holds nothing beyond the
few listings it serves (memory follows a listing, not the store)."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from deepva_frames.store import PageStore
from deepva_frames.store.page_index import scan_pages, with_links
from deepva_frames.store.replay import Replayer, dump_json


def _page(records: list, offset: int, limit: int, total: int) -> bytes:
    return dump_json({"total": total, "offset": offset, "limit": limit, "next": None,
                      "prev": None, "data": records})


def test_a_recorded_page_is_served_without_parsing_the_listing(tmp_path: Path) -> None:
    store = PageStore(tmp_path / "store", create=True)
    entry = store.put_pages("/jobs/", {}, [_page([{"id": "a"}], 0, 1, 2),
                                           _page([{"id": "b"}], 1, 1, 2)])
    # spoil the second page on disk: serving the first one must not read (parse) it
    lines = entry.data_file.read_bytes().splitlines()
    entry.data_file.write_bytes(lines[0] + b"\n" + b"{not json" + b" " * 40 + b"\n")
    reply = Replayer(store).get("/jobs/", {"offset": 0, "limit": 1})
    assert json.loads(reply.body)["data"] == [{"id": "a"}]


def test_memory_follows_one_listing_not_the_store(tmp_path: Path) -> None:
    store = PageStore(tmp_path / "store", create=True)
    records = [{"id": f"r{i}", "text": "x" * 200} for i in range(400)]
    n_listings = 40
    for job in range(n_listings):
        store.put_pages(f"/jobs/j{job}/detailed-results/", {},
                        [_page(records[o:o + 50], o, 50, 400) for o in range(0, 400, 50)])
    replayer = Replayer(store)
    tracemalloc.start()
    try:
        kept = json.loads(json.dumps(records))  # what one parsed listing costs
        one_listing = tracemalloc.get_traced_memory()[0]
        del kept
        for job in range(n_listings):
            for offset in range(0, 400, 50):  # the recorded pages: served from their spans
                replayer.get(f"/jobs/j{job}/detailed-results/", {"offset": offset, "limit": 50})
            for offset in range(0, 400, 100):  # another page size: the listing is parsed
                replayer.get(f"/jobs/j{job}/detailed-results/", {"offset": offset, "limit": 100})
        held = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert held < 6 * one_listing < n_listings * one_listing / 6  # a few listings, not 40


def test_offline_replay_serves_pages_as_recorded(tmp_path: Path) -> None:
    store = PageStore(tmp_path / "store", create=True)
    store.put_pages("/jobs/", {}, [_page([{"id": i} for i in range(o, min(o + 10, 25))], o, 10,
                                         25) for o in (0, 10, 20)])
    lines = store.read_page_lines(store.get("jobs"))
    as_recorded = Replayer(store, recorded_limits=True)
    assert as_recorded.get("/jobs/", {"offset": 10, "limit": 100}).body == lines[1]
    strict = json.loads(Replayer(store).get("/jobs/", {"offset": 10, "limit": 100}).body)
    assert [r["id"] for r in strict["data"]] == list(range(10, 25))
    smaller = json.loads(as_recorded.get("/jobs/", {"offset": 10, "limit": 4}).body)
    assert [r["id"] for r in smaller["data"]] == [10, 11, 12, 13]


links = st.one_of(st.none(), st.text(max_size=40))


@settings(max_examples=60, deadline=None)
@given(next_link=links, prev_link=links, old_next=links, old_prev=links,
       data=st.lists(st.dictionaries(st.text(max_size=5), st.text(max_size=8), max_size=3),
                     max_size=4))
def test_spliced_links_give_the_page_rebuilt_with_them(next_link, prev_link, old_next, old_prev,
                                                       data) -> None:
    raw = dump_json({"total": 9, "offset": 3, "limit": 4, "next": old_next, "prev": old_prev,
                     "data": data})
    spliced = with_links(raw, next=next_link, prev=prev_link)
    assert spliced is not None
    assert json.loads(spliced) == {"total": 9, "offset": 3, "limit": 4, "next": next_link,
                                   "prev": prev_link, "data": data}


def test_the_page_index_reads_other_layouts_by_parsing_their_line(tmp_path: Path) -> None:
    path = tmp_path / "_pages.ndjson"
    path.write_bytes(b'{"data": [1], "limit": 1, "offset": 0, "total": 2}\n'
                     b'{"total":2,"offset":1,"limit":1,"data":[2]}\n')
    index = scan_pages(path)
    assert set(index.spans) == {(0, 1), (1, 1)} and index.total == 2
