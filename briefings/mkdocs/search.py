"""Material's search entries for our generated pages, read without ``html.parser``.

Material's search plugin reads every page's HTML with Python's ``html.parser``
to split it into sections (issue 18: a fifth of a rebuild). For our generated
pages, whose HTML is sanitized and well formed, :func:`briefings.site.search.sections`
applies the same section rules in one pass over the page, and Material's own
entry builder makes the entries from those sections, so the entries are the
ones Material makes: same ``location``, ``title`` and ``text``, in the same
order, in each language's own index. Other pages (the site's own docs,
written in Markdown) are indexed by Material as before.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection
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
