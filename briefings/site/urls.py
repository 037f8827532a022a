"""Where pages live: source paths, URLs and links between them, in every language.

The site has one root per language: the articles' language (English unless
``source_language`` says otherwise) at the top, every other language under
``<lang>/``. Each root is a site of its own (its own search index, its own
404 page), so a page's URL inside its root is the same in every language:
``briefings/<slug>/`` is English at ``/briefings/<slug>/`` and Russian at
``/ru/briefings/<slug>/``.

URLs here are relative to the top of the whole site, without a leading slash,
the way MkDocs writes ``Page.url``: ``""`` is the English home page.
"""

from __future__ import annotations

import functools
import posixpath

from briefings.languages import SOURCE_LANGUAGE

__all__ = ["SOURCE_LANGUAGE", "absolute_url", "language_root", "page_url", "relative_url",
           "site_url_of"]


def page_url(src_uri: str, use_directory_urls: bool = True) -> str:
    """The URL of the page made from ``src_uri``, relative to its language's root.

    >>> page_url("briefings/talks.md"), page_url("tags/index.md"), page_url("index.md")
    ('briefings/talks/', 'tags/', '')
    >>> page_url("briefings/talks.md", use_directory_urls=False)
    'briefings/talks.html'
    """
    stem = src_uri.removesuffix(".md")
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def language_root(lang: str, source: str = SOURCE_LANGUAGE) -> str:
    """The folder of ``lang``'s pages: ``""`` for the articles' language ``source``.

    >>> language_root("ru"), language_root("en"), language_root("en", source="ru")
    ('ru/', '', 'en/')
    """
    return "" if lang == source else f"{lang}/"


def site_url_of(src_uri: str, lang: str, use_directory_urls: bool = True,
                source: str = SOURCE_LANGUAGE) -> str:
    """The URL of ``src_uri`` in ``lang``, relative to the top of the whole site.

    >>> site_url_of("briefings/talks.md", "ru")
    'ru/briefings/talks/'
    >>> site_url_of("briefings/talks.md", "ru", source="ru")
    'briefings/talks/'
    """
    return language_root(lang, source) + page_url(src_uri, use_directory_urls)


@functools.lru_cache(maxsize=1 << 17)
def relative_url(from_url: str, to_url: str) -> str:
    """A link from the page at ``from_url`` to ``to_url`` (both from the top of the site).

    >>> relative_url("ru/briefings/talks/", "briefings/talks/")
    '../../../briefings/talks/'
    >>> relative_url("", "ru/"), relative_url("tags/", "tags/")
    ('ru/', './')
    >>> relative_url("ru/briefings/talks.html", "ru/index.html")
    '../index.html'
    """
    folder = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    start = [part for part in folder.split("/") if part]
    path = [part for part in to_url.split("/") if part]
    if any(part in (".", "..") for part in (*start, *path)):
        link = posixpath.relpath("/" + to_url, "/" + folder)
    else:
        # posixpath.relpath's own steps, without its normalising of paths that
        # need none (a build asks for tens of thousands of links).
        common = 0
        for mine, theirs in zip(start, path, strict=False):
            if mine != theirs:
                break
            common += 1
        link = "/".join([".."] * (len(start) - common) + path[common:]) or "."
    if to_url.endswith("/") or not to_url:
        link = "./" if link == "." else link + "/"
    return link


def absolute_url(site_url: str | None, url: str) -> str:
    """``url`` under ``site_url`` (the site's address), or from the server's root without one.

    >>> absolute_url("https://example.org/news", "ru/briefings/talks/")
    'https://example.org/news/ru/briefings/talks/'
    >>> absolute_url(None, "ru/")
    '/ru/'
    """
    if not site_url:
        return "/" + url
    return site_url.rstrip("/") + "/" + url
