"""Drafting's pure stages: merge a catalog with its briefing, share reviewed work, draft.

Nothing here reads or writes a file, takes the lock or loads a model: the run
(:mod:`briefings.run`) does, and hands these stages what it read. For one
language, a run

1. merges each catalog with the briefing's current units
   (:func:`merged_catalog`, the way GNU msgmerge does);
2. offers what a person reviewed in one catalog to the others
   (:func:`review_memory`, :func:`wants_memory`);
3. sends the pending English of *all* catalogs to the engine in one call
   (:func:`draft_texts`: the model works once, each distinct text once);
4. counts what it did in a :class:`LanguageReport`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from babel.messages.catalog import Catalog

from briefings.errors import BriefingsError
from briefings.glossary import Glossary
from briefings.project import Project
from briefings.translation.catalogs import (
    CatalogFacts,
    Draft,
    Memory,
    Status,
    merge_catalog,
    same_content,
)
from briefings.translation.engines import Engine, EngineSettings
from briefings.translation.protect import protect, restore
from briefings.translation.units import Unit

# A flags line with a format flag ("#, fuzzy, python-format").
_FORMAT_FLAG = re.compile(rb"(?m)^#,.*-format")
# Called with (language, segments done, segments in all) while an engine works.
Progress = Callable[[str, int, int], None]


@dataclass
class LanguageReport:
    """What one run did for one language: the summary line ``briefings translate`` prints.

    ``new_drafts + flagged`` entries were drafted from ``segments`` distinct
    pieces of English: the same sentence in several catalogs is translated
    once (and counted once by the progress bar) but filed in each.
    """

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
    #: "slug: not translated: the source is in …": sources not in English, left alone
    not_translated: list[str] = field(default_factory=list)

    def summary(self) -> str:
        line = (
            f"{self.lang}: {self.new_drafts} new drafts, {self.reviewed} reviewed kept, "
            f"{self.stale} stale, {self.obsolete} obsolete"
        )
        if self.flagged:
            line += f", {self.flagged} drafts failed a check (kept for a person, not shown)"
        drafted = self.new_drafts + self.flagged
        if drafted != self.segments:
            # What the progress bar counted: both figures, so that they add up.
            line += (f"; {drafted} entries drafted from {self.segments} "
                     f"segment{'s' if self.segments != 1 else ''} (the same English "
                     "in several catalogs is translated once)")
        if self.from_memory:
            line += f", {self.from_memory} filled from translation memory"
        if self.unavailable:
            line += f" (no engine: {self.unavailable})"
        return line


def engine_settings(project: Project) -> EngineSettings:
    """How the project's engines translate: beam, threads, batch size, output length."""
    return EngineSettings(
        beam_size=project.beam_size,
        threads=project.threads,
        batch_tokens=project.batch_tokens,
        max_decoding_length=project.max_decoding_length,
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


def merged_catalog(
    units: list[Unit],
    existing: Catalog | None,
    data: bytes | None,
    lang: str,
    slug: str,
    glossary: Glossary,
) -> tuple[Catalog, bool]:
    """``existing`` (read from ``data``) merged with ``units``, and whether its file may stay.

    The file stays as it is when merging changed nothing in it. Format flags a
    tool added are dropped when read, so such a file is rewritten without
    them: msgfmt --check-format would hold a translation to them.
    """
    merged = merge_catalog(units, existing, lang, slug, notes=glossary_notes(units, glossary, lang))
    unchanged = (
        existing is not None and data is not None and not _FORMAT_FLAG.search(data)
        and same_content(merged, existing)
    )
    return merged, unchanged


def waits(facts: CatalogFacts, provenance: str | None) -> bool:
    """Whether a catalog has units an engine with ``provenance`` would draft."""
    if provenance is None:
        return False
    return bool(facts.pending) or any(p != provenance for p in facts.drafted_by)


def review_memory(catalogs: Iterable[tuple[str, dict[str, tuple[str, Status]]]]) -> Memory:
    """The reviewed translations of ``(where, entries)`` pairs, by English, first pair first."""
    memory: Memory = {}
    for where, entries in catalogs:
        for msgid, (text, status) in entries.items():
            if status == "reviewed" and text:
                memory.setdefault(msgid, (text, where))
    return memory


def wants_memory(entries: dict[str, tuple[str, Status]], memory: Memory, where: str) -> bool:
    """Whether the catalog at ``where`` has an empty entry ``memory`` holds from elsewhere."""
    return any(not text and msgid in memory and memory[msgid][1] != where
               for msgid, (text, _status) in entries.items())


def draft_texts(
    engine: Engine,
    texts: list[str],
    glossary: Glossary,
    lang: str,
    progress: Progress | None = None,
) -> dict[str, Draft]:
    """A draft of each distinct English text, translated together: one engine call.

    Glossary terms, names and numbers are protected on the way in and checked
    on the way out (:mod:`briefings.translation.protect`); ``progress`` hears
    ``(lang, done, total)`` with ``total`` the number of distinct texts.
    """
    unique = list(dict.fromkeys(texts))
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
    return made
