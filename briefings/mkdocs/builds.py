"""MkDocs: one build per language, all from a single parse of the articles.

Part of the MkDocs adapter (``briefings/mkdocs/``, the only package that imports
MkDocs; the plugin and ``hooks/briefings_hooks.py`` hand it MkDocs' events). Why one build per
language and not mkdocs-static-i18n: see ``docs/decisions/i18n.md``. In short,
each language must be a site of its own root, ``site/<lang>/``, so that Material
loads that language's search index (``/<lang>/search/search_index.json``) with
that language's lunr module, and shows its interface in that language.

How a build goes:

1. ``mkdocs build`` starts the English build. Its ``on_config`` takes the
   project's lock for the whole build and does what ``briefings translate``
   does, through the same module (:class:`briefings.run.Run`): parses and
   analyses every article once, updates the catalogs (drafting when a model
   is there, unless ``drafts_on_build`` is off); it keeps the result in
   :data:`_BUILDS` under a new build id, written into ``config.extra``.
2. Each build adds its language's generated pages (``on_files``) and sets, for
   each page, the language switcher and the hreflang alternates
   (``on_page_context``).
3. Every other language is built into ``site/<lang>/`` with the same mkdocs.yml
   loaded again: the theme's language and the search language are set per
   language, and the build id in ``config.extra`` points the nested build's
   hooks at the same collection. On a machine with several cores, worker
   processes forked from the English build (once MkDocs has cleaned
   ``site/``) build some languages while English is built, sharing the parsed
   collection without parsing again (``build_workers`` in mkdocs.yml; 1 builds
   everything in one process). The English build's ``on_post_build`` builds
   the languages left to it, waits for the workers, and writes one
   ``sitemap.xml`` for all languages.
4. Publishing is atomic: the whole site is built into a new hidden folder
   beside ``site_dir`` (:func:`briefings.site.publish.staging_folder`), and only
   a build that succeeded swaps it in (:func:`briefings.site.publish.publish`).
   A build that fails, is killed or fills the disk leaves the previous site
   whole; what it left behind is removed by the next build. ``mkdocs serve``
   and ``--dirty`` builds write in place, as MkDocs does.

Forked workers end with the build: they die with their parent (a parent-death
signal), close their copies of the lock and of the other workers' pipes, so a
killed build leaves no process behind holding the project's lock.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import hashlib
import importlib.metadata
import json
import logging
import multiprocessing
import os
import sys
import tempfile
import time
import types
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from gettext import ngettext
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import jinja2
import jinja2.bccache
from markupsafe import escape
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.contrib.search import LangOption
from mkdocs.exceptions import Abort, BuildError, PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from briefings.cache import RunCache
from briefings.errors import BriefingsError, one_line
from briefings.events import project_events
from briefings.lock import project_lock
from briefings.mkdocs.config import project_of
from briefings.mkdocs.render import HtmlPageRenderer, rendered
from briefings.mkdocs.search import index_generated_pages
from briefings.pagecache import PageCache, content_digest, page_key
from briefings.parallel import quiet_signals, worker_count
from briefings.run import Run
from briefings.site import publish
from briefings.site.build import Kept, Site
from briefings.site.interface import language_name, unreviewed_interface
from briefings.site.pages import PageLanguage, not_found_text
from briefings.site.sitemap import SitemapPage, gzipped, sitemap_xml
from briefings.site.templating import overrides_in
from briefings.site.urls import absolute_url, language_root, relative_url
from briefings.translation.engines import release_models

log = logging.getLogger("mkdocs.plugins.briefings")

#: Where a build's id and language are kept in ``config.extra``.
BUILD_KEY = "briefings_build"
#: The search pipeline of a language with a lunr module: its stop words (and
#: English ones), no stemmer. Material's search adds "*" to every query term and
#: lunr does not stem wildcard terms, so with a stemmed index a whole word longer
#: than its stem finds nothing ("Хронология" against "хронолог"); measured in
#: docs/decisions/i18n.md.
SEARCH_PIPELINE = ["stopWordFilter"]


@dataclass
class BuildStats:
    """What one build did and where its time went, logged at its end.

    ``seconds`` holds wall-clock time per stage: ``articles`` (collect),
    ``events`` (grouping the articles), ``catalogs`` (merge and draft),
    ``pages:<lang>`` (making a language's pages) and ``mkdocs:<lang>``
    (MkDocs' own build of that language, pages made included).
    """

    articles: int = 0
    analysed: int = 0  # articles parsed and analysed by this build (the rest were cached)
    catalogs_parsed: int = 0
    segments: dict[str, int] = field(default_factory=dict)  # sent to the engine, per language
    seconds: dict[str, float] = field(default_factory=dict)
    worker_peak_mb: list[float] = field(default_factory=list)  # each worker process's peak
    # Generated pages per language: (rendered, kept from the page cache as they were).
    pages: dict[str, tuple[int, int]] = field(default_factory=dict)
    # Generated pages per language whose HTML was made (the rest were recalled unmade).
    made: dict[str, int] = field(default_factory=dict)
    # Recalled pages per language whose HTML was read: those finished again (a no-op
    # build reads none), or all when another plugin reads pages' HTML as they render.
    html_read: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line, e.g. "1 briefing (analysed), 3 catalogs merged, 0 segments machine-translated".

        Counts take the singular or plural through :func:`gettext.ngettext`, as
        our messages would in a catalog.
        """
        stages = ", ".join(f"{name} {value:.2f} s" for name, value in self.seconds.items())
        sent = sum(self.segments.values())
        cached = self.articles - self.analysed
        if not cached:
            source = ngettext("analysed", "all analysed", self.articles)
        elif not self.analysed:
            source = ngettext("from the cache", "all from the cache", self.articles)
        else:
            source = f"{self.analysed} analysed, {cached} from the cache"
        parts = [
            ngettext("%d briefing", "%d briefings", self.articles) % self.articles
            + (f" ({source})" if self.articles else ""),
            ngettext("%d catalog merged", "%d catalogs merged", self.catalogs_parsed)
            % self.catalogs_parsed,
            ngettext("%d segment machine-translated", "%d segments machine-translated", sent)
            % sent,
        ]
        rendered = sum(done for done, _ in self.pages.values())
        kept = sum(kept for _, kept in self.pages.values())
        if rendered or kept:
            made = sum(self.made.values())
            parts.append(f"{rendered} pages rendered and {kept} kept as they were "
                         f"({made} made from the briefings)")
        return ", ".join(parts) + (f"; {stages}" if stages else "")


#: Generated pages skip Python-Markdown (:mod:`briefings.mkdocs.render`); False
#: renders them as any Markdown page, as before issue 18 (a test compares both).
HTML_PAGES = True
#: Material's search takes generated pages' sections from :func:`briefings.site.search.sections`,
#: not ``html.parser`` (:mod:`briefings.mkdocs.search`); False as before issue 18.
SEARCH_FROM_TOKENS = True

#: Unchanged generated pages are kept from the last build (:mod:`briefings.pagecache`).
PAGE_CACHE = True
#: The template of a page kept from the cache: its output as it was.
CACHED_TEMPLATE = "briefings-cached-page.html"

#: The statistics of the last build that finished in this process (for benchmarks).
last_build: BuildStats | None = None


class DraftingProgress:
    """Drafting during ``mkdocs build`` or ``serve``, told in the log with an estimate.

    A line when a language starts, then at most one every :attr:`every`
    seconds, and one when it is done: with a real model drafting can take
    hours, and a silent build looks hung.
    """

    every = 10.0

    def __init__(self, clock: Any = time.monotonic) -> None:
        self.clock = clock
        self.started: dict[str, float] = {}
        self.told: dict[str, float] = {}

    def __call__(self, lang: str, done: int, total: int) -> None:
        now = self.clock()
        if lang not in self.started or done == 0:
            self.started[lang], self.told[lang] = now, now
            log.info("briefings: drafting %s: %s", lang,
                     ngettext("%d segment", "%d segments", total) % total)
            return
        if done < total and now - self.told[lang] < self.every:
            return
        self.told[lang] = now
        elapsed = now - self.started[lang]
        if done >= total:
            log.info("briefings: drafted %s: %d of %d segments in %s", lang, done, total,
                     _duration(elapsed))
            return
        left = elapsed * (total - done) / done if done else 0.0
        log.info("briefings: drafting %s: %d of %d segments (%d%%), about %s left", lang, done,
                 total, 100 * done // total, _duration(left))


def _duration(seconds: float) -> str:
    """``seconds`` as a person reads it: "40 s", "3 min", "2 h 5 min"."""
    if seconds < 60:
        return f"{seconds:.0f} s"
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} min"
    return f"{minutes // 60} h {minutes % 60} min"


@dataclass
class _Worker:
    """Languages built by one forked process, and the pipe its results come back through."""

    languages: list[str]
    process: multiprocessing.process.BaseProcess
    results: Connection


@dataclass
class SiteBuild:
    """One ``mkdocs build``: its collection, parsed once, and what every language made."""

    id: str
    site: Site  # the project, its collection (parsed once) and its translations
    config_file: str
    site_dir: str  # the English site's folder; other languages go in <lang>/ under it
    english_only: set[str] = field(default_factory=set)  # docs pages not translated
    published: list[SitemapPage] = field(default_factory=list)
    lock: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)  # the project lock
    cache: RunCache = field(default_factory=RunCache.disabled)
    stats: BuildStats = field(default_factory=BuildStats)
    workers: list[_Worker] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)  # on_config of the English build
    english_from: float = field(default_factory=time.perf_counter)  # its own pages begin
    # Per language: what renders our generated pages, and their source paths.
    renderers: dict[str, HtmlPageRenderer] = field(default_factory=dict)
    generated: dict[str, set[str]] = field(default_factory=dict)
    made_files: dict[str, list[File]] = field(default_factory=dict)  # the files of those
    # Per language: finished pages kept between builds, the navigation, and which
    # pages this build takes from the cache (output, search entries) or renders (key).
    page_caches: dict[str, PageCache] = field(default_factory=dict)
    # Per language: the rendering key of each generated page made by this build.
    rendering_keys: dict[str, dict[str, str]] = field(default_factory=dict)
    navs: dict[str, Navigation] = field(default_factory=dict)
    reused: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)
    rendering: dict[str, dict[str, tuple[str, list[dict[str, Any]]]]] = field(
        default_factory=dict)
    # Per language: the recalled pages whose HTML is not read yet, with its digest.
    unread: dict[str, dict[str, str]] = field(default_factory=dict)
    published_dir: str | None = None  # where the site goes when it is built in a staging folder
    warnings: publish.WarningCount | None = None  # for --strict: no site with warnings


#: Builds under way, by id. An entry lives from the English build's on_config to
#: its on_post_build (or on_build_error); the nested builds look theirs up here.
_BUILDS: dict[str, SiteBuild] = {}
#: Whether builds go into a staging folder first; off for ``mkdocs serve`` and ``--dirty``
#: (set by :func:`startup`, MkDocs' ``on_startup``).
_STAGED = True
#: Whether this is ``mkdocs serve``, whose rebuilds keep the models loaded (:func:`startup`).
_SERVING = False


def startup(command: str, dirty: bool) -> None:
    """``on_startup``: stage builds (atomic publishing) unless serving or building dirty."""
    global _STAGED, _SERVING
    _STAGED = command in ("build", "gh-deploy") and not dirty
    _SERVING = command == "serve"
    page_errors = logging.getLogger("mkdocs.commands.build")
    if not any(isinstance(f, _WriteFailureFilter) for f in page_errors.filters):
        page_errors.addFilter(_WriteFailureFilter())


#: The errors of a write that cannot be done: a full disk, a file size limit, a quota.
_WRITE_FAILURES = tuple(
    f"[Errno {code}] {os.strerror(code)}" for code in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)
)


class _WriteFailureFilter(logging.Filter):
    """Drops MkDocs' "Error building page" line when the page could not be written.

    The build then fails with that OSError and :func:`abandon` (or :func:`finish`)
    says so in one line naming the site folder; MkDocs' line before it would
    be a second error for the same cause, naming whichever page hit the limit.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("Error building page")
                    and any(failure in message for failure in _WRITE_FAILURES))


def current(config: MkDocsConfig) -> tuple[SiteBuild, str]:
    """The build ``config`` belongs to, and the language it builds."""
    marker = config.extra[BUILD_KEY]
    return _BUILDS[marker["id"]], marker["lang"]


def start(config: MkDocsConfig) -> None:
    """``on_config``: for the English build, parse everything and draft; for others, join it."""
    if BUILD_KEY in config.extra:
        # A language's build: it joins the English one (see _language_config).
        share_theme_files(config, config.extra[BUILD_KEY]["id"])
        return
    root = Path(config.config_file_path).resolve().parent
    # The whole build, site/ included, is one run: a second build or a translate
    # waits for it (or says who holds the lock) instead of interleaving with it.
    started = time.perf_counter()
    lock = contextlib.ExitStack()
    stats = BuildStats()
    # Counted from here: the collection's own warnings fail a strict build too.
    warnings = publish.WarningCount.attach() if config.strict else None
    if warnings is not None:
        lock.callback(warnings.detach)
    try:
        lock.enter_context(project_lock(root))
        project = project_of(config)
        # What earlier builds worked out and still holds: a rebuild parses and
        # merges only what changed (briefings.cache).
        with _timed(stats, "articles"), _few_collections():
            run = Run.start(project)
        collection, cache = run.collection, run.cache
        # The packs it read stay open until it is saved: closed however the build ends.
        lock.callback(cache.close)
        stats.articles, stats.analysed = len(collection.briefings), cache.misses
        # Catalogs follow the articles on every build; drafting can be switched
        # off for quick previews. A missing model is information, never a failure.
        # A read-only checkout (a preview of a pull request) still gets its pages:
        # those catalogs are used as they are.
        writable = [lang for lang in project.languages
                    if _writable(project.translations_path / lang)]
        for lang in project.languages:
            if lang not in writable:
                log.warning("briefings: %s is read-only: its catalogs are not updated and "
                            "nothing is drafted; the pages show them as they are",
                            project.relative(project.translations_path / lang))
        # Timed apart: an edited statement groups every article again.
        with _timed(stats, "events"):
            events = project_events(project.root, collection.briefings, cache)
        with _timed(stats, "catalogs"):
            # The events' own text (titles, deks) goes through the same workflow.
            # The languages' models load and draft side by side (run.update_catalogs).
            reports = run.update(writable, draft=project.drafts_on_build,
                                 progress=DraftingProgress(), events=events,
                                 at_once=True) if writable else []
        if not _SERVING:
            # Drafting is done: the pages, the bulk of the build, are made (and the
            # workers forked) without the models' weights in memory.
            release_models()
    except BriefingsError as exc:
        lock.close()
        # One line naming the file and the problem, not a traceback.
        raise PluginError(f"briefings: {exc}") from exc
    except BaseException:
        lock.close()
        raise
    for problem in collection.problems:
        log.warning("briefings: %s (not published)", problem)
    for warning in collection.warnings:
        log.warning("briefings: %s", warning)
    for report in reports:
        stats.segments[report.lang] = report.segments
        stats.catalogs_parsed += report.catalogs_parsed
        for problem in report.problems:
            log.warning("briefings: %s (catalog left as it was)", problem)
        if report.unavailable:
            log.info("briefings: no %s drafts: %s", report.lang, report.unavailable)
        elif report.new_drafts or report.flagged:
            log.info("briefings: %s", report.summary())
    for lang in project.languages:
        note = unreviewed_interface(lang)
        if note:
            log.info("briefings: %s", note)
    if not config.site_url:
        log.info("briefings: site_url is not set: the sitemap stays empty and hreflang links "
                 "are relative to the server's root")
    site = Site(project, collection, use_directory_urls=config.use_directory_urls,
                site_url=config.site_url, cache=cache, events=events,
                template_overrides=overrides_in(config.theme.custom_dir))
    build = SiteBuild(
        id=uuid.uuid4().hex,
        site=site,
        config_file=os.path.abspath(config.config_file_path),
        site_dir=os.path.abspath(config.site_dir),
        lock=lock,
        cache=cache,
        stats=stats,
        started=started,
    )
    if _STAGED:
        final = os.path.realpath(config.site_dir)
        try:
            staging = publish.staging_folder(final)
        except OSError as exc:
            lock.close()
            raise PluginError(f"briefings: {publish.cannot_write(final, exc)}") from None
        if staging is not None:
            # MkDocs cleans and fills this one; the published site is not touched.
            build.published_dir, build.site_dir = final, staging
            config.site_dir = staging
    build.warnings = warnings
    _BUILDS[build.id] = build
    config.extra[BUILD_KEY] = {"id": build.id, "lang": project.source_language, "top": True}
    share_theme_files(config, build.id)


#: The theme's files as MkDocs lists them, per build: ``(build id, ...) -> names``.
_THEME_FILES: dict[tuple[Any, ...], list[str]] = {}
_MKDOCS_THEME_FILTER = "Files.add_files_from_theme.<locals>.filter"


def share_theme_files(config: MkDocsConfig, build_id: str) -> None:
    """Every language's build of one site lists the theme's files once, not once each.

    MkDocs walks every folder of the theme (Material's thousands of icons) and
    matches each name against its patterns to find the static files to copy
    (``Files.add_files_from_theme``), a fixed cost of every language's build.
    The builds of one site share the same theme folders and settings, so the
    list is kept for the rest of the build (a forked worker inherits it); keyed
    also by the folders, the filter's code and the theme's static templates,
    which is all MkDocs' filter reads. A new build lists again (``mkdocs serve``
    sees an edited ``custom_dir``).
    """
    theme = config.theme
    make_env = theme.get_env

    def get_env() -> jinja2.Environment:
        env = make_env()
        listed = env.list_templates

        def list_templates(extensions: Any = None, filter_func: Any = None) -> list[str]:
            if filter_func is None or extensions is not None or getattr(
                    filter_func, "__qualname__", "") != _MKDOCS_THEME_FILTER:
                return listed(extensions, filter_func)
            key = (build_id, tuple(theme.dirs), filter_func.__code__,
                   tuple(sorted(theme.static_templates)))
            if key not in _THEME_FILES:
                for stale in [k for k in _THEME_FILES if k[0] != build_id]:
                    del _THEME_FILES[stale]
                _THEME_FILES[key] = listed(extensions, filter_func)
            return list(_THEME_FILES[key])

        env.list_templates = list_templates  # type: ignore[method-assign]
        return env

    theme.get_env = get_env  # type: ignore[method-assign]


@contextlib.contextmanager
def _few_collections() -> Iterator[None]:
    """Python's cycle collector seldom while the run cache and the articles are read, then
    the objects read left out of its collections (they live as long as the build).

    Reading the run cache makes hundreds of thousands of objects at once, and
    each full collection walks every object there is: a quarter of a no-op
    build's CPU went to them (measured with ``gc.callbacks``). Cycles are still
    collected (every 100,000 allocations, not 700), so memory stays bounded;
    frozen objects are not written to by collections either, so forked workers
    share their pages longer.
    """
    # What an earlier build of this process froze (`mkdocs serve`) may be garbage now.
    gc.unfreeze()
    threshold = gc.get_threshold()
    gc.set_threshold(100_000, 50, 1000)
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.freeze()


def _writable(folder: Path) -> bool:
    """Whether a catalog could be written in ``folder`` (or in the nearest folder that exists).

    Tried for real: the file modes do not tell (root ignores them, and an
    immutable folder or a read-only mount refuses root too).
    """
    while not folder.exists() and folder.parent != folder:
        folder = folder.parent
    try:
        descriptor, name = tempfile.mkstemp(dir=folder, prefix=".briefings-probe-")
    except OSError as exc:
        return exc.errno not in (errno.EROFS, errno.EACCES, errno.EPERM)
    os.close(descriptor)
    with contextlib.suppress(OSError):
        os.unlink(name)
    return True


def add_pages(files: Files, config: MkDocsConfig) -> Files:
    """``on_files``: this language's generated pages and feed; the navigation."""
    build, lang = current(config)
    if lang == build.site.source:
        # MkDocs has cleaned site/ by now: workers may start writing into it. Forked
        # before this language's pages are made, not after: a worker's languages
        # need nothing of them, and the core it has would wait for them (a tenth
        # of a fresh build at 200 articles, with one core idle).
        kept = _open_page_cache(build, config, lang)
        english = build.page_caches.get(lang)
        _start_workers(build, config, fresh=english is None or not english.stored)
    else:
        kept = _open_page_cache(build, config, lang)
    with _timed(build.stats, f"pages:{lang}"):
        plan = build.site.plan(lang, kept)
    for problem in build.site.problems.get(lang, []):
        log.warning("briefings: %s (not published)", problem)
    _not_found(build, config, lang)
    recalled = build.page_caches[lang].renderings if lang in build.page_caches else {}
    made = [
        File.generated(
            # A page recalled from the cache is rendered from its kept rendering
            # (prepare_page): its Markdown is never made.
            config, page.src_uri, content="" if page.src_uri in recalled else page.markdown,
            inclusion=InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV,
        )
        for page in plan.pages
    ] + [File.generated(config, extra.src_uri, content=extra.content) for extra in plan.files]
    # Each page's Markdown is now held by its file only, and let go once rendered (_read).
    build.site.hand_over(lang)
    build.stats.made[lang] = len(plan.pages) - len(recalled)
    build.made_files[lang] = made
    generated = {file.src_uri for file in made}
    build.generated[lang] = {page.src_uri for page in plan.pages}
    docs = [f for f in files.documentation_pages() if f.src_uri not in generated]
    dropped = set(generated)  # a file of docs/ with a generated page's path gives way to it
    if lang == build.site.source:
        build.english_only = {f.src_uri for f in docs}
    else:
        # Our own docs pages are in English only: they stay out of other languages'
        # sites, so those sites' search finds only pages in their language.
        dropped |= {f.src_uri for f in docs}
        # One sitemap for the whole site, written by the English build: the
        # theme's template is neither rendered nor copied here.
        config.theme.static_templates.discard("sitemap.xml")
        dropped |= {"sitemap.xml", "sitemap.xml.gz"}
    # One new list: removing and adding files one at a time makes MkDocs
    # re-index them every time, which grows with the square of the pages.
    files = Files([f for f in files if f.src_uri not in dropped] + made)
    if lang != build.site.source or config.nav is None:
        # Briefings and tag pages are reached from the home and tag pages; a
        # navigation listing hundreds of them would help no one.
        english_docs = [f.src_uri for f in docs] if lang == build.site.source else []
        config.nav = [*plan.nav, *english_docs]
    return files


def prepare_page(page: Page, config: MkDocsConfig) -> Page:
    """``on_pre_page``: a generated page is rendered from its HTML, not by Python-Markdown."""
    build, lang = current(config)
    if HTML_PAGES and page.file.src_uri in build.generated.get(lang, ()):
        renderer = build.renderers.get(lang)
        if renderer is None:
            renderer = build.renderers[lang] = HtmlPageRenderer(config)
            if SEARCH_FROM_TOKENS:
                index_generated_pages(
                    config, build.generated[lang],
                    cached=lambda page: build.reused.get(lang, {}).get(page.file.src_uri),
                    made=functools.partial(_made_entries, build, lang))
        # This page object only: MkDocs calls page.render(config, files) next.
        cache = build.page_caches.get(lang)
        # Taken out of the cache: the page's HTML is then held by the page only,
        # and let go once the page is written (_written).
        recalled = cache.renderings.pop(page.file.src_uri, None) if cache is not None else None
        if recalled is not None:
            assert cache is not None
            if config.plugins.events["page_content"] or _kept_anchors(recalled) is None:
                # Another plugin reads every page's HTML as it is rendered, or the
                # page's anchors must be read from it: the HTML is wanted now.
                recalled["content"] = _rendering_content(cache, lang, page.file.src_uri,
                                                         recalled["digest"])
            else:
                # Read only if the page must be finished again (reuse_pages): an
                # unchanged page's HTML is never read, its finished output is.
                build.unread.setdefault(lang, {})[page.file.src_uri] = recalled["digest"]
            page.render = functools.partial(_recall, page, recalled)  # type: ignore[method-assign]
        else:
            page.render = functools.partial(  # type: ignore[method-assign]
                _render_and_keep, build, lang, renderer, page)
    return page


def _open_page_cache(build: SiteBuild, config: MkDocsConfig, lang: str) -> Kept | None:
    """``lang``'s page cache, and what tells the site plan which pages it holds unmade.

    A page's rendering (HTML, table of contents, title) is kept under the
    SHA-256 of the page's inputs (:attr:`briefings.site.build.GeneratedPage.inputs`)
    and of how Markdown renders it here (the extensions and their settings,
    the libraries' versions).
    """
    if not (PAGE_CACHE and HTML_PAGES):
        return None
    cache = build.page_caches[lang] = PageCache.open(build.cache.folder, lang)
    if cache.folder is None:
        return None
    how = _render_inputs(config)
    keys = build.rendering_keys[lang] = {}

    def kept(page_lang: str, src_uri: str, inputs: str) -> bool:
        key = keys[src_uri] = page_key(how, src_uri, inputs)
        return page_lang == lang and cache.rendering(src_uri, key) is not None

    return kept


def _render_inputs(config: MkDocsConfig) -> str:
    """How this build's Markdown renders a generated page's skeleton."""
    versions = [f"{name}={_version(name) or 'none'}"
                for name in ("mkdocs", "markdown", "pymdown-extensions")]
    return page_key(_json([config["markdown_extensions"], config["mdx_configs"]]),
                    ";".join(versions))


@functools.cache
def _version(name: str) -> str | None:
    """The installed version of ``name``, as this process loaded it (asked for once:
    reading the packages' metadata is slow, and a later install is not what runs here)."""
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _recall(page: Page, recalled: dict[str, Any], config: MkDocsConfig, files: Files) -> None:
    """Stands in for a generated page's render: its rendering kept by an earlier build.

    Its HTML is ``recalled["content"]`` when it was read (see prepare_page);
    otherwise the page's content stays ``""`` until :func:`reuse_pages` knows
    whether the page is finished as it was.
    """
    page.meta = dict(recalled["meta"])
    rendered(page, recalled.get("content", ""), recalled["toc"], recalled["title"],
             _kept_anchors(recalled))
    _read(page)


def _kept_anchors(recalled: dict[str, Any]) -> set[str] | None:
    """A kept rendering's anchors; ``None`` when it was kept without them (or with
    anything else there), so that they are read from its HTML again."""
    anchors = recalled.get("anchors")
    if isinstance(anchors, list) and all(isinstance(a, str) for a in anchors):
        return set(anchors)
    return None


def _rendering_content(cache: PageCache, lang: str, src_uri: str, digest: str) -> str:
    """A recalled page's HTML, read from the page cache; one line if it is lost or damaged.

    The page's Markdown was never made, so this build cannot make it now: the
    page is dropped from the cache, and the next build makes it.
    """
    try:
        return cache.rendering_content(src_uri, digest)
    except OSError as exc:
        raise _lost(cache, lang, src_uri) from exc


def _lost(cache: PageCache, lang: str, src_uri: str) -> PluginError:
    """A kept page's stored piece lost or damaged mid-build: dropped, so the next build
    makes the page, and the one line that says so."""
    cache.forget(src_uri)
    return PluginError(f"briefings: the page cache lost the {lang} page of {src_uri} during "
                       "the build, or it is damaged; it is dropped from the cache: run the "
                       "build again")


def _read(page: Page) -> None:
    """A generated page just rendered lets go of its Markdown, which nothing reads again.

    MkDocs renders every page of a language before it writes the first: kept,
    every page's Markdown (and its file's copy) would stay in memory beside
    every page's HTML until the language is written. ``""``, not ``None``:
    MkDocs' ``Page.title`` is ``None`` for a page whose Markdown is ``None``,
    and the navigation of the pages written next shows this one's title.
    """
    page.markdown = ""
    page.file.content_bytes = b""


def _render_and_keep(build: SiteBuild, lang: str, renderer: HtmlPageRenderer, page: Page,
                     config: MkDocsConfig, files: Files) -> None:
    """A generated page's render, its rendering kept for the next build when it has inputs."""
    tokens = renderer.render(page, config, files)
    _read(page)
    cache = build.page_caches.get(lang)
    key = build.rendering_keys.get(lang, {}).get(page.file.src_uri)
    if cache is not None and key is not None:
        cache.keep_rendering(page.file.src_uri, key, {
            "content": page.content, "toc": tokens, "title": page._title_from_render,
            "meta": page.meta, "anchors": sorted(page.present_anchor_ids)})


def _made_entries(build: SiteBuild, lang: str, page: Page, entries: list[dict[str, Any]]) -> None:
    rendering = build.rendering.get(lang, {})
    if page.file.src_uri in rendering:
        rendering[page.file.src_uri] = (rendering[page.file.src_uri][0], entries)


def keep_nav(nav: Navigation, config: MkDocsConfig) -> None:
    """``on_nav``: the navigation, which every page shows (a change renders them all again)."""
    build, lang = current(config)
    build.navs[lang] = nav


class _SharedBytecode(jinja2.BytecodeCache):
    """Compiled theme templates, kept in memory for every build of this process.

    Each language's build makes its own Jinja environment and compiles the
    theme's templates again (a large fixed cost of every build, a no-op
    included); with this, the languages built in one process, and every
    rebuild of ``mkdocs serve``, compile each template once. Jinja checks the
    template's source against the code's checksum, so an edited template is
    compiled again. In memory only: compiled code is never read from a file.
    Environments set up differently (extensions, syntax) never share code.
    """

    def __init__(self) -> None:
        self.code: dict[tuple[str, str], bytes] = {}

    @staticmethod
    def _kind(environment: jinja2.Environment) -> str:
        options = [sorted(environment.extensions), environment.autoescape is True,
                   getattr(environment.autoescape, "__qualname__", None),
                   getattr(environment.finalize, "__qualname__", None),
                   getattr(environment, "newstyle_gettext", None)]
        options += [getattr(environment, name) for name in (
            "block_start_string", "block_end_string", "variable_start_string",
            "variable_end_string", "comment_start_string", "comment_end_string",
            "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
            "newline_sequence", "keep_trailing_newline", "optimized", "is_async")]
        # Compiled code calls each filter and test as it was when compiled (with
        # the context or not): environments whose filters or tests differ never
        # share it (Material's search plugin makes its own before on_env).
        options += [sorted((name, str(getattr(function, "jinja_pass_arg", None)))
                           for name, function in table.items())
                    for table in (environment.filters, environment.tests)]
        return repr(options)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.code.get((self._kind(bucket.environment), bucket.key))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[(self._kind(bucket.environment), bucket.key)] = bucket.bytecode_to_string()


_BYTECODE = _SharedBytecode()


def share_templates(env: jinja2.Environment) -> None:
    """``on_env``: this build's theme templates are compiled once per process (see above)."""
    if env.bytecode_cache is None:
        env.bytecode_cache = _BYTECODE


def share_compiled_templates(config: MkDocsConfig) -> None:
    """Every Jinja environment ``config``'s theme makes shares the compiled templates above.

    Not only the build's own (``on_env``): Material's search plugin makes an
    environment of its own three times per language's build, in its
    ``on_config``, and each compiled the theme's language templates again
    (ten times in each process of a build). Run before any other plugin's
    ``on_config``; a theme already wrapped is left as it is.
    """
    theme = config.theme
    if getattr(theme.get_env, "__func__", None) is _sharing_env:
        return
    # Bound to the theme, not closed over it: a copy of the configuration
    # (copy.deepcopy rebinds bound methods) makes its own theme's environment.
    theme.get_env = types.MethodType(_sharing_env, theme)  # type: ignore[method-assign]


def _sharing_env(theme: Any) -> jinja2.Environment:
    """The theme's own ``get_env``, its environment sharing compiled templates."""
    env: jinja2.Environment = type(theme).get_env(theme)
    share_templates(env)
    return env


def reuse_pages(config: MkDocsConfig, files: Files) -> None:
    """``on_env``: each generated page whose inputs are all unchanged keeps its last output.

    Every page's Markdown is rendered by now, so every title in the navigation
    is known. A page's key hashes all it is made from: its HTML, title, table
    of contents and metadata, its neighbours, its alternates, the navigation,
    the configuration, the theme's files and the code (:func:`_site_inputs`).
    A kept page gets :data:`CACHED_TEMPLATE`, which writes its output as it was.
    The HTML counts by its digest: a recalled page's HTML, not read so far
    (``build.unread``), is read here only if the page is finished again.
    """
    build, lang = current(config)
    if not (PAGE_CACHE and HTML_PAGES):
        return
    cache = build.page_caches.get(lang)
    if cache is None:
        return
    site = _site_inputs(build, config, build.navs.get(lang))
    reused = build.reused[lang] = {}
    rendering = build.rendering[lang] = {}
    generated = build.generated.get(lang, set())
    unread = build.unread.pop(lang, {})
    for file in files.documentation_pages():
        page = file.page
        if page is None or file.src_uri not in generated or page.content is None:
            continue
        # The HTML by its digest: a recalled page's is the one its rendering records.
        digest = unread.get(file.src_uri) or content_digest(page.content)
        key = page_key(site, file.src_uri, page.url, str(page.title), digest,
                       _json(_toc(page.toc)), _json(page.meta),
                       _json([(p.url, str(p.title)) if p else None
                              for p in (page.previous_page, page.next_page)]),
                       _json(build.site.alternates(file.src_uri)))
        entries = cache.get(file.src_uri, key)
        if entries is None:
            rendering[file.src_uri] = (key, [])
            if file.src_uri in unread:  # finished again: its HTML is wanted after all
                page.content = _rendering_content(cache, lang, file.src_uri, digest)
        else:
            reused[file.src_uri] = entries
            page.meta["template"] = CACHED_TEMPLATE
            # Its whole last output becomes its content at on_page_context
            # (cached_content). Until then nothing reads it, and Material's
            # search plugin, whose on_page_context runs first, would run a
            # regular expression over it for nothing (a tenth of a no-op build).
            page.content = ""


def cached_content(page: Page, config: MkDocsConfig) -> None:
    """``on_page_context``: a kept page's content is its whole last output."""
    build, lang = current(config)
    cache = build.page_caches.get(lang)
    if cache is None or page.file.src_uri not in build.reused.get(lang, {}):
        return
    # Read now, one page at a time: read when the page was found unchanged,
    # every kept page's whole HTML would be held until its turn.
    try:
        page.content = cache.output(page.file.src_uri)
    except OSError as exc:
        # Its rendering is let go by now: only a build from the start can make it.
        raise _lost(cache, lang, page.file.src_uri) from exc


def keep_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """``on_post_page``: a generated page just rendered is kept for the next build."""
    build, lang = current(config)
    pending = build.rendering.get(lang, {}).get(page.file.src_uri)
    cache = build.page_caches.get(lang)
    if pending is not None and cache is not None:
        key, entries = pending
        cache.keep(page.file.src_uri, key, output, entries)
    if page.file.src_uri in build.generated.get(lang, ()):
        _written(page)
    return output


def _written(page: Page) -> None:
    """A generated page whose output is made lets go of its HTML and Markdown.

    Its search entries and its kept output are made by now, and nothing MkDocs
    does after writing the page (checking links to its anchors, the next
    pages' navigation) reads them: held, every page's HTML would stay in
    memory until the whole language is written. (``markdown`` stays a string:
    see :func:`_read`.)
    """
    page.content = None
    page.markdown = ""
    page.file.content_bytes = b""


def _save_pages(build: SiteBuild, lang: str) -> None:
    cache = _forget(build, lang)
    if cache is None:
        return
    build.stats.pages[lang] = (cache.rendered, cache.reused)
    build.stats.html_read[lang] = cache.contents_read
    try:
        cache.save()
    except OSError as exc:  # a cache that cannot be written only makes the next build slower
        log.info("briefings: the page cache of %s was not saved: %s", lang, exc)


def _forget(build: SiteBuild, lang: str) -> PageCache | None:
    """Let go of what ``lang``'s pages were built with; its page cache, to be saved.

    Nothing reads it once they are written, and its navigation holds every
    page, content and all, its plan every page's Markdown: kept, it would stay
    in memory while the process builds its next language.
    """
    for held in (build.navs, build.reused, build.rendering, build.renderers,
                 build.rendering_keys, build.unread):
        held.pop(lang, None)
    build.site.release(lang)
    # The English build's own objects live on while this process builds the next
    # language from its on_post_build (and in a worker, forked from its on_files):
    # its generated files and pages give up their Markdown and HTML.
    for file in build.made_files.pop(lang, ()):
        file.content_bytes = b""
        if file.page is not None:
            file.page.markdown = file.page.content = None
    _trim_heap()
    return build.page_caches.pop(lang, None)


@functools.cache
def _malloc_trim() -> Any:
    try:
        import ctypes

        return ctypes.CDLL(None).malloc_trim
    except (OSError, AttributeError):  # not glibc (macOS, musl): nothing to give back
        return None


def _trim_heap() -> None:
    """Give the memory freed by a language's build back to the system (glibc only).

    glibc keeps freed memory in its heap for the next allocations; in a process
    whose next language allocates elsewhere in that heap it stays resident
    (tens of megabytes a language, measured), so ask glibc to release it.
    """
    trim = _malloc_trim()
    if trim is not None:
        trim(0)


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=_name_of)


def _name_of(value: Any) -> str:
    # Objects in the configuration (a slugify function, an extension instance)
    # by their names: their repr would hold an address that changes every run.
    kind = type(value)
    return getattr(value, "__qualname__", None) or f"{kind.__module__}.{kind.__name__}"


def _toc(items: Any) -> list[Any]:
    return [(item.title, item.id, item.level, _toc(item.children)) for item in items]


def _nav(items: Any) -> list[Any]:
    return [(type(item).__name__, str(item.title), getattr(item, "url", None),
             _nav(getattr(item, "children", None) or [])) for item in items]


def _site_inputs(build: SiteBuild, config: MkDocsConfig, nav: Navigation | None) -> str:
    """What every page of ``config``'s site is made with: a change renders every page again."""
    settings = {name: config.get(name) for name in (
        "site_name", "site_url", "site_description", "site_author", "copyright", "repo_url",
        "repo_name", "edit_uri", "use_directory_urls", "extra_css", "extra_javascript",
        "extra_templates", "markdown_extensions", "mdx_configs", "docs_dir")}
    # Relative to the configuration: the same site cloned elsewhere keeps its pages.
    settings["docs_dir"] = _inside(config.docs_dir, config.config_file_path)
    settings["extra"] = {k: v for k, v in config.extra.items() if k not in (BUILD_KEY, "alternate")}
    settings["theme"] = {k: config.theme[k] for k in sorted(config.theme)}
    settings["plugins"] = list(config.plugins)
    settings["languages"] = list(build.site.languages)
    settings["nav"] = _nav(nav.items) if nav is not None else None
    settings["versions"] = {name: _version(name) for name in (
        "mkdocs", "mkdocs-material", "markdown", "jinja2", "pymdown-extensions")}
    return page_key(build.cache.key, _json(settings), _theme_files(config.theme.dirs))


def _inside(path: str, config_file: str | None) -> str:
    """``path`` relative to the folder of ``config_file`` when it lies inside it."""
    if not config_file:
        return path
    folder = Path(config_file).resolve().parent
    resolved = Path(path).resolve()
    return resolved.relative_to(folder).as_posix() if resolved.is_relative_to(folder) else path


def _theme_files(dirs: list[str]) -> str:
    """A hash of the theme's templates and assets outside installed packages (the site's
    ``custom_dir`` and ours); an installed theme is known by its version (above)."""
    digest = hashlib.sha256()
    for folder in dirs:
        root = Path(folder)
        if "site-packages" in root.parts and Path(__file__).resolve().parent not in (
                root.resolve(), *root.resolve().parents):
            # Known by its version; where the environment lives does not matter.
            digest.update(f"package:{root.as_posix().rpartition('site-packages/')[2]}".encode())
            continue
        for path in sorted(root.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(root).as_posix().encode("utf-8", "surrogatepass"))
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _not_found(build: SiteBuild, config: MkDocsConfig, lang: str) -> None:
    """The 404 page in ``lang``, with the language switcher leading to each language's home.

    MkDocs renders it before any page, so before :func:`set_alternates` has
    set a switcher; the server shows it at any address, so its links are
    absolute.
    """
    site_url = build.site.site_url
    homes = [
        {"name": language_name(code), "lang": code,
         "link": absolute_url(site_url, language_root(code, build.site.source)),
         "href": absolute_url(site_url, language_root(code, build.site.source))}
        for code in build.site.languages
    ]
    config.extra["alternate"] = homes
    config.extra["briefings_languages"] = homes
    title, message = not_found_text(PageLanguage.of(lang))
    config.extra["briefings_not_found"] = {"title": title, "message": message, "homes": homes}


def watched_paths(config: MkDocsConfig) -> list[str]:
    """``on_serve``: what `mkdocs serve` watches besides docs/: the articles, catalogs, glossary.

    Only those that exist (MkDocs' own ``watch`` setting refuses a missing
    path, and a new project may have no catalogs yet).
    """
    project = project_of(config)
    paths = [project.content_path, project.translations_path, project.glossary_path,
             project.root / "events.yaml"]
    return [str(path) for path in paths if path.exists()]


#: A language's name in itself (Babel's locale data), asked for on every page.
_language_name = functools.cache(language_name)


def set_alternates(page: Page, config: MkDocsConfig) -> None:
    """``on_page_context``: the page's language switcher and hreflang alternates.

    Material reads both from ``config.extra.alternate``. The ``link`` of each is
    absolute (from ``site_url``) for the ``<link rel="alternate" hreflang>`` in
    the head; ``href`` is relative to the page, for the switcher
    (``overrides/partials/alternate.html``), so it also works from a folder.
    An entry without a name is ``x-default``, for the head only.
    """
    build, lang = current(config)
    here = language_root(lang, build.site.source) + page.url
    if lang == build.site.source and page.file.src_uri in build.english_only:
        alternates = advertised = {lang: here}
    else:
        alternates = build.site.alternates(page.file.src_uri)
        # A language whose page shows only English is in the switcher, not in hreflang.
        advertised = build.site.advertised(page.file.src_uri)
    site_url = build.site.site_url
    entries: list[dict[str, Any]] = [
        {
            "name": _language_name(code),
            "lang": code,
            "link": absolute_url(site_url, url),
            "href": relative_url(here, url),
        }
        for code, url in alternates.items()
    ]
    config.extra["briefings_languages"] = entries  # the switcher (partials/alternate.html)
    head = [entry for entry in entries if entry["lang"] in advertised]
    if len(advertised) > 1:
        head.append({"lang": "x-default",
                     "link": absolute_url(site_url, advertised[build.site.source])})
    config.extra["alternate"] = head
    if lang in advertised:  # a page showing only English is not offered in this language
        build.published.append(SitemapPage(here, advertised))
    generated = build.site.page(lang, page.file.src_uri)
    if generated is not None and generated.description:
        # Material prints page.meta.description unescaped (MkDocs' templates do
        # not autoescape): the article's text goes in escaped, as markup.
        page.meta["description"] = escape(generated.description)


def finish(config: MkDocsConfig) -> None:
    """``on_post_build``: after English, build every other language, then the sitemap."""
    build, lang = current(config)
    _save_pages(build, lang)
    if lang != build.site.source:
        return
    global last_build
    try:
        build.stats.seconds[f"mkdocs:{lang}"] = time.perf_counter() - build.english_from
        in_workers = {lang for worker in build.workers for lang in worker.languages}
        for other in build.site.languages:
            if other != build.site.source and other not in in_workers:
                with _timed(build.stats, f"mkdocs:{other}"):
                    _build_language(build, config, other)
        # Saved once this process's languages are built, while the workers build
        # theirs: every article and catalog was seen by now (the catalogs of every
        # language are merged here, before the workers fork), so what this build
        # did not use is gone and is dropped.
        build.cache.save(prune=True)
        _collect_workers(build)
        sitemap = sitemap_xml(build.site.site_url, build.published, build.site.source)
        Path(build.site_dir, "sitemap.xml").write_bytes(sitemap)
        Path(build.site_dir, "sitemap.xml.gz").write_bytes(gzipped(sitemap))
        # Material's script asks each language's root for its sitemap.xml (and
        # `mkdocs serve` logged a 404 for it on every page view): each gets the
        # sitemap of its own pages, which is all a sitemap there may list.
        for other in build.site.languages:
            if other == build.site.source:
                continue
            root = language_root(other, build.site.source)
            own = sitemap_xml(build.site.site_url,
                              [page for page in build.published if page.url.startswith(root)],
                              build.site.source)
            Path(build.site_dir, root, "sitemap.xml").write_bytes(own)
            Path(build.site_dir, root, "sitemap.xml.gz").write_bytes(gzipped(own))
        if build.published_dir is not None:
            if build.warnings is not None and build.warnings.count:
                # MkDocs fails a strict build with warnings after this event: keep the old site.
                log.info("briefings: the site is not published (warnings in strict mode); "
                         "the previous site is kept")
                publish.discard(build.site_dir)
            else:
                publish.publish(build.site_dir, build.published_dir)
            # gh-deploy and other commands read the site from here afterwards.
            config.site_dir = build.published_dir
        build.stats.seconds["total"] = time.perf_counter() - build.started
        last_build = build.stats
        log.info("briefings: %s", build.stats.summary())
    except OSError as exc:
        # A full disk, a read-only folder: one line, and the previous site stays.
        _stop_workers(build)
        raise PluginError(f"briefings: {_failed_write(build, exc)}") from None
    except BaseException:
        _stop_workers(build)
        raise
    finally:
        _BUILDS.pop(build.id, None)
        _end(build, config)


def abandon(config: MkDocsConfig, error: BaseException | None = None) -> None:
    """``on_build_error``: forget the build (the English one only; nested ones share it).

    The half-built site is removed and the published one is left as it was. A
    failure to write (a full disk) is reported in one line, not MkDocs' traceback.

    :raise Abort: after logging that line, when ``error`` is an :class:`OSError`
    """
    marker = config.extra.get(BUILD_KEY)
    if not marker or not marker.get("top"):
        return
    build = _BUILDS.pop(marker["id"], None)
    if build is None:
        return
    _stop_workers(build)
    _end(build, config)
    if isinstance(error, OSError):
        log.error("briefings: %s", _failed_write(build, error))
        raise Abort("Aborted with a BuildError!") from None


def _stop_workers(build: SiteBuild) -> None:
    for worker in build.workers:
        worker.process.terminate()
        worker.process.join()
        worker.results.close()
    build.workers.clear()


def _end(build: SiteBuild, config: MkDocsConfig) -> None:
    """Whatever the outcome: no half-built site left, no warning counter, no lock."""
    # A language not saved (the build failed): its pack of new pages goes, unnamed.
    for cache in build.page_caches.values():
        cache.close()
    build.page_caches.clear()
    if build.published_dir is not None:
        publish.discard(build.site_dir)  # gone already when it was published
        config.site_dir = build.published_dir
    build.lock.close()  # the warning counter too


def _failed_write(build: SiteBuild, exc: OSError) -> str:
    where = build.published_dir or build.site_dir
    kept = "; the previous site is kept" if build.published_dir else ""
    return publish.cannot_write(where, exc) + kept


# -- workers: other languages built in forked processes ---------------------------------------


def _worker_count(build: SiteBuild) -> int:
    """How many processes build at once, this one included (1 when forking is not safe)."""
    wanted = worker_count(build.site.project.build_workers)
    return max(1, min(wanted, len(build.site.languages)))


def _start_workers(build: SiteBuild, english: MkDocsConfig, fresh: bool) -> None:
    """Fork processes to build some languages while this one builds English.

    Languages go to whoever has the least to build, English counting as one for
    this process: with two cores this process builds English and one more
    language, a worker the other two.

    :param fresh: no English page is kept from an earlier build: every page
        is to be made (see :meth:`briefings.site.build.Site.prepare`)
    """
    slots = _worker_count(build)
    others = [lang for lang in build.site.languages if lang != build.site.source]
    if slots < 2 or not others:
        return
    shares: list[list[str]] = [[build.site.source]] + [[] for _ in range(slots - 1)]
    for lang in others:
        min(reversed(shares), key=len).append(lang)
    # What every process would do alike at its first pages is done once, now,
    # and shared by the fork (when pages are to be made: our templates compiled,
    # the events' analyses worked out).
    build.site.prepare(pages=fresh)
    context = multiprocessing.get_context("fork")
    # Everything alive now (the collection, the translations, the catalogs) is
    # shared with the workers until either side writes to its pages, and Python's
    # cycle collector writes to every object it visits: frozen, they are left out
    # of its collections in both processes (until the next build thaws them, see
    # _few_collections), so they stay shared instead of being copied into each.
    # Garbage first: frozen, it would never be freed, in either process; and the
    # heap that parsing and drafting freed goes back to the system instead of
    # being inherited by every worker.
    gc.collect()
    _trim_heap()
    gc.freeze()
    for languages in shares[1:]:
        if not languages:
            continue
        receiving, sending = context.Pipe(duplex=False)
        process = context.Process(
            target=_work, args=(build.id, english, languages, sending, receiving, os.getpid()),
            name=f"briefings-{'-'.join(languages)}", daemon=True,
        )
        process.start()
        sending.close()
        build.workers.append(_Worker(languages, process, receiving))


def _work(
    build_id: str,
    english: MkDocsConfig,
    languages: list[str],
    results: Connection,
    own_reader: Connection,
    parent: int,
) -> None:
    """In a worker: build ``languages`` and send back their sitemap entries and times.

    The worker dies with its parent, and closes the reading ends of every
    worker's pipe it inherited (its own included): a result it sends after its
    parent died then fails at once instead of waiting for a reader for ever.
    """
    quiet_signals(parent)
    build = _BUILDS[build_id]
    own_reader.close()
    for other in build.workers:
        other.results.close()
    build.workers = []
    # The parent forked as its own language's pages began (add_pages): whatever
    # this worker holds of that language (plan, page cache, rendering keys) is
    # the parent's to use, and is let go here.
    _forget(build, build.site.source)
    build.published = []  # only this worker's pages go back
    build.stats.seconds = {}
    build.stats.pages = {}
    build.stats.made = {}
    build.stats.html_read = {}
    lang = languages[0]
    try:
        for lang in languages:
            with _timed(build.stats, f"mkdocs:{lang}"):
                _build_language(build, english, lang)
    except BaseException as exc:  # reported by the parent, in one line
        if isinstance(exc, OSError):
            reason = publish.cannot_write(build.published_dir or build.site_dir, exc)
        else:
            # MkDocs logs a plugin's error and raises its own "Aborted with a
            # BuildError!": the parent's one line names the error itself.
            cause = exc.__context__ if isinstance(exc, Abort) and isinstance(
                exc.__context__, BuildError) else exc
            reason = str(cause).removeprefix("briefings: ") or type(cause).__name__
        results.send(("failed", lang, reason))
        results.close()
        raise SystemExit(1) from None
    results.send(("built", build.published, build.stats.seconds, peak_memory_mb(),
                  build.stats.pages, build.stats.made, build.stats.html_read))
    results.close()


def _build_language(build: SiteBuild, english: MkDocsConfig, lang: str) -> None:
    """MkDocs' build of ``lang``'s site, and its memory given back before the next language.

    A built language's configuration, pages, navigation and search index are
    garbage once its build returns, but in reference cycles (pages and files
    point at each other): only a full collection frees them, and one may not
    come before the next language has grown beside them.
    """
    mkdocs_build(_language_config(build, english, lang))
    gc.collect()
    _trim_heap()


def _collect_workers(build: SiteBuild) -> None:
    """Wait for every worker; their pages join the sitemap. A failed language fails the build."""
    failures = []
    for worker in build.workers:
        outcome = _outcome(worker)
        worker.process.join()
        worker.results.close()
        if outcome[0] == "built":
            _, published, seconds, peak, pages, made, html_read = outcome
            build.published.extend(published)
            build.stats.seconds.update(seconds)
            build.stats.pages.update(pages)
            build.stats.made.update(made)
            build.stats.html_read.update(html_read)
            build.stats.worker_peak_mb.append(peak)
        else:
            failures.append(f"the {outcome[1]} site failed: {outcome[2]}")
    build.workers.clear()
    if failures:
        kept = "; the previous site is kept" if build.published_dir else ""
        raise PluginError(one_line("briefings: " + "; ".join(failures) + kept))


def _outcome(worker: _Worker) -> tuple[Any, ...]:
    """What ``worker`` sent back; a failure when it died without a word."""
    died = ("failed", worker.languages[0], "the worker process died")
    # Polled, so that a worker that died (or never started) cannot keep this waiting.
    while not worker.results.poll(1.0):
        if not worker.process.is_alive() and not worker.results.poll(0):
            return died
    try:
        outcome: tuple[Any, ...] = worker.results.recv()
    except (EOFError, OSError):
        return died
    return outcome


def peak_memory_mb() -> float:
    """This process's peak resident memory, in MB (its own, not its parent's before a fork)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


@contextlib.contextmanager
def _timed(stats: BuildStats, stage: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        stats.seconds[stage] = stats.seconds.get(stage, 0.0) + time.perf_counter() - start


def _language_config(build: SiteBuild, english: MkDocsConfig, lang: str) -> MkDocsConfig:
    """mkdocs.yml loaded again, for ``lang``'s site in ``site/<lang>/``."""
    site_url = english.site_url
    config = load_config(
        config_file=build.config_file,
        site_dir=os.path.join(build.site_dir, lang),
        strict=english.strict,
        use_directory_urls=english.use_directory_urls,
        site_url=f"{site_url.rstrip('/')}/{lang}/" if site_url else None,
    )
    config.theme["language"] = lang
    # The header, the <title> and the feed name the site in its language.
    config.site_name = build.site.project.site_name_in(lang)
    for name in ("search", "material/search"):
        plugin = config.plugins.get(name)
        if plugin is not None and LangOption().get_lunr_supported_lang(lang) == lang:
            # The language's lunr module (its word characters and stop words), and
            # English's, for passages not translated yet. Languages without one
            # keep Material's defaults for the theme's language.
            source = build.site.source
            # lunr knows English without a module; another source needs its own.
            plugin.config.lang = [lang, *([source] if source == "en" or LangOption(
            ).get_lunr_supported_lang(source) == source else [])]
            plugin.config.pipeline = list(SEARCH_PIPELINE)
    config.extra[BUILD_KEY] = {"id": build.id, "lang": lang}
    return config
