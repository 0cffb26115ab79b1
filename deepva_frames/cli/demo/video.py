"""Demo step: an annotated copy of the sample video and a contact sheet of its faces."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

__all__ = ["newsroom_results", "write_video_outputs"]

SAMPLE_TAG = "newsroom"


def _first_job_id(jobs: Any) -> str:
    if isinstance(jobs, pd.DataFrame):
        return str(jobs["job_id"].iloc[0])
    return str(jobs[0]["id"])


def newsroom_results(client: Any) -> tuple[Any, Any]:
    """``(DetailedResults, media table)`` of the sample's newsroom job, via ``client``.

    Works whether the client's list methods return tables or raw records.

    >>> from deepva_frames.client import sample_client
    >>> results, media = newsroom_results(sample_client())
    >>> len(results.segments), media["fps"].tolist()
    (11, [25.0])
    """
    from ... import flatten

    jobs = client.jobs(tag=SAMPLE_TAG)
    if len(jobs) == 0:
        raise LookupError(f"the account has no job tagged {SAMPLE_TAG!r}")
    job_id = _first_job_id(jobs)
    results = client.detailed_results(job_id)
    if not isinstance(results, flatten.DetailedResults):
        results = flatten.detailed_results(results, job_id=job_id)
    media = client.media([job_id])
    if not isinstance(media, pd.DataFrame):
        media = flatten.media(jobs if not isinstance(jobs, pd.DataFrame) else client.job(job_id))
    return results, media


def write_video_outputs(client: Any, out: Path) -> list[tuple[Path, str]]:
    """Write ``out/video/newsroom_annotated.mp4`` and ``out/video/newsroom_faces.png``.

    Returns ``(path, description)`` pairs of what was written.

    >>> import tempfile, pathlib
    >>> from deepva_frames.client import sample_client
    >>> out = pathlib.Path(tempfile.mkdtemp())
    >>> [(p.name, what.split(",")[0]) for p, what in write_video_outputs(sample_client(), out)]
    [('newsroom_annotated.mp4', '300 frames'), ('newsroom_faces.png', 'contact sheet')]
    """
    from ... import overlay
    from ...sample import sample_video_path

    folder = Path(out) / "video"
    folder.mkdir(parents=True, exist_ok=True)
    results, media = newsroom_results(client)
    video = sample_video_path()
    rendered = overlay.render(video, results, folder / "newsroom_annotated.mp4",
                              progress=False, media=media)
    sheet_path = folder / "newsroom_faces.png"
    sheet = overlay.contact_sheet(video, results, media=media, out_path=sheet_path)
    return [
        (rendered.path, f"{rendered.frames} frames, {rendered.seconds:g} s at "
                        f"{rendered.fps:g} fps, {rendered.width}x{rendered.height}: the sample "
                        "video with face boxes and labels"),
        (sheet_path, f"contact sheet, {sheet.shape[1]}x{sheet.shape[0]}: face crops per "
                     "person, unknown faces as '? <closest person>'"),
    ]
