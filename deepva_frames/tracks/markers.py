"""Editors' markers: a CSV of appearances with SMPTE timecodes.

One row per appearance (a person's segments merged where they overlap), sorted by its
start, in the column layout of Adobe Premiere Pro's marker list (what *File > Export >
Markers > CSV* writes and marker-import panels read back): ``Marker Name, Description,
In, Out, Duration, Marker Type``. ``In`` is the appearance's first frame, ``Out`` the
frame after its last (``Out = In + Duration``), as timecodes of the media's frame rate:
drop-frame (``HH:MM:SS;FF``) at 29.97 and 59.94 fps, via :mod:`deepva_frames.timecode`.
``start`` is the timecode of the media's first frame (editors often start timelines at
``01:00:00:00``).

>>> import pandas as pd
>>> seg = pd.DataFrame({"job_id": "j", "segment_id": ["a"], "module": "face_recognition",
...                     "frame_start": [1648], "frame_end": [2997], "person": ["Ann"]})
>>> det = pd.DataFrame(columns=["segment_id", "frame_index", "x", "y", "w", "h"])
>>> print(markers((seg, det), 29.97).strip())
Marker Name,Description,In,Out,Duration,Marker Type
Ann,face_recognition: Ann on screen for 45.01 s,00:00:54;28,00:01:39;29,00:00:44;29,Comment
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

from ..timecode import frame_to_timecode, timecode_to_frame
from .intervals import appearances
from .timeline import TracksError, Unknown, timeline

__all__ = ["MARKER_COLUMNS", "markers"]

MARKER_COLUMNS = ("Marker Name", "Description", "In", "Out", "Duration", "Marker Type")


def _module_name(segments: Any) -> str:
    modules = sorted({str(m) for m in segments["module"].dropna()}) if len(segments) else []
    return "+".join(modules) or "results"


def markers(results: object, media: Any = None, *, module: str | Iterable[str] | None = None,
            persons: Iterable[str] | None = None, unknown: Unknown = "label",
            start: str = "00:00:00:00") -> str:
    """CSV text of editors' markers, one per appearance (see the module's description).

    ``module``, ``persons`` and ``unknown`` as in :func:`~deepva_frames.tracks.vtt`;
    ``start``: the timecode of the media's first frame.

    >>> import pandas as pd
    >>> seg = pd.DataFrame({"job_id": "j", "segment_id": ["a"], "frame_start": [0],
    ...                     "frame_end": [25], "person": ["Ann"]})
    >>> det = pd.DataFrame(columns=["segment_id", "frame_index", "x", "y", "w", "h"])
    >>> markers((seg, det), 25, start="01:00:00:00").splitlines()[1].split(",")[2:5]
    ['01:00:00:00', '01:00:01:00', '00:00:01:00']
    """
    line = timeline(results, media, module=module, persons=persons, unknown=unknown)
    try:
        offset = timecode_to_frame(start, line.fps)
    except ValueError as exc:
        raise TracksError(f"start={start!r}: {exc}") from None
    what = _module_name(line.segments)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(MARKER_COLUMNS)
    for label, first, end in appearances(line.segments).itertuples(index=False):
        seconds = (end - first) / line.fps
        writer.writerow([label, f"{what}: {label} on screen for {seconds:.2f} s",
                         frame_to_timecode(offset + first, line.fps),
                         frame_to_timecode(offset + end, line.fps),
                         frame_to_timecode(end - first, line.fps), "Comment"])
    return buffer.getvalue()
