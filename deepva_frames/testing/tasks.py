"""Created objects that advance when polled (jobs, trainings, reports, exports, imports).

>>> doc = {"state": "waiting", "progress": 0, "time_started": None}
>>> task = Task(doc, polls=2, finish=finish_simple)
>>> task.poll()
>>> doc["state"], doc["progress"]
('processing', 0.5)
>>> task.poll()
>>> doc["state"], doc["progress"]
('completed', 1.0)
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from .._types import utc_now

__all__ = ["Task", "finish_job", "finish_simple", "finish_training", "iso_time", "plain_time"]


def plain_time() -> str:
    """Now, as the API writes job times: ``2019-08-12 08:14:28.430144`` (UTC)."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")


def iso_time() -> str:
    """Now as ISO-8601 UTC with a ``Z``, as the API writes report and storage times."""
    return utc_now()


class Task:
    """A created object that advances on each poll: waiting -> processing -> completed."""

    def __init__(self, doc: dict[str, Any], polls: int, finish: Callable[[dict], None],
                 progress_key: str | None = "progress"):
        self.doc, self.polls_left, self.total = doc, polls, max(polls, 1)
        self.finish, self.progress_key = finish, progress_key

    def poll(self) -> None:
        """One GET of the object: advance its state (only existing keys are reassigned)."""
        if self.doc["state"] in ("completed", "failed"):
            return
        self.polls_left -= 1
        if self.polls_left <= 0:
            self.finish(self.doc)
            return
        self.doc["state"] = "processing"
        if "time_started" in self.doc and self.doc["time_started"] is None:
            self.doc["time_started"] = plain_time()
        if self.progress_key:
            self.doc[self.progress_key] = round(1 - self.polls_left / self.total, 3)


def finish_job(job: dict[str, Any]) -> None:
    """Complete a job, or fail it when a source mentions "fail"."""
    failed = any("fail" in str(source) for source in job["sources"])
    state = "failed" if failed else "completed"
    job["time_started"] = job["time_started"] or plain_time()
    job["time_completed"] = plain_time()
    job["duration"] = 0.5
    job["modules"] = {name: {**cfg, "state": state} for name, cfg in job["modules"].items()}
    if failed:
        module = next(iter(job["modules"]), "")
        job["errors"] = [{"module": module, "code": "source_unavailable",
                          "message": f"Could not load source {source}"}
                         for source in job["sources"] if "fail" in str(source)]
    else:
        job["progress"] = 1.0
        job["result"] = {**job["result"], "summary": [
            {"source": source, "media_type": _media_type(source), "info": {}, "items": []}
            for source in job["sources"]]}
    job["state"] = state


def _media_type(source: str) -> str:
    guessed = mimetypes.guess_type(str(source).split("?", 1)[0])[0] or "video/mp4"
    return "image" if guessed.startswith("image/") else "video"


def finish_training(training: dict[str, Any]) -> None:
    """Complete a training, or fail it when its output model name mentions "fail"."""
    failed = "fail" in str(training.get("output_model_name", ""))
    training["time_started"] = training["time_started"] or plain_time()
    training["time_completed"] = plain_time()
    training["duration"] = 0.5
    if failed:
        training["error"] = "Training failed."
    else:
        training["progress"] = 1.0
    training["state"] = "failed" if failed else "completed"


def finish_simple(doc: dict[str, Any]) -> None:
    """Complete a report, export or import."""
    if "progress" in doc:
        doc["progress"] = 1.0
    if "time_completed" in doc:
        doc["time_completed"] = iso_time()
    doc["state"] = "completed"
