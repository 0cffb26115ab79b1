"""BoxAnnotator on the sample video: colours on the box edges, boxes around the drawn faces,
labels apart and inside the frame, the input frame untouched."""

from __future__ import annotations

import random
import warnings

import numpy as np
import pandas as pd
import pytest

from deepva_frames.overlay import (
    OKABE_ITO,
    UNKNOWN_COLOR,
    BoxAnnotator,
    OverlayWarning,
    boxes_at,
)
from deepva_frames.overlay.geometry import to_pixels
from deepva_frames.overlay.labels import overlap, place_labels

# frames with a recognised face mid-interpolation, three faces, and an unknown one
FRAMES = (30, 100, 150, 200, 270)


def face_boxes(results, frame_index: int) -> pd.DataFrame:
    boxes = boxes_at(results, frame_index)
    assert (boxes["module"] == "face_recognition").all()
    return boxes


def pixel_box(row, frame) -> tuple[int, int, int, int]:
    height, width = frame.shape[:2]
    xyxy = np.array([[row.x, row.y, row.x + row.w, row.y + row.h]])
    return tuple(int(v) for v in to_pixels(xyxy, (width, height))[0])


def face_free_reference(results, region, raw_frame, faces) -> np.ndarray:
    """A frame where no face box comes near ``region`` (x0, y0, x1, y1 pixels)."""
    for candidate in range(0, 300, 6):
        frame = raw_frame(candidate)
        boxes = face_boxes(results, candidate)
        if all(overlap(region, pixel_box(b, frame)) == 0 for b in boxes.itertuples()):
            return frame
    pytest.fail(f"no face-free frame around {region}")


@pytest.mark.parametrize("frame_index", FRAMES)
def test_box_edges_have_the_box_colour(results, raw_frame, frame_index):
    frame = raw_frame(frame_index)
    annotator = BoxAnnotator(thickness=2)
    boxes = face_boxes(results, frame_index)
    out = annotator.annotate(frame, boxes)
    assert len(boxes) >= 1
    for row in boxes.itertuples():
        x0, y0, x1, y1 = pixel_box(row, frame)
        colour = annotator.color(row.person)
        mid_y, mid_x = (y0 + y1) // 2, (x0 + x1) // 2
        if row.person == "unknown":      # dashed: each edge starts with a dash
            edge_pixels = [out[y0, x0], out[y0, x0 + 3], out[y0 + 3, x0], out[y1, x0 + 3]]
            assert colour == UNKNOWN_COLOR
        else:
            edge_pixels = [out[mid_y, x0], out[mid_y, x1], out[y1, mid_x], out[y0, x1 - 3]]
            assert colour in OKABE_ITO
        for pixel in edge_pixels:
            assert tuple(int(c) for c in pixel) == colour, (row.person, frame_index)


@pytest.mark.parametrize("frame_index", FRAMES)
def test_each_box_encloses_its_drawn_face(results, raw_frame, faces, frame_index):
    frame = raw_frame(frame_index)
    height, width = frame.shape[:2]
    for row in face_boxes(results, frame_index).itertuples():
        x0, y0, x1, y1 = pixel_box(row, frame)
        mx, my = (x1 - x0) // 3, (y1 - y0) // 3
        region = (max(0, x0 - mx), max(0, y0 - my), min(width, x1 + mx), min(height, y1 + my))
        reference = face_free_reference(results, region, raw_frame, faces)
        rx0, ry0, rx1, ry1 = region
        diff = np.abs(frame[ry0:ry1, rx0:rx1].astype(int) - reference[ry0:ry1, rx0:rx1])
        face = diff.max(axis=2) > 45
        inside = np.zeros_like(face)
        inside[y0 - ry0 + 1:y1 - ry0, x0 - rx0 + 1:x1 - rx0] = True
        box_area = (x1 - x0) * (y1 - y0)
        assert face[inside].sum() > 0.4 * box_area, (row.person, frame_index)
        assert face[~inside].sum() <= 0.01 * face.sum(), (row.person, frame_index)


def test_annotate_leaves_the_input_frame_unchanged(results, raw_frame):
    frame = raw_frame(100)
    before = frame.copy()
    out = BoxAnnotator().annotate(frame, face_boxes(results, 100))
    assert np.array_equal(frame, before)
    assert out is not frame and not np.shares_memory(out, frame)
    assert not np.array_equal(out, frame)


def test_unknown_faces_are_dashed_and_labelled_with_the_closest_person(results):
    annotator = BoxAnnotator()
    boxes = face_boxes(results, 200)
    styles = {s.text: s for s in annotator.styles(boxes)}
    assert styles["? Henrik Vass 0.44"].dashed
    assert styles["? Henrik Vass 0.44"].color == UNKNOWN_COLOR
    assert not styles["Mara Lindqvist 0.60"].dashed


def test_label_fields_are_settings():
    boxes = pd.DataFrame({"x": [0.1], "y": [0.1], "w": [0.2], "h": [0.2], "person": ["unknown"],
                          "closest_person": ["Henrik Vass"], "mean_similarity": [0.44]})
    texts = {fields: BoxAnnotator(labels=fields).styles(boxes)[0].text
             for fields in [("person",), ("closest_person",), ("similarity",), ()]}
    assert texts == {("person",): "unknown", ("closest_person",): "? Henrik Vass",
                     ("similarity",): "0.44", (): ""}
    with pytest.raises(ValueError, match="labels may hold"):
        BoxAnnotator(labels=("age",))


def test_colours_are_stable_per_person_and_overridable():
    names = ["Mara Lindqvist", "Tobias Brenner", "Lucía Ferreira"]
    first = [BoxAnnotator().color(n) for n in names]
    assert first == [BoxAnnotator(thickness=5).color(n) for n in names]
    assert all(c in OKABE_ITO for c in first)
    assert BoxAnnotator(colors={"Mara Lindqvist": (1, 2, 3)}).color("Mara Lindqvist") == (1, 2, 3)


def test_two_close_boxes_get_labels_that_do_not_overlap():
    frame = np.zeros((360, 640, 3), np.uint8)
    boxes = pd.DataFrame({"x": [0.30, 0.33], "y": [0.30, 0.31], "w": [0.12, 0.12],
                          "h": [0.30, 0.30], "person": ["Mara Lindqvist", "Tobias Brenner"],
                          "mean_similarity": [0.66, 0.64]})
    layout = BoxAnnotator().layout(boxes, (640, 360))
    a, b = (tuple(r) for r in layout.labels.tolist())
    assert overlap(a, b) == 0
    for x0, y0, x1, y1 in (a, b):
        assert 0 <= x0 < x1 <= 640 and 0 <= y0 < y1 <= 360
    out = BoxAnnotator().annotate(frame, boxes)
    patch_a = out[a[1]:a[3], a[0]:a[2]].reshape(-1, 3)
    assert (patch_a == BoxAnnotator().color("Mara Lindqvist")).all(axis=1).mean() > 0.5


def test_labels_stay_inside_the_frame_and_apart_in_crowds():
    rng = random.Random(3)
    for _ in range(200):
        n = rng.randint(2, 6)
        boxes = []
        for _ in range(n):
            x, y = rng.randint(-20, 600), rng.randint(-20, 330)
            boxes.append((x, y, x + rng.randint(10, 80), y + rng.randint(10, 80)))
        sizes = [(rng.randint(30, 160), 16) for _ in range(n)]
        corners = place_labels(boxes, sizes, (640, 360))
        rects = [(x, y, x + w, y + h) for (x, y), (w, h) in zip(corners, sizes, strict=True)]
        for i, r in enumerate(rects):
            assert r[0] >= 0 and r[2] <= 640 and r[1] >= 0 and r[3] <= 360
            assert all(overlap(r, other) == 0 for other in rects[i + 1:])


def test_labels_at_the_frame_edges_are_pulled_inside():
    boxes = pd.DataFrame({"x": [0.0, 0.9], "y": [0.0, 0.9], "w": [0.1, 0.1], "h": [0.1, 0.1],
                          "person": ["A very long name at the top left", "Bottom right"]})
    layout = BoxAnnotator().layout(boxes, (320, 180))
    for x0, y0, x1, y1 in layout.labels.tolist():
        assert x0 >= 0 and x1 <= 320 and y0 >= 0 and y1 <= 180


def test_boxes_outside_the_frame_are_clipped_and_counted():
    frame = np.zeros((100, 100, 3), np.uint8)
    boxes = pd.DataFrame({"x": [-0.1, 0.5, 1.2, 0.2], "y": [0.1, 0.95, 0.1, np.nan],
                          "w": [0.3, 0.2, 0.1, 0.1], "h": [0.3, 0.2, 0.1, 0.1],
                          "person": ["A", "B", "C", "D"]})
    with pytest.warns(OverlayWarning, match=r"3 of 4 box\(es\) reach outside.*2 without"):
        layout = BoxAnnotator().layout(boxes, (100, 100))
    assert layout.boxes.tolist() == [[0, 10, 19, 39], [50, 95, 69, 99]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", OverlayWarning)
        assert BoxAnnotator().annotate(frame, boxes).shape == frame.shape


def test_annotate_rejects_what_is_not_a_bgr_frame():
    boxes = pd.DataFrame({"x": [0.1], "y": [0.1], "w": [0.1], "h": [0.1]})
    with pytest.raises(ValueError, match="BGR uint8"):
        BoxAnnotator().annotate(np.zeros((10, 10), np.uint8), boxes)


def test_boxes_as_an_array_and_missing_columns():
    frame = np.zeros((40, 40, 3), np.uint8)
    out = BoxAnnotator(thickness=1).annotate(frame, np.array([[0.25, 0.25, 0.5, 0.5]]))
    assert tuple(int(c) for c in out[29, 12]) == UNKNOWN_COLOR      # no person: unknown
    with pytest.raises(ValueError, match="lack column"):
        BoxAnnotator().annotate(frame, pd.DataFrame({"x": [0.1]}))
