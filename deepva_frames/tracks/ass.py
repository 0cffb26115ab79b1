"""ASS (Advanced SubStation Alpha): the overlay's boxes and labels, drawn by the player.

The script is at the media's resolution (``PlayResX``/``PlayResY``) and its events
follow the media's frames: each box is the box :func:`deepva_frames.overlay.render`
draws on that frame (same segments, interpolation, pixels, dashes for unknown faces,
label places and colours: the overlay's frame model, :mod:`deepva_frames.overlay.model`,
plans both). A box that stays put over several frames is one event. Each person is
an ASS style (unknown faces share the style ``unknown``), so an editor such as Aegisub
can hide one; VLC, mpv and FFmpeg's ``ass`` filter draw the file over the untouched
video, as inaFaceAnalyzer's ASS export does.

Layers: 0 the box outlines, 1 the label backgrounds, 2 the label texts (in the player's
font, so the text itself is not the overlay's pixels; its place and colours are).

>>> import pandas as pd
>>> seg = pd.DataFrame({"job_id": "j", "segment_id": ["a"], "frame_start": [0],
...                     "frame_end": [2], "person": ["Ann"]})
>>> det = pd.DataFrame({"job_id": "j", "segment_id": "a", "frame_index": [0],
...                     "x": 0.2, "y": 0.3, "w": 0.4, "h": 0.4})
>>> media = {"fps": 25.0, "width": 640, "height": 360}
>>> text = ass((seg, det), media)
>>> "PlayResX: 640" in text, "Style: Ann," in text
(True, True)
>>> [line[:40] for line in text.splitlines() if line.startswith("Dialogue")][0]
'Dialogue: 0,0:00:00.00,0:00:00.08,Ann,An'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..overlay.model import BoxAnnotator, FrameDrawer, frame_drawer, is_unknown, text_color_on
from .shapes import Shapes, outline_drawing, rect_drawing
from .timeline import UNKNOWN, Timeline, Unknown, boundary_ms, timeline

__all__ = ["ass", "ass_file"]

ASS_UNIT_MS = 10          # ASS times are centiseconds
FONT = "DejaVu Sans"
TEXT_SIZE = 0.7           # font size as a share of the label's height

BGR = tuple[int, int, int]
Key = tuple[int, tuple[int, ...], tuple[int, ...]]


def _ass_color(color: BGR) -> str:
    blue, green, red = color
    return f"&H{blue:02X}{green:02X}{red:02X}&"


def _style_name(person: object) -> str:
    name = UNKNOWN if is_unknown(person) else str(person)
    return name.replace(",", " ").strip() or UNKNOWN


def _escape(text: str) -> str:
    return text.replace("\\", "/").replace("{", "(").replace("}", ")")


def _runs(drawer: FrameDrawer) -> Iterator[tuple[Key, int, int]]:
    """``(key, first frame, end frame)`` of each box held identical over frames; key:
    ``(label row, box corners, label rectangle)``."""
    frames = drawer.plan.frames
    if not len(frames):
        return
    opened: dict[Key, int] = {}
    for index in range(int(frames[0]), int(frames[-1]) + 2):
        layout = drawer.layout(index)
        keys: set[Key] = set()
        if layout is not None:
            lo = int(drawer.ends[index])
            ids = drawer.plan.style_ids[lo:lo + len(layout.boxes)].tolist()
            keys = {(i, tuple(b), tuple(r)) for i, b, r in
                    zip(ids, layout.boxes.tolist(), layout.labels.tolist(), strict=True)}
        for key in [k for k in opened if k not in keys]:
            yield key, opened.pop(key), index
        for key in keys:
            opened.setdefault(key, index)


def _add_styles(subs: Any, drawer: FrameDrawer, annotator: BoxAnnotator) -> None:
    import pysubs2

    subs.styles.clear()
    for person in drawer.plan.labels["person"].astype(object):
        name = _style_name(person)
        if name in subs.styles:
            continue
        blue, green, red = annotator.color(person)
        subs.styles[name] = pysubs2.SSAStyle(
            fontname=FONT, fontsize=20, primarycolor=pysubs2.Color(red, green, blue),
            outlinecolor=pysubs2.Color(0, 0, 0), backcolor=pysubs2.Color(0, 0, 0),
            outline=0, shadow=0, alignment=pysubs2.Alignment.TOP_LEFT,
            marginl=0, marginr=0, marginv=0)


def _events(key: Key, drawer: FrameDrawer, names: list[str], thickness: int,
            shapes: Shapes) -> Iterator[tuple[int, str, str]]:
    """``(layer, style, text)`` of one held box: outline, label background, label text."""
    row, box, rect = key
    style = drawer.styles[row]
    name = names[row]
    drawing = outline_drawing(box, dashed=style.dashed, thickness=thickness,  # type: ignore[arg-type]
                              shapes=shapes)
    yield 0, name, f"{{\\an7\\pos(0,0)\\p1}}{drawing}{{\\p0}}"
    if rect[0] < 0 or not style.text:
        return
    x0, y0, x1, y1 = rect
    yield 1, name, f"{{\\an7\\pos(0,0)\\p1}}{rect_drawing([(x0, y0, x1, y1)])}{{\\p0}}"
    size = max(1, round((y1 - y0) * TEXT_SIZE))
    color = _ass_color(text_color_on(style.color))
    yield 2, name, (f"{{\\an5\\pos({(x0 + x1) / 2:g},{(y0 + y1) / 2:g})\\fs{size}\\1c{color}}}"
                    f"{_escape(style.text)}")


def ass_file(line: Timeline, *, interpolate: bool = True,
             annotator: BoxAnnotator | None = None) -> Any:
    """A ``pysubs2.SSAFile`` of ``line``'s boxes (see the module's description).

    >>> import pandas as pd
    >>> seg = pd.DataFrame({"job_id": "j", "segment_id": ["a"], "frame_start": [0],
    ...                     "frame_end": [1], "person": ["Ann"], "label": ["Ann"]})
    >>> det = pd.DataFrame({"job_id": "j", "segment_id": "a", "frame_index": [0],
    ...                     "x": 0.2, "y": 0.3, "w": 0.4, "h": 0.4})
    >>> line = Timeline("j", "", seg, det, 25.0, 64, 36, 1)
    >>> [(e.start, e.end, e.layer) for e in ass_file(line)]
    [(0, 40, 0), (0, 40, 1), (0, 40, 2)]
    """
    import pysubs2

    annotator = annotator or BoxAnnotator()
    info = line.video_info()
    media = {"fps": line.fps, "width": line.width, "height": line.height,
             "total_frames": line.frames}
    drawer = frame_drawer(info, (line.segments, line.detections), media=media,
                          interpolate=interpolate, annotator=annotator)
    subs = pysubs2.SSAFile()
    subs.info.update({"Title": f"DeepVA faces, job {line.job_id}", "PlayResX": str(info.width),
                      "PlayResY": str(info.height), "WrapStyle": "2",
                      "ScaledBorderAndShadow": "yes", "YCbCr Matrix": "None"})
    _add_styles(subs, drawer, annotator)
    thickness = annotator.metrics(info.size)[0]
    names = [_style_name(p) for p in drawer.plan.labels["person"].astype(object)]
    shapes: Shapes = {}
    for key, first, end in sorted(_runs(drawer), key=lambda run: (run[1], run[0])):
        start_ms = boundary_ms(first, line.fps, unit_ms=ASS_UNIT_MS)
        end_ms = boundary_ms(end, line.fps, unit_ms=ASS_UNIT_MS)
        for layer, style, text in _events(key, drawer, names, thickness, shapes):
            subs.append(pysubs2.SSAEvent(start=start_ms, end=end_ms, layer=layer, style=style,
                                         name=style, text=text))
    return subs


def ass(results: object, media: Any = None, *, module: str | Iterable[str] | None = None,
        persons: Iterable[str] | None = None, unknown: Unknown = "label",
        interpolate: bool = True, annotator: BoxAnnotator | None = None) -> str:
    """ASS text drawing the boxes and labels of ``results`` over the media.

    ``media`` must give the media's fps and size (the media table, or a row of it);
    ``module``, ``persons`` and ``unknown`` as in :func:`~deepva_frames.tracks.vtt`
    (``unknown="drop"`` leaves unknown faces' boxes out; their labels stay the
    overlay's); ``interpolate`` and ``annotator`` (colours, thickness, label fields) as
    in :func:`deepva_frames.overlay.render`.

    >>> import pandas as pd
    >>> seg = pd.DataFrame({"job_id": "j", "segment_id": ["a"], "frame_start": [0],
    ...                     "frame_end": [2], "person": ["Ann"]})
    >>> det = pd.DataFrame({"job_id": "j", "segment_id": "a", "frame_index": [0],
    ...                     "x": 0.2, "y": 0.3, "w": 0.4, "h": 0.4})
    >>> ass((seg, det), 25)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    deepva_frames.tracks.timeline.TracksError: job j: the media's size is unknown; ...
    """
    line = timeline(results, media, module=module, persons=persons, unknown=unknown)
    return ass_file(line, interpolate=interpolate, annotator=annotator).to_string("ass")
