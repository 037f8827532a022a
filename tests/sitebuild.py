"""The sample site, built for real in a temporary folder: one implementation for every test.

The sample project is copied into a folder (:func:`projects.sample_project`),
with ``site_url`` and ``repo_url`` set (the sitemap and the "correct this
translation" links need them), tiny real Argos models for
Russian and Azerbaijani and none for Armenian. :func:`build_sample_site` builds it
twice with ``mkdocs build --strict`` in this process: once to draft, then again
after a translator reviewed the Russian title of one briefing, so every
translation status has a page. Used by ``tests/conftest.py``'s ``sample_site``
fixture (the i18n, validation and browser tests all read the one build), and
:func:`serve` serves it over HTTP the way it is published.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import tinymodels
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from projects import ARGOS_DIR, SITE_URL, sample_project

import briefings.collection
from briefings.translation.models import install_archive
from briefings.translation.pofile import read_catalog, write_catalog

LANGS = ("en", "hy", "az", "ru")
#: The sample briefings' slugs: one with a publication date, one without.
DATED = "aliyev-says-karabakh-operation-completed"
UNDATED = "azerbaijan-says-armenian-forces-pullback-has-begun"
#: What the translator of :func:`review_russian_title` writes.
REVIEWED_TITLE = "Президент Азербайджана заявил о завершении «операции в Карабахе»"


@dataclass
class Built:
    """A built sample project: its folder, its site, and what each build took."""

    project: Path
    site: Path
    seconds: list[float] = field(default_factory=list)
    analysed: list[int] = field(default_factory=list)  # articles analysed, per build

    def html(self, lang: str, url: str) -> str:
        """The HTML of page ``url`` (e.g. ``"briefings/x/"``) in ``lang``'s site."""
        return (self.site / root(lang) / url / "index.html").read_text("utf-8")


def root(lang: str) -> str:
    """A language's folder in the site: English at the top, others in ``<lang>/``."""
    return "" if lang == "en" else lang


def install_models(project: Path, ru_archive: Path, workdir: Path) -> None:
    """Tiny Argos models for en→ru (``ru_archive``) and en→az (built in ``workdir``)."""
    packages = project / ARGOS_DIR
    install_archive(ru_archive, packages)
    install_archive(tinymodels.build_argos_package(workdir, "en", "az", "0.0.1"), packages)


def build(built: Built) -> None:
    """One ``mkdocs build --strict`` of ``built.project``, counting the articles analysed."""
    calls = []
    real = briefings.collection.analyse

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args[0].slug)
        return real(*args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(briefings.collection, "analyse", counting)
        patch.delenv("BRIEFINGS_NO_TRANSLATE", raising=False)
        started = time.perf_counter()
        mkdocs_build(load_config(config_file=str(built.project / "mkdocs.yml"), strict=True))
        built.seconds.append(time.perf_counter() - started)
    built.analysed.append(len(calls))


def review_russian_title(project: Path) -> None:
    """A translator writes the Russian title of the dated briefing and drops "fuzzy"."""
    path = project / "translations" / "ru" / f"{DATED}.po"
    catalog = read_catalog(path, "ru")
    title = next(m for m in catalog if m.id and "Karabakh operation" in m.id
                 and m.auto_comments[:1] == ["title"])
    title.string = REVIEWED_TITLE
    title.flags.discard("fuzzy")
    write_catalog(catalog, path)


def build_sample_site(project_dir: Path, models_dir: Path, ru_archive: Path) -> Built:
    """Copy, install the models, build, review one Russian title, build again."""
    project = sample_project(project_dir, published=True, argos_packages_dir=ARGOS_DIR)
    install_models(project, ru_archive, models_dir)
    result = Built(project, project / "site")
    build(result)
    review_russian_title(project)
    build(result)
    return result


# -- serving the built site ----------------------------------------------------------------------


@dataclass(frozen=True)
class Served:
    """A site served on 127.0.0.1 under the path it is published at (``/briefings/``)."""

    site: Path
    port: int
    path: str  # SITE_URL's path, e.g. "/briefings/"

    @property
    def url(self) -> str:
        """The site's address on the local server, e.g. ``http://127.0.0.1:41234/briefings/``."""
        return f"http://127.0.0.1:{self.port}{self.path}"


class _SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files under one path, as GitHub Pages serves a project site."""

    prefix = "/"

    def end_headers(self) -> None:
        # LinkChecker waits 0.1-0.6 s between requests to one host unless the
        # server answers with this header (linkcheck/checker/httpurl.py).
        self.send_header("LinkChecker", "local test server")
        super().end_headers()

    def send_head(self):  # type: ignore[no-untyped-def]
        if not self.path.startswith(self.prefix):
            self.send_error(404)
            return None
        return super().send_head()

    def translate_path(self, path: str) -> str:
        return super().translate_path("/" + path.removeprefix(self.prefix))

    def log_message(self, format: str, *args: object) -> None:
        pass  # quiet: failures show up in the tests' assertions

    def handle(self) -> None:
        # A client that stops reading (LinkChecker skips bodies it does not need).
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            super().handle()


@contextlib.contextmanager
def serve(site: Path, site_url: str = SITE_URL) -> Iterator[Served]:
    """Serve ``site`` on 127.0.0.1 at a free port, in a thread, until the block ends.

    Pages are served under ``site_url``'s path, so a browser that sends
    ``site_url``'s host to this server sees the site exactly as published.
    """
    path = urlsplit(site_url).path or "/"
    handler = type("Handler", (_SiteHandler,), {"prefix": path})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(site))
    )
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield Served(site, server.server_address[1], path)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# -- tools the site tests need ------------------------------------------------------------------


def require(available: object, reason: str) -> None:
    """Skip the test when a tool is missing, except in CI (``CI`` set), where it fails.

    CI installs every tool (``.ci/run``), so a missing one there is a broken
    setup, not a reason to pass without testing.
    """
    if available:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: the tests must run here)", pytrace=False)
    pytest.skip(reason)
