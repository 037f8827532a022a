"""Real-browser fixtures: Debian's Chromium, driven by Playwright, reading the sample site.

The site is the session's ``sample_site`` (tiny real models for ru and az, none for
hy), served on 127.0.0.1 at a free port by ``served_site``. The browser reads it
at its published address, :data:`sitebuild.SITE_URL`: Chromium's host resolver
sends that host to the local server, so links, redirects, hreflang alternates and
Material's own requests behave exactly as on the published site.

Other hosts are not part of the site. The theme asks two of them for things
(Google Fonts for its fonts, GitHub's API for the repository's stars); they get
an empty answer, so the tests need no network. A request to any other host is a
problem the tests report: a page should not call on services no one chose.

Without Chromium, Playwright or axe-core the tests are skipped, with the reason;
with ``CI`` set they fail instead (see :func:`sitebuild.require`).
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import pytest
from sitebuild import SITE_URL, Served, require, root

if TYPE_CHECKING:
    from playwright.sync_api import Browser, ConsoleMessage, Page, Response, Route

#: How Chromium is started: headless, without a sandbox (CI runs as root in a
#: container), and without any of its own traffic (updates, sync, field trials).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: A desktop window: Material shows the search box and the table of contents.
VIEWPORT = {"width": 1280, "height": 900}
#: axe-core, installed from tests/browser/package-lock.json by ``npm ci``.
AXE = Path(__file__).parent / "node_modules" / "axe-core" / "axe.min.js"
#: Hosts the theme calls on, and what they answer here (see the module docstring).
THIRD_PARTIES = {
    "fonts.googleapis.com": ("text/css", ""),
    "fonts.gstatic.com": ("font/woff2", ""),
    "api.github.com": ("application/json", "{}"),
}
SITE_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(SITE_URL))
#: Chromium's report of a resource answered with 404.
NOT_FOUND = re.compile(r"Failed to load resource: the server responded with a status of 404\b")


def chromium_executable() -> str | None:
    """Debian's Chromium (``CHROMIUM`` overrides); never a browser Playwright downloads."""
    candidates = [os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"]
    return next((c for c in candidates if c and os.access(c, os.X_OK)), None)


def page_url(lang: str, path: str = "") -> str:
    """The published address of ``path`` (e.g. ``"briefings/x/"``) in ``lang``'s site."""
    return SITE_URL + (f"{root(lang)}/" if root(lang) else "") + path


class _AlternateLinks(HTMLParser):
    """The ``href`` of every ``<link rel="alternate">`` of a page."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "link" and values.get("rel") == "alternate" and values.get("href"):
            self.hrefs.append(values["href"] or "")


def sitemap_probes(site: Path, url: str) -> set[str]:
    """The ``sitemap.xml`` addresses Material's language integration asks for on page ``url``.

    For every ``<link rel="alternate">`` of a page (each hreflang alternate and the
    feed) Material fetches ``sitemap.xml`` relative to the link, expecting the link
    to be a language's root: it wants the sitemap to find the same page in the
    other language. Our alternates are the page itself in each language, so the
    addresses are ``<page>/sitemap.xml``, which do not exist (except at a
    language's root, which has the sitemap of that language's pages). The
    language switcher does not need them: it links to the same page itself.
    """
    relative = url.removeprefix(SITE_URL)
    file = site / relative / "index.html" if relative.endswith("/") or not relative else None
    if file is None or not file.is_file():
        file = site / relative
    if not file.is_file():
        return set()
    hrefs = _AlternateLinks(file.read_text("utf-8")).hrefs
    return {urljoin(urljoin(url, href), "sitemap.xml") for href in hrefs}


@dataclass
class Tab:
    """A browser tab reading the site, and everything that went wrong in it.

    ``problems`` collects console errors, uncaught exceptions and requests to
    unexpected hosts on every page the tab shows. ``probes`` are the 404s of
    Material's sitemap requests (:func:`sitemap_probes`), kept apart: they are
    the one console error the site is known to cause, and a test says so.
    """

    page: Page
    site: Path
    problems: list[str] = field(default_factory=list)
    probes: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)
    _messages: list[tuple[str, str, str]] = field(default_factory=list)

    def open(self, lang: str, path: str = "") -> Response:
        """Go to ``path`` in ``lang``'s site and wait until the page is quiet."""
        url = page_url(lang, path)
        response = self.page.goto(url, wait_until="networkidle")
        assert response is not None and response.status == 200, (url, response)
        return response

    def open_all(self, pages: list[tuple[str, str]], tabs: int = 4) -> None:
        """Open every ``(lang, path)``, a few tabs at a time, each until it is quiet."""
        extra = [self.page.context.new_page() for _ in range(tabs - 1)]
        for page in extra:
            self.watch(page)
        workers = [self.page, *extra]
        for start in range(0, len(pages), tabs):
            batch = list(zip(workers, pages[start:start + tabs], strict=False))
            responses = [page.goto(page_url(*where), wait_until="commit") for page, where in batch]
            for (page, where), response in zip(batch, responses, strict=True):
                assert response is not None and response.status == 200, (where, response)
                page.wait_for_load_state("networkidle")
        for page in extra:
            page.close()

    def watch(self, page: Page) -> None:
        """Collect ``page``'s console errors, uncaught exceptions and addresses."""

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                location = message.location.get("url", "") if message.location else ""
                self._messages.append((page.url, message.text, location))

        def on_page_error(error: Any) -> None:
            self.problems.append(f"{page.url}: uncaught exception: {error}")

        def on_navigation(frame: Any) -> None:
            if frame == page.main_frame:
                self.visited.append(frame.url)

        page.on("console", on_console)
        page.on("pageerror", on_page_error)
        page.on("framenavigated", on_navigation)

    def sort_messages(self) -> None:
        """Move console errors into ``problems`` or ``probes`` (once pages are quiet)."""
        allowed = set().union(*(sitemap_probes(self.site, url) for url in self.visited))
        for url, text, location in self._messages:
            if NOT_FOUND.match(text) and location in allowed:
                self.probes.append(location)
            else:
                self.problems.append(f"{url}: console error: {text} ({location or 'no source'})")
        self._messages.clear()


@pytest.fixture(scope="session")
def chromium() -> str:
    """Chromium's executable, once Playwright and Chromium are known to be there."""
    require(importlib.util.find_spec("playwright"), "needs Playwright for Python "
            "(pip install -e '.[test]')")
    executable = chromium_executable()
    require(executable, "needs Chromium: apt-get install chromium (or set CHROMIUM)")
    return str(executable)


@pytest.fixture(scope="session")
def browser(chromium: str, served_site: Served) -> Iterator[Browser]:
    """Chromium, headless, with a fresh temporary profile (Playwright makes one per launch)."""
    from playwright.sync_api import sync_playwright

    host = urlsplit(SITE_URL).hostname
    # Every other host fails to resolve: nothing leaves the machine.
    rules = f"MAP {host} 127.0.0.1:{served_site.port}, MAP * ~NOTFOUND"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium,
            args=[*CHROMIUM_ARGS, f"--host-resolver-rules={rules}"],
            headless=True,
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def tab(browser: Browser, served_site: Served) -> Iterator[Tab]:
    """A fresh browser context (no cookies, no storage) with one tab; fails on problems."""
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[arg-type]
    page = context.new_page()
    tab = Tab(page, served_site.site)

    def third_party(route: Route) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if host in THIRD_PARTIES:
            content_type, body = THIRD_PARTIES[host]
            route.fulfill(status=200, content_type=content_type, body=body)
        else:
            tab.problems.append(f"{page.url}: request to an unexpected host: {route.request.url}")
            route.abort()

    context.route(lambda url: not url.startswith(SITE_ORIGIN + "/"), third_party)
    tab.watch(page)
    try:
        yield tab
        tab.sort_messages()
    finally:
        context.close()
    assert tab.problems == [], "\n".join(tab.problems)


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's browser build (``npm ci`` in tests/browser; scripts/test.sh runs it)."""
    require(AXE.is_file(), f"needs axe-core: run `npm ci` in {AXE.parent.parent.parent}")
    return AXE
