"""dvf.report.html and ``deepva-frames report``: scopes, differences, warnings, escaping,
the key, errors, assets and long reports."""

from __future__ import annotations

import dataclasses
import html
import os
import re
import subprocess
import sys
import warnings

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from report_helpers import MONDAY, WEEK, csv_rows, parse, seconds_of

import deepva_frames as dvf
from deepva_frames.cli import main
from deepva_frames.client import Client, sample_client
from deepva_frames.errors import DataQualityWarning
from deepva_frames.report import context, gather
from deepva_frames.report.render import render_page
from deepva_frames.report.tables import Column, Table
from deepva_frames.sample import sample_store_path
from deepva_frames.testing import FakeDeepVA

NEWSROOM, EVENING = "59f723cb-c457-5276-9089-caf1c7747fe3", "e90537a2-c517-523e-9768-076ace937a87"


@pytest.fixture(scope="module")
def monday_data():
    return gather(sample_client(), report=MONDAY)


def _page(data, **options) -> str:
    return render_page(context(data, **options))


def test_a_job_list_compares_its_jobs_under_an_all_jobs_total(tmp_path):
    path = dvf.report.html(tmp_path / "jobs.html", jobs=[NEWSROOM, EVENING], sample=True)
    parsed = parse(path.read_text(encoding="utf-8"))
    table = parsed.tables["comparison-gender_screen_time"]
    assert table.column("name") == ["newsroom 59f723cb", "evening-news e90537a2", "All jobs"]
    assert table.column("role") == ["part", "part", "total"]
    assert ("h2", "Comparison across jobs") in parsed.headings
    female = [float(v) for v in table.column("female")]
    assert female[2] == pytest.approx(female[0] + female[1])   # the total is the sum
    assert parsed.tables["jobs"].column("job_id") == [NEWSROOM, EVENING]


def test_a_batch_report_checks_its_jobs_against_their_summaries(tmp_path):
    monday = "cd558b37-5be7-5c54-bc24-7e52c9edd175"
    path = dvf.report.html(tmp_path / "b.html", batch=monday, sample=True)
    parsed = parse(path.read_text(encoding="utf-8"))
    assert ("h1", "Batch Monday") in parsed.headings
    assert set(parsed.tables["reconciliation-summary"].column("scope")) == {"job"}
    assert len(parsed.tables["jobs"].rows) == 2


def test_a_reported_figure_that_differs_is_listed(monday_data):
    items = monday_data.report_items.copy()
    row = items.index[(items["metric"] == "gender_screen_time") & (items["key"] == "female")][0]
    items.loc[row, "value"] = items.loc[row, "value"] + 1.5
    batch = items.loc[row, "batch_id"]
    parsed = parse(_page(dataclasses.replace(monday_data, report_items=items)))
    differences = parsed.tables["differences"]
    assert len(differences.rows) == 1
    assert differences.column("metric") == ["gender_screen_time"]
    assert [float(v) for v in differences.column("difference")] == pytest.approx([-1.5])
    name = monday_data.batches.set_index("batch_id").loc[batch, "name"]
    assert differences.column("name") == [name]
    summary = parsed.tables["reconciliation-summary"]
    assert dict(zip(summary.column("name"), summary.column("differ"), strict=False))[name] == "1"


class WarningClient:
    """The sample client, with a DataQualityWarning wherever detailed results are read."""

    def __init__(self) -> None:
        self._client = sample_client()

    def __getattr__(self, name):
        return getattr(self._client, name)

    def detailed_results(self, job_id):
        warnings.warn(DataQualityWarning("segments", "frame_start", 2, job=job_id[:8],
                                         record=0, example="x"), stacklevel=2)
        return self._client.detailed_results(job_id)


def test_data_quality_warnings_raised_while_reading_are_in_the_notes():
    page = dvf.report.html_text(report=MONDAY, client=WarningClient())
    notes = re.findall(r"<li>Warning while reading the data: ([^<]+)</li>", page)
    expected = (str(DataQualityWarning("segments", "frame_start", 2, job=j, record=0,
                                       example="x")) for j in ("59f723cb", "e90537a2"))
    assert sorted(html.unescape(n) for n in notes) == sorted(expected)


def test_names_from_the_data_are_escaped(monday_data):
    batches = monday_data.batches.assign(name="<script>alert(1)</script>")
    groups = [dataclasses.replace(g, label="<b>x</b>") for g in monday_data.groups]
    page = _page(dataclasses.replace(monday_data, batches=batches, groups=groups,
                                     title="<script>alert(1)</script>"))
    assert "<script>" not in page and "<b>x</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_a_live_report_names_the_base_url_and_never_the_key(tmp_path):
    key = "secret-key-7f3b9c1d"
    with FakeDeepVA(sample_store_path(), key=key) as fake:
        url = fake.url
        client = Client(api_key=key, base_url=url, allow_insecure=True, progress=False)
        path = dvf.report.html(tmp_path / "live.html", report=MONDAY, client=client,
                               assets=True)
        client.close()
    files = [path, *(tmp_path / "live_tables").iterdir()]
    assert all(key not in f.read_text(encoding="utf-8") for f in files)
    page = path.read_text(encoding="utf-8")
    assert url in page and any(r.authorized for r in fake.requests)
    assert pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%d") in page   # fetched now


def test_an_unknown_report_fails_with_its_id_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "r.html"
    assert main(["report", "--sample", "--report", "no-such-report", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("deepva-frames report:") and "no-such-report" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_assets_are_csv_files_beside_the_report_honouring_the_umask(tmp_path):
    old = os.umask(0o027)
    try:
        assert main(["report", "--sample", "--report", MONDAY, "--out",
                     str(tmp_path / "m.html"), "--assets"]) == 0
    finally:
        os.umask(old)
    page = (tmp_path / "m.html").read_text(encoding="utf-8")
    links = re.findall(r'href="(m_tables/[^"]+)" download', page)
    files = sorted((tmp_path / "m_tables").iterdir())
    assert sorted(links) == [f"m_tables/{f.name}" for f in files] and len(files) >= 10
    assert "data:text/csv" not in page
    for path in [tmp_path / "m.html", *files]:
        assert path.stat().st_mode & 0o777 == 0o640, path
    people = pd.read_csv(tmp_path / "m_tables" / "people-screen-time.csv")
    assert list(people.columns) == ["person", "seconds", "share_of_media", "share_of_screen"]


def test_a_long_report_draws_the_first_timelines_and_says_how_many_it_left_out(monday_data):
    page = _page(monday_data, max_timelines=1)
    parsed = parse(page)
    assert [t for t in parsed.tables if t.startswith("timeline-")] == ["timeline-1"]
    assert len(parsed.tables["jobs"].rows) == 2             # every job still listed
    assert "1 more media source is not drawn (the report draws at most 1)." in page


def test_ids_are_unique_across_the_inline_charts(sample_reports):
    ids = re.findall(r'\sid="([^"]+)"', sample_reports[WEEK].html)
    assert len(ids) > 100
    assert len(ids) == len(set(ids))


def test_import_stays_light_and_report_is_a_lazy_attribute():
    code = ("import sys, deepva_frames as d; assert 'jinja2' not in sys.modules; "
            "assert 'matplotlib' not in sys.modules; d.report; print('jinja2' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"   # templates load only when a page is rendered


@given(st.lists(st.tuples(st.text(min_size=1, max_size=12),
                          st.floats(0, 86_400 * 2, allow_nan=False),
                          st.one_of(st.none(), st.floats(0, 1))), max_size=8))
def test_a_table_shows_rounded_values_and_leaves_exact_ones(rows):
    frame = pd.DataFrame(rows, columns=["name", "seconds", "share"])
    table = Table("t", "T", [Column("name", "Name"), Column("seconds", "Time", "seconds"),
                             Column("share", "Share", "share")], frame)
    parsed = csv_rows(table.data_uri()) if rows else []
    for (name, seconds, share), cells, back in zip(rows, table.rows(), parsed, strict=True):
        assert abs(seconds_of(cells[1].text) - seconds) <= (0.05 if seconds < 59.9 else 0.5) + 1e-6
        assert float(back["seconds"]) == seconds and back["name"] == name
        if share is None:
            assert cells[2].text == "—" and back["share"] == ""
        else:
            assert abs(float(cells[2].text[:-2]) / 100 - share) <= 0.0005 + 1e-12
            assert float(back["share"]) == share


def test_jobs_without_faces_give_notes_not_empty_tables(tmp_path):
    failed, still = "7dfe2f5e-d25b-5219-b7a4-cc63cf61353c", "a01cf7bb-e023-5472-bbe1-65a59c21f6e9"
    page = dvf.report.html(tmp_path / "x.html", jobs=[failed, still], sample=True).read_text(
        encoding="utf-8")
    parsed = parse(page)
    assert all(table.rows for table in parsed.tables.values())
    assert parsed.tables["missing-durations"].column("job") == ["evening-news 7dfe2f5e",
                                                                "studio a01cf7bb"]
    assert "Job evening-news 7dfe2f5e is in state failed" in page
    assert "No face-recognition segments in these jobs." in page
    assert [h for tag, h in parsed.headings if tag == "h2"][-1] == "Methodology"


def test_the_console_script_writes_a_report_and_says_where(tmp_path):
    script = os.path.join(os.path.dirname(sys.executable), "deepva-frames")
    result = subprocess.run([script, "report", "--sample", "--report", MONDAY, "--out",
                             "monday.html"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "monday.html: diversity report"
    assert (tmp_path / "monday.html").stat().st_size > 50_000
    helped = subprocess.run([script, "report", "--help"], capture_output=True, text=True,
                            timeout=60)
    assert "--assets" in helped.stdout and "--max-timelines" in helped.stdout
