"""Reading our own pages' HTML for the search index, without ``html.parser``.

A search engine for the site (Material's search plugin) splits each page's
HTML into sections at its headings and keeps each section's text. It reads the
page with Python's ``html.parser``, which is slow: a third of a build's time
went into parsing HTML (issue 18). Our generated pages do not need it: their
HTML is what nh3 wrote (:func:`briefings.site.pages.sanitize`) plus the
headings Markdown made, so it is well formed, has no comments, scripts, styles,
CDATA or unquoted attributes, and every ``<`` in text is escaped. One regular
expression splits it into the same start tags, end tags and text that
``html.parser`` would report, and a site builder's indexer takes them from there
(:func:`tokens`).

Nothing here knows about MkDocs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from typing import Literal

Token = (
    tuple[Literal["start"], str, list[tuple[str, str | None]]]
    | tuple[Literal["end"], str, None]
    | tuple[Literal["data"], str, None]
)

_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)((?:\s+[^\s\"'=/>]+(?:\s*=\s*\"[^\"]*\")?)*)\s*(/?)>")
_ATTRIBUTE = re.compile(r"([^\s\"'=/>]+)(?:\s*=\s*\"([^\"]*)\")?")


def tokens(html: str) -> Iterator[Token]:
    """``html``'s start tags (with attributes), end tags and text, as ``html.parser`` gives them.

    Names are lowercased and attribute values and text unescaped, as
    ``HTMLParser(convert_charrefs=True)`` does; a self-closing tag gives its
    start and its end. Only for sanitized HTML (see the module's docstring):
    anything else may be split differently.
    """
    at = 0
    for tag in _TAG.finditer(html):
        if tag.start() > at:
            yield ("data", unescape(html[at : tag.start()]), None)
        at = tag.end()
        closing, name, attributes, self_closing = tag.groups()
        name = name.lower()
        if closing:
            yield ("end", name, None)
            continue
        attrs: list[tuple[str, str | None]] = [
            (found.group(1).lower(), None if found.group(2) is None else unescape(found.group(2)))
            for found in _ATTRIBUTE.finditer(attributes)
        ]
        yield ("start", name, attrs)
        if self_closing:
            yield ("end", name, None)
    if at < len(html):
        yield ("data", unescape(html[at:]), None)
