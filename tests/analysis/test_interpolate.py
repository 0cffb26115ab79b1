"""interpolate_detections: per-frame boxes between sampled detections, within segments."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from deepva_frames import flatten
from deepva_frames.analysis.interpolate import interpolate_detections
from deepva_frames.sample import sample_store_path

NEWSROOM_JOB = "59f723cb-c457-5276-9089-caf1c7747fe3"
COORDS = ["x", "y", "w", "h"]


@pytest.fixture(scope="module")
def newsroom():
    return flatten.detailed_results(sample_store_path() / "jobs" / NEWSROOM_JOB
                                    / "detailed-results")


@pytest.fixture(scope="module")
def boxes(newsroom):
    return interpolate_detections(newsroom.detections, fps=25.0, segments=newsroom.segments)


def test_columns_and_types(boxes):
    assert list(boxes.columns) == ["job_id", "segment_id", "frame_index", *COORDS,
                                   "interpolated", "time"]
    assert str(boxes["frame_index"].dtype) == "Int64"
    assert boxes["interpolated"].dtype == bool
    assert np.allclose(boxes["time"], boxes["frame_index"].astype(float) / 25.0)


def test_sampled_frames_are_unchanged(newsroom, boxes):
    sampled = boxes[~boxes["interpolated"]]
    keys = ["job_id", "segment_id", "frame_index"]
    merged = sampled.merge(newsroom.detections, on=keys, suffixes=("", "_api"))
    assert len(merged) == len(newsroom.detections) == len(sampled)
    for c in COORDS:
        assert (merged[c] == merged[f"{c}_api"]).all()


def test_interpolated_boxes_lie_between_their_neighbours(newsroom, boxes):
    det = newsroom.detections.sort_values(["segment_id", "frame_index"])
    checked = 0
    for segment_id, samples in det.groupby("segment_id"):
        frames = samples["frame_index"].to_numpy(int)
        values = samples[COORDS].to_numpy()
        mine = boxes[boxes["segment_id"] == segment_id]
        for i in range(len(frames) - 1):
            (f0, f1), (a, b) = frames[i:i + 2], values[i:i + 2]
            between = mine[(mine["frame_index"] > f0) & (mine["frame_index"] < f1)]
            assert len(between) == f1 - f0 - 1 and between["interpolated"].all()
            got = between[COORDS].to_numpy()
            assert (got >= np.minimum(a, b) - 1e-12).all()
            assert (got <= np.maximum(a, b) + 1e-12).all()
            t = (between["frame_index"].to_numpy(float) - f0) / (f1 - f0)
            assert np.allclose(got, a + t[:, None] * (b - a))
            checked += len(between)
    assert checked > 800


def test_no_frame_outside_its_segment_and_held_until_frame_end(newsroom, boxes):
    seg = newsroom.segments.set_index("segment_id")
    span = boxes.groupby("segment_id")["frame_index"].agg(["min", "max", "count"])
    for segment_id, row in span.iterrows():
        start, end = seg.loc[segment_id, ["frame_start", "frame_end"]]
        assert row["min"] == start and row["max"] == end - 1
        assert row["count"] == end - start          # one box per frame, no gaps
    last = newsroom.detections.groupby("segment_id")["frame_index"].max()
    for segment_id, frame in last.items():
        held = boxes[(boxes["segment_id"] == segment_id) & (boxes["frame_index"] >= frame)]
        assert (held[COORDS].nunique() == 1).all()


def test_two_segments_are_never_blended():
    det = pd.DataFrame({"job_id": "j", "segment_id": ["a", "a", "b", "b"],
                        "frame_index": [0, 10, 5, 15], "x": [0.0, 0.0, 1.0, 1.0],
                        "y": 0.5, "w": 0.1, "h": 0.1})
    out = interpolate_detections(det)
    assert (out.loc[out["segment_id"] == "a", "x"] == 0.0).all()
    assert (out.loc[out["segment_id"] == "b", "x"] == 1.0).all()
    assert out.groupby("segment_id")["frame_index"].agg(["min", "max"]).values.tolist() == [
        [0, 10], [5, 15]]


def test_same_segment_id_in_two_jobs_stays_apart():
    det = pd.DataFrame({"job_id": ["j1", "j1", "j2", "j2"], "segment_id": "0",
                        "frame_index": [0, 4, 2, 6], "x": [0.0, 0.4, 0.9, 0.9],
                        "y": 0.1, "w": 0.1, "h": 0.1})
    out = interpolate_detections(det)
    assert out.loc[out["job_id"] == "j1", "x"].round(3).tolist() == [0.0, 0.1, 0.2, 0.3, 0.4]
    assert (out.loc[out["job_id"] == "j2", "x"] == 0.9).all()


def test_segments_bound_the_boxes():
    det = pd.DataFrame({"job_id": "j", "segment_id": "a", "frame_index": [2, 6, 12],
                        "x": [0.1, 0.2, 0.9], "y": 0.1, "w": 0.1, "h": 0.1})
    seg = pd.DataFrame({"job_id": "j", "segment_id": ["a"], "frame_start": [4],
                        "frame_end": [9]})
    out = interpolate_detections(det, segments=seg)
    assert out["frame_index"].tolist() == [6, 7, 8]      # 2 and 12 lie outside [4, 9)
    assert (out["x"] == 0.2).all() and out["interpolated"].tolist() == [False, True, True]


def test_step_thins_on_a_common_grid_and_kind_previous_holds():
    det = pd.DataFrame({"job_id": "j", "segment_id": ["a", "a", "b", "b"],
                        "frame_index": [1, 9, 3, 7], "x": [0.0, 0.8, 0.5, 0.5],
                        "y": 0.1, "w": 0.1, "h": 0.1})
    out = interpolate_detections(det, step=4)
    assert out[["segment_id", "frame_index"]].values.tolist() == [
        ["a", 4], ["a", 8], ["b", 4]]
    assert out["x"].round(3).tolist() == [0.3, 0.7, 0.5]
    held = interpolate_detections(det, kind="previous")
    assert (held.loc[(held["segment_id"] == "a") & (held["frame_index"] < 9), "x"] == 0).all()


def test_empty_input_and_bad_arguments():
    empty = pd.DataFrame(columns=["job_id", "segment_id", "frame_index", *COORDS])
    out = interpolate_detections(empty, fps=25)
    assert out.empty and "time" in out.columns
    with pytest.raises(ValueError, match="lack column"):
        interpolate_detections(empty.drop(columns="x"))
    with pytest.raises(ValueError, match="step"):
        interpolate_detections(empty, step=0)
    with pytest.raises(ValueError, match="fps"):
        interpolate_detections(empty, fps=0)


def test_duplicates_and_missing_frames_are_handled():
    det = pd.DataFrame({"job_id": "j", "segment_id": "a",
                        "frame_index": pd.array([0, 0, None, 2], dtype="Int64"),
                        "x": [0.1, 0.5, 0.7, 0.3], "y": 0.1, "w": 0.1, "h": 0.1})
    out = interpolate_detections(det)
    assert out["frame_index"].tolist() == [0, 1, 2]
    assert out["x"].round(3).tolist() == [0.1, 0.2, 0.3]
