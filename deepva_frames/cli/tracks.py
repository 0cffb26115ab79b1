"""The ``tracks`` subcommand of ``deepva-frames``: a job's results as a track file.

>>> parser = argparse.ArgumentParser(prog="deepva-frames")
>>> add_parser(parser.add_subparsers(dest="command"))
>>> args = parser.parse_args(["tracks", "--sample", "--job", "J", "--out", "news.ass"])
>>> args.format, args.unknown, args.person
(None, 'label', None)
"""

from __future__ import annotations

import argparse
from typing import Any

from .common import UsageError, add_common, add_source, job_results

__all__ = ["add_parser", "run"]

FORMAT_HELP = ("vtt (WebVTT: who is on screen), srt, ass (boxes drawn by the player), "
               "eaf (ELAN tiers), markers (CSV with SMPTE timecodes, Premiere's columns), "
               "edl (Resolve's timeline-marker EDL); default: from --out")

TRACKS_EPILOG = """examples:
  deepva-frames tracks --sample --job 59f723cb-c457-5276-9089-caf1c7747fe3 --out newsroom.vtt
  deepva-frames tracks --sample --job 59f723cb-c457-5276-9089-caf1c7747fe3 --out newsroom.ass
                          open it with the video: vlc --sub-file newsroom.ass newsroom.mp4
  deepva-frames tracks --job JOB_ID --format eaf --video media.mp4 --out media.eaf
  deepva-frames tracks --job JOB_ID --format markers --start 01:00:00:00 --out markers.csv
  deepva-frames tracks --job JOB_ID --out markers.edl     Resolve: Timeline > Import >
                                                          Timeline Markers from EDL
"""


def add_parser(commands: Any) -> None:
    """Add ``tracks`` to the subparsers ``commands``."""
    from ..tracks import FORMATS

    tracks = commands.add_parser(
        "tracks", help="write a job's results as WebVTT, SRT, ASS, ELAN or editors' markers",
        description="Write a job's results as a track for players and annotation tools: "
        "who is on screen as WebVTT/SRT cues, the face boxes as ASS drawn over the "
        "untouched video, ELAN tiers per person and group, or editors' markers (a CSV "
        "with Premiere's columns, or DaVinci Resolve's marker EDL).",
        epilog=TRACKS_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    tracks.add_argument("--job", metavar="ID", required=True, help="the job whose results to write")
    tracks.add_argument("--format", choices=sorted(FORMATS), help=FORMAT_HELP)
    tracks.add_argument("--out", metavar="FILE", required=True, help="track file to write")
    tracks.add_argument("--module", metavar="NAME",
                        help="segments of this module (default: face_recognition when present)")
    tracks.add_argument("--person", metavar="NAME", action="append",
                        help="only this person (repeat for several; 'unknown' for unknown faces)")
    tracks.add_argument("--unknown", choices=["label", "own", "closest_person", "drop"],
                        default="label", help="unknown faces: '? <closest person>' as in the "
                        "overlay (label, default), all as 'unknown' (own), as their closest "
                        "person, or left out (drop)")
    tracks.add_argument("--video", metavar="PATH",
                        help="eaf: the media file ELAN opens (default with --sample: the "
                        "sample video; else the job's source)")
    tracks.add_argument("--interpolate", action=argparse.BooleanOptionalAction, default=True,
                        help="ass: interpolate boxes between sampled detections (default: yes)")
    tracks.add_argument("--start", metavar="TIMECODE",
                        help="markers, edl: timecode of the media's first frame (default "
                        "00:00:00:00, and 01:00:00:00 for edl as Resolve's timelines)")
    add_source(tracks)
    add_common(tracks)


def _options(args: argparse.Namespace, format: str) -> dict[str, Any]:
    if format == "ass":
        return {"interpolate": args.interpolate}
    if format in ("markers", "edl"):
        return {"start": args.start or ("01:00:00:00" if format == "edl" else "00:00:00:00")}
    if format == "eaf":
        video = args.video
        if video is None and args.sample:
            from ..sample import sample_video_path

            video = sample_video_path()
        return {"media_url": video}
    return {}


def run(args: argparse.Namespace) -> int:
    """Write the track; errors propagate to exit codes (1 for data, 2 for usage)."""
    from ..tracks import TracksError, format_for, write_track

    try:
        format = format_for(args.out, args.format)
    except TracksError as exc:
        raise UsageError(str(exc)) from None
    results, media = job_results(args)
    if not len(results.segments) and not len(media):
        raise TracksError(f"job {args.job} has no results and no media to make a track of "
                          "(has it completed?)")
    out = write_track(results, args.out, format, media, module=args.module,
                      persons=args.person, unknown=args.unknown, **_options(args, format))
    print(f"{out}: {format} track of job {args.job}")
    return 0

