"""The site plan: which pages exist, in which languages, at which paths, with what content.

This is the seam between the core and a site builder. For each language the plan
gives the pages (Markdown), the other files (the feed) and the navigation; MkDocs'
hooks turn them into a site per language (see :mod:`briefings.mkdocs.builds`),
and another builder could do the same.

Every generated page exists in every language, at the same path under that
language's root (:mod:`briefings.site.urls`), so the switcher and the hreflang
alternates of a page are simply the same path in the other roots.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import importlib.metadata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from briefings.cache import RunCache
from briefings.collection import Collection, unexpected
from briefings.errors import BriefingsError
from briefings.events import EventIndex, project_events
from briefings.events.catalogs import event_briefing, has_own_text, headline_source
from briefings.events.model import Event
from briefings.model import Briefing
from briefings.pagecache import page_key as _digest
from briefings.project import Project
from briefings.site.events import (
    EventPage,
    EventSource,
    ListedEvent,
    event_link,
    render_event,
    render_events_index,
    work_out,
)
from briefings.site.feeds import FeedEntry, atom_feed
from briefings.site.interface import language_name
from briefings.site.pages import (
    ListedBriefing,
    PageLanguage,
    Pager,
    TagLink,
    TranslationState,
    render_briefing,
    render_home,
    render_tag_page,
    render_tags_index,
    translation_banner,
)
from briefings.site.status import StatusCell, StatusRow, render_status_page
from briefings.site.tags import briefing_tags, tag_slug, tags_index
from briefings.site.templating import TEMPLATES, templates
from briefings.site.translated import TranslationLibrary, catalog_url
from briefings.site.urls import (
    absolute_url,
    language_root,
    relative_url,
    site_url_of,
)
from briefings.sources.language import in_language

BRIEFINGS_FOLDER = "briefings"
TAGS_FOLDER = "tags"
HOME = "index.md"
TAGS = f"{TAGS_FOLDER}/index.md"
STATUS = "status.md"
FEED = "feed.xml"
EVENTS_FOLDER = "events"
EVENTS = f"{EVENTS_FOLDER}/index.md"


@dataclass(frozen=True)
class GeneratedPage:
    """One page to publish: its source path inside the site, and its Markdown.

    ``source`` is the Markdown, or what makes it: a page a site builder has
    kept from an earlier build (see :attr:`inputs`) is made only if asked for.
    """

    src_uri: str  # e.g. "briefings/some-slug.md"; the builder decides the URL from it
    source: str | Callable[[], str] = field(repr=False)
    title: str = ""
    in_nav: bool = False  # listed in the site's navigation (briefings and tags are not)
    #: A sentence for search engines and link previews (meta description, Open
    #: Graph), in the page's language where it is translated; "" for none.
    description: str = ""
    description_lang: str = ""  # the language ``description`` is written in
    #: A SHA-256 of everything the page's Markdown is made from (the briefing,
    #: its translation, the templates, the code, the settings...): equal inputs
    #: make equal Markdown. "" when unknown: the page is made on every build.
    inputs: str = ""

    @cached_property
    def markdown(self) -> str:
        """The page's Markdown with HTML blocks (made now if it was left for later)."""
        return self.source if isinstance(self.source, str) else self.source()


def _handed_over() -> str:
    raise RuntimeError("this page's Markdown was handed over to the site builder (Site.hand_over)")


@dataclass(frozen=True)
class GeneratedFile:
    """A file published as it is, e.g. the feed."""

    src_uri: str
    content: bytes


@dataclass
class LanguagePlan:
    """Everything one language's site is made of, apart from the theme."""

    lang: str
    pages: list[GeneratedPage] = field(default_factory=list)
    files: list[GeneratedFile] = field(default_factory=list)

    @property
    def nav(self) -> list[str]:
        """The source paths of the pages in the navigation, in order."""
        return [page.src_uri for page in self.pages if page.in_nav]


def paged_uris(first: str, pages: int) -> list[str]:
    """The source paths of a listing's pages: ``first``, then ``<its folder>/page/<n>.md``.

    >>> paged_uris("index.md", 3)
    ['index.md', 'page/2.md', 'page/3.md']
    >>> paged_uris("tags/gyumri.md", 2)
    ['tags/gyumri.md', 'tags/gyumri/page/2.md']
    """
    stem = first.removesuffix(".md")
    folder = "" if stem == "index" else f"{stem}/"
    return [first, *(f"{folder}page/{n}.md" for n in range(2, pages + 1))]


def _pages(count: int, size: int) -> int:
    """How many pages ``count`` briefings take, ``size`` to a page (0: one page)."""
    return max(1, -(-count // size)) if size else 1


def _chunks(items: list[Briefing], size: int) -> list[list[Briefing]]:
    if not size:
        return [items]
    return [items[i : i + size] for i in range(0, len(items), size)] or [[]]


def briefing_uri(slug: str) -> str:
    return f"{BRIEFINGS_FOLDER}/{slug}.md"


def event_uri(key: str) -> str:
    return f"{EVENTS_FOLDER}/{key}.md"


@functools.lru_cache(maxsize=1 << 14)
def tag_uri(tag: str) -> str:
    return f"{TAGS_FOLDER}/{tag_slug(tag)}.md"


class Site:
    """The whole site: one collection of briefings, published in every language.

    :param use_directory_urls: as MkDocs' setting: ``briefings/x/`` or ``briefings/x.html``
    :param site_url: the published site's address, for the feed; ``None`` when unknown
    :param template_overrides: a folder of page templates that replace ours of the
        same name (see :mod:`briefings.site.templating`)
    """

    def __init__(
        self,
        project: Project,
        collection: Collection,
        *,
        use_directory_urls: bool = True,
        site_url: str | None = None,
        cache: RunCache | None = None,
        events: EventIndex | None = None,
        template_overrides: Path | None = None,
    ) -> None:
        self.project = project
        self._events = events
        self.template_overrides = template_overrides
        self.collection = collection
        self.use_directory_urls = use_directory_urls
        self.site_url = site_url or None
        self.library = TranslationLibrary(project, collection, cache)
        self._plans: dict[str, LanguagePlan] = {}
        self._pages: dict[tuple[str, str], GeneratedPage] = {}
        self._translation_keys: dict[tuple[str, str], str] = {}
        self._urls: dict[tuple[str, str], str] = {}
        #: Briefings whose page could not be made, by language: left out of that site.
        self.problems: dict[str, list[BriefingsError]] = {}

    @property
    def languages(self) -> tuple[str, ...]:
        """English first, then the languages the project translates into."""
        return (self.source,
                *(code for code in self.project.languages if code != self.source))

    @property
    def source(self) -> str:
        """The articles' language, whose pages are at the top of the site."""
        return self.project.source_language

    @cached_property
    def events(self) -> EventIndex:
        """The events of the collection (grouped again only when a briefing or a note changed)."""
        if self._events is None:
            self._events = project_events(self.project.root, self.collection.briefings,
                                          self.library.cache)
        return self._events

    @cached_property
    def tags(self) -> dict[str, list[Briefing]]:
        return tags_index(self.collection.briefings)

    def url(self, src_uri: str, lang: str) -> str:
        """``src_uri`` in ``lang``, from the top of the site (``"ru/briefings/x/"``)."""
        # Asked for every link of every page: tens of thousands of times a build.
        found = self._urls.get((src_uri, lang))
        if found is None:
            found = self._urls[(src_uri, lang)] = site_url_of(
                src_uri, lang, self.use_directory_urls, self.source)
        return found

    def link(self, src_uri: str, lang: str, to_uri: str, to_lang: str | None = None) -> str:
        """A relative link from page ``src_uri`` in ``lang`` to ``to_uri`` (in ``to_lang``)."""
        return relative_url(self.url(src_uri, lang), self.url(to_uri, to_lang or lang))

    def alternates(self, src_uri: str) -> dict[str, str]:
        """The generated page ``src_uri`` in every language: ``{lang: url}``."""
        return {lang: self.url(src_uri, lang) for lang in self.languages}

    def advertised(self, src_uri: str) -> dict[str, str]:
        """The languages page ``src_uri`` is really in, for hreflang: ``{lang: url}``.

        A briefing whose translation shows nothing but English in a language is
        still published there (with its banner), but it is not announced to
        search engines as being in that language: they should find the English.
        """
        alternates = self.alternates(src_uri)
        briefing = self._by_uri.get(src_uri)
        if briefing is None:
            return alternates
        return {
            lang: url for lang, url in alternates.items()
            if lang == self.source or self.library.get(lang, briefing).status != "untranslated"
        }

    @cached_property
    def _by_uri(self) -> dict[str, Briefing]:
        return {briefing_uri(b.slug): b for b in self.collection.briefings}

    def page(self, lang: str, src_uri: str) -> GeneratedPage | None:
        """The generated page ``src_uri`` of ``lang``'s site, if there is one."""
        if (lang, src_uri) not in self._pages:
            self._pages.update({(lang, p.src_uri): p for p in self.plan(lang).pages})
        return self._pages.get((lang, src_uri))

    def plan(self, lang: str, kept: Kept | None = None) -> LanguagePlan:
        """The pages and files of ``lang``'s site (made once, then kept).

        :param kept: whether a site builder kept a briefing page of ``lang``
            from an earlier build with the same :attr:`GeneratedPage.inputs`;
            that page's Markdown is then made only if the builder asks for it
        """
        if lang not in self._plans:
            self._plans[lang] = _LanguageSite(self, lang, kept).plan()
        return self._plans[lang]

    def prepare(self, *, pages: bool) -> None:
        """Do now what every process that builds languages of this site would do alike.

        For a builder about to fork processes to build languages side by side:
        what is done here before the fork is shared by all of them, not done
        again in each.

        :param pages: whether pages will be made, not all kept from an earlier
            build: then our page templates are compiled and each event's
            analysis worked out too (a build that keeps every page needs neither)
        """
        _ = self.inputs  # first: it drops templates compiled before they were edited
        if not pages:
            return
        templates(self.template_overrides).compile_all()
        work_out(self.events.events)

    def hand_over(self, lang: str) -> None:
        """``lang``'s pages' Markdown now belongs to the site builder, which made its files of it.

        The plan keeps each page (its title, description, inputs) for what the
        builder still asks (:meth:`page`), but not its text: the builder lets
        go of each page's Markdown once the page is rendered, and a reference
        kept here would hold every page's Markdown (tens of megabytes at a
        thousand briefings) until the whole language is written. Asked for
        afterwards, a page's Markdown raises :class:`RuntimeError`.
        """
        for page in self.plan(lang).pages:
            if isinstance(page.source, str):
                # Frozen for the pages' readers; the plan's own bookkeeping may change it.
                object.__setattr__(page, "source", _handed_over)
            page.__dict__.pop("markdown", None)  # the cached_property's copy

    def release(self, lang: str) -> None:
        """Let go of ``lang``'s pages once its site is written.

        A plan holds every page's Markdown (tens of megabytes of text per language at
        a thousand briefings): kept, each language built in a process would stay in
        memory while it builds the next. Asked for again, the plan is made again.
        """
        self._plans.pop(lang, None)
        for key in [key for key in self._pages if key[0] == lang]:
            del self._pages[key]

    # -- what pages are made from, for a builder's cache -----------------------------------------

    @cached_property
    def inputs(self) -> str:
        """A SHA-256 of what every page is made with, or "" when that cannot be told.

        The run cache's key (this package's code and interface catalogs, the
        glossary, the settings that shape the articles), our page templates
        and the site's overrides of them, the project's settings, the
        libraries that write the pages. Computed per build, so a template
        edited under ``mkdocs serve`` counts.
        """
        own = _digest(_folder_digest(TEMPLATES), _folder_digest(self.template_overrides))
        if _TEMPLATES_READ.setdefault(self.template_overrides, own) != own:
            # This process compiled them before they changed (`mkdocs serve`):
            # pages are made from them as they are now, never kept from stale ones.
            templates.cache_clear()
            _TEMPLATES_READ[self.template_overrides] = own
        key = self.library.cache.key
        if not key:
            return ""
        return _digest(key, own, self.project.settings_key(), repr(self.languages),
                       repr(self.use_directory_urls), repr(self.site_url), _library_versions())

    def briefing_inputs(self, briefing: Briefing) -> str:
        """A key of ``briefing`` as analysed: its source's content key, or "" when not known.

        A briefing is a function of its source, the code and the settings (the
        run cache relies on it too), so the source's key stands for the whole
        analysed briefing without serialising it.
        """
        return self.library.cache.content_key_of(briefing)

    def translation_inputs(self, lang: str, briefing: Briefing) -> str:
        """A key of ``briefing``'s translation into ``lang``: every entry, count and problem."""
        found = (lang, briefing.slug)
        if found not in self._translation_keys:
            t = self.library.get(lang, briefing)
            self._translation_keys[found] = _digest(
                t.catalog, repr(t.counts), repr(t.entries), str(t.problem), repr(t.reviewed_only))
        return self._translation_keys[found]


#: ``(lang, src_uri, inputs) -> bool``: whether a builder kept that page (see :meth:`Site.plan`).
Kept = Callable[[str, str, str], bool]
#: The digest of our templates and a site's overrides, as this process last compiled them.
_TEMPLATES_READ: dict[Path | None, str] = {}


def _folder_digest(folder: Path | None) -> str:
    """A SHA-256 of the names and bytes of every file under ``folder`` ("" for none)."""
    if folder is None or not folder.is_dir():
        return ""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode("utf-8", "surrogatepass"))
            digest.update(path.read_bytes())
    return digest.hexdigest()


@functools.cache
def _library_versions() -> str:
    """The versions of the libraries that turn a briefing into its page's HTML."""
    versions = []
    for name in ("babel", "jinja2", "markupsafe", "nh3"):
        try:
            versions.append(f"{name}={importlib.metadata.version(name)}")
        except importlib.metadata.PackageNotFoundError:
            versions.append(f"{name}=none")
    return ";".join(versions)


def _changed(project: Project, path: Path) -> dt.datetime | None:
    """When an article's source file last changed (``None`` when it cannot be read)."""
    try:
        stamp = (path if path.is_absolute() else project.root / path).stat().st_mtime
    except OSError:
        return None
    return dt.datetime.fromtimestamp(stamp, dt.UTC)


class _LanguageSite:
    """The pages of one language, made from the site's single collection."""

    def __init__(self, site: Site, lang: str, kept: Kept | None = None) -> None:
        self.site = site
        self.lang = lang
        self.kept = kept
        _ = site.inputs  # first: it drops templates compiled before they were edited
        self.page = PageLanguage.of(lang, site.collection.glossary, site.template_overrides,
                                    source=site.source)
        self.translated = lang != site.source
        self.briefings = site.collection.briefings
        self.tags = site.tags

    def briefing_pages(self) -> list[GeneratedPage]:
        """Every briefing's page; one that cannot be made is left out of this language's site.

        Whatever goes wrong making one page (a bug an odd article triggers)
        becomes that article's problem, named in :attr:`Site.problems`, and
        the listings, tags and feed of this language leave it out.
        """
        pages, kept, problems = [], [], []
        for briefing in self.briefings:
            try:
                pages.append(self.briefing_page(briefing))
            except RecursionError:
                problems.append(BriefingsError(
                    briefing.article.path, f"its {self.lang} page is nested too deeply to be made"
                ))
            except Exception as exc:
                problems.append(BriefingsError(
                    briefing.article.path,
                    f"its {self.lang} page could not be made ({unexpected(exc)})",
                ))
            else:
                kept.append(briefing)
        if problems:
            self.briefings = kept
            self.tags = tags_index(kept)
        self.site.problems[self.lang] = problems
        return pages

    def plan(self) -> LanguagePlan:
        site, _ = self.site, self.page.gettext
        made = self.briefing_pages()
        briefings = self.briefings
        plan = LanguagePlan(self.lang)
        # The home listing in pages: a page with every briefing would grow
        # without end, and so would the time to load it.
        home_pages = paged_uris(HOME, _pages(len(briefings), site.project.page_size))
        for number, (uri, chunk) in enumerate(
            zip(home_pages, _chunks(briefings, site.project.page_size), strict=True), start=1
        ):
            pager = self.pager(uri, home_pages, number)
            listed = [self.listed(b, uri) for b in chunk]
            name = site.project.site_name_in(self.lang)
            feed_href = relative_url(site.url(uri, self.lang),
                                     language_root(self.lang, site.source) + FEED)
            status_href = site.link(uri, self.lang, STATUS)
            source, inputs = self.source(
                uri, functools.partial(render_home, listed, self.page, title=name,
                                       feed_href=feed_href, status_href=status_href, pager=pager),
                [name, feed_href, status_href, repr(pager), *map(self.listed_inputs, listed)])
            plan.pages.append(
                GeneratedPage(
                    uri, source,
                    name if number == 1 else f"{name} · {pager.label(self.page)}",
                    in_nav=number == 1, inputs=inputs,
                )
            )
        tags = [(self.tag(name, TAGS), len(tagged)) for name, tagged in self.tags.items()]
        source, inputs = self.source(TAGS, functools.partial(render_tags_index, tags, self.page),
                                     [repr(tags)])
        plan.pages.append(GeneratedPage(TAGS, source, _("Tags"), in_nav=True, inputs=inputs))
        targets, rows = self.status_rows()
        source, inputs = self.source(
            STATUS, functools.partial(render_status_page, rows, targets, self.page),
            [repr(targets), repr(rows)])
        plan.pages.append(GeneratedPage(STATUS, source, _("Translation status"), in_nav=True,
                                        inputs=inputs))
        for name, tagged in self.tags.items():
            uris = paged_uris(tag_uri(name), _pages(len(tagged), site.project.page_size))
            for number, (uri, chunk) in enumerate(
                zip(uris, _chunks(tagged, site.project.page_size), strict=True), start=1
            ):
                pager = self.pager(uri, uris, number)
                title = self.page.name(name)
                tag = self.tag(name, uri)
                listed = [self.listed(b, uri) for b in chunk]
                back = site.link(uri, self.lang, TAGS)
                source, inputs = self.source(
                    uri, functools.partial(render_tag_page, tag, listed, self.page, back, pager),
                    [repr(tag), back, repr(pager), *map(self.listed_inputs, listed)])
                plan.pages.append(
                    GeneratedPage(
                        uri, source,
                        title if number == 1 else f"{title} · {pager.label(self.page)}",
                        inputs=inputs,
                    )
                )
        plan.pages.extend(made)
        events, inputs = self.events_index()
        plan.pages.append(GeneratedPage(EVENTS, events, _("Events"), in_nav=True, inputs=inputs))
        for event in site.events.events:
            plan.pages.append(self.event_page(event))
        plan.files.append(GeneratedFile(FEED, self.feed()))
        return plan

    # -- what a page is made from --------------------------------------------------------------

    def source(self, uri: str, make: Callable[[], str],
               parts: list[str | None]) -> tuple[str | Callable[[], str], str]:
        """A page's Markdown (or ``make`` itself, when the builder kept the page) and inputs.

        :param parts: all the page is made from besides :attr:`Site.inputs`
            and the language; a ``None`` among them (a briefing the run cache
            does not know) makes the inputs unknown, and the page made
        """
        inputs = ""
        if self.site.inputs and all(part is not None for part in parts):
            inputs = _digest(self.site.inputs, self.lang, uri, *(str(p) for p in parts))
        # A page kept as it was is left unmade: a no-op rebuild makes none.
        if inputs and self.kept is not None and self.kept(self.lang, uri, inputs):
            return make, inputs
        return make(), inputs

    def listed_inputs(self, item: ListedBriefing) -> str | None:
        """What a listing shows of one briefing is made from (``None``: not known)."""
        source_key = self.site.briefing_inputs(item.briefing)
        if not source_key:
            return None
        translation = (self.site.translation_inputs(self.lang, item.briefing)
                       if self.translated else "")
        return _digest(source_key, translation, item.href, repr(item.status), repr(item.tags))

    # -- pieces --------------------------------------------------------------------------------

    def pager(self, uri: str, uris: list[str], number: int) -> Pager:
        """Page ``number`` of the listing whose pages are ``uris``, seen from ``uri``."""
        return Pager(number, len(uris), [self.site.link(uri, self.lang, to) for to in uris])

    def reading(self, briefing: Briefing) -> PageLanguage:
        """The page's language, reading ``briefing``'s translation (or its own text)."""
        # Not in the site's source language: not translated, shown and marked as it is.
        if not in_language(briefing.article.lang, self.site.source):
            return self.page.showing_source(briefing.article.lang)
        if not self.translated:
            return self.page
        translation = self.site.library.get(self.lang, briefing)
        return self.page.reading(translation.text, translation.drafted)

    def tag(self, name: str, from_uri: str) -> TagLink:
        return TagLink(
            name=self.page.name(name),
            href=self.site.link(from_uri, self.lang, tag_uri(name)),
            lang=self.page.name_lang(name),
        )

    def listed(self, briefing: Briefing, from_uri: str) -> ListedBriefing:
        status = (
            self.site.library.get(self.lang, briefing).status
            if self.translated and in_language(briefing.article.lang, self.site.source)
            else None  # no catalog
        )
        return ListedBriefing(
            briefing=briefing,
            href=self.site.link(from_uri, self.lang, briefing_uri(briefing.slug)),
            lang=self.reading(briefing),
            status=status,
            tags=[self.tag(t, from_uri) for t in briefing_tags(briefing)],
        )

    def briefing_page(self, briefing: Briefing) -> GeneratedPage:
        uri = briefing_uri(briefing.slug)
        lang = self.reading(briefing)
        # The banner and the event line are rendered only when the page is made:
        # its inputs take what they are made from (with this language's own page
        # language, which Site.inputs and the language cover).
        banner: tuple[TranslationState, str] | None = None
        if self.translated:
            translation = self.site.library.get(self.lang, briefing)
            state = TranslationState(
                status=translation.status,
                reviewed=translation.counts.reviewed,
                total=translation.counts.total,
                catalog=translation.catalog,
                catalog_url=catalog_url(self.site.project, translation.catalog),
                english=tuple(translation.english_reasons()),
                problem=str(translation.problem or ""),
            )
            banner = (state, self.site.link(uri, self.lang, uri, self.site.source))
        title, _title_lang = lang.text(briefing.article.title)
        summary = briefing.article.dek or (briefing.key_points[0] if briefing.key_points else "")
        description, description_lang = lang.text(summary) if summary else ("", "")
        event = self.site.events.of(briefing.slug)
        part_of: tuple[str, str, str, int] | None = None
        if event is not None:
            event_title, event_lang = self.event_text(event)(event.title)
            part_of = (event_title, event_lang,
                       self.site.link(uri, self.lang, event_uri(event.key)), len(event.briefings))
        tags = [self.tag(t, uri) for t in briefing_tags(briefing)]

        def make() -> str:
            return render_briefing(
                briefing, lang, tags=tags,
                banner=translation_banner(banner[0], self.page, banner[1]) if banner else "",
                event=event_link(*part_of, self.page) if part_of else "")

        source, inputs = self.source(
            uri, make,
            [self.site.briefing_inputs(briefing) or None,
             self.site.translation_inputs(self.lang, briefing) if self.translated else "",
             repr(banner), repr(tags), repr(part_of)])
        return GeneratedPage(
            uri,
            source,
            title,
            description=description,
            description_lang=description_lang,
            inputs=inputs,
        )

    # -- events --------------------------------------------------------------------------------

    def event_text(self, event: Event):  # -> Callable[[str], tuple[str, str]]
        """The event's own text in this language: its catalog, else its sources' catalogs.

        A generated headline is one of its sources' titles, so a reviewed
        translation of that title serves until the event's own catalog has one.
        """
        if not self.translated:
            return lambda english: (english, self.site.source)
        translations = [self.site.library.get(self.lang, b) for b in event.briefings]
        if has_own_text(event):
            translations.insert(0, self.site.library.get(self.lang, event_briefing(event)))

        def text(english: str) -> tuple[str, str]:
            for translation in translations:
                found = translation.text(english)
                if found[1] != self.site.source:
                    return found
            return english, self.site.source

        return text

    def event_page(self, event: Event) -> GeneratedPage:
        site = self.site
        uri = event_uri(event.key)
        sources = [
            EventSource(
                briefing=b,
                href=site.link(uri, self.lang, briefing_uri(b.slug)),
                lang=self.reading(b),
                status=site.library.get(self.lang, b).status if self.translated else None,
            )
            for b in event.briefings
        ]
        banner, note = "", ""
        if self.translated:
            # The catalog the headline is translated in: the event's own, or that of
            # the source whose title it is.
            translation = site.library.get(
                self.lang,
                event_briefing(event) if has_own_text(event) else headline_source(event))
            state = TranslationState(
                status=translation.status,
                reviewed=translation.counts.reviewed,
                total=translation.counts.total,
                catalog=translation.catalog,
                catalog_url=catalog_url(site.project, translation.catalog),
                english=tuple(translation.english_reasons()),
                problem=str(translation.problem or ""),
            )
            english = site.link(uri, self.lang, uri, site.source)
            note = self.page.gettext(
                "This banner is about the catalog of the event's title and summary; the text "
                "of each source is shown as far as its own translation goes (see the mark "
                "next to it)."
            )
            banner = translation_banner(state, self.page, english)
        text = self.event_text(event)
        title, _lang = text(event.title)
        page = EventPage(event, sources, text, banner, site.link(uri, self.lang, EVENTS),
                         banner_note=note)
        # Its own text, then its sources' (see event_text), and what it shows of them.
        own = (site.translation_inputs(self.lang, event_briefing(event))
               if self.translated and has_own_text(event) else "")
        shown = [site.translation_inputs(self.lang, s.briefing) if self.translated else ""
                 for s in sources]
        source, inputs = self.source(
            uri, functools.partial(render_event, page, self.page),
            [self.event_inputs(event), own, banner, note, page.listing_href,
             repr([(s.href, s.status) for s in sources]), *shown])
        return GeneratedPage(uri, source, title, inputs=inputs)

    def event_inputs(self, event: Event) -> str | None:
        """What ``event`` is, in any language (``None`` when a source is not known)."""
        keys = [self.site.briefing_inputs(b) for b in event.briefings]
        if not all(keys):
            return None
        return _digest(event.key, repr(event.links), event.title, repr(event.title_generated),
                       repr(event.dek), *keys)

    def events_index(self) -> tuple[str | Callable[[], str], str]:
        """The events page's Markdown (or what makes it, when kept) and its inputs."""
        items = []
        for event in self.site.events.events:
            title, title_lang = self.event_text(event)(event.title)
            items.append(ListedEvent(event, self.site.link(EVENTS, self.lang,
                                                           event_uri(event.key)),
                                     title, title_lang))
        return self.source(
            EVENTS, functools.partial(render_events_index, items, self.page),
            [part for item in items for part in (
                self.event_inputs(item.event), item.href, item.title, item.title_lang)])

    def status_rows(self) -> tuple[list[str], list[StatusRow]]:
        """The status page's languages and rows: every briefing's catalogs, then those
        of the events with text of their own."""
        site = self.site
        targets = [code for code in site.languages if code != site.source]

        def row(briefing: Briefing, uri: str, title: tuple[str, str]) -> StatusRow:
            cells = []
            for target in targets:
                translation = site.library.get(target, briefing)
                cells.append(
                    StatusCell(
                        lang=target,
                        counts=translation.counts,
                        status=translation.status,
                        href=site.link(STATUS, self.lang, uri, target),
                        catalog=translation.catalog,
                        catalog_url=catalog_url(site.project, translation.catalog),
                        problem=str(translation.problem) if translation.problem else None,
                    )
                )
            return StatusRow(title[0], title[1], site.link(STATUS, self.lang, uri), cells)

        # A source not in the site's language has no catalog to count (its page says why).
        rows = [
            row(b, briefing_uri(b.slug), self.reading(b).text(b.article.title))
            for b in self.briefings if in_language(b.article.lang, site.source)
        ]
        # An editor's title and dek of an event are translated in a catalog of their own.
        rows += [
            row(event_briefing(event), event_uri(event.key), self.event_text(event)(event.title))
            for event in site.events.events if has_own_text(event)
        ]
        return targets, rows

    def feed(self) -> bytes:
        site = self.site
        feed_url = language_root(self.lang, site.source) + FEED

        def address(url: str) -> str:
            # Absolute where the site's address is known; else relative to the feed.
            return absolute_url(site.site_url, url) if site.site_url else relative_url(
                feed_url, url
            )

        entries = []
        for briefing in self.briefings:
            article = briefing.article
            lang = self.reading(briefing)
            title, title_lang = lang.text(article.title)
            summary_english = article.dek or (briefing.key_points[0] if briefing.key_points
                                              else None)
            summary, summary_lang = lang.text(summary_english) if summary_english else (None, None)
            uri = briefing_uri(briefing.slug)
            entries.append(
                FeedEntry(
                    slug=briefing.slug,
                    title=title,
                    title_lang=title_lang,
                    link=address(site.url(uri, self.lang)),
                    published=article.published,
                    summary=summary,
                    summary_lang=summary_lang,
                    categories=[self.page.name(t) for t in briefing_tags(briefing)],
                    alternates={code: address(url) for code, url in site.alternates(uri).items()},
                    changed=None if article.published else _changed(site.project, article.path),
                )
            )
        for event in site.events.events:
            if event.end is None:
                continue
            title, title_lang = self.event_text(event)(event.title)
            summary = self.event_text(event)(event.dek) if event.dek else (None, None)
            uri = event_uri(event.key)
            entries.append(FeedEntry(
                slug=f"{EVENTS_FOLDER}/{event.key}",
                title=title,
                title_lang=title_lang,
                link=address(site.url(uri, self.lang)),
                published=event.end,
                summary=summary[0],
                summary_lang=summary[1],
                alternates={code: address(url) for code, url in site.alternates(uri).items()},
            ))
        # Briefings and events together, newest first (stable: briefings before
        # events), the undated ones after them.
        entries.sort(key=lambda entry: (entry.published is not None,
                                        entry.published or dt.date.min), reverse=True)
        name = site.project.site_name_in(self.lang)
        return atom_feed(
            lang=self.lang,
            title=f"{name} · {language_name(self.lang)}",
            site_name=name,
            self_link=address(feed_url),
            home_link=address(site.url(HOME, self.lang)),
            entries=entries,
        )
