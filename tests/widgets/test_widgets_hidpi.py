"""Chart images are drawn at twice the pixels they are shown at, and shown at their size.

Fails on the old main: the dashboard's 700x336 PNG had no size of its own and was
stretched to the page (1351x648 in a wide notebook: blurry, giant fonts).
"""

from __future__ import annotations

import struct
import zlib

import cv2
import numpy as np

from deepva_frames.cli.demo.charts import write_charts
from deepva_frames.client import sample_client
from deepva_frames.widgets import report_dashboard
from deepva_frames.widgets.timeline_view import TimelineView

WEEK_REPORT = "74b61b47-297e-52aa-9b4e-376fa0da5253"


def png_size(data: bytes) -> tuple[int, int]:
    image = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    return image.shape[1], image.shape[0]


def png_dpi(data: bytes) -> float:
    """Pixels per inch from the PNG's pHYs chunk (read by hand, independent of cv2)."""
    at = data.index(b"pHYs")
    per_metre, _, unit = struct.unpack(">IIB", data[at + 4:at + 13])
    assert unit == 1 and zlib.crc32(data[at:at + 13]) == struct.unpack(
        ">I", data[at + 13:at + 17])[0]
    return per_metre * 0.0254


def css_width(layout) -> int:
    assert layout.width and layout.width.endswith("px"), layout.width
    return int(layout.width[:-2])


def test_the_dashboard_chart_has_its_own_size_and_twice_its_pixels(client):
    dashboard = report_dashboard(client.report_items(WEEK_REPORT), client.batches())
    width, _ = png_size(dashboard.chart.value)
    shown = css_width(dashboard.chart.layout)
    assert width == 2 * shown
    assert dashboard.chart.layout.height == "auto"
    assert dashboard.chart.layout.max_width == "100%"  # shrinks on a narrow page
    assert dashboard.chart.layout.align_self == "flex-start"  # a VBox does not stretch it
    dashboard.batch_filter.value = dashboard.batch_filter.value[:1]  # narrower chart
    assert png_size(dashboard.chart.value)[0] == 2 * css_width(dashboard.chart.layout)


def test_the_timeline_image_is_shown_at_half_its_pixels(newsroom_faces):
    view = TimelineView(newsroom_faces, 12.0)
    width, _ = png_size(view.image.value)
    assert width == 2 * css_width(view.image.layout)
    view.move(3.0)
    assert png_size(view.image.value)[0] == width


def test_the_demo_charts_carry_a_hidpi_resolution(tmp_path):
    written = write_charts(sample_client(), tmp_path)
    for path, _ in written[:3]:
        data = path.read_bytes()
        assert round(png_dpi(data)) == 192  # shown at 96 px per inch, drawn at twice that


def test_an_empty_timeline_is_sized_the_same_way(newsroom_faces):
    view = TimelineView(newsroom_faces.iloc[0:0], 3.0)
    assert png_size(view.image.value)[0] == 2 * css_width(view.image.layout)


def test_a_move_within_one_pixel_column_keeps_the_image(newsroom_faces):
    view = TimelineView(newsroom_faces, 3600.0)   # an hour: a pixel is seconds long
    view.move(10.0)
    shown = view.image.value
    view.move(10.04)                              # one frame later at 25 fps
    assert view.image.value is shown and view.cursor_x == 10.04
    view.move(600.0)
    assert view.image.value != shown
