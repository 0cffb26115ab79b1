"""contact_sheet on the sample video: a labelled row of face crops per person."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from deepva_frames.overlay import BoxAnnotator, OutputError, ResultsError, contact_sheet
from deepva_frames.overlay.contact_sheet import GAP, TITLE_H, face_groups

TILE = 64


def row_band(sheet, row: int):
    top = TITLE_H + row * (TILE + 18 + GAP)
    return sheet[top:top + TILE]


def test_one_row_per_person_with_unknowns_last(video, results, faces):
    sheet = contact_sheet(video, results, per_person=4, tile=TILE)
    groups = face_groups(faces)
    assert groups == ["Mara Lindqvist", "Tobias Brenner", "? Henrik Vass"]
    assert sheet.shape[0] == TITLE_H + len(groups) * (TILE + 18 + GAP) + GAP
    annotator = BoxAnnotator()
    for row, group in enumerate(groups):
        band = row_band(sheet, row)
        colour = annotator.color("unknown" if group.startswith("?") else group)
        swatch = sheet[TITLE_H + row * (TILE + 18 + GAP) + 10, GAP + 5]
        assert tuple(int(c) for c in swatch) == colour
        assert (band.reshape(-1, 3) == colour).all(axis=1).sum() > 4 * TILE  # tile borders


def test_crops_show_the_faces(video, results):
    sheet = contact_sheet(video, results, person="Tobias Brenner", per_person=3, tile=TILE)
    band = row_band(sheet, 0)
    header = sheet.shape[1] - 3 * (TILE + GAP) - GAP
    for c in range(3):
        x = header + c * (TILE + GAP)
        centre = band[TILE // 2 - 4:TILE // 2 + 4, x + TILE // 2 - 4:x + TILE // 2 + 4]
        # Tobias's drawn face is a light brown, far from the blue studio background
        assert centre[..., 2].mean() > centre[..., 0].mean() + 30


def test_person_filter_includes_unknowns_closest_to_them(video, results):
    one = contact_sheet(video, results, person="Henrik Vass", per_person=2, tile=TILE)
    assert one.shape[0] == TITLE_H + (TILE + 18 + GAP) + GAP
    two = contact_sheet(video, results, person=["Mara Lindqvist", "Henrik Vass"],
                        per_person=2, tile=TILE)
    assert two.shape[0] == TITLE_H + 2 * (TILE + 18 + GAP) + GAP
    with pytest.raises(ResultsError, match=r"no faces of 'Nobody'.*Mara Lindqvist"):
        contact_sheet(video, results, person="Nobody")


def test_out_path_writes_a_png(video, results, tmp_path):
    out = tmp_path / "faces.png"
    sheet = contact_sheet(video, results, per_person=2, tile=TILE, out_path=out)
    assert np.array_equal(cv2.imread(str(out)), sheet)
    assert [p.name for p in tmp_path.iterdir()] == ["faces.png"]
    with pytest.raises(OutputError, match="does not exist"):
        contact_sheet(video, results, out_path=tmp_path / "nope" / "faces.png")
    with pytest.raises(OutputError, match="cannot write"):
        contact_sheet(video, results, tile=TILE, out_path=tmp_path / "faces.xyz")
    assert [p.name for p in tmp_path.iterdir()] == ["faces.png"]
