"""Notebook reprs: DetailedResults, ExportResult and Client show what a reader needs."""

from __future__ import annotations

import html
import re

import pandas as pd

import deepva_frames as dvf
from deepva_frames.export import export

NEWSROOM = "59f723cb-c457-5276-9089-caf1c7747fe3"
CANARY = "repr-canary-key-5c1e7a"


def test_detailed_results_show_both_shapes_and_heads():
    results = dvf.sample_client().detailed_results(NEWSROOM)
    text = results._repr_html_()
    segments, detections = results
    assert f"<b>segments</b> ({len(segments)} rows × {segments.shape[1]} columns)" in text
    assert f"<b>detections</b> ({len(detections):,} rows × {detections.shape[1]} columns)" in text
    bodies = re.findall(r"<tbody>(.*?)</tbody>", text, re.S)
    assert [body.count("<tr>") for body in bodies] == [5, 5]
    for segment_id in segments["segment_id"].head(5):
        assert f"<td>{segment_id}</td>" in bodies[0]
    assert segments["segment_id"].iloc[5] not in text


def test_an_export_result_shows_what_it_wrote_and_skipped(tmp_path):
    client = dvf.sample_client()
    first = export(client, tmp_path / "bi", all_jobs=True)
    jobs_on_disk = sorted(p.name.split("=", 1)[1] for p in (tmp_path / "bi" / "segments").iterdir())
    text = html.unescape(first._repr_html_())
    assert f"exported</th><td style='text-align:left'>{len(jobs_on_disk)}: " in text
    assert "unchanged (skipped)</th><td style='text-align:left'>0<" in text
    assert f"segments {len(pd.read_parquet(tmp_path / 'bi' / 'segments')):,}" in text
    again = html.unescape(export(client, tmp_path / "bi", all_jobs=True)._repr_html_())
    assert "exported</th><td style='text-align:left'>0<" in again
    assert f"unchanged (skipped)</th><td style='text-align:left'>{len(jobs_on_disk)}: " in again
    assert str(tmp_path / "bi") in again


def test_a_client_shows_its_base_url_and_mode_never_the_key(tmp_path):
    live = dvf.Client(api_key=CANARY, base_url="https://api.example.org/api/v1")
    cached = dvf.Client(api_key=CANARY, base_url="https://api.example.org/api/v1",
                        cache_dir=tmp_path / "pages")
    shown = {c.mode: c._repr_html_() for c in (live, cached, dvf.sample_client())}
    assert sorted(shown) == ["cached", "live", "offline"]
    for mode, text in shown.items():
        assert f"mode</th><td style='text-align:left'>{mode}<" in text
        assert CANARY not in text
    assert "https://api.example.org/api/v1" in shown["live"]
    assert str(tmp_path / "pages") in shown["cached"]
    live.close()
    cached.close()
