"""Reading our own pages' HTML for the search index, without ``html.parser``.

A search engine for the site (Material's search plugin) splits each page's
HTML into sections at its headings and keeps each section's text. It reads the
page with Python's ``html.parser``, which is slow: a third of a build's time
went into parsing HTML (issue 18). Our generated pages do not need it: their
HTML is what nh3 wrote (:func:`briefings.site.pages.sanitize`) plus the
headings Markdown made, so it is well formed, has no comments, scripts, styles,
CDATA or unquoted attributes, and every ``<`` in text is escaped. One regular
expression splits it into the same start tags, end tags and text that
``html.parser`` would report (:func:`tokens`), and :func:`sections` applies
Material's section rules to it: on a plain page (most of ours) only to the few
tags that matter, the text and tags between them read in bulk by string and
regular-expression operations; on any other page tag by tag, with no object
per tag. Both are held to Material's own parser by tests/test_search_index.py.

Nothing here knows about MkDocs.
"""

from __future__ import annotations

import collections
import functools
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


def _sections_tag_by_tag(html: str) -> list[Section]:
    """``html`` split into sections by Material's search parser's rules, tag by tag.

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
            _close_kept(section.title if open_by_name.get(section.tag) else section.text, name)
    return data


def _close_kept(target: list[str], name: str) -> bool:
    """Material's end of a kept element: its empty markup dropped, else its end tag added.

    Material drops from the first ``<name>`` of ``target`` on when only white
    space follows it. :return: whether the end tag was added
    """
    index = target.index(f"<{name}>")
    if all(piece.isspace() for piece in target[index + 1:]):
        del target[index:]
        return False
    target.append(f"</{name}>")
    return True


class _NotPlain(Exception):
    """The page is not plain enough for :func:`_plain_sections`: read it tag by tag."""


#: Where Material's search may skip part of a page, in any case (html.parser
#: lowercases names); a literal first character keeps the search fast.
_EXCLUDED = re.compile(r"-[sS][eE][aA][rR][cC][hH]-[eE][xX][cC][lL][uU][dD][eE]")
_SKIPPED = re.compile(
    r"<(?:[sS][cC][rR][iI][pP][tT]|[sS][tT][yY][lL][eE]|[oO][bB][jJ][eE][cC][tT])(?=[\s/>])")
_ATTRIBUTES = r"((?:\s+[^\s\"'=/>]+(?:\s*=\s*\"[^\"]*\")?)*)"
_KEPT_NAMES = "p|code|li|ol|ul|sub|sup"  # all but pre, which changes how white space is read


#: The names of the tags that matter to :func:`_plain_sections`.
_MATTERING = frozenset((*_KEPT_NAMES.split("|"), "pre", "a", *HEADINGS))
#: Any tag, split out with its name and whether it closes itself.
_SPLIT = re.compile(r"<(/?[a-zA-Z][^\s/>]*)(?:\s+[^\s\"'=/>]+(?:\s*=\s*\"[^\"]*\")?)*\s*(/?)>")
#: Our markers (NUL to EOT), which a page must not hold.
_MARKERS = ("\x00", "\x01", "\x02", "\x03", "\x04")
#: No text between two tags; a run of white space alone with only tags between.
_EMPTIES = re.compile(r"\x00\x00+")
_BLANKS = re.compile(r"\x00\s+(?:\x00\s+)*\x00")
#: What a tag stands for in a stretch: a kept tag its markup between \x03 and
#: \x04, any other nothing; \x01 marks a piece of white space alone.
_MARKUP: collections.defaultdict[str, str] = collections.defaultdict(
    str, {f"{end}{name}": f"\x00\x03{end}{name}\x04" for name in _KEPT_NAMES.split("|")
          for end in ("", "/")})


@functools.lru_cache(maxsize=512)
def _relevant(title: str, unsettled: frozenset[str]) -> re.Pattern[str]:
    """The tags :func:`_plain_sections` reads one by one in a section's text.

    Headings with an id (a new section) or named like the section's heading
    (their text goes to its title), permalinks, ``<pre>``, and the end tags
    of kept elements whose end may still remove them (``unsettled``). Groups:
    ``/`` and the name of an end tag, the name of a start tag, attributes, ``/``
    of a tag that closes itself. Lower case only: :func:`_plain_text` stops
    at those tags written otherwise.
    """
    ends = "|".join(["pre", *sorted(unsettled)])
    starts = r"h[1-6](?=[^>]*\s[iI][dD][\s=/>])|a(?=[^>]*headerlink)|pre"
    if title != "hx":
        starts += f"|{title}"
    return re.compile(rf"<(?:(/)({ends})|({starts}))(?=[\s/>]){_ATTRIBUTES}\s*(/?)>")


def _plain_text(stretch: str, pre: bool, after_blank: bool) -> tuple[list[str], int]:
    """Material's pieces of ``stretch`` (text, kept tags and others), read in bulk.

    Returns the pieces (kept tags' markup each its own, as Material's lists
    hold them; a last piece of white space alone when Material's is one, for
    it drops such a piece after another outside ``<pre>``; ``after_blank``:
    the section's last piece is one) and how many elements the stretch leaves open.
    """
    parts = _SPLIT.split(stretch)
    names = parts[1::3]
    closing_itself = parts[2::3]
    all_names = "".join(names)
    if not all_names.islower() and not _MATTERING.isdisjoint(
            name.lower().lstrip("/") for name in names):
        raise _NotPlain  # such a tag written in capitals: _relevant did not see it
    if "/" in closing_itself or not VOID.isdisjoint(map(str.lower, names)):
        opened = 0
        for name, closes_itself in zip(names, closing_itself, strict=True):
            if name[0] == "/":
                opened -= 1
            elif closes_itself:
                if name.lower() in KEPT:
                    raise _NotPlain  # Material reads its end as any other: one by one
            elif name.lower() not in VOID:
                opened += 1
    else:  # a "/" in a name can only begin an end tag's
        opened = len(names) - 2 * all_names.count("/")
    texts = parts[0::3]
    text = "".join(texts)
    if "<" in text:  # a "<" that is not a tag: html.parser reads it its own way
        raise _NotPlain
    if "&#" in text and any(piece and not unescape(piece) for piece in texts):
        raise _NotPlain  # a piece that unescapes to nothing still counts for Material
    parts[1::3] = list(map(_MARKUP.__getitem__, names))  # (C's map: no Python call per tag)
    parts[2::3] = ["\x00"] * len(names)
    joined = "\x00" + "".join(parts) + "\x00"
    if "&" in joined:
        joined = unescape(joined)
    if pre:  # every piece kept as it is
        joined = joined.replace("\x00", "")
    else:
        # Each run of pieces of white space alone (with only tags between)
        # becomes \x01: Material keeps one space of it.
        joined = _EMPTIES.sub("\x00", joined.replace("\n", " "))
        joined = _BLANKS.sub("\x01", joined).replace("\x00", "")
        if after_blank and joined[:1] == "\x01":
            joined = joined[1:]
    joined = escape(joined, quote=False).replace("\x01", "\x02 \x02")
    joined = joined.replace("\x03", "\x02<").replace("\x04", ">\x02")
    return list(filter(None, joined.split("\x02"))), opened


def _plain_sections(html: str) -> list[Section]:
    """:func:`sections` of a plain page, reading one by one only the tags that matter.

    Between the tags :func:`_relevant` names, the others only separate
    pieces of text, open and close elements, and add kept tags' markup: such
    a stretch is read in bulk (:func:`_plain_text`). A kept element's end
    may remove it (when only white space follows the first such tag in the
    section): it is read one by one until the section holds one such end.
    Inside a heading's title every tag is read, as in
    :func:`_sections_tag_by_tag`. Raises :class:`_NotPlain` where that would
    not give Material's sections: a heading with an id inside another element
    (Material then returns to the outer section when that element ends), a
    tag out of place, Material's exclusions, our markers in the page.
    """
    if (any(marker in html for marker in _MARKERS) or "linenodiv" in html
            or _EXCLUDED.search(html) or _SKIPPED.search(html)):
        raise _NotPlain
    stack: list[str] = []  # names of the open elements read one by one
    open_by_name: dict[str, int] = {}
    depth = 0  # how many elements are open, read one by one or in bulk
    headerlinks: list[bool] = []
    in_headerlink = 0
    section: Section | None = None
    settled: set[str] = set()  # kept tags whose end the section's text never removes
    unsettled = frozenset(_KEPT_NAMES.split("|"))
    data: list[Section] = []
    at = 0
    while True:
        one_by_one = section is None or open_by_name.get(section.tag, 0) > 0
        if one_by_one:
            tag = _TAG.search(html, at)
        else:
            assert section is not None
            tag = _relevant(section.tag, unsettled - settled).search(html, at)
        end = tag.start() if tag is not None else len(html)
        if end > at:
            if one_by_one:  # handle_data
                text = html[at:end]
                if "<" in text:
                    raise _NotPlain
                if "&" in text:
                    text = unescape(text)
                    if not text:
                        raise _NotPlain
                if not open_by_name.get("pre"):
                    text = " " if text.isspace() else text.replace("\n", " ")
                if section is None:
                    section = Section("hx", {})
                    data.append(section)
                    settled = set()
                if open_by_name.get(section.tag):
                    if not in_headerlink:
                        section.title.append(escape(text, quote=False))
                elif text.isspace():
                    pieces = section.text
                    if not pieces or not pieces[-1].isspace() or open_by_name.get("pre"):
                        pieces.append(text)
                else:
                    section.text.append(escape(text, quote=False))
            else:
                assert section is not None
                pieces = section.text
                more, opened = _plain_text(html[at:end], bool(open_by_name.get("pre")),
                                           bool(pieces) and pieces[-1].isspace())
                pieces.extend(more)
                depth += opened
                if depth < 0:
                    raise _NotPlain
        if tag is None:
            break
        at = tag.end()
        if one_by_one:
            closing, name, raw, self_closing = tag.groups()
            name = name.lower()
        else:
            closing, end_name, start_name, raw, self_closing = tag.groups()
            name = end_name or start_name
        if not closing:  # handle_starttag
            if name in VOID:
                continue
            stack.append(name)
            depth += 1
            open_by_name[name] = open_by_name.get(name, 0) + 1
            attributes = _attributes(raw) if raw and (
                name in HEADINGS or (name == "a" and "headerlink" in raw)) else _NO_ATTRIBUTES
            if name == "a":
                permalink = attributes.get("class") == "headerlink"
                if permalink and not one_by_one:
                    raise _NotPlain  # its end would not be read
                headerlinks.append(permalink)
                in_headerlink += permalink
            if name in HEADINGS and "id" in attributes:
                if depth != 1:
                    raise _NotPlain
                if name != "h1" and not data:
                    data.append(Section("hx", {}, depth))
                section = Section(name, attributes, depth)
                if data:
                    section.id = attributes["id"]
                data.append(section)
                settled = set()
            if section is None:
                section = Section("hx", {})
                data.append(section)
                settled = set()
            if name in KEPT:
                target = section.title if open_by_name.get(section.tag) else section.text
                target.append(f"<{name}>")
            if not self_closing:
                continue
        # handle_endtag
        assert section is not None
        if name in KEPT and name != "pre" and not one_by_one:
            depth -= 1  # its start was read in bulk
        else:
            if not stack or stack[-1] != name:
                raise _NotPlain
            stack.pop()
            depth -= 1
            open_by_name[name] -= 1
            if name == "a":
                in_headerlink -= headerlinks.pop()
        if name in KEPT:
            target = section.title if open_by_name.get(section.tag) else section.text
            if _close_kept(target, name) and target is section.text:
                # Nothing removes a closing tag, nor what it follows: from
                # now on this tag's ends only add their markup.
                settled.add(name)
    return data


def sections(html: str) -> list[Section]:
    """``html`` split into sections as Material's search parser splits it.

    Material's parser (``material.plugins.search.plugin.Parser``) makes, for
    each heading with an id, a section whose title is the heading's text and
    whose text is what follows, keeping the markup of ``<p>``, ``<li>``,
    ``<code>`` and the like and collapsing white space its own way. A plain
    page (most of ours) is read in bulk between the tags that matter
    (:func:`_plain_sections`); any other by the same rules tag by tag
    (:func:`_sections_tag_by_tag`). Only for sanitized, well-formed HTML (see
    the module's docstring); tests/test_search_index.py holds both to
    Material's parser.
    """
    try:
        return _plain_sections(html)
    except _NotPlain:
        return _sections_tag_by_tag(html)
