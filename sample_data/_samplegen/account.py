"""Every response of the sample account, as (kind, path, params, body) records."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import cast, library
from .common import ts_space, ts_zulu, uid, when
from .jobs import (
    FACE,
    FAILED_JOB_ID,
    IMAGE_JOB_ID,
    VIDEO_JOBS,
    detailed_results,
    diversity_figures,
    failed_job,
    image_job,
    rounded,
    summarized_results,
    summed,
    video_job_object,
)


@dataclass(frozen=True)
class Record:
    kind: str                        # "pages", "object" or "file"
    path: str
    body: Any                        # records of a listing, a JSON document or bytes
    params: dict[str, str] = field(default_factory=dict)
    content_type: str | None = None
    filename: str | None = None


@dataclass
class Account:
    records: list[Record] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)   # what the README lists

    def listing(self, path: str, data: list[Any], params: dict[str, str] | None = None) -> None:
        self.records.append(Record("pages", path, data, dict(params or {})))

    def object(self, path: str, body: Any, params: dict[str, str] | None = None) -> None:
        self.records.append(Record("object", path, body, dict(params or {})))

    def file(self, path: str, data: bytes, content_type: str, filename: str) -> None:
        self.records.append(Record("file", path, data, {}, content_type, filename))


BATCH_TOP, BATCH_MON, BATCH_TUE = uid("batch", "week41"), uid("batch", "mon"), uid("batch", "tue")
BATCH_JOBS = {BATCH_TOP: [IMAGE_JOB_ID, FAILED_JOB_ID],
              BATCH_MON: [VIDEO_JOBS[0].id, VIDEO_JOBS[1].id],
              BATCH_TUE: [job.id for job in VIDEO_JOBS[2:]]}


def _jobs(account: Account) -> tuple[dict[str, dict], dict[str, dict]]:
    """Record every job; return job objects and per-job diversity figures by job id."""
    objects: dict[str, dict] = {}
    figures: dict[str, dict] = {}
    for job in VIDEO_JOBS:
        segments = detailed_results(job)
        objects[job.id] = video_job_object(job, segments)
        figures[job.id] = diversity_figures(segments, job.fps)
        account.listing(f"/jobs/{job.id}/detailed-results/", segments)
        account.listing(f"/jobs/{job.id}/summarized-results/", summarized_results(job, segments))
        artifacts = library.job_artifacts(job.key, job.id, objects[job.id]["time_completed"])
        account.listing(f"/jobs/{job.id}/artifacts/", artifacts)
        if job.key == "newsroom":
            csv = artifacts[1]
            account.file(f"/jobs/{job.id}/artifacts/{csv['id']}/file/",
                         library.face_timeline_csv(segments), "text/csv", csv["filename"])
    image, image_summary, image_detail = image_job()
    objects[IMAGE_JOB_ID] = image
    account.listing(f"/jobs/{IMAGE_JOB_ID}/detailed-results/", image_detail)
    account.listing(f"/jobs/{IMAGE_JOB_ID}/summarized-results/", image_summary)
    account.listing(f"/jobs/{IMAGE_JOB_ID}/artifacts/", [library.artifact(
        IMAGE_JOB_ID, f"{uid('thumbnail', 'studio-still')}.png", None,
        image["time_completed"][:19])])
    objects[FAILED_JOB_ID] = failed_job()
    for sub in ("detailed-results", "summarized-results", "artifacts"):
        account.listing(f"/jobs/{FAILED_JOB_ID}/{sub}/", [])
    newest_first = sorted(objects.values(), key=lambda j: j["time_created"], reverse=True)
    account.listing("/jobs/", newest_first)
    for job_id, obj in objects.items():
        account.object(f"/jobs/{job_id}/", obj)
    return objects, figures


def _media(job: dict[str, Any]) -> str:
    info = job["result"]["summary"][0]["info"] if job["result"]["summary"] else {}
    if "fps" not in info:
        return job["media_type"]
    width, height = info["resolution"]
    return f"video {width}x{height}, {info['fps']:g} fps, {info['total_frames']} frames"


def _batches(account: Account, jobs: dict[str, dict], figures: dict[str, dict]) -> None:
    specs = [(BATCH_TOP, "Evening News — week 41",
              "Evening news of 5 and 6 October 2026, stills and all clips", None,
              "2026-10-05 20:29:51"),
             (BATCH_MON, "Monday", "Evening news of 05.10.2026", BATCH_TOP, "2026-10-05 20:30:14"),
             (BATCH_TUE, "Tuesday", "Evening news of 06.10.2026", BATCH_TOP,
              "2026-10-06 08:04:02")]
    batches = []
    for batch_id, name, description, parent, created in specs:
        stamp = ts_space(when(created, 0, batch_id))
        batches.append({"id": batch_id, "name": name, "description": description,
                        "parent": parent, "time_created": stamp, "time_updated": stamp})
    account.listing("/batches/", batches)
    for batch in batches:
        account.object(f"/batches/{batch['id']}/", batch)
        account.listing(f"/batches/{batch['id']}/sub-batches/",
                        [b for b in batches if b["parent"] == batch["id"]])
        account.listing(f"/batches/{batch['id']}/jobs/",
                        [jobs[job_id] for job_id in BATCH_JOBS[batch["id"]]])

    def subtree_jobs(batch_id: str) -> list[str]:
        ids = list(BATCH_JOBS[batch_id])
        for child in (b["id"] for b in batches if b["parent"] == batch_id):
            ids += subtree_jobs(child)
        return ids

    def item(batch_id: str) -> dict[str, Any]:
        info = rounded(summed([figures[j] for j in subtree_jobs(batch_id) if j in figures]))
        return {"content": {"batch_id": batch_id, "report_info": info}}

    reports = []
    for number, (batch, covered) in enumerate([
            (batches[0], [BATCH_MON, BATCH_TUE, BATCH_TOP]),
            (batches[1], [BATCH_MON]), (batches[2], [BATCH_TUE])]):
        created = when("2026-10-06 12:54:49", 95 * number, batch["id"])
        report_id = uid("report", batch["id"])
        reports.append({"id": report_id, "title": f"Report of {batch['name']} on 06.10.2026",
                        "time_created": ts_zulu(created), "type": "diversity",
                        "state": "completed", "error_msg": None})
        account.listing(f"/reports/{report_id}/items/", [item(b) for b in covered])
    account.listing("/reports/", reports)
    for report in reports:
        account.object(f"/reports/{report['id']}/", report)
    account.facts["batches"] = [(b["name"], len(BATCH_JOBS[b["id"]])) for b in batches]
    batch_of = {job_id: b["name"] for b in batches for job_id in BATCH_JOBS[b["id"]]}
    account.facts["job_rows"] = [(j["id"], j["tag"], _media(j), j["state"], batch_of[j["id"]])
                                 for j in jobs.values()]
    account.facts["reports"] = [r["title"] for r in reports]


def _knowledge_graph(account: Account, jobs_by_person: dict[str, list[str]]) -> None:
    kg = "/knowledge-graph"
    account.listing(f"{kg}/nodes/", cast.all_nodes())
    account.listing(f"{kg}/nodes/", [n for n in cast.all_nodes() if n["type"] == "person"],
                    {"type": "person"})
    for node in (*cast.PEOPLE, *cast.PLACES):
        account.object(f"{kg}/nodes/{node.node_id}/", cast.description(node))
        account.listing(f"{kg}/nodes/{node.node_id}/attributes/", cast.attributes(node))
    for person in cast.PEOPLE:
        mine = set(jobs_by_person.get(person.key, []))
        shared = {other.key: len(mine & set(jobs_by_person.get(other.key, [])))
                  for other in cast.PEOPLE if other is not person}
        shared = {key: count for key, count in shared.items() if count}
        account.listing(f"{kg}/nodes/{person.node_id}/similar/", cast.similar(person))
        account.listing(f"{kg}/nodes/{person.node_id}/related/", cast.related(person, shared))
    tobias, jonas = cast.PERSON["tobias"], cast.PERSON["jonas"]
    account.listing(f"{kg}/nodes/{tobias.node_id}/attributes/compare/{jonas.node_id}/",
                    cast.compare(tobias, jonas))
    account.listing(f"{kg}/attribute-descriptions/", cast.attribute_descriptions())
    query = {"attribute": "place_of_birth", "query": "burg"}
    account.object(f"{kg}/search-suggestions/", cast.search_suggestions(**query), query)


def _library(account: Account) -> None:
    root, faces = library.storage_root(), library.storage_faces()
    account.listing("/storage/", [u.record() for u in root], {"folder": "/"})
    account.listing("/storage/", [u.record() for u in faces], {"folder": library.face_folder()})
    for upload in (*root, *faces):
        account.object(f"/storage/{upload.id}/", upload.record())
    sets = library.datasets()
    account.listing("/datasets/", [d.record for d in sets])
    for ds in sets:
        base = f"/datasets/{ds.record['id']}"
        account.object(f"{base}/", ds.record)
        account.listing(f"{base}/classes/", [c.record for c in ds.classes])
        for face_class in ds.classes:
            cls = f"{base}/classes/{face_class.record['id']}"
            account.object(f"{cls}/", face_class.record)
            account.listing(f"{cls}/images/", face_class.images)
            clusters = face_class.clusters()
            account.listing(f"{cls}/clusters/", [
                {"name": name, "preview_images": [i["file_uri"] for i in images[:4]]}
                for name, images in clusters.items()])
            for name, images in clusters.items():
                account.object(f"{cls}/clusters/{name}/", {
                    "name": name, "preview_images": [i["file_uri"] for i in images[:4]]})
                account.listing(f"{cls}/clusters/{name}/images/", images)
    dictionaries = library.dictionaries()
    account.listing("/dictionaries/", [d[0] for d in dictionaries])
    for record, data, ctype, filename in dictionaries:
        account.object(f"/dictionaries/{record['id']}/", record)
        account.file(f"/dictionaries/{record['id']}/file/", data, ctype, filename)
    exports = library.exports()
    account.listing("/exports/", [e[0] for e in exports])
    for record, artifacts, log in exports:
        account.object(f"/exports/{record['id']}/", record)
        account.listing(f"/exports/{record['id']}/artifacts/", artifacts)
        if log is not None:
            account.file(f"/exports/{record['id']}/artifacts/{artifacts[-1]['id']}/file/", log,
                         "text/plain", artifacts[-1]["filename"])
    account.facts.update(
        storage=(len(root), len(faces)), datasets=[
            (d.record["name"], len(d.classes), d.record["number_of_images"]) for d in sets],
        dictionaries=[d[0]["name"] for d in dictionaries],
        exports=[(e[0]["state"], len(e[1])) for e in exports])


def build() -> Account:
    """The whole fictional account."""
    account = Account()
    jobs, figures = _jobs(account)
    jobs_by_person: dict[str, list[str]] = {}
    by_name = {p.name: p.key for p in cast.PEOPLE}
    for job in VIDEO_JOBS:
        for seg in detailed_results(job):
            key = by_name.get(seg["meta"]["person"]) if seg["module"] == FACE else None
            if key and job.id not in jobs_by_person.setdefault(key, []):
                jobs_by_person[key].append(job.id)
    _batches(account, jobs, figures)
    _knowledge_graph(account, jobs_by_person)
    _library(account)
    account.facts["jobs"] = [(j["tag"], j["media_type"], j["state"]) for j in jobs.values()]
    account.facts["people"] = [(p.name, p.gender, p.born.year, p.occupations[0])
                               for p in cast.PEOPLE]
    account.facts["places"] = [p.name for p in cast.PLACES]
    return account


__all__ = ["Account", "Record", "build"]
