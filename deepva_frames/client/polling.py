"""Waiting for jobs, reports, trainings, exports and imports: one loop, driven by data.

Each kind of long-running resource is a row of :data:`WAITS` (its state path and default
poll interval). The loop polls with capped backoff (``poll``, then x1.5 per poll up to
``max_poll`` seconds), shows a progress bar of the reported progress, returns the final
object on ``completed``, raises JobFailed on ``failed``/``stopped``/``error`` and JobTimeout
when ``timeout`` runs out; both name the kind ("report 74b6... ended failed").

>>> sorted(WAITS)
['export', 'import', 'job', 'report', 'training']
>>> WAITS["report"].path("74b6")
'/reports/74b6/'
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .._paths import KG, job_path, report_path, seg
from .._progress import progress_bar
from ..errors import JobFailed, JobTimeout, PayloadError

if TYPE_CHECKING:
    from .session import Session

__all__ = ["DONE", "FAILED", "WAITS", "Wait", "wait_until_done"]

DONE = frozenset({"completed", "complete", "done", "finished", "success"})
FAILED = frozenset({"failed", "stopped", "error", "aborted", "cancelled", "canceled"})


@dataclass(frozen=True)
class Wait:
    """How to wait for one kind of resource: its state path and default poll intervals."""

    kind: str
    path: Callable[..., str]
    poll: float = 2.0
    max_poll: float = 30.0


WAITS: dict[str, Wait] = {w.kind: w for w in (
    Wait("job", job_path),
    Wait("report", report_path),
    Wait("training", lambda id: f"/trainings/{seg(id)}/", poll=5.0, max_poll=60.0),
    Wait("export", lambda id: f"/exports/{seg(id)}/"),
    Wait("import", lambda format, id: f"{KG}/import/{seg(format)}/{seg(id)}"),
)}


def _errors(obj: dict[str, Any]) -> list[Any]:
    """The errors an object reports: ``errors`` (jobs), ``error`` or ``error_msg``.

    >>> _errors({"errors": [{"message": "x"}]}), _errors({"error_msg": "y"}), _errors({})
    ([{'message': 'x'}], ['y'], [])
    """
    errors = obj.get("errors")
    if isinstance(errors, list) and errors:
        return errors
    message = obj.get("error") or obj.get("error_msg")
    return [message] if message else []


def _progress_of(obj: dict[str, Any]) -> float | None:
    value = obj.get("progress")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return max(0.0, min(1.0, float(value)))
    return None


def _show(bar: Any, obj: dict[str, Any], state: str) -> None:
    value = _progress_of(obj)
    if value is not None and value * 100 > bar.n:
        bar.update(value * 100 - bar.n)
    bar.set_postfix_str(state)


def wait_until_done(session: Session, kind: str, *ids: Any, timeout: float = 3600.0,
                    poll: float | None = None, max_poll: float | None = None,
                    progress: bool | None = None) -> dict[str, Any]:
    """Poll the resource of ``kind`` named by ``ids`` until it ends; the final object.

    >>> from deepva_frames import sample_client
    >>> wait_until_done(sample_client(), "job", "7dfe2f5e-d25b-5219-b7a4-cc63cf61353c",
    ...                 timeout=1)["state"]                         # doctest: +SKIP
    'completed'
    """
    spec = WAITS[kind]
    path, label = spec.path(*ids), str(ids[-1])
    poll = spec.poll if poll is None else poll
    max_poll = spec.max_poll if max_poll is None else max_poll
    deadline = time.monotonic() + timeout
    delay = max(poll, 0.0)
    with progress_bar(session.progress_enabled(progress), total=100, unit="%",
                      desc=f"{kind} {label}",
                      bar_format="{l_bar}{bar}| {n:.0f}/{total:.0f}% {postfix}") as bar:
        while True:
            obj = session.poll_state(path)
            if not isinstance(obj, dict):
                raise PayloadError(f"{kind} {label}", "expected an object with a state",
                                   key="state")
            state = str(obj.get("state") or "").lower()
            _show(bar, obj, state)
            if state in DONE:
                return obj
            if state in FAILED:
                raise JobFailed(label, state, _errors(obj), kind=kind)
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise JobTimeout(label, timeout, state or None, _progress_of(obj), kind=kind)
            time.sleep(min(delay, remaining))
            delay = min(max(max_poll, poll), delay * 1.5 or poll)
