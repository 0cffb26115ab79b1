"""The jobs of the sample account: who appears when and where, and what DeepVA returns."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from datetime import timedelta
from itertools import pairwise
from typing import Any

from .cast import PERSON, Person
from .common import API_BASE, storage_url, timecode, ts_space, uid, union_length, when

FACE = "face_recognition"
ADA = "advanced_diversity_analysis"
OSR = "object_scene_recognition"
FACE_MODEL = "evening-news-faces"


@dataclass(frozen=True)
class Guest:
    """A face the recognition does not know (reported as ``unknown``)."""
    closest: str
    gender: str
    age_bucket: str
    face_bgr: tuple[int, int, int]


GUESTS = {
    "guest_a": Guest("henrik", "male", "60-70", (96, 128, 170)),
    "guest_b": Guest("tobias", "male", "30-40", (140, 170, 215)),
    "guest_c": Guest("amara", "female", "20-30", (84, 120, 165)),
    "guest_d": Guest("jonas", "male", "20-30", (66, 96, 140)),
}


@dataclass(frozen=True)
class Appearance:
    """One face on screen from frame ``start`` to ``end`` (exclusive).

    ``box`` is the face's mean box (centre x, centre y, width, height, normalized);
    ``speaking`` holds one flag, or two when the diversity analysis splits the
    appearance at frame ``split`` into a part with and a part without speech.
    """
    face: str
    start: int
    end: int
    box: tuple[float, float, float, float]
    speaking: tuple[bool, ...] = (False,)
    split: int | None = None
    drift: float = 1.0


@dataclass(frozen=True)
class VideoJob:
    key: str
    tag: str
    file_name: str
    fps: float
    size: tuple[int, int]
    total_frames: int
    created: str
    processing_s: float
    appearances: tuple[Appearance, ...]

    @property
    def id(self) -> str:
        return uid("job", self.key)

    @property
    def source(self) -> str:
        return storage_url(self.file_name)

    @property
    def step(self) -> int:
        """Frames between two sampled detections."""
        return 24 if self.fps >= 50 else 12

    def frame(self, seconds: float) -> int:
        return round(seconds * self.fps)


def _at(fps: float, face: str, start_s: float, end_s: float, box, speaking=(False,),
        split_s: float | None = None) -> Appearance:
    split = None if split_s is None else round(split_s * fps)
    return Appearance(face, round(start_s * fps), round(end_s * fps), box, tuple(speaking), split)


def _video_jobs() -> tuple[VideoJob, ...]:
    newsroom = VideoJob(
        "newsroom", "newsroom", "newsroom.mp4", 25.0, (640, 360), 300, "2026-10-05 20:31:07",
        7.195, (
            Appearance("mara", 0, 140, (0.27, 0.42, 0.16, 0.40), (True, False), 60),
            Appearance("tobias", 48, 180, (0.73, 0.43, 0.15, 0.38), (True,)),
            Appearance("mara", 96, 228, (0.50, 0.205, 0.07, 0.17), (False,), drift=0.25),
            Appearance("guest_a", 192, 300, (0.72, 0.45, 0.14, 0.36), (True,)),
            Appearance("mara", 252, 300, (0.28, 0.42, 0.16, 0.40), (False,)),
        ))
    f = 25.0
    politics = VideoJob(
        "politics", "evening-news", "evening_news_2026-10-05_politics.mp4", f, (1280, 720),
        1500, "2026-10-05 20:38:52", 38.64, (
            _at(f, "mara", 0, 18, (0.30, 0.40, 0.12, 0.30), (True,)),
            _at(f, "henrik", 14, 44, (0.70, 0.41, 0.13, 0.32), (True, False), 30),
            _at(f, "guest_b", 24, 36, (0.50, 0.30, 0.09, 0.22)),
            _at(f, "mara", 40, 60, (0.31, 0.41, 0.12, 0.30)),
            _at(f, "henrik", 50, 58, (0.69, 0.42, 0.13, 0.32), (True,)),
        ))
    f = 50.0
    economy = VideoJob(
        "economy", "evening-news", "evening_news_2026-10-06_economy.mp4", f, (1920, 1080),
        2250, "2026-10-06 08:05:44", 51.88, (
            _at(f, "lucia", 0, 30, (0.35, 0.42, 0.11, 0.28), (True,)),
            _at(f, "tobias", 10, 45, (0.68, 0.43, 0.11, 0.29), (False, True), 25),
            _at(f, "lucia", 22, 40, (0.50, 0.22, 0.06, 0.15)),
        ))
    f = 29.97
    weather = VideoJob(
        "weather", "evening-news", "evening_news_2026-10-06_weather.mp4", f, (1280, 720),
        2997, "2026-10-06 08:09:10", 63.017, (
            _at(f, "amara", 0, 60, (0.40, 0.40, 0.12, 0.31), (True,)),
            _at(f, "mara", 55, 100, (0.72, 0.41, 0.12, 0.30), (True, False), 80),
            _at(f, "guest_c", 70, 90, (0.22, 0.36, 0.09, 0.23)),
            _at(f, "amara", 85, 100, (0.41, 0.40, 0.12, 0.31), (True,)),
        ))
    f = 25.0
    sports = VideoJob(
        "sports", "evening-news", "evening_news_2026-10-06_sports.mp4", f, (1920, 1080), 3000,
        "2026-10-06 08:14:28", 74.51, (
            _at(f, "jonas", 0, 40, (0.33, 0.42, 0.10, 0.27), (True,)),
            _at(f, "tobias", 32, 80, (0.66, 0.42, 0.11, 0.28), (True, False), 60),
            _at(f, "jonas", 75, 120, (0.34, 0.43, 0.10, 0.27)),
            _at(f, "guest_d", 90, 110, (0.70, 0.40, 0.10, 0.26), (True,)),
            _at(f, "jonas", 100, 115, (0.55, 0.22, 0.05, 0.13)),
        ))
    return newsroom, politics, economy, weather, sports


VIDEO_JOBS = _video_jobs()
IMAGE_FILE = "studio_set.jpg"
IMAGE_OBJECTS = (  # label, score, box (x, y, w, h) or None for scene labels
    ("Indoor", 0.98, None), ("Studio", 0.94, None), ("Desk", 0.91, (0.08, 0.61, 0.84, 0.33)),
    ("Monitor", 0.87, (0.41, 0.07, 0.18, 0.27)), ("Chair", 0.83, (0.16, 0.55, 0.14, 0.38)),
    ("Lighting", 0.71, (0.02, 0.01, 0.96, 0.08)),
)
FAILED_FILE = "evening_news_2026-10-06_late.mp4"


def face_colour(face: str) -> tuple[int, int, int]:
    return GUESTS[face].face_bgr if face in GUESTS else PERSON[face].face_bgr


def _gender_age(face: str) -> tuple[str, str]:
    if face in GUESTS:
        return GUESTS[face].gender, GUESTS[face].age_bucket
    person: Person = PERSON[face]
    return person.gender, person.age_bucket


# -- detections ---------------------------------------------------------------
class Trajectory:
    """A face's smooth drift around its mean box, sampled at any frame."""

    def __init__(self, job: VideoJob, index: int, appearance: Appearance):
        rng = random.Random(f"{job.key}/{index}")
        self.a = appearance
        self.period = rng.uniform(6.0, 10.0) * job.fps
        self.phase = (rng.uniform(0, 2 * math.pi), rng.uniform(0, 2 * math.pi))
        self.amp = (0.012 * appearance.drift, 0.008 * appearance.drift, 0.02)

    def box(self, frame: int) -> dict[str, float]:
        cx, cy, w, h = self.a.box
        t = 2 * math.pi * (frame - self.a.start) / self.period
        cx += self.amp[0] * math.sin(t + self.phase[0])
        cy += self.amp[1] * math.sin(0.7 * t + self.phase[1])
        scale = 1 + self.amp[2] * math.sin(0.5 * t + self.phase[0])
        w, h = round(w * scale, 3), round(h * scale, 3)
        x, y = round(cx - w / 2, 3), round(cy - h / 2, 3)
        if not (x >= 0 and x + w <= 1 and y >= 0 and y + h <= 1):
            raise ValueError(f"box outside the frame at {frame}: {x, y, w, h}")
        return {"x": x, "y": y, "w": w, "h": h}

    def detections(self, job: VideoJob, start: int, end: int) -> list[dict[str, Any]]:
        return [{"frame_index": frame, "type": "face_bbox", "data": self.box(frame)}
                for frame in range(start, end, job.step)]


def _segment(job: VideoJob, module: str, start: int, end: int, meta: dict[str, Any],
             detections: list[dict[str, Any]]) -> dict[str, Any]:
    return {"media_type": "video", "frame_start": start, "frame_end": end,
            "source": job.source, "module": module, "meta": meta,
            "time_start": start / job.fps, "time_end": end / job.fps,
            "tc_start": timecode(start, job.fps), "tc_end": timecode(end, job.fps),
            "detections": detections}


def ada_labels(job: VideoJob) -> dict[str, str]:
    """The diversity analysis' label of each face of a job: ``female_1``, ``male_2``, ..."""
    labels: dict[str, str] = {}
    counters: dict[str, int] = {}
    for appearance in sorted(job.appearances, key=lambda a: (a.start, a.end)):
        if appearance.face not in labels:
            gender = _gender_age(appearance.face)[0]
            counters[gender] = counters.get(gender, 0) + 1
            labels[appearance.face] = f"{gender}_{counters[gender]}"
    return labels


def detailed_results(job: VideoJob) -> list[dict[str, Any]]:
    """Face-recognition segments, then diversity-analysis segments of the same faces."""
    rng = random.Random(f"{job.key}/scores")
    labels = ada_labels(job)
    faces, diversity = [], []
    for index, a in enumerate(job.appearances):
        path = Trajectory(job, index, a)
        if a.face in GUESTS:
            meta = {"person": "unknown", "closest_person": PERSON[GUESTS[a.face].closest].name,
                    "mean_distance": round(rng.uniform(1.02, 1.12), 2),
                    "mean_similarity": round(rng.uniform(0.38, 0.48), 2)}
        else:
            meta = {"person": PERSON[a.face].name,
                    "mean_distance": round(rng.uniform(0.78, 0.95), 2),
                    "mean_similarity": round(rng.uniform(0.55, 0.72), 2)}
        faces.append(_segment(job, FACE, a.start, a.end, meta,
                              path.detections(job, a.start, a.end)))
        gender, age = _gender_age(a.face)
        cuts = [a.start, a.end] if a.split is None else [a.start, a.split, a.end]
        for (start, end), speaking in zip(pairwise(cuts), a.speaking, strict=True):
            meta = {"person": labels[a.face], "gender": gender, "age": age,
                    "speaking": speaking}
            diversity.append(_segment(job, ADA, start, end, meta,
                                      path.detections(job, start, end)))
    order = lambda s: (s["frame_start"], s["frame_end"], s["meta"]["person"])  # noqa: E731
    return sorted(faces, key=order) + sorted(diversity, key=order)


# -- summaries ----------------------------------------------------------------
def diversity_figures(segments: list[dict[str, Any]], fps: float) -> dict[str, dict[str, Any]]:
    """The eight ``advanced_diversity_analysis`` summaries, unrounded, from its segments.

    Screen (speech) time of a face is the length of the union of its (speaking)
    segments; a gender's or an age group's time is the sum over its faces; counts
    are numbers of distinct faces.
    """
    seen: dict[str, tuple[str, str]] = {}
    shown: dict[str, list[tuple[int, int]]] = {}
    spoken: dict[str, list[tuple[int, int]]] = {}
    for seg in sorted((s for s in segments if s["module"] == ADA),
                      key=lambda s: (s["frame_start"], s["frame_end"])):
        label = seg["meta"]["person"]
        seen.setdefault(label, (seg["meta"]["gender"], seg["meta"]["age"]))
        span = (seg["frame_start"], seg["frame_end"])
        shown.setdefault(label, []).append(span)
        spoken.setdefault(label, [])
        if seg["meta"]["speaking"]:
            spoken[label].append(span)
    person_screen = {k: union_length(v) / fps for k, v in shown.items()}
    person_speech = {k: union_length(v) / fps for k, v in spoken.items()}

    def by(axis: int, values: dict[str, float] | None) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for label, groups in seen.items():
            out[groups[axis]] = out.get(groups[axis], 0) + (1 if values is None
                                                            else values[label])
        return out

    return {"gender_count": by(0, None), "age_count": by(1, None),
            "person_screen_time": person_screen, "gender_screen_time": by(0, person_screen),
            "age_screen_time": by(1, person_screen), "gender_speech_time": by(0, person_speech),
            "age_speech_time": by(1, person_speech), "name_to_speech_time": person_speech}


def rounded(figures: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {kind: {k: v if isinstance(v, int) else round(v, 2) for k, v in values.items()}
            for kind, values in figures.items()}


def summed(per_job: list[dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Report figures: each key's value summed over jobs (unrounded in, unrounded out)."""
    total: dict[str, dict[str, Any]] = {}
    for figures in per_job:
        for kind, values in figures.items():
            bucket = total.setdefault(kind, {})
            for key, value in values.items():
                bucket[key] = bucket.get(key, 0) + value
    return total


def summarized_results(job: VideoJob, segments: list[dict[str, Any]]) -> list[dict[str, Any]]:
    figures = rounded(diversity_figures(segments, job.fps))
    return [{"id": uid("summary", job.key, kind), "source": job.source, "module": ADA,
             "meta": meta, "type": kind} for kind, meta in figures.items()]


# -- job objects --------------------------------------------------------------
def _times(key: str, created: str, queue_s: float, run_s: float) -> dict[str, Any]:
    t0 = when(created, 0, key)
    t1 = t0 + timedelta(seconds=queue_s)
    t2 = t1 + timedelta(seconds=run_s)
    return {"duration": run_s, "time_created": ts_space(t0), "time_started": ts_space(t1),
            "time_completed": ts_space(t2)}


def _job(job_id: str, tag: str, state: str, errors: list, progress: float, times: dict,
         source: str, modules: dict, media_type: str, synced: bool, summary: list) -> dict:
    return {"id": job_id, "tag": tag, "state": state, "errors": errors, "progress": progress,
            **times, "sources": [source], "modules": modules, "media_type": media_type,
            "is_synced_to_kg": synced,
            "result": {"detailed_link": f"{API_BASE}/jobs/{job_id}/detailed-results/",
                       "summary": summary}}


def video_job_object(job: VideoJob, segments: list[dict[str, Any]]) -> dict[str, Any]:
    names = []
    for seg in segments:
        name = seg["meta"]["person"]
        if seg["module"] == FACE and name != "unknown" and name not in names:
            names.append(name)
    info = {"fps": job.fps, "resolution": list(job.size), "total_frames": job.total_frames,
            "duration": job.total_frames / job.fps}
    summary = [{"source": job.source, "media_type": "video", "info": info,
                "items": [{"type": "face", "label": name} for name in names]}]
    modules = {FACE: {"model": FACE_MODEL, "state": "completed", "progress": 1.0},
               ADA: {"state": "completed", "progress": 1.0}}
    return _job(job.id, job.tag, "completed", [], 1.0,
                _times(job.key, job.created, 1.25, job.processing_s), job.source, modules,
                "video", True, summary)


IMAGE_JOB_ID = uid("job", "studio-still")
FAILED_JOB_ID = uid("job", "late-news")


def image_job() -> tuple[dict[str, Any], list[dict[str, Any]], list[dict[str, Any]]]:
    """The image job's object, summarized results and detailed results."""
    source = storage_url(IMAGE_FILE)
    items = [{"type": "object", "label": label} for label, _, _ in IMAGE_OBJECTS]
    summary = [{"source": source, "media_type": "image", "info": {}, "items": items}]
    modules = {OSR: {"model": "general", "state": "completed", "progress": 1.0}}
    obj = _job(IMAGE_JOB_ID, "studio", "completed", [], 1.0,
               _times("studio-still", "2026-10-06 09:12:03", 0.84, 0.412), source, modules,
               "image", False, summary)
    summarized = [{"id": uid("summary", "studio-still", label), "source": source, "module": OSR,
                   "meta": {"label": label, "score": score}, "type": "object"}
                  for label, score, _ in IMAGE_OBJECTS]
    detailed = [{"media_type": "image", "frame_start": 0, "frame_end": 1, "source": source,
                 "module": OSR, "meta": {"label": label, "score": score},
                 "time_start": 0.0, "time_end": 0.0, "tc_start": None, "tc_end": None,
                 "detections": [] if box is None else [
                     {"frame_index": 0, "type": "object_bbox",
                      "data": dict(zip("xywh", box, strict=True))}]}
                for label, score, box in IMAGE_OBJECTS]
    return obj, summarized, detailed


def failed_job() -> dict[str, Any]:
    source = storage_url(FAILED_FILE)
    errors = [{"module": FACE, "code": "media_decode_error",
               "message": f"Could not decode frame 1713 of {source}: invalid NAL unit size"},
              {"module": ADA, "code": "aborted",
               "message": "Aborted because module face_recognition failed"}]
    modules = {FACE: {"model": FACE_MODEL, "state": "failed", "progress": 0.35},
               ADA: {"state": "failed", "progress": 0.35}}
    return _job(FAILED_JOB_ID, "evening-news", "failed", errors, 0.35,
                _times("late-news", "2026-10-06 09:20:40", 1.31, 21.774), source, modules,
                "video", False, [])
