"""Events: several briefings that report the same happening, from different sources.

Plain dataclasses, as :mod:`briefings.model`; nothing here does I/O. An event
is made by :func:`briefings.events.grouping.group_events` (the editor's
``event:`` keys first, then automatic grouping) and described by
:mod:`briefings.events.merging` and :mod:`briefings.events.differences`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from briefings.model import Briefing

#: How an article came to be in its event.
Chosen = Literal["editor", "automatic"]


@dataclass(frozen=True)
class Link:
    """Why one article is in its event: what it shares with the articles already there.

    ``score`` is the similarity that put it in (1.0 for the editor's choice and
    for the first article of an automatic event); ``shared`` the rarest names it
    shares with the event, rarest first; ``days`` how far its date is from the
    event's middle (``None`` when the article is undated); ``statements`` the
    speakers it quotes saying what another article of the event has them say.
    """

    slug: str
    chosen: Chosen
    score: float = 1.0
    shared: tuple[str, ...] = ()
    days: float | None = None
    statements: tuple[str, ...] = ()


@dataclass(frozen=True)
class NearMiss:
    """An article that came close to an event and was left out, and why."""

    slug: str
    event: str  # the key of the event it came close to
    score: float
    shared: tuple[str, ...]
    reason: str  # e.g. "score 0.21 below 0.30", "14 days from the event's middle"


@dataclass(frozen=True)
class EventNote:
    """What the editor wrote about an event in ``events.yaml``."""

    title: str | None = None
    dek: str | None = None


@dataclass
class Event:
    """Briefings of one happening, oldest first (undated ones last).

    :param key: the event's slug, its page's name; the editor's, or made from
        the slug of its first article
    :param title: the editor's (``events.yaml``), else made from the sources:
        ``title_generated`` then says so, as for an article without a headline
    """

    key: str
    briefings: list[Briefing]
    links: list[Link]
    title: str
    title_generated: bool
    dek: str | None = None

    @property
    def slugs(self) -> list[str]:
        return [b.slug for b in self.briefings]

    @property
    def dates(self) -> list[dt.date]:
        return sorted(b.article.published for b in self.briefings if b.article.published)

    @property
    def start(self) -> dt.date | None:
        dates = self.dates
        return dates[0] if dates else None

    @property
    def end(self) -> dt.date | None:
        dates = self.dates
        return dates[-1] if dates else None

    @property
    def editor_chosen(self) -> bool:
        return any(link.chosen == "editor" for link in self.links)


@dataclass
class EventIndex:
    """Every event of a collection, newest first, and how each article fared.

    ``excluded`` are the slugs the editor kept out (``event: none``);
    ``near_misses`` the articles that came closest to an event they are not in.
    """

    events: list[Event] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    near_misses: list[NearMiss] = field(default_factory=list)
    compared: int = 0  # article-to-event comparisons made (to show it is not all pairs)

    def __post_init__(self) -> None:
        self._by_slug = {slug: event for event in self.events for slug in event.slugs}
        self._by_key = {event.key: event for event in self.events}

    def of(self, slug: str) -> Event | None:
        """The event the briefing ``slug`` is part of, if any."""
        return self._by_slug.get(slug)

    def get(self, key: str) -> Event | None:
        return self._by_key.get(key)
