"""The demo step writes the annotated sample video and the contact sheet."""

from __future__ import annotations

import cv2

from deepva_frames.cli.demo.video import write_video_outputs
from deepva_frames.client import sample_client


def test_write_video_outputs(tmp_path):
    written = write_video_outputs(sample_client(), tmp_path)
    paths = [path for path, _ in written]
    assert paths == [tmp_path / "video" / "newsroom_annotated.mp4",
                     tmp_path / "video" / "newsroom_faces.png"]
    assert sorted(p.name for p in (tmp_path / "video").iterdir()) == [
        "newsroom_annotated.mp4", "newsroom_faces.png"]
    capture = cv2.VideoCapture(str(paths[0]))
    assert capture.get(cv2.CAP_PROP_FRAME_COUNT) == 300
    capture.release()
    assert cv2.imread(str(paths[1])).ndim == 3
    assert all(isinstance(what, str) and what for _, what in written)
