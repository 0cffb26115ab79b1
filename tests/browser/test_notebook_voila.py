"""Notebook 03 as a reader sees it: served by Voilà, its inline video plays in Chromium
and its explorer shows the frame the notebook drove it to."""

from __future__ import annotations

from pathlib import Path

import pytest
from browser_helpers import element_playback, wait_until

import deepva_frames as dvf

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
NEWSROOM = "59f723cb-c457-5276-9089-caf1c7747fe3"


@pytest.fixture(scope="module")
def notebook_page(browser, tmp_path_factory):
    from browser_helpers import VoilaServer

    with VoilaServer(NOTEBOOKS, tmp_path_factory.mktemp("runtime")) as server:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.goto(server.url("03-check-detections.ipynb"), timeout=180_000)
        page.wait_for_selector(".widget-slider", timeout=180_000)
        yield page
        context.close()


def test_the_annotated_clip_plays_inline(notebook_page):
    played = element_playback(notebook_page, "video")
    assert played["error"] is None, played
    assert any(e.startswith("canplay") for e in played["events"]), played
    assert played["currentTime"] >= 0.5, played
    assert (played["width"], played["height"]) == (640, 360)
    assert played["duration"] == pytest.approx(12.0, abs=0.1)


def test_the_explorer_shows_the_frame_the_notebook_drove_it_to(notebook_page):
    segments = dvf.sample_client().detailed_results(NEWSROOM).segments
    faces = segments[segments["module"] == "face_recognition"]
    frame_index = int(faces["frame_start"].max()) + 10            # as the notebook picks it
    readout = notebook_page.locator(".widget-slider .widget-readout").first
    wait_until(lambda: readout.inner_text() == str(frame_index), 30)
