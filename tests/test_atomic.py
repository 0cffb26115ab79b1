"""Atomic writes: all or nothing, no temporary files left behind."""

from __future__ import annotations

import pytest

from deepva_frames._atomic import atomic_write_bytes, atomic_writer
from deepva_frames.errors import WriteError


def test_chunks_are_written_in_order(tmp_path):
    target = tmp_path / "out.bin"
    atomic_write_bytes(target, iter([b"a", b"b", b"c"]))
    assert target.read_bytes() == b"abc"


def test_failure_mid_write_keeps_the_old_file_and_no_temp(tmp_path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_writer(target) as fh:
        fh.write(b"half of the new")
        raise RuntimeError("crash")
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.bin"]


def test_failure_on_a_new_file_leaves_nothing(tmp_path):
    target = tmp_path / "new.bin"
    with pytest.raises(RuntimeError), atomic_writer(target) as fh:
        fh.write(b"x")
        raise RuntimeError("crash")
    assert list(tmp_path.iterdir()) == []


def test_missing_folder_is_a_clear_error(tmp_path):
    with pytest.raises(WriteError, match="no-such-folder"):
        atomic_write_bytes(tmp_path / "no-such-folder" / "x.bin", b"x")
