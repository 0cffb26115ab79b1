"""The figures in the HTML equal an independent computation on the same input.

Every report of the sample is written by the CLI; its tables are read back from the HTML
(stdlib HTMLParser) and compared with plain-Python unions of the segments' intervals
(and, for the reconciliation, with ``analysis`` on the same tables).
"""

from __future__ import annotations

import math

import pytest
from report_helpers import (
    DIVERSITY,
    FACES,
    SAMPLE_REPORTS,
    WEEK,
    csv_rows,
    jobs_below,
    person_seconds_by,
    shown_value,
    union_by,
)

from deepva_frames import analysis

EXACT = 1e-9
SECTIONS = ["Summary: screen and speech time by gender and age", "Comparison across batches",
            "Screen time per person", "Timeline per job",
            "Co-occurrence: who appears with whom", "Reconciliation with DeepVA's figures",
            "Data-quality notes", "Methodology"]


def _scope(account, report_id):
    batches = list(dict.fromkeys(account.report_items[report_id]["batch_id"]))
    jobs = {b: jobs_below(account.batches, account.batch_jobs, b) for b in batches}
    every = list(dict.fromkeys(j for ids in jobs.values() for j in ids))
    return jobs, account.segments[account.segments["job_id"].isin(every)]


def _duration(account, segments) -> float:
    media = account.media[account.media["job_id"].isin(set(segments["job_id"]))]
    return float(media["duration_s"].sum())


def _close(a: float, b: float, tol: float = EXACT) -> bool:
    return (math.isnan(a) and math.isnan(b)) or abs(a - b) <= tol


@pytest.mark.parametrize("report_id", list(SAMPLE_REPORTS))
@pytest.mark.parametrize("by", ["gender", "age"])
def test_summary_is_the_union_of_intervals_with_both_shares(sample_reports, account,
                                                            report_id, by):
    _, segments = _scope(account, report_id)
    div = segments[segments["module"] == DIVERSITY]
    table = sample_reports[report_id].parsed.tables[f"summary-{by}"]
    expected = union_by(div, by)
    speech = union_by(div[div["speaking"].fillna(False).astype(bool)], by)
    assert sorted(table.column(by)) == sorted(expected)
    seconds = table.as_dict(by, "screen_seconds")
    total, duration = sum(expected.values()), _duration(account, div)
    spoken = sum(speech.values())
    for group, value in expected.items():
        assert _close(seconds[group], value)
        assert _close(table.as_dict(by, "share_of_screen")[group], value / total)
        assert _close(table.as_dict(by, "share_of_media")[group], value / duration)
        assert _close(table.as_dict(by, "speech_seconds")[group], speech.get(group, 0.0))
        assert _close(table.as_dict(by, "speech_share_of_speech")[group],
                      speech.get(group, 0.0) / spoken)
        assert _close(table.as_dict(by, "speech_share_of_own_screen")[group],
                      speech.get(group, 0.0) / value)
    assert abs(sum(table.as_dict(by, "share_of_screen").values()) - 1.0) < 1e-9


@pytest.mark.parametrize("report_id", list(SAMPLE_REPORTS))
def test_people_table_counts_unknown_faces_as_one_group(sample_reports, account, report_id):
    _, segments = _scope(account, report_id)
    faces = segments[segments["module"] == FACES]
    table = sample_reports[report_id].parsed.tables["people-screen-time"]
    expected = union_by(faces, "person")
    assert sorted(table.column("person")) == sorted(expected)
    assert "unknown" in expected
    seconds = table.as_dict("person", "seconds")
    duration = _duration(account, faces)
    for person, value in expected.items():
        assert _close(seconds[person], value)
        assert _close(table.as_dict("person", "share_of_media")[person], value / duration)
    shown = [float(v) for v in table.column("seconds")]
    assert sorted(shown, reverse=True) == shown  # longest first


@pytest.mark.parametrize("metric", ["gender_screen_time", "age_speech_time"])
def test_comparison_has_each_batch_with_the_parent_as_total(sample_reports, account, metric):
    jobs, segments = _scope(account, WEEK)
    table = sample_reports[WEEK].parsed.tables[f"comparison-{metric}"]
    names = dict(zip(account.batches["batch_id"], account.batches["name"], strict=True))
    top = account.batches.loc[account.batches["parent_id"].isna(), "batch_id"].item()
    order = [*(b for b in jobs if b != top), top]          # the total last, as drawn
    assert table.column("name") == [names[b] for b in order]
    assert table.column("role") == ["part", "part", "total"]
    column, speaking = metric.split("_")[0], metric.endswith("speech_time")
    for row, batch in zip(table.rows, order, strict=True):
        rows = segments[(segments["module"] == DIVERSITY) & segments["job_id"].isin(jobs[batch])]
        expected = person_seconds_by(rows[rows["speaking"].fillna(False).astype(bool)]
                                     if speaking else rows, column)
        for key, (_, value) in zip(table.keys[2:], row[2:], strict=True):
            assert _close(float(value), expected.get(key, 0.0))


@pytest.mark.parametrize("report_id", list(SAMPLE_REPORTS))
def test_reconciliation_counts_equal_analysis_on_the_same_tables(sample_reports, account,
                                                                 report_id):
    jobs, segments = _scope(account, report_id)
    table = sample_reports[report_id].parsed.tables["reconciliation-summary"]
    rows = {(s, n): (c, a) for s, n, c, a in zip(
        table.column("scope"), table.column("name"), table.column("compared"),
        table.column("agree"), strict=True)}
    names = dict(zip(account.batches["batch_id"], account.batches["name"], strict=True))
    items = account.report_items[report_id]
    div = segments[segments["module"] == DIVERSITY]
    for batch, ids in jobs.items():
        check = analysis.reconcile(analysis.diversity_metrics(div[div["job_id"].isin(ids)]),
                                   items[items["batch_id"] == batch],
                                   metrics=list(analysis.DIVERSITY_METRICS))
        assert rows[("batch", names[batch])] == (f"{len(check)}", f"{int(check.agrees.sum())}")
    assert "differences" not in sample_reports[report_id].parsed.tables  # the sample agrees


@pytest.mark.parametrize("report_id", list(SAMPLE_REPORTS))
def test_timeline_lanes_are_each_persons_union(sample_reports, account, report_id):
    tables = sample_reports[report_id].parsed.tables
    _, segments = _scope(account, report_id)
    faces = segments[segments["module"] == FACES]
    timelines = [t for name, t in tables.items() if name.startswith("timeline-")]
    assert len(timelines) == faces.groupby(["job_id", "source"]).ngroups
    lanes = faces["person"].where(faces["person"] != "unknown",
                                  "unknown (closest: " + faces["closest_person"] + ")")
    per_job = {}
    for job_id, rows in faces.assign(lane=lanes).groupby("job_id"):
        per_job[job_id[:8]] = union_by(rows, "lane")
    for table in timelines:
        job = next(j for j in per_job if j in table_caption(sample_reports[report_id].html,
                                                              table.table_id))
        assert table.as_dict("lane", "seconds") == pytest.approx(per_job[job], abs=EXACT)


def table_caption(html: str, table_id: str) -> str:
    start = html.index(f'<table id="{table_id}">')
    return html[start:html.index("</caption>", start)]


def test_cooccurrence_equals_analysis(sample_reports, account):
    _, segments = _scope(account, WEEK)
    table = sample_reports[WEEK].parsed.tables["co-occurrence-pairs"]
    expected = analysis.co_occurrence(segments[segments["module"] == FACES])
    got = [(a, b, float(s)) for a, b, s in zip(table.column("person_a"),
                                               table.column("person_b"),
                                               table.column("seconds"), strict=True)]
    want = list(expected.itertuples(index=False, name=None))
    assert [(a, b) for a, b, _ in got] == [(a, b) for a, b, _ in want]
    assert [s for *_, s in got] == pytest.approx([s for *_, s in want], abs=EXACT)


@pytest.mark.parametrize("report_id", list(SAMPLE_REPORTS))
def test_every_table_shows_its_exact_values_and_leaves_as_the_same_csv(sample_reports,
                                                                       report_id):
    written = sample_reports[report_id]
    assert len(written.parsed.tables) >= 10
    for table in written.parsed.tables.values():
        assert table.rows, table.table_id
        rows = csv_rows(table.csv_href)
        assert [list(r) for r in rows[:1]] == [table.keys]
        assert [list(r.values()) for r in rows] == [[v for _, v in row] for row in table.rows]
        rounding = {"seconds": 0.5, "share": 0.0005, "count": 0.0, "number": 0.005}
        for key, kind in zip(table.keys, table.kinds, strict=True):
            for text, value in zip(table.column(key, values=False), table.column(key),
                                   strict=True):
                if kind in rounding and value:
                    shown = shown_value(text, kind)
                    assert abs(shown - float(value)) <= rounding[kind] + EXACT, (key, text)
                elif kind in rounding:
                    assert text == "—"


@pytest.mark.parametrize("report_id", list(SAMPLE_REPORTS))
def test_headings_are_the_sections_in_order(sample_reports, report_id):
    parsed = sample_reports[report_id].parsed
    assert [t for tag, t in parsed.headings if tag == "h1"] == [
        f"Report of {SAMPLE_REPORTS[report_id]} on 06.10.2026"]
    assert [t for tag, t in parsed.headings if tag == "h2"] == ["Contents", *SECTIONS]


def test_metadata_names_version_base_url_and_fetch_time(sample_reports):
    from deepva_frames import __version__

    html = sample_reports[WEEK].html
    assert f"deepva_frames {__version__}" in html
    assert "https://api.deepva.com/api/v1" in html
    assert "2026-11-02 09:00 UTC" in html   # the sample store's fetch time
    assert "The comparison across batches and the reconciliation" in html
    assert "This report has the groups 20-30, 30-40, 40-50, 50-60, 60-70." in html
