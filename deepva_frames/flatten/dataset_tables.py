"""Datasets, classes, images (also cluster images), clusters and trainings.

>>> img = {"id": "i", "evaluation_result": {"face_attributes": {"emotion": "Calm",
...        "yaw": 25.30}, "face_clustering": "cluster_main"}}
>>> df = images(img, dataset_id="d", class_id="c")
>>> df[["emotion", "yaw", "face_clustering"]].to_dict("records")
[{'emotion': 'Calm', 'yaw': 25.3, 'face_clustering': 'cluster_main'}]
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pyarrow as pa

from ..schemas import to_pandas
from ._records import Spec, collect_spec

__all__ = ["classes", "classes_arrow", "clusters", "clusters_arrow", "datasets",
           "datasets_arrow", "images", "images_arrow", "trainings", "trainings_arrow"]

_COUNTS = ("number_of_classes", "number_of_active_classes", "number_of_images",
           "number_of_active_images")
FACE_ATTRIBUTES = ("emotion", "smile", "eyeglasses", "sunglasses", "eyesopen", "mouthopen",
                   "beard", "mustache", "roll", "yaw", "pitch")

DATASETS = Spec("datasets", {
    "dataset_id": ("id",), "name": ("name",), "description": ("description",),
    "type": ("type",), "time_created": ("time_created",), "time_updated": ("time_updated",),
    **{count: (count,) for count in _COUNTS}, "preview_images": ("preview_images",),
}, required=("dataset_id",))

CLASSES = Spec("classes", {
    "class_id": ("id",), "reference": ("reference",), "label": ("label",),
    "preview_image_id": ("preview_image", "id"),
    "preview_image_uri": ("preview_image", "file_uri"),
    "time_created": ("time_created",), "time_updated": ("time_updated",),
    "expiration_date": ("expiration_date",), "number_of_images": ("number_of_images",),
    "active": ("active",), "notes": ("notes",), "level": ("level",),
}, required=("class_id",), context=("dataset_id",))

IMAGES = Spec("images", {
    "image_id": ("id",), "file_uri": ("file_uri",), "time_created": ("time_created",),
    "time_updated": ("time_updated",), "active": ("active",), "notes": ("notes",),
    "issue": ("issue",), "is_auto_generated": ("is_auto_generated",),
    **{name: ("evaluation_result", "face_attributes", name) for name in FACE_ATTRIBUTES},
    "face_clustering": ("evaluation_result", "face_clustering"),
}, required=("image_id",), context=("dataset_id", "class_id", "cluster_name"))

CLUSTERS = Spec("clusters", {"name": ("name",), "preview_images": ("preview_images",)},
                required=("name",), context=("dataset_id", "class_id"))

TRAININGS = Spec("trainings", {
    "training_id": ("id",), "type": ("type",), "state": ("state",), "progress": ("progress",),
    "duration_s": ("duration",), "error": ("error",), "time_created": ("time_created",),
    "time_started": ("time_started",), "time_completed": ("time_completed",),
    "source_dataset_id": ("source_dataset", "id"),
    "source_dataset_name": ("source_dataset", "name"),
    "output_model_name": ("output_model_name",),
    "output_model_description": ("output_model_description",),
    "output_model_changelog": ("output_model_changelog",),
}, required=("training_id",))


def datasets_arrow(payload: Any) -> pa.Table:
    """The datasets table as Arrow (see :func:`datasets`).

    >>> datasets_arrow([]).num_rows
    0
    """
    return collect_spec(DATASETS, payload, {})


def datasets(payload: Any) -> pd.DataFrame:
    """One row per dataset; ``evaluation_result`` and unknown keys go to extra.

    >>> datasets({"id": "d", "name": "Demo", "number_of_images": 144,
    ...           "preview_images": ["storage://a"]}).loc[0, "number_of_images"]
    np.int64(144)
    """
    return to_pandas(datasets_arrow(payload))


def classes_arrow(payload: Any, *, dataset_id: str | None = None) -> pa.Table:
    """The classes table as Arrow (see :func:`classes`).

    >>> classes_arrow([], dataset_id="d").num_rows
    0
    """
    return collect_spec(CLASSES, payload, {"dataset_id": dataset_id})


def classes(payload: Any, *, dataset_id: str | None = None) -> pd.DataFrame:
    """One row per class of dataset ``dataset_id``; the preview image's id and URI as columns.

    >>> df = classes({"id": "c", "label": "John Doe", "preview_image": {"id": "p",
    ...               "file_uri": "storage://x", "active": True}}, dataset_id="d")
    >>> df.loc[0, ["class_id", "dataset_id", "preview_image_uri"]].tolist()
    ['c', 'd', 'storage://x']
    >>> df.loc[0, "extra"]
    '{"preview_image":{"active":true}}'
    """
    return to_pandas(classes_arrow(payload, dataset_id=dataset_id))


def images_arrow(payload: Any, *, dataset_id: str | None = None, class_id: str | None = None,
                 cluster_name: str | None = None) -> pa.Table:
    """The images table as Arrow (see :func:`images`).

    >>> images_arrow([]).num_rows
    0
    """
    return collect_spec(IMAGES, payload, {"dataset_id": dataset_id, "class_id": class_id,
                                          "cluster_name": cluster_name})


def images(payload: Any, *, dataset_id: str | None = None, class_id: str | None = None,
           cluster_name: str | None = None) -> pd.DataFrame:
    """One row per image; face attributes (emotion ... pitch) and face_clustering as columns.

    Also for the images of a cluster (pass ``cluster_name``, or a page-store folder path).

    >>> images({"id": "i", "file_uri": "storage://x", "checksum": "abc"}
    ...        ).loc[0, ["image_id", "extra"]].tolist()
    ['i', '{"checksum":"abc"}']
    """
    return to_pandas(images_arrow(payload, dataset_id=dataset_id, class_id=class_id,
                                  cluster_name=cluster_name))


def clusters_arrow(payload: Any, *, dataset_id: str | None = None,
                   class_id: str | None = None) -> pa.Table:
    """The clusters table as Arrow (see :func:`clusters`).

    >>> clusters_arrow([]).num_rows
    0
    """
    return collect_spec(CLUSTERS, payload, {"dataset_id": dataset_id, "class_id": class_id})


def clusters(payload: Any, *, dataset_id: str | None = None,
             class_id: str | None = None) -> pd.DataFrame:
    """One row per cluster of a class.

    >>> clusters({"name": "outlier", "preview_images": ["storage://v"]}).loc[0, "name"]
    'outlier'
    """
    return to_pandas(clusters_arrow(payload, dataset_id=dataset_id, class_id=class_id))


def trainings_arrow(payload: Any) -> pa.Table:
    """The trainings table as Arrow (see :func:`trainings`).

    >>> trainings_arrow([]).num_rows
    0
    """
    return collect_spec(TRAININGS, payload, {})


def trainings(payload: Any) -> pd.DataFrame:
    """One row per training; the source dataset's id and name as columns, the rest in extra.

    >>> trainings({"id": "t", "state": "waiting", "duration": 0,
    ...            "source_dataset": {"id": "d", "name": "Test"}}).loc[0, "source_dataset_id"]
    'd'
    """
    return to_pandas(trainings_arrow(payload))
