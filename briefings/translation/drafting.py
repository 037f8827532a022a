"""Drafting: bring every catalog up to date with its briefing, and draft what is pending.

For each language: read the existing catalogs (a broken one is reported and left
exactly as it is), merge them with the briefing's current units the way GNU
msgmerge does, collect the pending units of *all* articles, translate them in one
engine call (the model is loaded once), and write back only the files that changed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog

from briefings.cache import CatalogFacts, RunCache
from briefings.collection import Collection
from briefings.errors import BriefingsError
from briefings.glossary import Glossary
from briefings.lock import project_lock
from briefings.model import Briefing
from briefings.parallel import parallel_map
from briefings.project import Project
from briefings.translation.catalogs import (
    Draft,
    Memory,
    apply_drafts,
    catalog_status,
    draft_provenances,
    fill_from_memory,
    merge_catalog,
    pending_units,
    same_content,
    template_catalog,
    translated_map,
)
from briefings.translation.engines import (
    Engine,
    EngineConfig,
    EngineSettings,
    EngineUnavailable,
    describe_engines,
    load_engine,
)
from briefings.translation.pofile import (
    read_catalog,
    read_catalog_bytes,
    remove_stale_temporaries,
    save_catalog,
)
from briefings.translation.protect import protect, restore
from briefings.translation.units import Unit, briefing_units

# A flags line with a format flag ("#, fuzzy, python-format").
_FORMAT_FLAG = re.compile(rb"(?m)^#,.*-format")
# Called with (language, units done, units in all) while an engine works.
Progress = Callable[[str, int, int], None]


@dataclass
class LanguageReport:
    """What one run did for one language: the summary line ``briefings translate`` prints."""

    lang: str
    engine: str | None = None  # provenance of the engine used, when there was one
    unavailable: str | None = None  # why there was no engine, and how to get one
    new_drafts: int = 0
    flagged: int = 0  # drafts that failed a check: kept, fuzzy, for a person; not shown
    from_memory: int = 0  # entries filled from another catalog's reviewed translation
    reviewed: int = 0
    stale: int = 0
    obsolete: int = 0
    written: list[str] = field(default_factory=list)
    problems: list[BriefingsError] = field(default_factory=list)
    segments: int = 0  # distinct pieces of English sent to the engine
    catalogs_parsed: int = 0  # catalogs read and merged (the others were up to date)

    def summary(self) -> str:
        line = (
            f"{self.lang}: {self.new_drafts} new drafts, {self.reviewed} reviewed kept, "
            f"{self.stale} stale, {self.obsolete} obsolete"
        )
        if self.flagged:
            line += f", {self.flagged} drafts failed a check (kept for a person, not shown)"
        if self.from_memory:
            line += f", {self.from_memory} filled from translation memory"
        if self.unavailable:
            line += f" (no engine: {self.unavailable})"
        return line


def engine_config(project: Project, lang: str) -> EngineConfig:
    choice = project.engine_for(lang)
    return EngineConfig(
        lang=lang,
        kind="ctranslate2" if choice.kind == "ctranslate2" else "argos",
        model=choice.model,
        source_token=choice.source_token,
        target_token=choice.target_token,
        source=project.source_language,
    )


def engine_settings(project: Project) -> EngineSettings:
    return EngineSettings(
        beam_size=project.beam_size,
        threads=project.threads,
        batch_tokens=project.batch_tokens,
        max_decoding_length=project.max_decoding_length,
    )


def catalog_units(briefing: Briefing) -> list[Unit]:
    """The translation units of one briefing, located in its source file."""
    article = briefing.article
    return briefing_units(briefing, article.path.as_posix(), article.line_of)


def update_catalogs(
    project: Project,
    collection: Collection,
    languages: Iterable[str] | None = None,
    slug: str | None = None,
    *,
    draft: bool = True,
    progress: Progress | None = None,
    cache: RunCache | None = None,
) -> list[LanguageReport]:
    """Merge and (when ``draft``) machine-draft every catalog; one report per language.

    With a ``cache``, a catalog that holds exactly what merging its briefing's
    current units wrote last time, and waits for no draft, is neither parsed
    nor rewritten (see :mod:`briefings.cache`).
    """
    assert collection.glossary is not None
    briefings = [b for b in collection.briefings if slug is None or b.slug == slug]
    if slug is not None and not briefings:
        raise BriefingsError(project.content_path, f"no article with slug {slug!r}")
    cache = cache or RunCache.disabled()
    reports = []
    # One run at a time: another one merging the same catalogs would lose our drafts.
    with project_lock(project.root):
        for lang in languages or project.languages:
            remove_stale_temporaries(project.translations_path / lang)
            reports.append(
                _update_language(
                    project, briefings, lang, collection.glossary, draft, progress, cache
                )
            )
    return reports


def template_path(project: Project, slug: str) -> Path:
    """Where the POT template of a briefing lies: ``translations/templates/<slug>.pot``."""
    return project.translations_path / "templates" / f"{slug}.pot"


def write_templates(project: Project, collection: Collection, slug: str | None = None,
                    cache: RunCache | None = None) -> list[str]:
    """Write the POT template of every briefing (or of ``slug``) that changed; those written."""
    cache = cache or RunCache.disabled()
    written = []
    for briefing in collection.briefings:
        if slug is not None and briefing.slug != slug:
            continue
        units, _ = cache.units(briefing, catalog_units)
        path = template_path(project, briefing.slug)
        base = os.path.relpath(project.root, path.parent)
        if save_catalog(template_catalog(units, briefing.slug, base), path)[0]:
            written.append(project.relative(path))
    return written


def catalog_facts(catalog: Catalog) -> CatalogFacts:
    """What the site and the reports need of ``catalog`` (kept in the run cache)."""
    return CatalogFacts(
        counts=catalog_status(catalog),
        obsolete=sum(1 for _ in catalog.obsolete),
        pending=len(pending_units(catalog)),
        entries=translated_map(catalog),
        drafted_by=draft_provenances(catalog),
    )


def glossary_notes(units: list[Unit], glossary: Glossary, lang: str) -> dict[str, list[str]]:
    """``#.`` lines giving the agreed form of every glossary term a unit's English names."""
    notes: dict[str, list[str]] = {}
    for unit in units:
        lines = []
        for match in glossary.find(unit.msgid):
            form = match.term.forms.get(lang)
            named = match.surface if match.surface == match.term.name else (
                f"{match.surface} ({match.term.name})")
            line = f"glossary: {named} → {form}"
            if form and line not in lines:
                lines.append(line)
        if lines:
            notes[unit.msgid] = lines
    return notes


def _engine_provenance(project: Project, lang: str) -> str | None:
    """The engine a run would draft ``lang`` with, found without loading a model."""
    (status,) = describe_engines([engine_config(project, lang)], project.packages_dir)
    return status.provenance


def _waits(facts: CatalogFacts, provenance: str | None) -> bool:
    """Whether a catalog has units an engine with ``provenance`` would draft."""
    if provenance is None:
        return False
    return bool(facts.pending) or any(p != provenance for p in facts.drafted_by)


@dataclass
class _Held:
    """A catalog this run has parsed and merged, to draft into and write."""

    briefing: Briefing
    catalog: Catalog
    units_key: str
    kept: bytes | None = None  # the file's bytes, while merging changed nothing in it


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


def _update_language(
    project: Project,
    briefings: list[Briefing],
    lang: str,
    glossary: Glossary,
    draft: bool,
    progress: Progress | None,
    cache: RunCache,
) -> LanguageReport:
    report = LanguageReport(lang)
    held: dict[str, _Held] = {}
    provenance = _engine_provenance(project, lang) if draft else None
    # Catalogs already up to date, by slug, with what they hold and the units' key.
    current: dict[str, tuple[CatalogFacts, str, bytes | None]] = {}

    def merge(
        briefing: Briefing, units: list[Unit], units_key: str, data: bytes | None
    ) -> _Held | BriefingsError:
        path = project.catalog_path(lang, briefing.slug)
        try:
            existing = read_catalog(path, lang, data) if data is not None else None
        except BriefingsError as exc:
            # Left exactly as it is: a person has to resolve it, we must not guess.
            return BriefingsError(project.relative(path), exc.problem, exc.line)
        merged = merge_catalog(units, existing, lang, briefing.slug,
                               notes=glossary_notes(units, glossary, lang))
        # Nothing new: the file stays as it is (unless drafts go into it). Format
        # flags a tool added are dropped when read, so such a file is rewritten
        # without them: msgfmt --check-format would hold a translation to them.
        unchanged = (
            existing is not None and data is not None and not _FORMAT_FLAG.search(data)
            and same_content(merged, existing)
        )
        return _Held(briefing, merged, units_key, kept=data if unchanged else None)

    def look(briefing: Briefing) -> _Settled | tuple[Briefing, list[Unit], str, bytes | None]:
        """A catalog up to date (or unreadable) as it is, or what merging it needs."""
        units, units_key = cache.units(briefing, catalog_units)
        path = project.catalog_path(lang, briefing.slug)
        try:
            data = read_catalog_bytes(path)
        except BriefingsError as exc:
            return _Settled(briefing.slug, problem=BriefingsError(
                project.relative(path), exc.problem, exc.line
            ))
        if data is not None:
            data_key = cache.content_key(data)
            facts = cache.catalog(lang, data_key)
            if facts is not None and cache.up_to_date(lang, briefing.slug, units_key, data_key):
                return _Settled(briefing.slug, units_key, data, facts, current=True)
        return briefing, units, units_key, data

    def settle(work: tuple[Briefing, list[Unit], str, bytes | None]) -> _Settled:
        """Merge one catalog and write it, short of drafting (in a worker when many)."""
        briefing, units, units_key, data = work
        merged = merge(briefing, units, units_key, data)
        if isinstance(merged, BriefingsError):
            return _Settled(briefing.slug, problem=merged)
        if provenance is not None and pending_units(merged.catalog, provenance):
            return _Settled(briefing.slug, units_key, data, held=merged)  # drafted below
        written, data = _write(project, lang, merged)
        return _Settled(briefing.slug, units_key, data, catalog_facts(merged.catalog),
                        written=written)

    # Which catalogs are up to date is quick to tell here. The others are
    # independent of each other until drafting: a fresh checkout, with every
    # catalog to read and merge, shares them among the cores.
    looked = [look(briefing) for briefing in briefings]
    stale = [work for work in looked if not isinstance(work, _Settled)]
    settled_now = iter(parallel_map(settle, stale))
    for outcome in looked:
        settled = next(settled_now) if not isinstance(outcome, _Settled) else outcome
        if settled.problem is not None:
            report.problems.append(settled.problem)
        elif settled.held is not None:
            held[settled.slug] = settled.held
        else:
            assert settled.facts is not None
            if settled.written:
                report.written.append(project.relative(project.catalog_path(lang, settled.slug)))
            if not settled.current:
                # A worker's additions to the cache stay in the worker: made here again.
                report.catalogs_parsed += 1
                _remember(cache, lang, settled.slug, settled.units_key, settled.data,
                          settled.facts)
            current[settled.slug] = (settled.facts, settled.units_key, settled.data)

    by_slug = {b.slug: b for b in briefings}

    def hold(slug: str) -> None:
        """Parse and merge an up-to-date catalog again, to fill or draft into it."""
        _facts, units_key, data = current.pop(slug)
        units, _ = cache.units(by_slug[slug], catalog_units)
        merged = merge(by_slug[slug], units, units_key, data)
        if isinstance(merged, BriefingsError):
            report.problems.append(merged)
        else:
            held[slug] = merged

    # Translation memory: what a person reviewed in one catalog is suggested to
    # the others, where the same English waits for a translation.
    memory = _memory(project, lang, current, held)
    for slug, (facts, _, _) in list(current.items()):
        if any(not text and msgid in memory and memory[msgid][1] != _where(project, lang, slug)
               for msgid, (text, _status) in facts.entries.items()):
            hold(slug)
    for slug, h in held.items():
        filled = fill_from_memory(h.catalog, memory, _where(project, lang, slug))
        if filled:
            h.kept = None
            report.from_memory += filled

    waiting = [s for s, (facts, _, _) in current.items() if _waits(facts, provenance)]
    pending = [(slug, key) for slug, h in held.items()
               for key in pending_units(h.catalog, provenance)]
    if provenance is not None and (pending or waiting):
        try:
            engine = load_engine(engine_config(project, lang), engine_settings(project),
                                 project.packages_dir)
        except EngineUnavailable as exc:
            report.unavailable = str(exc)  # names the model or the packages folder
        else:
            # Up-to-date catalogs with units waiting: parse them now, to draft into.
            for slug in waiting:
                hold(slug)
                if slug in held:
                    pending.extend((slug, key)
                                   for key in pending_units(held[slug].catalog, provenance))
            try:
                drafts = _draft(engine, [key for _, key in pending], glossary, lang, progress)
            except EngineUnavailable as exc:  # a model that breaks while translating
                report.unavailable = str(exc)
            else:
                report.engine = engine.provenance
                report.segments = len({key for _, key in pending})
                for (slug, key), made in zip(pending, drafts, strict=True):
                    if apply_drafts(held[slug].catalog, {key: made}):
                        held[slug].kept = None
                        report.new_drafts += made.problem is None
                        report.flagged += made.problem is not None
    elif draft and provenance is None and (pending or waiting
                                           or any(f.pending for f, _, _ in current.values())):
        (status,) = describe_engines([engine_config(project, lang)], project.packages_dir)
        report.unavailable = status.problem

    for slug, h in held.items():
        written, data = _write(project, lang, h)
        if written:
            report.written.append(project.relative(project.catalog_path(lang, slug)))
        facts = catalog_facts(h.catalog)
        _remember(cache, lang, slug, h.units_key, data, facts)
        current[slug] = (facts, h.units_key, data)
        report.catalogs_parsed += 1
    for facts, _, _ in current.values():
        report.reviewed += facts.counts.reviewed
        report.stale += facts.counts.stale
        report.obsolete += facts.obsolete
    return report


def _write(project: Project, lang: str, held: _Held) -> tuple[bool, bytes]:
    """Write a merged catalog unless nothing in it changed; whether written, and its bytes."""
    if held.kept is not None:
        return False, held.kept
    return save_catalog(held.catalog, project.catalog_path(lang, held.briefing.slug))


def _where(project: Project, lang: str, slug: str) -> str:
    return project.relative(project.catalog_path(lang, slug))


def _memory(
    project: Project,
    lang: str,
    current: dict[str, tuple[CatalogFacts, str, bytes | None]],
    held: dict[str, _Held],
) -> Memory:
    """The reviewed translations of every catalog of ``lang``, by English, in slug order."""
    memory: Memory = {}
    sources = sorted([*((slug, facts.entries) for slug, (facts, _, _) in current.items()),
                      *((slug, translated_map(h.catalog)) for slug, h in held.items())])
    for slug, entries in sources:
        where = _where(project, lang, slug)
        for msgid, (text, status) in entries.items():
            if status == "reviewed" and text:
                memory.setdefault(msgid, (text, where))
    return memory


def _remember(
    cache: RunCache, lang: str, slug: str, units_key: str, data: bytes | None,
    facts: CatalogFacts,
) -> None:
    """The catalog's bytes are what merging these units gives: the next run may skip it."""
    if data is not None:
        data_key = cache.content_key(data)
        cache.keep_catalog(lang, data_key, facts)
        cache.keep_merge(lang, slug, units_key, data_key)


def _draft(
    engine: Engine,
    keys: list[tuple[str, str | None]],
    glossary: Glossary,
    lang: str,
    progress: Progress | None,
) -> list[Draft]:
    """Drafts for every key, translated together: one engine call for the whole language.

    The same English is translated once even when several articles share it.
    """
    unique = list(dict.fromkeys(msgid for msgid, _ in keys))
    protected = [protect(text, glossary, lang) for text in unique]
    if progress:
        progress(lang, 0, len(unique))
    outputs = engine.translate(
        [p.text for p in protected],
        progress=(lambda done: progress(lang, done, len(unique))) if progress else None,
    )
    made: dict[str, Draft] = {}
    for text, guarded, output in zip(unique, protected, outputs, strict=True):
        restored, problems = restore(output, guarded)
        made[text] = Draft(
            text=restored,
            provenance=engine.provenance,
            problem="; ".join(problems) if problems else None,
        )
    return [made[msgid] for msgid, _ in keys]
