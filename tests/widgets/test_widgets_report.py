"""The report dashboard, driven through its dropdown and batch selection."""

from __future__ import annotations

import ipywidgets as w
import pandas as pd
import pytest

from deepva_frames.widgets import ReportDashboard, report_dashboard

WEEK_REPORT = "74b61b47-297e-52aa-9b4e-376fa0da5253"


@pytest.fixture(scope="module")
def items(client) -> pd.DataFrame:
    return client.report_items(WEEK_REPORT)


@pytest.fixture(scope="module")
def batches(client) -> pd.DataFrame:
    return client.batches()


@pytest.fixture
def dashboard(items, batches) -> ReportDashboard:
    return report_dashboard(items, batches)


def reported(items: pd.DataFrame, metric: str, batch_ids) -> pd.DataFrame:
    rows = items[(items["metric"].astype(str) == metric) & items["batch_id"].isin(batch_ids)]
    return rows.pivot_table(index="batch_id", columns="key", values="value", observed=True)


def test_widgets_and_choices(dashboard, items, batches):
    assert isinstance(dashboard.widget, w.VBox)
    assert isinstance(dashboard.metric, w.Dropdown)
    assert isinstance(dashboard.batch_filter, w.SelectMultiple)
    assert dashboard.metric.options == tuple(dict.fromkeys(items["metric"].astype(str)))
    names = batches.set_index("batch_id")["name"]
    assert [(label, names[b]) for label, b in dashboard.batch_filter.options] == [
        (names[b], names[b]) for b in dict.fromkeys(items["batch_id"])]
    assert set(dashboard.batch_filter.value) == set(items["batch_id"])
    assert dashboard.chart.value[1:4] == b"PNG"


def test_metric_change_updates_chart_and_table(dashboard, items):
    chart, table = dashboard.chart.value, dashboard.table.value
    dashboard.metric.value = "age_speech_time"
    assert dashboard.chart.value != chart and dashboard.table.value != table
    expected = reported(items, "age_speech_time", dashboard.batch_filter.value)
    shown = dashboard.shown.sort_index()[sorted(expected.columns)]
    pd.testing.assert_frame_equal(shown, expected.sort_index()[sorted(expected.columns)],
                                  check_names=False, check_index_type=False,
                                  check_column_type=False)
    assert "Monday" in dashboard.table.value and "age_speech" not in dashboard.table.value


def test_batch_selection_updates_chart_and_table(dashboard, items, batches):
    monday = batches.loc[batches["name"] == "Monday", "batch_id"].iloc[0]
    chart = dashboard.chart.value
    dashboard.batch_filter.value = (monday,)
    assert dashboard.chart.value != chart
    assert list(dashboard.shown.index) == [monday]
    assert "Tuesday" not in dashboard.table.value and "Monday" in dashboard.table.value
    expected = reported(items, dashboard.metric.value, [monday])
    assert dashboard.shown.loc[monday].to_dict() == expected.loc[monday].to_dict()


def test_no_batch_chosen(dashboard):
    chart = dashboard.chart.value
    dashboard.batch_filter.value = ()
    assert dashboard.shown.empty and "choose at least one batch" in dashboard.table.value
    assert dashboard.chart.value != chart and dashboard.chart.value[1:4] == b"PNG"


def test_times_show_as_minutes_and_seconds(items, batches):
    d = report_dashboard(items, batches, metric="gender_screen_time")
    assert d.metric.value == "gender_screen_time"
    monday = d.shown.iloc[0]
    assert f"{int(monday['female'] // 60)}:" in d.table.value


def test_without_batches_table_labels_are_ids(items):
    d = ReportDashboard(items)
    assert [label for label, _ in d.batch_filter.options] == list(dict.fromkeys(items["batch_id"]))


def test_items_without_numbers_are_refused():
    with pytest.raises(ValueError, match="no numeric items"):
        ReportDashboard(pd.DataFrame({"batch_id": ["b"], "metric": "x", "key": "k",
                                      "value": [None]}))
