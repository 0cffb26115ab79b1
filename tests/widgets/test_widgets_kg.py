"""The knowledge-graph browser, driven through its search box, type and selection."""

from __future__ import annotations

import ipywidgets as w
import pytest

from deepva_frames.widgets import KGBrowser, kg_browser


@pytest.fixture
def browser(client) -> KGBrowser:
    return kg_browser(client)


def names(table) -> list[str]:
    return table["name"].tolist()


def test_first_view_lists_nodes_and_shows_the_first(browser, client):
    assert isinstance(browser.widget, w.VBox)
    assert isinstance(browser.search, w.Text) and isinstance(browser.results, w.Select)
    listed = client.kg_nodes(limit=50)
    assert [v for _, v in browser.results.options] == listed["node_id"].astype(str).tolist()
    assert browser.results.value == str(listed["node_id"].iloc[0])
    assert browser.status.value == f"{len(listed)} nodes"


def test_search_text_updates_results_and_details(browser, client):
    browser.search.value = "Okafor"
    assert browser.results.options == (("Amara Okafor (person)", "52013"),)
    assert browser.results.value == "52013"
    assert "Amara Okafor" in browser.details.value
    expected = client.kg_node_attributes("52013")
    assert browser.node_attributes[["name", "value"]].equals(expected[["name", "value"]])
    for value in expected["value"]:
        assert str(value) in browser.attributes.value
    assert names(browser.similar_nodes) == names(client.kg_similar("52013"))
    assert names(browser.related_nodes) == names(client.kg_related("52013"))
    for name in names(client.kg_related("52013")):
        assert name in browser.related.value


def test_selecting_a_node_updates_the_tables(browser, client):
    browser.search.value = "Lindqvist"
    mara = (browser.attributes.value, browser.similar.value, browser.related.value)
    browser.search.value = ""
    browser.results.value = "52014"                  # Henrik Vass
    assert "Henrik Vass" in browser.details.value
    assert (browser.attributes.value, browser.similar.value, browser.related.value) != mara
    assert names(browser.similar_nodes) == names(client.kg_similar("52014"))
    assert "politician" in browser.attributes.value


def test_missing_similar_nodes_show_as_not_available(browser):
    browser.search.value = "Hamburg"
    assert browser.results.value == "13102"
    assert browser.similar.value.startswith("<i>not available")
    assert browser.related.value.startswith("<i>not available")
    assert "located_in" in browser.attributes.value


def test_type_filter_and_button(browser):
    browser.node_type.value = "person"
    assert len(browser.results.options) == 6
    assert all(label.endswith("(person)") for label, _ in browser.results.options)
    browser.search.value = "ar"                  # Mara, Amara, Jonas Adeyemi (football player)
    assert len(browser.results.options) == 3
    browser.node_type.value = None
    browser.search_button.click()
    assert len(browser.results.options) >= 3


def test_no_match_clears_the_details(browser):
    browser.search.value = "no such node"
    assert browser.results.options == () and "no node matches" in browser.status.value
    assert browser.details.value == "" and browser.node_attributes.empty
