"""Peak memory of the current process, measured from a chosen moment (Linux /proc).

``ru_maxrss`` is no use in a child process started by fork or spawn: it starts at the
parent's high-water mark. :func:`reset_peak` resets the kernel's VmHWM to the current
RSS; :func:`peak_mib` reads it.
"""

from __future__ import annotations

import contextlib
import resource
from pathlib import Path

MiB = 2**20


def _status(name: str) -> float | None:
    try:
        for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
            if line.startswith(name + ":"):
                return int(line.split()[1]) * 1024 / MiB
    except OSError:
        return None
    return None


def reset_peak() -> None:
    """Start measuring the peak from now (no-op where /proc/self/clear_refs is missing)."""
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")


def current_mib() -> float:
    """The RSS now, MiB."""
    value = _status("VmRSS")
    return value if value is not None else peak_mib()


def peak_mib() -> float:
    """The RSS high-water mark since :func:`reset_peak` (else since the start), MiB."""
    value = _status("VmHWM")
    if value is not None:
        return value
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
