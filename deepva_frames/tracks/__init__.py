"""Results as tracks for the tools media people already use, without re-encoding video.

- :func:`vtt`, :func:`srt`: who is on screen, as cues (HTML5 ``<track>``, YouTube,
  players and editors).
- :func:`ass`: the overlay's boxes and labels, drawn by the player (VLC, mpv, FFmpeg)
  over the untouched video, one ASS style per person.
- :func:`eaf`: an ELAN document, one tier per person and per diversity group.
- :func:`markers`: editors' markers, a CSV of appearances with SMPTE timecodes
  (Premiere Pro's marker-list columns); :func:`marker_edl`: the same as the marker EDL
  DaVinci Resolve imports.
- :func:`write_track`: any of them to a file (format from the extension).
- :func:`on_screen_intervals`: the intervals the cues are made of, as a table.

Every function takes ``results`` (a DetailedResults or ``(segments, detections)`` of one
job), ``media`` (the media table, a row of it, or the fps; ASS needs the size too),
``module=`` (default face_recognition when present, as the overlay), ``persons=`` (keep
only these names; ``"unknown"`` keeps unknown faces) and ``unknown=`` (``"label"``:
``? <closest person>`` as in the overlay, ``"own"``, ``"closest_person"``, ``"drop"``).
Times come from the segments' frames at the media's fps. Errors: :class:`TracksError`.

>>> import deepva_frames as dvf
>>> c = dvf.sample_client()
>>> job = "59f723cb-c457-5276-9089-caf1c7747fe3"
>>> results, media = c.detailed_results(job), c.media([job])
>>> print(dvf.tracks.vtt(results, media).splitlines()[3:6])
['00:00:00.000 --> 00:00:01.920', 'Mara Lindqvist', '']
>>> on_screen_intervals(results, media).iloc[1].to_dict()["persons"]
['Mara Lindqvist', 'Tobias Brenner']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd

from .ass import ass
from .elan import eaf
from .files import FORMATS, format_for, write_track
from .files import TrackFormat as TrackFormat  # the format names, for type hints
from .intervals import on_screen
from .markers import marker_edl, markers
from .subtitles import srt, vtt
from .timeline import TracksError, Unknown, timeline

__all__ = ["FORMATS", "TracksError", "ass", "eaf", "format_for",
           "marker_edl", "markers", "on_screen_intervals", "srt", "vtt", "write_track"]


def on_screen_intervals(results: object, media: Any = None, *,
                        module: str | Iterable[str] | None = None,
                        persons: Iterable[str] | None = None,
                        unknown: Unknown = "label") -> pd.DataFrame:
    """Who is on screen when: one row per stretch of frames over which the set of visible
    persons is constant (the cues of :func:`vtt` and :func:`srt`).

    Columns: job_id, source, frame_start, frame_end (exclusive), time_start, time_end
    (seconds, ``frame / fps``), persons (list, in the order they came on screen).

    >>> seg = pd.DataFrame({"job_id": "j", "segment_id": ["a", "b"], "frame_start": [0, 5],
    ...                     "frame_end": [10, 20], "person": ["Ann", "Bo"]})
    >>> det = pd.DataFrame(columns=["segment_id", "frame_index", "x", "y", "w", "h"])
    >>> on_screen_intervals((seg, det), 10)[["frame_start", "time_end", "persons"]]
       frame_start  time_end    persons
    0            0       0.5      [Ann]
    1            5       1.0  [Ann, Bo]
    2           10       2.0       [Bo]
    """
    line = timeline(results, media, module=module, persons=persons, unknown=unknown)
    rows = [(line.job_id, line.source, i.frame_start, i.frame_end, i.frame_start / line.fps,
             i.frame_end / line.fps, list(i.labels)) for i in on_screen(line.segments)]
    columns = ["job_id", "source", "frame_start", "frame_end", "time_start", "time_end",
               "persons"]
    return pd.DataFrame(rows, columns=columns).astype(
        {"frame_start": "int64", "frame_end": "int64", "time_start": "float64",
         "time_end": "float64"})
