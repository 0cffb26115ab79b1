"""Helpers of the command-line tests: the installed console script, the sample's job ids."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from deepva_frames.sample import sample_store_path
from deepva_frames.store import PageStore


def console_script() -> str:
    """The ``deepva-frames`` script installed beside this Python (as a user would run it)."""
    script = Path(sys.executable).with_name("deepva-frames")
    found = str(script) if script.exists() else shutil.which("deepva-frames")
    assert found, "the deepva-frames console script is not installed"
    return found


def sample_job_ids() -> list[str]:
    """The ids of the sample account's jobs, read from its page store."""
    store = PageStore(sample_store_path())
    return sorted(job["id"] for job in store.read_records(store.get("/jobs/")))
