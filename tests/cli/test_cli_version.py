"""``deepva-frames --version`` prints the installed package's version."""

from __future__ import annotations

import subprocess
import sys
from importlib.metadata import version


def test_version_flag_prints_the_package_version() -> None:
    run = subprocess.run([sys.executable, "-m", "deepva_frames.cli.main", "--version"],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["deepva-frames", version("deepva-frames")]
