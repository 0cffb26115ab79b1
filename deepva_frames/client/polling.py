"""Waiting for jobs, trainings, exports, reports and imports to finish.

Polls with capped backoff (``poll``, then x1.5 per poll up to ``max_poll`` seconds), shows a
progress bar of the reported progress, returns the final object on ``completed``, raises
JobFailed on ``failed``/``stopped``/``error`` and JobTimeout when ``timeout`` runs out.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from .session import ClientCore
from .jobs import seg
from ..errors import JobFailed, JobTimeout, PayloadError

__all__ = ["WaitMixin"]

DONE = frozenset({"completed", "complete", "done", "finished", "success"})
FAILED = frozenset({"failed", "stopped", "error", "aborted", "cancelled", "canceled"})


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


class WaitMixin(ClientCore):
    """wait_for_job and friends."""

    def _wait(self, label: str, fetch: Callable[[], Any], *, timeout: float, poll: float,
              max_poll: float, progress: bool | None) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        delay = max(poll, 0.0)
        with self._bar(label, progress) as bar:
            while True:
                obj = fetch()
                if not isinstance(obj, dict):
                    raise PayloadError(label, "expected an object with a state", key="state")
                state = str(obj.get("state") or "").lower()
                self._show(bar, obj, state)
                if state in DONE:
                    return obj
                if state in FAILED:
                    raise JobFailed(label, state, _errors(obj))
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise JobTimeout(label, timeout, state or None, _progress_of(obj))
                time.sleep(min(delay, remaining))
                delay = min(max(max_poll, poll), delay * 1.5 or poll)

    def _bar(self, label: str, progress: bool | None) -> Any:
        from .._progress import progress_bar

        return progress_bar(self._show_progress(progress), total=100, unit="%", desc=label,
                            bar_format="{l_bar}{bar}| {n:.0f}/{total:.0f}% {postfix}")

    @staticmethod
    def _show(bar: Any, obj: dict[str, Any], state: str) -> None:
        value = _progress_of(obj)
        if value is not None and value * 100 > bar.n:
            bar.update(value * 100 - bar.n)
        bar.set_postfix_str(state)

    def wait_for_job(self, id: str, timeout: float = 3600.0, poll: float = 2.0, *,
                     max_poll: float = 30.0, progress: bool | None = None) -> dict[str, Any]:
        """Poll a job until it ends; returns the completed job object.

        Raises JobFailed (state failed/stopped, with the job's errors) or JobTimeout.

        >>> job = c.wait_for_job(c.create_job(src, modules)["id"], timeout=600)  # doctest: +SKIP
        """
        return self._wait(str(id), lambda: self._poll(f"/jobs/{seg(id)}/"), timeout=timeout,
                          poll=poll, max_poll=max_poll, progress=progress)

    def wait_for_training(self, id: str, timeout: float = 3600.0, poll: float = 5.0, *,
                          max_poll: float = 60.0, progress: bool | None = None) -> dict[str, Any]:
        """Poll a training until it ends (see :meth:`wait_for_job`)."""
        return self._wait(str(id), lambda: self._poll(f"/trainings/{seg(id)}/"), timeout=timeout,
                          poll=poll, max_poll=max_poll, progress=progress)

    def wait_for_export(self, id: str, timeout: float = 3600.0, poll: float = 2.0, *,
                        max_poll: float = 30.0, progress: bool | None = None) -> dict[str, Any]:
        """Poll an export until it ends (see :meth:`wait_for_job`)."""
        return self._wait(str(id), lambda: self._poll(f"/exports/{seg(id)}/"), timeout=timeout,
                          poll=poll, max_poll=max_poll, progress=progress)

    def wait_for_report(self, id: str, timeout: float = 3600.0, poll: float = 2.0, *,
                        max_poll: float = 30.0, progress: bool | None = None) -> dict[str, Any]:
        """Poll a report until it ends (see :meth:`wait_for_job`)."""
        return self._wait(str(id), lambda: self._poll(f"/reports/{seg(id)}/"), timeout=timeout,
                          poll=poll, max_poll=max_poll, progress=progress)

    def wait_for_import(self, format: str, id: str, timeout: float = 3600.0, poll: float = 2.0,
                        *, max_poll: float = 30.0,
                        progress: bool | None = None) -> dict[str, Any]:
        """Poll a knowledge-graph import until it ends (see :meth:`wait_for_job`)."""
        path = f"/knowledge-graph/import/{seg(format)}/{seg(id)}"
        return self._wait(str(id), lambda: self._poll(path), timeout=timeout, poll=poll,
                          max_poll=max_poll, progress=progress)

    def _poll(self, path: str) -> Any:
        """GET a state object without recording it (it changes while we wait)."""
        return self._transport.get(path).data
