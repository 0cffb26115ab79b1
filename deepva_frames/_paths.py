"""The API's resource paths: one quoting rule for ids, and the templates that more than one
package needs (the Client, the export, FakeDeepVA).

>>> seg("a b/c"), seg(42)
('a%20b%2Fc', '42')
>>> job_path("6b51"), detailed_results_path("6b51")
('/jobs/6b51/', '/jobs/6b51/detailed-results/')
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

__all__ = ["DEFAULT_BASE_URL", "KG", "batch_jobs_path", "batch_path", "detailed_results_path",
           "job_path", "report_items_path", "report_path", "seg", "sub_batches_path",
           "summarized_results_path"]

DEFAULT_BASE_URL = "https://api.deepva.com/api/v1"
KG = "/knowledge-graph"


def seg(value: Any) -> str:
    """One path segment, percent-encoded (ids may be ints; names may hold spaces).

    ``""``, ``"."`` and ``".."`` are refused: they would change the path, not name a resource.

    >>> seg("..")
    Traceback (most recent call last):
    ...
    deepva_frames.errors.PayloadError: id '..': '', '.' and '..' cannot name a resource
    """
    text = str(value)
    if not text or text in (".", ".."):
        from .errors import PayloadError  # a ValueError too

        raise PayloadError(f"id {text!r}", "'', '.' and '..' cannot name a resource")
    return quote(text, safe="-_.~@:")


def job_path(job_id: Any) -> str:
    """``/jobs/<id>/``."""
    return f"/jobs/{seg(job_id)}/"


def summarized_results_path(job_id: Any) -> str:
    """``/jobs/<id>/summarized-results/``."""
    return f"{job_path(job_id)}summarized-results/"


def detailed_results_path(job_id: Any) -> str:
    """``/jobs/<id>/detailed-results/``."""
    return f"{job_path(job_id)}detailed-results/"


def batch_path(batch_id: Any) -> str:
    """``/batches/<id>/``."""
    return f"/batches/{seg(batch_id)}/"


def batch_jobs_path(batch_id: Any) -> str:
    """``/batches/<id>/jobs/``."""
    return f"{batch_path(batch_id)}jobs/"


def sub_batches_path(batch_id: Any) -> str:
    """``/batches/<id>/sub-batches/``."""
    return f"{batch_path(batch_id)}sub-batches/"


def report_path(report_id: Any) -> str:
    """``/reports/<id>/``."""
    return f"/reports/{seg(report_id)}/"


def report_items_path(report_id: Any) -> str:
    """``/reports/<id>/items/``."""
    return f"{report_path(report_id)}items/"
