"""A synthetic export folder of many jobs, for archive-scale tests and benchmarks.

:func:`synthetic_archive` writes ``segments`` and ``media`` in the export's layout
(``<out>/<table>/job_id=<id>/<table>.parquet``, the declared schemas, ``job_id`` in the
folder name only) without going through the API: seeded, vectorised, one job at a time
(memory stays that of one job). Ids are zero-padded numbers, the kind readers are
tempted to turn into integers.

>>> import tempfile, pandas as pd
>>> out = synthetic_archive(tempfile.mkdtemp(), jobs=3, segments_per_job=20)
>>> sorted(p.name for p in (out / "segments").iterdir())
['job_id=000000', 'job_id=000001', 'job_id=000002']
>>> len(pd.read_parquet(out / "segments" / "job_id=000001"))
20
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from ..schemas import schema

__all__ = ["synthetic_archive"]

PEOPLE = 40
AGES = ("0-10", "10-20", "20-30", "30-40", "40-50", "50-60", "60-70", "70-80")
MODULES = ("face_recognition", "advanced_diversity_analysis")


def _people(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    names = np.array([f"Person {i:02d}" for i in range(PEOPLE)] + ["unknown"], dtype=object)
    genders = np.array([("female", "male")[i % 2] for i in range(PEOPLE)] + [None],
                       dtype=object)
    ages = np.array([AGES[i % len(AGES)] for i in range(PEOPLE)] + [None], dtype=object)
    genders[rng.integers(0, PEOPLE, 3)] = None  # a few faces without a gender
    return names, genders, ages


def _segments(rng: np.random.Generator, job: str, count: int, sources: list[str],
              people: tuple[np.ndarray, np.ndarray, np.ndarray]) -> pa.Table:
    names, genders, ages = people
    who = rng.integers(0, len(names), count)
    start = np.round(rng.uniform(0.0, 3600.0, count), 2)
    length = np.round(rng.exponential(8.0, count), 2)
    closest = names[rng.integers(0, PEOPLE, count)].copy()
    closest[who != len(names) - 1] = None
    closest[rng.random(count) < 0.3] = None
    columns = {
        "job_id": [job] * count,
        "segment_id": [f"{job}:{i}" for i in range(count)],
        "source": np.array(sources, dtype=object)[rng.integers(0, len(sources), count)],
        "module": np.array(MODULES, dtype=object)[rng.integers(0, 2, count)],
        "media_type": ["video"] * count,
        "frame_start": np.round(start * 25).astype(np.int64),
        "frame_end": np.round((start + length) * 25).astype(np.int64),
        "time_start": start, "time_end": start + length,
        "person": names[who], "closest_person": closest,
        "gender": genders[who], "age": ages[who],
        "speaking": rng.random(count) < 0.4,
        "n_detections": rng.integers(1, 50, count),
    }
    table = pa.table({name: pa.array(values) for name, values in columns.items()})
    full = schema("segments")
    missing = [pa.nulls(count, full.field(n).type) for n in full.names if n not in columns]
    table = pa.table(dict(zip([n for n in full.names if n not in columns], missing,
                              strict=True)) | dict(zip(table.column_names, table.columns,
                                                       strict=True)))
    return table.select(full.names).cast(full)


def _media(job: str, sources: list[str], rng: np.random.Generator) -> pa.Table:
    full = schema("media")
    count = len(sources)
    values = {"job_id": [job] * count, "source": sources, "media_type": ["video"] * count,
              "fps": [25.0] * count, "width": [1280] * count, "height": [720] * count,
              "duration_s": np.round(rng.uniform(3600.0, 3700.0, count), 2)}
    values["total_frames"] = (np.asarray(values["duration_s"]) * 25).astype(np.int64)
    arrays = [pa.array(values[n]) if n in values else pa.nulls(count, full.field(n).type)
              for n in full.names]
    return pa.table(arrays, names=full.names).cast(full)


def _write(out: Path, table: str, job: str, rows: pa.Table) -> None:
    folder = out / table / f"job_id={job}"
    folder.mkdir(parents=True, exist_ok=True)
    pq.write_table(rows.drop_columns(["job_id"]), folder / f"{table}.parquet")


def synthetic_archive(out: str | os.PathLike[str], *, jobs: int, segments_per_job: int,
                      seed: int = 0) -> Path:
    """Write an export folder of ``jobs`` jobs (one or two sources each); returns it.

    Segments: 40 named persons (fixed gender and age bucket, a few without a gender)
    and unknown faces (some with a closest person), two modules, overlapping intervals
    within each hour-long source, 40% speaking.
    """
    root = Path(out)
    rng = np.random.default_rng(seed)
    people = _people(rng)
    for number in range(jobs):
        job = f"{number:06d}"
        sources = [f"storage://archive/{job}/{part}.mp4" for part in
                   range(1 + int(rng.random() < 0.2))]
        _write(root, "segments", job, _segments(rng, job, segments_per_job, sources, people))
        _write(root, "media", job, _media(job, sources, rng))
    return root
