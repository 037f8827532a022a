"""Fetching one web page for ``briefings import``: http(s) only, bounded, one-line errors.

The page is untrusted and so is the server: it may redirect to ``file:``, send
gigabytes, never answer, or answer with something that is not a page. Each of
those is one clear :class:`~briefings.errors.BriefingsError` naming the address.
"""

from __future__ import annotations

import socket
import ssl
import urllib.error
import urllib.request
from email.message import Message
from urllib.parse import urlsplit

from briefings import __version__
from briefings.errors import BriefingsError
from briefings.sources.decode import decode_source

USER_AGENT = f"briefings/{__version__} (article import for a briefing site; one page per request)"
TIMEOUT_SECONDS = 20.0
MAX_PAGE_BYTES = 5_000_000
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def is_web_address(text: str) -> bool:
    """Whether ``text`` names a page by address (any scheme) rather than a file."""
    scheme = urlsplit(text).scheme
    return len(scheme) > 1 and "://" in text[: len(scheme) + 3]


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects to http(s) addresses only (urllib would follow ftp: too)."""

    max_redirections = 5

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise BriefingsError(req.full_url, f"redirects to a non-web address {newurl[:80]!r}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_page(
    url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_PAGE_BYTES
) -> tuple[str, str]:
    """``(html, final address)`` of the page at ``url``.

    :raise BriefingsError: for an address that is not http(s), any network or HTTP
        error, a page over ``max_bytes``, or an answer that is not a page
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise BriefingsError(url, "only http:// and https:// addresses can be imported")
    opener = urllib.request.build_opener(_HttpOnlyRedirects())
    request = urllib.request.Request(
        url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml"}
    )
    try:
        with opener.open(request, timeout=timeout) as response:
            final = response.geturl()
            headers: Message = response.headers
            kind = headers.get_content_type()
            if kind not in _PAGE_TYPES:
                raise BriefingsError(url, f"is not a web page (the server sent {kind})")
            declared = headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise BriefingsError(url, _too_big(int(declared), max_bytes))
            data = response.read(max_bytes + 1)
    except BriefingsError:
        raise
    except urllib.error.HTTPError as exc:
        raise BriefingsError(url, f"the server answered HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        raise BriefingsError(url, f"cannot fetch the page: {_reason(exc.reason)}") from None
    except TimeoutError:
        raise BriefingsError(url, f"no answer within {timeout:g} seconds") from None
    except (OSError, ValueError, ssl.SSLError) as exc:
        # http.client's errors (a dropped connection, a bad status line) are OSError
        # or HTTPException; ValueError is a malformed address.
        raise BriefingsError(url, f"cannot fetch the page: {_reason(exc)}") from None
    except Exception as exc:  # http.client.HTTPException and kin: all about the server
        raise BriefingsError(url, f"cannot fetch the page: {_reason(exc)}") from None
    if len(data) > max_bytes:
        raise BriefingsError(url, _too_big(len(data), max_bytes))
    charset = headers.get_content_charset()
    text = None
    if charset:
        try:
            text = data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = decode_source(data, url)
    return text, final


def _too_big(size: int, limit: int) -> str:
    return f"the page is over {limit:,} bytes ({size:,}); save the article text instead"


def _reason(reason: object) -> str:
    if isinstance(reason, TimeoutError | socket.timeout):
        return "timed out"
    text = " ".join(str(reason).split()) or type(reason).__name__
    return text[:200]
