"""Small wire-level pieces of the transport: the secret key, answers, bodies, file names.

>>> Secret("abc")
Secret(***)
>>> filename_from('attachment; filename="../x.png"')
'x.png'
"""

from __future__ import annotations

import contextlib
import json
import mimetypes
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote, quote_plus, unquote

from .._json import loads
from .._types import PathLike
from ..errors import PayloadError
from .multipart import MultipartBody

__all__ = ["Download", "FileSpec", "Response", "Secret", "body_kwargs", "filename_from",
           "parse_json", "secret_forms"]

FileSpec = tuple[str, Path | bytes, str | None]


def secret_forms(value: str) -> list[str]:
    """Every form ``value`` may take in a text: raw, URL-encoded (``%XX`` in either case,
    ``+`` for spaces), JSON-escaped and repr-escaped; longest first.

    >>> forms = secret_forms("a b/é")
    >>> "a%20b%2F%C3%A9" in forms and "a+b%2f%c3%a9" in forms and "a b/\\u00e9" in forms
    True
    """
    encoders = (lambda v: quote(v, safe=""), quote, quote_plus,
                lambda v: quote(v, safe="", errors="replace"),
                lambda v: json.dumps(v)[1:-1],
                lambda v: json.dumps(v, ensure_ascii=False)[1:-1], lambda v: repr(v)[1:-1])
    forms = {value}
    for encode in encoders:
        with contextlib.suppress(ValueError):  # a lone surrogate cannot be URL-encoded
            forms.add(encode(value))
    forms |= {re.sub(r"%[0-9A-F]{2}", lambda m: m.group(0).lower(), f) for f in set(forms)}
    return sorted((f for f in forms if f), key=lambda f: (-len(f), f))


class Secret:
    """A string that never shows itself in repr/str (for the API key).

    >>> s = Secret("abc")
    >>> repr(s), str(s), s.reveal()
    ('Secret(***)', '***', 'abc')
    >>> Secret("k/y").redact("GET /x?api_key=k%2Fy and 'k/y'")
    "GET /x?api_key=*** and '***'"
    """

    __slots__ = ("__weakref__", "_forms", "_value")

    def __init__(self, value: str):
        self._value = value
        self._forms = secret_forms(value) if value else []

    def reveal(self) -> str:
        """The secret value itself."""
        return self._value

    def redact(self, text: str) -> str:
        """``text`` with every form of the secret (see :func:`secret_forms`) replaced by
        ``***``."""
        for form in self._forms:
            if form in text:
                text = text.replace(form, "***")
        return text

    def __repr__(self) -> str:
        return "Secret(***)"

    def __str__(self) -> str:
        return "***"


@dataclass(frozen=True)
class Response:
    """A complete answer: status, final URL, body bytes, content type and parsed JSON."""

    status: int
    url: str
    body: bytes
    content_type: str = "application/json"
    data: Any = None


@dataclass(frozen=True)
class Download:
    """A file written to disk by a download."""

    path: Path
    content_type: str | None
    filename: str | None
    size: int


def parse_json(body: bytes, url: str) -> Any:
    """Parse a JSON body, raising PayloadError naming the URL.

    >>> parse_json(b'{"a": 1}', "u")
    {'a': 1}
    """
    if not body.strip():
        return None
    try:
        return loads(body)
    except ValueError as exc:  # UnicodeDecodeError (invalid UTF-8) included
        raise PayloadError(url, f"invalid JSON ({str(exc)[:200]})") from None
    except RecursionError:
        raise PayloadError(url, "invalid JSON (nested too deeply)") from None


def filename_from(disposition: str | None) -> str | None:
    """A safe base name from a Content-Disposition header, or None."""
    if not disposition:
        return None
    match = re.search(r"filename\*\s*=\s*[^']*'[^']*'([^;]+)", disposition) or re.search(
        r'filename\s*=\s*"?([^";]+)"?', disposition)
    if not match:
        return None
    name = unquote(match.group(1)).strip().replace("\\", "/").rsplit("/", 1)[-1]
    name = name.lstrip(".").strip()
    return name or None


def body_kwargs(json_body: Any, form: Mapping[str, Any] | None,
                files: Mapping[str, FileSpec | list[FileSpec]] | None) -> dict[str, Any]:
    """requests keyword arguments for a body; a new one for every attempt.

    ``files`` maps a form field to one (filename, path or bytes, content type) or a list;
    with files, the body is a :class:`~.multipart.MultipartBody` that streams them from
    disk when it is sent.

    >>> body = body_kwargs(None, {"folder": "/"}, {"file": ("a.txt", b"hi", None)})["data"]
    >>> b"Content-Type: application/octet-stream" in body.read()
    True
    """
    kwargs: dict[str, Any] = {}
    if json_body is not None:
        kwargs["json"] = json_body
    if files is not None:
        body = MultipartBody(form, [(field, (name, content, ctype or "application/octet-stream"))
                                    for field, (name, content, ctype) in _iter_files(files)])
        kwargs.update(data=body, headers={"Content-Type": body.content_type})
    elif form is not None:
        kwargs["data"] = dict(form)
    return kwargs


def _iter_files(files: Mapping[str, FileSpec | list[FileSpec]]) -> list[tuple[str, FileSpec]]:
    """Flatten {field: spec or [specs]} into (field, spec) pairs (a field may repeat)."""
    out: list[tuple[str, FileSpec]] = []
    for field, spec in files.items():
        specs = spec if isinstance(spec, list) else [spec]
        out.extend((field, s) for s in specs)
    return out


# -- request bodies -----------------------------------------------------------------------
def upload_spec(path: PathLike, content_type: str | None = None) -> tuple[str, Path, str | None]:
    """(name, path, content type) of a local file to upload; FileNotFoundError when absent."""
    p = Path(path)
    if not p.is_file():
        raise FileNotFoundError(f"no such file: {p}")
    return p.name, p, content_type or mimetypes.guess_type(p.name)[0]

def modules_body(modules: Mapping[str, Any] | Iterable[str]) -> dict[str, Any]:
    """Modules as the API wants them: {name: config}; a list of names gets empty configs.

    >>> modules_body(["face_recognition"])
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
