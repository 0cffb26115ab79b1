"""The ``render`` subcommand of ``deepva-frames``: a job's face boxes drawn onto its video.

>>> parser = argparse.ArgumentParser(prog="deepva-frames")
>>> add_parser(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["render", "--sample", "--job", "J", "--out", "a.mp4"])
>>> args.job, args.video, args.interpolate
('J', None, True)
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .._progress import progress_enabled
from .common import UsageError, add_common, add_source, job_results

__all__ = ["add_parser", "run"]

RENDER_EPILOG = """examples:
  deepva-frames render --sample --job 59f723cb-c457-5276-9089-caf1c7747fe3 --out newsroom.mp4
                          the sample job on the bundled sample video
  deepva-frames render --job JOB_ID --video media.mp4 --out annotated.mp4 --sheet faces.png
                          a job of your account (DEEPVA_API_KEY) on its media file
"""


def add_parser(commands: Any) -> None:
    """Add ``render`` to the subparsers ``commands``."""
    render = commands.add_parser(
        "render", help="draw a job's face boxes onto its video",
        description="Draw a job's face boxes and labels onto its video: an annotated copy "
        "with the same fps, size and frame count, and optionally a contact sheet of face "
        "crops per person.", epilog=RENDER_EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    render.add_argument("--job", metavar="ID", required=True, help="the job whose results to draw")
    render.add_argument("--video", metavar="PATH",
                        help="the job's media file (default with --sample: the sample video)")
    render.add_argument("--out", metavar="PATH", required=True, help="annotated video to write")
    render.add_argument("--sheet", metavar="PNG", help="also write a contact sheet here")
    render.add_argument("--interpolate", action=argparse.BooleanOptionalAction, default=True,
                        help="interpolate boxes between sampled detections (default: yes)")
    add_source(render)
    add_common(render)


def _video(args: argparse.Namespace) -> Path:
    if args.video:
        return Path(args.video)
    if not args.sample:
        raise UsageError("--video PATH is needed (the job's media file)")
    from ..sample import sample_video_path

    return sample_video_path()


def run(args: argparse.Namespace) -> int:
    """Render the annotated video (and the contact sheet); errors propagate to exit codes."""
    from .. import overlay
    from ..overlay.render import check_output

    video = _video(args)
    for path in (args.out, args.sheet):      # a folder we cannot write: before any work
        if path:
            check_output(path)
    results, media = job_results(args)
    progress = progress_enabled(args.progress)
    written = overlay.render(video, results, args.out, interpolate=args.interpolate,
                             progress=progress, media=media)
    print(f"{written.path}: {written.frames} frames, {written.seconds:.1f} s at "
          f"{written.fps:g} fps, {written.width}x{written.height}, {written.codec}")
    if args.sheet:
        overlay.contact_sheet(video, results, media=media, out_path=args.sheet)
        print(f"{args.sheet}: contact sheet of face crops per person")
    return 0
