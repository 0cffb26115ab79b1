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
