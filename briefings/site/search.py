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
from dataclasses import dataclass, field
from html import escape, unescape
from itertools import chain
from typing import Literal

Token = (
    tuple[Literal["start"], str, list[tuple[str, str | None]]]
    | tuple[Literal["end"], str, None]
    | tuple[Literal["data"], str, None]
)

_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)((?:\s+[^\s\"'=/>]+(?:\s*=\s*\"[^\"]*\")?)*)\s*(/?)>")
_ATTRIBUTE = re.compile(r"([^\s\"'=/>]+)(?:\s*=\s*\"([^\"]*)\")?")
_NO_ATTRIBUTES: dict[str, str | None] = {}


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


#: Tags with no end tag: Material's parser ignores them (its ``void``).
VOID = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                  "param", "source", "track", "wbr"))
#: What Material's parser never indexes, and the tags whose markup it keeps in an entry.
ALWAYS_SKIPPED = frozenset(("object", "script", "style"))
KEPT = frozenset(("p", "code", "pre", "li", "ol", "ul", "sub", "sup"))
HEADINGS = frozenset(f"h{level}" for level in range(1, 7))


@dataclass(slots=True, eq=False)
class Section:
    """One heading's part of a page as Material's search indexes it.

    ``tag`` and ``attributes`` are the heading's (``hx`` and none for the text
    before the first heading); ``title`` and ``text`` are the pieces Material's
    parser collects, markup of its kept tags included, to be joined.
    """

    tag: str
    attributes: dict[str, str | None]
    depth: float = 0
    id: str | None = None
    title: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)

    def is_excluded(self) -> bool:
        """Whether the heading is marked ``data-search-exclude`` (Material's rule)."""
        return "data-search-exclude" in self.attributes


def _attributes(raw: str) -> dict[str, str | None]:
    return {found.group(1).lower(): None if found.group(2) is None else unescape(found.group(2))
            for found in _ATTRIBUTE.finditer(raw)}


def sections(html: str) -> list[Section]:
    """``html`` split into sections by Material's search parser's rules, in one pass.

    The rules are those of ``material.plugins.search.plugin.Parser`` (its
    handlers for start tags, end tags and text, in that order; the comments
    below name them), quirks included: open elements and skipped ones are
    matched by tag name, an empty kept element is dropped only when nothing
    but white space follows the *first* opening of its tag in the section.
    Instead of an object per tag and set intersections over the open
    elements, it counts the open elements by name and reads attributes only
    where they can matter. Only for sanitized HTML (see the module's
    docstring); tests/test_search_index.py holds it to Material's parser.
    """
    stack: list[str] = []  # names of the open elements
    open_by_name: dict[str, int] = {}
    headerlinks: list[bool] = []  # for each open <a>: is it a heading's permalink
    in_headerlink = 0
    skip = set(ALWAYS_SKIPPED)  # Material's skip set, by name like its Element
    skipping = False  # is an open element's name in skip
    section: Section | None = None
    data: list[Section] = []
    at = 0
    for tag in chain(_TAG.finditer(html), (None,)):
        end = tag.start() if tag is not None else len(html)
        if end > at and not skipping:  # handle_data
            text = html[at:end]
            if "&" in text:
                text = unescape(text)
            if not open_by_name.get("pre"):
                text = " " if text.isspace() else text.replace("\n", " ")
            if section is None:
                section = Section("hx", {})
                data.append(section)
            if open_by_name.get(section.tag):
                if not in_headerlink:
                    section.title.append(escape(text, quote=False))
            elif text.isspace():
                pieces = section.text
                if not pieces or not pieces[-1].isspace() or open_by_name.get("pre"):
                    pieces.append(text)
            else:
                section.text.append(escape(text, quote=False))
        if tag is None:
            break
        at = tag.end()
        closing, name, raw, self_closing = tag.groups()
        name = name.lower()
        if not closing:  # handle_starttag
            if name in VOID:
                continue
            stack.append(name)
            open_by_name[name] = open_by_name.get(name, 0) + 1
            if name in skip:
                skipping = True
            # Attributes matter to headings (their id), permalinks and what
            # Material skips; html.parser lowercases names, hence lower().
            attributes = _attributes(raw) if raw and (
                name in HEADINGS or (name == "a" and "headerlink" in raw)
                or "linenodiv" in raw or "data-search-exclude" in raw.lower()) else _NO_ATTRIBUTES
            if name == "a":
                permalink = attributes.get("class") == "headerlink"
                headerlinks.append(permalink)
                in_headerlink += permalink
            if name in HEADINGS and "id" in attributes:
                depth = len(stack)
                if name != "h1" and not data:
                    data.append(Section("hx", {}, depth))
                section = Section(name, attributes, depth)
                if data:
                    section.id = attributes["id"]
                data.append(section)
            if section is None:
                section = Section("hx", {})
                data.append(section)
            if attributes and ("data-search-exclude" in attributes
                               or attributes.get("class") == "linenodiv"):
                skip.add(name)  # Material stops at the first of them: same either way
                skipping = True
            elif name in KEPT and not skipping:
                target = section.title if open_by_name.get(section.tag) else section.text
                target.append(f"<{name}>")
            if not self_closing:
                continue
        # handle_endtag
        if not stack or stack[-1] != name:
            continue
        assert section is not None  # an open element made one
        if section.depth > len(stack):
            for earlier in reversed(data):
                if earlier.depth <= len(stack):
                    section.depth = float("inf")
                    section = earlier
                    break
        stack.pop()
        open_by_name[name] -= 1
        if name == "a":
            in_headerlink -= headerlinks.pop()
        if name in skip:
            if name not in ALWAYS_SKIPPED:
                skip.discard(name)
            skipping = any(open_by_name.get(skipped) for skipped in skip)
            continue
        if name in KEPT and not skipping:
            target = section.title if open_by_name.get(section.tag) else section.text
            index = target.index(f"<{name}>")
            for i in range(index + 1, len(target)):
                if not target[i].isspace():
                    index = len(target)
                    break
            if len(target) > index:
                del target[index:]
            else:
                target.append(f"</{name}>")
    return data
