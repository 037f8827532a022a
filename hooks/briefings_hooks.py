"""MkDocs hooks: a thin adapter from MkDocs' events to the briefings pipeline.

Everything of substance lives in the ``briefings`` package
(:mod:`briefings.site.mkdocs_builds` for the per-language builds); these
functions only pass MkDocs' events on. Problems are reported through MkDocs' log,
so that ``mkdocs build --strict`` fails on a bad article.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from briefings.site import mkdocs_builds

# MkDocs loads this file afresh for every configuration it loads, so this is the
# configuration of this build (on_build_error is not given it).
_config: MkDocsConfig | None = None


def on_startup(*, command: str, dirty: bool) -> None:
    mkdocs_builds.startup(command, dirty)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _config
    _config = config
    mkdocs_builds.start(config)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return mkdocs_builds.add_pages(files, config)


def on_page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    mkdocs_builds.set_alternates(page, config)
    return context


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    for path in mkdocs_builds.watched_paths(config):
        server.watch(path)
    return server


def on_post_build(config: MkDocsConfig) -> None:
    mkdocs_builds.finish(config)


def on_build_error(error: Exception) -> None:
    if _config is not None:
        mkdocs_builds.abandon(_config, error)
