"""Shared constants and pure helpers: ids, timestamps, paging, timecodes, intervals."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

FETCHED_AT = "2026-11-02T09:00:00.000000Z"
API_BASE = "https://api.deepva.com/api/v1"
PAGE_LIMIT = 10
NAMESPACE = uuid.UUID("6f1b0c3e-5d3a-4e0b-9a77-2f4c1d8e9b10")
_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


def uid(*parts: object) -> str:
    """A stable UUID (version 5) for a fixed name such as ``uid("job", "newsroom")``."""
    return str(uuid.uuid5(NAMESPACE, "/".join(str(p) for p in parts)))


def _digest(*parts: object) -> bytes:
    return hashlib.sha256("/".join(str(p) for p in parts).encode("utf-8")).digest()


def storage_url(name: str) -> str:
    """A ``storage://`` URI with a 20-character key derived from the object's name."""
    digest = _digest("storage", name)
    return "storage://" + "".join(_ALPHABET[b % len(_ALPHABET)] for b in digest[:20])


def micros(*parts: object) -> int:
    """A fixed pseudo-random microsecond count for a name (timestamps look natural)."""
    return int.from_bytes(_digest("micros", *parts)[:4], "big") % 1_000_000


def when(base: str, seconds: float = 0.0, *name: object) -> datetime:
    """``base`` ("2026-10-05 08:14:28") plus ``seconds``, with microseconds from ``name``."""
    start = datetime.strptime(base, "%Y-%m-%d %H:%M:%S")
    return start + timedelta(seconds=seconds, microseconds=micros(base, seconds, *name))


def ts_space(moment: datetime) -> str:
    """The API's job/batch/dataset form: ``2026-10-05 08:14:28.430144``."""
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def ts_zulu(moment: datetime) -> str:
    """The API's storage/report/artifact form: ``2026-10-06T12:54:49.076399Z``."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def page_link(path: str, params: Mapping[str, str] | None, offset: int) -> str:
    """The absolute link the API puts in ``next``/``prev`` for a page of ``path``."""
    query = [("limit", str(PAGE_LIMIT)), ("offset", str(offset)),
             *sorted((params or {}).items())]
    return f"{API_BASE}/{path.strip('/')}/?{urlencode(query)}"


def paginate(path: str, records: list[Any],
             params: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Every page of a listing as the API serves it with the default ``limit=10``."""
    total = len(records)
    pages = []
    for offset in range(0, max(total, 1), PAGE_LIMIT):
        following = offset + PAGE_LIMIT
        pages.append({
            "total": total,
            "offset": offset,
            "limit": PAGE_LIMIT,
            "next": page_link(path, params, following) if following < total else None,
            "prev": page_link(path, params, max(offset - PAGE_LIMIT, 0)) if offset else None,
            "data": records[offset:following],
        })
    return pages


def timecode(frame: int, fps: float) -> str:
    """SMPTE timecode of a frame: non-drop ``HH:MM:SS:FF``, or drop-frame ``HH:MM:SS;FF``
    for 29.97 fps (frame numbers 0 and 1 skipped each minute except every tenth).

    >>> timecode(1800, 29.97), timecode(17982, 29.97), timecode(1799, 29.97)
    ('00:01:00;02', '00:10:00;00', '00:00:59;29')
    >>> timecode(56, 25.0)
    '00:00:02:06'
    """
    if abs(fps - 29.97) < 1e-6:
        tens, rest = divmod(frame, 17982)
        frame += 18 * tens + (2 * ((rest - 2) // 1798) if rest >= 2 else 0)
        nominal, sep = 30, ";"
    else:
        nominal, sep = round(fps), ":"
    seconds, frames = divmod(frame, nominal)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{sep}{frames:02d}"


def union_length(intervals: Iterable[tuple[int, int]]) -> int:
    """Total length of the union of half-open ``[start, end)`` intervals."""
    total, reach = 0, None
    for start, end in sorted(intervals):
        if reach is None or start > reach:
            total += end - start
            reach = end
        elif end > reach:
            total += end - reach
            reach = end
    return total
