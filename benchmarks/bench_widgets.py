"""Benchmark: one slider step of the job explorer at 720p (``widgets.JobExplorer``).

A synthetic 1280x720 video (``--frames`` frames, default 300, mp4v, 25 fps) with drawn
faces is generated into a temporary folder, with synthetic results: four people whose
segments start and end at different times (the on-screen table changes), detections
every 12 frames. Then, through the widget's state as a user's browser would drive it
(``explorer.slider.value = i``), every step is timed: decoding (or the frame cache),
drawing the boxes, JPEG encoding, the on-screen table and the timeline cursor (PNG).

* forward by 1: from frame 0 to the end (playback, the right arrow key): sequential reads;
* back by 1: 40 steps back from the end (the left arrow key): the last 16 frames come from
  the LRU cache, older ones need a seek;
* random jumps: ``--jumps`` random frames (seeded), clicking or dragging the slider: a
  seek each (OpenCV decodes from the keyframe before ``frame - 16``: the container's
  cost, the same as a bare ``VideoCapture.set`` + ``read``, also printed).

Printed: median and p95 milliseconds per step of each (target: well under 100 ms), and
for the same steps the baseline a user would otherwise write: ``overlay.frame(video, i,
results)`` (open, seek, plan the frame's boxes, draw) plus ``cv2.imencode`` per step, with
the ratio baseline / explorer (medians).

    python benchmarks/bench_widgets.py
    python benchmarks/bench_widgets.py --frames 600 --jumps 200
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a source checkout without installing
    sys.path.insert(0, str(ROOT))

import cv2  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from _synthetic import FPS, SIZE, write_video  # noqa: E402

from deepva_frames import overlay  # noqa: E402
from deepva_frames.widgets import JobExplorer  # noqa: E402

STEP = 12
PEOPLE = ("Mara Lindqvist", "Tobias Brenner", "Amara Okafor", "unknown")


def face_box(k: int, frame: int) -> tuple[float, float, float, float]:
    """Normalized (x, y, w, h) of person ``k`` at ``frame``: a slow drift."""
    return (0.05 + 0.23 * k + 0.03 * np.sin(frame / 40 + k),
            0.25 + 0.03 * np.cos(frame / 55 + k), 0.14, 0.36)


def make_results(frames: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Segments (person k on screen from k/8 of the video to its end, and from 0 to k/4)
    and detections every STEP frames."""
    spans = [(k, k * frames // 8, frames) for k in range(len(PEOPLE))]
    spans += [(k, 0, (k + 1) * frames // 4) for k in range(1, len(PEOPLE))]
    segments = pd.DataFrame({
        "job_id": "bench", "segment_id": [f"s{i}" for i in range(len(spans))],
        "module": "face_recognition", "source": "bench.mp4",
        "frame_start": [s for _, s, _ in spans], "frame_end": [e for _, _, e in spans],
        "time_start": [s / FPS for _, s, _ in spans], "time_end": [e / FPS for _, _, e in spans],
        "person": [PEOPLE[k] for k, _, _ in spans],
        "closest_person": [("Henrik Vass" if PEOPLE[k] == "unknown" else None)
                           for k, _, _ in spans],
        "mean_similarity": 0.6})
    rows = [{"job_id": "bench", "segment_id": f"s{i}", "frame_index": f,
             **dict(zip("xywh", face_box(k, f), strict=True))}
            for i, (k, start, end) in enumerate(spans) for f in range(start, end, STEP)]
    return segments, pd.DataFrame(rows)


def make_video(path: Path, frames: int) -> None:
    """A gradient with noise and moving ellipses (so that frames differ and decode costs)."""
    write_video(path, frames, lambda frame: [face_box(k, frame) for k in range(len(PEOPLE))])


def timed(explorer: JobExplorer, indices: list[int]) -> np.ndarray:
    """Milliseconds of each ``slider.value = i``."""
    out = []
    for index in indices:
        start = time.perf_counter()
        explorer.slider.value = int(index)
        out.append((time.perf_counter() - start) * 1000.0)
    return np.asarray(out)


def baseline(video: Path, results: object, indices: list[int]) -> np.ndarray:
    """Milliseconds of ``overlay.frame`` + JPEG encoding per frame (no state kept)."""
    out = []
    for index in indices:
        start = time.perf_counter()
        cv2.imencode(".jpg", overlay.frame(video, int(index), results))
        out.append((time.perf_counter() - start) * 1000.0)
    return np.asarray(out)


def bare_seeks(video: Path, indices: list[int]) -> np.ndarray:
    """Milliseconds of ``VideoCapture.set(CAP_PROP_POS_FRAMES, i)`` + ``read()`` alone."""
    capture, out = cv2.VideoCapture(str(video)), []
    for index in indices:
        start = time.perf_counter()
        capture.set(cv2.CAP_PROP_POS_FRAMES, int(index))
        capture.read()
        out.append((time.perf_counter() - start) * 1000.0)
    capture.release()
    return np.asarray(out)


def report(name: str, ms: np.ndarray, base: np.ndarray | None = None) -> None:
    """Print median and p95 of ``ms`` (and the baseline's, with the ratio of medians)."""
    line = (f"{name:<20} steps {len(ms):>4}  median {np.median(ms):6.2f} ms  "
            f"p95 {np.percentile(ms, 95):6.2f} ms")
    if base is not None:
        line += (f"   | overlay.frame median {np.median(base):6.2f} ms  p95 "
                 f"{np.percentile(base, 95):6.2f} ms  ratio {np.median(base) / np.median(ms):.1f}x")
    print(line)


def main(argv: list[str] | None = None) -> None:
    """Generate the video and results, then time the slider steps."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--jumps", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if args.frames < 30:  # the figure is for >= 300 frames (the default)
        parser.error("--frames must be at least 30")
    with tempfile.TemporaryDirectory() as tmp:
        video = Path(tmp) / "bench.mp4"
        make_video(video, args.frames)
        media = {"fps": FPS, "width": SIZE[0], "height": SIZE[1], "total_frames": args.frames}
        build = time.perf_counter()
        results = make_results(args.frames)
        explorer = JobExplorer(results, media=media, video=video)
        print(f"720p synthetic video, {args.frames} frames; explorer built in "
              f"{(time.perf_counter() - build) * 1000:.0f} ms (boxes interpolated, "
              "timeline drawn)")
        forward = timed(explorer, list(range(1, args.frames)))
        back = timed(explorer, list(range(args.frames - 2, args.frames - 42, -1)))
        rng = np.random.default_rng(args.seed)
        jumps = rng.integers(0, args.frames, args.jumps).tolist()
        random_ms = timed(explorer, jumps)
        sample = slice(0, 60)
        steps = list(range(1, min(61, args.frames)))
        report("forward by 1", forward, baseline(video, results, steps))
        report("back by 1", back)
        report("random jumps", random_ms, baseline(video, results, jumps[sample]))
        report("bare seek + read", bare_seeks(video, jumps))
        print(f"frame source: {explorer.frames.stats}")
        explorer.close()


if __name__ == "__main__":
    main()
