"""The ``briefings`` MkDocs plugin: ``plugins: [search, briefings]`` in a site's mkdocs.yml.

The plugin passes MkDocs' events on to :mod:`briefings.mkdocs.builds` (the
per-language builds) and wires in what the pages need from the theme: the
templates and stylesheet in ``overrides/`` next to this module, shipped inside
the package. A site needs no copy of them; its own ``theme.custom_dir`` still
comes first, so it can override any of our templates, as it can Material's.

The functions below are the whole adapter; :class:`BriefingsPlugin` and
``hooks/briefings_hooks.py`` (a site that runs briefings from hooks, with its
settings under ``extra.briefings``) both call them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from briefings.mkdocs import builds, failures, search
from briefings.mkdocs.config import BriefingsConfig

#: Our templates (Material's main.html and partials, changed) and the stylesheet.
OVERRIDES = Path(__file__).resolve().parent / "overrides"
#: The briefing pages' stylesheet, as the site links it (a file of the theme dirs).
STYLESHEET = "assets/briefings.css"


def wire_theme(config: MkDocsConfig) -> None:
    """Put our templates after the site's ``custom_dir`` and before Material's; link the CSS."""
    if config.theme.name != "material":
        raise PluginError(f"briefings: {config.config_file_path}: theme.name must be material "
                          f"(the briefing pages extend Material's templates), not "
                          f"{config.theme.name!r}")
    ours = str(OVERRIDES)
    if ours not in config.theme.dirs:
        at = 1 if config.theme.custom_dir else 0
        config.theme.dirs.insert(at, ours)
    if STYLESHEET not in [str(css) for css in config.extra_css]:
        # First, so that a site's own stylesheets come after ours and win.
        config.extra_css.insert(0, STYLESHEET)


def require_stylesheet(files: Files) -> None:
    """Fail the build rather than publish unstyled briefing pages."""
    if files.get_file_from_path(STYLESHEET) is None:
        raise PluginError(f"briefings: the stylesheet {STYLESHEET} is missing from the site "
                          f"(it ships in {OVERRIDES}); is the package installed whole?")


def on_startup(command: str, dirty: bool) -> None:
    builds.startup(command, dirty)


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    wire_theme(config)
    builds.start(config)
    return config


def share_theme(config: MkDocsConfig) -> MkDocsConfig:
    """``on_config``, before every other plugin's: see :func:`builds.share_compiled_templates`."""
    builds.share_compiled_templates(config)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    require_stylesheet(files)
    return builds.add_pages(files, config)


def on_pre_page(page: Page, config: MkDocsConfig) -> Page:
    return failures.guard_page(builds.prepare_page(page, config), config)


def on_nav(nav: Navigation, config: MkDocsConfig) -> Navigation:
    builds.keep_nav(nav, config)
    return nav


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    builds.share_templates(env)
    builds.reuse_pages(config, files)
    build, lang = builds.current(config)
    failures.forget_failed(build.navs.get(lang))
    return env


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig) -> dict[str, Any]:
    builds.set_alternates(page, config)
    builds.cached_content(page, config)
    return context


def index_page(page: Page, config: MkDocsConfig) -> None:
    """``on_page_context``, before Material's: a generated page's search entries (see search)."""
    search.index_page(page, config)


def after_page_indexed(config: MkDocsConfig) -> None:
    """``on_page_context``, after Material's: its search handler on again."""
    search.after_page(config)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return failures.leave_out(builds.keep_page(output, page, config), page)


def on_serve(server: LiveReloadServer, config: MkDocsConfig) -> LiveReloadServer:
    for path in builds.watched_paths(config):
        server.watch(path)
    return server


#: Before Material's search plugin (priority 0) indexes a page or writes its index: see
#: index_page and write_search_index.
BEFORE_SEARCH_INDEX = 50
#: After every other handler of a page's context (Material's search plugin's included).
AFTER_SEARCH_PAGE = -100
#: Before every other plugin's configuration (Material's search plugin renders
#: theme templates in its own): see share_theme.
FIRST_CONFIG = 100


def write_search_index(config: MkDocsConfig) -> None:
    """``on_post_build``, before Material's: the search index written one entry at a time."""
    search.write_index(config)


def on_post_build(config: MkDocsConfig) -> None:
    search.restore_index_writer(config)
    builds.finish(config)


def on_build_error(config: MkDocsConfig, error: Exception) -> None:
    search.restore_index_writer(config)
    builds.abandon(config, error)


class BriefingsPlugin(BasePlugin[BriefingsConfig]):
    """Briefing pages in every language, from ``content/`` and ``translations/``.

    It has ``on_startup`` (to know whether the build publishes atomically), so
    ``mkdocs serve`` keeps one instance across rebuilds; each language's nested
    build still loads its own configuration, and with it a new instance.
    """

    def __init__(self) -> None:
        self._config: MkDocsConfig | None = None

    def on_startup(self, *, command: str, dirty: bool) -> None:
        on_startup(command, dirty)

    @event_priority(FIRST_CONFIG)
    def _share_theme(self, config: MkDocsConfig) -> MkDocsConfig:
        return share_theme(config)

    def _configure(self, config: MkDocsConfig) -> MkDocsConfig:
        self._config = config
        return on_config(config)

    on_config = CombinedEvent(_share_theme, _configure)

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        return on_files(files, config)

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page:
        return on_pre_page(page, config)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        return on_nav(nav, config)

    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        return on_env(env, config, files)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return on_post_page(output, page, config)

    @event_priority(BEFORE_SEARCH_INDEX)
    def _index_page(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                    nav: Navigation) -> dict[str, Any]:
        index_page(page, config)
        return context

    def _page_context(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                      nav: Navigation) -> dict[str, Any]:
        return on_page_context(context, page, config)

    @event_priority(AFTER_SEARCH_PAGE)
    def _page_indexed(self, context: dict[str, Any], *, page: Page, config: MkDocsConfig,
                      nav: Navigation) -> dict[str, Any]:
        after_page_indexed(config)
        return context

    # Three handlers: before Material's search plugin, beside it, and after it.
    on_page_context = CombinedEvent(_index_page, _page_context, _page_indexed)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig,
                 builder: Any) -> LiveReloadServer:
        return on_serve(server, config)

    @event_priority(BEFORE_SEARCH_INDEX)
    def _write_search_index(self, *, config: MkDocsConfig) -> None:
        write_search_index(config)

    def _finish(self, *, config: MkDocsConfig) -> None:
        on_post_build(config)

    # Two handlers of one event: one before Material's search plugin, one after it.
    on_post_build = CombinedEvent(_write_search_index, _finish)

    def on_build_error(self, *, error: Exception) -> None:
        if self._config is not None:
            on_build_error(self._config, error)
