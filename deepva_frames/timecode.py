"""Frame numbers, seconds and SMPTE timecodes, and a check of the API's ``tc_start``/``tc_end``.

A frame ``n`` of a video at ``fps`` frames per second starts at ``n / fps`` seconds.
SMPTE timecodes are ``HH:MM:SS:FF`` with ``FF`` counting frames within the second at the
nominal rate (25, 30, 50, 60, ...). At 29.97 and 59.94 fps the timecode is drop-frame by
default: frame labels 0 and 1 (0 to 3 at 59.94) are skipped at the start of every minute
except each tenth, so that the timecode keeps up with the clock; drop-frame timecodes use
``;`` before the frames, ``HH:MM:SS;FF``.

Conventions:

* Frames are whole numbers. A frame that is not one (``1.7``, NaN, ``True``) raises
  ValueError, never rounds; an integral float (``56.0``, from a float column) is fine.
* Parsing accepts ``:``, ``;``, ``.`` and ``,`` before the frames. ``.`` and ``,`` are
  the drop-frame separator of systems without ``;`` (as in SMPTE 12M practice); they
  never mean decimal seconds, so ``"00:00:01.50"`` at 25 fps is an error (frame 50 of
  a 25-frame second), not 1.5 s. The separator does not decide the counting: the rate
  does (drop-frame at 29.97 and 59.94 fps) unless ``drop_frame=`` is given, so a
  drop-frame label written with ``:`` still reads right.
* Past 24 hours the hours keep counting (``"24:00:00:00"``, ``"100:00:00:00"``)
  instead of wrapping to ``00`` as a wall-clock SMPTE reader would: every frame keeps
  its own label and labels read back to the same frame.

>>> frame_to_timecode(56, 25)
'00:00:02:06'
>>> frame_to_timecode(1800, 29.97), timecode_to_frame("00:01:00;02", 29.97)
('00:01:00;02', 1800)
>>> frame_to_seconds(75, 50), seconds_to_frame(1.5, 50)
(1.5, 75)
>>> frame_to_timecode(25 * 3600 * 25, 25)
'25:00:00:00'
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "check_timecodes",
    "frame_to_seconds",
    "frame_to_timecode",
    "is_drop_frame_rate",
    "nominal_rate",
    "seconds_to_frame",
    "seconds_to_timecode",
    "timecode_to_frame",
    "timecode_to_seconds",
    "whole_frame",
]

_TC = re.compile(r"^\s*(\d+):(\d{1,2}):(\d{1,2})([:;.,])(\d{1,3})\s*$")
_EPS = 1e-6  # frames; absorbs float error of times computed as frame / fps


def nominal_rate(fps: float) -> int:
    """The whole frame rate a timecode counts in: 30 for 29.97, 25 for 25, 60 for 59.94.

    >>> nominal_rate(29.97), nominal_rate(23.976), nominal_rate(50)
    (30, 24, 50)
    """
    if not fps > 0:
        raise ValueError(f"fps must be positive, got {fps!r}")
    return max(1, round(fps))


def is_drop_frame_rate(fps: float) -> bool:
    """Whether ``fps`` is an NTSC rate with a drop-frame timecode (29.97 or 59.94).

    >>> is_drop_frame_rate(29.97), is_drop_frame_rate(30000 / 1001), is_drop_frame_rate(25)
    (True, True, False)
    """
    nominal = nominal_rate(fps)
    return nominal in (30, 60) and abs(fps - nominal) > 1e-3


def _drop(fps: float, drop_frame: bool | None) -> int:
    """Frame labels dropped per minute (0 for non-drop timecodes)."""
    use = is_drop_frame_rate(fps) if drop_frame is None else drop_frame
    if use and nominal_rate(fps) not in (30, 60):
        raise ValueError(f"drop-frame timecode needs 29.97 or 59.94 fps, got {fps!r}")
    return nominal_rate(fps) // 15 if use else 0


def frame_to_seconds(frame: Any, fps: float) -> Any:
    """Start of ``frame`` in seconds (works on numbers, arrays and Series).

    >>> frame_to_seconds(300, 25), frame_to_seconds(2997, 29.97)
    (12.0, 100.0)
    """
    if not fps > 0:
        raise ValueError(f"fps must be positive, got {fps!r}")
    return frame / fps


def seconds_to_frame(seconds: Any, fps: float) -> Any:
    """The frame showing at ``seconds``: ``floor(seconds * fps)``, tolerant of float error.

    A time computed as ``frame / fps`` gives that frame back, also at 29.97 fps.

    >>> seconds_to_frame(100.0, 29.97), seconds_to_frame(0.039, 25)
    (2997, 0)
    >>> seconds_to_frame(np.array([0.0, 0.5]), 50).tolist()
    [0, 25]
    """
    if not fps > 0:
        raise ValueError(f"fps must be positive, got {fps!r}")
    frames = np.floor(np.asarray(seconds, dtype=float) * fps + _EPS)
    if frames.ndim == 0:
        return int(frames)
    if isinstance(seconds, pd.Series):
        return pd.Series(frames, index=seconds.index, name=seconds.name).astype("Int64")
    return frames.astype(np.int64)


def whole_frame(frame: Any) -> int:
    """``frame`` as an int; ValueError unless it is a whole number >= 0.

    >>> whole_frame(56), whole_frame(56.0)
    (56, 56)
    >>> whole_frame(1.7)
    Traceback (most recent call last):
    ...
    ValueError: a frame is a whole number >= 0, got 1.7
    """
    if isinstance(frame, (bool, np.bool_)) or not isinstance(frame, (int, float, np.number)):
        raise ValueError(f"a frame is a whole number >= 0, got {frame!r}")
    if not math.isfinite(float(frame)) or float(frame) != int(frame) or frame < 0:
        raise ValueError(f"a frame is a whole number >= 0, got {frame!r}")
    return int(frame)


def frame_to_timecode(frame: int, fps: float, *, drop_frame: bool | None = None) -> str:
    """SMPTE timecode of ``frame``; drop-frame (``;``) by default at 29.97 and 59.94 fps.

    ``frame`` must be a whole number (see the module's conventions); hours go past 23.

    >>> frame_to_timecode(17982, 29.97), frame_to_timecode(1799, 29.97)
    ('00:10:00;00', '00:00:59;29')
    >>> frame_to_timecode(1800, 29.97, drop_frame=False), frame_to_timecode(119, 60)
    ('00:01:00:00', '00:00:01:59')
    """
    label = whole_frame(frame)
    nominal, drop = nominal_rate(fps), _drop(fps, drop_frame)
    if drop:
        per_minute = nominal * 60 - drop
        per_ten = per_minute * 10 + drop
        tens, rest = divmod(label, per_ten)
        label += 9 * drop * tens + (drop * ((rest - drop) // per_minute) if rest > drop else 0)
    seconds, frames = divmod(label, nominal)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{';' if drop else ':'}{frames:02d}"


def timecode_to_frame(timecode: str, fps: float, *, drop_frame: bool | None = None) -> int:
    """The frame of a SMPTE timecode (``HH:MM:SS:FF``; ``;``, ``.`` or ``,`` before FF).

    ``drop_frame=None`` follows the rate (drop-frame at 29.97 and 59.94 fps), whatever
    the separator; ``.`` is never decimal seconds; hours may exceed 23.

    >>> timecode_to_frame("00:01:00.02", 29.97), timecode_to_frame("25:00:00:00", 25)
    (1800, 2250000)

    >>> timecode_to_frame("00:00:02:06", 25), timecode_to_frame("00:10:00;00", 29.97)
    (56, 17982)
    >>> timecode_to_frame("00:01:00;00", 29.97)
    Traceback (most recent call last):
    ...
    ValueError: '00:01:00;00' does not exist in drop-frame timecode (frames 0-1 are skipped)
    """
    match = _TC.match(str(timecode))
    if not match:
        raise ValueError(f"not a timecode HH:MM:SS:FF: {timecode!r}")
    hours, minutes, seconds, frames = (int(match.group(i)) for i in (1, 2, 3, 5))
    nominal, drop = nominal_rate(fps), _drop(fps, drop_frame)
    if minutes > 59 or seconds > 59 or frames >= nominal:
        raise ValueError(f"timecode {timecode!r} is out of range at {fps:g} fps")
    if drop and seconds == 0 and frames < drop and minutes % 10:
        raise ValueError(f"{timecode!r} does not exist in drop-frame timecode "
                         f"(frames 0-{drop - 1} are skipped)")
    total_minutes = 60 * hours + minutes
    label = (3600 * hours + 60 * minutes + seconds) * nominal + frames
    return label - drop * (total_minutes - total_minutes // 10)


def seconds_to_timecode(seconds: float, fps: float, *, drop_frame: bool | None = None) -> str:
    """SMPTE timecode of the frame showing at ``seconds``.

    >>> seconds_to_timecode(2.24, 25), seconds_to_timecode(1800 / 29.97, 29.97)
    ('00:00:02:06', '00:01:00;02')
    """
    return frame_to_timecode(seconds_to_frame(seconds, fps), fps, drop_frame=drop_frame)


def timecode_to_seconds(timecode: str, fps: float, *, drop_frame: bool | None = None) -> float:
    """Start in seconds of the frame a SMPTE timecode names.

    >>> timecode_to_seconds("00:00:02:06", 25), timecode_to_seconds("00:00:01:25", 50)
    (2.24, 1.5)
    """
    return frame_to_seconds(timecode_to_frame(timecode, fps, drop_frame=drop_frame), fps)


def _segment_fps(segments: pd.DataFrame, media: pd.DataFrame | None,
                 fps: float | None) -> pd.Series:
    if fps is not None:
        return pd.Series(float(fps), index=segments.index)
    if media is None:
        raise ValueError("pass fps= or media= (a media table with job_id, source, fps)")
    keys = [k for k in ("job_id", "source") if k in segments and k in media]
    rates = media.drop_duplicates(keys)[[*keys, "fps"]]
    merged = segments[keys].merge(rates, on=keys, how="left")
    return pd.Series(merged["fps"].to_numpy(dtype=float), index=segments.index)


def _parse_or_none(text: Any, rate: float) -> int | None:
    if not isinstance(text, str) or math.isnan(rate):
        return None
    try:
        return timecode_to_frame(text, rate)
    except ValueError:
        return None


def check_timecodes(segments: pd.DataFrame, *, media: pd.DataFrame | None = None,
                    fps: float | None = None) -> pd.DataFrame:
    """Check each segment's ``tc_start``/``tc_end`` against ``frame_start``/``frame_end``.

    The frame rate comes from ``fps=`` or from ``media=`` (the media table, joined on
    ``job_id`` and ``source``). One row per segment and end (``which``: start or end)
    holding a timecode: ``segment_id, which, frame, fps, reported, expected, matches``;
    ``matches`` compares frame numbers, so ``00:01:00:02`` at 29.97 fps (a drop-frame
    time written with ``:``) still matches, and an unparseable timecode does not.
    Segments without timecodes (images) give no rows.

    >>> seg = pd.DataFrame({"segment_id": ["a"], "frame_start": [12], "frame_end": [56],
    ...                     "tc_start": ["00:00:00:12"], "tc_end": ["00:00:56:00"]})
    >>> check_timecodes(seg, fps=25)[["which", "reported", "expected", "matches"]]
      which     reported     expected  matches
    0 start  00:00:00:12  00:00:00:12     True
    1   end  00:00:56:00  00:00:02:06    False
    """
    rates = _segment_fps(segments, media, fps)
    rows = []
    for which in ("start", "end"):
        for index, frame, text in zip(segments.index, segments[f"frame_{which}"],
                                      segments[f"tc_{which}"], strict=True):
            if not isinstance(text, str) or pd.isna(frame):
                continue
            rate = float(rates[index])
            ok = not math.isnan(rate)
            rows.append({"segment_id": segments.at[index, "segment_id"], "which": which,
                         "frame": int(frame), "fps": rate, "reported": text,
                         "expected": frame_to_timecode(int(frame), rate) if ok else None,
                         "matches": _parse_or_none(text, rate) == int(frame)})
    columns = ["segment_id", "which", "frame", "fps", "reported", "expected", "matches"]
    return pd.DataFrame(rows, columns=columns)
