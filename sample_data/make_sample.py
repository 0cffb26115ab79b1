"""Regenerate the bundled sample: a fictional DeepVA account and a synthetic video.

    python sample_data/make_sample.py [--out DIR] [--no-video]

Writes ``DIR/account/`` (a page store, deleted and rebuilt), ``DIR/video/newsroom.mp4``
and ``DIR/README.md``; ``DIR`` defaults to this folder. The output is deterministic:
fixed seeds, fixed timestamps and UUID5 ids, so two runs give byte-identical files.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent


def _import_paths() -> None:
    for folder in (str(REPO), str(HERE)):
        if folder not in sys.path:
            sys.path.insert(0, folder)


def write_store(root: Path, account) -> int:
    """Record every response of ``account`` into a fresh page store at ``root``."""
    from _samplegen.common import FETCHED_AT, paginate

    from deepva_frames._atomic import atomic_write_bytes
    from deepva_frames.store import FORMAT, FORMAT_VERSION, PageStore

    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    # the manifest is written first so that its times are fixed, not "now"
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION,
                "created_at": FETCHED_AT, "fetched_at": FETCHED_AT}
    atomic_write_bytes(root / "manifest.json",
                       json.dumps(manifest, indent=2).encode("utf-8") + b"\n")
    store = PageStore(root, create=True)
    seen = set()
    for rec in account.records:
        key = (rec.kind, rec.path, tuple(sorted(rec.params.items())))
        if key in seen:
            raise ValueError(f"recorded twice: {key}")
        seen.add(key)
        if rec.kind == "pages":
            store.put_pages(rec.path, rec.params, paginate(rec.path, rec.body, rec.params),
                            fetched_at=FETCHED_AT)
        elif rec.kind == "object":
            store.put_object(rec.path, rec.params, rec.body, fetched_at=FETCHED_AT)
        else:
            store.put_file(rec.path, rec.body, content_type=rec.content_type,
                           filename=rec.filename, fetched_at=FETCHED_AT)
    return len(account.records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=HERE,
                        help="folder to write account/, video/ and README.md into")
    parser.add_argument("--no-video", action="store_true", help="skip rendering the video")
    args = parser.parse_args(argv)
    _import_paths()
    from _samplegen import account as account_module
    from _samplegen import readme
    from _samplegen.jobs import VIDEO_JOBS, detailed_results

    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    account = account_module.build()
    count = write_store(out / "account", account)
    (out / "README.md").write_text(readme.render(account.facts, count), encoding="utf-8")
    if not args.no_video:
        from _samplegen.video import write_video

        newsroom = VIDEO_JOBS[0]
        write_video(newsroom, detailed_results(newsroom), out / "video" / newsroom.file_name)
    print(f"wrote {count} responses to {out / 'account'}"
          + ("" if args.no_video else f" and {out / 'video' / VIDEO_JOBS[0].file_name}"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
