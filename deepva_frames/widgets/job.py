"""The job explorer: a frame slider with play controls, a person filter, the annotated
frame, the segments on screen and the job's timeline with a cursor.

Per job, once: the boxes of every frame are interpolated (one :class:`~.job_data.JobView`)
and the timeline is drawn. Per slider step: one frame is decoded (or taken from a small
cache), the boxes of that frame are drawn and the frame is JPEG-encoded; the timeline
only moves its cursor; the table changes only when the segments on screen change.

>>> import deepva_frames as dvf
>>> c = dvf.sample_client()
>>> job = "59f723cb-c457-5276-9089-caf1c7747fe3"
>>> explorer = explore_job(c, job, video=dvf.sample_video_path())
>>> before = explorer.image.value
>>> explorer.slider.value = 200
>>> explorer.image.value != before, explorer.cursor_x
(True, 8.0)
>>> explorer.on_screen["person"].tolist()
['Mara Lindqvist', 'unknown']
>>> explorer.close()
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

import ipywidgets as w
import numpy as np
import pandas as pd

from ..overlay import BoxAnnotator
from ..overlay.model import FrameBoxes, FrameDrawer
from ..timecode import frame_to_timecode
from ._base import Explorer
from ._render import html_table, jpeg_bytes
from .frames import BlankFrames, VideoFrames, display_size
from .job_data import JobView, on_screen, prepare_job
from .timeline_view import TimelineView
from .track_links import track_links

__all__ = ["JobExplorer", "explore_job"]


def _only(plan: FrameBoxes, persons: Iterable[str]) -> FrameBoxes:
    """The boxes of ``persons`` (labels' person; a missing person is "unknown")."""
    names = plan.labels["person"].astype(object).where(plan.labels["person"].notna(), "unknown")
    allowed = names.isin(list(persons)).to_numpy()
    keep = allowed[plan.style_ids] if len(plan.style_ids) else np.zeros(0, bool)
    return FrameBoxes(plan.frames[keep], plan.xyxy[keep], plan.style_ids[keep], plan.labels)


class JobExplorer(Explorer):
    """Explore one job's results frame by frame (see :func:`explore_job`).

    Child widgets: ``play`` (Play, linked to the slider in the browser, which leads),
    ``slider`` (IntSlider, the frame index of the shown video), ``person_filter``
    (SelectMultiple: whose boxes and rows are shown; all at first), ``image`` (Image,
    the annotated frame as JPEG), ``table`` (HTML, the segments on screen),
    ``timeline`` (Image, PNG, with a cursor), ``label`` (HTML, frame and time), and
    ``tracks_button`` (Button) with ``tracks`` (HTML: the filtered persons' tracks as
    download links once it is pressed, see :meth:`prepare_tracks`).
    ``on_screen`` is the table's DataFrame, ``cursor_x`` the cursor's time (seconds).

    >>> import pandas as pd
    >>> seg = pd.DataFrame({"segment_id": ["s"], "frame_start": [0], "frame_end": [10],
    ...     "time_start": [0.0], "time_end": [0.4], "person": ["Ann"]})
    >>> det = pd.DataFrame({"segment_id": ["s"], "frame_index": [0], "x": 0.2, "y": 0.2,
    ...                     "w": 0.3, "h": 0.4})
    >>> e = JobExplorer((seg, det), media={"fps": 25, "width": 320, "height": 180,
    ...                                    "total_frames": 20})
    >>> e.slider.max, e.on_screen["person"].tolist()
    (19, ['Ann'])
    >>> e.slider.value = 15
    >>> e.on_screen["person"].tolist(), e.cursor_x
    ([], 0.6)
    """

    def __init__(self, results: object, *, media: Any = None,
                 video: str | os.PathLike[str] | None = None,
                 module: str | Iterable[str] | None = None, source: str | None = None,
                 annotator: BoxAnnotator | None = None, cache_frames: int = 16,
                 max_width: int | None = 1280, title: str | None = None):
        frames = (VideoFrames(video, cache_size=cache_frames, max_width=max_width)
                  if video is not None else None)
        try:
            self.view: JobView = prepare_job(results, media, module=module, source=source,
                                             info=frames.info if frames is not None else None)
        except BaseException:
            if frames is not None:
                frames.close()
            raise
        self.frames = frames if frames is not None else BlankFrames(
            display_size(self.view.size, max_width), self.view.frame_count)
        self.annotator = annotator or BoxAnnotator()
        self._results, self._module = results, module
        self._track_media = media if media is not None else {
            "fps": self.view.fps, "width": self.view.size[0], "height": self.view.size[1]}
        self._build(title)
        self._drawer = self._new_drawer()
        segments = self.view.segments
        self._starts = segments["frame_start"].to_numpy(np.float64, na_value=np.nan)
        self._ends = segments["frame_end"].to_numpy(np.float64, na_value=np.nan)
        self._live: tuple[int, ...] | None = None
        self.on_screen = pd.DataFrame()
        self.show(0)
        self.slider.observe(lambda change: self.show(change["new"]), "value")
        self.person_filter.observe(lambda _: self._refresh(), "value")

    def _build(self, title: str | None) -> None:
        view, last = self.view, len(self.frames) - 1
        self.slider = w.IntSlider(0, min=0, max=last, description="frame",
                                  layout=w.Layout(width="60%"))
        self.play = w.Play(0, min=0, max=last, step=1, interval=max(1, round(1000 / view.fps)),
                           description="play")
        # The slider is the source: a link copies its source into its target when the
        # browser creates it, so a value set from code before display is what shows. (The
        # kernel does not copy it into Play too: during playback that echo would pull
        # Play back a frame.)
        w.jslink((self.slider, "value"), (self.play, "value"))
        self.label = w.HTML()
        self.person_filter = w.SelectMultiple(options=view.persons, value=tuple(view.persons),
                                              rows=min(8, max(2, len(view.persons))),
                                              description="persons")
        self.image = w.Image(format="jpeg", layout=w.Layout(max_width="100%"))
        self.table = w.HTML()
        self.timeline_view = TimelineView(view.segments, view.duration, title=title)
        self.timeline = self.timeline_view.image
        self.tracks_button = w.Button(description="tracks", icon="download",
                                      tooltip="the shown persons' tracks, to download")
        self.tracks = w.HTML()
        self.tracks_button.on_click(lambda _: self.prepare_tracks())
        side = w.VBox([self.person_filter, w.HBox([self.tracks_button, self.tracks]),
                       w.HTML("<b>On screen</b>"), self.table],
                      layout=w.Layout(min_width="320px"))
        self.widget = w.VBox([w.HBox([self.play, self.slider, self.label]),
                              w.HBox([self.image, side]), self.timeline])

    @property
    def cursor_x(self) -> float:
        """The timeline cursor's time in seconds."""
        return self.timeline_view.cursor_x

    @property
    def persons(self) -> tuple[str, ...]:
        """The persons currently selected in the filter."""
        return tuple(self.person_filter.value)

    def prepare_tracks(self) -> str:
        """Fill ``tracks`` with download links of the selected persons' tracks (WebVTT,
        SRT, ASS, ELAN: :mod:`deepva_frames.tracks`); the "tracks" button calls it.

        Returns the links' HTML."""
        jobs = self.view.segments.get("job_id", pd.Series(dtype=object)).dropna()
        stem = f"job-{str(jobs.iloc[0])[:8]}" if len(jobs) else "job"
        self.tracks.value = track_links(self._results, self._track_media, stem=stem,
                                        module=self._module, persons=self.persons)
        return self.tracks.value

    def _new_drawer(self) -> FrameDrawer:
        return FrameDrawer(_only(self.view.plan, self.persons), self.annotator, self.frames.size)

    def _refresh(self) -> None:
        self.tracks.value = ""  # links of the former selection would mislead
        self._drawer = self._new_drawer()
        self._live = None
        self.show(self.slider.value)

    def frame(self, index: int) -> np.ndarray:
        """Frame ``index`` (BGR) with the selected persons' boxes drawn.

        >>> import pandas as pd
        >>> empty = (pd.DataFrame(columns=["segment_id", "frame_start", "frame_end"]),
        ...          pd.DataFrame(columns=["segment_id", "frame_index", "x", "y", "w", "h"]))
        >>> JobExplorer(empty, media={"width": 64, "height": 36}).frame(0).shape
        (36, 64, 3)
        """
        image = self.frames[index].copy()
        self._drawer(index, image)
        return image

    def show(self, index: int) -> None:
        """Show frame ``index``: the image, the table, the cursor and the label.

        (Setting ``slider.value`` calls it.)
        """
        index = int(index)
        self.image.value = jpeg_bytes(self.frame(index))
        self._update_table(index)
        seconds = index / self.view.fps
        self.timeline_view.move(seconds)
        self.label.value = (f"frame {index} / {self.slider.max} · {seconds:.2f} s · "
                            f"{frame_to_timecode(index, self.view.fps)}")

    def _update_table(self, index: int) -> None:
        live = tuple(np.flatnonzero((self._starts <= index) & (self._ends > index)).tolist())
        if live == self._live:
            return
        self._live = live
        self.on_screen = on_screen(self.view, index, self.persons)
        self.table.value = html_table(self.on_screen, empty="no one on screen")

    def close(self) -> None:
        """Close the widgets and release the video."""
        super().close()
        self.frames.close()


def explore_job(client: Any, job_id: str, video: str | os.PathLike[str] | None = None,
                **options: Any) -> JobExplorer:
    """A :class:`JobExplorer` of ``job_id``: its detailed results over ``video``.

    The results and the media table come through ``client`` (live or the sample).
    ``video``: the job's media file; without it the boxes are drawn on a blank frame of
    the media's size, on the media's frame clock. ``options``: ``module``, ``source``,
    ``annotator``, ``cache_frames`` (decoded frames kept, default 16), ``max_width``
    (wider frames are scaled down for display, default 1280; None keeps them) and
    ``title`` of the timeline. Display the returned object in a notebook.

    >>> import deepva_frames as dvf
    >>> e = explore_job(dvf.sample_client(), "59f723cb-c457-5276-9089-caf1c7747fe3")
    >>> e.frames.size, e.slider.max, e.person_filter.options
    ((640, 360), 299, ('Mara Lindqvist', 'Tobias Brenner', 'unknown'))
    """
    results = client.detailed_results(job_id)
    media = client.media(job_id)
    options.setdefault("title", f"Who is on screen when: job {str(job_id)[:8]}")
    return JobExplorer(results, media=media, video=video, **options)
