"""Web pages saved from a browser (or fetched) to article text and metadata.

A news page is mostly furniture: navigation, teasers of other stories, share bars,
cookie banners, comments. `trafilatura <https://trafilatura.readthedocs.io>`_ finds
the story's main text and the page's metadata (Open Graph, ``article:`` meta,
JSON-LD, ``<title>``, bylines) better than rules of our own would. What it gives is
still untrusted: every field goes through :func:`~briefings.sources.markup.plain_field`,
links must be http(s), and the text is cleaned like pasted text afterwards.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from briefings.sources.blocks import Block
from briefings.sources.markup import plain_field, strip_markup

HTML_SUFFIXES = (".html", ".htm")
_MAX_FIELD = 1000
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Text trafilatura keeps from a page's chrome when the page is thin.
_LOOKS_LIKE_HTML = re.compile(r"\A\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b",
                              re.I | re.S)


class NoStoryError(ValueError):
    """The page holds no text that reads as a story."""


@dataclass
class WebPage:
    """The story on a web page: its blocks of text and what the page says about it.

    Every field is plain text (``None`` when the page does not say); ``url`` is
    http(s) only.
    """

    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    dek: str | None = None
    author: str | None = None
    published: dt.date | None = None
    site_name: str | None = None
    url: str | None = None
    removed: list[str] = field(default_factory=list)

    def front_matter(self) -> dict[str, Any]:
        """The page's facts as front matter values (only those it states)."""
        values: dict[str, Any] = {
            "title": self.title,
            "dek": self.dek,
            "source": self.site_name,
            "url": self.url,
            "author": self.author,
            "published": self.published,
        }
        return {key: value for key, value in values.items() if value}


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is a whole HTML document rather than text with a stray tag."""
    return bool(_LOOKS_LIKE_HTML.match(text[:4096]))


def read_web_page(html: str, url: str | None = None) -> WebPage:
    """The story in the HTML document ``html`` (fetched from ``url``, when known).

    :raise NoStoryError: when the page holds no text trafilatura takes for a story
    """
    import trafilatura  # ~0.3 s to import; only pages need it

    document = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        include_links=False,
        favor_precision=True,
        deduplicate=False,
    )
    if document is None or document.body is None:
        raise NoStoryError("no article text found on the page")
    page = WebPage()
    page.blocks = _body_blocks(document.body, page.removed)
    if not page.blocks:
        raise NoStoryError("no article text found on the page")
    page.title = _text_field(document.title, page.removed, "title")
    page.author = _text_field(document.author, page.removed, "author")
    page.site_name = _text_field(document.sitename, page.removed, "site name")
    page.dek = _text_field(document.description, page.removed, "description")
    if page.dek and page.blocks and _starts_with(page.blocks[0].text, page.dek):
        page.dek = None  # the description is only the lead again
    if page.dek and page.title and _words(page.dek) == _words(page.title):
        page.dek = None
    page.published = _date(document.date)
    page.url = _http_url(document.url) or _http_url(url)
    if document.url and not _http_url(document.url):
        page.removed.append(f"unsafe link: {_short(document.url)}")
    return page


def _body_blocks(body: Any, removed: list[str]) -> list[Block]:
    """The blocks of trafilatura's body element: paragraphs, headings, list items, quotes."""
    blocks: list[Block] = []

    def add(text: str, kind: str) -> None:
        text, markup = strip_markup(text)
        removed.extend(f"markup: {piece}" for piece in markup)
        text = " ".join(text.split())
        if text:
            blocks.append(Block(text, 0, kind))

    # Iterative, not recursive: a page may nest lists or quotes thousands deep.
    stack = [iter(body)]
    while stack:
        element = next(stack[-1], None)
        if element is None:
            stack.pop()
            continue
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in ("list", "quote", "div") and len(element):
            # A quote's or a list's own paragraphs are blocks of their own.
            head = (element.text or "").strip()
            if head:
                add(head, "para")
            stack.append(iter(element))
        elif tag == "item":
            add("".join(element.itertext()), "item")
        elif tag == "head":
            add("".join(element.itertext()), "heading")
        elif tag in ("p", "quote", "lb", "hi", "ref", "div"):
            add("".join(element.itertext()), "para")
        # graphic, table, code and anything else: not story text
    return blocks


def _text_field(value: str | None, removed: list[str], name: str) -> str | None:
    if not value:
        return None
    text = plain_field(str(value)[:_MAX_FIELD * 4])
    if text != " ".join(str(value).split()):
        removed.append(f"markup in page {name}: {_short(str(value))}")
    return text[:_MAX_FIELD] or None


def _date(value: str | None) -> dt.date | None:
    if not value or not _DATE.match(value):
        return None
    try:
        return dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _http_url(value: str | None) -> str | None:
    if not value:
        return None
    from urllib.parse import urlsplit

    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme.lower() in ("http", "https") and parts.netloc and len(value) <= 2000:
        return value
    return None


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _starts_with(text: str, prefix: str) -> bool:
    head, start = _words(prefix), _words(text)
    return bool(head) and start[: len(head)] == head


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 60 else text[:59] + "…"
