"""The HTML report in headless Chromium: opened from disk with the network cut off.

No request leaves the file (every non-file request is aborted and recorded), nothing
fails, the console stays clean, the headings are the report's sections, every chart is
an inline SVG that draws, every table has the rows the data calls for, and the page
prints to A4.
"""

from __future__ import annotations

import re

import pytest

import deepva_frames as dvf
from deepva_frames.client import sample_client

WEEK = "74b61b47-297e-52aa-9b4e-376fa0da5253"
SECTIONS = ["Summary: screen and speech time by gender and age", "Comparison across batches",
            "Screen time per person", "Timeline per job",
            "Co-occurrence: who appears with whom", "Reconciliation with DeepVA's figures",
            "Data-quality notes", "Methodology"]


@pytest.fixture(scope="module")
def week_report(tmp_path_factory):
    out = tmp_path_factory.mktemp("report") / "week.html"
    return dvf.report.html(out, report=WEEK, sample=True, assets=True)


@pytest.fixture(scope="module")
def expected_rows():
    """Rows each table must have, counted from the sample's tables (not from the page)."""
    client = sample_client()
    jobs = client.jobs()
    segments = [client.detailed_results(j).segments for j in jobs["job_id"]]
    faces = [s[s["module"] == "face_recognition"] for s in segments]
    diversity = [s[s["module"] == "advanced_diversity_analysis"] for s in segments]
    persons = {p if isinstance(p, str) else "unknown" for f in faces for p in f["person"]}
    genders = {g for d in diversity for g in d["gender"].dropna()}
    ages = {a for d in diversity for a in d["age"].dropna()}
    timelines = sum(f.groupby(["job_id", "source"]).ngroups for f in faces)
    return {"summary-gender": len(genders), "summary-age": len(ages),
            "people-screen-time": len(persons), "jobs": len(jobs),
            "comparison-gender_screen_time": 3, "timelines": timelines}


def _open(page, path):
    attempted, failed = [], []
    page.context.route("**/*", lambda route: route.continue_()
                       if route.request.url.startswith("file://")
                       else (attempted.append(route.request.url), route.abort()))
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(path.as_uri(), wait_until="load")
    return attempted, failed


def test_report_opens_offline_without_a_request_or_an_error(page, week_report):
    attempted, failed = _open(page, week_report)
    assert attempted == []
    assert failed == []
    assert page.console_errors == []
    assert page.title() == "Report of Evening News — week 41 on 06.10.2026"


def test_headings_charts_and_tables(page, week_report, expected_rows):
    _open(page, week_report)
    headings = page.eval_on_selector_all("h2", "els => els.map(e => e.textContent.trim())")
    assert headings == ["Contents", *SECTIONS]
    charts = page.eval_on_selector_all(".chart", """els => els.map(e => {
        const svg = e.querySelector(":scope > svg"), box = svg.getBoundingClientRect();
        const alt = document.getElementById(e.getAttribute("aria-describedby"));
        return {role: e.getAttribute("role"), width: box.width, height: box.height,
                shapes: svg.querySelectorAll("path, rect, use").length,
                alt: alt ? alt.textContent.trim().length : 0,
                table: e.closest("figure").nextElementSibling.querySelector("table") !== null};
    })""")
    assert len(charts) == 2 + 4 + 1 + expected_rows["timelines"] + 1
    for chart in charts:
        assert chart["role"] == "img" and chart["alt"] > 40 and chart["table"]
        assert chart["width"] > 200 and chart["height"] > 100 and chart["shapes"] > 10
    images = page.eval_on_selector_all("img", "els => els.map(e => e.complete && "
                                                "e.naturalWidth > 0)")
    assert all(images)
    rows = page.eval_on_selector_all("table", """els => Object.fromEntries(els.map(t =>
        [t.id, t.tBodies[0].rows.length]))""")
    for table_id in ("summary-gender", "summary-age", "people-screen-time", "jobs",
                     "comparison-gender_screen_time"):
        assert rows[table_id] == expected_rows[table_id], table_id
    assert sum(1 for t in rows if t.startswith("timeline-")) == expected_rows["timelines"]


def test_csv_links_point_at_the_files_beside_the_report(page, week_report):
    _open(page, week_report)
    links = page.eval_on_selector_all("a[download]", "els => els.map(e => e.href)")
    assert links and all(link.startswith("file://") for link in links)
    folder = week_report.with_name("week_tables")
    assert sorted(link.rsplit("/", 1)[1] for link in links) == sorted(
        p.name for p in folder.iterdir())


def test_report_prints_on_a4(page, week_report):
    _open(page, week_report)
    page.emulate_media(media="print")
    assert page.eval_on_selector(".csv", "e => getComputedStyle(e).display") == "none"
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert len(boxes) >= 4
    assert all(abs(float(w) - 595.9) < 2 and abs(float(h) - 842) < 2 for w, h in boxes)
