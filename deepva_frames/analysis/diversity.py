"""The eight figures of the ``advanced_diversity_analysis`` module, computed from segments.

The API defines them per job: a face's screen (speech) time is the length of the union
of its (speaking) segments; a gender's or an age group's time is the sum over its faces
(person-seconds, so two women on screen together count twice); counts are numbers of
distinct faces. A report sums each figure over the jobs of a batch and its sub-batches.
:func:`diversity_metrics` computes the same figures from the segments table, per media
source of each job, summed over them, in the tidy form of ``summarized_results`` and
``report_items`` (``metric, key, value``), for :func:`~deepva_frames.analysis.reconcile`.

>>> seg = pd.DataFrame({"job_id": "j", "source": "s", "module": "advanced_diversity_analysis",
...     "person": ["female_1", "female_1", "male_1"], "gender": ["female", "female", "male"],
...     "age": ["30-40", "30-40", "50-60"], "speaking": [True, False, False],
...     "time_start": [0.0, 1.0, 2.0], "time_end": [2.0, 4.0, 3.0]})
>>> m = diversity_metrics(seg)
>>> m[m.metric.isin(["gender_screen_time", "name_to_speech_time"])].values.tolist()
[['gender_screen_time', 'female', 4.0], ['gender_screen_time', 'male', 1.0], \
['name_to_speech_time', 'female_1', 2.0], ['name_to_speech_time', 'male_1', 0.0]]
"""

from __future__ import annotations

import pandas as pd

from ._common import normalise_persons, order_metric_keys, require
from .engines import runs_anywhere
from .intervals import timeline_keys, union_seconds

__all__ = ["DIVERSITY_METRICS", "DIVERSITY_MODULE", "diversity_metrics"]

DIVERSITY_MODULE = "advanced_diversity_analysis"
DIVERSITY_METRICS = ("gender_count", "age_count", "person_screen_time", "gender_screen_time",
                     "age_screen_time", "gender_speech_time", "age_speech_time",
                     "name_to_speech_time")

# metric -> (grouping column, value: "count", "screen" or "speech")
_RECIPES = {
    "gender_count": ("gender", "count"), "age_count": ("age", "count"),
    "person_screen_time": ("person", "screen"), "gender_screen_time": ("gender", "screen"),
    "age_screen_time": ("age", "screen"), "gender_speech_time": ("gender", "speech"),
    "age_speech_time": ("age", "speech"), "name_to_speech_time": ("person", "speech"),
}


def _faces(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per face (timeline and person): gender, age, screen and speech seconds."""
    unit = [*timeline_keys(frame), "person"]
    screen = union_seconds(frame, unit).rename(columns={"seconds": "screen"})
    speaking = frame["speaking"].astype("boolean").fillna(False).astype(bool)
    speech = union_seconds(frame[speaking], unit).rename(columns={"seconds": "speech"})
    attrs = (frame.sort_values("time_start", kind="stable")
             .groupby(unit, dropna=False, observed=True, sort=False)[["gender", "age"]]
             .first().reset_index())
    faces = screen.merge(speech, on=unit, how="left").merge(attrs, on=unit, how="left")
    faces["speech"] = faces["speech"].fillna(0.0)
    faces["count"] = 1.0
    return faces


def _metric(faces: pd.DataFrame, metric: str) -> pd.DataFrame:
    column, value = _RECIPES[metric]
    keys = faces[column].astype("object")
    sums = faces[value].groupby(keys, sort=False, dropna=True).sum()
    return pd.DataFrame({"metric": metric, "key": sums.index.astype(str),
                         "value": sums.to_numpy(dtype=float)})


@runs_anywhere
def diversity_metrics(segments: pd.DataFrame, *, module: str | None = DIVERSITY_MODULE,
                      unknown: str = "own") -> pd.DataFrame:
    """The API's diversity figures of ``segments``: ``metric, key, value`` (unrounded).

    ``module``: only segments of this module count (default the diversity analysis'
    own; None takes every segment, e.g. face_recognition segments after
    :func:`~deepva_frames.analysis.enrich`). Needs the columns person, gender, age,
    speaking and the times. Faces without a gender (age) are left out of the gender
    (age) figures. ``metric`` is a categorical in :data:`DIVERSITY_METRICS` order.
    ``unknown`` is handled as in :func:`~deepva_frames.analysis.screen_time`. Age
    groups come in age order within their metrics.

    >>> seg = pd.DataFrame({"job_id": ["a", "b"], "source": ["s", "t"], "person": "female_1",
    ...     "gender": "female", "age": "30-40", "speaking": False,
    ...     "time_start": 0.0, "time_end": 1.5})
    >>> diversity_metrics(seg, module=None).head(3).values.tolist()
    [['gender_count', 'female', 2.0], ['age_count', '30-40', 2.0], \
['person_screen_time', 'female_1', 3.0]]
    """
    frame = segments
    if module is not None and "module" in frame.columns:
        frame = frame[frame["module"] == module]
    frame = normalise_persons(frame, unknown)
    require(frame, ["person", "gender", "age", "speaking", "time_start", "time_end"])
    faces = _faces(frame)
    table = pd.concat([_metric(faces, metric) for metric in DIVERSITY_METRICS],
                      ignore_index=True)
    table["metric"] = pd.Categorical(table["metric"], categories=DIVERSITY_METRICS)
    return order_metric_keys(table)
