"""The job explorer, driven through its widgets' state as the browser would."""

from __future__ import annotations

import base64
import collections
import re

import cv2
import ipywidgets as w
import numpy as np
import pandas as pd
import portion
import pympi
import pysubs2
import pytest
from conftest import FAILED_JOB, HD_JOB, IMAGE_JOB, NEWSROOM_JOB

import deepva_frames as dvf
from deepva_frames.overlay.video import open_video, read_frame
from deepva_frames.widgets import JobExplorer, explore_job
from deepva_frames.widgets.frames import BLANK

FRAMES = [0, 47, 48, 100, 139, 140, 191, 192, 200, 251, 252, 299]


def decode(data: bytes) -> np.ndarray:
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)


def expected_persons(faces: pd.DataFrame, index: int) -> list[str]:
    """Who is on screen at ``index``, straight from the segments table."""
    live = faces[(faces["frame_start"] <= index) & (faces["frame_end"] > index)]
    return sorted(live["person"].fillna("unknown"))


def test_widget_tree_and_display(explorer):
    assert isinstance(explorer.widget, w.VBox)
    kinds = {type(c) for c in explorer.widget.children[0].children}
    assert {w.Play, w.IntSlider} <= kinds
    assert isinstance(explorer.image, w.Image) and explorer.image.format == "jpeg"
    assert isinstance(explorer.timeline, w.Image) and explorer.timeline.format == "png"
    assert isinstance(explorer.person_filter, w.SelectMultiple)
    assert isinstance(explorer.table, w.HTML)
    bundle = explorer._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == explorer.widget.model_id
    assert (explorer.slider.min, explorer.slider.max) == (0, 299)
    assert (explorer.play.min, explorer.play.max, explorer.play.interval) == (0, 299, 40)


def test_slider_changes_the_frame_image(explorer):
    first = explorer.image.value
    assert first[:2] == b"\xff\xd8" and decode(first).shape == (360, 640, 3)
    explorer.slider.value = 100
    at_100 = explorer.image.value
    assert at_100 != first
    explorer.slider.value = 0
    assert explorer.image.value == first          # the same frame gives the same bytes


def test_frame_is_the_video_frame_with_boxes(explorer):
    with open_video(dvf.sample_video_path()) as (capture, info):
        raw = read_frame(capture, 200, info.fps)
    explorer.slider.value = 200
    shown = explorer.frame(200)
    boxes = dvf.overlay.boxes_at(dvf.sample_client().detailed_results(NEWSROOM_JOB), 200)
    changed = np.any(shown != raw, axis=2)
    assert changed.any()
    cols = np.nonzero(changed)[1]
    x0 = min(boxes["x"]) * 640 - 12
    assert cols.min() >= x0                        # drawing happens around the boxes only
    assert (~changed).mean() > 0.8


@pytest.mark.parametrize("index", FRAMES)
def test_table_lists_exactly_the_persons_on_screen(explorer, newsroom_faces, index):
    explorer.slider.value = index
    expected = expected_persons(newsroom_faces, index)
    assert sorted(explorer.on_screen["person"]) == expected
    html = explorer.table.value
    for person in set(newsroom_faces["person"]):
        assert (f"<td>{person}</td>" in html) == (person in expected), (index, person)
    if not expected:
        assert "no one on screen" in html


def test_cursor_follows_the_slider(explorer):
    before = explorer.timeline.value
    assert explorer.cursor_x == 0.0
    explorer.slider.value = 150
    assert explorer.cursor_x == pytest.approx(150 / 25)
    assert explorer.timeline.value != before
    explorer.slider.value = 299
    assert explorer.cursor_x == pytest.approx(299 / 25)
    assert explorer.label.value == "frame 299 / 299 · 11.96 s · 00:00:11:24"


def test_person_filter_hides_boxes_and_rows(explorer):
    explorer.slider.value = 200                    # Mara Lindqvist and an unknown face
    both = explorer.image.value
    explorer.person_filter.value = ("unknown",)
    assert explorer.image.value != both
    assert explorer.on_screen["person"].tolist() == ["unknown"]
    assert "Mara Lindqvist" not in explorer.table.value
    explorer.person_filter.value = ()
    with open_video(dvf.sample_video_path()) as (capture, info):
        raw = read_frame(capture, 200, info.fps)
    assert np.array_equal(explorer.frame(200), raw)
    assert explorer.on_screen.empty
    explorer.person_filter.value = explorer.person_filter.options
    assert explorer.image.value == both


def test_without_video_boxes_on_a_blank_frame_of_the_media_size(client):
    e = explore_job(client, HD_JOB)
    assert e.frames.size == (1280, 720) and e.slider.max == 1499
    segments = client.detailed_results(HD_JOB).segments
    faces = segments[segments["module"] == "face_recognition"]
    index = int(faces["frame_start"].iloc[0]) + 5
    e.slider.value = index
    image = decode(e.image.value)
    assert image.shape == (720, 1280, 3)
    drawn = e.frame(index)
    background = np.all(drawn == BLANK, axis=2)
    assert 0.5 < background.mean() < 1.0               # boxes drawn on the blank frame
    assert sorted(e.on_screen["person"]) == expected_persons(faces, index)
    e.person_filter.value = ()
    assert np.all(e.frame(index) == BLANK)


def test_results_at_another_fps_are_mapped_to_the_video_by_time(client, newsroom_faces):
    results = client.detailed_results(NEWSROOM_JOB)
    doubled = (results.segments.assign(frame_start=results.segments["frame_start"] * 2,
                                       frame_end=results.segments["frame_end"] * 2),
               results.detections.assign(frame_index=results.detections["frame_index"] * 2))
    media = {"fps": 50.0, "width": 640, "height": 360, "total_frames": 600}
    with pytest.warns(dvf.overlay.OverlayWarning, match="50 fps"):
        e = JobExplorer(doubled, media=media, video=dvf.sample_video_path())
    assert e.slider.max == 299
    e.slider.value = 200
    assert sorted(e.on_screen["person"]) == expected_persons(newsroom_faces, 200)
    assert e.cursor_x == pytest.approx(8.0)
    e.close()


def test_max_width_scales_large_frames_for_display(client):
    e = explore_job(client, "efc9a530-2429-5488-9fb5-03b454246cdd")   # 1920x1080
    assert e.frames.size == (1280, 720)
    assert explore_job(client, HD_JOB, max_width=None).frames.size == (1280, 720)


@pytest.mark.parametrize("job", [FAILED_JOB, IMAGE_JOB])
def test_jobs_without_faces_or_video_still_open(client, job):
    e = explore_job(client, job)
    e.slider.value = e.slider.max
    assert decode(e.image.value) is not None
    assert e.person_filter.options == tuple(e.view.persons)


def test_failed_job_has_an_empty_table(client):
    e = explore_job(client, FAILED_JOB)
    assert e.on_screen.empty and "no one on screen" in e.table.value


def test_synthetic_results_and_module_choice(client):
    results = client.detailed_results(NEWSROOM_JOB)
    e = JobExplorer(results, media=client.media(NEWSROOM_JOB),
                    module="advanced_diversity_analysis")
    e.slider.value = 100
    diversity = results.segments[results.segments["module"] == "advanced_diversity_analysis"]
    assert sorted(e.on_screen["person"]) == expected_persons(diversity, 100)
    assert sorted(e.on_screen["person"]) == ["female_1", "female_1", "male_1"]
    assert e.person_filter.options == ("female_1", "male_1", "male_2")


def test_frames_are_read_sequentially_and_the_cache_is_bounded(client):
    e = explore_job(client, NEWSROOM_JOB, video=dvf.sample_video_path(), cache_frames=8)
    for i in range(1, 60):
        e.slider.value = i
    assert e.frames.stats["seeks"] == 0 and e.frames.stats["sequential"] == 60
    assert len(e.frames._cache) == 8
    e.slider.value = 55                              # still cached
    assert e.frames.stats["hits"] == 1
    e.close()


def test_frames_read_on_equal_seeked_frames():
    frames = dvf.widgets.frames.VideoFrames(dvf.sample_video_path(), cache_size=2)
    order = [5, 6, 7, 30, 10, 11, 200, 199, 220, 0]
    got = {i: frames[i].copy() for i in order}
    frames.close()
    with open_video(dvf.sample_video_path()) as (capture, info):
        for i in order:
            assert np.array_equal(got[i], read_frame(capture, i, info.fps)), i
    counts = collections.Counter(order)
    assert max(counts.values()) == 1


def test_frames_are_read_only():
    frames = dvf.widgets.frames.VideoFrames(dvf.sample_video_path())
    with pytest.raises(ValueError):
        frames[3][0, 0, 0] = 1
    frames.close()


def _downloads(links_html: str) -> dict[str, bytes]:
    """{file name: bytes} of the explorer's download links."""
    found = re.findall(r'<a download="([^"]+)" href="data:[^;]+;charset=utf-8;base64,([^"]+)"',
                       links_html)
    return {name: base64.b64decode(data) for name, data in found}


def test_the_tracks_button_offers_the_filtered_persons_tracks(explorer, newsroom_faces,
                                                              tmp_path):
    explorer.person_filter.value = ("Mara Lindqvist",)
    assert explorer.tracks.value == ""
    explorer.tracks_button.click()
    files = _downloads(explorer.tracks.value)
    assert sorted(files) == [f"job-{NEWSROOM_JOB[:8]}{e}" for e in (".ass", ".eaf", ".srt",
                                                                     ".vtt")]
    vtt = pysubs2.SSAFile.from_string(files[f"job-{NEWSROOM_JOB[:8]}.vtt"].decode())
    assert {event.plaintext for event in vtt} == {"Mara Lindqvist"}
    mara = newsroom_faces[newsroom_faces["person"] == "Mara Lindqvist"]
    union = portion.empty()   # her screen time, from the segments' frames at 25 fps
    for start, end in zip(mara["frame_start"], mara["frame_end"], strict=True):
        union |= portion.closedopen(start / 25, end / 25)
    shown = sum(event.end - event.start for event in vtt) / 1000
    assert shown == pytest.approx(sum(i.upper - i.lower for i in union), abs=0.002)
    path = tmp_path / "job.eaf"
    path.write_bytes(files[f"job-{NEWSROOM_JOB[:8]}.eaf"])
    tiers = pympi.Elan.Eaf(str(path)).get_tier_names()
    assert "Mara Lindqvist" in tiers and "Tobias Brenner" not in tiers
    ass = pysubs2.SSAFile.from_string(files[f"job-{NEWSROOM_JOB[:8]}.ass"].decode())
    assert len(ass) > 0 and all("Tobias" not in event.text for event in ass)


def test_changing_the_filter_takes_the_links_of_the_former_selection_away(explorer):
    explorer.tracks_button.click()
    assert "Tobias Brenner" in base64.b64decode(re.search(
        r'vtt;charset=utf-8;base64,([^"]+)', explorer.tracks.value).group(1)).decode()
    explorer.person_filter.value = ("unknown",)
    assert explorer.tracks.value == ""
