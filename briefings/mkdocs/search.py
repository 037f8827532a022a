"""Material's search entries for our generated pages, read without ``html.parser``.

Material's search plugin reads every page's HTML with Python's ``html.parser``
to split it into sections (issue 18: a fifth of a rebuild). For our generated
pages, whose HTML is sanitized and well formed, :func:`briefings.site.search.sections`
applies the same section rules in one pass over the page, and Material's own
entry builder makes the entries from those sections, so the entries are the
ones Material makes: same ``location``, ``title`` and ``text``, in the same
order, in each language's own index. Other pages (the site's own docs,
written in Markdown) are indexed by Material as before.

Two handlers of ours run before Material's: one indexes each generated page
in ``on_page_context`` (:func:`index_page`, with Material's handler off for
that page), one writes the index in ``on_post_build`` one entry at a time
(:func:`write_index`); each has a partner after Material's that switches its
handler on again.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from briefings.site.search import sections

try:
    from material.plugins.search.plugin import SearchIndex
except ImportError:  # pragma: no cover - Material is a dependency; be safe with other themes
    SearchIndex = None  # type: ignore[assignment,misc]

#: Marks a search index already taking our pages' sections from :func:`sections`.
_WRAPPED = "_briefings_tokens"
#: Marks a search plugin whose index :func:`write_index` wrote (its own writing was off).
_WRITTEN = "_briefings_wrote_index"
#: Marks a search plugin switched off for one page by :func:`index_page` (until
#: :func:`after_page`).
_PAGE_DONE = "_briefings_indexed_page"
#: The source paths of an index's generated pages (set by :func:`index_generated_pages`).
_GENERATED = "_briefings_generated"
#: Whether :func:`write_index` writes the index (off: Material's plugin writes it whole).
STREAMED_INDEX = True
#: Whether :func:`index_page` indexes generated pages before Material's plugin does.
PAGES_FIRST = True
#: What Material's ``on_page_context`` removes from every page after indexing it.
_SEARCH_ATTRIBUTE = re.compile(r"\s?data-search-\w+=\"[^\"]+\"")


#: A page's entries kept from the last build (None: not kept), and where new ones go.
Cached = Callable[[Page], "list[dict[str, Any]] | None"]
Made = Callable[[Page, "list[dict[str, Any]]"], None]


def _add_entries(index: Any, original: Callable[[Page], None], generated: Collection[str],
                 cached: Cached, made: Made, page: Page) -> None:
    """Material's ``add_entry_from_context``, with our pages' sections from :func:`sections`."""
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
    for section in sections(page.content or ""):
        if not section.is_excluded():
            index.create_entry_for_section(section, page.toc, page.url, page)
    made(page, index.entries[first:])


def _nothing_kept(page: Page) -> None:
    return None


def _forget(page: Page, entries: list[dict[str, Any]]) -> None:
    pass


def index_generated_pages(config: MkDocsConfig, generated: Collection[str],
                          cached: Cached = _nothing_kept, made: Made = _forget) -> None:
    """Have this build's Material search index read the ``generated`` pages' sections in one pass.

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
    setattr(index, _GENERATED, generated)


def index_page(page: Page, config: MkDocsConfig) -> None:
    """``on_page_context``, before Material's: a generated page indexed as Material would.

    Material's handler indexes the page and then runs a regular expression
    over its whole HTML, to remove ``data-search-*`` attributes, on every
    page (0.45 ms of a 36 kB page: 2 % of a fresh build's CPU at N = 200).
    Ours have none: this indexes the page the same way (:func:`_add_entries`),
    removes such attributes only where there are some, and switches
    Material's handler off for this page alone; :func:`after_page` switches
    it on again.
    """
    plugin = config.plugins.get("material/search")
    index = getattr(plugin, "search_index", None)
    if (not PAGES_FIRST or SearchIndex is None or not isinstance(index, SearchIndex)
            or not plugin.config.enabled
            or page.file.src_uri not in getattr(index, _GENERATED, ())):
        return
    index.add_entry_from_context(page)
    if page.content and "data-search-" in page.content:
        page.content = _SEARCH_ATTRIBUTE.sub("", page.content)
    plugin.config.enabled = False
    setattr(plugin, _PAGE_DONE, True)


def after_page(config: MkDocsConfig) -> None:
    """``on_page_context``, after Material's: its handler is on again for the next page."""
    plugin = config.plugins.get("material/search")
    if getattr(plugin, _PAGE_DONE, False):
        plugin.config.enabled = True
        setattr(plugin, _PAGE_DONE, False)


def write_index(config: MkDocsConfig) -> None:
    """Write this build's ``search/search_index.json`` one entry at a time, before Material.

    Material's ``on_post_build`` makes the whole index as one JSON string and
    then its encoded copy, both held at once: 37.6 MB each for the Russian
    site at N = 1,000, the top of a build's memory. The bytes written here are the
    same (compact JSON of ``{"config": ..., "docs": [...]}``, each entry as
    ``json.dumps`` writes it), and Material's writing is switched off for this
    build, until :func:`restore_index_writer`. Left to Material: any build
    whose index we do not fill (another theme, a site without our pages) and
    ``mkdocs serve --dirty``, which merges the index with the last build's.
    """
    plugin = config.plugins.get("material/search")
    index = getattr(plugin, "search_index", None)
    if (not STREAMED_INDEX or SearchIndex is None or not isinstance(index, SearchIndex)
            or not getattr(index, _WRAPPED, False) or not plugin.config.enabled
            or getattr(plugin, "is_dirty", True) or getattr(plugin, "search_index_prev", None)):
        return
    try:
        settings = {key: index.config[key] for key in ("lang", "separator", "pipeline", "fields")}
    except (AttributeError, KeyError):  # another Material than the one this was written for
        return
    path = Path(config.site_dir) / "search" / "search_index.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "wb") as index_file:
        index_file.writelines(_index_pieces(settings, index.entries))
    plugin.config.enabled = False
    setattr(plugin, _WRITTEN, True)


def _index_pieces(settings: dict[str, Any], entries: list[dict[str, Any]]) -> Iterator[bytes]:
    """``json.dumps({"config": settings, "docs": entries}, separators=(",", ":"), default=str)``,
    encoded, a piece per entry."""
    dumps = functools.partial(json.dumps, separators=(",", ":"), default=str)
    yield f'{{"config":{dumps(settings)},"docs":['.encode()
    for number, entry in enumerate(entries):
        yield (f",{dumps(entry)}" if number else dumps(entry)).encode()
    yield b"]}"


def restore_index_writer(config: MkDocsConfig) -> None:
    """After Material's ``on_post_build``: its plugin writes its index again next time."""
    after_page(config)  # a build that failed between a page's two handlers
    plugin = config.plugins.get("material/search")
    if getattr(plugin, _WRITTEN, False):
        plugin.config.enabled = True
        setattr(plugin, _WRITTEN, False)
