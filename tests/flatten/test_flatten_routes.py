"""table_for_path maps every resource path to the flatten function of its responses."""

from __future__ import annotations

import pytest

from deepva_frames import flatten
from deepva_frames.flatten.routes import ROUTES


@pytest.mark.parametrize("path, table", [
    ("/jobs/", "jobs"), ("/jobs/j/", "jobs"), ("/jobs/j/artifacts/", "artifacts"),
    ("/jobs/j/summarized-results/", "summarized_results"),
    ("/jobs/j/detailed-results/", "detailed_results"), ("/batches/", "batches"),
    ("/batches/b/sub-batches/", "batches"), ("/batches/b/jobs/", "jobs"),
    ("/batches/b/report/", "reports"), ("/reports/r/items/", "report_items"),
    ("/datasets/d/classes/c/", "classes"), ("/datasets/d/classes/c/clusters/", "clusters"),
    ("/datasets/d/classes/c/clusters/main/", "clusters"),
    ("/datasets/d/classes/c/clusters/main/images/", "images"),
    ("/datasets/d/classes/c/images/i/", "images"), ("/trainings/", "trainings"),
    ("/storage?folder=/", "storage"), ("/storage/5/", "storage"),
    ("/dictionaries/x/", "dictionaries"), ("/exports/e/artifacts/", "artifacts"),
    ("/knowledge-graph/nodes/", "kg_nodes"), ("/knowledge-graph/nodes/1/related/", "kg_nodes"),
    ("/knowledge-graph/nodes/1/attributes/", "kg_attributes"),
    ("/knowledge-graph/nodes/1/attributes/compare/2/", "kg_compare"),
    ("/knowledge-graph/attribute-descriptions/", "kg_attribute_descriptions"),
    ("/knowledge-graph/search-suggestions", "kg_search_suggestions"),
    ("/knowledge-graph/import/broadcast/i", "kg_imports"),
    ("/jobs/j/artifacts/a/file/", None), ("/dictionaries/x/file", None), ("/models/", None),
])
def test_table_for_path(path, table):
    assert flatten.table_for_path(path) == table


def test_every_route_names_a_flatten_function():
    for _, name in ROUTES:
        assert callable(getattr(flatten, name))
