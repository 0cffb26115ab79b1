"""Where the bundled sample account and its video are.

The sample ships inside the package (``deepva_frames/sample_data/``) in a built wheel;
in a source checkout it is the repository's top-level ``sample_data/`` folder.

>>> (sample_store_path() / "manifest.json").is_file()
True
>>> sample_video_path().suffix
'.mp4'
"""

from __future__ import annotations

from pathlib import Path

from .errors import StoreError

__all__ = ["sample_root", "sample_store_path", "sample_video_path"]

SAMPLE_VIDEO_NAME = "newsroom.mp4"


def sample_root() -> Path:
    """The folder holding ``account/`` (the page store) and ``video/``."""
    package_dir = Path(__file__).resolve().parent
    for candidate in (package_dir / "sample_data", package_dir.parent / "sample_data"):
        if (candidate / "account" / "manifest.json").is_file():
            return candidate
    raise StoreError(
        f"the bundled sample account is missing (looked in {package_dir / 'sample_data'} "
        f"and {package_dir.parent / 'sample_data'}); reinstall deepva-frames"
    )


def sample_store_path() -> Path:
    """The page store of the fictional sample account."""
    return sample_root() / "account"


def sample_video_path() -> Path:
    """The short synthetic video whose faces sit where the sample job's boxes say."""
    return sample_root() / "video" / SAMPLE_VIDEO_NAME
