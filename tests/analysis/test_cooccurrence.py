"""co_occurrence: hand-computed pairs, long and matrix form."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from deepva_frames.analysis import co_occurrence, screen_time


def test_hand_pairs_never_cross_sources(hand):
    table = co_occurrence(hand)
    got = {(a, b): s for a, b, s in table.itertuples(index=False)}
    # a: Ann [0,6) & Bo [5,8) = 1, Ann & Cy [3,5) = 2, Bo & unknown [7,8) = 1;
    # b: Ann [0,3) & Bo [1,2) = 1. Ann of a and Bo of b never meet.
    assert got == {("Ann", "Bo"): 2.0, ("Ann", "Cy"): 2.0, ("Bo", "unknown"): 1.0}
    assert list(table.columns) == ["person_a", "person_b", "seconds"]


def test_matrix_is_symmetric_with_own_screen_time_on_the_diagonal(hand):
    matrix = co_occurrence(hand, form="matrix")
    assert list(matrix.index) == ["Ann", "Bo", "Cy", "unknown"] == list(matrix.columns)
    assert np.allclose(matrix.to_numpy(), matrix.to_numpy().T)
    own = screen_time(hand).set_index("person")["seconds"]
    assert [matrix.loc[p, p] for p in matrix.index] == [own[p] for p in matrix.index]
    assert matrix.loc["Cy", "unknown"] == 0.0 and matrix.loc["Bo", "Ann"] == 2.0


def test_closest_person_and_other_groupings(hand):
    got = co_occurrence(hand, unknown="closest_person")
    pairs = {(a, b): s for a, b, s in got.itertuples(index=False)}
    # a: Ann [0,6)+[7,10), Bo [5,8)+[9,12): overlap [5,6) + [7,8) + [9,10) = 3; b: 1.
    assert pairs[("Ann", "Bo")] == 4.0
    by_gender = co_occurrence(hand, by="gender")
    assert by_gender[["gender_a", "gender_b"]].values.tolist() == [["female", "male"]]


def test_bad_form(hand):
    with pytest.raises(ValueError, match="form="):
        co_occurrence(hand, form="wide")


def test_no_pairs():
    seg = pd.DataFrame({"job_id": "j", "source": "s", "person": ["A"], "time_start": [0.0],
                        "time_end": [1.0]})
    assert co_occurrence(seg).empty
    assert co_occurrence(seg, form="matrix").loc["A", "A"] == 1.0
