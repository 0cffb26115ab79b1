"""WebVTT and SRT: who is on screen, as cues (written by pysubs2).

Each cue covers an on-screen interval (the set of visible persons is constant over
it); its text lists them, one per line, in the order they came on screen. Unknown
faces read as in the overlay (``? <closest person>``) unless ``unknown=`` says
otherwise. The HTML5 ``<track>`` element and YouTube take WebVTT; SRT is for players
and editors that want it.

>>> import pandas as pd
>>> seg = pd.DataFrame({"job_id": "j", "segment_id": ["a", "b"], "frame_start": [0, 25],
...                     "frame_end": [50, 75], "person": ["Ann", "unknown"],
...                     "closest_person": [None, "Bo"]})
>>> det = pd.DataFrame(columns=["segment_id", "frame_index", "x", "y", "w", "h"])
>>> print(srt((seg, det), media=25))  # doctest: +NORMALIZE_WHITESPACE
1
00:00:00,000 --> 00:00:01,000
Ann
<BLANKLINE>
2
00:00:01,000 --> 00:00:02,000
Ann
? Bo
<BLANKLINE>
3
00:00:02,000 --> 00:00:03,000
? Bo
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .intervals import on_screen
from .timeline import Timeline, Unknown, boundary_ms, timeline

__all__ = ["cue_file", "srt", "vtt"]


def _vtt_escape(text: str) -> str:
    """Cue text as WebVTT wants it: ``&``, ``<`` and ``>`` as character references.

    >>> _vtt_escape("Tom & <Jerry> --> x")
    'Tom &amp; &lt;Jerry&gt; --&gt; x'
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def cue_file(line: Timeline, *, unit_ms: int = 1, escape: bool = False) -> Any:
    """A ``pysubs2.SSAFile`` with one event per on-screen interval of ``line``
    (``escape``: names escaped for WebVTT).

    >>> import pandas as pd
    >>> seg = pd.DataFrame({"label": ["A"], "frame_start": [1], "frame_end": [2]})
    >>> line = Timeline("j", "", seg, pd.DataFrame(), 30.0, None, None, None)
    >>> [(e.start, e.end, e.plaintext) for e in cue_file(line)]
    [(33, 66, 'A')]
    """
    import pysubs2

    subs = pysubs2.SSAFile()
    for interval in on_screen(line.segments):
        event = pysubs2.SSAEvent(start=boundary_ms(interval.frame_start, line.fps,
                                                   unit_ms=unit_ms),
                                 end=boundary_ms(interval.frame_end, line.fps, unit_ms=unit_ms))
        labels = [_vtt_escape(label) if escape else label for label in interval.labels]
        event.plaintext = "\n".join(labels)
        subs.append(event)
    return subs


def vtt(results: object, media: Any = None, *, module: str | Iterable[str] | None = None,
        persons: Iterable[str] | None = None, unknown: Unknown = "label") -> str:
    """WebVTT text of who is on screen when (see the module's description).

    ``results``: a DetailedResults or ``(segments, detections)`` of one job; ``media``:
    the media table (or a row of it, or the fps); ``module``: the segments used (default
    face_recognition when present); ``persons``: keep only these (``"unknown"`` for
    unknown faces); ``unknown``: ``"label"`` (as the overlay: ``? <closest person>``),
    ``"own"``, ``"closest_person"`` or ``"drop"``.

    >>> import pandas as pd
    >>> seg = pd.DataFrame({"job_id": "j", "segment_id": ["a"], "frame_start": [0],
    ...                     "frame_end": [50], "person": ["Ann"]})
    >>> det = pd.DataFrame(columns=["segment_id", "frame_index", "x", "y", "w", "h"])
    >>> print(vtt((seg, det), media=25).splitlines()[:4])
    ['WEBVTT', '', '1', '00:00:00.000 --> 00:00:02.000']
    """
    line = timeline(results, media, module=module, persons=persons, unknown=unknown)
    return cue_file(line, escape=True).to_string("vtt")


def srt(results: object, media: Any = None, *, module: str | Iterable[str] | None = None,
        persons: Iterable[str] | None = None, unknown: Unknown = "label") -> str:
    """SubRip (SRT) text of who is on screen when; options as in :func:`vtt`.

    >>> import pandas as pd
    >>> seg = pd.DataFrame({"job_id": "j", "segment_id": ["a"], "frame_start": [0],
    ...                     "frame_end": [50], "person": ["Ann"]})
    >>> det = pd.DataFrame(columns=["segment_id", "frame_index", "x", "y", "w", "h"])
    >>> srt((seg, det), media=25).splitlines()[1]
    '00:00:00,000 --> 00:00:02,000'
    """
    line = timeline(results, media, module=module, persons=persons, unknown=unknown)
    return cue_file(line).to_string("srt")
