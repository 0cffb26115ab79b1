"""The demo step writes a .vtt and an .ass beside the annotated video, both readable."""

from __future__ import annotations

import pysubs2

from deepva_frames.cli.demo import STEPS
from deepva_frames.cli.demo.tracks import write_tracks
from deepva_frames.client import sample_client
from deepva_frames.sample import sample_video_path


def test_the_demo_runs_the_tracks_step_after_the_video():
    names = [name for name, _, _ in STEPS]
    assert names.index("tracks") > names.index("video")


def test_write_tracks_beside_the_annotated_video(tmp_path):
    written = write_tracks(sample_client(), tmp_path)
    folder = tmp_path / "video"
    assert [p for p, _ in written] == [folder / "newsroom.vtt", folder / "newsroom.ass",
                                       folder / "newsroom.mp4"]
    cues = pysubs2.load(str(folder / "newsroom.vtt"))
    assert len(cues) > 3 and any("?" in e.plaintext for e in cues)   # an unknown face too
    boxes = pysubs2.load(str(folder / "newsroom.ass"))
    assert (boxes.info["PlayResX"], boxes.info["PlayResY"]) == ("640", "360")
    assert {"Mara Lindqvist", "unknown"} <= set(boxes.styles)
    assert (folder / "newsroom.mp4").read_bytes() == sample_video_path().read_bytes()
    assert f"{len(cues)} cues" in written[0][1]
