"""Event pages: one page per event, putting its sources side by side, and the events listing.

As :mod:`briefings.site.pages`, a page is Markdown with HTML blocks from Jinja
templates (``event.html``, ``events.html`` and the ``partials/event-*.html``),
which a site may override (:mod:`briefings.site.templating`); autoescape puts
article text in as text, and the page is sanitized with nh3 all the same.
Each piece of a source's text is shown in the page's language from *that
source's* catalog; the event's own text (the editor's title and dek, or the
generated headline) from the event's catalog (:mod:`briefings.events.catalogs`).

The voices chart is an inline SVG drawn from counts, with a title and a
description for screen readers and the same numbers in a table under it.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import nh3
from markupsafe import Markup

from briefings.events.differences import Differences, differences
from briefings.events.merging import (
    SharedStatement,
    SpeakerStatements,
    TimelineEntry,
    Voices,
    merged_timeline,
    statements_across,
    voices,
)
from briefings.events.model import Event
from briefings.model import Briefing
from briefings.site.interface import N_
from briefings.site.pages import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    PageLanguage,
    _empty_message,
    _glossary_name,
    _heading_text,
    _other_lang,
    _remembered,
    _render,
    _say,
    _Section,
    heading_text,
    sanitize,
    status_badge,
)

# Colour-blind-safe (Okabe and Ito), dark enough against white for a bar.
_PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#6B6B6B")
# The voices chart's geometry, in SVG user units. Narrow on purpose, as the
# briefing's charts are: scaled down to a phone's width (about 330 px of text
# column at 360 px), its 14-unit text stays above 11 px high.
_CHART_WIDTH = 400
_CHART_TOP = 4
_CHART_ROW = 46  # a source: its name's line, then its bar
_CHART_BAR = 18
_CHART_BARS = _CHART_WIDTH - 48  # the longest bar, leaving room for its total
_CHART_LEGEND_ROW = 22
_KIND_LABELS = {
    "killed": N_("killed"),
    "wounded": N_("wounded"),
    "troops": N_("troops"),
    "kilometres": N_("kilometres"),
    "miles": N_("miles"),
}


@dataclass
class EventSource:
    """One source of an event as its page shows it.

    :param lang: the page's language reading this source's translation
    :param status: its translation status on pages in other languages
    """

    briefing: Briefing
    href: str
    lang: PageLanguage
    status: str | None = None


@dataclass
class EventPage:
    """What an event page is made of, in one language."""

    event: Event
    sources: list[EventSource]
    text: Callable[[str], tuple[str, str]]  # the event's own text in the page's language
    banner: str = ""
    listing_href: str = ""
    #: under the banner: what the banner is about (the event's own catalog)
    banner_note: str = ""
    by_slug: dict[str, EventSource] = field(init=False)
    #: each source's place in the list of sources (1 for the first), by slug
    numbers: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.by_slug = {s.briefing.slug: s for s in self.sources}
        # Entries name their sources thousands of times: look each place up, not for.
        self.numbers = {}
        for number, slug in enumerate(self.event.slugs, start=1):
            self.numbers.setdefault(slug, number)


@dataclass(frozen=True)
class _Analysis:
    """What an event page shows of its sources, in whatever language it is written."""

    timeline: list[TimelineEntry]
    statements: list[SpeakerStatements]
    differences: Differences
    voices: Voices


#: Events worked out, by the identity of the event and of its briefings; each
#: entry holds them, so that no identity is reused while it is remembered.
_ANALYSED: dict[tuple[int, ...], tuple[Event, list[Briefing], _Analysis]] = {}
_ANALYSED_MOST = 4_096


def _analysed(event: Event) -> _Analysis:
    """The timeline, statements, differences and voices of ``event``, worked out once.

    Every language's page shows the same ones (only their words differ), and
    working them out compares every sentence of every source. An event whose
    briefings were replaced is worked out again.
    """
    key = (id(event), *map(id, event.briefings))
    found = _ANALYSED.get(key)
    if found is None:
        if len(_ANALYSED) >= _ANALYSED_MOST:
            _ANALYSED.clear()
        analysis = _Analysis(merged_timeline(event), statements_across(event),
                             differences(event), voices(event))
        found = _ANALYSED[key] = (event, list(event.briefings), analysis)
    return found[2]


def work_out(events: Iterable[Event]) -> None:
    """Work out each event's analysis now, as its first page would (:func:`_analysed`).

    For a builder about to fork processes that each make event pages: worked
    out once before, the analyses are shared, not worked out again in each.
    An event that cannot be worked out is left to its pages, which report it
    as their own problem.
    """
    # No more than are remembered at once: beyond, the first would be forgotten.
    for event in list(events)[:_ANALYSED_MOST]:
        try:
            _analysed(event)
        except Exception:  # reported by the page that needs it
            continue


def event_title(event: Event, text: Callable[[str], tuple[str, str]]) -> tuple[str, str]:
    return text(event.title)


def render_event(page: EventPage, lang: PageLanguage) -> str:
    """The whole event page (``event.html``), sanitized (with its chart)."""
    _ = lang.gettext
    event = page.event
    title, title_lang = event_title(event, page.text)
    dek: Markup | str = ""
    if event.dek:
        text, text_lang = page.text(event.dek)
        dek = _render(lang, "partials/text.html", tag="p", classes=["event-dek"], text=text,
                      text_lang=_other_lang(text_lang, lang))
    sections = [
        _Section(_("The sources"), "sources", _sources(page, lang)),
        _Section(_("Timeline across the sources"), "timeline", _timeline(page, lang)),
        _Section(_("Who said what across the sources"), "who-said-what",
                 _statements(page, lang)),
        _Section(_("Where the sources differ"), "differences", _differences(page, lang)),
        _Section(_("Voices heard"), "voices", _voices(page, lang)),
    ]
    html = _render(
        lang,
        "event.html",
        heading=_heading_text(title, title_lang, lang),
        dek=dek,
        meta=_summary(event, lang),
        title_generated=(
            _("No editor has titled this event yet: the headline is that of one of its sources.")
            if event.title_generated else ""
        ),
        banner=Markup(page.banner),
        banner_note=page.banner_note,
        sections=sections,
        standing=_("Statements are attributed to their speakers as reported by each source; "
                   "they have not been verified."),
        listing_href=page.listing_href,
        all_events=_("All events"),
    )
    return _clean(html)


def _summary(event: Event, lang: PageLanguage) -> str:
    _ = lang.gettext
    count = lang.ngettext("%(count)s source", "%(count)s sources", len(event.briefings)) % {
        "count": lang.number(len(event.briefings))}
    if event.start and event.end and event.start != event.end:
        # Translators: e.g. "3 sources, 19 September 2023 to 21 September 2023".
        return _("%(sources)s, %(start)s to %(end)s") % {
            "sources": count, "start": lang.date(event.start), "end": lang.date(event.end)}
    if event.start:
        return _("%(sources)s, %(date)s") % {"sources": count, "date": lang.date(event.start)}
    return count


def _source_name(page: EventPage, slug: str, lang: PageLanguage) -> str:
    """A source as entries name it: its outlet, else "Source 2" (its place in the list)."""
    return page.by_slug[slug].briefing.article.source.name or lang.gettext(
        "Source %(number)s") % {"number": lang.number(page.numbers[slug])}


def _label(page: EventPage, slug: str, lang: PageLanguage) -> Markup:
    """A source as entries name it, linked to its place in the list of sources."""
    return _remembered(lang, "partials/event-source-ref.html", number=page.numbers[slug],
                       name=_source_name(page, slug, lang))


def _labels(page: EventPage, slugs: list[str], lang: PageLanguage) -> Markup:
    # Translators: before the sources that report an entry, e.g. "Reported by: Reuters, AP".
    return _remembered(lang, "partials/reported-by.html", label=lang.gettext("Reported by"),
                       sources=[_label(page, slug, lang) for slug in slugs])


def _sources(page: EventPage, lang: PageLanguage) -> Markup:
    _ = lang.gettext
    sources = []
    for number, source in enumerate(page.sources, start=1):
        article = source.briefing.article
        title, title_lang = source.lang.text(article.title)
        credits = "; ".join(x for x in (article.source.author, article.attribution) if x)
        sources.append({
            "number": number,
            "href": source.href,
            "title": title,
            "text_lang": _other_lang(title_lang, lang),
            "badge": status_badge(source.status, lang) if source.status else "",
            "outlet": article.source.name or "",
            "iso": article.published.isoformat() if article.published else "",
            "date": lang.date(article.published) if article.published else "",
            "credits": credits,
            # Credits are the source's own words, in English whatever the page.
            "credits_lang": _other_lang(lang.source, lang),
            "url": article.source.url or "",
        })
    return _render(
        lang,
        "partials/event-sources.html",
        sources=sources,
        labels={"outlet": _("Outlet"), "published": _("Published"),
                "credits": _("Credits and attribution note"), "link": _("Link")},
        unknown=_("Unknown"),
        date_unknown=_("Date unknown"),
    )


def _timeline(page: EventPage, lang: PageLanguage) -> Markup:
    entries = _analysed(page.event).timeline
    if not entries:
        return _empty_message(lang, lang.gettext("No dated events found."))
    return _render(lang, "partials/event-timeline.html", entries=[
        {"iso": entry.date, "shown": lang.date(entry.date),
         "text": _say(page.by_slug[entry.sources[0]].lang, entry.text),
         "sources": _labels(page, entry.sources, lang)}
        for entry in entries
    ])


def _statement(page: EventPage, statement: SharedStatement, lang: PageLanguage) -> dict[str, Any]:
    reading = page.by_slug[statement.sources[0]].lang
    return {"direct": statement.direct_quote,
            "text": _say(reading, statement.text, "q" if statement.direct_quote else "span"),
            "sources": _labels(page, statement.sources, lang)}


def _statements(page: EventPage, lang: PageLanguage) -> Markup:
    _ = lang.gettext
    groups = _analysed(page.event).statements
    if not groups:
        return _empty_message(lang, _("No attributed statements found."))
    return _render(
        lang,
        "partials/event-statements.html",
        groups=[{
            "speaker": group.speaker,
            "name": (_("Unattributed claims") if group.speaker == "Unattributed"
                     else _glossary_name(lang, group.speaker)),
            "side": _glossary_name(lang, group.affiliation) if group.affiliation else "",
            "quotes": [_statement(page, s, lang) for s in group.quotes],
            "reported": [_statement(page, s, lang) for s in group.reported],
        } for group in groups],
        quotes_label=_("Direct quotes"),
        reported_label=_("Reported speech"),
    )


def _kind(kind: str, lang: PageLanguage) -> Markup:
    """A figure's kind ("killed") in the page's language; marked when it stays English."""
    if kind in _KIND_LABELS:
        return _remembered(lang, "partials/name.html", name=lang.gettext(_KIND_LABELS[kind]),
                           text_lang="")
    return _remembered(lang, "partials/name.html", name=kind,
                       text_lang=_other_lang(lang.source, lang))


def _differences(page: EventPage, lang: PageLanguage) -> Markup:
    _ = lang.gettext
    found = _analysed(page.event).differences
    if not found:
        return _empty_message(lang, _("The sources do not differ on figures, voices or dates."))
    figures = [
        {"kind": figure.kind, "name": _kind(figure.kind, lang), "by_source": [
            {"source": _label(page, slug, lang),
             "numbers": ", ".join(lang.number(v) for v in numbers)}
            for slug, numbers in figure.values.items()
        ]}
        for figure in found.figures
    ]
    voices_found = []
    for voice in found.voices:
        # Translators: "%(name)s" is a speaker or a side; the others lists of sources.
        line = Markup.escape(_("%(name)s: heard in %(heard)s; absent from %(absent)s")) % {
            "name": _glossary_name(lang, voice.name),
            "heard": Markup(", ").join(_label(page, s, lang) for s in voice.heard_in),
            "absent": Markup(", ").join(_label(page, s, lang) for s in voice.absent_from),
        }
        voices_found.append({"party": voice.party, "line": line})
    dates = [
        [{"source": _label(page, slug, lang), "iso": date, "shown": lang.date(date),
          "text": _say(page.by_slug[slug].lang, dated.texts[slug])}
         for slug, date in dated.dates.items()]
        for dated in found.dates
    ]
    return _render(lang, "partials/event-differences.html",
                   figures=figures, figures_label=_("Figures"),
                   voices=voices_found, voices_label=_("Voices"),
                   dates=dates, dates_label=_("Dates"))


def _voices(page: EventPage, lang: PageLanguage) -> Markup:
    _ = lang.gettext
    counted = _analysed(page.event).voices
    if not counted.parties and not any(counted.unattributed.values()):
        return _empty_message(lang, _("No statements found."))
    parties = counted.parties

    def party_name(party: str | None) -> str:
        return lang.name(party) if party else _("unknown side")

    def party_lang(party: str | None) -> str:
        """The language a party's name is in, when it is not the page's (to mark it)."""
        return _other_lang(lang.name_lang(party), lang) if party else ""

    # The chart: a bar per source, one segment per party, the source's name above
    # its bar so the bars have the chart's whole width.
    most = max((sum(c.values()) for c in counted.by_source.values()), default=0) or 1
    rows = []
    described = []
    for index, slug in enumerate(page.event.slugs):
        y = _CHART_TOP + index * _CHART_ROW
        counts = counted.by_source.get(slug, {})
        x = 0.0
        segments, pieces = [], []
        for number, party in enumerate(parties):
            value = counts.get(party, 0)
            if not value:
                continue
            w = _CHART_BARS * value / most
            segments.append({"x": f"{x:.1f}", "width": f"{w:.1f}",
                             "colour": _PALETTE[number % len(_PALETTE)]})
            x += w
            pieces.append(f"{party_name(party)} {lang.number(value)}")
        rows.append({
            "name": _short(_source_name(page, slug, lang)),
            "label_y": y + 14,
            "bar_y": y + 20,
            "segments": segments,
            "total": lang.number(sum(counts.values())),
            "total_x": f"{x + 6:.1f}",
            "total_y": y + 20 + _CHART_BAR - 4,
        })
        described.append(f"{_source_name(page, slug, lang)}: "
                         + (", ".join(pieces) or lang.number(0)))
    legend_top = _CHART_TOP + _CHART_ROW * len(page.event.slugs) + 4
    legend = [
        {"x": 0, "y": legend_top + number * _CHART_LEGEND_ROW,
         "colour": _PALETTE[number % len(_PALETTE)], "name": _short(party_name(party)),
         "text_lang": party_lang(party)}
        for number, party in enumerate(parties)
    ]
    height = legend_top + _CHART_LEGEND_ROW * len(parties)
    chart = _render(
        lang,
        "partials/event-voices-chart.html",
        width=_CHART_WIDTH,
        height=height,
        bar_height=_CHART_BAR,
        rows=rows,
        legend=legend,
        caption=_("Statements per source, by party"),
        description="; ".join(described),
    )
    # The same numbers, for those who read tables rather than pictures.
    table_rows = [
        {"name": _source_name(page, slug, lang), "total": False,
         "counts": [lang.number(counted.by_source.get(slug, {}).get(p, 0)) for p in parties],
         "unattributed": lang.number(counted.unattributed.get(slug, 0))}
        for slug in page.event.slugs
    ]
    table_rows.append({"name": _("All sources"), "total": True,
                       "counts": [lang.number(counted.party_total(p)) for p in parties],
                       "unattributed": lang.number(sum(counted.unattributed.values()))})
    table = _render(
        lang,
        "partials/event-voices-table.html",
        source_label=_("Source"),
        parties=[{"name": party_name(p), "text_lang": party_lang(p)} for p in parties],
        unattributed_label=_("Unattributed claims"),
        rows=table_rows,
    )
    return chart + table


def _short(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters: 40 at the chart's 14 units stay inside its width."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- links and listings ----------------------------------------------------------------------------


def event_link(title: str, title_lang: str, href: str, sources: int, lang: PageLanguage) -> str:
    """The line a briefing page shows under its title: "Part of …, N sources"."""
    count = lang.ngettext("%(count)s source", "%(count)s sources", sources) % {
        "count": lang.number(sources)}
    # Translators: under a briefing's title: the event it is part of, and how many sources.
    sentence = lang.gettext("Part of %(event)s, %(sources)s")
    return str(_render(lang, "partials/event-link.html", sentence=sentence, href=href,
                       title=title, text_lang=_other_lang(title_lang, lang), sources=count))


@dataclass
class ListedEvent:
    event: Event
    href: str
    title: str
    title_lang: str


def render_events_index(items: list[ListedEvent], lang: PageLanguage) -> str:
    """Every event, newest first, with its dates and number of sources (``events.html``)."""
    _ = lang.gettext
    listing = _render(
        lang,
        "partials/event-list.html",
        items=[{"href": item.href, "title": item.title,
                "text_lang": _other_lang(item.title_lang, lang),
                "summary": _summary(item.event, lang)} for item in items],
        empty=_("No events yet: an event is two or more sources on one happening."),
    )
    page = _render(lang, "events.html", heading=Markup(heading_text(_("Events"))),
                   listing=listing)
    return sanitize(page + "\n")


_SVG_TAGS = {"svg", "rect", "text", "title", "desc", "g"}
_SVG_ATTRIBUTES = {
    "svg": {"viewBox", "role", "aria-labelledby", "width", "height"},
    "rect": {"x", "y", "width", "height", "fill"},
    "text": {"x", "y", "text-anchor", "fill"},
}


def _clean(page: str) -> str:
    """The event page through nh3, with the chart's SVG elements allowed."""
    return _event_cleaner().clean(page)


@functools.cache
def _event_cleaner() -> nh3.Cleaner:
    # Made once, as pages.sanitize's are.
    attributes = {key: set(value) for key, value in ALLOWED_ATTRIBUTES.items()}
    for key, value in _SVG_ATTRIBUTES.items():
        attributes.setdefault(key, set()).update(value)
    attributes["li"] = attributes.get("li", set()) | {"data-kind"}
    return nh3.Cleaner(tags=ALLOWED_TAGS | {"figure", "figcaption"} | _SVG_TAGS,
                       attributes=attributes, url_schemes={"http", "https", "mailto"},
                       link_rel=None, strip_comments=True)
