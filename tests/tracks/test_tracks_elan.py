"""ELAN: every job's .eaf re-read by pympi, tiers and intervals checked frame by frame."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET

import pympi
from tracks_helpers import expected_label, faces_of, frames_of_media, labels_per_frame, runs

from deepva_frames import tracks
from deepva_frames.sample import sample_video_path


def _ms(frame: int, fps: float) -> int:
    return math.floor(frame * 1000 / fps + 1e-6)


def _expected_tiers(segments, fps: float) -> dict[str, list[tuple[int, int, str]]]:
    """Tier -> annotations, from per-frame membership (persons, then gender/age groups)."""
    faces = faces_of(segments)
    per_frame = labels_per_frame(faces)
    names = {expected_label(r.person, r.closest_person) for r in faces.itertuples()}
    tiers = {name: [(_ms(a, fps), _ms(b, fps), name)
                    for a, b in runs([name in s for s in per_frame])] for name in names}
    for column in ("gender", "age"):
        rows = segments[segments[column].notna()]
        for value in set(rows[column].astype(str)):
            mine = rows[rows[column].astype(str) == value]
            covered = labels_per_frame(mine, label_of=lambda _row: "x")
            tiers[f"{column}: {value}"] = [(_ms(a, fps), _ms(b, fps), value)
                                           for a, b in runs([bool(s) for s in covered])]
    return tiers


def test_every_video_job_reads_back_with_pympi(job_data, tracks_dir):
    for job, (results, media) in job_data.items():
        path = tracks.write_track(results, tracks_dir / f"{job}.eaf", media=media,
                                  media_url=sample_video_path())
        doc = pympi.Elan.Eaf(str(path))            # the independent reader
        fps = frames_of_media(media)[0]
        expected = _expected_tiers(results.segments, fps)
        assert set(doc.get_tier_names()) == set(expected), job
        for tier, wanted in expected.items():
            assert sorted(doc.get_annotation_data_for_tier(tier)) == wanted, (job, tier)
        linked = doc.get_linked_files()
        assert linked[0]["MEDIA_URL"] == sample_video_path().absolute().as_uri()
        assert linked[0]["RELATIVE_MEDIA_URL"] == sample_video_path().name
        assert linked[0]["MIME_TYPE"] == "video/mp4"


def test_tiers_hold_intervals_only(job_data, tracks_dir):
    results, media = next(iter(job_data.values()))
    root = ET.fromstring(tracks.eaf(results, media))
    assert root.tag == "ANNOTATION_DOCUMENT"
    assert root.findall(".//REF_ANNOTATION") == []
    values = {v.text for v in root.iter("ANNOTATION_VALUE")}
    tiers = {t.get("TIER_ID") for t in root.iter("TIER")}
    assert values <= tiers | {t.split(": ", 1)[-1] for t in tiers}
    types = {t.get("LINGUISTIC_TYPE_REF") for t in root.iter("TIER")}
    assert types == {"person", "diversity group"}


def test_groups_can_be_left_out_and_the_source_is_linked_by_default(job_data):
    results, media = next(iter(job_data.values()))
    root = ET.fromstring(tracks.eaf(results, media, groups=False))
    assert all(":" not in t.get("TIER_ID") for t in root.iter("TIER"))
    source = media["source"].iloc[0]
    assert root.find(".//MEDIA_DESCRIPTOR").get("MEDIA_URL") == source
