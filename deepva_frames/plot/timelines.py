"""Who is on screen when: one lane per person for one media source of a job.

>>> import matplotlib; matplotlib.use("Agg")
>>> import matplotlib.pyplot as plt, pandas as pd
>>> seg = pd.DataFrame({"job_id": "j", "source": "s", "person": ["Ann", "Ann", "unknown"],
...     "closest_person": [None, None, "Bo"], "time_start": [0.0, 1.0, 2.0],
...     "time_end": [2.0, 3.0, 4.0]})
>>> ax = timeline(seg)
>>> [t.get_text() for t in ax.get_yticklabels()]
['Ann', 'unknown (closest: Bo)']
>>> [(float(p.get_x()), float(p.get_width())) for p in ax.patches]
[(0.0, 3.0), (2.0, 2.0)]
>>> plt.close(ax.figure)
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.patches import Patch

from ..analysis.groups import UNKNOWN
from ..analysis.intervals import merge_intervals, timeline_keys
from ..palette import UNKNOWN_COLOR, colors_for
from ._style import finish, format_duration, new_axes, style, time_axis

__all__ = ["lanes", "timeline"]


def _lane_names(segments: pd.DataFrame) -> pd.Series:
    person = segments["person"].fillna(UNKNOWN).astype(str)
    if "closest_person" not in segments.columns:
        return person
    closest = segments["closest_person"]
    guess = "unknown (closest: " + closest.astype(str) + ")"
    return person.mask((person == UNKNOWN) & closest.notna(), guess)


def lanes(segments: pd.DataFrame) -> pd.DataFrame:
    """The blocks a timeline draws: ``lane, time_start, time_end`` (merged per lane).

    A lane is a person; unknown faces get a lane per closest person the API suggests
    (``unknown (closest: <name>)``), else one ``unknown`` lane. Lanes come in order of
    first appearance, known persons before unknown ones.

    >>> seg = pd.DataFrame({"person": ["Bo", "Ann"], "time_start": [1.0, 0.0],
    ...                     "time_end": [2.0, 1.0]})
    >>> lanes(seg)["lane"].tolist()
    ['Ann', 'Bo']
    """
    frame = segments.assign(lane=_lane_names(segments))
    blocks = merge_intervals(frame, ["lane"])
    first = blocks.groupby("lane", sort=False)["time_start"].min()
    order = sorted(first.index, key=lambda lane: (lane.startswith(UNKNOWN), first[lane]))
    rank = {lane: i for i, lane in enumerate(order)}
    blocks = blocks.assign(_rank=blocks["lane"].map(rank))
    return blocks.sort_values(["_rank", "time_start"], ignore_index=True).drop(columns="_rank")


def _one_media(segments: pd.DataFrame) -> None:
    keys = timeline_keys(segments)
    if keys and len(segments[keys].drop_duplicates()) > 1:
        raise ValueError("timeline draws one media source of one job; filter segments to "
                         "one job_id and source")


def timeline(segments: pd.DataFrame, *, ax: Axes | None = None,
             duration: float | None = None, title: str | None = "Who is on screen when"
             ) -> Axes:
    """Lanes of screen time over the media's running time, one per person.

    ``segments``: the segments of one media source of one job (usually one module's:
    person names from face_recognition, or labels from the diversity analysis). Each
    lane shows the union of its segments (see :func:`lanes`); unknown faces are grey
    and hatched. ``duration`` sets the time axis' end (default: the last segment's end).

    >>> import matplotlib; matplotlib.use("Agg")
    >>> import matplotlib.pyplot as plt, pandas as pd
    >>> seg = pd.DataFrame({"person": ["Ann"], "time_start": [1.0], "time_end": [4.0]})
    >>> ax = timeline(seg, duration=10.0)
    >>> tuple(float(v) for v in ax.get_xlim()), ax.get_xlabel()
    ((0.0, 10.0), 'Time (m:ss)')
    >>> plt.close(ax.figure)
    """
    _one_media(segments)
    blocks = lanes(segments)
    names = list(dict.fromkeys(blocks["lane"]))
    colours = dict(zip(names, colors_for(names, "person"), strict=True))
    end = float(duration if duration is not None else blocks["time_end"].to_numpy().max(
        initial=0.0))
    with style():
        ax = new_axes(ax, (8.0, max(2.2, 0.5 * len(names) + 1.4)))
        rows = {name: i for i, name in enumerate(names)}
        for lane, start, stop in blocks[["lane", "time_start", "time_end"]].itertuples(
                index=False):
            unknown = lane.startswith(UNKNOWN)
            ax.barh(rows[lane], stop - start, left=start, height=0.6, color=colours[lane],
                    hatch="///" if unknown else None, edgecolor="white", linewidth=0.5)
        ax.set_yticks(range(len(names)), names)
        ax.set_ylim(len(names) - 0.4, -0.6)
        ax.set_xlim(0.0, end or 1.0)
        time_axis(ax, "x", end or 1.0)
        if any(name.startswith(UNKNOWN) for name in names):
            ax.legend(handles=[Patch(facecolor=UNKNOWN_COLOR, hatch="///",
                                     edgecolor="white", label="unknown face")],
                      loc="upper left", bbox_to_anchor=(1.01, 1.0))
        subtitle = f" ({format_duration(end)})" if title else ""
        finish(ax, title=(title + subtitle) if title else None, xlabel="Time (m:ss)",
               ylabel=None, grid="x")
    return ax
