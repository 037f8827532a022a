"""Drafting: bring every catalog up to date with its briefing, and draft what is pending.

For each language: read the existing catalogs (a broken one is reported and left
exactly as it is), merge them with the briefing's current units the way GNU
msgmerge does, collect the pending units of *all* articles, translate them in one
engine call (the model is loaded once), and write back only the files that changed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from babel.messages.catalog import Catalog

from briefings.collection import Collection
from briefings.errors import BriefingsError
from briefings.glossary import Glossary
from briefings.lock import project_lock
from briefings.model import Briefing
from briefings.project import Project
from briefings.translation.catalogs import (
    Draft,
    apply_drafts,
    catalog_status,
    merge_catalog,
    pending_units,
)
from briefings.translation.engines import (
    Engine,
    EngineConfig,
    EngineSettings,
    EngineUnavailable,
    load_engine,
)
from briefings.translation.pofile import read_catalog, remove_stale_temporaries, write_catalog
from briefings.translation.protect import protect, restore
from briefings.translation.units import Unit, briefing_units

# Called with (language, units done, units in all) while an engine works.
Progress = Callable[[str, int, int], None]


@dataclass
class LanguageReport:
    """What one run did for one language: the summary line ``briefings translate`` prints."""

    lang: str
    engine: str | None = None  # provenance of the engine used, when there was one
    unavailable: str | None = None  # why there was no engine, and how to get one
    new_drafts: int = 0
    flagged: int = 0  # drafts that lost a name or a number: left for a person
    reviewed: int = 0
    stale: int = 0
    obsolete: int = 0
    written: list[str] = field(default_factory=list)
    problems: list[BriefingsError] = field(default_factory=list)

    def summary(self) -> str:
        line = (
            f"{self.lang}: {self.new_drafts} new drafts, {self.reviewed} reviewed kept, "
            f"{self.stale} stale, {self.obsolete} obsolete"
        )
        if self.flagged:
            line += f", {self.flagged} drafts flagged for a person"
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
) -> list[LanguageReport]:
    """Merge and (when ``draft``) machine-draft every catalog; one report per language."""
    assert collection.glossary is not None
    briefings = [b for b in collection.briefings if slug is None or b.slug == slug]
    if slug is not None and not briefings:
        raise BriefingsError(project.content_path, f"no article with slug {slug!r}")
    reports = []
    # One run at a time: another one merging the same catalogs would lose our drafts.
    with project_lock(project.root):
        for lang in languages or project.languages:
            remove_stale_temporaries(project.translations_path / lang)
            reports.append(
                _update_language(project, briefings, lang, collection.glossary, draft, progress)
            )
    return reports


def _update_language(
    project: Project,
    briefings: list[Briefing],
    lang: str,
    glossary: Glossary,
    draft: bool,
    progress: Progress | None,
) -> LanguageReport:
    report = LanguageReport(lang)
    catalogs: dict[str, Catalog] = {}
    for briefing in briefings:
        path = project.catalog_path(lang, briefing.slug)
        try:
            existing = read_catalog(path, lang) if path.exists() else None
        except BriefingsError as exc:
            # Left exactly as it is: a person has to resolve it, we must not guess.
            report.problems.append(BriefingsError(project.relative(path), exc.problem, exc.line))
            continue
        catalogs[briefing.slug] = merge_catalog(
            catalog_units(briefing), existing, lang, briefing.slug
        )

    pending = [(slug, key) for slug, catalog in catalogs.items() for key in pending_units(catalog)]
    if draft and pending:
        try:
            engine = load_engine(engine_config(project, lang), engine_settings(project),
                                 project.packages_dir)
            drafts = _draft(engine, [key for _, key in pending], glossary, lang, progress)
        except EngineUnavailable as exc:  # also a model that breaks while translating
            report.unavailable = str(exc)  # names the model or the packages folder
        else:
            report.engine = engine.provenance
            for (slug, key), made in zip(pending, drafts, strict=True):
                apply_drafts(catalogs[slug], {key: made})
                report.new_drafts += made.problem is None
                report.flagged += made.problem is not None

    for slug, catalog in catalogs.items():
        path = project.catalog_path(lang, slug)
        if write_catalog(catalog, path):
            report.written.append(project.relative(path))
        status = catalog_status(catalog)
        report.reviewed += status.reviewed
        report.stale += status.stale
        report.obsolete += sum(1 for _ in catalog.obsolete)
    return report


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
