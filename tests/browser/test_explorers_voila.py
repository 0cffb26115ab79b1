"""The explorers served by Voilà to headless Chromium, driven as a person would.

One notebook (written here) shows the three explorers; the job explorer's slider is set
to frame 262 from code before it is displayed. Expected figures come from the sample's
segments and detections and from frames decoded with OpenCV, not from the explorer.
"""

from __future__ import annotations

import base64

import cv2
import nbformat
import numpy as np
import pysubs2
import pytest
from browser_helpers import wait_until

import deepva_frames as dvf

JOB = "59f723cb-c457-5276-9089-caf1c7747fe3"
BEFORE_DISPLAY = 262
CELLS = [
    "import deepva_frames as dvf\nclient = dvf.sample_client()",
    f"explorer = dvf.widgets.explore_job(client, {JOB!r}, video=dvf.sample_video_path())\n"
    f"explorer.slider.value = {BEFORE_DISPLAY}\n"
    "explorer.widget.add_class('dvf-job')\n"
    "for name in ('slider', 'image', 'table', 'label', 'person_filter', 'tracks_button',\n"
    "             'tracks'):\n"
    "    getattr(explorer, name).add_class(f'dvf-{name}')\n"
    "explorer",
    "report_id = client.reports()['report_id'].iloc[0]\n"
    "dashboard = dvf.widgets.report_dashboard(client.report_items(report_id), client.batches())\n"
    "dashboard.widget.add_class('dvf-dashboard')\n"
    "dashboard",
    "browser = dvf.widgets.kg_browser(client, search='Lindqvist')\n"
    "browser.widget.add_class('dvf-kg')\n"
    "browser",
]
IMAGE_BYTES_JS = """async (selector) => {
  const img = document.querySelector(selector);
  const bytes = new Uint8Array(await (await fetch(img.src)).arrayBuffer());
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}"""


@pytest.fixture(scope="module")
def sample():
    client = dvf.sample_client()
    results = client.detailed_results(JOB)
    faces = results.segments[results.segments["module"] == "face_recognition"]
    capture = cv2.VideoCapture(str(dvf.sample_video_path()))
    raw = []
    while True:
        ok, image = capture.read()
        if not ok:
            break
        raw.append(image)
    capture.release()
    return faces, results.detections, raw


def _on_screen(faces, index):
    live = faces[(faces["frame_start"] <= index) & (faces["frame_end"] > index)]
    return sorted(live["person"].astype(str))


def _shown_image(page):
    data = base64.b64decode(page.evaluate(IMAGE_BYTES_JS, ".dvf-image"))
    return cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)


def _table_persons(page):
    cells = page.locator(".dvf-table table tbody tr td:first-child").all_text_contents()
    return sorted(cells)


def _closest_raw(image, raw, candidates):
    errors = {i: float(np.abs(image.astype(int) - raw[i]).mean()) for i in candidates}
    return min(errors, key=errors.get)


def _set_slider(page, value):
    readout = page.locator(".dvf-slider .widget-readout")
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(value))
    page.keyboard.press("Enter")


def _box_region(faces, detections, person, index, size, margin=40):
    """Pixels (x0, y0, x1, y1) that the person's box at ``index`` can cover: the sampled
    detections around ``index`` (interpolation stays between them), plus label room."""
    ids = faces.loc[faces["person"] == person, "segment_id"]
    rows = detections[detections["segment_id"].isin(ids)]
    before = rows[rows["frame_index"] <= index].nlargest(1, "frame_index")
    after = rows[rows["frame_index"] >= index].nsmallest(1, "frame_index")
    near = np.vstack([before[["x", "y", "w", "h"]].to_numpy(), after[["x", "y", "w", "h"]]])
    width, height = size
    return (near[:, 0].min() * width - margin, near[:, 1].min() * height - margin,
            (near[:, 0] + near[:, 2]).max() * width + margin,
            (near[:, 1] + near[:, 3]).max() * height + margin)


@pytest.fixture(scope="module")
def voila_page(browser, tmp_path_factory):
    from browser_helpers import VoilaServer

    folder = tmp_path_factory.mktemp("voila")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    nbformat.write(notebook, folder / "explorers.ipynb")
    with VoilaServer(folder, tmp_path_factory.mktemp("runtime")) as server:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(server.url("explorers.ipynb"), timeout=120_000)
        page.wait_for_selector(".dvf-kg", timeout=120_000)
        page.errors = errors
        yield page
        context.close()


def test_each_explorer_renders(voila_page):
    page = voila_page
    for selector in (".dvf-job", ".dvf-dashboard", ".dvf-kg"):
        assert page.locator(selector).is_visible(), selector
    loaded = "img => img.complete && img.naturalWidth > 0"
    assert page.locator(".dvf-job img").first.evaluate(loaded)
    assert page.locator(".dvf-dashboard img").first.evaluate(loaded)
    assert page.locator(".dvf-dashboard table tbody tr").count() > 0
    assert "Mara Lindqvist" in page.locator(".dvf-kg").inner_text()
    assert page.errors == []


def test_a_value_set_before_display_is_what_shows(voila_page, sample):
    faces, _, raw = sample
    page = voila_page
    assert page.locator(".dvf-slider .widget-readout").inner_text() == str(BEFORE_DISPLAY)
    assert f"frame {BEFORE_DISPLAY} /" in page.locator(".dvf-label").inner_text()
    assert _table_persons(page) == _on_screen(faces, BEFORE_DISPLAY)
    image = _shown_image(page)
    assert _closest_raw(image, raw, [0, BEFORE_DISPLAY - 30, BEFORE_DISPLAY]) == BEFORE_DISPLAY


def test_moving_the_slider_changes_the_frame_and_the_table(voila_page, sample):
    faces, _, raw = sample
    page = voila_page
    target = 100
    assert _on_screen(faces, target) != _on_screen(faces, BEFORE_DISPLAY)
    _set_slider(page, target)
    wait_until(lambda: f"frame {target} /" in page.locator(".dvf-label").inner_text(), 20)
    wait_until(lambda: _table_persons(page) == _on_screen(faces, target), 20)
    image = _shown_image(page)
    assert _closest_raw(image, raw, [0, target, BEFORE_DISPLAY]) == target


def test_the_person_filter_removes_a_box(voila_page, sample):
    faces, detections, _ = sample
    page = voila_page
    index = 100
    _set_slider(page, index)
    wait_until(lambda: f"frame {index} /" in page.locator(".dvf-label").inner_text(), 20)
    before = wait_until(lambda: _shown_image(page) if _table_persons(page) ==
                        _on_screen(faces, index) else None, 20)
    removed = "Tobias Brenner"
    assert removed in _on_screen(faces, index)
    keep = [p for p in _on_screen(faces, index) if p != removed] + ["unknown"]
    page.locator(".dvf-person_filter select").select_option(keep)
    wait_until(lambda: removed not in _table_persons(page), 20)
    after = wait_until(lambda: (lambda im: im if np.abs(im.astype(int) - before).max() > 60
                                else None)(_shown_image(page)), 20)
    changed = np.argwhere(np.abs(after.astype(int) - before).max(axis=2) > 60)
    assert len(changed) > 200                                   # a box outline and a label
    x0, y0, x1, y1 = _box_region(faces, detections, removed, index, (640, 360))
    ys, xs = changed[:, 0], changed[:, 1]
    inside = (xs >= x0) & (xs <= x1) & (ys >= y0) & (ys <= y1)
    assert inside.mean() > 0.98, (x0, y0, x1, y1, xs.min(), xs.max(), ys.min(), ys.max())


def test_play_moves_the_slider_and_the_frame(voila_page, sample):
    _, _, raw = sample
    page = voila_page
    start = 20
    _set_slider(page, start)
    wait_until(lambda: f"frame {start} /" in page.locator(".dvf-label").inner_text(), 20)
    buttons = page.locator(".dvf-job .widget-play button")
    buttons.nth(0).click()                                        # play
    readout = page.locator(".dvf-slider .widget-readout")
    wait_until(lambda: int(readout.inner_text()) >= start + 10, 20)
    buttons.nth(1).click()                                        # pause
    shown = int(readout.inner_text())
    wait_until(lambda: f"frame {shown} /" in page.locator(".dvf-label").inner_text(), 20)
    assert _closest_raw(_shown_image(page), raw, [start, shown]) == shown


def test_the_tracks_button_gives_a_webvtt_file_to_download(voila_page, sample):
    faces, _, _ = sample
    page = voila_page
    names = sorted(faces["person"].dropna().astype(str).unique())
    page.locator(".dvf-person_filter select").select_option(names[:1])
    page.locator(".dvf-tracks_button").click()
    link = page.locator(".dvf-tracks a", has_text="WebVTT")
    link.wait_for(timeout=20_000)
    with page.expect_download() as info:
        link.click()
    download = info.value
    assert download.suggested_filename == f"job-{JOB[:8]}.vtt"
    cues = pysubs2.load(download.path(), format_="vtt")
    assert len(cues) > 0 and {cue.plaintext for cue in cues} == {names[0]}
    assert page.errors == []
