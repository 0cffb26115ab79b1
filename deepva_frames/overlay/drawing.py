"""Drawing planned boxes frame by frame (the inner loop of render and frame)."""

from __future__ import annotations

import numpy as np

from .annotator import BoxAnnotator, Layout, Style
from .geometry import to_pixels
from .results import FrameBoxes

__all__ = ["FrameDrawer"]


class FrameDrawer:
    """Draws the planned boxes of a frame in place: pixel boxes and styles precomputed.

    >>> import pandas as pd
    >>> from deepva_frames.overlay.results import as_tables, plan_boxes
    >>> seg = pd.DataFrame({"segment_id": ["s"], "frame_start": [0], "frame_end": [2],
    ...                     "person": ["Ann"]})
    >>> det = pd.DataFrame({"segment_id": "s", "frame_index": [0], "x": 0.2, "y": 0.2,
    ...                     "w": 0.5, "h": 0.5})
    >>> draw = FrameDrawer(plan_boxes(*as_tables((seg, det))), BoxAnnotator(), (40, 40))
    >>> image = np.zeros((40, 40, 3), np.uint8)
    >>> draw(1, image)
    >>> bool(image.any())
    True
    """

    def __init__(self, plan: FrameBoxes, annotator: BoxAnnotator, size: tuple[int, int]):
        self.plan = plan
        self.annotator = annotator
        self.size = size
        self.pixels = to_pixels(plan.xyxy, size)
        labels = plan.labels
        self.styles: list[Style] = [
            annotator.style(p, c, s) for p, c, s in zip(
                labels["person"].astype(object), labels["closest_person"].astype(object),
                labels["mean_similarity"].astype(object), strict=True)]
        self.ends = np.searchsorted(plan.frames, np.arange(int(plan.frames.max(initial=-1)) + 2))

    def layout(self, index: int) -> Layout | None:
        """Where the boxes and labels of frame ``index`` go (None: no box on it)."""
        if index < 0 or index + 1 >= len(self.ends):
            return None
        lo, hi = int(self.ends[index]), int(self.ends[index + 1])
        if lo == hi:
            return None
        styles = [self.styles[i] for i in self.plan.style_ids[lo:hi].tolist()]
        return self.annotator.layout_pixels(self.pixels[lo:hi], styles, self.size)

    def __call__(self, index: int, image: np.ndarray) -> None:
        layout = self.layout(index)
        if layout is not None:
            self.annotator.draw(image, layout)
