"""An event's own text in the translation workflow: one catalog per event and language.

An event's title and dek written by an editor in ``events.yaml`` are in no
article's catalog. (A generated headline is one of its sources' titles, so it
is translated and reviewed in that source's catalog, and the event needs none.)
The editor's text goes in
``translations/<lang>/events/<key>.po``, merged, drafted and reviewed exactly
as an article's: each event is handed to the same functions as a briefing
whose slug is ``events/<key>`` and whose only text is its title and dek
(:func:`event_briefing`; the run, :mod:`briefings.run`, takes them alongside
the articles), so a person's work is kept by the same rules and the site reads
it the same way.
"""

from __future__ import annotations

from pathlib import Path

from briefings.events.model import Event, EventIndex
from briefings.events.notes import EVENTS_FILE
from briefings.model import Article, Briefing, SourceInfo

#: Event catalogs live in this folder of each language's translations.
EVENTS_FOLDER = "events"


def catalog_slug(key: str) -> str:
    """The name an event's catalog goes by: ``events/<key>``."""
    return f"{EVENTS_FOLDER}/{key}"


def has_own_text(event: Event) -> bool:
    """Whether the event has text of its own to translate: an editor's title or dek."""
    return not event.title_generated or bool(event.dek)


def headline_source(event: Event) -> Briefing:
    """The source whose title is the event's generated headline (its catalog translates it)."""
    return next((b for b in event.briefings if b.article.title == event.title),
                event.briefings[0])


def event_briefing(event: Event) -> Briefing:
    """The event's own text as a briefing with no body: what its catalog holds."""
    article = Article(
        path=Path(EVENTS_FILE),
        slug=catalog_slug(event.key),
        title=event.title,
        title_generated=event.title_generated,
        dek=event.dek,
        dateline=None,
        published=event.end,
        source=SourceInfo(),
        attribution=None,
        paragraphs=[],
        removed=[],
    )
    return Briefing(article, key_points=[], statements=[], timeline=[], entities=[])


def own_text_briefings(index: EventIndex) -> list[Briefing]:
    """The events that have a catalog, each as :func:`event_briefing` gives it."""
    return [event_briefing(e) for e in index.events if has_own_text(e)]

