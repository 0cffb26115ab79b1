"""Storage objects, dictionaries, exports and artifacts.

>>> storage({"id": 123579, "name": "mm", "storage_type": "IMAGE",
...          "uploaded_at": "2023-03-10T18:14:56.623460Z"}, folder="/").loc[0, "storage_id"]
'123579'
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa

from ..schemas import to_pandas
from ._records import Spec, collect_spec

__all__ = ["artifacts", "artifacts_arrow", "dictionaries", "dictionaries_arrow", "exports",
           "exports_arrow", "storage", "storage_arrow"]

STORAGE = Spec("storage", {
    "storage_id": ("id",), "name": ("name",), "url": ("url",), "file_size": ("file_size",),
    "storage_type": ("storage_type",), "uploaded": ("uploaded",),
    "upload_failed": ("upload_failed",), "uploaded_at": ("uploaded_at",),
}, required=("storage_id",), context=("folder",))

DICTIONARIES = Spec("dictionaries", {
    "dictionary_id": ("id",), "name": ("name",), "type": ("type",), "language": ("language",),
    "time_created": ("time_created",), "is_public": ("is_public",),
}, required=("dictionary_id",))

EXPORTS = Spec("exports", {
    "export_id": ("id",), "strategy": ("strategy",), "state": ("state",),
    "progress": ("progress",), "time_created": ("time_created",),
    "time_completed": ("time_completed",), "error_msg": ("error_msg",),
    "dataset_id": ("config", "dataset_id"),
}, required=("export_id",))

ARTIFACTS = Spec("artifacts", {
    "artifact_id": ("id",), "filename": ("filename",), "mime_type": ("mime_type",),
    "time_created": ("time_created",), "time_expiration": ("time_expiration",),
}, required=("artifact_id",), context=("job_id", "export_id"))


def storage_arrow(payload: Any, *, folder: str | None = None) -> pa.Table:
    """The storage table as Arrow (see :func:`storage`).

    >>> storage_arrow([]).num_rows
    0
    """
    return collect_spec(STORAGE, payload, {"folder": folder})


def storage(payload: Any, *, folder: str | None = None) -> pd.DataFrame:
    """One row per storage object (file or folder); ``folder`` is the folder listed.

    Ids are ints in the API and strings here.

    >>> df = storage({"total": 1, "offset": 0, "data": [{"id": 1, "name": "f",
    ...               "url": None, "file_size": None, "storage_type": "FOLDER"}]})
    >>> df.loc[0, ["storage_id", "storage_type"]].tolist()
    ['1', 'FOLDER']
    """
    return to_pandas(storage_arrow(payload, folder=folder))


def dictionaries_arrow(payload: Any) -> pa.Table:
    """The dictionaries table as Arrow (see :func:`dictionaries`).

    >>> dictionaries_arrow([]).column_names[:3]
    ['dictionary_id', 'name', 'type']
    """
    return collect_spec(DICTIONARIES, payload, {})


def dictionaries(payload: Any) -> pd.DataFrame:
    """One row per dictionary.

    >>> dictionaries({"id": "d", "name": "A", "type": "map", "language": "german",
    ...               "time_created": "2023-06-02T10:19:46.020876Z"}).loc[0, "language"]
    'german'
    """
    return to_pandas(dictionaries_arrow(payload))


def exports_arrow(payload: Any) -> pa.Table:
    """The exports table as Arrow (see :func:`exports`).

    >>> exports_arrow([]).num_rows
    0
    """
    return collect_spec(EXPORTS, payload, {})


def exports(payload: Any) -> pd.DataFrame:
    """One row per export; ``dataset_id`` comes from ``config`` (its other keys in extra).

    >>> exports({"id": "e", "strategy": "basic_dataset_export", "state": "waiting",
    ...          "config": {"dataset_id": "ds"}}).loc[0, ["export_id", "dataset_id"]].tolist()
    ['e', 'ds']
    """
    return to_pandas(exports_arrow(payload))


def artifacts_arrow(payload: Any, *, job_id: str | None = None,
                    export_id: str | None = None) -> pa.Table:
    """The artifacts table as Arrow (see :func:`artifacts`).

    >>> artifacts_arrow([], job_id="j").num_rows
    0
    """
    return collect_spec(ARTIFACTS, payload, {"job_id": job_id, "export_id": export_id})


def artifacts(payload: Any, *, job_id: str | None = None,
              export_id: str | None = None) -> pd.DataFrame:
    """One row per artifact of a job (``job_id``) or an export (``export_id``).

    >>> df = artifacts([{"id": "a", "filename": "x.png", "mime_type": None}], job_id="j")
    >>> df.loc[0, ["artifact_id", "job_id"]].tolist(), bool(df["export_id"].isna().all())
    (['a', 'j'], True)
    """
    return to_pandas(artifacts_arrow(payload, job_id=job_id, export_id=export_id))
