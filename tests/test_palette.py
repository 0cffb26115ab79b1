"""One palette: the same person has the same colour in charts and on video frames."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.colors import to_hex, to_rgb

from deepva_frames import analysis, flatten, overlay, palette, plot
from deepva_frames.sample import sample_store_path, sample_video_path

NEWSROOM = "59f723cb-c457-5276-9089-caf1c7747fe3"
FRAME = 200


@pytest.fixture(scope="module")
def results():
    return flatten.detailed_results(sample_store_path() / "jobs" / NEWSROOM / "detailed-results")


@pytest.fixture(scope="module")
def faces(results):
    segments = results.segments
    return segments[segments["module"] == "face_recognition"].reset_index(drop=True)


def _frame_box_color(results, person: str) -> tuple[int, int, int]:
    """The colour drawn on the left edge of ``person``'s box at FRAME (RGB 0-255)."""
    image = overlay.frame(sample_video_path(), FRAME, results)
    raw = overlay.frame(sample_video_path(), FRAME, (results.segments,
                                                     results.detections.iloc[0:0]))
    box = overlay.boxes_at(results, FRAME).set_index("person").loc[person]
    height, width = image.shape[:2]
    x0 = round(box["x"] * width)
    rows = slice(int(box["y"] * height) + 5, int((box["y"] + box["h"]) * height) - 5)
    edge = image[rows, max(0, x0 - 2):x0 + 3].reshape(-1, 3)
    changed = edge[np.any(edge != raw[rows, max(0, x0 - 2):x0 + 3].reshape(-1, 3), axis=1)]
    values, counts = np.unique(changed, axis=0, return_counts=True)
    blue, green, red = (int(v) for v in values[counts.argmax()])
    return red, green, blue


def _rgb255(color) -> tuple[int, int, int]:
    return tuple(round(c * 255) for c in to_rgb(color))  # type: ignore[return-value]


def test_a_person_has_the_same_colour_in_the_timeline_the_bars_and_the_video(results, faces):
    # Fails on the old main: Mara Lindqvist was green on the video, blue in the timeline.
    on_video = _frame_box_color(results, "Mara Lindqvist")
    ax = plot.timeline(faces)
    lanes = [t.get_text() for t in ax.get_yticklabels()]
    lane = lanes.index("Mara Lindqvist")
    in_timeline = next(p.get_facecolor() for p in ax.patches
                       if round(p.get_y() + p.get_height() / 2) == lane)
    bars = plot.screen_time(analysis.screen_time(faces))
    names = [t.get_text() for t in bars.get_yticklabels()]
    in_bars = bars.patches[names.index("Mara Lindqvist")].get_facecolor()
    plt.close("all")
    assert _rgb255(in_timeline) == on_video == _rgb255(in_bars)


def test_the_chart_colour_of_every_sample_person_is_its_box_colour(faces):
    annotator = overlay.BoxAnnotator()
    ax = plot.timeline(faces)
    for lane, name in enumerate(t.get_text() for t in ax.get_yticklabels()):
        patch = next(p for p in ax.patches if round(p.get_y() + p.get_height() / 2) == lane)
        blue, green, red = annotator.color(name)
        assert _rgb255(patch.get_facecolor()) == (red, green, blue), name


@given(st.text(max_size=40))
def test_person_colour_is_a_palette_colour_and_converts_consistently(name):
    color = palette.person_color(name)
    assert color == palette.person_color(str(name))
    assert color in (*palette.PERSON_COLORS, palette.UNKNOWN_COLOR)
    red, green, blue = _rgb255(color)
    assert palette.bgr(color) == (blue, green, red)
    assert np.allclose(palette.rgb(color), to_rgb(color))
    assert to_hex(palette.rgb(color)).upper() == color.upper()


def test_unknown_and_null_groups_are_grey_in_every_column():
    for column in ("person", "gender", "age", None):
        for label in (None, float("nan"), "unknown", "Unknown (closest: Bo)", "<NA>"):
            assert palette.group_color(column, label) == palette.UNKNOWN_COLOR


def _luminance(color: str) -> float:
    red, green, blue = to_rgb(color)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_age_colours_darken_with_age_and_stay_fixed_per_decade():
    labels = ["0-10", "10-20", "20-30", "30-40", "40-50", "50-60", "60-70", "70-80",
              "80-90", "90-100"]
    lums = [_luminance(palette.age_color(label)) for label in labels]
    assert lums == sorted(lums, reverse=True) and len(set(lums)) == len(lums)
    assert palette.age_color("100-110") == palette.age_color("90-100")
    assert palette.colors_for(["30-40"], "age") == palette.colors_for(
        ["20-30", "30-40"], "age")[1:]


def test_gender_colours_are_fixed_distinct_and_not_grey():
    colors = [palette.gender_color(g) for g in ("female", "male", "diverse")]
    assert len(set(colors)) == 3 and palette.UNKNOWN_COLOR not in colors
    assert palette.colors_for(["Female", "MALE"], "gender") == colors[:2]
