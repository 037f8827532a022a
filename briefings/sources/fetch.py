"""Fetching one web page for ``briefings import``: http(s) only, bounded, one-line errors.

The page is untrusted and so is the server: it may redirect to ``file:``, send
gigabytes, never answer, or answer with something that is not a page. Each of
those is one clear :class:`~briefings.errors.BriefingsError` naming the address.
"""

from __future__ import annotations

from briefings import net
from briefings.errors import BriefingsError
from briefings.net import USER_AGENT, is_web_address
from briefings.sources.decode import decode_source

__all__ = ["MAX_PAGE_BYTES", "USER_AGENT", "fetch_page", "is_web_address"]

TIMEOUT_SECONDS = 20.0
MAX_PAGE_BYTES = 5_000_000
_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")


def fetch_page(
    url: str, *, timeout: float = TIMEOUT_SECONDS, max_bytes: int = MAX_PAGE_BYTES
) -> tuple[str, str]:
    """``(html, final address)`` of the page at ``url``.

    :raise BriefingsError: for an address that is not http(s), any network or HTTP
        error, a page over ``max_bytes``, or an answer that is not a page
    """
    got = net.fetch(url, max_bytes=max_bytes, timeout=timeout,
                    accept="text/html,application/xhtml+xml", what="the page")
    if got.content_type not in _PAGE_TYPES:
        raise BriefingsError(url, f"is not a web page (the server sent {got.content_type})")
    text = None
    if got.charset:
        try:
            text = got.data.decode(got.charset)
        except (LookupError, UnicodeDecodeError):
            text = None
    if text is None:
        text = decode_source(got.data, url)
    return text, got.url
