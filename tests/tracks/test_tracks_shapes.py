"""ASS outlines cover exactly the pixels the overlay draws for a box, wherever it is."""

from __future__ import annotations

import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from deepva_frames.overlay import BoxAnnotator, Layout, Style
from deepva_frames.tracks.shapes import mask_rects, outline_drawing

SIZE = (96, 64)


def _raster(drawing: str, size: tuple[int, int]) -> np.ndarray:
    """Pixels covered by the drawing's rectangles (each ``m x0 y0 l x1 y0 x1 y1 x0 y1``)."""
    width, height = size
    mask = np.zeros((height, width), bool)
    counts = np.zeros((height, width), int)
    for shape in drawing.split("m ")[1:]:
        v = [int(n) for n in re.findall(r"-?\d+", shape)]
        x0, y0, x1, y1 = min(v[0::2]), min(v[1::2]), max(v[0::2]), max(v[1::2])
        region = (slice(max(y0, 0), max(min(y1, height), 0)),
                  slice(max(x0, 0), max(min(x1, width), 0)))
        mask[region] = True
        counts[region] += 1
    assert counts.max(initial=0) <= 1, "rectangles overlap"
    return mask


@settings(max_examples=120, deadline=None)
@given(st.integers(0, SIZE[0] - 1), st.integers(0, SIZE[1] - 1), st.integers(0, 60),
       st.integers(0, 50), st.integers(1, 7), st.booleans())
def test_outline_is_the_overlays_pixels(x0, y0, w, h, thickness, dashed):
    # pixel boxes lie in the frame (overlay.geometry.to_pixels clips them); their lines
    # may still reach past its edges, where the overlay clips them and the player too
    box = (x0, y0, min(x0 + w, SIZE[0] - 1), min(y0 + h, SIZE[1] - 1))
    canvas = np.zeros((SIZE[1], SIZE[0], 3), np.uint8)
    layout = Layout(np.array([box], np.int32), np.full((1, 4), -1, np.int32),
                    (Style((255, 255, 255), dashed, ""),))
    BoxAnnotator(thickness=thickness).draw(canvas, layout)
    drawn = canvas[:, :, 0] > 0
    assert np.array_equal(_raster(outline_drawing(box, dashed=dashed, thickness=thickness),
                                  SIZE), drawn)


@given(st.lists(st.lists(st.booleans(), min_size=5, max_size=5), min_size=1, max_size=6))
def test_mask_rects_cover_the_mask_exactly_without_overlap(rows):
    mask = np.array(rows, bool)
    counts = np.zeros(mask.shape, int)
    for x0, y0, x1, y1 in mask_rects(mask):
        assert x1 > x0 and y1 > y0
        counts[y0:y1, x0:x1] += 1
    assert np.array_equal(counts, mask.astype(int))
