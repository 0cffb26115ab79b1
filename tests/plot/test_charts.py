"""Each chart shows what its table says: bar lengths, labels, lane extents, cells."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from deepva_frames import analysis, plot
from deepva_frames.palette import GENDER_COLORS, UNKNOWN_COLOR


def bars(ax) -> list:
    return [p for p in ax.patches if p.get_width() or p.get_height()]


def texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def ticks(labels) -> list[str]:
    return [t.get_text() for t in labels]


SCREEN = pd.DataFrame({"person": ["Bo", "Ann", "unknown", "Cy"],
                       "seconds": [30.0, 95.0, 12.5, 61.0],
                       "share_of_screen": [0.1, 0.4, 0.05, 0.2]})


def test_screen_time_bars_sorted_with_labels():
    ax = plot.screen_time(SCREEN)
    assert [p.get_width() for p in ax.patches] == [95.0, 61.0, 30.0, 12.5]
    assert ticks(ax.get_yticklabels()) == ["Ann", "Cy", "Bo", "unknown"]
    assert texts(ax) == ["1:35  (40%)", "1:01  (20%)", "0:30  (10%)", "0:12.5  (5%)"]
    assert [p.get_y() + p.get_height() / 2 for p in ax.patches] == [0, 1, 2, 3]
    assert ax.yaxis_inverted()  # longest on top
    assert to_hex(ax.patches[3].get_facecolor()) == UNKNOWN_COLOR.lower()
    assert ax.get_xlabel() == "Screen time (m:ss; % of all screen time shown)"
    assert ax.get_ylabel() == "Person"
    assert ax.get_title(loc="left") == "Screen time"
    formatter = ax.xaxis.get_major_formatter()
    assert [formatter(v, 0) for v in (0, 30, 90)] == ["0:00", "0:30", "1:30"]


def test_screen_time_top_and_per_job_labels():
    table = SCREEN.assign(job_id=["j1", "j1", "j2", "j2"])[["job_id", "person", "seconds"]]
    ax = plot.screen_time(table, top=2)
    assert ticks(ax.get_yticklabels()) == ["j1 · Ann", "j2 · Cy"]
    assert texts(ax) == ["1:35", "1:01"]


def test_screen_time_on_a_given_axes():
    _, (left, right) = plt.subplots(1, 2)
    assert plot.screen_time(SCREEN, ax=right) is right
    assert not left.patches


def test_gender_split_counts_and_shares():
    table = analysis.person_counts(pd.DataFrame({
        "job_id": "j", "source": "s", "person": ["a", "b", "c", "d"],
        "gender": ["female", "male", "male", "male"]}), by="gender")
    ax = plot.gender_split(table)
    assert [p.get_height() for p in ax.patches] == [3.0, 1.0]
    assert ticks(ax.get_xticklabels()) == ["male", "female"]
    assert texts(ax) == ["3 (75%)", "1 (25%)"]
    assert [to_hex(p.get_facecolor()) for p in ax.patches] == [
        GENDER_COLORS["male"].lower(), GENDER_COLORS["female"].lower()]
    assert ax.get_ylabel() == "Persons"


def test_gender_split_of_seconds_sums_a_table_split_per_job():
    table = pd.DataFrame({"job_id": ["a", "a", "b"], "gender": ["female", "male", "female"],
                          "seconds": [60.0, 30.0, 30.0]})
    ax = plot.gender_split(table)
    assert [p.get_height() for p in ax.patches] == [90.0, 30.0]
    assert texts(ax) == ["1:30 (75%)", "0:30 (25%)"]
    assert ax.get_ylabel() == "Screen time (m:ss)"


def test_age_distribution_in_bucket_order():
    table = pd.DataFrame({"age": ["40-50", None, "5-10", "20-30"], "persons": [2, 1, 4, 3]})
    ax = plot.age_distribution(table)
    assert ticks(ax.get_xticklabels()) == ["5-10", "20-30", "40-50", "unknown"]
    assert [p.get_height() for p in ax.patches] == [4.0, 3.0, 2.0, 1.0]
    assert to_hex(ax.patches[-1].get_facecolor()) == UNKNOWN_COLOR.lower()
    assert ax.get_xlabel() == "Age group (years)"


def test_speech_vs_screen_pairs_and_age_order():
    table = pd.DataFrame({"age": ["50-60", "20-30"], "screen_seconds": [40.0, 80.0],
                          "speech_seconds": [10.0, 20.0]})
    ax = plot.speech_vs_screen(table)
    assert ticks(ax.get_xticklabels()) == ["20-30", "50-60"]
    heights = [p.get_height() for p in ax.patches]
    assert heights == [80.0, 40.0, 20.0, 10.0]
    assert bar_labels(ax) == ["1:20", "0:40", "0:20\n(25%)", "0:10\n(25%)"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["On screen", "Speaking"]


def bar_labels(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_timeline_lanes_show_the_union_per_person():
    seg = pd.DataFrame({
        "job_id": "j", "source": "s",
        "person": ["Ann", "Bo", "Ann", "unknown", "unknown"],
        "closest_person": [None, None, None, "Bo", None],
        "time_start": [0.0, 1.0, 2.0, 5.0, 7.0], "time_end": [3.0, 4.0, 6.0, 6.0, 8.0]})
    ax = plot.timeline(seg, duration=10.0)
    names = ticks(ax.get_yticklabels())
    assert names == ["Ann", "Bo", "unknown (closest: Bo)", "unknown"]
    extents = [(names[round(p.get_y() + p.get_height() / 2)], p.get_x(),
                p.get_x() + p.get_width()) for p in ax.patches]
    assert extents == [("Ann", 0.0, 6.0), ("Bo", 1.0, 4.0),
                       ("unknown (closest: Bo)", 5.0, 6.0), ("unknown", 7.0, 8.0)]
    hatched = [bool(p.get_hatch()) for p in ax.patches]
    assert hatched == [False, False, True, True]
    assert tuple(ax.get_xlim()) == (0.0, 10.0)


def test_timeline_refuses_two_media():
    seg = pd.DataFrame({"job_id": ["a", "b"], "source": "s", "person": "Ann",
                        "time_start": 0.0, "time_end": 1.0})
    with pytest.raises(ValueError, match="one media source"):
        plot.timeline(seg)


def test_report_comparison_groups_per_batch():
    metrics = pd.DataFrame({
        "batch_id": ["b1", "b1", "b2", "b2", "b2"], "name": ["Mon", "Mon", "Tue", "Tue", "Tue"],
        "metric": ["gender_screen_time"] * 4 + ["gender_count"],
        "key": ["male", "female", "female", "male", "female"],
        "value": [30.0, 60.0, 120.0, 90.0, 2.0]})
    ax = plot.report_comparison(metrics, "gender_screen_time")
    assert ticks(ax.get_xticklabels()) == ["Mon", "Tue"]
    heights = {(round(p.get_x() + p.get_width() / 2, 2), p.get_height()) for p in ax.patches}
    assert heights == {(-0.2, 60.0), (0.8, 120.0), (0.2, 30.0), (1.2, 90.0)}
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["female", "male"]
    assert ax.get_ylabel() == "Screen time (m:ss)"
    with pytest.raises(ValueError, match="no rows of metric"):
        plot.report_comparison(metrics, "age_count")


def test_co_occurrence_heatmap_cells():
    seg = pd.DataFrame({"job_id": "j", "source": "s", "person": ["Ann", "Bo", "Cy"],
                        "time_start": [0.0, 2.0, 3.0], "time_end": [5.0, 4.0, 9.0]})
    matrix = analysis.co_occurrence(seg, form="matrix")
    ax = plot.co_occurrence(matrix)
    shown = ax.images[0].get_array()
    assert shown.mask.diagonal().all()
    off = ~np.eye(3, dtype=bool)
    assert np.array_equal(shown.data[off], matrix.to_numpy()[off])
    assert ticks(ax.get_xticklabels()) == ["Ann", "Bo", "Cy"]
    # Ann [0,5), Bo [2,4), Cy [3,9): Ann-Bo 2, Ann-Cy 2, Bo-Cy 1, each cell twice
    assert sorted(texts(ax)) == ["0:01"] * 2 + ["0:02"] * 4


def test_drawing_changes_no_global_state():
    before = dict(plt.rcParams)
    plot.screen_time(SCREEN)
    after = dict(plt.rcParams)
    assert {k for k in before if before[k] != after[k]} == set()


def test_the_label_says_which_share_and_prefers_the_media_share():
    # Fails on the old main: one "share" column, unlabelled.
    table = SCREEN.assign(share_of_media=[0.05, 0.2, 0.01, 0.1])
    ax = plot.screen_time(table)
    assert texts(ax)[0] == "1:35  (20%)"
    assert ax.get_xlabel() == "Screen time (m:ss; % of the media's duration)"
    ax = plot.screen_time(table, share="share_of_screen")
    assert texts(ax)[0] == "1:35  (40%)" and "all screen time" in ax.get_xlabel()
    unknown_media = plot.screen_time(SCREEN.assign(share_of_media=float("nan")))
    assert "all screen time" in unknown_media.get_xlabel()


def test_one_figure_reads_the_same_in_every_chart():
    # Fails on the old main: 59.6 s was "0:59.6" in one chart and "1:00" in another,
    # the tenths depending on the chart's largest value.
    value = 59.6
    screen = plot.screen_time(pd.DataFrame({"person": ["Ann", "Bo"],
                                            "seconds": [value, 300.0]}))
    split = plot.gender_split(pd.DataFrame({"gender": ["female", "male"],
                                            "seconds": [value, 300.0]}))
    report = plot.report_comparison(pd.DataFrame({
        "batch_id": ["b", "b"], "metric": "gender_screen_time", "key": ["female", "male"],
        "value": [value, 300.0]}))
    heat = plot.co_occurrence(pd.DataFrame({"person_a": ["Ann", "Ann"],
                                            "person_b": ["Bo", "Cy"],
                                            "seconds": [value, 300.0]}))
    speech = plot.speech_vs_screen(pd.DataFrame({"gender": ["female"],
                                                 "screen_seconds": [300.0],
                                                 "speech_seconds": [value]}))
    labels = [texts(screen)[1].split()[0], texts(split)[0].split()[0], texts(report)[0],
              next(t for t in texts(heat) if t.startswith("0:")),
              texts(speech)[1].split()[0]]
    assert labels == ["0:59.6"] * 5


def test_co_occurrence_colour_bar_is_in_the_cells_unit():
    # Fails on the old main: cells in m:ss, the colour bar in seconds.
    ax = plot.co_occurrence(pd.DataFrame({"person_a": ["Ann"], "person_b": ["Bo"],
                                          "seconds": [150.0]}))
    bar = ax.figure.axes[-1]
    formatter = bar.yaxis.get_major_formatter()
    assert formatter(150.0, 0) == texts(ax)[0] == "2:30"
    assert "m:ss" in bar.get_ylabel()


def test_speech_vs_screen_keeps_the_gender_colours():
    # Fails on the old main: every screen bar blue, every speech bar orange.
    table = pd.DataFrame({"gender": ["male", "female"], "screen_seconds": [40.0, 80.0],
                          "speech_seconds": [10.0, 20.0]})
    ax = plot.speech_vs_screen(table)
    screen, speech = ax.patches[:2], ax.patches[2:]
    expected = [GENDER_COLORS["male"].lower(), GENDER_COLORS["female"].lower()]
    assert [to_hex(p.get_facecolor()) for p in screen] == expected
    assert [to_hex(p.get_edgecolor()) for p in speech] == expected
    assert all(p.get_hatch() for p in speech)


def test_a_parent_batch_is_drawn_last_and_marked_as_the_total():
    # Fails on the old main: the parent stood among its sub-batches like a third day.
    metrics = pd.DataFrame({
        "batch_id": ["week", "week", "mon", "mon", "tue", "tue"],
        "name": ["Week", "Week", "Mon", "Mon", "Tue", "Tue"],
        "parent_id": [None, None, "week", "week", "week", "week"],
        "metric": "gender_count", "key": ["female", "male"] * 3,
        "value": [3.0, 3.0, 1.0, 2.0, 2.0, 1.0]})
    ax = plot.report_comparison(metrics, "gender_count")
    assert ticks(ax.get_xticklabels()) == ["Mon", "Tue", "Week\n(total)"]
    total_bars = [p for p in ax.patches if round(p.get_x() + p.get_width() / 2) == 2]
    assert total_bars and all(p.get_hatch() for p in total_bars)
    assert not any(p.get_hatch() for p in ax.patches if p not in total_bars)
    assert [line.get_xdata()[0] for line in ax.lines] == [1.5]
