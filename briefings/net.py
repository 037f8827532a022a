"""Reading from the network, the one way briefings does it: http(s) only, bounded, named.

Every request states who we are (:data:`USER_AGENT`), gives up after a timeout,
stops reading at a size cap, and turns each network or HTTP failure into one
:class:`~briefings.errors.BriefingsError` line naming the address, so that an
offline machine or a dead link never ends in a traceback.
"""

from __future__ import annotations

import os
import socket
import tempfile
import urllib.error
import urllib.request
from http.client import HTTPResponse
from pathlib import Path
from urllib.parse import urlsplit

from briefings import __version__
from briefings.errors import BriefingsError

__all__ = ["USER_AGENT", "download", "fetch"]

USER_AGENT = f"briefings/{__version__} (static briefing-site generator; Python urllib)"
_CHUNK = 1 << 16


def fetch(url: str, *, max_bytes: int, timeout: float = 30.0) -> bytes:
    """The body of ``url``, at most ``max_bytes`` long; one-line errors."""
    with _open(url, timeout) as response:
        data = response.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise BriefingsError(url, f"the answer is over {max_bytes:,} bytes; refusing to read more")
    return data


def download(url: str, target: Path, *, max_bytes: int, timeout: float = 60.0) -> int:
    """Stream ``url`` into ``target`` (written atomically); return the size in bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=".briefings-", dir=target.parent)
    size = 0
    try:
        with os.fdopen(handle, "wb") as stream, _open(url, timeout) as response:
            while chunk := response.read(_CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise BriefingsError(url, f"the download is over {max_bytes:,} bytes; stopped")
                stream.write(chunk)
        os.replace(partial, target)
    except (OSError, TimeoutError) as exc:
        raise BriefingsError(url, f"the download broke off: {_reason(exc)}") from None
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return size


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    # urllib would also follow a redirect to ftp://; a server must not lead us off http(s).
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise BriefingsError(req.full_url, f"redirected to a non-http(s) address: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects)


def _open(url: str, timeout: float) -> HTTPResponse:
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise BriefingsError(url, "only http:// and https:// addresses can be fetched")
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        return _OPENER.open(request, timeout=timeout)
    except urllib.error.HTTPError as exc:
        raise BriefingsError(url, f"the server answered HTTP {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError, TimeoutError) as exc:
        raise BriefingsError(
            url, f"cannot reach it ({_reason(exc)}); check the address and the connection"
        ) from None


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None) or exc
    if isinstance(reason, socket.timeout | TimeoutError):
        return "timed out"
    return str(getattr(reason, "strerror", None) or reason)
