"""Encoders of the annotated copy: H.264 through PyAV by default, OpenCV for a ``fourcc``.

Browsers, ``IPython.display.Video`` and slide tools play H.264 in MP4 and VP9 in WebM,
not the MPEG-4 Part 2 (``mp4v``) that OpenCV's own writer makes of a ``.mp4``. So:

=====================  ==========================================================
``.mp4 .m4v .mov .mkv``  H.264 (libx264 ``veryfast``, yuv420p, ``+faststart``), PyAV
``.webm``              VP9 (libvpx ``realtime``), PyAV
``.avi``               MJPG, OpenCV
``fourcc="mp4v"`` etc.   that fourcc through OpenCV's writer, as asked
=====================  ==========================================================

PyAV's wheels bundle FFmpeg with libx264 and libvpx. Frames are converted to 4:2:0
with OpenCV (BT.601 limited range, as FFmpeg's default), which frees the GIL so the
conversion overlaps with decoding and drawing. Encoders never print: FFmpeg's log is
off in PyAV, and OpenCV's writer is opened with stderr muted.

>>> import tempfile, pathlib, numpy as np
>>> out = pathlib.Path(tempfile.mkdtemp()) / "clip.mp4"
>>> writer = open_encoder(out, out, fps=25.0, size=(64, 48))
>>> writer.codec
'h264'
>>> for i in range(10):
...     writer.write(np.full((48, 64, 3), 25 * i, np.uint8))
>>> writer.release()
>>> out.stat().st_size > 0
True
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any, Protocol

import cv2
import numpy as np

from .errors import OutputError
from .files import quiet_stderr

__all__ = ["CODEC_BY_SUFFIX", "Encoder", "open_encoder"]

CODEC_BY_SUFFIX = {".mp4": "h264", ".m4v": "h264", ".mov": "h264", ".mkv": "h264",
                   ".webm": "vp9", ".avi": "MJPG"}
PYAV_CODECS = {  # codec -> (FFmpeg encoder, options)
    "h264": ("libx264", {"preset": "veryfast", "crf": "23"}),
    "vp9": ("libvpx-vp9", {"deadline": "realtime", "cpu-used": "8", "row-mt": "1",
                           "crf": "32", "b": "0"}),
}
H264_FOURCCS = {"avc1", "h264", "x264", "H264", "X264", "AVC1"}   # OpenCV's build lacks them
CONTAINER_OPTIONS = {".mp4": {"movflags": "+faststart"}, ".m4v": {"movflags": "+faststart"},
                     ".mov": {"movflags": "+faststart"}}


class Encoder(Protocol):
    """What the render pipeline writes BGR frames into."""

    codec: str

    def write(self, image: np.ndarray) -> None: ...

    def release(self) -> None: ...


class PyAVEncoder:
    """H.264 or VP9 through PyAV; ``write`` BGR frames of the declared size, then
    ``release`` (flushes the encoder and closes the file)."""

    def __init__(self, tmp: Path, out: Path, fps: float, size: tuple[int, int], codec: str):
        import av

        encoder, options = PYAV_CODECS[codec]
        width, height = size
        self.codec, self._out, self._size = codec, out, size
        self._pix_fmt = "yuv420p" if width % 2 == 0 and height % 2 == 0 else "yuv444p"
        try:
            self._container = av.open(str(tmp), "w", options=CONTAINER_OPTIONS.get(
                out.suffix.lower(), {}))
            self._stream = self._container.add_stream(encoder, rate=_rate(fps),
                                                      options=dict(options))
        except (av.error.FFmpegError, OSError) as exc:
            raise OutputError(out, f"cannot write a {out.suffix} file with {codec}: "
                              f"{_reason(exc)}") from None
        self._stream.width, self._stream.height = width, height
        self._stream.pix_fmt = self._pix_fmt
        self._frames, self._closed = 0, False

    def _frame(self, image: np.ndarray) -> Any:
        import av

        if self._pix_fmt == "yuv420p":
            return av.VideoFrame.from_ndarray(cv2.cvtColor(image, cv2.COLOR_BGR2YUV_I420),
                                              format="yuv420p")
        return av.VideoFrame.from_ndarray(image, format="bgr24").reformat(format="yuv444p")

    def write(self, image: np.ndarray) -> None:
        """Encode one BGR frame (``height x width x 3`` uint8)."""
        frame = self._frame(image)
        frame.pts = self._frames
        self._frames += 1
        self._mux(self._stream.encode(frame))

    def _mux(self, packets: Any) -> None:
        import av

        try:
            self._container.mux(packets)
        except (av.error.FFmpegError, OSError) as exc:
            raise OutputError(self._out, f"writing failed: {_reason(exc)}") from None

    def release(self) -> None:
        """Flush the encoder and close the file (idempotent)."""
        if self._closed:
            return
        self._closed = True
        import av

        try:
            self._mux(self._stream.encode(None))
        finally:
            try:
                self._container.close()
            except (av.error.FFmpegError, OSError) as exc:
                raise OutputError(self._out, f"closing failed: {_reason(exc)}") from None


class OpenCVEncoder:
    """OpenCV's ``VideoWriter`` with an explicit fourcc (``mp4v``, ``MJPG``, ...)."""

    def __init__(self, tmp: Path, out: Path, fps: float, size: tuple[int, int], fourcc: str):
        with quiet_stderr():
            self._writer = cv2.VideoWriter(str(tmp), cv2.VideoWriter_fourcc(*fourcc), fps, size)
        self.codec = fourcc
        if not self._writer.isOpened():
            self._writer.release()
            raise OutputError(out, f"OpenCV cannot write a {out.suffix} file with codec "
                              f"{fourcc!r} (leave fourcc out for H.264, or use .avi for "
                              "MJPG)")

    def write(self, image: np.ndarray) -> None:
        """Encode one BGR frame."""
        self._writer.write(image)

    def release(self) -> None:
        """Close the file."""
        with quiet_stderr():
            self._writer.release()


def _rate(fps: float) -> Fraction:
    """fps as a fraction: 29.97002997 -> 30000/1001, 25.0 -> 25."""
    return Fraction(fps).limit_denominator(1001)


def _reason(exc: BaseException) -> str:
    return getattr(exc, "strerror", None) or str(exc)


def open_encoder(tmp: Path, out: Path, *, fps: float, size: tuple[int, int],
                 fourcc: str | None = None) -> Encoder:
    """The encoder for ``out``'s extension (or for ``fourcc``), writing into ``tmp``.

    Raises OutputError when no encoder fits (an unknown extension, a fourcc OpenCV's
    build cannot write, a container refusing the codec).

    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "clip.mp4"
    >>> open_encoder(out, out, fps=25.0, size=(64, 48), fourcc="mp4v").codec
    'mp4v'
    """
    codec = fourcc or CODEC_BY_SUFFIX.get(out.suffix.lower())
    if codec is None:
        raise OutputError(out, f"no video encoder for {out.suffix} files (use .mp4 for H.264, "
                          ".webm for VP9, or pass fourcc=)")
    if codec in H264_FOURCCS:
        codec = "h264"
    if codec in PYAV_CODECS:
        return PyAVEncoder(tmp, out, fps, size, codec)
    return OpenCVEncoder(tmp, out, fps, size, codec)
