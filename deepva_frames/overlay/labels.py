"""Label text and label placement: inside the frame, never on top of each other.

>>> label_text("unknown", "Henrik Vass", 0.44)
'? Henrik Vass 0.44'
>>> place_labels([(10, 40, 60, 100), (20, 42, 70, 102)], [(50, 12), (50, 12)], (200, 200))
[(10, 28), (20, 103)]
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterator, Sequence

__all__ = ["LABEL_FIELDS", "ascii_text", "is_unknown", "label_text", "overlap", "place_labels"]

LABEL_FIELDS = ("person", "similarity", "closest_person")

Rect = tuple[int, int, int, int]


def is_unknown(person: object) -> bool:
    """True for a face the recognition did not identify (null, empty or 'unknown').

    >>> is_unknown("unknown"), is_unknown(None), is_unknown("Mara Lindqvist")
    (True, True, False)
    """
    if person is None or (isinstance(person, float) and math.isnan(person)):
        return True
    try:
        text = str(person).strip()
    except (TypeError, ValueError):
        return True
    return text == "" or text.lower() in ("unknown", "<na>", "nan", "none")


def _present(value: object) -> bool:
    return not is_unknown(value)


def label_text(person: object, closest_person: object = None, similarity: object = None,
               fields: Sequence[str] = LABEL_FIELDS) -> str:
    """The label of a box: the person, or "? closest_person" for an unknown, and similarity.

    ``fields`` picks what is shown among ``person``, ``similarity``, ``closest_person``.

    >>> label_text("Mara Lindqvist", None, 0.661)
    'Mara Lindqvist 0.66'
    >>> label_text("unknown", "Henrik Vass", 0.44, fields=("person",))
    'unknown'
    >>> label_text("Mara Lindqvist", fields=())
    ''
    """
    parts = []
    if is_unknown(person):
        if "closest_person" in fields and _present(closest_person):
            parts.append(f"? {closest_person}")
        elif "person" in fields or "closest_person" in fields:
            parts.append("unknown")
    elif "person" in fields:
        parts.append(str(person))
    if "similarity" in fields and similarity is not None:
        try:
            value = float(similarity)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            value = math.nan
        if math.isfinite(value):
            parts.append(f"{value:.2f}")
    return " ".join(parts)


def ascii_text(text: str) -> str:
    """``text`` without accents (OpenCV's Hershey fonts draw only ASCII).

    >>> ascii_text("Lucía Ferreira")
    'Lucia Ferreira'
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return plain if plain.strip() or not text.strip() else "?"


def overlap(a: Rect, b: Rect) -> int:
    """Area shared by two rectangles ``(x0, y0, x1, y1)`` (ends exclusive).

    >>> overlap((0, 0, 10, 10), (5, 5, 20, 20)), overlap((0, 0, 10, 10), (10, 0, 20, 10))
    (25, 0)
    """
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0


def _candidates(box: Rect, size: tuple[int, int], frame: tuple[int, int]
                ) -> Iterator[tuple[int, int]]:
    """Positions to try, best first: above the box, below it, inside its top, then stacked."""
    x0, y0, _, y1 = box
    w, h = size
    width, height = frame
    x = min(max(x0, 0), max(width - w, 0))
    top = max(height - h, 0)
    yield x, min(max(y0 - h, 0), top)
    yield x, min(max(y1 + 1, 0), top)
    yield x, min(max(y0, 0), top)
    for k in range(1, max(1, math.ceil(height / max(h, 1))) + 1):
        yield x, min(max(y0 - h * (k + 1), 0), top)
        yield x, min(max(y1 + 1 + h * k, 0), top)


def _best(cands: Iterator[tuple[int, int]], size: tuple[int, int], placed: list[Rect]
          ) -> tuple[int, int]:
    w, h = size
    best, best_cost = (0, 0), None
    for x, y in cands:
        rect = (x, y, x + w, y + h)
        cost = sum(overlap(rect, other) for other in placed)
        if cost == 0:
            return x, y
        if best_cost is None or cost < best_cost:
            best, best_cost = (x, y), cost
    return best


def place_labels(boxes: Sequence[Rect], sizes: Sequence[tuple[int, int]],
                 frame_size: tuple[int, int]) -> list[tuple[int, int]]:
    """Top-left corners of labels of ``sizes`` (w, h) for ``boxes`` (x0, y0, x1, y1 px).

    Each label goes above its box, else below it, else inside its top edge, else
    stacked further up or down; always inside the frame ``(width, height)``, and never
    over a label placed before it while a free place exists. Boxes are served top to
    bottom, left to right; the result follows the order of ``boxes``.

    >>> place_labels([(0, 0, 50, 50)], [(40, 10)], (100, 100))
    [(0, 0)]
    """
    order = sorted(range(len(boxes)), key=lambda i: (boxes[i][1], boxes[i][0], i))
    placed: list[Rect] = []
    out: dict[int, tuple[int, int]] = {}
    for i in order:
        w, h = sizes[i]
        x, y = _best(_candidates(boxes[i], (w, h), frame_size), (w, h), placed)
        placed.append((x, y, x + w, y + h))
        out[i] = (x, y)
    return [out[i] for i in range(len(boxes))]
