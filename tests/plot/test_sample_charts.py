"""Every chart renders on the sample account without warnings, nothing clipped, legends
beside the data; write_charts writes them all as PNG."""

from __future__ import annotations

import subprocess
import sys
import warnings

import matplotlib.pyplot as plt
import pytest

from deepva_frames.cli.demo.charts import _charts, write_charts
from deepva_frames.client import sample_client


def draw_all(sample):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return [(name, draw()) for name, _, draw in _charts(sample)]


def test_every_chart_renders_on_the_sample_without_warnings(sample):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        drawn = draw_all(sample)
        for _, ax in drawn:
            ax.figure.canvas.draw()
    assert len(drawn) == 11
    assert {name.split(".")[0].rsplit("_", 1)[0] for name, _ in drawn} >= {
        "screen", "gender", "age", "speech_vs", "timeline", "report", "co"}


def test_nothing_is_clipped_and_legends_do_not_cover_data(sample):
    for name, ax in draw_all(sample):
        fig = ax.figure
        renderer = fig.canvas.get_renderer()
        fig.canvas.draw()
        tight = fig.get_tightbbox(renderer)
        box = fig.bbox_inches
        assert tight.x0 >= box.x0 - 0.01 and tight.y0 >= box.y0 - 0.01, name
        assert tight.x1 <= box.x1 + 0.01 and tight.y1 <= box.y1 + 0.01, name
        assert ax.get_title(loc="left"), name
        assert ax.get_xlabel() or ax.get_ylabel(), name
        legend = ax.get_legend()
        if legend is not None:
            frame = legend.get_window_extent(renderer)
            assert frame.x0 >= ax.get_window_extent(renderer).x1, name


def test_write_charts_writes_every_png(tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        written = write_charts(sample_client(), tmp_path)
    assert len(written) == 11
    for path, what in written:
        assert path.parent == tmp_path / "charts" and path.suffix == ".png"
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 10_000
        assert what and "\n" not in what
    assert not plt.get_fignums()  # every figure closed
    assert sorted(p.name for p in (tmp_path / "charts").iterdir()) == sorted(
        p.name for p, _ in written)  # no temporary files left


@pytest.mark.parametrize("module", ["deepva_frames", "deepva_frames.analysis",
                                    "deepva_frames.timecode"])
def test_analysis_never_imports_matplotlib(module):
    code = f"import sys, {module}; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "False"
