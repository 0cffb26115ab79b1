"""Realistic synthetic payloads for the benchmarks, shaped like the API reference's.

- :func:`job`: a full job object: id, tag, state, errors, progress, duration, three
  timestamps, sources, modules (per-module model and state), media_type,
  is_synced_to_kg, result with detailed_link and a summary per source (media_type,
  info with fps/resolution/total_frames/duration, a dozen items of two types);
- :func:`segment`: a detailed result: media_type, frames, times, timecodes, source,
  module, meta with person, closest_person, mean_distance, mean_similarity, gender,
  age, speaking, and detections of several types (face, body and object boxes).
- :func:`pages`: records as compact page bodies, as the API sends them.
"""

from __future__ import annotations

import json
from typing import Any

MODULES = ("face_recognition", "object_scene_recognition", "text_recognition")
DETECTION_TYPES = ("face_bbox", "body_bbox", "object_bbox")
GENDERS = ("female", "male", None)
AGES = ("20-30", "30-40", "40-50", "50-60")
LABELS = ("Indoor", "Chair", "Furniture", "Cushion", "Studio", "Desk", "Screen", "Microphone")


def _timecode(frame: int, fps: int = 25) -> str:
    seconds, frames = divmod(frame, fps)
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}:{frames:02d}"


def job(number: int, *, sources: int = 2, items: int = 12) -> dict[str, Any]:
    """A completed job like the reference's job object (about 2.5 KB of JSON)."""
    job_id = f"{number:08x}-cc05-4a99-a293-8d73be0aa37f"
    urls = [f"https://media.example.com/archive/{number}/clip-{k}.mp4" for k in range(sources)]
    minute = number % 60
    return {
        "id": job_id, "tag": f"news-{number % 7}", "state": "completed", "errors": [],
        "progress": 1.0, "duration": 73.2 + number % 11,
        "time_created": f"2026-10-06 08:{minute:02d}:28.430144",
        "time_started": f"2026-10-06 08:{minute:02d}:29.510771",
        "time_completed": f"2026-10-06T09:{minute:02d}:29.530825Z",
        "sources": urls, "media_type": "video", "is_synced_to_kg": number % 2 == 0,
        "modules": {name: {"model": "general", "state": "completed", "progress": 1}
                    for name in MODULES},
        "result": {
            "detailed_link": f"https://api.deepva.com/api/v1/jobs/{job_id}/detailed-results/",
            "summary": [{"source": url, "media_type": "video",
                         "info": {"fps": 25.0, "resolution": [1280, 720],
                                  "total_frames": 45000, "duration": 1800.0},
                         "items": [{"type": "face" if k % 2 else "object",
                                    "label": LABELS[(number + k) % len(LABELS)]}
                                   for k in range(items)]} for url in urls]},
    }


def segment(job_number: int, index: int, per_segment: int) -> dict[str, Any]:
    """One detailed result with ``per_segment`` detections of several types."""
    start = index * per_segment
    end = start + per_segment
    module = MODULES[index % 2]
    person = f"Person {index % 23}"
    return {
        "media_type": "video", "frame_start": start, "frame_end": end,
        "source": f"https://media.example.com/archive/{job_number}/clip-0.mp4",
        "module": module,
        "meta": {"person": person if index % 5 else "unknown",
                 "closest_person": person, "mean_distance": 0.93 - index % 7 / 100,
                 "mean_similarity": 0.56 + index % 5 / 100,
                 "gender": GENDERS[index % 3], "age": AGES[index % 4],
                 "speaking": index % 2 == 0},
        "time_start": start / 25, "time_end": end / 25,
        "tc_start": _timecode(start), "tc_end": _timecode(end),
        "detections": [{"frame_index": start + k, "type": DETECTION_TYPES[k % 3],
                        "data": {"x": 0.636 - k / 1e4, "y": 0.165, "w": 0.089, "h": 0.226}}
                       for k in range(per_segment)],
    }


def pages(records: list[Any], size: int) -> list[bytes]:
    """Compact page bodies of ``size`` records (one empty page for no records)."""
    starts = range(0, len(records), size) if records else [0]
    return [json.dumps({"total": len(records), "offset": s, "limit": size, "next": None,
                        "prev": None, "data": records[s:s + size]},
                       separators=(",", ":")).encode() for s in starts]
