"""Events: one page per happening, across every source that reports it.

The pipeline, free of any site builder: :func:`grouping.group_events` decides
which briefings form an event (the editor's ``event:`` keys, then automatic
grouping), :mod:`merging` puts their timelines and statements together,
:mod:`differences` says where they disagree, and :mod:`catalogs` gives the
event's own text (the editor's title and dek, a generated headline) to the
translation workflow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from briefings.events.grouping import (
    GroupingSettings,
    article_names,
    effective_date,
    group_events,
    lead_words,
)
from briefings.events.model import Event, EventIndex, EventNote, Link, NearMiss
from briefings.events.notes import load_event_notes
from briefings.events.text import canonical_statements, stems
from briefings.model import Briefing
from briefings.pagecache import page_key
from briefings.typed_json import InvalidData, decode, encode

if TYPE_CHECKING:
    from briefings.cache import RunCache

__all__ = ["Event", "EventIndex", "EventNote", "GroupingSettings", "group_events",
           "load_event_notes", "project_events"]

#: The name of the events' grouping in the run cache's folder: under the briefings'
#: content keys, and under what grouping reads of them.
CACHED_AS = "events"
_FEATURES = "events-features"
_UNSAID = "events-statements"
#: More articles' statements changed than this: grouped again, not checked.
_MOST_CHECKED = 50

#: Per article, its statements as grouping reads them: (speaker, its stems space-separated).
Said = list[list[tuple[str, str]]]


def project_events(root: Path, briefings: Iterable[Briefing],
                   cache: RunCache | None = None,
                   settings: GroupingSettings | None = None) -> EventIndex:
    """The events of a project's briefings, with the editor's ``events.yaml`` beside mkdocs.yml.

    With a run ``cache``, the grouping of the last build is used again while
    everything it depends on is unchanged: each briefing (by its source's
    content key, in order), the editor's notes, the grouping's settings, and
    the code and settings the cache's own key covers. Grouping compares every
    article with its candidate events, a cost a no-op rebuild need not pay.
    """
    notes = load_event_notes(root)
    settings = settings or GroupingSettings()
    items = list(briefings)
    key = _grouping_key(cache, items, notes, settings) if cache is not None else ""
    if not key or cache is None:
        return group_events(items, notes, settings)
    kept = cache.derived(CACHED_AS, key)
    found = _recalled(kept, items)
    if found is not None:
        return found
    # A briefing changed: grouped again only if what grouping reads of it did.
    rest, said = _read_by_grouping(items)
    features = page_key("features", cache.key, repr(settings), repr(sorted(notes.items())),
                        *(f"{r}\n{s!r}" for r, s in zip(rest, said, strict=True)))
    stored = cache.derived(_FEATURES, features)
    index = _recalled(stored, items) if stored is not None else None
    # Only statements' words changed: the same grouping, if no two articles' speakers
    # now say much the same where they did not, or the other way round.
    others = page_key("features-but-said", cache.key, repr(settings),
                      repr(sorted(notes.items())), *rest)
    if index is None and settings.statement_overlap > 0:
        last = cache.derived(_UNSAID, others)
        if (isinstance(last, dict) and isinstance(last.get("said"), list)
                and _same_echoes(_said_from(last["said"]), said, settings.statement_overlap)):
            index = _recalled(last.get("index"), items)
    if index is None:
        index = group_events(items, notes, settings)
    data = encode(_stored(index), _StoredIndex)
    cache.keep_derived(CACHED_AS, key, data)
    cache.keep_derived(_FEATURES, features, data)
    cache.keep_derived(_UNSAID, others, {"said": said, "index": data})
    return index


@dataclass
class _StoredEvent:
    key: str
    slugs: list[str]
    links: list[Link]
    title: str
    title_generated: bool
    dek: str | None


@dataclass
class _StoredIndex:
    """An :class:`EventIndex` with each briefing named by its slug."""

    events: list[_StoredEvent]
    excluded: list[str]
    near_misses: list[NearMiss]
    compared: int


def _grouping_key(cache: RunCache, items: list[Briefing], notes: dict[str, EventNote],
                  settings: GroupingSettings) -> str:
    """What the grouping of ``items`` depends on, or "" when a briefing is not known."""
    keys = [cache.content_key_of(briefing) for briefing in items]
    if not cache.key or not all(keys) or len({b.slug for b in items}) != len(items):
        return ""
    return page_key(cache.key, repr(settings), repr(sorted(notes.items())), *keys)


def _read_by_grouping(items: list[Briefing]) -> tuple[list[str], Said]:
    """What :func:`group_events` reads of each briefing: all but statements, and statements.

    An edit that leaves an article's names, speakers, statements' content words,
    headline, lead, date and event key as they were (most edits of a sentence)
    groups as before. Statements are apart: grouping reads them only to see which
    articles' speakers say much the same (see :func:`_same_echoes`).
    """
    rest, said = [], []
    for briefing in items:
        article = briefing.article
        said.append([(s.speaker, " ".join(sorted(stems(s.text))))
                     for s in canonical_statements(briefing) if not s.unattributed])
        rest.append(repr((briefing.slug, article.event, effective_date(briefing), article.title,
                          article.title_generated, sorted(article_names(briefing)),
                          sorted(lead_words(briefing)))))
    return rest, said


def _said_from(data: list[object]) -> Said | None:
    said: Said = []
    for statements in data:
        if not isinstance(statements, list) or not all(
                isinstance(s, list) and len(s) == 2 and all(isinstance(p, str) for p in s)
                for s in statements):
            return None
        said.append([(speaker, words) for speaker, words in statements])
    return said


def _same_echoes(before: Said | None, now: Said, least: float) -> bool:
    """Whether the same pairs of articles have a speaker saying much the same in both.

    That is all grouping makes of statements (``least > 0``): a speaker is heard
    in an event when one of the event's articles has them say much the same (the
    Jaccard of stems at least ``least``). With every other input the same, the
    same pairs make every comparison, and so the whole grouping, the same. Only
    the pairs of the articles whose statements changed are looked at.
    """
    if before is None or len(before) != len(now):
        return False
    changed = [number for number, (old, new) in enumerate(zip(before, now, strict=True))
               if old != new]
    if len(changed) > _MOST_CHECKED:
        return False
    return all(_echoed(before, n, least) == _echoed(now, n, least) for n in changed)


def _echoed(said: Said, article: int, least: float) -> set[tuple[str, int]]:
    """The (speaker, article) pairs in which another article has a speaker of ``article``
    say much the same as it does (the Jaccard of grouping, by the same expression)."""
    mine: dict[str, list[frozenset[str]]] = {}
    for speaker, words in said[article]:
        if words:
            mine.setdefault(speaker, []).append(frozenset(words.split(" ")))
    found: set[tuple[str, int]] = set()
    for number, statements in enumerate(said):
        if number == article:
            continue
        for speaker, words in statements:
            if not words or speaker not in mine or (speaker, number) in found:
                continue
            other = frozenset(words.split(" "))
            for said_here in mine[speaker]:
                shared = len(said_here & other)
                if shared / (len(said_here) + len(other) - shared) >= least:
                    found.add((speaker, number))
                    break
    return found


def _stored(index: EventIndex) -> _StoredIndex:
    return _StoredIndex(
        [_StoredEvent(e.key, e.slugs, e.links, e.title, e.title_generated, e.dek)
         for e in index.events],
        index.excluded, index.near_misses, index.compared)


def _recalled(data: object, items: list[Briefing]) -> EventIndex | None:
    """The index kept as ``data``, over these very briefings; ``None`` when it does not fit."""
    if data is None:
        return None
    try:
        stored = decode(data, _StoredIndex)
    except (InvalidData, TypeError, KeyError):
        return None
    by_slug = {briefing.slug: briefing for briefing in items}
    if not all(slug in by_slug for event in stored.events for slug in event.slugs):
        return None
    return EventIndex(
        events=[Event(e.key, [by_slug[slug] for slug in e.slugs], e.links, e.title,
                      e.title_generated, e.dek) for e in stored.events],
        excluded=stored.excluded, near_misses=stored.near_misses, compared=stored.compared)
