"""The sample account ships inside the package: a built wheel works from any folder."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from deepva_frames.errors import StoreError
from deepva_frames.sample import sample_root, sample_store_path, sample_video_path
from deepva_frames.store import PageStore

REPO = Path(__file__).resolve().parents[1]


def test_sample_paths_point_at_a_store_and_a_video():
    assert PageStore(sample_store_path()).get("/jobs/") is not None
    assert sample_video_path().stat().st_size > 10_000
    assert sample_store_path().parent == sample_root()


def test_a_store_without_manifest_is_reported(tmp_path):
    with pytest.raises(StoreError, match=r"manifest\.json missing"):
        PageStore(tmp_path)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(out), str(REPO)], check=True, timeout=300)
    (found,) = out.glob("deepva_frames-*.whl")
    return found


def test_wheel_contains_the_sample_account_and_video(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "deepva_frames/sample_data/account/manifest.json" in names
    assert "deepva_frames/sample_data/account/jobs/_pages.ndjson" in names
    assert "deepva_frames/sample_data/video/newsroom.mp4" in names
    assert not [n for n in names if n.startswith(("tests/", "sample_data/"))]


def test_installed_wheel_finds_its_sample_from_another_folder(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target",
                    str(target), str(wheel)], check=True, timeout=300)
    code = ("import deepva_frames, deepva_frames.sample as s; "
            "print(deepva_frames.__file__); print(s.sample_store_path())")
    env = {**os.environ, "PYTHONPATH": str(target)}
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                            capture_output=True, text=True, check=True)
    module_file, store = result.stdout.split()
    assert Path(module_file).is_relative_to(target)
    assert Path(store) == target / "deepva_frames" / "sample_data" / "account"
