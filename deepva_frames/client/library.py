"""The account's library: datasets (classes, images, clusters), trainings, storage,
dictionaries and exports, with their reads, writes and waits.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._paths import seg
from .._types import ErrorMode, PathLike
from .polling import wait_until_done
from .session import Session
from .wire import upload_spec

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LibraryAPI"]


class LibraryAPI(Session):
    """Datasets, trainings, storage, dictionaries, exports."""

    # -- datasets -----------------------------------------------------------------------
    def datasets(self, limit: int | None = None, *, errors: ErrorMode = "warn") -> pd.DataFrame:
        """All datasets."""
        return self._listing("datasets", "/datasets/", None, limit, errors=errors)

    def dataset(self, id: str) -> dict[str, Any]:
        """One dataset object."""
        return self._object(f"/datasets/{seg(id)}/")

    def classes(self, ds: str, limit: int | None = None, *,
                errors: ErrorMode = "warn") -> pd.DataFrame:
        """The classes of a dataset."""
        return self._listing("classes", f"/datasets/{seg(ds)}/classes/", None, limit,
                             dataset_id=ds, errors=errors)

    def class_(self, ds: str, cls: str) -> dict[str, Any]:
        """One class of a dataset (``class`` is a Python keyword, hence the underscore)."""
        return self._object(f"/datasets/{seg(ds)}/classes/{seg(cls)}/")

    def images(self, ds: str, cls: str, limit: int | None = None, *,
               errors: ErrorMode = "warn") -> pd.DataFrame:
        """The images of a class."""
        return self._listing("images", f"/datasets/{seg(ds)}/classes/{seg(cls)}/images/", None,
                             limit, dataset_id=ds, class_id=cls, errors=errors)

    def image(self, ds: str, cls: str, img: str) -> dict[str, Any]:
        """One image object of a class."""
        return self._object(f"/datasets/{seg(ds)}/classes/{seg(cls)}/images/{seg(img)}/")

    def clusters(self, ds: str, cls: str, limit: int | None = None, *,
                 errors: ErrorMode = "warn") -> pd.DataFrame:
        """The clusters of a class (after a dataset evaluation)."""
        return self._listing("clusters", f"/datasets/{seg(ds)}/classes/{seg(cls)}/clusters/",
                             None, limit, dataset_id=ds, class_id=cls, errors=errors)

    def cluster(self, ds: str, cls: str, name: str) -> dict[str, Any]:
        """One cluster by name."""
        return self._object(f"/datasets/{seg(ds)}/classes/{seg(cls)}/clusters/{seg(name)}/")

    def cluster_images(self, ds: str, cls: str, name: str,
                       limit: int | None = None, *, errors: ErrorMode = "warn") -> pd.DataFrame:
        """The images of one cluster."""
        path = f"/datasets/{seg(ds)}/classes/{seg(cls)}/clusters/{seg(name)}/images/"
        return self._listing("images", path, None, limit, dataset_id=ds, class_id=cls,
                             cluster_name=name, errors=errors)

    def create_dataset(self, name: str, description: str | None = None,
                       type: str = "face") -> dict[str, Any]:
        """Create a dataset."""
        body = {"name": name, "description": description, "type": type}
        return self._send("POST", "/datasets/",
                          json_body={k: v for k, v in body.items() if v is not None})

    def delete_dataset(self, id: str) -> dict[str, Any] | None:
        """Delete a dataset."""
        return self._send("DELETE", f"/datasets/{seg(id)}/")

    def create_class(self, ds: str, label: str) -> dict[str, Any]:
        """Add a class to a dataset."""
        return self._send("POST", f"/datasets/{seg(ds)}/classes/", json_body={"label": label})

    def delete_class(self, ds: str, cls: str) -> dict[str, Any] | None:
        """Delete a class of a dataset."""
        return self._send("DELETE", f"/datasets/{seg(ds)}/classes/{seg(cls)}/")

    def add_image(self, ds: str, cls: str, file_uri: str) -> dict[str, Any]:
        """Add an image (a ``storage://`` URI) to a class."""
        return self._send("POST", f"/datasets/{seg(ds)}/classes/{seg(cls)}/images/",
                          json_body={"file_uri": file_uri})

    def delete_image(self, ds: str, cls: str, img: str) -> dict[str, Any] | None:
        """Delete an image of a class."""
        return self._send("DELETE", f"/datasets/{seg(ds)}/classes/{seg(cls)}/images/{seg(img)}/")

    # -- trainings ----------------------------------------------------------------------
    def training(self, id: str) -> dict[str, Any]:
        """One training object (state, progress, output model)."""
        return self._object(f"/trainings/{seg(id)}/")

    def create_training(self, source_dataset_id: str, output_model_name: str, *,
                        output_model_description: str | None = None,
                        output_model_changelog: str | None = None,
                        config: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Train a custom model on a dataset; returns the training (state ``waiting``)."""
        body = {"source_dataset_id": source_dataset_id, "output_model_name": output_model_name,
                "output_model_description": output_model_description,
                "output_model_changelog": output_model_changelog, "config": dict(config or {})}
        return self._send("POST", "/trainings/",
                          json_body={k: v for k, v in body.items() if v is not None})

    def wait_for_training(self, id: str, timeout: float = 3600.0, poll: float = 5.0, *,
                          max_poll: float = 60.0, progress: bool | None = None) -> dict[str, Any]:
        """Poll a training until it ends.

        See :meth:`~deepva_frames.client.jobs.JobsAPI.wait_for_job`.
        """
        return wait_until_done(self, "training", id, timeout=timeout, poll=poll,
                               max_poll=max_poll, progress=progress)

    # -- storage ------------------------------------------------------------------------
    def storage(self, folder: str = "/", limit: int | None = None, *,
                errors: ErrorMode = "warn") -> pd.DataFrame:
        """The storage objects in ``folder``."""
        return self._listing("storage", "/storage/", {"folder": folder}, limit, folder=folder,
                             errors=errors)

    def storage_object(self, id: Any) -> dict[str, Any]:
        """One storage object (url, size, name, type)."""
        return self._object(f"/storage/{seg(id)}/")

    def download_storage(self, id: Any, dest: PathLike | None = None, *,
                         thumbnail: bool = False, progress: bool | None = None) -> Path:
        """Download a storage file (or its thumbnail); returns the written path."""
        kind = "thumbnail" if thumbnail else "file"
        return self._download(f"/storage/{seg(id)}/{kind}/", dest, f"storage-{id}-{kind}",
                              progress)

    def upload(self, path: PathLike, folder: str = "/") -> dict[str, Any]:
        """Upload a local file to the storage ``folder``; returns the storage object."""
        spec = upload_spec(path)
        return self._send("POST", "/storage/", form={"folder": folder or "/"},
                          files={"file": spec})

    def delete_storage(self, id: Any) -> dict[str, Any] | None:
        """Delete a storage object."""
        return self._send("DELETE", f"/storage/{seg(id)}/")

    # -- dictionaries -------------------------------------------------------------------
    def dictionaries(self, limit: int | None = None, *, errors: ErrorMode = "warn") -> pd.DataFrame:
        """All dictionaries."""
        return self._listing("dictionaries", "/dictionaries/", None, limit, errors=errors)

    def dictionary(self, id: str) -> dict[str, Any]:
        """One dictionary object."""
        return self._object(f"/dictionaries/{seg(id)}/")

    def download_dictionary(self, id: str, dest: PathLike | None = None, *,
                            progress: bool | None = None) -> Path:
        """Download a dictionary's file; returns the written path."""
        return self._download(f"/dictionaries/{seg(id)}/file", dest, f"dictionary-{id}.txt",
                              progress)

    def upload_dictionary(self, path: PathLike, name: str, language: str | None = None,
                          content_type: str = "text/plain") -> dict[str, Any]:
        """Upload a text file as a dictionary."""
        if not name:
            raise ValueError("a dictionary needs a name")
        spec = upload_spec(path, content_type)
        form = {"name": name} | ({"language": language} if language else {})
        return self._send("POST", "/dictionaries/", form=form, files={"file": spec})

    def delete_dictionary(self, id: str) -> dict[str, Any] | None:
        """Delete a dictionary."""
        return self._send("DELETE", f"/dictionaries/{seg(id)}/")

    # -- exports (the API's own; Parquet files come from Client.export) -----------------
    def exports(self, limit: int | None = None, *, errors: ErrorMode = "warn") -> pd.DataFrame:
        """All exports of the account."""
        return self._listing("exports", "/exports/", None, limit, errors=errors)

    def export_info(self, id: str) -> dict[str, Any]:
        """One export object (strategy, state, progress, config).

        Named ``export_info`` because ``export`` writes Parquet files.
        """
        return self._object(f"/exports/{seg(id)}/")

    def create_export(self, strategy: str, config: Mapping[str, Any]) -> dict[str, Any]:
        """Trigger an export (e.g. ``basic_dataset_export`` with ``{"dataset_id": ...}``)."""
        if not strategy:
            raise ValueError("an export needs a strategy")
        return self._send("POST", "/exports/",
                          json_body={"strategy": strategy, "config": dict(config)})

    def wait_for_export(self, id: str, timeout: float = 3600.0, poll: float = 2.0, *,
                        max_poll: float = 30.0, progress: bool | None = None) -> dict[str, Any]:
        """Poll an export until it ends.

        See :meth:`~deepva_frames.client.jobs.JobsAPI.wait_for_job`.
        """
        return wait_until_done(self, "export", id, timeout=timeout, poll=poll,
                               max_poll=max_poll, progress=progress)
