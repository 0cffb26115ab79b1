"""Writing a track file: the format from the option or the extension, written atomically.

>>> format_for("news.vtt"), format_for("news.csv", "markers"), format_for("news.eaf")
('vtt', 'markers', 'eaf')
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Literal, cast

from .._atomic import atomic_write_bytes
from .ass import ass
from .elan import eaf
from .markers import marker_edl, markers
from .subtitles import srt, vtt
from .timeline import TracksError, Unknown

__all__ = ["FORMATS", "format_for", "write_track"]

TrackFormat = Literal["vtt", "srt", "ass", "eaf", "markers", "edl"]

# format -> (writer, file extension)
FORMATS: dict[str, tuple[Callable[..., str], str]] = {
    "vtt": (vtt, ".vtt"), "srt": (srt, ".srt"), "ass": (ass, ".ass"), "eaf": (eaf, ".eaf"),
    "markers": (markers, ".csv"), "edl": (marker_edl, ".edl"),
}


def format_for(path: str | os.PathLike[str], format: str | None = None) -> TrackFormat:
    """The track format of ``path``: ``format`` when given, else from its extension.

    >>> format_for("a.txt")
    Traceback (most recent call last):
    ...
    deepva_frames.tracks.timeline.TracksError: a.txt: cannot tell the track format from \
the extension '.txt'; use .vtt, .srt, .ass, .eaf, .csv (markers) or .edl, or pass format=
    """
    if format is not None:
        if format not in FORMATS:
            raise TracksError(f"format must be one of {', '.join(FORMATS)}, not {format!r}")
        return cast(TrackFormat, format)
    suffix = Path(path).suffix.lower()
    for name, (_, extension) in FORMATS.items():
        if suffix == extension:
            return cast(TrackFormat, name)
    raise TracksError(f"{path}: cannot tell the track format from the extension {suffix!r}; "
                      "use .vtt, .srt, .ass, .eaf, .csv (markers) or .edl, or pass format=")


def _check_options(writer: Callable[..., str], options: dict[str, Any]) -> None:
    known = set(inspect.signature(writer).parameters) - {"results", "media"}
    extra = sorted(set(options) - known)
    if extra:
        raise TracksError(f"{writer.__name__} tracks take no option {', '.join(extra)} "
                          f"(they take {', '.join(sorted(known))})")


def _honour_umask(path: Path) -> None:
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def write_track(results: object, out_path: str | os.PathLike[str],
                format: TrackFormat | None = None, media: Any = None, *,
                module: str | Iterable[str] | None = None,
                persons: Iterable[str] | None = None, unknown: Unknown = "label",
                **options: Any) -> Path:
    """Write the ``format`` track of ``results`` to ``out_path`` (UTF-8); returns the path.

    ``format`` defaults to the extension's (.vtt, .srt, .ass, .eaf, .csv for markers,
    .edl for Resolve's marker EDL).
    ``media``, ``module``, ``persons`` and ``unknown`` as in
    :func:`~deepva_frames.tracks.vtt`; ``options`` go to the format's function
    (``interpolate=``/``annotator=`` for ASS, ``media_url=``/``groups=`` for ELAN,
    ``start=`` for markers and edl). The file appears whole or not at all; an existing one is
    replaced.

    >>> import tempfile, pathlib, pandas as pd
    >>> seg = pd.DataFrame({"job_id": "j", "segment_id": ["a"], "frame_start": [0],
    ...                     "frame_end": [25], "person": ["Ann"]})
    >>> det = pd.DataFrame(columns=["segment_id", "frame_index", "x", "y", "w", "h"])
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "news.srt"
    >>> write_track((seg, det), out, media=25).read_text().splitlines()[2]
    'Ann'
    """
    out = Path(out_path)
    writer = FORMATS[format_for(out, format)][0]
    if not out.parent.is_dir():
        raise TracksError(f"{out}: the output folder {out.parent} does not exist")
    if out.is_dir():
        raise TracksError(f"{out}: is a folder; give a file name such as news.vtt")
    _check_options(writer, options)
    text = writer(results, media, module=module, persons=persons, unknown=unknown, **options)
    atomic_write_bytes(out, text.encode("utf-8"))
    _honour_umask(out)
    return out
