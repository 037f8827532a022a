"""Material's search entries for our generated pages, read without ``html.parser``.

Material's search plugin reads every page's HTML with Python's ``html.parser``
to split it into sections (issue 18: a fifth of a rebuild). For our generated
pages, whose HTML is sanitized and well formed, :func:`briefings.site.search.tokens`
gives the same tags and text far faster, and Material's own section rules
(its ``Parser``'s handlers) and entry builder make the entries from them, so
the entries are the ones Material makes: same ``location``, ``title`` and
``text``, in the same order, in each language's own index. Other pages (the
site's own docs, written in Markdown) are indexed by Material as before.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection
from html import escape
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from briefings.site.search import tokens

try:
    from material.plugins.search.plugin import Element, Parser, SearchIndex, Section
    from material.plugins.search.plugin import void as _VOID
except ImportError:  # pragma: no cover - Material is a dependency; be safe with other themes
    Element = Parser = SearchIndex = Section = None  # type: ignore[assignment,misc]
    _VOID = set()

#: Marks a search index already taking our pages' entries from their tokens.
_WRAPPED = "_briefings_tokens"


def _materials_sections(html: str) -> list[Any]:
    """Material's sections of ``html``, from its parser's own handlers fed our tokens."""
    parser = Parser()
    for kind, name, attrs in tokens(html):
        if kind == "start":
            parser.handle_starttag(name, attrs)
        elif kind == "end":
            parser.handle_endtag(name)
        else:
            parser.handle_data(name)
    return parser.data


_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
#: What Material's parser never indexes, and the tags whose markup it keeps.
_ALWAYS_SKIPPED = ("object", "script", "style")
_KEPT = frozenset(("p", "code", "pre", "li", "ol", "ul", "sub", "sup"))


def _sections(html: str) -> list[Any]:
    """Material's sections of ``html``: its parser's rules, at a fraction of their cost.

    Material's handlers (:class:`material.plugins.search.plugin.Parser`) run
    once per tag and text, comparing :class:`Element` objects, which compare
    equal by tag name, in set intersections: a quarter of a fresh build. This
    is the same rules over tag names, step by step (the comments name the
    handler each step is from), returning Material's own :class:`Section`
    objects; tests/test_search_index.py holds it to :func:`_materials_sections`
    and to Material's parser on every page of the sample site.
    """
    skip = set(_ALWAYS_SKIPPED)  # Material's skip set: it matches by tag name
    context: list[Any] = []  # the open elements (Material's Element)
    tags: list[str] = []  # their names
    section: Any = None
    data: list[Any] = []
    for kind, name, attrs in tokens(html):
        if kind == "start":  # handle_starttag
            if name in _VOID:
                continue
            attributes = dict(attrs)
            element = Element(name, attributes)
            context.append(element)
            tags.append(name)
            if name in _HEADINGS:
                depth = len(context)
                if "id" in attributes:
                    if name != "h1" and not data:
                        section = Section(Element("hx"), depth)
                        data.append(section)
                    section = Section(element, depth)
                    if data:
                        section.id = attributes["id"]
                    data.append(section)
            if not section:
                section = Section(Element("hx"))
                data.append(section)
            if "data-search-exclude" in attributes or attributes.get("class") == "linenodiv":
                # Material checks the attributes in order and stops at the first
                # match: either way the element is skipped and nothing is kept.
                skip.add(name)
                continue
            if name in _KEPT and skip.isdisjoint(tags):
                target = section.title if section.el.tag in tags else section.text
                target.append(f"<{name}>")
        elif kind == "end":  # handle_endtag
            if not context or tags[-1] != name:
                continue
            if section.depth > len(context):
                for earlier in reversed(data):
                    if earlier.depth <= len(context):
                        section.depth = float("inf")
                        section = earlier
                        break
            context.pop()
            tags.pop()
            if name in skip:
                if name not in _ALWAYS_SKIPPED:
                    skip.discard(name)
                continue
            if name in _KEPT and skip.isdisjoint(tags):
                target = section.title if section.el.tag in tags else section.text
                index = target.index(f"<{name}>")
                for i in range(index + 1, len(target)):
                    if not target[i].isspace():
                        index = len(target)
                        break
                if len(target) > index:
                    del target[index:]
                else:
                    target.append(f"</{name}>")
        else:  # handle_data
            if not skip.isdisjoint(tags):
                continue
            text = name
            if "pre" not in tags:
                text = text.replace("\n", " ") if not text.isspace() else " "
            if not section:
                section = Section(Element("hx"))
                data.append(section)
            if section.el.tag in tags:
                if not any(element.tag == "a" and element.attrs.get("class") == "headerlink"
                           for element in context):
                    section.title.append(escape(text, quote=False))
            elif text.isspace():
                if not section.text or not section.text[-1].isspace() or "pre" in tags:
                    section.text.append(text)
            else:
                section.text.append(escape(text, quote=False))
    return data


#: A page's entries kept from the last build (None: not kept), and where new ones go.
Cached = Callable[[Page], "list[dict[str, Any]] | None"]
Made = Callable[[Page, "list[dict[str, Any]]"], None]


def _add_entries(index: Any, original: Callable[[Page], None], generated: Collection[str],
                 cached: Cached, made: Made, page: Page) -> None:
    """Material's ``add_entry_from_context``, with our pages' HTML read from tokens."""
    if page.file.src_uri not in generated:
        original(page)
        return
    kept = cached(page)
    if kept is not None:  # the page is as it was: so are its entries
        index.entries.extend(kept)
        return
    search = page.meta.get("search") or {}
    if search.get("exclude"):
        return
    first = len(index.entries)
    for section in _sections(page.content or ""):
        if not section.is_excluded():
            index.create_entry_for_section(section, page.toc, page.url, page)
    made(page, index.entries[first:])


def _nothing_kept(page: Page) -> None:
    return None


def _forget(page: Page, entries: list[dict[str, Any]]) -> None:
    pass


def index_generated_pages(config: MkDocsConfig, generated: Collection[str],
                          cached: Cached = _nothing_kept, made: Made = _forget) -> None:
    """Have this build's Material search index read the ``generated`` pages from tokens.

    :param cached: a page's entries from the last build, or ``None`` to index it
    :param made: told the entries indexed for a page, to keep them
    """
    if SearchIndex is None:
        return
    plugin = config.plugins.get("material/search")
    index = getattr(plugin, "search_index", None)
    if not isinstance(index, SearchIndex) or getattr(index, _WRAPPED, False):
        return
    original = index.add_entry_from_context
    index.add_entry_from_context = functools.partial(  # type: ignore[method-assign]
        _add_entries, index, original, generated, cached, made)
    setattr(index, _WRAPPED, True)
