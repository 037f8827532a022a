"""MkDocs: one build per language, all from a single parse of the articles.

This is the only module of the package that imports MkDocs (with
``hooks/briefings_hooks.py``, which hands it MkDocs' events). Why one build per
language and not mkdocs-static-i18n: see ``docs/decisions/i18n.md``. In short,
each language must be a site of its own root, ``site/<lang>/``, so that Material
loads that language's search index (``/<lang>/search/search_index.json``) with
that language's lunr module, and shows its interface in that language.

How a build goes:

1. ``mkdocs build`` starts the English build. Its ``on_config`` parses and
   analyses every article once (:func:`briefings.collection.collect`), updates
   the catalogs (drafting when a model is there) and keeps the result in
   :data:`_BUILDS` under a new build id, written into ``config.extra``.
2. Each build adds its language's generated pages (``on_files``) and sets, for
   each page, the language switcher and the hreflang alternates
   (``on_page_context``).
3. The English build's ``on_post_build`` builds every other language into
   ``site/<lang>/``, in the same process, with the same mkdocs.yml loaded again:
   the theme's language and the search language are set per language, and the
   build id in ``config.extra`` points the nested build's hooks at the same
   collection. Then it writes one ``sitemap.xml`` for all languages.
"""

from __future__ import annotations

import contextlib
import logging
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.contrib.search import LangOption
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from briefings.collection import collect
from briefings.errors import BriefingsError
from briefings.lock import project_lock
from briefings.project import project_from_config
from briefings.site.build import Site
from briefings.site.interface import has_interface_translation, language_name
from briefings.site.sitemap import SitemapPage, gzipped, sitemap_xml
from briefings.site.urls import SOURCE_LANGUAGE, absolute_url, language_root, relative_url
from briefings.translation.drafting import update_catalogs

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
class SiteBuild:
    """One ``mkdocs build``: its collection, parsed once, and what every language made."""

    id: str
    site: Site  # the project, its collection (parsed once) and its translations
    config_file: str
    site_dir: str  # the English site's folder; other languages go in <lang>/ under it
    english_only: set[str] = field(default_factory=set)  # docs pages not translated
    published: list[SitemapPage] = field(default_factory=list)
    lock: contextlib.ExitStack = field(default_factory=contextlib.ExitStack)  # the project lock


#: Builds under way, by id. An entry lives from the English build's on_config to
#: its on_post_build (or on_build_error); the nested builds look theirs up here.
_BUILDS: dict[str, SiteBuild] = {}


def current(config: MkDocsConfig) -> tuple[SiteBuild, str]:
    """The build ``config`` belongs to, and the language it builds."""
    marker = config.extra[BUILD_KEY]
    return _BUILDS[marker["id"]], marker["lang"]


def start(config: MkDocsConfig) -> None:
    """``on_config``: for the English build, parse everything and draft; for others, join it."""
    if BUILD_KEY in config.extra:
        return  # a language's build: it joins the English one (see _language_config)
    root = Path(config.config_file_path).resolve().parent
    # The whole build, site/ included, is one run: a second build or a translate
    # waits for it (or says who holds the lock) instead of interleaving with it.
    lock = contextlib.ExitStack()
    try:
        lock.enter_context(project_lock(root))
        project = project_from_config(root, dict(config))
        collection = collect(project)
        # Catalogs follow the articles on every build; drafting can be switched
        # off for quick previews. A missing model is information, never a failure.
        reports = update_catalogs(project, collection, draft=project.drafts_on_build)
    except BriefingsError as exc:
        lock.close()
        # One line naming the file and the problem, not a traceback.
        raise PluginError(f"briefings: {exc}") from exc
    except BaseException:
        lock.close()
        raise
    for problem in collection.problems:
        log.warning("briefings: %s (not published)", problem)
    for report in reports:
        for problem in report.problems:
            log.warning("briefings: %s (catalog left as it was)", problem)
        if report.unavailable:
            log.info("briefings: no %s drafts: %s", report.lang, report.unavailable)
        elif report.new_drafts or report.flagged:
            log.info("briefings: %s", report.summary())
    for lang in project.languages:
        if not has_interface_translation(lang):
            log.info("briefings: no interface translation for %s; its pages use English labels",
                     lang)
    if not config.site_url:
        log.info("briefings: site_url is not set: the sitemap stays empty and hreflang links "
                 "are relative to the server's root")
    site = Site(project, collection, use_directory_urls=config.use_directory_urls,
                site_url=config.site_url)
    build = SiteBuild(
        id=uuid.uuid4().hex,
        site=site,
        config_file=os.path.abspath(config.config_file_path),
        site_dir=os.path.abspath(config.site_dir),
        lock=lock,
    )
    _BUILDS[build.id] = build
    config.extra[BUILD_KEY] = {"id": build.id, "lang": SOURCE_LANGUAGE}


def add_pages(files: Files, config: MkDocsConfig) -> Files:
    """``on_files``: this language's generated pages and feed; the navigation."""
    build, lang = current(config)
    plan = build.site.plan(lang)
    generated = {page.src_uri for page in plan.pages}
    docs = [f for f in files.documentation_pages() if f.src_uri not in generated]
    if lang == SOURCE_LANGUAGE:
        build.english_only = {f.src_uri for f in docs}
    else:
        # Our own docs pages are in English only: they stay out of other languages'
        # sites, so those sites' search finds only pages in their language.
        for file in docs:
            files.remove(file)
        # One sitemap for the whole site, written by the English build: the
        # theme's template is neither rendered nor copied here.
        config.theme.static_templates.discard("sitemap.xml")
        for name in ("sitemap.xml", "sitemap.xml.gz"):
            if (theme_file := files.get_file_from_path(name)) is not None:
                files.remove(theme_file)
    for page in plan.pages:
        _replace(files, File.generated(
            config, page.src_uri, content=page.markdown,
            inclusion=InclusionLevel.INCLUDED if page.in_nav else InclusionLevel.NOT_IN_NAV,
        ))
    for extra in plan.files:
        _replace(files, File.generated(config, extra.src_uri, content=extra.content))
    if lang != SOURCE_LANGUAGE or config.nav is None:
        # Briefings and tag pages are reached from the home and tag pages; a
        # navigation listing hundreds of them would help no one.
        english_docs = [f.src_uri for f in docs] if lang == SOURCE_LANGUAGE else []
        config.nav = [*plan.nav, *english_docs]
    return files


def _replace(files: Files, file: File) -> None:
    existing = files.get_file_from_path(file.src_uri)
    if existing is not None:
        files.remove(existing)
    files.append(file)


def set_alternates(page: Page, config: MkDocsConfig) -> None:
    """``on_page_context``: the page's language switcher and hreflang alternates.

    Material reads both from ``config.extra.alternate``. The ``link`` of each is
    absolute (from ``site_url``) for the ``<link rel="alternate" hreflang>`` in
    the head; ``href`` is relative to the page, for the switcher
    (``overrides/partials/alternate.html``), so it also works from a folder.
    An entry without a name is ``x-default``, for the head only.
    """
    build, lang = current(config)
    here = language_root(lang) + page.url
    if lang == SOURCE_LANGUAGE and page.file.src_uri in build.english_only:
        alternates = {SOURCE_LANGUAGE: here}
    else:
        alternates = build.site.alternates(page.file.src_uri)
    site_url = build.site.site_url
    entries: list[dict[str, Any]] = [
        {
            "name": language_name(code),
            "lang": code,
            "link": absolute_url(site_url, url),
            "href": relative_url(here, url),
        }
        for code, url in alternates.items()
    ]
    if len(alternates) > 1:
        entries.append({"lang": "x-default",
                        "link": absolute_url(site_url, alternates[SOURCE_LANGUAGE])})
    config.extra["alternate"] = entries
    build.published.append(SitemapPage(here, alternates))


def finish(config: MkDocsConfig) -> None:
    """``on_post_build``: after English, build every other language, then the sitemap."""
    build, lang = current(config)
    if lang != SOURCE_LANGUAGE:
        return
    try:
        for other in build.site.languages:
            if other != SOURCE_LANGUAGE:
                mkdocs_build(_language_config(build, config, other))
        sitemap = sitemap_xml(build.site.site_url, build.published)
        Path(build.site_dir, "sitemap.xml").write_bytes(sitemap)
        Path(build.site_dir, "sitemap.xml.gz").write_bytes(gzipped(sitemap))
    finally:
        _BUILDS.pop(build.id, None)
        build.lock.close()


def abandon(config: MkDocsConfig) -> None:
    """``on_build_error``: forget the build (the English one only; nested ones share it)."""
    marker = config.extra.get(BUILD_KEY)
    if marker and marker["lang"] == SOURCE_LANGUAGE:
        build = _BUILDS.pop(marker["id"], None)
        if build is not None:
            build.lock.close()


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
    for name in ("search", "material/search"):
        plugin = config.plugins.get(name)
        if plugin is not None and LangOption().get_lunr_supported_lang(lang) == lang:
            # The language's lunr module (its word characters and stop words), and
            # English's, for passages not translated yet. Languages without one
            # keep Material's defaults for the theme's language.
            plugin.config.lang = [lang, SOURCE_LANGUAGE]
            plugin.config.pipeline = list(SEARCH_PIPELINE)
    config.extra[BUILD_KEY] = {"id": build.id, "lang": lang}
    return config
