"""Client writes: jobs, batches, reports, exports, uploads, imports, trainings, datasets.

A POST is never retried once the request may have reached the server (only a connection
that failed before sending is retried); DELETE is idempotent and retried like a GET.
Arguments are validated before any request is made.
"""

from __future__ import annotations

import mimetypes
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from .session import ClientCore
from .jobs import seg

__all__ = ["WritesMixin"]

PathLike = str | os.PathLike[str]


def _file(path: PathLike, content_type: str | None = None) -> tuple[str, Path, str | None]:
    """(name, path, content type) of a local file to upload; FileNotFoundError when absent."""
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"no such file: {p}")
    return p.name, p, content_type or mimetypes.guess_type(p.name)[0]


def _modules(modules: Mapping[str, Any] | Iterable[str]) -> dict[str, Any]:
    """Modules as the API wants them: {name: config}; a list of names gets empty configs.

    >>> _modules(["face_recognition"])
    {'face_recognition': {}}
    """
    if isinstance(modules, Mapping):
        out = {str(k): dict(v or {}) for k, v in modules.items()}
    elif isinstance(modules, str):
        out = {modules: {}}
    else:
        out = {str(name): {} for name in modules}
    if not out:
        raise ValueError("a job needs at least one module")
    return out


class WritesMixin(ClientCore):
    """POST and DELETE endpoints."""

    # -- jobs ---------------------------------------------------------------------------------
    def create_job(self, sources: str | Iterable[str], modules: Mapping[str, Any] | Iterable[str],
                   tag: str | None = None) -> dict[str, Any]:
        """Start a Visual Mining job; returns the created job (state ``waiting``).

        >>> job = c.create_job("https://demo.deepva.com/demo1.jpg",       # doctest: +SKIP
        ...                    {"object_scene_recognition": {"model": "general"}})
        >>> c.wait_for_job(job["id"])["state"]                            # doctest: +SKIP
        'completed'
        """
        source_list = [sources] if isinstance(sources, str) else [str(s) for s in sources]
        if not source_list:
            raise ValueError("a job needs at least one source")
        body: dict[str, Any] = {"sources": source_list, "modules": _modules(modules)}
        if tag is not None:
            body["tag"] = tag
        return self._send("POST", "/jobs/", json_body=body)

    def delete_job(self, id: str) -> Any:
        """Delete (and abort) a job."""
        return self._send("DELETE", f"/jobs/{seg(id)}/")

    # -- batches and reports -----------------------------------------------------------------
    def create_batch(self, name: str, description: str | None = None,
                     parent: str | None = None) -> dict[str, Any]:
        """Create a batch, optionally below a ``parent`` batch id."""
        if not name:
            raise ValueError("a batch needs a name")
        body = {"name": name, "description": description, "parent": parent}
        return self._send("POST", "/batches/",
                          json_body={k: v for k, v in body.items() if v is not None})

    def batch_from_files(self, files: PathLike | Iterable[PathLike], parent_id: str | None = None,
                         parent_name: str | None = None) -> list[dict[str, Any]]:
        """Create batches from source files (e.g. CSV); at most one of parent_id/parent_name.

        Raises ValueError for both parents and FileNotFoundError for a missing file, before
        any request.
        """
        if parent_id is not None and parent_name is not None:
            raise ValueError("pass parent_id or parent_name, not both")
        paths = [files] if isinstance(files, str | os.PathLike) else list(files)
        if not paths:
            raise ValueError("batch_from_files needs at least one file")
        specs = [_file(p) for p in paths]
        form = {k: v for k, v in {"parent_id": parent_id, "parent_name": parent_name}.items()
                if v is not None}
        return self._send("POST", "/batches/files/", form=form, files={"files": specs})

    def delete_batch(self, id: str) -> Any:
        """Delete a batch, its sub-batches, and abort its jobs."""
        return self._send("DELETE", f"/batches/{seg(id)}/")

    def create_report(self, batch_id: str) -> dict[str, Any]:
        """Start a (diversity) report on a batch; returns the report (state ``waiting``)."""
        return self._send("POST", f"/batches/{seg(batch_id)}/report/")

    def delete_report(self, id: str) -> Any:
        """Delete a report."""
        return self._send("DELETE", f"/reports/{seg(id)}/")

    # -- exports, storage, dictionaries ------------------------------------------------------
    def create_export(self, strategy: str, config: Mapping[str, Any]) -> dict[str, Any]:
        """Trigger an export (e.g. ``basic_dataset_export`` with ``{"dataset_id": ...}``)."""
        if not strategy:
            raise ValueError("an export needs a strategy")
        return self._send("POST", "/exports/",
                          json_body={"strategy": strategy, "config": dict(config)})

    def upload(self, path: PathLike, folder: str = "/") -> dict[str, Any]:
        """Upload a local file to the storage ``folder``; returns the storage object."""
        spec = _file(path)
        return self._send("POST", "/storage/", form={"folder": folder or "/"},
                          files={"file": spec})

    def delete_storage(self, id: Any) -> Any:
        """Delete a storage object."""
        return self._send("DELETE", f"/storage/{seg(id)}/")

    def upload_dictionary(self, path: PathLike, name: str, language: str | None = None,
                          content_type: str = "text/plain") -> dict[str, Any]:
        """Upload a text file as a dictionary."""
        if not name:
            raise ValueError("a dictionary needs a name")
        spec = _file(path, content_type)
        form = {"name": name} | ({"language": language} if language else {})
        return self._send("POST", "/dictionaries/", form=form, files={"file": spec})

    def delete_dictionary(self, id: str) -> Any:
        """Delete a dictionary."""
        return self._send("DELETE", f"/dictionaries/{seg(id)}/")

    # -- knowledge graph and trainings -------------------------------------------------------
    def kg_import(self, format: str, payload: Mapping[str, Any]) -> dict[str, Any]:
        """Import data into the knowledge graph (e.g. format ``broadcast``); returns its status.

        Follow it with :meth:`import_status` or :meth:`wait_for_import`.
        """
        return self._send("POST", f"/knowledge-graph/import/{seg(format)}",
                          json_body=dict(payload))

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

    # -- datasets -----------------------------------------------------------------------------
    def create_dataset(self, name: str, description: str | None = None,
                       type: str = "face") -> dict[str, Any]:
        """Create a dataset."""
        body = {"name": name, "description": description, "type": type}
        return self._send("POST", "/datasets/",
                          json_body={k: v for k, v in body.items() if v is not None})

    def delete_dataset(self, id: str) -> Any:
        """Delete a dataset."""
        return self._send("DELETE", f"/datasets/{seg(id)}/")

    def create_class(self, ds: str, label: str) -> dict[str, Any]:
        """Add a class to a dataset."""
        return self._send("POST", f"/datasets/{seg(ds)}/classes/", json_body={"label": label})

    def delete_class(self, ds: str, cls: str) -> Any:
        """Delete a class of a dataset."""
        return self._send("DELETE", f"/datasets/{seg(ds)}/classes/{seg(cls)}/")

    def add_image(self, ds: str, cls: str, file_uri: str) -> dict[str, Any]:
        """Add an image (a ``storage://`` URI) to a class."""
        return self._send("POST", f"/datasets/{seg(ds)}/classes/{seg(cls)}/images/",
                          json_body={"file_uri": file_uri})

    def delete_image(self, ds: str, cls: str, img: str) -> Any:
        """Delete an image of a class."""
        return self._send("DELETE", f"/datasets/{seg(ds)}/classes/{seg(cls)}/images/{seg(img)}/")
