"""ELAN (``.eaf``): one tier per person, one per diversity group, the media file linked.

Each annotation is an appearance interval (the union of a person's segments; see
:func:`~deepva_frames.tracks.intervals.appearances`), its value the person's name. When
the job has diversity results (segments with ``gender`` or ``age``, from any module),
one more tier per group (``gender: female``, ``age: 40-50``) holds the intervals in
which someone of that group is on screen. Tiers carry intervals only, no boxes. Times
are in milliseconds, frame boundaries rounded down (a frame starts in its interval).
Written with pympi-ling, the ELAN library of the Python ecosystem.

>>> import pandas as pd
>>> seg = pd.DataFrame({"job_id": "j", "segment_id": ["a", "b"], "frame_start": [0, 25],
...                     "frame_end": [50, 75], "person": ["Ann", "Bo"]})
>>> det = pd.DataFrame(columns=["segment_id", "frame_index", "x", "y", "w", "h"])
>>> doc = eaf_document((seg, det), 25, media_url="file:///videos/news.mp4")
>>> sorted(doc.get_tier_names()), doc.get_annotation_data_for_tier("Bo")
(['Ann', 'Bo'], [(1000, 3000, 'Bo')])
"""

from __future__ import annotations

import mimetypes
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from ..overlay.model import as_tables
from .intervals import appearances, group_appearances
from .timeline import Unknown, boundary_ms, timeline

__all__ = ["eaf", "eaf_document", "media_link"]

PERSON_TYPE = "person"
GROUP_TYPE = "diversity group"


def media_link(media_url: str | Path | None, source: str) -> tuple[str, str | None, str]:
    """``(url, relative path, mime type)`` of the media file ELAN should open.

    A local path becomes a ``file://`` URL (and the file name its relative path, so
    ELAN finds the video beside the .eaf); anything else (``storage://...``, ``https``)
    is linked as it is.

    >>> media_link("/videos/news.mp4", "storage://x")
    ('file:///videos/news.mp4', 'news.mp4', 'video/mp4')
    >>> media_link(None, "storage://x")
    ('storage://x', None, 'video/*')
    """
    text = str(media_url) if media_url is not None else source
    if media_url is not None and "://" not in text:
        path = Path(text).absolute()
        return path.as_uri(), path.name, mimetypes.guess_type(path.name)[0] or "video/*"
    return text or "media", None, mimetypes.guess_type(text)[0] or "video/*"


def _add_tier(doc: Any, tier: str, kind: str, spans: pd.DataFrame, fps: float,
              value: str | None = None) -> None:
    doc.add_tier(tier, ling=kind)
    for name, start, end in spans.itertuples(index=False):
        doc.add_annotation(tier, boundary_ms(start, fps), boundary_ms(end, fps),
                           value or str(name))


def _group_segments(results: object, job_id: str) -> pd.DataFrame:
    segments, _ = as_tables(results)
    segments = segments[segments["job_id"].astype(object).isin([job_id, None])] \
        if job_id else segments
    return segments.dropna(subset=["frame_start", "frame_end"])


def eaf_document(results: object, media: Any = None, *,
                 module: str | Iterable[str] | None = None,
                 persons: Iterable[str] | None = None, unknown: Unknown = "label",
                 media_url: str | Path | None = None, groups: bool = True) -> Any:
    """A ``pympi.Elan.Eaf`` of ``results`` (options as in :func:`eaf`).

    >>> import pandas as pd
    >>> seg = pd.DataFrame({"job_id": "j", "segment_id": ["a"], "frame_start": [0],
    ...                     "frame_end": [5], "person": ["Ann"], "gender": ["female"]})
    >>> det = pd.DataFrame(columns=["segment_id", "frame_index", "x", "y", "w", "h"])
    >>> eaf_document((seg, det), 25).get_annotation_data_for_tier("gender: female")
    [(0, 200, 'female')]
    """
    from pympi.Elan import Eaf

    line = timeline(results, media, module=module, persons=persons, unknown=unknown)
    doc = Eaf(author="deepva_frames")
    for kind in (PERSON_TYPE, GROUP_TYPE):
        doc.add_linguistic_type(kind)
    url, relative, mime = media_link(media_url, line.source)
    doc.add_linked_file(url, relpath=relative, mimetype=mime)
    for label, spans in appearances(line.segments).groupby("label", sort=True):
        _add_tier(doc, str(label), PERSON_TYPE, spans, line.fps)
    if groups:
        spans = group_appearances(_group_segments(results, line.job_id))
        for group, rows in spans.groupby("group", sort=True):
            _add_tier(doc, str(group), GROUP_TYPE, rows, line.fps,
                      value=str(group).split(": ", 1)[1])
    doc.remove_tier("default")
    doc.remove_linguistic_type("default-lt")
    return doc


def eaf(results: object, media: Any = None, *, module: str | Iterable[str] | None = None,
        persons: Iterable[str] | None = None, unknown: Unknown = "label",
        media_url: str | Path | None = None, groups: bool = True) -> str:
    """ELAN ``.eaf`` XML of ``results``: a tier per person and per diversity group.

    ``media_url``: the media file ELAN opens (a path, made a ``file://`` URL, or a URL;
    default: the job's source as the API names it). ``groups=False`` leaves the
    diversity tiers out. ``module``, ``persons`` and ``unknown`` choose the persons as
    in :func:`~deepva_frames.tracks.vtt`; the group tiers come from every segment of
    the job that carries ``gender`` or ``age``.

    >>> import pandas as pd
    >>> seg = pd.DataFrame({"job_id": "j", "segment_id": ["a"], "frame_start": [0],
    ...                     "frame_end": [5], "person": ["Ann"]})
    >>> det = pd.DataFrame(columns=["segment_id", "frame_index", "x", "y", "w", "h"])
    >>> eaf((seg, det), 25).count("<TIER ")
    1
    """
    from pympi.Elan import to_string

    return to_string(eaf_document(results, media, module=module, persons=persons,
                                  unknown=unknown, media_url=media_url, groups=groups))
