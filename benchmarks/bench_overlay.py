"""Benchmark: ``overlay.render`` against a plain decode + encode loop with the same codec.

A synthetic 720p video (``--frames`` frames, default 300, mp4v) with three drawn faces
is generated into a temporary folder, with detections every 12 frames for each face
(one segment per face spanning the video). For each codec (``h264``: the default, H.264
through PyAV, libx264 veryfast crf 23; ``mp4v``: OpenCV's writer, on request), measured in
one run, alternating, ``--repeat`` times:

* plain: ``VideoCapture.read`` + the encoder in one loop, nothing drawn (what a user
  would otherwise write, without boxes): PyAV's ``VideoFrame.from_ndarray(bgr24)`` +
  ``stream.encode`` for h264, ``VideoWriter.write`` for mp4v;
* render: ``overlay.render`` with boxes and labels for the three faces on every frame;
* supervision (if installed): ``BoxAnnotator`` + ``LabelAnnotator`` in the plain loop.

Printed: best and median seconds of each, the throughput ratio render / plain per codec
(target >= 1.0) with its min and max over the runs, and supervision / render.

    python benchmarks/bench_overlay.py
    python benchmarks/bench_overlay.py --frames 600 --repeat 7 --codec h264
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a source checkout without installing
    sys.path.insert(0, str(ROOT))

import av  # noqa: E402
import cv2  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from _synthetic import FPS, SIZE, write_video  # noqa: E402

from deepva_frames import overlay  # noqa: E402
from deepva_frames.analysis.interpolate import interpolate_detections  # noqa: E402

STEP = 12
FACES = (("Mara Lindqvist", 0.15, 0.66), ("Tobias Brenner", 0.45, 0.64),
         ("unknown", 0.72, 0.44))


def face_box(k: int, frame: int) -> tuple[float, float, float, float]:
    """Normalized (x, y, w, h) of face ``k`` at ``frame``: a slow drift."""
    x0 = FACES[k][1]
    return (x0 + 0.05 * np.sin(frame / 40 + k), 0.25 + 0.03 * np.cos(frame / 55 + k),
            0.14, 0.36)


def make_results(frames: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Segments (one per face) and detections every STEP frames."""
    segments = pd.DataFrame({
        "job_id": "bench", "segment_id": [f"s{k}" for k in range(len(FACES))],
        "module": "face_recognition", "frame_start": 0, "frame_end": frames,
        "person": [f[0] for f in FACES],
        "closest_person": [None, None, "Henrik Vass"],
        "mean_similarity": [f[2] for f in FACES]})
    rows = [{"job_id": "bench", "segment_id": f"s{k}", "frame_index": f,
             **dict(zip("xywh", face_box(k, f), strict=True))}
            for k in range(len(FACES)) for f in range(0, frames, STEP)]
    return segments, pd.DataFrame(rows)


def make_video(path: Path, frames: int, detections: pd.DataFrame,
               segments: pd.DataFrame) -> None:
    """A studio-like gradient with noise and the three faces where the boxes say."""
    boxes = interpolate_detections(detections, segments=segments)
    by_frame = {f: g[["x", "y", "w", "h"]].itertuples(index=False, name=None)
                for f, g in boxes.groupby("frame_index")}
    write_video(path, frames, lambda frame: by_frame.get(frame, ()))


class PlainH264:
    """H.264 as a user would write it with PyAV: same encoder and options as render."""

    def __init__(self, out: Path, fps: float):
        self.container = av.open(str(out), "w", options={"movflags": "+faststart"})
        self.stream = self.container.add_stream("libx264", rate=round(fps),
                                                options={"preset": "veryfast", "crf": "23"})
        self.stream.width, self.stream.height = SIZE
        self.stream.pix_fmt = "yuv420p"

    def write(self, image: np.ndarray) -> None:
        self.container.mux(self.stream.encode(av.VideoFrame.from_ndarray(image, format="bgr24")))

    def release(self) -> None:
        self.container.mux(self.stream.encode(None))
        self.container.close()


def plain_writer(codec: str, out: Path, fps: float) -> Any:
    """The encoder a plain loop would use for ``codec``."""
    if codec == "h264":
        return PlainH264(out, fps)
    return cv2.VideoWriter(str(out), cv2.VideoWriter_fourcc(*codec), fps, SIZE)


def plain(video: Path, out: Path, codec: str) -> int:
    """Decode + encode, nothing drawn: the baseline."""
    capture = cv2.VideoCapture(str(video))
    writer = plain_writer(codec, out, capture.get(cv2.CAP_PROP_FPS))
    count = 0
    while True:
        ok, image = capture.read()
        if not ok:
            break
        writer.write(image)
        count += 1
    capture.release()
    writer.release()
    return count


def with_overlay(video: Path, out: Path, codec: str, results: Any) -> int:
    """overlay.render with boxes and labels."""
    fourcc = None if codec == "h264" else codec
    return overlay.render(video, results, out, progress=False, fourcc=fourcc).frames


def with_supervision(video: Path, out: Path, codec: str, results: Any) -> int | None:
    """supervision's BoxAnnotator + LabelAnnotator in a decode + encode loop."""
    try:
        import supervision as sv
    except ImportError:
        return None
    segments, detections = results
    boxes = interpolate_detections(detections, segments=segments)
    labels = {r.segment_id: f"{r.person} {r.mean_similarity:.2f}" for r in segments.itertuples()}
    width, height = SIZE
    per_frame = {f: g for f, g in boxes.groupby("frame_index")}
    box_annotator, label_annotator = sv.BoxAnnotator(), sv.LabelAnnotator()
    capture = cv2.VideoCapture(str(video))
    writer = plain_writer(codec, out, FPS)
    count = 0
    while True:
        ok, image = capture.read()
        if not ok:
            break
        group = per_frame.get(count)
        if group is not None:
            xywh = group[["x", "y", "w", "h"]].to_numpy()
            xyxy = np.column_stack([xywh[:, 0] * width, xywh[:, 1] * height,
                                    (xywh[:, 0] + xywh[:, 2]) * width,
                                    (xywh[:, 1] + xywh[:, 3]) * height])
            dets = sv.Detections(xyxy=xyxy, class_id=np.arange(len(xyxy)))
            image = box_annotator.annotate(image, dets)
            image = label_annotator.annotate(image, dets,
                                             labels=[labels[s] for s in group["segment_id"]])
        writer.write(image)
        count += 1
    capture.release()
    writer.release()
    return count


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=300)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--codec", action="append", choices=["h264", "mp4v"],
                        help="codecs to measure (default: both)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        video = folder / "synthetic_720p.mp4"
        results = make_results(args.frames)
        make_video(video, args.frames, results[1], results[0])
        print(f"video: {video.name}, {SIZE[0]}x{SIZE[1]}, {args.frames} frames at {FPS:g} fps, "
              f"{len(FACES)} faces per frame; {args.repeat} runs each, alternating; "
              f"{os.cpu_count()} CPU(s), load {os.getloadavg()[0]:.2f}")
        for codec in args.codec or ["h264", "mp4v"]:
            report(codec, measure(video, folder, codec, results, args), args.frames)


def measure(video: Path, folder: Path, codec: str, results: Any,
            args: argparse.Namespace) -> dict[str, list[float]]:
    """Seconds of each contender over ``args.repeat`` alternating runs."""
    times: dict[str, list[float]] = {}
    runs = (("plain", plain, ()), ("render", with_overlay, (results,)),
            ("supervision", with_supervision, (results,)))
    for _ in range(args.repeat):
        for name, fn, extra in runs:
            started = time.perf_counter()
            frames = fn(video, folder / f"{name}-{codec}.mp4", codec, *extra)
            if frames is None:
                continue
            assert frames == args.frames, (name, frames)
            times.setdefault(name, []).append(time.perf_counter() - started)
    return times


def _verdict(ratio: float, target: float) -> str:
    return "OK" if ratio >= target else "BELOW TARGET"


def report(codec: str, times: dict[str, list[float]], frames: int) -> None:
    """Print best and median seconds and throughput, and the ratios against the targets."""
    best = {name: min(ts) for name, ts in times.items()}
    median = {name: float(np.median(ts)) for name, ts in times.items()}
    print(f"\n[{codec}] {'':<6} {'best':>8} {'median':>8}   frames/s (best)")
    for name in times:
        print(f"{name:<15} {best[name]:7.2f}s {median[name]:7.2f}s   {frames / best[name]:7.1f}")
    ratios = [p / r for p, r in zip(times["plain"], times["render"], strict=True)]
    ratio = median["plain"] / median["render"]
    print(f"[{codec}] render / plain throughput (median): {ratio:.3f}, per run "
          f"min {min(ratios):.3f} max {max(ratios):.3f} (target >= 1.0): {_verdict(ratio, 1.0)}")
    if "supervision" in best:
        ratio = best["supervision"] / best["render"]
        print(f"[{codec}] render / supervision throughput (best): {ratio:.3f} "
              f"(target >= 1.0): {_verdict(ratio, 1.0)}")
    else:
        print(f"[{codec}] supervision: not installed, comparison skipped")


if __name__ == "__main__":
    main()
