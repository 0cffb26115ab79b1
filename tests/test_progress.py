"""Tests of deepva_frames._progress: when bars are shown."""

from __future__ import annotations

import io
import sys

import pytest

from deepva_frames._progress import NullBar, progress_bar, progress_enabled


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_explicit_setting_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", FakeTTY())
    assert progress_enabled(False) is False
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert progress_enabled(True) is True


def test_auto_follows_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stderr", FakeTTY())
    assert progress_enabled(None) is True
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    assert progress_enabled(None) is False


def test_auto_detects_a_notebook_kernel(monkeypatch: pytest.MonkeyPatch) -> None:
    class ZMQInteractiveShell:
        pass

    class FakeIPython:
        @staticmethod
        def get_ipython() -> ZMQInteractiveShell:
            return ZMQInteractiveShell()

    monkeypatch.setattr(sys, "stderr", io.StringIO())
    monkeypatch.setitem(sys.modules, "IPython", FakeIPython)
    assert progress_enabled(None) is True


def test_disabled_bar_is_silent(capsys: pytest.CaptureFixture[str]) -> None:
    with progress_bar(False, total=5, desc="quiet") as bar:
        bar.update(5)
    assert isinstance(bar, NullBar) and bar.n == 5
    assert capsys.readouterr().err == ""


def test_enabled_bar_draws_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    with progress_bar(True, total=5, desc="loud-bar") as bar:
        bar.update(5)
    assert "loud-bar" in capsys.readouterr().err
