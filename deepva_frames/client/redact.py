"""The key out of every text: urllib3's log records and the package's errors.

The transport redacts its own messages with :meth:`~deepva_frames.client.wire.Secret.redact`
(every form of the key: raw, URL-encoded, JSON-escaped); this module covers what it does not
write itself: urllib3's DEBUG lines (which show URLs, e.g. a redirect's query string) and
the errors leaving a public call, whose exception chain and traceback frames could hold
the prepared request and so its Authorization header.

>>> from deepva_frames.errors import NotFound
>>> from deepva_frames.client.wire import Secret
>>> err = scrub(NotFound(404, "https://a.test/x?api_key=s%2Fk", "no"), Secret("s/k"))
>>> str(err), err.url
('HTTP 404 for https://a.test/x?api_key=***: no', 'https://a.test/x?api_key=***')
"""

from __future__ import annotations

import logging
import weakref
from typing import TypeVar

from ..errors import DeepVAError
from .wire import Secret

__all__ = ["scrub", "watch_urllib3_logs"]

E = TypeVar("E", bound=DeepVAError)
_SECRETS: weakref.WeakSet[Secret] = weakref.WeakSet()


class _RedactKeys(logging.Filter):
    """Redacts every live transport's key from urllib3's log records (URLs with a key in
    their query string, e.g. after a redirect)."""

    def filter(self, record: logging.LogRecord) -> bool:
        secrets = list(_SECRETS)
        if secrets:
            text = record.getMessage()
            clean = text
            for secret in secrets:
                clean = secret.redact(clean)
            if clean != text:
                record.msg, record.args = clean, ()
        return True


_REDACT_FILTER = _RedactKeys()


def watch_urllib3_logs(key: Secret) -> None:
    """Redact ``key`` from urllib3's log records while the Secret lives."""
    _SECRETS.add(key)
    for name in ("urllib3.connectionpool", "urllib3.response", "urllib3.util.retry"):
        logger = logging.getLogger(name)
        if _REDACT_FILTER not in logger.filters:
            logger.addFilter(_REDACT_FILTER)




def scrub(error: E, key: Secret | None) -> E:
    """``error`` with ``key`` redacted from its text and string attributes, and without the
    exception chain and traceback frames that may hold the request's headers."""
    if key is not None:
        for name, value in list(vars(error).items()):
            if isinstance(value, str):
                setattr(error, name, key.redact(value))
        error.args = tuple(key.redact(a) if isinstance(a, str) else a for a in error.args)
    error.__cause__ = error.__context__ = None
    error.__suppress_context__ = True
    return error.with_traceback(None)
