"""``deepva-frames render``: a job's boxes onto its video, from the command line."""

from __future__ import annotations

import subprocess

import av
import cv2
from cli_helpers import console_script

from deepva_frames.cli import main
from deepva_frames.client import sample_client
from deepva_frames.overlay import probe
from deepva_frames.sample import sample_video_path


def newsroom_job() -> str:
    jobs = sample_client().jobs()
    return jobs.loc[jobs["tag"] == "newsroom", "job_id"].item()


def test_render_the_sample_job_from_another_folder(tmp_path):
    command = [console_script(), "render", "--sample", "--job", newsroom_job(), "--out",
               "annotated.mp4", "--sheet", "faces.png", "--no-progress"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    source, written = probe(sample_video_path()), probe(tmp_path / "annotated.mp4")
    assert (written.fps, written.width, written.height, written.frame_count) == \
        (source.fps, source.width, source.height, source.frame_count)
    assert cv2.imread(str(tmp_path / "faces.png")) is not None
    assert "annotated.mp4" in result.stdout and "faces.png" in result.stdout
    assert result.stderr == ""                         # no encoder or FFmpeg chatter
    with av.open(str(tmp_path / "annotated.mp4")) as container:
        stream = container.streams.video[0]
        assert (stream.codec_context.name, stream.codec_context.pix_fmt) == ("h264", "yuv420p")


def test_unknown_job_is_exit_1_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "a.mp4"
    assert main(["render", "--sample", "--job", "no-such-job", "--out", str(out)]) == 1
    assert "no-such-job" in capsys.readouterr().err
    assert not out.exists()


def test_video_is_required_outside_the_sample(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("DEEPVA_API_KEY", "unused")
    assert main(["render", "--job", "J", "--out", str(tmp_path / "a.mp4")]) == 2
    assert "--video" in capsys.readouterr().err


def test_missing_output_folder_is_exit_1(tmp_path, capsys):
    out = tmp_path / "no-such-folder" / "a.mp4"
    assert main(["render", "--sample", "--job", newsroom_job(), "--out", str(out),
                 "--no-progress"]) == 1
    assert "no-such-folder" in capsys.readouterr().err
