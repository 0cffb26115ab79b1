"""Benchmark: boxes as an ASS track against re-encoding the video with them drawn.

Before tracks, the only way to show the boxes outside Python was an annotated copy of
the video (``overlay.render``). The ASS track shows the same boxes over the untouched
video. A synthetic 720p video (``--frames`` frames at 25 fps, three faces, detections
every 12 frames, the overlay benchmark's) is generated into a temporary folder; then,
alternating, ``--repeat`` times: ``overlay.render`` (H.264, the default) and
``tracks.write_track`` for ASS and WebVTT.

Printed: best and median seconds of each, the speed-up render / ASS with its min and
max over the runs (target >= 10), and the sizes of the files written.

    python benchmarks/bench_tracks.py
    python benchmarks/bench_tracks.py --frames 1500 --repeat 5
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run from a source checkout without installing
    sys.path.insert(0, str(ROOT))

from _synthetic import FPS, SIZE  # noqa: E402
from bench_overlay import make_results, make_video  # noqa: E402

from deepva_frames import overlay, tracks  # noqa: E402

TARGET = 10.0


def _timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frames", type=int, default=750)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    segments, detections = make_results(args.frames)
    media = {"fps": FPS, "width": SIZE[0], "height": SIZE[1], "total_frames": args.frames}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        video = folder / "synthetic.mp4"
        make_video(video, args.frames, detections, segments)
        runs: dict[str, list[float]] = {"render": [], "ass": [], "vtt": []}
        outputs = {"render": folder / "annotated.mp4", "ass": folder / "faces.ass",
                   "vtt": folder / "faces.vtt"}
        for _ in range(args.repeat):
            runs["render"].append(_timed(lambda: overlay.render(
                video, (segments, detections), outputs["render"], progress=False)))
            for fmt in ("ass", "vtt"):
                runs[fmt].append(_timed(lambda fmt=fmt: tracks.write_track(
                    (segments, detections), outputs[fmt], media=media)))
        sizes = {name: path.stat().st_size for name, path in outputs.items()}
    print(f"{args.frames} frames of {SIZE[0]}x{SIZE[1]} at {FPS:g} fps, three faces, "
          f"{args.repeat} runs")
    for name, seconds in runs.items():
        print(f"  {name:<6} best {min(seconds):7.3f} s  median {statistics.median(seconds):7.3f} s"
              f"  file {sizes[name] / 1e6:6.2f} MB")
    ratios = [r / a for r, a in zip(runs["render"], runs["ass"], strict=True)]
    verdict = "ok" if statistics.median(ratios) >= TARGET else "below target"
    print(f"speed-up render / ass: median {statistics.median(ratios):.1f}x (min "
          f"{min(ratios):.1f}x, max {max(ratios):.1f}x; target >= {TARGET:g}x: {verdict})")


if __name__ == "__main__":
    main()
