"""Editors' markers: appearances with SMPTE timecodes, as a CSV (Premiere) or an EDL (Resolve).

One row per appearance (a person's segments merged where they overlap), sorted by its
start, in the column layout of Adobe Premiere Pro's marker list (what *File > Export >
Markers > CSV* writes and marker-import panels read back): ``Marker Name, Description,
In, Out, Duration, Marker Type``. ``In`` is the appearance's first frame, ``Out`` the
frame after its last (``Out = In + Duration``), as timecodes of the media's frame rate:
drop-frame (``HH:MM:SS;FF``) at 29.97 and 59.94 fps, via :mod:`deepva_frames.timecode`.
``start`` is the timecode of the media's first frame (editors often start timelines at
``01:00:00:00``).

:func:`marker_edl` writes the same markers as the CMX 3600 EDL that DaVinci Resolve
reads with *Timeline > Import > Timeline Markers from EDL* (and writes with *Export >
Timeline Markers to EDL*): one event per marker at its ``In`` on the record side, a
``|C:<colour> |M:<name> |D:<frames>`` comment giving its colour, name and duration.
Resolve's timelines start at ``01:00:00:00`` by default, so that is its ``start``.

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

from ..timecode import frame_to_timecode, is_drop_frame_rate, timecode_to_frame
from .intervals import appearances
from .timeline import UNKNOWN, TracksError, Unknown, timeline

__all__ = ["MARKER_COLUMNS", "marker_edl", "markers"]

MARKER_COLUMNS = ("Marker Name", "Description", "In", "Out", "Duration", "Marker Type")


def _module_name(segments: Any) -> str:
    modules = sorted({str(m) for m in segments["module"].dropna()}) if len(segments) else []
    return "+".join(modules) or "results"


def _start_frame(start: str, fps: float) -> int:
    try:
        return timecode_to_frame(start, fps)
    except ValueError as exc:
        raise TracksError(f"start={start!r}: {exc}") from None


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
    offset = _start_frame(start, line.fps)
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


def _edl_text(text: str) -> str:
    return " ".join(text.replace("|", "/").split())


def marker_edl(results: object, media: Any = None, *,
               module: str | Iterable[str] | None = None,
               persons: Iterable[str] | None = None, unknown: Unknown = "label",
               start: str = "01:00:00:00") -> str:
    """The markers of :func:`markers` as a DaVinci Resolve marker EDL (see the module).

    >>> import pandas as pd
    >>> seg = pd.DataFrame({"job_id": "j", "segment_id": ["a"], "frame_start": [50],
    ...                     "frame_end": [75], "person": ["Ann"]})
    >>> det = pd.DataFrame(columns=["segment_id", "frame_index", "x", "y", "w", "h"])
    >>> print(marker_edl((seg, det), 25))  # doctest: +NORMALIZE_WHITESPACE
    TITLE: DeepVA faces, job j
    FCM: NON-DROP FRAME
    <BLANKLINE>
    001  001      V     C        01:00:02:00 01:00:02:01 01:00:02:00 01:00:02:01
     |C:ResolveColorBlue |M:Ann |D:25
    """
    line = timeline(results, media, module=module, persons=persons, unknown=unknown)
    offset = _start_frame(start, line.fps)
    drop = is_drop_frame_rate(line.fps)
    lines = [f"TITLE: DeepVA faces, job {line.job_id}",
             f"FCM: {'DROP FRAME' if drop else 'NON-DROP FRAME'}", ""]
    spans = appearances(line.segments).itertuples(index=False)
    for number, (label, first, end) in enumerate(spans, start=1):
        tc_in = frame_to_timecode(offset + first, line.fps)
        tc_out = frame_to_timecode(offset + first + 1, line.fps)
        color = "ResolveColorSand" if str(label).startswith("?") or label == UNKNOWN \
            else "ResolveColorBlue"
        lines += [f"{number:03d}  001      V     C        {tc_in} {tc_out} {tc_in} {tc_out}",
                  f" |C:{color} |M:{_edl_text(str(label))} |D:{end - first}", ""]
    return "\r\n".join(lines)
