"""BoxAnnotator: face boxes and labels on a frame, in the spirit of supervision.

Settings go into ``__init__``; :meth:`BoxAnnotator.annotate` returns a new frame and
leaves the given one untouched. Recognised people get a solid box in their colour
(stable across frames and runs); unknown faces a dashed grey box labelled
``"? <closest_person>"``.

>>> import numpy as np, pandas as pd
>>> frame = np.zeros((360, 640, 3), np.uint8)
>>> boxes = pd.DataFrame({"x": [0.2, 0.6], "y": [0.2, 0.25], "w": [0.15, 0.15],
...                       "h": [0.4, 0.4], "person": ["Mara Lindqvist", "unknown"],
...                       "closest_person": [None, "Henrik Vass"],
...                       "mean_similarity": [0.66, 0.44]})
>>> annotator = BoxAnnotator(thickness=2)
>>> out = annotator.annotate(frame, boxes)
>>> out.shape, int(frame.sum()), tuple(out[144, 128]) == annotator.color("Mara Lindqvist")
((360, 640, 3), 0, True)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import cv2
import numpy as np
import pandas as pd

from .colors import BGR, OKABE_ITO, UNKNOWN_COLOR, color_for, text_color_on
from .geometry import clip_boxes, to_pixels, warn_clipped
from .labels import LABEL_FIELDS, ascii_text, is_unknown, label_text, place_labels

__all__ = ["BoxAnnotator", "Layout", "Style"]

FONT = cv2.FONT_HERSHEY_SIMPLEX
CACHE_LIMIT = 4096


@dataclass(frozen=True)
class Style:
    """How one box is drawn: its colour, solid or dashed, and its label text."""

    color: BGR
    dashed: bool
    text: str


@dataclass(frozen=True)
class Layout:
    """Where boxes and labels go on a frame, in pixels.

    ``boxes``: int32 ``(n, 4)`` corners ``x0, y0, x1, y1`` (inclusive); ``labels``:
    int32 ``(n, 4)`` label rectangles (ends exclusive), ``-1`` rows for no label.
    """

    boxes: np.ndarray
    labels: np.ndarray
    styles: tuple[Style, ...]


def _column(boxes: pd.DataFrame, *names: str) -> list[object]:
    for name in names:
        if name in boxes.columns:
            return boxes[name].astype(object).where(boxes[name].notna(), None).tolist()
    return [None] * len(boxes)


class BoxAnnotator:
    """Draws face boxes with labels; one instance keeps its settings and caches.

    Parameters (all keyword-only):

    - thickness: box line width in pixels; None scales with the frame (2 px at 360p).
    - font_scale: OpenCV font scale of labels; None scales with the frame (0.45 at 360p).
    - labels: what labels show, any of ``"person"``, ``"similarity"`` and
      ``"closest_person"`` (shown as ``"? <name>"`` for unknown faces); ``()`` for none.
    - palette: colours (BGR) picked per person by a stable hash of the name.
    - colors: explicit colours per person, taking precedence over the palette.
    - unknown_color: colour of unknown faces (drawn dashed).

    >>> BoxAnnotator(labels=("person",)).style("unknown", "Henrik Vass", 0.4).text
    'unknown'
    """

    def __init__(self, *, thickness: int | None = None, font_scale: float | None = None,
                 labels: Sequence[str] = LABEL_FIELDS, palette: Sequence[BGR] = OKABE_ITO,
                 colors: Mapping[str, BGR] | None = None,
                 unknown_color: BGR = UNKNOWN_COLOR):
        unknown_fields = set(labels) - set(LABEL_FIELDS)
        if unknown_fields:
            raise ValueError(f"labels may hold {', '.join(LABEL_FIELDS)}; "
                             f"not {', '.join(sorted(unknown_fields))}")
        if thickness is not None and thickness < 1:
            raise ValueError(f"thickness must be at least 1, not {thickness}")
        self.thickness = thickness
        self.font_scale = font_scale
        self.labels = tuple(labels)
        self.palette = tuple(palette)
        self.colors = dict(colors or {})
        self.unknown_color = tuple(unknown_color)
        self._patches: dict[tuple[str, BGR, float, int], np.ndarray] = {}

    def __repr__(self) -> str:
        return (f"BoxAnnotator(thickness={self.thickness}, font_scale={self.font_scale}, "
                f"labels={self.labels})")

    def color(self, person: object) -> BGR:
        """The colour of ``person``'s boxes (grey for an unknown face).

        >>> BoxAnnotator(colors={"Ann": (0, 0, 255)}).color("Ann")
        (0, 0, 255)
        """
        if is_unknown(person):
            return self.unknown_color  # type: ignore[return-value]
        name = str(person)
        return tuple(self.colors.get(name) or color_for(name, self.palette))  # type: ignore[return-value]

    def style(self, person: object, closest_person: object = None,
              similarity: object = None) -> Style:
        """The :class:`Style` of a box of ``person`` (``closest_person`` for unknowns).

        >>> BoxAnnotator().style("unknown", "Henrik Vass", 0.44).dashed
        True
        """
        text = ascii_text(label_text(person, closest_person, similarity, self.labels))
        return Style(self.color(person), is_unknown(person), text)

    def styles(self, boxes: pd.DataFrame) -> list[Style]:
        """One :class:`Style` per row of ``boxes`` (columns person, closest_person,
        mean_similarity or similarity; any may be missing).

        >>> [s.text for s in BoxAnnotator().styles(pd.DataFrame({"person": ["Ann"]}))]
        ['Ann']
        """
        people = _column(boxes, "person")
        closest = _column(boxes, "closest_person")
        similarity = _column(boxes, "mean_similarity", "similarity")
        return [self.style(p, c, s) for p, c, s in zip(people, closest, similarity, strict=True)]

    def metrics(self, frame_size: tuple[int, int]) -> tuple[int, float, int]:
        """``(box thickness, font scale, text thickness)`` for a frame ``(width, height)``.

        >>> BoxAnnotator().metrics((640, 360))
        (2, 0.45, 1)
        """
        short = min(frame_size)
        thickness = self.thickness or max(2, round(short / 360 * 2))
        scale = self.font_scale or float(np.clip(round(0.45 * short / 360, 2), 0.35, 1.4))
        return thickness, scale, max(1, round(scale * 1.6))

    def _patch(self, style: Style, scale: float, text_thickness: int) -> np.ndarray:
        key = (style.text, style.color, scale, text_thickness)
        patch = self._patches.get(key)
        if patch is None:
            (tw, th), base = cv2.getTextSize(style.text, FONT, scale, text_thickness)
            pad = max(2, round(4 * scale))
            patch = np.empty((th + base + 2 * pad, tw + 2 * pad, 3), np.uint8)
            patch[:] = style.color
            cv2.putText(patch, style.text, (pad, pad + th), FONT, scale,
                        text_color_on(style.color), text_thickness, cv2.LINE_AA)
            if len(self._patches) >= CACHE_LIMIT:
                self._patches.clear()
            self._patches[key] = patch
        return patch

    def layout_pixels(self, xyxy: np.ndarray, styles: Sequence[Style],
                      frame_size: tuple[int, int]) -> Layout:
        """The :class:`Layout` of pixel boxes ``xyxy`` (int ``(n, 4)``) on a frame.

        >>> box = np.array([[100, 100, 200, 200]])
        >>> BoxAnnotator().layout_pixels(box, [Style((0, 0, 0), False, "")], (640, 360)).labels
        array([[-1, -1, -1, -1]], dtype=int32)
        """
        _, scale, tt = self.metrics(frame_size)
        rects = np.full((len(styles), 4), -1, np.int32)
        with_text = [i for i, s in enumerate(styles) if s.text]
        if with_text:
            sizes = [self._patch(styles[i], scale, tt).shape[1::-1] for i in with_text]
            anchors = [(int(xyxy[i][0]), int(xyxy[i][1]), int(xyxy[i][2]), int(xyxy[i][3]))
                       for i in with_text]
            corners = place_labels(anchors, sizes, frame_size)
            for i, (x, y), (w, h) in zip(with_text, corners, sizes, strict=True):
                rects[i] = (x, y, x + w, y + h)
        return Layout(np.asarray(xyxy, np.int32).reshape(-1, 4), rects, tuple(styles))

    def layout(self, boxes: pd.DataFrame | np.ndarray, frame_size: tuple[int, int]) -> Layout:
        """The :class:`Layout` of ``boxes`` (normalized x, y, w, h) on a frame (w, h).

        Boxes reaching outside [0, 1] are clipped (counted in an OverlayWarning);
        rows without coordinates are skipped.

        >>> df = pd.DataFrame({"x": [0.1], "y": [0.5], "w": [0.2], "h": [0.2], "person": ["A"]})
        >>> BoxAnnotator().layout(df, (100, 100)).boxes.tolist()
        [[10, 50, 29, 69]]
        """
        boxes = _as_boxes(boxes)
        xywh = boxes[["x", "y", "w", "h"]].to_numpy(dtype=np.float64, na_value=np.nan)
        xyxy, keep, clipped = clip_boxes(xywh)
        warn_clipped(clipped, len(boxes), int((~keep).sum()), stacklevel=4)
        styles = [s for s, k in zip(self.styles(boxes), keep, strict=True) if k]
        return self.layout_pixels(to_pixels(xyxy[keep], frame_size), styles, frame_size)

    def draw(self, image: np.ndarray, layout: Layout) -> None:
        """Draw ``layout`` onto ``image`` in place (the fast path :func:`render` uses).

        >>> img = np.zeros((50, 50, 3), np.uint8)
        >>> BoxAnnotator(thickness=1).draw(img, Layout(np.array([[5, 5, 20, 20]]),
        ...     np.full((1, 4), -1), (Style((0, 0, 255), False, ""),)))
        >>> tuple(img[5, 10])
        (np.uint8(0), np.uint8(0), np.uint8(255))
        """
        height, width = image.shape[:2]
        thickness, scale, tt = self.metrics((width, height))
        for (x0, y0, x1, y1), style in zip(layout.boxes.tolist(), layout.styles, strict=True):
            if style.dashed:
                _dashed_rect(image, (x0, y0, x1, y1), style.color, thickness)
            else:
                cv2.rectangle(image, (x0, y0), (x1, y1), style.color, thickness)
        for rect, style in zip(layout.labels.tolist(), layout.styles, strict=True):
            if rect[0] >= 0:
                patch = self._patch(style, scale, tt)
                x, y = rect[0], rect[1]
                h, w = min(patch.shape[0], height - y), min(patch.shape[1], width - x)
                image[y:y + h, x:x + w] = patch[:h, :w]

    def annotate(self, frame: np.ndarray, boxes: pd.DataFrame | np.ndarray) -> np.ndarray:
        """A copy of ``frame`` (BGR uint8, H x W x 3) with ``boxes`` drawn; ``frame`` is
        left untouched.

        ``boxes``: a table with normalized ``x, y, w, h`` (a box's top-left corner and
        size, as in the detections table) and optionally ``person``, ``closest_person``,
        ``mean_similarity`` (e.g. detections joined with their segments, or
        :func:`deepva_frames.overlay.boxes_at`); or an ``(n, 4)`` array of x, y, w, h
        (drawn without labels).

        >>> img = np.zeros((40, 40, 3), np.uint8)
        >>> out = BoxAnnotator(labels=()).annotate(img, pd.DataFrame(
        ...     {"x": [0.25], "y": [0.25], "w": [0.5], "h": [0.5], "person": ["A"]}))
        >>> bool(out.any()), bool(img.any())
        (True, False)
        """
        _check_frame(frame)
        out = frame.copy()
        self.draw(out, self.layout(boxes, (frame.shape[1], frame.shape[0])))
        return out


def _as_boxes(boxes: pd.DataFrame | np.ndarray) -> pd.DataFrame:
    if not isinstance(boxes, pd.DataFrame):
        try:
            array = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
        except (TypeError, ValueError):
            raise ValueError("boxes must be a table with columns x, y, w, h or an (n, 4) "
                             f"array, not {type(boxes).__name__}") from None
        return pd.DataFrame(array, columns=["x", "y", "w", "h"])
    missing = [c for c in ("x", "y", "w", "h") if c not in boxes.columns]
    if missing:
        raise ValueError(f"boxes lack column(s) {', '.join(missing)} (normalized box "
                         "corner and size, as in the detections table)")
    return boxes


def _check_frame(frame: np.ndarray) -> None:
    if not (isinstance(frame, np.ndarray) and frame.ndim == 3 and frame.shape[2] == 3
            and frame.dtype == np.uint8):
        shape = getattr(frame, "shape", None)
        raise ValueError(f"a frame is a BGR uint8 array of shape (H, W, 3), not {shape}")


def _dashed_rect(image: np.ndarray, box: tuple[int, int, int, int], color: BGR,
                 thickness: int) -> None:
    """A dashed rectangle (dash and gap of ``3 * thickness + 3`` px), by array slicing."""
    x0, y0, x1, y1 = box
    height, width = image.shape[:2]
    dash = 3 * thickness + 3
    lo = thickness // 2
    for y in (y0, y1):
        cols = np.arange(x0, x1 + 1)
        cols = cols[(cols - x0) % (2 * dash) < dash]
        image[max(0, y - lo):min(height, y - lo + thickness), cols] = color
    for x in (x0, x1):
        rows = np.arange(y0, y1 + 1)
        rows = rows[(rows - y0) % (2 * dash) < dash]
        image[rows, max(0, x - lo):min(width, x - lo + thickness)] = color
