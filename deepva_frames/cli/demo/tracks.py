"""Demo step: the newsroom job as tracks beside the annotated video (WebVTT and ASS).

A copy of the untouched sample video goes with them, under the same base name, so that
VLC or mpv opening ``video/newsroom.mp4`` finds its tracks by themselves.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from .video import newsroom_results

__all__ = ["write_tracks"]


def write_tracks(client: Any, out: Path) -> list[tuple[Path, str]]:
    """Write ``out/video/newsroom.vtt``, ``newsroom.ass`` and the untouched ``newsroom.mp4``.

    Returns ``(path, description)`` pairs of what was written.

    >>> import tempfile, pathlib
    >>> from deepva_frames.client import sample_client
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> [p.name for p, _ in write_tracks(sample_client(), out)]
    ['newsroom.vtt', 'newsroom.ass', 'newsroom.mp4']
    """
    from ...sample import sample_video_path
    from ...tracks import on_screen_intervals, write_track

    folder = Path(out) / "video"
    folder.mkdir(parents=True, exist_ok=True)
    results, media = newsroom_results(client)
    cues = len(on_screen_intervals(results, media))
    vtt = write_track(results, folder / "newsroom.vtt", media=media)
    ass = write_track(results, folder / "newsroom.ass", media=media)
    video = folder / "newsroom.mp4"
    shutil.copyfile(sample_video_path(), video)
    return [
        (vtt, f"WebVTT, {cues} cues: who is on screen (HTML5 <track>, players)"),
        (ass, "ASS: the face boxes and labels, drawn by VLC/mpv over the untouched video"),
        (video, "the untouched sample video, for the tracks beside it"),
    ]
