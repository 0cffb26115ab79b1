"""The text of ``sample_data/README.md``, written from the generated account."""

from __future__ import annotations

import textwrap
from typing import Any

from .common import FETCHED_AT, PAGE_LIMIT
from .jobs import VIDEO_JOBS
from .video import FACE_AXIS

FORMAT = """\
## The page-store format (`account/`)

`account/` is a `deepva_frames.store.PageStore`: raw API responses recorded on disk,
replayed offline by `deepva_frames.sample_client()` through the same code path as live
data. Open it with `PageStore("sample_data/account")`.

* **One folder per resource path.** `GET /jobs/<id>/detailed-results/` lives in
  `account/jobs/<id>/detailed-results/`; each path part is percent-encoded to a safe
  folder name.
* **`_pages.ndjson`** - a listing: every page body exactly as the API served it, one
  JSON document per line, in offset order (`{"total", "offset", "limit", "next",
  "prev", "data"}`). All listings here were recorded with the API's default page
  size `limit=10`, so a listing of 13 records has two lines. An empty listing is one
  page with `"data": []`.
* **`_object.json`** - a single JSON document (an object, or a plain list such as the
  search suggestions), pretty-printed.
* **`_file`** - a downloaded file, bytes as served (artifacts, dictionary files).
* **`<data file>.meta.json`** beside each data file - the entry's metadata:
  `format_version`, `kind` (`pages`, `object` or `file`), the request `path` and
  `params` (the query without `offset`/`limit`, never a header), the request
  `fingerprint` (SHA-256 of method, normalized path and query) and `fetched_at`;
  listings add `pages`, `total`, `records` and `page_limits`, files add
  `content_type`, `filename` and `bytes`.
* **Queries.** A request with a query gets the first 12 hex digits of its fingerprint
  as a file suffix, so several queries of one path sit side by side:
  `storage/_pages.<fingerprint>.ndjson` for `GET /storage/?folder=/`,
  `knowledge-graph/nodes/_pages.ndjson` (no query) next to
  `knowledge-graph/nodes/_pages.<fingerprint>.ndjson` (`?type=person`).
* **`manifest.json`** at the root: `format` (`deepva-page-store`), `format_version`,
  `created_at` and `fetched_at` (the newest entry's fetch time).
* **Atomic writes.** Every file is written to a temporary file in the same folder and
  then renamed over the target, the data file before its meta, so a reader sees a
  whole entry or the previous one, never half of one.
"""


def _join(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _n(count: int, word: str) -> str:
    plural = word + ("es" if word.endswith("s") else "s")
    return f"{count} {word if count == 1 else plural}"


def _bullet(text: str) -> str:
    return textwrap.fill(text, width=88, initial_indent="* ", subsequent_indent="  ",
                         break_on_hyphens=False, break_long_words=False)


def _para(text: str) -> str:
    return textwrap.fill(text, width=88, break_on_hyphens=False, break_long_words=False)


def _table(rows: list[tuple[str, ...]]) -> str:
    head = ("job id", "tag", "media", "state", "batch")
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(f"`{row[0]}`" if i == 0 else row[i] for i in range(len(row)))
              + " |" for row in rows]
    return "\n".join(lines)


def render(facts: dict[str, Any], n_entries: int) -> str:
    """README.md: what the sample holds, how to regenerate it, the store format."""
    jobs, video = facts["jobs"], VIDEO_JOBS[0]
    n_video = sum(1 for _, media, state in jobs if media == "video" and state == "completed")
    people = [f"{name} ({gender}, b. {year}, {occupation})"
              for name, gender, year, occupation in facts["people"]]
    root, faces = facts["storage"]
    parts = [
        "# Sample data",
        _para("A recorded, entirely fictional DeepVA account and a short synthetic video, "
              "so that everything in `deepva_frames` works offline. Every person, "
              "organisation, id and figure here is invented."),
        "\n".join([
            _bullet("`account/` - the recorded API responses (a page store, format below)."),
            _bullet(f"`video/{video.file_name}` - {video.size[0]}x{video.size[1]}, "
                    f"{video.fps:g} fps, {video.total_frames} frames "
                    f"({video.total_frames / video.fps:g} s), mp4v: the media of the "
                    "`newsroom` job. A drawn face fills the job's face box (an ellipse with "
                    f"semi-axes {FACE_AXIS:.0%} of the box) at every frame of each "
                    "face-recognition segment, the box interpolated linearly between the "
                    "sampled detections and held after the last one until `frame_end`."),
            _bullet("`make_sample.py` (with `_samplegen/`) - the deterministic generator "
                    "of both, and of this README."),
        ]),
        "## Regenerating",
        "```\n"
        "python sample_data/make_sample.py             # rewrites sample_data/\n"
        "python sample_data/make_sample.py --out DIR   # DIR/account, DIR/video, DIR/README.md\n"
        "python sample_data/make_sample.py --no-video  # only the store and the README\n"
        "```",
        _para("Seeds, timestamps and ids (UUID5 of fixed names) are fixed, every entry has "
              f"`fetched_at` {FETCHED_AT}, and `account/` is deleted and rebuilt on each run, "
              "so two runs give byte-identical files. `tests/test_sample_data.py` checks "
              "that, and recomputes the account's figures from its detailed results."),
        "## What the fictional account holds",
        _para(f"{n_entries} recorded responses, every listing recorded with the API's "
              f"default page size (`limit={PAGE_LIMIT}`):"),
        "\n".join([
            _bullet(f"**Jobs ({len(jobs)})**: {n_video} video jobs running "
                    "`face_recognition` and `advanced_diversity_analysis`, 1 image job "
                    "running `object_scene_recognition` and 1 failed video job (errors, "
                    "empty results). Each has its object, detailed results, summarized "
                    "results and artifacts (the table at the end lists them)."),
            _bullet("**Detailed results**: face-recognition segments (named people, and "
                    "`unknown` faces with a `closest_person`; people together on screen, and "
                    "the same person in two overlapping segments) and diversity segments of "
                    "the same faces (`female_1`, `male_2`, ... per job, with gender, age "
                    "bucket and speaking), all with `face_bbox` detections every 12 frames "
                    "(24 at 50 fps)."),
            _bullet("**Summarized results**: per video job the eight diversity summaries "
                    "(`gender_count` ... `name_to_speech_time`), computed from the diversity "
                    "segments: a face's screen time is the length of the union of its "
                    "segments; a group's time is the sum over its faces. The image job has "
                    "`object` summaries (label and score) and one detailed result per label "
                    "(`frame_start` 0, `frame_end` 1, times 0.0, `object_bbox` detections); "
                    "the failed job's result listings are empty."),
            _bullet(f"**People ({len(people)})**, known to the knowledge graph: "
                    f"{_join(people)}."),
            _bullet(f"**Knowledge graph**: {len(people) + len(facts['places'])} nodes, the "
                    f"people and {_join(facts['places'])}, with descriptions, attributes, "
                    "similar and related nodes, one attribute comparison, the attribute "
                    "descriptions and one search-suggestions query."),
            _bullet(f"**Batches ({len(facts['batches'])})**: " + _join([
                f"{name} ({_n(count, 'direct job')})" for name, count in facts["batches"]])
                + "; the first is the parent of the other two."),
            _bullet(f"**Reports ({len(facts['reports'])})**: {_join(facts['reports'])}. "
                    "Each item sums the per-job figures over the jobs of a batch and its "
                    "sub-batches."),
            _bullet(f"**Datasets ({len(facts['datasets'])})**: " + _join([
                f"{name} ({_n(classes, 'class')}, {_n(images, 'image')})"
                for name, classes, images in facts["datasets"]])
                + ", with images, clusters and cluster images."),
            _bullet(f"**Storage**: {_n(root, 'object')} in `/` (the jobs' media and the "
                    f"dataset folder) and {_n(faces, 'image')} in the dataset folder."),
            _bullet(f"**Dictionaries ({len(facts['dictionaries'])})**: "
                    f"{_join(facts['dictionaries'])}, with their files."),
            _bullet(f"**Exports ({len(facts['exports'])})**: " + _join([
                f"one {state} ({_n(n, 'artifact')})" for state, n in facts["exports"]])
                + "; one export log and one job artifact file are recorded."),
        ]),
    ]
    parts += ["### The jobs", _table(facts["job_rows"])]
    return "\n\n".join(parts) + "\n\n" + FORMAT
