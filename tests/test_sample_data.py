"""The bundled sample account is internally consistent and reproducible.

Every figure is recomputed here from the recorded detailed results; nothing is copied
from the generator's output.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import cv2
import numpy as np
import pytest

from deepva_frames.store import PageStore

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "sample_data"
API_PREFIX = "https://api.deepva.com/api/v1/"
TOLERANCE = 0.011
GROUPS = {"person_screen_time": "person", "gender_screen_time": "gender",
          "age_screen_time": "age"}
SPEECH = {"name_to_speech_time": "person", "gender_speech_time": "gender",
          "age_speech_time": "age"}
COUNTS = {"gender_count": "gender", "age_count": "age"}


# -- reading the store --------------------------------------------------------
@pytest.fixture(scope="module")
def store() -> PageStore:
    return PageStore(SAMPLE / "account")


def records(store: PageStore, path: str, params: dict | None = None) -> list:
    entry = store.get(path, params)
    assert entry is not None, f"GET {path} {params or ''} is not recorded"
    assert entry.kind == "pages", f"GET {path} is a {entry.kind} entry"
    return store.read_records(entry)


def document(store: PageStore, path: str, params: dict | None = None):
    entry = store.get(path, params)
    assert entry is not None, f"GET {path} {params or ''} is not recorded"
    assert entry.kind == "object"
    return json.loads(store.read_bytes(entry))


@pytest.fixture(scope="module")
def jobs(store) -> dict[str, dict]:
    return {job["id"]: job for job in records(store, "/jobs/")}


@pytest.fixture(scope="module")
def detailed(store, jobs) -> dict[str, list[dict]]:
    return {job_id: records(store, f"/jobs/{job_id}/detailed-results/") for job_id in jobs}


def video_info(job: dict) -> dict | None:
    summary = job["result"]["summary"]
    if job["media_type"] != "video" or not summary:
        return None
    return summary[0]["info"]


# -- independent computations -------------------------------------------------
def union_seconds(spans: list[tuple[float, float]]) -> float:
    total, reach = 0.0, None
    for start, end in sorted(spans):
        if reach is None or start > reach:
            total += end - start
            reach = end
        elif end > reach:
            total += end - reach
            reach = end
    return total


def diversity(segments: list[dict]) -> dict[str, dict]:
    """The eight diversity figures of one job, from its ADA segments."""
    faces: dict[str, dict] = {}
    for seg in segments:
        if seg["module"] != "advanced_diversity_analysis":
            continue
        meta = seg["meta"]
        face = faces.setdefault(meta["person"], {"gender": meta["gender"], "age": meta["age"],
                                                 "shown": [], "spoken": []})
        assert (face["gender"], face["age"]) == (meta["gender"], meta["age"])
        face["shown"].append((seg["time_start"], seg["time_end"]))
        if meta["speaking"]:
            face["spoken"].append((seg["time_start"], seg["time_end"]))
    out: dict[str, dict] = {}
    for kind, attr in {**GROUPS, **SPEECH, **COUNTS}.items():
        values: dict[str, float] = {}
        for label, face in faces.items():
            key = label if attr == "person" else face[attr]
            if kind in COUNTS:
                amount = 1
            else:
                amount = union_seconds(face["shown" if kind in GROUPS else "spoken"])
            values[key] = values.get(key, 0) + amount
        out[kind] = values
    return out


def assert_figures(found: dict, expected: dict, where: str) -> None:
    for kind in (*GROUPS, *SPEECH, *COUNTS):
        assert set(found[kind]) == set(expected[kind]), f"{where} {kind} keys"
        for key, value in expected[kind].items():
            if kind in COUNTS:
                assert found[kind][key] == value, f"{where} {kind}[{key}]"
            else:
                assert found[kind][key] == pytest.approx(value, abs=TOLERANCE), \
                    f"{where} {kind}[{key}]"


def timecode_frame(tc: str, fps: float) -> int:
    """The frame a SMPTE timecode names (``;`` marks 29.97 fps drop-frame)."""
    hh, mm, ss, ff = (int(part) for part in re.split("[:;]", tc))
    if ";" in tc:
        assert abs(fps - 29.97) < 1e-6 and ff < 30
        assert not (ss == 0 and ff < 2 and mm % 10), f"{tc} is a dropped frame number"
        minutes = 60 * hh + mm
        return (3600 * hh + 60 * mm + ss) * 30 + ff - 2 * (minutes - minutes // 10)
    assert ff < round(fps)
    return (3600 * hh + 60 * mm + ss) * round(fps) + ff


def box_at(detections: list[dict], frame: int) -> tuple[float, float, float, float]:
    keys = ("x", "y", "w", "h")
    prior = [d for d in detections if d["frame_index"] <= frame][-1]
    later = [d for d in detections if d["frame_index"] > frame]
    if not later:
        return tuple(prior["data"][k] for k in keys)
    nxt = later[0]
    t = (frame - prior["frame_index"]) / (nxt["frame_index"] - prior["frame_index"])
    return tuple(prior["data"][k] + t * (nxt["data"][k] - prior["data"][k]) for k in keys)


# -- the store as a whole -----------------------------------------------------
def test_every_listing_is_paged_as_the_api_serves_it(store):
    entries = list(store.entries())
    assert len(entries) > 100
    assert {e.fetched_at for e in entries} == {store.manifest["fetched_at"]}
    for entry in (e for e in entries if e.kind == "pages"):
        pages = [json.loads(line) for line in store.read_page_lines(entry)]
        total = pages[0]["total"]
        assert sum(len(p["data"]) for p in pages) == total, entry.path
        assert [p["offset"] for p in pages] == list(range(0, max(total, 1), 10)), entry.path
        for page in pages:
            assert list(page)[:5] == ["total", "offset", "limit", "next", "prev"]
            assert page["limit"] == 10 and page["total"] == total
            for link, offset in (("next", page["offset"] + 10), ("prev", page["offset"] - 10)):
                has_link = 0 <= offset < total
                assert (page[link] is not None) == has_link, (entry.path, link)
                if has_link:
                    url = urlsplit(page[link])
                    assert page[link].startswith(API_PREFIX + entry.path.strip("/") + "/?")
                    assert dict(parse_qsl(url.query)) == {
                        "limit": "10", "offset": str(offset), **entry.params}


def test_batch_jobs_exist_and_the_batch_tree_is_consistent(store, jobs):
    batches = records(store, "/batches/")
    ids = {b["id"] for b in batches}
    assert sum(b["parent"] is None for b in batches) == 1
    for batch in batches:
        assert document(store, f"/batches/{batch['id']}/") == batch
        children = records(store, f"/batches/{batch['id']}/sub-batches/")
        assert children == [b for b in batches if b["parent"] == batch["id"]]
        assert batch["parent"] is None or batch["parent"] in ids
        for job in records(store, f"/batches/{batch['id']}/jobs/"):
            assert job["id"] in jobs
            assert document(store, f"/jobs/{job['id']}/") == jobs[job["id"]] == job
    for job_id in jobs:
        assert document(store, f"/jobs/{job_id}/")["id"] == job_id


def test_segments_timing_and_detections(jobs, detailed):
    union_matters = False
    for job_id, job in jobs.items():
        info = video_info(job)
        for seg in detailed[job_id]:
            start, end = seg["frame_start"], seg["frame_end"]
            assert 0 <= start < end
            frames = [d["frame_index"] for d in seg["detections"]]
            assert all(start <= f < end for f in frames), (job_id, start, end)
            for det in seg["detections"]:
                box = det["data"]
                assert all(0 <= box[k] <= 1 for k in "xywh")
                assert box["x"] + box["w"] <= 1 + 1e-9 and box["y"] + box["h"] <= 1 + 1e-9
                assert all(round(box[k], 3) == box[k] for k in "xywh")
            if info is None:
                continue
            fps = info["fps"]
            assert end <= info["total_frames"]
            assert seg["time_start"] == pytest.approx(start / fps, abs=1e-9)
            assert seg["time_end"] == pytest.approx(end / fps, abs=1e-9)
            for tc, frame in ((seg["tc_start"], start), (seg["tc_end"], end)):
                assert re.match(r"^\d{2}:\d{2}:\d{2}[:;]\d{2}$", tc)
                assert timecode_frame(tc, fps) == frame, (tc, frame, fps)
            step = 24 if fps >= 50 else 12
            assert frames == list(range(start, end, step))
            assert {d["type"] for d in seg["detections"]} == {"face_bbox"}
        if info is not None:
            fig = diversity(detailed[job_id])
            lengths: dict[str, float] = {}
            for seg in detailed[job_id]:
                if seg["module"] == "advanced_diversity_analysis":
                    label = seg["meta"]["person"]
                    lengths[label] = lengths.get(label, 0) + seg["time_end"] - seg["time_start"]
            union_matters |= any(fig["person_screen_time"][k] < v - 0.5
                                 for k, v in lengths.items())
    assert union_matters, "no overlapping segments of one face: unions are never exercised"


def test_summarized_results_are_the_union_of_intervals(store, jobs, detailed):
    for job_id, job in jobs.items():
        items = records(store, f"/jobs/{job_id}/summarized-results/")
        if job["state"] == "failed":
            assert items == [] and detailed[job_id] == [] and job["errors"]
            assert all({"module", "code", "message"} <= set(e) for e in job["errors"])
            assert job["progress"] < 1
            continue
        if video_info(job) is None:
            assert items and {i["type"] for i in items} == {"object"}
            continue
        found = {item["type"]: item["meta"] for item in items
                 if item["module"] == "advanced_diversity_analysis"}
        assert_figures(found, diversity(detailed[job_id]), f"job {job_id}")


def test_report_figures_sum_the_batch_subtree(store, detailed):
    batches = records(store, "/batches/")
    direct = {b["id"]: [j["id"] for j in records(store, f"/batches/{b['id']}/jobs/")]
              for b in batches}

    def subtree(batch_id: str) -> list[str]:
        ids = list(direct[batch_id])
        for child in (b["id"] for b in batches if b["parent"] == batch_id):
            ids += subtree(child)
        return ids

    reports = records(store, "/reports/")
    covered = set()
    for report in reports:
        assert document(store, f"/reports/{report['id']}/") == report
        for item in records(store, f"/reports/{report['id']}/items/"):
            batch_id = item["content"]["batch_id"]
            covered.add(batch_id)
            expected: dict[str, dict] = {}
            for job_id in subtree(batch_id):
                for kind, values in diversity(detailed[job_id]).items():
                    bucket = expected.setdefault(kind, {})
                    for key, value in values.items():
                        bucket[key] = bucket.get(key, 0) + value
            assert_figures(item["content"]["report_info"], expected, f"report {report['id']}")
    assert covered == set(direct)


def test_named_people_are_known_to_the_knowledge_graph(store, detailed):
    names = set()
    for segments in detailed.values():
        for seg in segments:
            if seg["module"] == "face_recognition":
                names.update({seg["meta"]["person"], seg["meta"].get("closest_person")})
    names -= {"unknown", None}
    people = {n["name"]: n for n in records(store, "/knowledge-graph/nodes/", {"type": "person"})}
    everything = {n["id"] for n in records(store, "/knowledge-graph/nodes/")}
    assert names and names <= set(people)
    assert {n["id"] for n in people.values()} <= everything
    for name in sorted(names):
        node = people[name]
        assert document(store, f"/knowledge-graph/nodes/{node['id']}/")["name"] == name
        attrs = records(store, f"/knowledge-graph/nodes/{node['id']}/attributes/")
        values: dict[str, list[str]] = {}
        for attr in attrs:
            values.setdefault(attr["name"], []).append(attr["value"])
        assert len(values["date_of_birth"]) == 1
        assert re.match(r"^\d{2}\.\d{2}\.\d{4}\.$", values["date_of_birth"][0])
        assert values["sex_or_gender"][0] in {"female", "male"}
        assert 2 <= len(values["occupation"]) <= 3
        for relation in ("similar", "related"):
            for other in records(store, f"/knowledge-graph/nodes/{node['id']}/{relation}/"):
                assert other["id"] in everything and other["relevance"]["type"] == relation


# -- the video ----------------------------------------------------------------
@pytest.fixture(scope="module")
def newsroom(store, jobs) -> dict:
    listing = records(store, "/storage/", {"folder": "/"})
    url = next(o["url"] for o in listing if o["name"] == "newsroom.mp4")
    return next(job for job in jobs.values() if job["sources"] == [url])


def test_video_matches_the_newsroom_job(newsroom):
    capture = cv2.VideoCapture(str(SAMPLE / "video" / "newsroom.mp4"))
    assert capture.isOpened()
    try:
        found = (int(capture.get(cv2.CAP_PROP_FRAME_WIDTH)),
                 int(capture.get(cv2.CAP_PROP_FRAME_HEIGHT)),
                 capture.get(cv2.CAP_PROP_FPS), int(capture.get(cv2.CAP_PROP_FRAME_COUNT)))
    finally:
        capture.release()
    assert found == (640, 360, 25.0, 300)
    info = video_info(newsroom)
    assert (*info["resolution"], info["fps"], info["total_frames"]) == found


def test_faces_are_drawn_where_the_boxes_are(newsroom, detailed):
    info = video_info(newsroom)
    width, height = info["resolution"]
    faces = [s for s in detailed[newsroom["id"]] if s["module"] == "face_recognition"]

    def covered(frame: int, px: float, py: float) -> bool:
        for seg in faces:
            if seg["frame_start"] <= frame < seg["frame_end"]:
                x, y, w, h = box_at(seg["detections"], frame)
                if x * width - 4 <= px <= (x + w) * width + 4 and \
                        y * height - 4 <= py <= (y + h) * height + 4:
                    return True
        return False

    probes = []                                   # (face frame, empty frame, x, y)
    for seg in faces:
        for det in (seg["detections"][0], seg["detections"][len(seg["detections"]) // 2]):
            box = det["data"]
            px, py = (box["x"] + box["w"] / 2) * width, (box["y"] + box["h"] / 2) * height
            empty = next(f for f in range(info["total_frames"]) if not covered(f, px, py))
            probes.append((det["frame_index"], empty, int(px), int(py)))
    wanted = {f for probe in probes for f in probe[:2]}
    frames = {}
    capture = cv2.VideoCapture(str(SAMPLE / "video" / "newsroom.mp4"))
    try:
        for index in range(max(wanted) + 1):
            ok, image = capture.read()
            assert ok, f"frame {index} unreadable"
            if index in wanted:
                frames[index] = image.astype(np.int16)
    finally:
        capture.release()
    for face_frame, empty_frame, x, y in probes:
        patch = np.s_[y - 2:y + 3, x - 2:x + 3]
        diff = np.abs(frames[face_frame][patch] - frames[empty_frame][patch]).mean()
        assert diff > 40, (face_frame, empty_frame, x, y, diff)


# -- reproducibility ----------------------------------------------------------
def test_the_generator_reproduces_the_store(tmp_path):
    subprocess.run([sys.executable, str(SAMPLE / "make_sample.py"), "--out", str(tmp_path),
                    "--no-video"], check=True, capture_output=True, timeout=120)

    def files(root: Path) -> dict[str, bytes]:
        return {p.relative_to(root).as_posix(): p.read_bytes()
                for p in sorted(root.rglob("*")) if p.is_file()}

    fresh, bundled = files(tmp_path / "account"), files(SAMPLE / "account")
    assert sorted(fresh) == sorted(bundled)
    assert [name for name in bundled if fresh[name] != bundled[name]] == []
    assert (tmp_path / "README.md").read_bytes() == (SAMPLE / "README.md").read_bytes()
