"""One event's sources put together: a merged timeline, and who said what across them.

Near-duplicates are merged, never dropped: each merged entry keeps the text of
the first source that reports it (oldest source first), and names every source
that does. Direct quotes and reported speech are kept apart, since a quote is a
speaker's own words and reported speech is a source's account of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from briefings.events.model import Event
from briefings.events.text import canonical_statements, overlap, stems
from briefings.model import Statement

#: How alike (Jaccard of stems) two entries of the same date must be to be one.
TIMELINE_OVERLAP = 0.2
#: How alike two statements of one speaker must be to be the same statement.
STATEMENT_OVERLAP = 0.45


@dataclass
class TimelineEntry:
    """One dated happening, as one or more sources report it.

    ``text`` is the first source's sentence; ``texts`` every source's, by slug.
    """

    date: str
    text: str
    sources: list[str]  # slugs, in the event's order
    texts: dict[str, str] = field(default_factory=dict)


@dataclass
class SharedStatement:
    """A statement carried by one or more sources: shown once, naming each."""

    speaker: str
    text: str  # as the first source gives it
    direct_quote: bool
    sources: list[str]
    affiliation: str | None = None
    texts: dict[str, str] = field(default_factory=dict)


@dataclass
class SpeakerStatements:
    """Everything one speaker is reported to have said, across the sources."""

    speaker: str
    affiliation: str | None
    quotes: list[SharedStatement] = field(default_factory=list)
    reported: list[SharedStatement] = field(default_factory=list)

    @property
    def sources(self) -> list[str]:
        return list(dict.fromkeys(s for st in self.quotes + self.reported for s in st.sources))


def merged_timeline(event: Event) -> list[TimelineEntry]:
    """The dated happenings of every source, near-duplicates merged, in date order.

    Two entries are one when they have the same date and say much the same
    (:data:`TIMELINE_OVERLAP`); within one source entries are never merged.
    """
    entries: list[tuple[TimelineEntry, frozenset[str]]] = []
    for briefing in event.briefings:
        for item in briefing.timeline:
            words = stems(item.text)
            same = next(
                (entry for entry, entry_words in entries
                 if entry.date == item.date and briefing.slug not in entry.sources
                 and overlap(words, entry_words) >= TIMELINE_OVERLAP),
                None,
            )
            if same is None:
                entries.append((TimelineEntry(item.date, item.text, [briefing.slug],
                                              {briefing.slug: item.text}), words))
            else:
                same.sources.append(briefing.slug)
                same.texts[briefing.slug] = item.text
    ordered = [entry for entry, _ in entries]
    # Stable: same-date entries stay in the order the sources give them.
    ordered.sort(key=lambda e: _sortable(e.date))
    return ordered


def _sortable(date: str) -> str:
    # "2023-09" sorts before "2023-09-01"; a year alone before its months.
    return date


def statements_across(event: Event) -> list[SpeakerStatements]:
    """Statements grouped by canonical speaker; the same statement from two sources once.

    Speakers come in the order of the number of sources that hear them, then of
    statements; unattributed claims come last, under their own heading.
    """
    speakers: dict[str, SpeakerStatements] = {}
    found: dict[tuple[str, bool], list[tuple[SharedStatement, frozenset[str]]]] = {}
    for briefing in event.briefings:
        for statement in canonical_statements(briefing):
            group = speakers.setdefault(
                statement.speaker, SpeakerStatements(statement.speaker, statement.affiliation)
            )
            group.affiliation = group.affiliation or statement.affiliation
            _file(group, found, statement, briefing.slug)

    def order(group: SpeakerStatements) -> tuple[bool, int, int, str]:
        count = len(group.quotes) + len(group.reported)
        unattributed = group.speaker == "Unattributed"
        return (unattributed, -len(group.sources), -count, group.speaker)

    return sorted(speakers.values(), key=order)


def _file(
    group: SpeakerStatements,
    found: dict[tuple[str, bool], list[tuple[SharedStatement, frozenset[str]]]],
    statement: Statement,
    slug: str,
) -> None:
    words = stems(statement.text)
    kind = (statement.speaker, statement.direct_quote)
    for shared, shared_words in found.get(kind, []):
        if slug in shared.sources:
            continue
        if statement.text == shared.text or overlap(words, shared_words) >= STATEMENT_OVERLAP:
            shared.sources.append(slug)
            shared.texts[slug] = statement.text
            return
    shared = SharedStatement(statement.speaker, statement.text, statement.direct_quote, [slug],
                             statement.affiliation, {slug: statement.text})
    found.setdefault(kind, []).append((shared, words))
    (group.quotes if statement.direct_quote else group.reported).append(shared)


@dataclass
class Voices:
    """How many statements each source gives each party (side), and each speaker.

    ``by_source[slug][party]``: statements; the party ``None`` is a speaker of
    unknown side, and unattributed claims are counted apart.
    """

    parties: list[str | None]
    by_source: dict[str, dict[str | None, int]]
    unattributed: dict[str, int]
    speakers: dict[str, dict[str, int]]  # slug -> speaker -> statements

    def party_total(self, party: str | None) -> int:
        return sum(counts.get(party, 0) for counts in self.by_source.values())


def voices(event: Event) -> Voices:
    """Voices heard per source and per party, from the statements of each source."""
    by_source: dict[str, dict[str | None, int]] = {}
    unattributed: dict[str, int] = {}
    speakers: dict[str, dict[str, int]] = {}
    totals: dict[str | None, int] = {}
    for briefing in event.briefings:
        counts: dict[str | None, int] = {}
        heard: dict[str, int] = {}
        unattributed[briefing.slug] = 0
        for statement in canonical_statements(briefing):
            if statement.unattributed:
                unattributed[briefing.slug] += 1
                continue
            counts[statement.affiliation] = counts.get(statement.affiliation, 0) + 1
            totals[statement.affiliation] = totals.get(statement.affiliation, 0) + 1
            heard[statement.speaker] = heard.get(statement.speaker, 0) + 1
        by_source[briefing.slug] = counts
        speakers[briefing.slug] = heard
    parties = sorted(totals, key=lambda p: (p is None, -totals[p], p or ""))
    return Voices(parties, by_source, unattributed, speakers)
