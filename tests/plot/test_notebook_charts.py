"""What the notebooks draw and tabulate, checked on their objects (their cells run here,
in-process, on the sample; tests/test_notebooks.py runs them whole in a kernel)."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib.pyplot as plt

NOTEBOOKS = Path(__file__).parents[2] / "notebooks"


def run_cells(name: str, upto: int) -> dict:
    """Run the notebook's code cells 0..upto (IPython magics and display calls aside)."""
    book = json.loads((NOTEBOOKS / name).read_text(encoding="utf-8"))
    scope: dict = {"display": lambda *_: None}
    for cell in book["cells"][:upto + 1]:
        if cell["cell_type"] == "code":
            source = "".join(line for line in cell["source"] if not line.startswith("%"))
            exec(compile(source, f"{name}:{cell.get('id')}", "exec"), scope)
    return scope


def test_the_interpolation_plot_lists_each_person_once_in_their_colour():
    # Fails on the old main: one legend entry per segment (Mara Lindqvist twice).
    scope = run_cells("03-check-detections.ipynb", 5)
    legend = [t.get_text() for t in scope["ax"].get_legend().get_texts()]
    assert sorted(legend) == sorted(set(scope["faces"]["person"]))
    from deepva_frames import palette

    handles = scope["ax"].get_legend().legend_handles
    for text, handle in zip(legend, handles, strict=True):
        assert handle.get_color() == palette.person_color(text)
    plt.close("all")


def test_the_report_notebook_pivots_age_groups_in_age_order():
    # Fails on the old main: the pivot's columns came in first-seen order.
    scope = run_cells("02-diversity-report.ipynb", 10)
    by_age = scope["by_age"]
    pivot = by_age.pivot_table(index="batch", columns="age", values="share_of_screen",
                               observed=True)
    ages = [str(c) for c in pivot.columns]
    assert ages == sorted(ages, key=lambda a: int(a.split("-")[0]))
    shares = by_age.groupby("batch")["share_of_screen"].sum()
    assert (abs(shares - 1.0) < 1e-9).all()
    plt.close("all")
