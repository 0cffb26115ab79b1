"""Every benchmark script runs end to end (tiny sizes) and prints its comparison.

Speed itself is judged by running the benchmarks at full size, not here: these runs
only keep the scripts working as the toolkit changes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"

SMALL_RUNS = {
    "bench_fetch.py": (["--records", "60", "--latency", "0.001", "--runs", "1"], "speed-up"),
    "bench_detailed.py": (["--detections", "2000", "--runs", "1"], "ratio offline/flatten"),
    "bench_flatten.py": (["--sizes", "4000", "--runs", "1"], "faster"),
    "bench_readers.py": (["--detections", "4000", "--runs", "1"], "at most, on this reader"),
    "bench_overlay.py": (["--frames", "30", "--repeat", "1"], "render / plain throughput"),
    "bench_export.py": (["--jobs", "3", "--detections", "400"], "time export / baseline"),
    "bench_engines.py": (["--jobs", "5", "--segments", "40"], "duckdb / pandas time ratio"),
    "bench_widgets.py": (["--frames", "30", "--jumps", "5"], "forward by 1"),
    "bench_tracks.py": (["--frames", "30", "--repeat", "1"], "speed-up render / ass"),
}


def test_every_benchmark_has_a_small_run():
    assert sorted(p.name for p in BENCHMARKS.glob("bench_*.py")) == sorted(SMALL_RUNS)


@pytest.mark.parametrize("script", sorted(SMALL_RUNS))
def test_benchmark_runs_and_reports(script, tmp_path):
    args, expected = SMALL_RUNS[script]
    result = subprocess.run([sys.executable, str(BENCHMARKS / script), *args], cwd=tmp_path,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert expected in result.stdout, result.stdout[-2000:]
