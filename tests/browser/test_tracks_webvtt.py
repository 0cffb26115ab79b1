"""WebVTT tracks play in Chromium: a ``<track>`` on the sample video names who is on screen.

The sample video is transcoded to a small VP8 WebM in the test (its mp4v does not play
in browsers; same frames and times, fewer pixels); the cues come from
:func:`deepva_frames.tracks.write_track`; what is expected on each frame is read straight
off the segments table.
"""

from __future__ import annotations

import itertools
import math
import subprocess

import pytest

from deepva_frames import tracks
from deepva_frames.client import sample_client
from deepva_frames.sample import sample_video_path

NEWSROOM_JOB = "59f723cb-c457-5276-9089-caf1c7747fe3"

PAGE = """<!doctype html><meta charset="utf-8"><title>tracks</title>
<video id="v" src="newsroom.webm" muted preload="auto" width="640" height="360">
  <track id="t" kind="subtitles" srclang="en" label="Who is on screen"
         src="{vtt}" default>
</video>"""

# Seek, then report the cues the browser holds active at that time.
ACTIVE_AT_JS = """async (t) => {
  const v = document.getElementById("v");
  const track = v.textTracks[0];
  track.mode = "hidden";
  if (v.readyState < 1) await new Promise(r => v.addEventListener("loadedmetadata", r,
                                                                   {once: true}));
  const seeked = new Promise(r => v.addEventListener("seeked", r, {once: true}));
  v.currentTime = t;
  await seeked;
  await new Promise(r => requestAnimationFrame(() => setTimeout(r, 50)));
  return {time: v.currentTime, loaded: document.getElementById("t").readyState,
          cues: Array.from(track.activeCues || []).map(c => c.text),
          shown: Array.from(track.activeCues || []).map(c => c.getCueAsHTML().textContent)};
}"""


def _expected_by_frame(segments) -> list[frozenset[str]]:
    faces = segments[segments["module"].astype(str) == "face_recognition"]
    end = int(faces["frame_end"].max())
    sets: list[set[str]] = [set() for _ in range(end + 1)]
    for row in faces.itertuples(index=False):
        name = row.person if row.person != "unknown" else f"? {row.closest_person}"
        for n in range(int(row.frame_start), int(row.frame_end)):
            sets[n].add(name)
    return [frozenset(s) for s in sets]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    import imageio_ffmpeg

    folder = tmp_path_factory.mktemp("vtt-site")
    subprocess.run([imageio_ffmpeg.get_ffmpeg_exe(), "-v", "error", "-i",
                    str(sample_video_path()), "-vf", "scale=160:90", "-c:v", "libvpx",
                    "-deadline", "realtime", "-cpu-used", "8", "-an",
                    str(folder / "newsroom.webm")], check=True)   # small: cues need no pixels
    client = sample_client()
    results, media = client.detailed_results(NEWSROOM_JOB), client.media([NEWSROOM_JOB])
    tracks.write_track(results, folder / "newsroom.vtt", media=media)
    (folder / "index.html").write_text(PAGE.format(vtt="newsroom.vtt"), encoding="utf-8")
    odd = results.segments.iloc[:1].assign(person="Tom & <Jerry> --> Co", frame_start=0,
                                           frame_end=50)
    tracks.write_track((odd, results.detections.iloc[:0]), folder / "odd.vtt", media=media)
    (folder / "odd.html").write_text(PAGE.format(vtt="odd.vtt"), encoding="utf-8")
    return folder, results, float(media["fps"].iloc[0])


def test_active_cue_names_who_is_on_screen(page, static_server, site):
    folder, results, fps = site
    expected = _expected_by_frame(results.segments)
    server = static_server(folder)
    page.goto(server.url("index.html"))
    # the first, middle and last frame of every stretch with the same people on screen
    last = len(expected) - 1                       # the frame after the last one shown
    changes = [n for n in range(1, last) if expected[n] != expected[n - 1]]
    bounds = [0, *changes, last]
    probes = sorted({n for a, b in itertools.pairwise(bounds)
                     for n in (a, (a + b) // 2, b - 1)})
    for frame in probes:
        state = page.evaluate(ACTIVE_AT_JS, (frame + 0.5) / fps)
        assert state["loaded"] == 2, state                # the track loaded
        shown = math.floor(state["time"] * fps + 1e-6)
        lines = {line for cue in state["cues"] for line in cue.split("\n")}
        assert lines == set(expected[shown]), (frame, state)
        assert len(state["cues"]) <= 1
    assert len(probes) >= 15
    assert not page.console_errors


def test_names_with_markup_characters_show_as_written(page, static_server, site):
    folder, _, fps = site
    page.goto(static_server(folder).url("odd.html"))
    state = page.evaluate(ACTIVE_AT_JS, 10.5 / fps)
    assert state["loaded"] == 2 and state["shown"] == ["Tom & <Jerry> --> Co"], state
