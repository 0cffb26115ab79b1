"""The overlay's box outlines as ASS vector drawings, pixel for pixel.

A box is drawn by the overlay's own :class:`~deepva_frames.overlay.BoxAnnotator` onto a
small blank canvas (solid, or dashed for unknown faces, at the thickness the overlay
uses for the frame size); the pixels it sets are cut into disjoint rectangles (bands of
identical rows, one rectangle per run of pixels), which
become one ASS drawing (``m x0 y0 l x1 y0 x1 y1 x0 y1`` per rectangle, in the script's
pixels). Disjoint rectangles fill the same way under either fill rule a renderer uses.

>>> mask = np.zeros((4, 6), bool)
>>> mask[0, :] = mask[3, :] = mask[:, 0] = mask[:, 5] = True
>>> mask_rects(mask)
[(0, 0, 6, 1), (0, 1, 1, 3), (5, 1, 6, 3), (0, 3, 6, 4)]
>>> outline_drawing((10, 10, 15, 13), dashed=False, thickness=1)[:25]
'm 10 10 l 16 10 16 11 10 '
"""

from __future__ import annotations

import numpy as np

from ..overlay.model import BoxAnnotator, Layout, Style

__all__ = ["Shapes", "mask_rects", "outline_drawing", "rect_drawing"]

Rect = tuple[int, int, int, int]


def mask_rects(mask: np.ndarray) -> list[Rect]:
    """Disjoint rectangles ``(x0, y0, x1, y1)`` (ends exclusive) covering ``mask``
    exactly: each band of identical consecutive rows gives one rectangle per run.

    >>> mask_rects(np.array([[True, False, True]]))
    [(0, 0, 1, 1), (2, 0, 3, 1)]
    """
    mask = np.asarray(mask, bool)
    if not mask.size:
        return []
    changed = np.empty(len(mask), bool)
    changed[0] = True
    changed[1:] = (mask[1:] != mask[:-1]).any(axis=1)
    starts = np.flatnonzero(changed)
    stops = np.append(starts[1:], len(mask))
    padded = np.zeros((len(starts), mask.shape[1] + 2), np.int8)
    padded[:, 1:-1] = mask[starts]
    band, col = np.nonzero(np.diff(padded, axis=1))     # run edges, in pairs per band
    band, x0, x1 = band[::2], col[::2], col[1::2]
    return list(zip(x0.tolist(), starts[band].tolist(), x1.tolist(), stops[band].tolist(),
                    strict=True))


def rect_drawing(rects: list[Rect], offset: tuple[int, int] = (0, 0)) -> str:
    """ASS drawing commands of rectangles, shifted by ``offset``.

    >>> rect_drawing([(0, 0, 2, 1)], (5, 5))
    'm 5 5 l 7 5 7 6 5 6'
    """
    dx, dy = offset
    return " ".join(f"m {x0 + dx} {y0 + dy} l {x1 + dx} {y0 + dy} {x1 + dx} {y1 + dy} "
                    f"{x0 + dx} {y1 + dy}" for x0, y0, x1, y1 in rects)


#: Outlines already drawn, keyed by box size ``(w, h, dashed, thickness)``.
Shapes = dict[tuple[int, int, bool, int], list[Rect]]


def outline_drawing(box: Rect, *, dashed: bool, thickness: int,
                    shapes: Shapes | None = None) -> str:
    """The drawing of the outline the overlay draws for pixel box ``box`` (corners
    inclusive, as in a :class:`~deepva_frames.overlay.Layout`), on an unbounded frame.
    ``shapes``: a dict the caller keeps to reuse outlines of boxes of the same size.

    >>> outline_drawing((0, 0, 3, 3), dashed=False, thickness=1)
    'm 0 0 l 4 0 4 1 0 1 m 0 1 l 1 1 1 3 0 3 m 3 1 l 4 1 4 3 3 3 m 0 3 l 4 3 4 4 0 4'
    """
    x0, y0, x1, y1 = box
    key = (x1 - x0, y1 - y0, dashed, thickness)
    rects = shapes.get(key) if shapes is not None else None
    if rects is None:
        rects = _outline_rects(*key)
        if shapes is not None:
            shapes[key] = rects
    return rect_drawing(rects, (x0, y0))


def _outline_rects(width: int, height: int, dashed: bool, thickness: int) -> list[Rect]:
    """The outline of a box ``width`` x ``height`` (corner to corner) at the origin:
    dashes start at the box's corner, so the shape depends on the size alone."""
    margin = thickness + 2
    canvas = np.zeros((height + 1 + 2 * margin, width + 1 + 2 * margin, 3), np.uint8)
    layout = Layout(np.array([[margin, margin, margin + width, margin + height]], np.int32),
                    np.full((1, 4), -1, np.int32), (Style((255, 255, 255), dashed, ""),))
    BoxAnnotator(thickness=thickness).draw(canvas, layout)
    return [(a - margin, b - margin, c - margin, d - margin)
            for a, b, c, d in mask_rects(canvas[:, :, 0] > 0)]
