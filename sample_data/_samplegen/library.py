"""Storage, face datasets, dictionaries, exports and artifacts of the sample account."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from .cast import PEOPLE, PERSON
from .common import storage_url, ts_space, ts_zulu, uid, when
from .jobs import FAILED_FILE, IMAGE_FILE, VIDEO_JOBS

DATASET_MAIN = "Evening News Faces"
DATASET_SMALL = "Weather Presenters"
IMAGES_PER_CLASS = {"mara": 4, "tobias": 3, "amara": 2, "henrik": 3, "lucia": 4, "jonas": 2}


@dataclass(frozen=True)
class Upload:
    id: int
    name: str
    kind: str               # VIDEO, IMAGE or FOLDER
    size: int | None
    uploaded_at: str

    def record(self) -> dict[str, Any]:
        return {"id": self.id, "url": None if self.kind == "FOLDER" else storage_url(self.name),
                "file_size": self.size, "name": self.name, "uploaded": True,
                "upload_failed": False, "storage_type": self.kind,
                "uploaded_at": self.uploaded_at}


def dataset_id(name: str) -> str:
    return uid("dataset", name)


def face_folder() -> str:
    """The storage folder of the main dataset's images, named like the API names it."""
    return f"/{DATASET_MAIN}[{dataset_id(DATASET_MAIN)[:8]}]/"


def _image_name(person_key: str, index: int) -> str:
    return f"{person_key}_{index + 1}.jpg"


def storage_root() -> list[Upload]:
    """The root folder: the jobs' media, then the dataset folder."""
    rng = random.Random("storage-root")
    uploads = []
    for number, job in enumerate(VIDEO_JOBS):
        seconds = job.total_frames / job.fps
        rate = 26_000 if job.key == "newsroom" else {720: 310_000, 1080: 640_000}[job.size[1]]
        moment = when(job.created, -180 - 60 * number, "upload")
        uploads.append(Upload(48201 + number, job.file_name, "VIDEO",
                              int(seconds * rate) + rng.randrange(4096), ts_zulu(moment)))
    uploads.append(Upload(48206, IMAGE_FILE, "IMAGE", 412_318,
                          ts_zulu(when("2026-10-06 09:10:44", 0, "upload"))))
    uploads.append(Upload(48207, FAILED_FILE, "VIDEO", 18_204_177,
                          ts_zulu(when("2026-10-06 09:18:02", 0, "upload"))))
    uploads.append(Upload(48200, face_folder(), "FOLDER", None,
                          ts_zulu(when("2026-09-14 10:01:12", 0, "folder"))))
    return uploads


def storage_faces() -> list[Upload]:
    """The dataset folder: one image file per dataset image."""
    rng = random.Random("storage-faces")
    uploads, number = [], 0
    for person in PEOPLE:
        for index in range(IMAGES_PER_CLASS[person.key]):
            moment = when("2026-09-14 10:01:12", 5 + 2 * number, "face", number)
            uploads.append(Upload(48301 + number, _image_name(person.key, index), "IMAGE",
                                  rng.randrange(38_000, 96_000), ts_zulu(moment)))
            number += 1
    return uploads


# -- datasets -----------------------------------------------------------------
def _clusters(count: int) -> list[str]:
    return {2: ["cluster_main"] * 2, 3: ["cluster_main"] * 2 + ["cluster_1"],
            4: ["cluster_main"] * 3 + ["outlier"]}[count]


def _face_attributes(rng: random.Random, male: bool) -> dict[str, Any]:
    smile = rng.random() < 0.4
    return {"emotion": "Happy" if smile else rng.choice(["Calm", "Calm", "Surprised"]),
            "smile": smile, "eyeglasses": rng.random() < 0.25, "sunglasses": False,
            "eyesopen": rng.random() < 0.9, "mouthopen": rng.random() < 0.3,
            "beard": male and rng.random() < 0.4, "mustache": male and rng.random() < 0.2,
            "roll": round(rng.uniform(-12, 12), 2), "yaw": round(rng.uniform(-35, 35), 2),
            "pitch": round(rng.uniform(-10, 10), 2)}


@dataclass
class FaceClass:
    person_key: str
    record: dict[str, Any]
    images: list[dict[str, Any]]

    def clusters(self) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = {}
        for image in self.images:
            out.setdefault(image["evaluation_result"]["face_clustering"], []).append(image)
        return out


@dataclass
class Dataset:
    record: dict[str, Any]
    classes: list[FaceClass]


def _dataset(name: str, description: str, members: dict[str, int], created: str) -> Dataset:
    ds_id = dataset_id(name)
    rng = random.Random(f"dataset/{name}")
    classes = []
    for order, (key, count) in enumerate(members.items()):
        person = PERSON[key]
        made = when(created, 60 * (order + 1), name, key)
        images = []
        for index, cluster in enumerate(_clusters(count)):
            stamp = ts_space(made + timedelta(seconds=20 * (index + 1)))
            images.append({
                "id": uid("image", name, key, index), "file_uri": storage_url(
                    _image_name(key, index)), "time_created": stamp, "time_updated": stamp,
                "active": True, "notes": "", "is_auto_generated": False,
                "evaluation_result": {"face_attributes": _face_attributes(
                    rng, person.gender == "male"), "face_clustering": cluster}})
        preview = {**{k: v for k, v in images[0].items() if k != "evaluation_result"},
                   "issue": -1, "evaluation_result": images[0]["evaluation_result"]}
        record = {"id": uid("class", name, key), "reference": uid("class-reference", key),
                  "label": person.name, "preview_image": preview, "time_created": ts_space(made),
                  "time_updated": images[-1]["time_updated"], "issues": [],
                  "number_of_images": count, "active": True, "notes": "",
                  "expiration_date": None, "custom_fields": [], "level": -1,
                  "evaluation_result": {}}
        classes.append(FaceClass(key, record, images))
    genders: dict[str, int] = {}
    for face_class in classes:
        gender = PERSON[face_class.person_key].gender
        genders[gender] = genders.get(gender, 0) + 1
    n_images = sum(len(c.images) for c in classes)
    record = {"id": ds_id, "name": name, "description": description, "type": "face",
              "time_created": ts_space(when(created, 0, name)),
              "time_updated": max(c.record["time_updated"] for c in classes),
              "number_of_classes": len(classes), "number_of_active_classes": len(classes),
              "number_of_images": n_images, "number_of_active_images": n_images,
              "preview_images": [c.images[0]["file_uri"] for c in classes[:3]],
              "evaluation_result": {"gender_statistics": genders}}
    return Dataset(record, classes)


def datasets() -> list[Dataset]:
    main = _dataset(DATASET_MAIN, "Faces of the presenters and guests of the evening news",
                    IMAGES_PER_CLASS, "2026-09-14 10:02:31")
    small = _dataset(DATASET_SMALL, "Weather presenters (images shared with the main set)",
                     {"amara": 2}, "2026-09-21 15:40:09")
    return [main, small]


# -- dictionaries, exports, artifacts -----------------------------------------
def dictionaries() -> list[tuple[dict[str, Any], bytes, str, str]]:
    """(record, file bytes, content type, file name) of each dictionary."""
    specs = [
        ("Newsroom names", "simple", "english", "2026-09-02 11:20:05",
         "".join(f"{p.name}\n" for p in PEOPLE), "text/plain; charset=utf-8", "names.txt"),
        ("Ortsnamen", "map", "german", "2026-09-03 09:47:38",
         "alias,name\nHafenstadt,Hamburg\nGöteborg,Gothenburg\nPorto Cidade,Porto\n",
         "text/csv; charset=utf-8", "ortsnamen.csv"),
        ("Sports clubs", "simple", "any", "2026-09-08 16:05:12",
         "FC Hafenstadt\nSV Nordlicht 1911\n", "text/plain; charset=utf-8", "clubs.txt"),
    ]
    return [({"id": uid("dictionary", name), "name": name, "type": kind, "language": language,
              "time_created": ts_zulu(when(created, 0, name)), "is_public": False},
             text.encode("utf-8"), ctype, filename)
            for name, kind, language, created, text, ctype, filename in specs]


def artifact(owner: str, filename: str, mime: str | None, created: str) -> dict[str, Any]:
    moment = when(created, 1, owner, filename)       # a second after its owner finished
    return {"id": uid("artifact", owner, filename), "time_created": ts_zulu(moment),
            "time_expiration": ts_zulu(moment + timedelta(days=7, microseconds=-371)),
            "filename": filename, "mime_type": mime}


def exports() -> list[tuple[dict[str, Any], list[dict[str, Any]], bytes | None]]:
    """(export, its artifacts, the bytes of its log file or None) of each export."""
    out = []
    specs = [("e1", DATASET_MAIN, "2026-10-01 14:10:27", "completed", 1.0, None),
             ("e2", DATASET_SMALL, "2026-10-02 09:31:55", "failed", 0.4,
              "Export aborted: 1 image could not be read from storage")]
    for key, dataset, created, state, progress, error in specs:
        start = when(created, 0, key)
        finished = start + timedelta(seconds=3.2 if state == "completed" else 1.4)
        export_id = uid("export", key)
        record = {"id": export_id, "strategy": "basic_dataset_export",
                  "time_created": ts_zulu(start), "time_completed": ts_zulu(finished),
                  "state": state, "progress": progress, "error_msg": error,
                  "config": {"dataset_id": dataset_id(dataset)}}
        stamp = finished.strftime("%m-%d-%Y-%H-%M-%S")
        log_name = f"log-{stamp}.txt"
        done = ts_space(finished)[:19]
        arts = [artifact(export_id, log_name, "text/plain", done)]
        if state == "completed":
            arts.insert(0, artifact(export_id, f"export_{dataset_id(dataset)[:8]}.zip",
                                    "application/zip", done))
        log = None
        if key == "e1":
            log = (f"{ts_zulu(start)} export {export_id} started (basic_dataset_export)\n"
                   f"{ts_zulu(start)} dataset {dataset}: {len(IMAGES_PER_CLASS)} classes, "
                   f"{sum(IMAGES_PER_CLASS.values())} images\n"
                   f"{ts_zulu(finished)} packed {sum(IMAGES_PER_CLASS.values())} images into "
                   f"export_"
                   f"{dataset_id(dataset)[:8]}.zip\n"
                   f"{ts_zulu(finished)} export completed\n").encode()
        out.append((record, arts, log))
    return out


def job_artifacts(job_key: str, job_id: str, completed: str) -> list[dict[str, Any]]:
    moment = completed[:19]
    return [artifact(job_id, f"{uid('thumbnail', job_key)}.png", None, moment),
            artifact(job_id, "face_timeline.csv", "text/csv", moment)]


def face_timeline_csv(segments: list[dict[str, Any]]) -> bytes:
    """The newsroom job's face timeline artifact: one CSV row per face segment."""
    rows = ["person,closest_person,frame_start,frame_end,tc_start,tc_end"]
    for seg in segments:
        if seg["module"] == "face_recognition":
            meta = seg["meta"]
            rows.append(f"{meta['person']},{meta.get('closest_person', '')},"
                        f"{seg['frame_start']},{seg['frame_end']},{seg['tc_start']},"
                        f"{seg['tc_end']}")
    return ("\n".join(rows) + "\n").encode("utf-8")
