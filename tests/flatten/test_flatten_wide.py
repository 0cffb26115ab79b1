"""The wide views: report_items_wide and kg_attributes_wide."""

from __future__ import annotations

import math

import pandas as pd

from deepva_frames import flatten


def test_report_items_wide_columns_and_cells():
    items = [
        {"content": {"batch_id": "a", "report_info": {
            "gender_count": {"female": 1, "male": 2}, "total": 7.5, "note": "x", "empty": {}}}},
        {"content": {"batch_id": "b", "report_info": {"gender_count": {"female": 3}}}},
        {"content": {"batch_id": "c", "report_info": {}}},
    ]
    wide = flatten.report_items_wide(flatten.report_items(items, report_id="r"))
    assert wide.columns.tolist() == ["report_id", "batch_id", "gender_count/female",
                                     "gender_count/male", "total", "note", "empty"]
    assert wide["batch_id"].tolist() == ["a", "b", "c"]
    assert wide["gender_count/female"].tolist()[:2] == [1.0, 3.0]
    assert math.isnan(wide.loc[1, "gender_count/male"])
    assert wide.loc[0, "note"] == "x" and wide.loc[0, "total"] == 7.5
    assert pd.isna(wide.loc[0, "empty"])


def test_report_items_wide_of_an_empty_table():
    wide = flatten.report_items_wide(flatten.report_items([]))
    assert wide.columns.tolist() == ["report_id", "batch_id"] and len(wide) == 0


def test_kg_attributes_wide_multi_valued_rules():
    one = flatten.kg_attributes([
        {"name": "name", "value": "Dirk"}, {"name": "occupation", "value": "player"},
        {"name": "height", "value": 2.13}, {"name": "award", "value": "MVP"},
        {"name": "award", "value": "Champion"}], node_id=1)
    two = flatten.kg_attributes([
        {"name": "name", "value": "Kobe"}, {"name": "occupation", "value": ["player", "poet"]},
        {"name": "nickname", "value": []}], node_id=2)
    wide = flatten.kg_attributes_wide(pd.concat([one, two], ignore_index=True))
    assert wide.columns.tolist() == ["node_id", "name", "occupation", "height", "award",
                                     "nickname"]
    rows = wide.set_index("node_id").to_dict("index")
    assert rows["1"]["name"] == "Dirk" and rows["1"]["height"] == 2.13
    assert rows["1"]["occupation"] == ["player"]  # multi-valued for node 2: lists everywhere
    assert rows["2"]["occupation"] == ["player", "poet"]
    assert rows["1"]["award"] == ["MVP", "Champion"]  # several rows for one node
    assert rows["2"]["award"] is None and rows["2"]["nickname"] == []
    assert rows["2"]["height"] is None
