"""The package's chart look leaves matplotlib's global state as it found it."""

from __future__ import annotations


def test_style_keeps_an_interactive_switch_made_while_drawing():
    # Jupyter's inline backend turns interactive mode on with the first figure; leaving
    # the style context must not turn it off again (later figures would not show).
    import matplotlib
    import matplotlib.pyplot as plt

    from deepva_frames.plot._style import style

    before = matplotlib.rcParams["interactive"]
    try:
        plt.ioff()
        with style():
            plt.ion()
        assert matplotlib.rcParams["interactive"] is True
        with style():
            plt.ioff()
        assert matplotlib.rcParams["interactive"] is False
    finally:
        matplotlib.rcParams["interactive"] = before


from hypothesis import given  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@given(st.floats(0, 30 * 3600, allow_nan=False))
def test_a_time_label_reads_back_to_its_value(seconds):
    from deepva_frames.plot import format_duration

    label = format_duration(seconds)
    parts = [float(p) for p in label.split(":")]
    value = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
    # tenths under a minute, whole seconds from a minute on
    assert abs(value - seconds) <= (0.05 if seconds < 59.95 else 0.5) + 1e-9
    assert ("." in label) == (seconds < 59.95 and round(seconds * 10) % 10 != 0)
