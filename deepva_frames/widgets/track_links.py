"""The job explorer's "tracks" action: the shown persons' tracks as download links.

Each link carries its file in a ``data:`` URL, so the notebook needs no server route and
the browser saves the file under its name. The tracks are those of
:mod:`deepva_frames.tracks` with the explorer's module and person filter.

>>> import deepva_frames as dvf
>>> c = dvf.sample_client()
>>> job = "59f723cb-c457-5276-9089-caf1c7747fe3"
>>> links = track_links(c.detailed_results(job), c.media([job]), stem="job-59f723cb")
>>> links.count("<a "), 'download="job-59f723cb.vtt"' in links
(4, True)
"""

from __future__ import annotations

import base64
import html
from collections.abc import Iterable
from typing import Any

__all__ = ["LINKED", "track_links"]

#: format -> (link text, MIME type) of the files offered
LINKED = {"vtt": ("WebVTT", "text/vtt"), "srt": ("SRT", "application/x-subrip"),
          "ass": ("ASS (boxes)", "text/x-ssa"), "eaf": ("ELAN", "application/xml")}


def track_links(results: object, media: Any, *, stem: str,
                module: str | Iterable[str] | None = None,
                persons: Iterable[str] | None = None) -> str:
    """HTML: one download link per format of :data:`LINKED` (``<stem>.vtt``, ...), or the
    reason there are none (a TracksError's message)."""
    from ..tracks import FORMATS, TracksError

    chosen = None if persons is None else list(persons)
    links = []
    try:
        for name, (title, mime) in LINKED.items():
            writer, extension = FORMATS[name]
            text = writer(results, media, module=module, persons=chosen)
            data = base64.b64encode(text.encode("utf-8")).decode("ascii")
            links.append(f'<a download="{html.escape(stem + extension)}" '
                         f'href="data:{mime};charset=utf-8;base64,{data}">{title}</a>')
    except TracksError as error:
        return f'<span class="dvf-note">no tracks: {html.escape(str(error))}</span>'
    return "tracks: " + " · ".join(links)
