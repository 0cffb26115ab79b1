"""Every SQL snippet of the documentation (docs/parquet.md, linked from the README), run
by DuckDB on the sample's export, gives the toolkit's figures (the old README's sum of
durations got 3 of 14 job x person pairs wrong, 48 instead of 40 s, and its "faces"
counted every face twice)."""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from deepva_frames import analysis
from deepva_frames.client import sample_client

# The SQL lives in the Parquet page of the documentation (the README links to it).
README = (Path(__file__).parents[2] / "docs" / "parquet.md").read_text(encoding="utf-8")
SQL_BLOCKS = re.findall(r"```sql\n(.*?)```", README, flags=re.S)
HEREDOC = re.search(r"<<'SQL'\n(.*?)\n\s*SQL\n", README, flags=re.S)
COPY = re.search(r"`(COPY \(.*?\) TO '[^']+';)`", README)


@pytest.fixture(scope="module")
def account(tmp_path_factory):
    """The sample exported to <tmp>/bi, and the toolkit's tables of it."""
    root = tmp_path_factory.mktemp("readme-sql")
    client = sample_client()
    client.export(root / "bi", all_jobs=True)
    jobs = client.jobs()
    segments = pd.concat([client.detailed_results(j).segments for j in jobs["job_id"]],
                         ignore_index=True)
    return root, jobs, segments, client.media(jobs["job_id"].tolist())


def run(sql: str, root: Path, con=None) -> pd.DataFrame | None:
    sql = sql.replace("'/data/bi/", "'bi/").replace("'bi/", f"'{root}/bi/")
    sql = sql.replace("TO 'segments_flat", f"TO '{root}/segments_flat")
    con = con or duckdb.connect()
    result = None
    for statement in (s for s in re.split(r";\s*(?:\n|$)", sql) if s.strip()):
        relation = con.sql(statement)
        result = relation.df() if relation is not None else result
    return result


def block(marker: str) -> str:
    found = [b for b in SQL_BLOCKS if marker in b]
    assert len(found) == 1, marker
    return found[0]


def test_every_snippet_is_checked():
    # a new snippet needs its own comparison below
    assert len(SQL_BLOCKS) == 2 and HEREDOC and COPY
    assert all("hive_types = {'job_id': VARCHAR}" in b for b in SQL_BLOCKS)


def test_screen_time_per_job_and_person(account):
    root, _, segments, media = account
    got = run(block("screen time per job and person"), root)
    faces = segments[segments["module"] == "face_recognition"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")   # the sample's media durations are all known
        expected = analysis.screen_time(faces, per="job", media=media)
    assert len(got) == len(expected) == 14
    columns = ["seconds", "share_of_media", "share_of_screen"]
    merged = expected.merge(got, on=["job_id", "person"], suffixes=("", "_sql"))
    assert len(merged) == 14
    for column in columns:
        assert merged[f"{column}_sql"].to_numpy() == pytest.approx(
            merged[column].to_numpy()), column


def test_faces_per_tag(account):
    root, jobs, segments, _ = account
    got = run(block("faces per tag"), root)
    faces = segments[segments["module"] == "face_recognition"].merge(
        jobs[["job_id", "tag"]], on="job_id")
    expected = analysis.person_counts(faces, by="tag")
    assert dict(zip(got["tag"], got["faces"], strict=True)) == dict(
        zip(expected["tag"].astype(str), expected["persons"], strict=True))


def test_bi_views_show_every_row_with_text_ids(account):
    root, _, segments, media = account
    con = duckdb.connect(str(root / "bi.duckdb"))
    run(HEREDOC.group(1), root, con)
    assert con.execute("SELECT count(*) FROM segments").fetchall()[0][0] == len(segments)
    assert con.execute("SELECT count(*) FROM media").fetchall()[0][0] == len(media)
    types = {t for (t,) in con.execute("SELECT DISTINCT typeof(job_id) FROM segments UNION "
                                   "SELECT DISTINCT typeof(job_id) FROM jobs").fetchall()}
    assert types == {"VARCHAR"}
    con.close()


def test_flat_copy_keeps_every_segment(account):
    root, _, segments, _ = account
    run(COPY.group(1), root)
    flat = pd.read_parquet(root / "segments_flat.parquet")
    assert len(flat) == len(segments)
    assert set(flat["job_id"]) == set(segments["job_id"].astype(str))
    assert pd.api.types.is_string_dtype(flat["job_id"])
