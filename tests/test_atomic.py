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


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o027, 0o000])
def test_a_written_file_has_the_mode_open_would_give(tmp_path, umask):
    import os
    import stat

    old = os.umask(umask)
    try:
        atomic_write_bytes(tmp_path / "atomic.bin", b"x")
        with open(tmp_path / "plain.bin", "w") as fh:  # the reference: what open() makes
            fh.write("x")
    finally:
        os.umask(old)
    modes = {name: stat.S_IMODE((tmp_path / name).stat().st_mode)
             for name in ("atomic.bin", "plain.bin")}
    assert modes["atomic.bin"] == modes["plain.bin"]


def test_the_temporary_file_lives_in_tmp_dir_and_the_target_folder_sees_none(tmp_path):
    table = tmp_path / "segments"
    table.mkdir()
    tmp = tmp_path / ".tmp"
    with atomic_writer(table / "a.parquet", tmp_dir=tmp) as fh:
        fh.write(b"x")
        assert list(table.iterdir()) == []
        assert [p.name.endswith(".tmp") for p in tmp.iterdir()] == [True]
    assert [p.name for p in table.iterdir()] == ["a.parquet"] and list(tmp.iterdir()) == []


def test_a_failed_replace_names_the_target_not_the_temporary_file(tmp_path):
    target = tmp_path / "a-folder"
    (target / "inside").mkdir(parents=True)  # os.replace cannot put a file over a folder
    with pytest.raises(WriteError) as caught:
        atomic_write_bytes(target, b"x")
    assert str(target) in str(caught.value) and ".tmp" not in str(caught.value)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder"]
