"""Events: one page per happening, across every source that reports it.

The pipeline, free of any site builder: :func:`grouping.group_events` decides
which briefings form an event (the editor's ``event:`` keys, then automatic
grouping), :mod:`merging` puts their timelines and statements together,
:mod:`differences` says where they disagree, and :mod:`catalogs` gives the
event's own text (the editor's title and dek, a generated headline) to the
translation workflow.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from briefings.events.grouping import (
    Comparisons,
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
    try:
        return _grouped(root, list(briefings), cache, settings or GroupingSettings())
    finally:
        # Grouping cut every article's statements and lead into words (stems'
        # cache, tens of MB at 1,000 articles): held, they would stay for the
        # whole build, and be copied into every forked worker. An event page
        # cuts what it shows again, once per event and process.
        stems.cache_clear()


def _grouped(root: Path, items: list[Briefing], cache: RunCache | None,
             settings: GroupingSettings) -> EventIndex:
    notes = load_event_notes(root)
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
    # Only statements' words changed: the same grouping, if every comparison hears
    # the same speakers as before (see _same_comparisons).
    others = page_key("features-but-said", cache.key, repr(settings),
                      repr(sorted(notes.items())), *rest)
    last = cache.derived(_UNSAID, others) if index is None else None
    compared: Any = None
    if (isinstance(last, dict) and isinstance(last.get("said"), list)
            and settings.statement_overlap > 0):
        compared = _comparisons_from(last.get("comparisons"))
        if compared is not None and _same_comparisons(
                _said_from(last["said"]), said, settings.statement_overlap,
                [b.slug for b in items], compared):
            index = _recalled(last.get("index"), items)
    if index is None:
        made: Comparisons = {}
        index = group_events(items, notes, settings, made)
        compared = _comparisons_data([[slug, number, None if heard is None else heard.items()]
                                      for slug, (number, heard) in made.items()])
    data = encode(_stored(index), _StoredIndex)
    cache.keep_derived(CACHED_AS, key, data)
    cache.keep_derived(_FEATURES, features, data)
    if compared is not None:
        cache.keep_derived(_UNSAID, others, {"said": said, "index": data,
                                             "comparisons": compared})
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


def _comparisons_from(data: object) -> list[list[Any]] | None:
    """The comparisons kept (see :func:`_comparisons_data`), checked; ``None`` if not."""
    if not isinstance(data, list):
        return None
    for entry in data:
        if not (isinstance(entry, list) and len(entry) == 3 and isinstance(entry[0], str)
                and isinstance(entry[1], int)):
            return None
        heard = entry[2]
        if heard is not None and not (isinstance(heard, list) and all(
                isinstance(h, list) and len(h) == 2 and isinstance(h[0], int)
                and isinstance(h[1], list) for h in heard)):
            return None
    return data


def _comparisons_data(compared: list[list[Any]]) -> list[list[Any]]:
    """:data:`Comparisons` as JSON data: [slug, group, [[group, speakers], ...] or None]."""
    return [[slug, number, None if heard is None else [[g, list(s)] for g, s in heard]]
            for slug, number, heard in compared]


def _same_comparisons(before: Said | None, now: Said, least: float, slugs: list[str],
                      compared: list[list[Any]]) -> bool:
    """Whether grouping ``now``'s statements would hear in every comparison the very
    speakers it heard with ``before``'s (all else the same, ``least > 0``).

    Grouping reads statements only to see which speakers of the article compared
    are heard in the group compared with: when an article of the group so far has
    them say much the same (the Jaccard of stems at least ``least``). ``compared``
    is what the last grouping did (:data:`Comparisons`, in the order it grouped).
    If every comparison scores the same (the score counts up to two speakers heard)
    and the group joined hears the same speakers (its link names them), every
    article goes where it went with the same scores and links, so each group is as
    it was for the next article: the grouping is the same, to the last digit.
    Only the pairs of articles whose saying much the same changed are looked at,
    and only the comparisons they could change: an article compared with the
    group that held the other.
    """
    if before is None or len(before) != len(now) or len(compared) > len(slugs):
        return False
    changed = [number for number, (old, new) in enumerate(zip(before, now, strict=True))
               if old != new]
    if len(changed) > _MOST_CHECKED:
        return False
    moved: set[tuple[str, int, int]] = set()
    for article in changed:
        moved |= {(speaker, article, other) for speaker, other in
                  _echoed(before, article, least) ^ _echoed(now, article, least)}
    if not moved:
        return True
    at = {slug: number for number, slug in enumerate(slugs)}
    turn: dict[int, int] = {}  # article -> when it was grouped (the editor's: before all)
    group_of: dict[int, int] = {}
    heard_in: dict[int, dict[int, list[str]]] = {}
    members: dict[int, list[int]] = defaultdict(list)
    for when, (slug, group, heard) in enumerate(compared):
        if slug not in at:
            return False
        article = at[slug]
        turn[article] = when if heard is not None else -1
        group_of[article] = group
        members[group].append(article)
        if heard is not None:
            heard_in[article] = {number: speakers for number, speakers in heard}
    recheck: dict[tuple[int, int], set[str]] = defaultdict(set)  # (article, group) -> speakers
    for speaker, one, other in moved:
        for article, placed in ((one, other), (other, one)):
            if article not in heard_in or placed not in group_of:
                continue  # the editor's, or out of every event: never compared
            group = group_of[placed]
            if turn[placed] < turn[article] and group in heard_in[article]:
                recheck[(article, group)].add(speaker)
            # (else not in a group yet, or that group was not compared with)
    for (article, group), speakers in recheck.items():
        was = heard_in[article][group]
        heard = set(was)
        for speaker in speakers:
            heard.discard(speaker)
            if any(turn[member] < turn[article]
                   and _says_the_same(now[article], now[member], speaker, least)
                   for member in members[group]):
                heard.add(speaker)
        # The score counts at most two speakers heard; the link to the group joined
        # names them all.
        if group == group_of[article]:
            if sorted(heard) != list(was):
                return False
        elif min(len(heard), 2) != min(len(was), 2):
            return False
    return True


def _says_the_same(said: list[tuple[str, str]], other: list[tuple[str, str]], speaker: str,
                   least: float) -> bool:
    mine = [frozenset(w.split(" ")) for s, w in said if s == speaker and w]
    for s, words in other:
        if s == speaker and words:
            theirs = frozenset(words.split(" "))
            for here in mine:
                shared = len(here & theirs)
                if shared / (len(here) + len(theirs) - shared) >= least:
                    return True
    return False


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
