"""MkDocs hooks: this repository's sample site runs briefings from here.

A thin adapter: each event goes to :mod:`briefings.mkdocs.plugin`, the code the
``briefings`` plugin runs too, so the two routes build the same site. The
settings are read from ``extra: briefings:`` and checked by the plugin's schema
(:class:`briefings.mkdocs.config.BriefingsConfig`): a misspelt setting fails the
build. A site repository needs no hooks: ``plugins: [search, briefings]``.
"""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from briefings.mkdocs import plugin

# MkDocs loads this file once per process and hands every configuration it
# loads (one per language's build) to the same functions; on_build_error is
# given none, so the last one configured is kept for it.
_config: MkDocsConfig | None = None


def on_startup(*, command: str, dirty: bool) -> None:
    plugin.on_startup(command, dirty)


@event_priority(plugin.FIRST_CONFIG)
def _share_theme(config: MkDocsConfig) -> MkDocsConfig:
    return plugin.share_theme(config)


def _configure(config: MkDocsConfig) -> MkDocsConfig:
    global _config
    if "briefings" in config.plugins:
        raise PluginError("briefings: the briefings plugin and hooks/briefings_hooks.py would "
                          "build the site twice; keep one")
    _config = config
    return plugin.on_config(config)


# Before every other plugin's configuration, and in turn with them.
on_config = CombinedEvent(_share_theme, _configure)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    return plugin.on_files(files, config)


def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    return plugin.on_pre_page(page, config)


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    return plugin.on_nav(nav, config)


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    return plugin.on_env(env, config, files)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return plugin.on_post_page(output, page, config)


@event_priority(plugin.BEFORE_SEARCH_INDEX)
def _index_page(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    plugin.index_page(page, config)
    return context


def _page_context(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    return plugin.on_page_context(context, page, config)


@event_priority(plugin.AFTER_SEARCH_PAGE)
def _page_indexed(
    context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
) -> dict[str, Any]:
    plugin.after_page_indexed(config)
    return context


# Before Material's search plugin indexes the page, beside it, and after it.
on_page_context = CombinedEvent(_index_page, _page_context, _page_indexed)


def on_serve(server: LiveReloadServer, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
    return plugin.on_serve(server, config)


@event_priority(plugin.BEFORE_SEARCH_INDEX)
def _write_search_index(config: MkDocsConfig) -> None:
    plugin.write_search_index(config)


def _finish(config: MkDocsConfig) -> None:
    plugin.on_post_build(config)


# One handler before Material's search plugin writes its index, one after it.
on_post_build = CombinedEvent(_write_search_index, _finish)


def on_build_error(error: Exception) -> None:
    if _config is not None:
        plugin.on_build_error(_config, error)
