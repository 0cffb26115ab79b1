"""The write endpoints of FakeDeepVA, kept in memory.

Created objects are served by ``GET <path>/<id>/`` and appended to their listings (the
listing holds the same dict, so a job's state is the same in both places). Jobs, trainings,
reports and exports advance on each GET of their own path and finish after
``polls_to_complete`` polls; a job whose sources mention "fail" ends ``failed``.

>>> import tempfile
>>> from deepva_frames.store.replay import Replayer
>>> from deepva_frames.store import PageStore
>>> writes = Writes(Replayer(PageStore(tempfile.mkdtemp(), create=True)), lambda: "http://x")
>>> created = writes.post("jobs", b'{"sources": ["a.mp4"], "modules": {"face_recognition": {}}}',
...                       None)
>>> created.status, writes.get("jobs/" + json.loads(created.body)["id"]).status
(201, 200)
"""

from __future__ import annotations

import json
import mimetypes
import re
import secrets
import string
import threading
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from ..store.replay import Replayer
from .http import Answer, FilePart, Form, json_answer
from .tasks import Task, finish_job, finish_simple, finish_training, iso_time, plain_time

__all__ = ["Writes"]

NOT_FOUND = {"detail": "Not found."}
_DELETE_MESSAGES = {
    "jobs": "Job has been deleted",
    "batches": "Batch or batches has been deleted",
    "reports": None,  # 204 No Content
    "storage": "Storage has been deleted",
    "dictionaries": "Dictionary has been deleted",
    "datasets": "Dataset has been deleted",
    "datasets/*/classes": "Class has been deleted",
    "datasets/*/classes/*/images": "Image has been deleted",
}
_DELETABLE = re.compile(r"^(jobs|batches|reports|storage|dictionaries|datasets"
                        r"|datasets/[^/]+/classes|datasets/[^/]+/classes/[^/]+/images)/([^/]+)$")


class BadRequest(ValueError):
    """A write the API would refuse with 400."""


def _json_object(body: bytes) -> dict[str, Any]:
    try:
        doc = json.loads(body or b"{}")
    except ValueError:
        raise BadRequest("JSON parse error.") from None
    if not isinstance(doc, dict):
        raise BadRequest("Expected a JSON object.")
    return doc


def _require(doc: dict[str, Any], name: str, kind: type | tuple[type, ...] = str) -> Any:
    value = doc.get(name)
    if value in (None, "", [], {}) or not isinstance(value, kind):
        raise BadRequest(f"{name}: This field is required.")
    return value


class Writes:
    """In-memory state of the fake's POST and DELETE endpoints (see the module docstring)."""

    def __init__(self, replayer: Replayer, base_url: Callable[[], str], polls_to_complete: int = 2):
        self.replayer = replayer
        self.base_url = base_url
        self.polls = polls_to_complete
        self._lock = threading.RLock()
        self._objects: dict[str, dict[str, Any]] = {}
        self._listed_in: dict[str, list[str]] = {}
        self._files: dict[str, Answer] = {}
        self._tasks: dict[str, Task] = {}
        self._gone: set[str] = set()
        self._next_storage_id = 900_000
        self._routes: list[tuple[re.Pattern[str], Callable[..., Answer]]] = [
            (re.compile(r"^jobs$"), self._create_job),
            (re.compile(r"^batches$"), self._create_batch),
            (re.compile(r"^batches/files$"), self._batch_files),
            (re.compile(r"^batches/([^/]+)/report$"), self._create_report),
            (re.compile(r"^exports$"), self._create_export),
            (re.compile(r"^storage$"), self._upload_storage),
            (re.compile(r"^dictionaries$"), self._upload_dictionary),
            (re.compile(r"^knowledge-graph/import/([^/]+)$"), self._kg_import),
            (re.compile(r"^trainings$"), self._create_training),
        ]

    # -- dispatch -------------------------------------------------------------
    def get(self, norm: str) -> Answer | None:
        """A created object or file (advancing tasks), 404 for deleted paths, else None."""
        with self._lock:
            if self._is_gone(norm):
                return json_answer(404, NOT_FOUND)
            if norm in self._tasks:
                self._tasks[norm].poll()
            if norm in self._objects:
                return json_answer(200, self._objects[norm])
            return self._files.get(norm)

    def post(self, norm: str, body: bytes, form: Form | None) -> Answer | None:
        """Handle a POST; None when no write endpoint has this path."""
        for pattern, handler in self._routes:
            match = pattern.match(norm)
            if match:
                try:
                    with self._lock:
                        return handler(*match.groups(), body=body, form=form)
                except BadRequest as exc:
                    return json_answer(400, {"detail": str(exc)})
        return None

    def delete(self, norm: str) -> Answer | None:
        """Handle a DELETE: the reference's message (204 for reports); 404 when unknown."""
        match = _DELETABLE.match(norm)
        if match is None:
            return None
        parent, record_id = match.groups()
        with self._lock:
            if not self._exists(norm, parent, record_id):
                return json_answer(404, NOT_FOUND)
            for listing in self._listed_in.pop(norm, [parent]):
                self.replayer.hide(listing, record_id)
            self._objects.pop(norm, None)
            self._tasks.pop(norm, None)
            self._gone.add(norm)
        message = _DELETE_MESSAGES[re.sub(r"/[^/]+/", "/*/", parent + "/").rstrip("/")]
        return Answer(204) if message is None else json_answer(200, {"message": message})

    def _is_gone(self, norm: str) -> bool:
        return any(norm == gone or norm.startswith(gone + "/") for gone in self._gone)

    def _exists(self, norm: str, parent: str, record_id: str) -> bool:
        if self._is_gone(norm):
            return False
        if norm in self._objects or self.replayer.store.get(norm) is not None:
            return True
        return self.replayer.is_listed(parent, record_id)

    def _add(self, path: str, doc: dict[str, Any], listings: list[tuple[str, dict]],
             empty_children: tuple[str, ...] = ()) -> dict[str, Any]:
        """Serve ``doc`` at ``path`` and append it to ``listings`` ((path, params) pairs)."""
        self._objects[path] = doc
        self._listed_in[path] = [listing for listing, _ in listings]
        for listing, params in listings:
            self.replayer.add_records(listing, [doc], params)
        for child in empty_children:
            self.replayer.add_records(f"{path}/{child}", [])
        return doc

    # -- jobs -------------------------------------------------------------------
    def _create_job(self, *, body: bytes, form: Form | None) -> Answer:
        doc = _json_object(body)
        sources = _require(doc, "sources", list)
        modules = _require(doc, "modules", dict)
        job_id = str(uuid.uuid4())
        job = {"id": job_id, "tag": str(doc.get("tag") or ""), "state": "waiting", "errors": [],
               "progress": 0, "duration": 0, "time_created": plain_time(),
               "time_started": None, "time_completed": None, "sources": list(sources),
               "modules": {name: {**(cfg if isinstance(cfg, dict) else {}), "state": "waiting"}
                           for name, cfg in modules.items()},
               "result": {"detailed_link": f"{self.base_url()}/jobs/{job_id}/detailed-results/",
                          "summary": []}}
        path = f"jobs/{job_id}"
        self._add(path, job, [("jobs", {})],
                  ("detailed-results", "summarized-results", "artifacts"))
        self._tasks[path] = Task(job, self.polls, finish_job)
        return json_answer(201, job)

    def _create_training(self, *, body: bytes, form: Form | None) -> Answer:
        doc = _json_object(body)
        dataset_id = str(_require(doc, "source_dataset_id", (str, int)))
        dataset = self._recorded_object(f"datasets/{dataset_id}") or {"id": dataset_id}
        training = {"id": str(uuid.uuid4()), "type": dataset.get("type", "face"),
                    "state": "waiting", "progress": 0, "duration": 0, "error": "",
                    "time_created": plain_time(), "time_started": None, "time_completed": None,
                    "source_dataset": dataset,
                    "output_model_name": doc.get("output_model_name", ""), "output_model": None,
                    "config": doc.get("config", {}),
                    "output_model_description": doc.get("output_model_description", ""),
                    "output_model_changelog": doc.get("output_model_changelog", "")}
        path = f"trainings/{training['id']}"
        self._add(path, training, [])
        self._tasks[path] = Task(training, self.polls, finish_training)
        return json_answer(201, training)

    def _recorded_object(self, path: str) -> dict[str, Any] | None:
        entry = self.replayer.store.get(path)
        if entry is None or entry.kind != "object":
            return None
        doc = json.loads(self.replayer.store.read_bytes(entry))
        return doc if isinstance(doc, dict) else None

    # -- batches and reports ---------------------------------------------------
    def _new_batch(self, name: str, description: str = "", parent: str | None = None) -> dict:
        now = plain_time()
        batch = {"id": str(uuid.uuid4()), "name": name, "description": description,
                 "parent": parent, "time_created": now, "time_updated": now}
        listings: list[tuple[str, dict[str, str]]] = [("batches", {})]
        if parent:
            listings.append((f"batches/{parent}/sub-batches", {}))
        return self._add(f"batches/{batch['id']}", batch, listings, ("jobs", "sub-batches"))

    def _batch_exists(self, batch_id: str) -> bool:
        return self._exists(f"batches/{batch_id}", "batches", batch_id)

    def _create_batch(self, *, body: bytes, form: Form | None) -> Answer:
        doc = _json_object(body)
        name = _require(doc, "name")
        parent = doc.get("parent") or None
        if parent is not None and not self._batch_exists(str(parent)):
            raise BadRequest(f"parent: Unknown batch {parent}.")
        batch = self._new_batch(name, str(doc.get("description") or ""), parent)
        return json_answer(201, batch)

    def _batch_files(self, *, body: bytes, form: Form | None) -> Answer:
        form = _require_form(form)
        parent_id, parent_name = form.fields.get("parent_id"), form.fields.get("parent_name")
        if parent_id and parent_name:
            raise BadRequest("Provide either parent_id or parent_name, not both.")
        files = [part for part in form.parts if part.name == "files"]
        if not files:
            raise BadRequest("files: No file was submitted.")
        if parent_id and not self._batch_exists(parent_id):
            raise BadRequest(f"parent_id: Unknown batch {parent_id}.")
        if parent_name:
            parent_id = self._new_batch(parent_name)["id"]
        results = []
        for part in files:
            if not part.data.strip():
                results.append({"file": part.filename, "success": False,
                                "error": "The submitted file is empty.", "batch": None})
                continue
            batch = self._new_batch(part.filename.rsplit(".", 1)[0], "", parent_id or None)
            results.append({"file": part.filename, "success": True, "error": None,
                            "batch": batch})
        return json_answer(201, results)

    def _create_report(self, batch_id: str, *, body: bytes, form: Form | None) -> Answer:
        if not self._batch_exists(batch_id):
            return json_answer(404, NOT_FOUND)
        batch = self._objects.get(f"batches/{batch_id}") or self._recorded_object(
            f"batches/{batch_id}") or {"name": batch_id}
        now = datetime.now(timezone.utc)
        report = {"id": str(uuid.uuid4()),
                  "title": f"Report of {batch.get('name')} on {now:%d.%m.%Y}",
                  "time_created": iso_time(), "type": "diversity", "state": "waiting",
                  "error_msg": None}
        path = f"reports/{report['id']}"
        self._add(path, report, [("reports", {})], ("items",))
        self._tasks[path] = Task(report, self.polls, finish_simple, progress_key=None)
        return json_answer(201, report)

    def _create_export(self, *, body: bytes, form: Form | None) -> Answer:
        doc = _json_object(body)
        export = {"id": str(uuid.uuid4()), "strategy": _require(doc, "strategy"),
                  "time_created": iso_time(), "time_completed": None, "state": "waiting",
                  "progress": 0.0, "error_msg": None, "config": doc.get("config") or {}}
        path = f"exports/{export['id']}"
        self._add(path, export, [("exports", {})], ("artifacts",))
        self._tasks[path] = Task(export, self.polls, finish_simple)
        return json_answer(201, export)

    # -- uploads ---------------------------------------------------------------
    def _upload_storage(self, *, body: bytes, form: Form | None) -> Answer:
        form = _require_form(form)
        folder = form.fields.get("folder")
        if not folder:
            raise BadRequest("folder: This field is required.")
        part = _require_file(form, "file")
        self._next_storage_id += 1
        storage_id = self._next_storage_id
        url = "storage://" + "".join(secrets.choice(string.ascii_letters + string.digits)
                                     for _ in range(20))
        doc = {"id": storage_id, "url": url, "file_size": len(part.data), "name": part.filename,
               "uploaded": True, "upload_failed": False,
               "storage_type": _storage_type(part), "uploaded_at": iso_time()}
        path = f"storage/{storage_id}"
        self._add(path, doc, [("storage", {"folder": folder})])
        self._files[f"{path}/file"] = Answer(200, part.data, part.content_type)
        return json_answer(201, doc)

    def _upload_dictionary(self, *, body: bytes, form: Form | None) -> Answer:
        form = _require_form(form)
        name = form.fields.get("name")
        if not name:
            raise BadRequest("name: This field is required.")
        part = _require_file(form, "file")
        doc = {"id": str(uuid.uuid4()), "name": name, "type": "simple",
               "language": form.fields.get("language") or "any", "time_created": iso_time(),
               "is_public": False}
        path = f"dictionaries/{doc['id']}"
        self._add(path, doc, [("dictionaries", {})])
        self._files[f"{path}/file"] = Answer(200, part.data, part.content_type)
        return json_answer(201, doc)

    # -- knowledge graph -------------------------------------------------------
    def _kg_import(self, fmt: str, *, body: bytes, form: Form | None) -> Answer:
        _json_object(body)
        status = {"id": str(uuid.uuid4()), "time_created": iso_time(), "time_completed": None,
                  "state": "waiting"}
        path = f"knowledge-graph/import/{fmt}/{status['id']}"
        self._add(path, status, [])
        self._tasks[path] = Task(status, 1, finish_simple, progress_key=None)
        return json_answer(201, status)


def _require_form(form: Form | None) -> Form:
    if form is None:
        raise BadRequest("Expected a multipart/form-data body.")
    return form


def _require_file(form: Form, name: str) -> FilePart:
    for part in reversed(form.parts):
        if part.name == name:
            return part
    raise BadRequest(f"{name}: No file was submitted.")


def _storage_type(part: FilePart) -> str:
    ctype = part.content_type
    if ctype in ("", "application/octet-stream"):
        ctype = mimetypes.guess_type(part.filename)[0] or ""
    kind = ctype.split("/", 1)[0].upper()
    return kind if kind in ("IMAGE", "VIDEO", "AUDIO") else "FILE"
