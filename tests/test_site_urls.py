"""Links between pages (:mod:`briefings.site.urls`): the same links posixpath.relpath gives."""

from __future__ import annotations

import itertools
import posixpath

from briefings.site.urls import relative_url

URLS = ["", "ru/", "index.html", "ru/index.html", "tags/", "tags/page/2/", "briefings/talks/",
        "ru/briefings/talks/", "ru/briefings/talks.html", "briefings/talks.html", "feed.xml",
        "ru/feed.xml", "events/", "ru/events/a-b/", "a//b/", "./tags/", "ru/../tags/",
        "ru/tags/../briefings/x/", "search/search_index.json"]


def by_relpath(from_url: str, to_url: str) -> str:
    """What relative_url gave before it skipped posixpath's normalising."""
    folder = from_url if from_url.endswith("/") or not from_url else posixpath.dirname(from_url)
    link = posixpath.relpath("/" + to_url, "/" + folder)
    if to_url.endswith("/") or not to_url:
        link = "./" if link == "." else link + "/"
    return link


def test_every_link_is_the_one_relpath_gives() -> None:
    for from_url, to_url in itertools.product(URLS, repeat=2):
        assert relative_url(from_url, to_url) == by_relpath(from_url, to_url), (from_url, to_url)
