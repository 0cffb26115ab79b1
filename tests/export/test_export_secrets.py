"""The API key is never written: not in Parquet data or metadata, the manifest, or output."""

from __future__ import annotations

import pyarrow.parquet as pq
from export_helpers import KEY, Account, serve

from deepva_frames.cli import main


def every_text(path) -> bytes:
    """The file's bytes, plus for Parquet its decoded rows and metadata."""
    raw = path.read_bytes()
    if path.suffix == ".parquet":
        table = pq.read_table(path)
        raw += repr(table.to_pylist()).encode() + repr(table.schema.metadata).encode()
    return raw


def test_the_canary_key_is_in_no_written_file(tmp_path, monkeypatch, capsys):
    account = Account.create(tmp_path / "store")
    out, cache = tmp_path / "out", tmp_path / "cache"
    with serve(account) as (fake, client):
        client.export(out, all_jobs=True)
        monkeypatch.setenv("DEEPVA_API_KEY", KEY)
        assert main(["fetch", "--cache", str(cache), "--all-jobs", "--base-url", fake.url]) == 0
        assert main(["export", "--report", "r1", "--out", str(tmp_path / "cli"),
                     "--cache", str(cache), "--base-url", fake.url]) == 0
        assert all(seen.authorized for seen in fake.requests)
    captured = capsys.readouterr()
    assert KEY not in captured.out + captured.err
    files = [p for root in (out, cache, tmp_path / "cli") for p in root.rglob("*") if p.is_file()]
    assert len(files) > 40
    leaking = [p for p in files if KEY.encode() in every_text(p)]
    assert leaking == []
