"""One run over a project's catalogs: cache, collect, lock, merge, draft, write.

``briefings translate`` and ``mkdocs build`` do the same to the catalogs, and
both do it through this module, which does every read and write of a run; the
stages it calls (:mod:`briefings.translation.drafting`,
:mod:`briefings.translation.catalogs`) are pure. A run:

1. opens the run cache (:func:`open_cache`): what earlier runs worked out;
2. collects the articles, each parsed and analysed once (:meth:`Run.start`);
3. takes the project's lock (:func:`briefings.lock.project_lock`): one run at a
   time, from before it reads a catalog it will rewrite until it has written it;
4. for each language (:func:`update_catalogs`), looks at every catalog of the
   articles and of the events' own text: one the cache says is up to date is
   neither parsed nor written; the others are merged (in worker processes when
   there are many), filled from translation memory, and drafted in one engine
   call for the whole language (one progress total, each distinct text once);
   only files that changed are written;
5. writes the POT templates (``translate`` only);
6. saves the cache (:meth:`Run.save`).

A catalog that cannot be read is reported and left exactly as it is, and a
missing model is information, never a failure: both are in the
:class:`~briefings.translation.drafting.LanguageReport` of the language.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog

from briefings.cache import CacheKinds, RunCache
from briefings.collection import Collection, collect
from briefings.errors import BriefingsError
from briefings.events.catalogs import event_briefing, has_own_text
from briefings.events.model import EventIndex
from briefings.glossary import Glossary
from briefings.lock import project_lock
from briefings.model import Briefing
from briefings.parallel import parallel_map
from briefings.project import Project
from briefings.sources.language import in_language, not_translated
from briefings.translation.catalogs import (
    CatalogFacts,
    Draft,
    apply_drafts,
    catalog_facts,
    fill_from_memory,
    pending_units,
    template_catalog,
    translated_map,
)
from briefings.translation.drafting import (
    LanguageReport,
    Progress,
    draft_texts,
    engine_settings,
    merged_catalog,
    review_memory,
    waits,
    wants_memory,
)
from briefings.translation.engines import (
    Engine,
    EngineStatus,
    EngineUnavailable,
    describe_engines,
    engine_config,
    load_engine,
)
from briefings.translation.pofile import (
    read_catalog,
    read_catalog_bytes,
    remove_stale_temporaries,
    save_catalog,
)
from briefings.translation.units import Unit, catalog_units

#: What the run cache keeps besides briefings (see :mod:`briefings.cache`).
CACHE_KINDS = CacheKinds(units=list[Unit], catalog=CatalogFacts)


def open_cache(project: Project) -> RunCache:
    """The run cache of ``project``, shared by ``briefings translate`` and ``mkdocs build``."""
    return RunCache.of_project(project, CACHE_KINDS)


@dataclass
class Run:
    """One run: the project, its cache, and its articles, parsed and analysed once."""

    project: Project
    cache: RunCache
    collection: Collection

    @classmethod
    def start(cls, project: Project) -> Run:
        """Open the cache and collect the articles (from the cache where it still holds)."""
        cache = open_cache(project)
        return cls(project, cache, collect(project, cache=cache))

    def update(
        self,
        languages: Iterable[str] | None = None,
        slug: str | None = None,
        *,
        draft: bool = True,
        progress: Progress | None = None,
        events: EventIndex | None = None,
        templates: bool = False,
        at_once: bool = False,
    ) -> list[LanguageReport]:
        """Merge, draft and write the catalogs (and with ``templates``, the POT files).

        :param events: whose own text (editors' titles and deks) is translated too
        :param at_once: the languages' models load and draft side by side (see
            :func:`update_catalogs`)
        """
        _selected(self.project, self.collection, slug)  # an unknown slug: said before waiting
        with project_lock(self.project.root):
            reports = update_catalogs(self.project, self.collection, languages, slug,
                                      draft=draft, progress=progress, cache=self.cache,
                                      events=events, at_once=at_once)
            if templates:
                write_templates(self.project, self.collection, slug, self.cache)
        return reports

    def save(self, *, prune: bool = False) -> None:
        """Keep what this run worked out for the next (see :meth:`RunCache.save`).

        Under the project's lock: a save deletes the packs its index does not
        name, which may be another run's, written meanwhile.
        """
        with project_lock(self.project.root):
            self.cache.save(prune=prune)


def update_catalogs(
    project: Project,
    collection: Collection,
    languages: Iterable[str] | None = None,
    slug: str | None = None,
    *,
    draft: bool = True,
    progress: Progress | None = None,
    cache: RunCache | None = None,
    events: EventIndex | None = None,
    at_once: bool = False,
) -> list[LanguageReport]:
    """Merge and (when ``draft``) machine-draft every catalog; one report per language.

    With a ``cache``, a catalog that holds exactly what merging its briefing's
    current units wrote last time, and waits for no draft, is neither parsed
    nor rewritten (see :mod:`briefings.cache`). With ``events``, the catalogs
    of the events' own text are brought up to date alongside, in the same
    engine call and the same report.

    With ``at_once``, the languages' engines are loaded and translate in
    threads side by side (CTranslate2 lets go of the GIL while it works): a
    rebuild that drafts a few segments per language waits for the slowest
    model rather than for the sum of all. Each engine gets the same texts in
    the same call as one at a time, so the drafts are the same. Everything
    else (reading, merging, writing, the cache) stays in this thread.
    """
    assert collection.glossary is not None
    briefings = _selected(project, collection, slug)
    # A source in another language has no English to translate: no catalog is
    # made for it, and one a person made earlier is left as it is.
    source = project.source_language
    skipped = [f"{b.slug}: {why}" for b in briefings
               if (why := not_translated(b.article.lang, source))]
    groups = [[b for b in briefings if in_language(b.article.lang, source)]]
    if events is not None:
        own = [event_briefing(e) for e in events.events if has_own_text(e)]
        if own:
            groups.append(own)
    cache = cache or RunCache.disabled()
    reports = []
    # One run at a time: another one merging the same catalogs would lose our drafts.
    with project_lock(project.root):
        if not at_once:
            for lang in languages or project.languages:
                remove_stale_temporaries(project.translations_path / lang)
                language = _Language(project, lang, collection.glossary, cache, draft)
                report = language.update(groups, progress)
                report.not_translated = skipped
                reports.append(report)
            return reports
        held = []
        for lang in languages or project.languages:
            remove_stale_temporaries(project.translations_path / lang)
            language = _Language(project, lang, collection.glossary, cache, draft)
            language.settle(groups)
            held.append(language)
        _side_by_side(_Language.load, held)
        for language in held:
            language.hold_waiting()
        _side_by_side(functools.partial(_Language.translate, progress=progress), held)
        for language in held:
            report = language.finish()
            report.not_translated = skipped
            reports.append(report)
    return reports


def _side_by_side(work: Callable[[_Language], None], languages: list[_Language]) -> None:
    """``work`` for each language, in one thread per language that has an engine to run."""
    busy = [language for language in languages if language.engine_work]
    if len(busy) < 2:
        for language in busy:
            work(language)
        return
    with ThreadPoolExecutor(len(busy), thread_name_prefix="briefings-draft") as pool:
        list(pool.map(work, busy))  # a worker's exception is raised here


def _selected(project: Project, collection: Collection, slug: str | None) -> list[Briefing]:
    """The briefings a run over ``slug`` (``None``: all) takes; an error when there is none."""
    briefings = [b for b in collection.briefings if slug is None or b.slug == slug]
    if slug is not None and not briefings:
        raise BriefingsError(project.content_path, f"no article with slug {slug!r}")
    return briefings


def template_path(project: Project, slug: str) -> Path:
    """Where the POT template of a briefing lies: ``translations/templates/<slug>.pot``."""
    return project.translations_path / "templates" / f"{slug}.pot"


def write_templates(project: Project, collection: Collection, slug: str | None = None,
                    cache: RunCache | None = None) -> list[str]:
    """Write the POT template of every briefing (or of ``slug``) that changed; those written."""
    cache = cache or RunCache.disabled()
    written = []
    for briefing in collection.briefings:
        if (slug is not None and briefing.slug != slug) or not in_language(
                briefing.article.lang, project.source_language):
            continue
        units, _ = cache.units(briefing, catalog_units)
        path = template_path(project, briefing.slug)
        base = os.path.relpath(project.root, path.parent)
        if save_catalog(template_catalog(units, briefing.slug, base), path)[0]:
            written.append(project.relative(path))
    return written


# -- one language ------------------------------------------------------------------------------


@dataclass
class _Held:
    """A catalog this run has parsed and merged, to draft into and write."""

    briefing: Briefing
    catalog: Catalog
    units_key: str
    kept: bytes | None = None  # the file's bytes, while merging changed nothing in it


@dataclass
class _Read:
    """A catalog to merge: its briefing's units and the file's bytes (``None``: no file)."""

    briefing: Briefing
    units: list[Unit]
    units_key: str
    data: bytes | None


@dataclass
class _Settled:
    """What became of one catalog in the first pass over a language.

    Exactly one of: ``current`` (up to date: neither parsed nor written),
    ``finished`` (merged and written, nothing to draft), ``held`` (merged, with
    units waiting for a draft), ``problem`` (left as it is).
    """

    slug: str
    units_key: str = ""
    data: bytes | None = None  # the catalog's bytes as they are now on disk
    facts: CatalogFacts | None = None
    current: bool = False
    written: bool = False
    held: _Held | None = None
    problem: BriefingsError | None = None


@dataclass
class _Group:
    """The catalogs of one kind of text in one language: the articles', or the events'.

    Translation memory is shared within a group only.
    """

    briefings: dict[str, Briefing]
    # Up to date (as read, or as this run wrote them): what each holds, its units' key, bytes.
    current: dict[str, tuple[CatalogFacts, str, bytes | None]] = field(default_factory=dict)
    held: dict[str, _Held] = field(default_factory=dict)


class _Language:
    """Brings the catalogs of one language up to date, for :func:`update_catalogs`."""

    def __init__(self, project: Project, lang: str, glossary: Glossary, cache: RunCache,
                 draft: bool) -> None:
        self.project, self.lang, self.glossary, self.cache = project, lang, glossary, cache
        self.draft = draft
        self.report = LanguageReport(lang)
        # The engine a run would draft with, found without loading a model.
        self.provenance = self._status().provenance if draft else None
        # What settle finds, and what load and translate make of it.
        self.groups: list[_Group] = []
        self.waiting: list[tuple[_Group, str]] = []
        self.pending: list[tuple[_Held, tuple[str, str | None]]] = []
        self.engine_work = False  # whether an engine has something to draft
        self.engine: Engine | None = None
        self.made: dict[str, Draft] | None = None

    def update(self, groups: list[list[Briefing]], progress: Progress | None) -> LanguageReport:
        self.settle(groups)
        self.load()
        self.hold_waiting()
        self.translate(progress)
        return self.finish()

    # -- the steps of update: update_catalogs(at_once=True) runs load and translate of
    # -- several languages side by side, the others in its own thread

    def settle(self, groups: list[list[Briefing]]) -> None:
        """Merge what is not up to date, share reviewed work, and find what waits for a draft."""
        self.groups = [self._settle_all(briefings) for briefings in groups]
        for group in self.groups:
            self._offer_memory(group)
        provenance = self.provenance
        self.waiting = [(group, slug) for group in self.groups
                        for slug, (facts, _, _) in group.current.items()
                        if waits(facts, provenance)]
        self.pending = [(held, key) for group in self.groups for held in group.held.values()
                        for key in pending_units(held.catalog, provenance)]
        if provenance is None:
            if self.draft and (self.pending or self.waiting or any(
                    f.pending for group in self.groups for f, _, _ in group.current.values())):
                self.report.unavailable = self._status().problem
            self.engine_work = False
        else:
            self.engine_work = bool(self.pending or self.waiting)

    def load(self) -> None:
        """Load the language's model, when something waits for a draft (thread-safe)."""
        if not self.engine_work:
            return
        try:
            self.engine = load_engine(engine_config(self.project, self.lang),
                                      engine_settings(self.project), self.project.packages_dir)
        except EngineUnavailable as exc:
            self.report.unavailable = str(exc)  # names the model or the packages folder
            self.engine_work = False

    def hold_waiting(self) -> None:
        """Up-to-date catalogs with units waiting: parse them now, to draft into."""
        if not self.engine_work:
            return
        for group, slug in self.waiting:
            held = self._hold(group, slug)
            if held is not None:
                self.pending.extend((held, key) for key in pending_units(held.catalog,
                                                                         self.provenance))

    def translate(self, progress: Progress | None) -> None:
        """Every pending unit of the language, drafted in one engine call (thread-safe)."""
        if not self.engine_work:
            return
        assert self.engine is not None
        try:
            self.made = draft_texts(self.engine, [msgid for _, (msgid, _) in self.pending],
                                    self.glossary, self.lang, progress)
        except EngineUnavailable as exc:  # a model that breaks while translating
            self.report.unavailable = str(exc)

    def finish(self) -> LanguageReport:
        """File the drafts, write what changed, and count what every catalog holds."""
        report, made = self.report, self.made
        if made is not None:
            assert self.engine is not None
            report.engine = self.engine.provenance
            report.segments = len(made)
            for held, key in self.pending:
                draft = made[key[0]]
                if apply_drafts(held.catalog, {key: draft}):
                    held.kept = None
                    report.new_drafts += draft.problem is None
                    report.flagged += draft.problem is not None
        for group in self.groups:
            self._finish(group)
        return report

    # -- the stages, in order ------------------------------------------------------------------

    def _settle_all(self, briefings: list[Briefing]) -> _Group:
        """First pass: up-to-date catalogs as they are, the others merged (and written
        unless a draft goes into them)."""
        group = _Group({b.slug: b for b in briefings})
        # Which catalogs are up to date is quick to tell here. The others are
        # independent of each other until drafting: a fresh checkout, with every
        # catalog to read and merge, shares them among the cores.
        looked = [self._look(briefing) for briefing in briefings]
        stale = [work for work in looked if isinstance(work, _Read)]
        if stale:
            self.glossary.prepare()
        settled_now = iter(parallel_map(self._settle, stale))
        for outcome in looked:
            settled = next(settled_now) if isinstance(outcome, _Read) else outcome
            if settled.problem is not None:
                self.report.problems.append(settled.problem)
            elif settled.held is not None:
                group.held[settled.slug] = settled.held
            else:
                assert settled.facts is not None
                if settled.written:
                    self.report.written.append(self._where(settled.slug))
                if not settled.current:
                    # A worker's additions to the cache stay in the worker: made here again.
                    self.report.catalogs_parsed += 1
                    self._remember(settled.slug, settled.units_key, settled.data, settled.facts)
                group.current[settled.slug] = (settled.facts, settled.units_key, settled.data)
        return group

    def _offer_memory(self, group: _Group) -> None:
        """Translation memory: what a person reviewed in one catalog is suggested to the
        others, where the same English waits for a translation."""
        entries = sorted([*((slug, facts.entries) for slug, (facts, _, _) in group.current.items()),
                          *((slug, translated_map(h.catalog)) for slug, h in group.held.items())],
                         key=lambda pair: pair[0])
        memory = review_memory((self._where(slug), found) for slug, found in entries)
        for slug, (facts, _, _) in list(group.current.items()):
            if wants_memory(facts.entries, memory, self._where(slug)):
                self._hold(group, slug)
        for slug, held in group.held.items():
            filled = fill_from_memory(held.catalog, memory, self._where(slug))
            if filled:
                held.kept = None
                self.report.from_memory += filled

    def _finish(self, group: _Group) -> None:
        """Write what was held, and count what every catalog of the group now holds."""
        for slug, held in group.held.items():
            written, data = self._write(held)
            if written:
                self.report.written.append(self._where(slug))
            facts = catalog_facts(held.catalog)
            self._remember(slug, held.units_key, data, facts)
            group.current[slug] = (facts, held.units_key, data)
            self.report.catalogs_parsed += 1
        for facts, _, _ in group.current.values():
            self.report.reviewed += facts.counts.reviewed
            self.report.stale += facts.counts.stale
            self.report.obsolete += facts.obsolete

    # -- one catalog ---------------------------------------------------------------------------

    def _look(self, briefing: Briefing) -> _Settled | _Read:
        """A catalog up to date (or unreadable) as it is, or what merging it needs."""
        units, units_key = self.cache.units(briefing, catalog_units)
        path = self.project.catalog_path(self.lang, briefing.slug)
        try:
            data = read_catalog_bytes(path)
        except BriefingsError as exc:
            return _Settled(briefing.slug, problem=self._named(path, exc))
        if data is not None:
            data_key = self.cache.content_key(data)
            facts = self.cache.catalog(self.lang, data_key)
            if facts is not None and self.cache.up_to_date(self.lang, briefing.slug, units_key,
                                                           data_key):
                return _Settled(briefing.slug, units_key, data, facts, current=True)
        return _Read(briefing, units, units_key, data)

    def _merge(self, read: _Read) -> _Held | BriefingsError:
        path = self.project.catalog_path(self.lang, read.briefing.slug)
        try:
            existing = read_catalog(path, self.lang, read.data) if read.data is not None else None
        except BriefingsError as exc:
            # Left exactly as it is: a person has to resolve it, we must not guess.
            return self._named(path, exc)
        merged, unchanged = merged_catalog(read.units, existing, read.data, self.lang,
                                           read.briefing.slug, self.glossary)
        return _Held(read.briefing, merged, read.units_key, kept=read.data if unchanged else None)

    def _settle(self, read: _Read) -> _Settled:
        """Merge one catalog and write it, short of drafting (in a worker when many)."""
        merged = self._merge(read)
        slug = read.briefing.slug
        if isinstance(merged, BriefingsError):
            return _Settled(slug, problem=merged)
        if self.provenance is not None and pending_units(merged.catalog, self.provenance):
            return _Settled(slug, read.units_key, read.data, held=merged)  # drafted later
        written, data = self._write(merged)
        return _Settled(slug, read.units_key, data, catalog_facts(merged.catalog),
                        written=written)

    def _hold(self, group: _Group, slug: str) -> _Held | None:
        """Parse and merge an up-to-date catalog again, to fill or draft into it."""
        _facts, units_key, data = group.current.pop(slug)
        briefing = group.briefings[slug]
        units, _ = self.cache.units(briefing, catalog_units)
        merged = self._merge(_Read(briefing, units, units_key, data))
        if isinstance(merged, BriefingsError):
            self.report.problems.append(merged)
            return None
        group.held[slug] = merged
        return merged

    def _write(self, held: _Held) -> tuple[bool, bytes]:
        """Write a merged catalog unless nothing in it changed; whether written, and its bytes."""
        if held.kept is not None:
            return False, held.kept
        return save_catalog(held.catalog, self.project.catalog_path(self.lang, held.briefing.slug))

    def _remember(self, slug: str, units_key: str, data: bytes | None,
                  facts: CatalogFacts) -> None:
        """The catalog's bytes are what merging these units gives: the next run may skip it."""
        if data is not None:
            data_key = self.cache.content_key(data)
            self.cache.keep_catalog(self.lang, data_key, facts)
            self.cache.keep_merge(self.lang, slug, units_key, data_key)

    def _where(self, slug: str) -> str:
        return self.project.relative(self.project.catalog_path(self.lang, slug))

    def _named(self, path: Path, exc: BriefingsError) -> BriefingsError:
        return BriefingsError(self.project.relative(path), exc.problem, exc.line)

    def _status(self) -> EngineStatus:
        (status,) = describe_engines([engine_config(self.project, self.lang)],
                                     self.project.packages_dir)
        return status
