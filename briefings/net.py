"""Reading from the network, the one way briefings does it: http(s) only, bounded, named.

Used by ``briefings import`` (a web page) and ``briefings models get`` (a package
index and its archives). The server is untrusted: it may redirect to ``file:``,
send gigabytes, never answer, or drop the connection. Every request states who
we are (:data:`USER_AGENT`), gives up after a timeout, stops reading at a size
cap, follows redirects to http(s) only, and turns each failure into one
:class:`~briefings.errors.BriefingsError` line naming the address.
"""

from __future__ import annotations

import contextlib
import os
import socket
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from http.client import HTTPResponse
from pathlib import Path
from urllib.parse import urlsplit

from briefings import __version__
from briefings.errors import BriefingsError

__all__ = ["USER_AGENT", "Fetched", "download", "fetch", "is_web_address"]

USER_AGENT = f"briefings/{__version__} (static briefing-site generator; one file per request)"
_CHUNK = 1 << 16


@dataclass(frozen=True)
class Fetched:
    """What a server answered: the body, the final address and the declared type."""

    data: bytes
    url: str  # after redirects
    content_type: str  # e.g. "text/html"
    charset: str | None


def is_web_address(text: str) -> bool:
    """Whether ``text`` names something by address (any scheme) rather than a file."""
    scheme = urlsplit(text).scheme
    return len(scheme) > 1 and "://" in text[: len(scheme) + 3]


def fetch(url: str, *, max_bytes: int, timeout: float = 30.0, accept: str | None = None,
          what: str = "the answer") -> Fetched:
    """The body of ``url``, at most ``max_bytes`` long; one-line errors naming ``url``."""
    with _opened(url, timeout, accept) as response:
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > max_bytes:
            raise BriefingsError(url, _too_big(what, int(declared), max_bytes))
        data = _guarded(url, timeout, lambda: response.read(max_bytes + 1))
        if len(data) > max_bytes:
            raise BriefingsError(url, _too_big(what, len(data), max_bytes))
        return Fetched(data, response.geturl(), response.headers.get_content_type(),
                       response.headers.get_content_charset())


def download(url: str, target: Path, *, max_bytes: int, timeout: float = 60.0) -> int:
    """Stream ``url`` into ``target`` (written atomically); return the size in bytes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, partial = tempfile.mkstemp(prefix=".briefings-", dir=target.parent)
    size = 0
    try:
        with os.fdopen(handle, "wb") as stream, _opened(url, timeout, None) as response:
            while chunk := _guarded(url, timeout, lambda: response.read(_CHUNK)):
                size += len(chunk)
                if size > max_bytes:
                    raise BriefingsError(url, _too_big("the download", size, max_bytes))
                stream.write(chunk)
        os.replace(partial, target)
    except OSError as exc:  # our side: a full disk, a folder we may not write
        raise BriefingsError(target, f"cannot save the download ({exc.strerror or exc})") from None
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return size


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    # urllib would also follow a redirect to ftp://; a server must not lead us off http(s).
    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise BriefingsError(req.full_url, f"redirects to a non-web address {newurl[:80]!r}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_HttpOnlyRedirects)


@contextlib.contextmanager
def _opened(url: str, timeout: float, accept: str | None) -> Iterator[HTTPResponse]:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise BriefingsError(url, "only http:// and https:// addresses can be fetched")
    headers = {"User-Agent": USER_AGENT, **({"Accept": accept} if accept else {})}
    request = urllib.request.Request(url, headers=headers)
    response = _guarded(url, timeout, lambda: _OPENER.open(request, timeout=timeout))
    with response:
        yield response


def _guarded(url: str, timeout: float, call):  # type: ignore[no-untyped-def]
    """``call()``, with every network failure made one line naming ``url``."""
    try:
        return call()
    except BriefingsError:
        raise
    except urllib.error.HTTPError as exc:
        raise BriefingsError(url, f"the server answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise BriefingsError(url, f"cannot reach it: {_reason(exc.reason)}") from None
    except TimeoutError:
        raise BriefingsError(url, f"no answer within {timeout:g} seconds") from None
    except Exception as exc:
        # A dropped connection, a bad status line (OSError, HTTPException), a
        # malformed address (ValueError): the server's fault or the address's.
        raise BriefingsError(url, f"cannot reach it: {_reason(exc)}") from None


def _too_big(what: str, size: int, limit: int) -> str:
    return f"{what} is over {limit:,} bytes ({size:,}); refusing to read more"


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError | socket.timeout):
        return "timed out"
    text = " ".join(str(reason).split()) or type(reason).__name__
    return text[:200]
