"""Event pages: one page per event, putting its sources side by side, and the events listing.

As :mod:`briefings.site.pages`, a page is Markdown with HTML blocks, every piece
of article text escaped where it is put in and the page sanitized with nh3.
Each piece of a source's text is shown in the page's language from *that
source's* catalog; the event's own text (the editor's title and dek, or the
generated headline) from the event's catalog (:mod:`briefings.events.catalogs`).

The voices chart is an inline SVG drawn from counts, with a title and a
description for screen readers and the same numbers in a table under it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from html import escape

from briefings.events.differences import differences
from briefings.events.merging import (
    SharedStatement,
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
    _empty,
    _glossary_name,
    _heading,
    _lang_attr,
    _say,
    _section,
    heading_text,
    sanitize,
    status_badge,
)

# Colour-blind-safe (Okabe and Ito), dark enough against white for a bar.
_PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#6B6B6B")
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
    by_slug: dict[str, EventSource] = field(init=False)

    def __post_init__(self) -> None:
        self.by_slug = {s.briefing.slug: s for s in self.sources}


def event_title(event: Event, text: Callable[[str], tuple[str, str]]) -> tuple[str, str]:
    return text(event.title)


def render_event(page: EventPage, lang: PageLanguage) -> str:
    """The whole event page, sanitized (with its chart)."""
    _ = lang.gettext
    event = page.event
    title, title_lang = event_title(event, page.text)
    parts = [_heading(title, title_lang, lang), ""]
    if event.dek:
        text, text_lang = page.text(event.dek)
        parts.append(f'<p class="event-dek"{_lang_attr(text_lang, lang)}>{escape(text)}</p>')
    parts.append(f'<p class="event-meta">{escape(_summary(event, lang))}</p>')
    if event.title_generated:
        parts.append(
            '<p class="title-generated"><small>'
            + escape(_("No editor has titled this event yet: the headline is that of one of "
                       "its sources."))
            + "</small></p>"
        )
    parts.append("")
    if page.banner:
        parts += [page.banner, ""]
    parts += _section(_("The sources"), "sources", _sources(page, lang))
    parts += _section(_("Timeline across the sources"), "timeline", _timeline(page, lang))
    parts += _section(_("Who said what across the sources"), "who-said-what",
                      _statements(page, lang))
    parts += _section(_("Where the sources differ"), "differences", _differences(page, lang))
    parts += _section(_("Voices heard"), "voices", _voices(page, lang))
    standing = escape(_("Statements are attributed to their speakers as reported by each "
                        "source; they have not been verified."))
    parts.append(f'<p class="attribution-standing">{standing}</p>')
    if page.listing_href:
        all_events = escape(_("All events"))
        parts.append(f'<p class="all-events"><a href="{escape(page.listing_href)}">'
                     f"{all_events}</a></p>")
    return _clean("\n".join(parts) + "\n")


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


def _label(page: EventPage, slug: str, lang: PageLanguage) -> str:
    """A source as entries name it: its outlet, linked to its place in the list of sources."""
    number = page.event.slugs.index(slug) + 1
    name = page.by_slug[slug].briefing.article.source.name
    text = escape(name) if name else escape(lang.gettext("Source %(number)s") % {
        "number": lang.number(number)})
    return f'<a class="event-source-ref" href="#source-{number}">{text}</a>'


def _labels(page: EventPage, slugs: list[str], lang: PageLanguage) -> str:
    names = ", ".join(_label(page, slug, lang) for slug in slugs)
    # Translators: before the sources that report an entry, e.g. "Reported by: Reuters, AP".
    label = escape(lang.gettext("Reported by"))
    return f'<span class="reported-by">{label}: {names}</span>'


def _sources(page: EventPage, lang: PageLanguage) -> str:
    _ = lang.gettext
    unknown = f'<span class="unknown">{escape(_("Unknown"))}</span>'
    items = []
    for number, source in enumerate(page.sources, start=1):
        article = source.briefing.article
        title, title_lang = source.lang.text(article.title)
        outlet = escape(article.source.name) if article.source.name else unknown
        date = (f'<time datetime="{article.published.isoformat()}">'
                f"{escape(lang.date(article.published))}</time>"
                if article.published else
                f'<span class="date-unknown">{escape(_("Date unknown"))}</span>')
        credits = "; ".join(x for x in (article.source.author, article.attribution) if x)
        link = (f'<a class="source-link" href="{escape(article.source.url, quote=True)}" '
                f'rel="nofollow noopener">{escape(article.source.url)}</a>'
                if article.source.url else unknown)
        badge = f" {status_badge(source.status, lang)}" if source.status else ""
        rows = [
            (_("Outlet"), outlet),
            (_("Published"), date),
            (_("Credits and attribution note"),
             f'<span lang="{lang.source}">{escape(credits)}</span>'
             if credits and lang.code != lang.source
             else escape(credits) if credits else unknown),
            (_("Link"), link),
        ]
        body = "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in rows)
        items.append(
            f'<li id="source-{number}" class="event-source">'
            f'<a class="briefing-link" href="{escape(source.href)}"{_lang_attr(title_lang, lang)}>'
            f"{escape(title)}</a>{badge}<dl>{body}</dl></li>"
        )
    return f'<ol class="event-sources">{"".join(items)}</ol>'


def _timeline(page: EventPage, lang: PageLanguage) -> str:
    entries = merged_timeline(page.event)
    if not entries:
        return _empty(lang.gettext("No dated events found."))
    items = []
    for entry in entries:
        first = page.by_slug[entry.sources[0]].lang
        items.append(
            f'<li><time datetime="{escape(entry.date)}">{escape(lang.date(entry.date))}</time> '
            f"{_say(first, entry.text)} {_labels(page, entry.sources, lang)}</li>"
        )
    return f'<ol class="timeline event-timeline">{"".join(items)}</ol>'


def _statement(page: EventPage, statement: SharedStatement, lang: PageLanguage) -> str:
    reading = page.by_slug[statement.sources[0]].lang
    tag = "q" if statement.direct_quote else "span"
    return (f'<li class="statement{" direct-quote" if statement.direct_quote else " reported"}">'
            f"{_say(reading, statement.text, tag)} {_labels(page, statement.sources, lang)}</li>")


def _statements(page: EventPage, lang: PageLanguage) -> str:
    _ = lang.gettext
    groups = statements_across(page.event)
    if not groups:
        return _empty(_("No attributed statements found."))
    blocks = []
    for group in groups:
        unattributed = group.speaker == "Unattributed"
        name = (escape(_("Unattributed claims")) if unattributed
                else _glossary_name(lang, group.speaker))
        side = (f' <small class="affiliation">{_glossary_name(lang, group.affiliation)}</small>'
                if group.affiliation else "")
        lists = []
        quotes_label, reported_label = escape(_("Direct quotes")), escape(_("Reported speech"))
        if group.quotes:
            items = "".join(_statement(page, s, lang) for s in group.quotes)
            lists.append(f'<p class="statement-kind">{quotes_label}</p>'
                         f'<ul class="quotes">{items}</ul>')
        if group.reported:
            items = "".join(_statement(page, s, lang) for s in group.reported)
            lists.append(f'<p class="statement-kind">{reported_label}</p>'
                         f'<ul class="reported">{items}</ul>')
        blocks.append(f'<div class="speaker" data-speaker="{escape(group.speaker)}">'
                      f"<h3>{name}{side}</h3>{''.join(lists)}</div>")
    return f'<div class="statements event-statements">{"".join(blocks)}</div>'


def _kind(kind: str, lang: PageLanguage) -> str:
    if kind in _KIND_LABELS:
        return escape(lang.gettext(_KIND_LABELS[kind]))
    return f'<span{_lang_attr(lang.source, lang)}>{escape(kind)}</span>'


def _differences(page: EventPage, lang: PageLanguage) -> str:
    _ = lang.gettext
    found = differences(page.event)
    if not found:
        return _empty(_("The sources do not differ on figures, voices or dates."))
    blocks = []
    if found.figures:
        items = []
        for figure in found.figures:
            values = "; ".join(
                f"{_label(page, slug, lang)}: "
                + escape(", ".join(lang.number(v) for v in numbers))
                for slug, numbers in figure.values.items()
            )
            items.append(f'<li data-kind="{escape(figure.kind)}">'
                         f"<strong>{_kind(figure.kind, lang)}</strong>: {values}</li>")
        heading = escape(_("Figures"))
        blocks.append(f'<h3>{heading}</h3><ul class="figure-differences">'
                      f'{"".join(items)}</ul>')
    if found.voices:
        items = []
        for voice in found.voices:
            heard = ", ".join(_label(page, s, lang) for s in voice.heard_in)
            absent = ", ".join(_label(page, s, lang) for s in voice.absent_from)
            cls = "party" if voice.party else "speaker"
            # Translators: "%(name)s" is a speaker or a side; the others lists of sources.
            line = escape(_("%(name)s: heard in %(heard)s; absent from %(absent)s")) % {
                "name": _glossary_name(lang, voice.name), "heard": heard, "absent": absent}
            items.append(f'<li class="{cls}">{line}</li>')
        heading = escape(_("Voices"))
        blocks.append(f'<h3>{heading}</h3><ul class="voice-differences">'
                      f'{"".join(items)}</ul>')
    if found.dates:
        items = []
        for dated in found.dates:
            parts = []
            for slug, date in dated.dates.items():
                reading = page.by_slug[slug].lang
                parts.append(f"{_label(page, slug, lang)}: <time datetime=\"{escape(date)}\">"
                             f"{escape(lang.date(date))}</time> "
                             f"({_say(reading, dated.texts[slug])})")
            items.append(f"<li>{'; '.join(parts)}</li>")
        heading = escape(_("Dates"))
        blocks.append(f'<h3>{heading}</h3><ul class="date-differences">'
                      f'{"".join(items)}</ul>')
    return f'<div class="differences">{"".join(blocks)}</div>'


def _voices(page: EventPage, lang: PageLanguage) -> str:
    _ = lang.gettext
    counted = voices(page.event)
    if not counted.parties and not any(counted.unattributed.values()):
        return _empty(_("No statements found."))
    parties = counted.parties

    def party_name(party: str | None) -> str:
        return lang.name(party) if party else _("unknown side")

    def source_name(slug: str) -> str:
        number = page.event.slugs.index(slug) + 1
        return page.by_slug[slug].briefing.article.source.name or _("Source %(number)s") % {
            "number": lang.number(number)}

    # The chart: a bar per source, one segment per party.
    width, label_width, bar_width, row, bar = 640, 180, 400, 30, 18
    most = max((sum(c.values()) for c in counted.by_source.values()), default=0) or 1
    legend_rows = -(-len(parties) // 3)
    height = 10 + row * len(page.event.slugs) + 22 * legend_rows + 10
    shapes = []
    described = []
    for index, slug in enumerate(page.event.slugs):
        y = 10 + index * row
        counts = counted.by_source.get(slug, {})
        shapes.append(f'<text x="{label_width - 8}" y="{y + bar - 4}" text-anchor="end" '
                      f'fill="currentColor">{escape(_short(source_name(slug)))}</text>')
        x = float(label_width)
        pieces = []
        for number, party in enumerate(parties):
            value = counts.get(party, 0)
            if not value:
                continue
            w = bar_width * value / most
            shapes.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar}" '
                          f'fill="{_PALETTE[number % len(_PALETTE)]}"></rect>')
            x += w
            pieces.append(f"{party_name(party)} {lang.number(value)}")
        total = sum(counts.values())
        shapes.append(f'<text x="{x + 6:.1f}" y="{y + bar - 4}" fill="currentColor">'
                      f"{escape(lang.number(total))}</text>")
        described.append(f"{source_name(slug)}: " + (", ".join(pieces) or lang.number(0)))
    legend_top = 10 + row * len(page.event.slugs) + 6
    for number, party in enumerate(parties):
        x = label_width + (number % 3) * 150
        y = legend_top + (number // 3) * 22
        shapes.append(f'<rect x="{x}" y="{y}" width="12" height="12" '
                      f'fill="{_PALETTE[number % len(_PALETTE)]}"></rect>'
                      f'<text x="{x + 18}" y="{y + 11}" fill="currentColor">'
                      f"{escape(_short(party_name(party)))}</text>")
    chart_title = _("Statements per source, by party")
    description = "; ".join(described)
    svg = (
        f'<figure class="voices-chart"><svg role="img" aria-labelledby="voices-title '
        f'voices-desc" viewBox="0 0 {width} {height}" width="100%">'
        f'<title id="voices-title">{escape(chart_title)}</title>'
        f'<desc id="voices-desc">{escape(description)}</desc>{"".join(shapes)}</svg>'
        f"<figcaption>{escape(chart_title)}</figcaption></figure>"
    )
    # The same numbers, for those who read tables rather than pictures.
    head = "".join(f'<th scope="col">{escape(party_name(p))}</th>' for p in parties)
    rows = []
    for slug in page.event.slugs:
        counts = counted.by_source.get(slug, {})
        cells = "".join(f"<td>{escape(lang.number(counts.get(p, 0)))}</td>" for p in parties)
        rows.append(f'<tr><th scope="row">{escape(source_name(slug))}</th>{cells}'
                    f"<td>{escape(lang.number(counted.unattributed.get(slug, 0)))}</td></tr>")
    totals = "".join(f"<td>{escape(lang.number(counted.party_total(p)))}</td>" for p in parties)
    all_unattributed = sum(counted.unattributed.values())
    all_label, source_label = escape(_("All sources")), escape(_("Source"))
    rows.append(f'<tr class="total"><th scope="row">{all_label}</th>{totals}'
                f"<td>{escape(lang.number(all_unattributed))}</td></tr>")
    table = (
        f'<table class="voices-table"><thead><tr><th scope="col">{source_label}</th>'
        f'{head}<th scope="col">{escape(_("Unattributed claims"))}</th></tr></thead>'
        f'<tbody>{"".join(rows)}</tbody></table>'
    )
    return svg + table


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# -- links and listings ----------------------------------------------------------------------------


def event_link(title: str, title_lang: str, href: str, sources: int, lang: PageLanguage) -> str:
    """The line a briefing page shows under its title: "Part of …, N sources"."""
    count = lang.ngettext("%(count)s source", "%(count)s sources", sources) % {
        "count": lang.number(sources)}
    link = (f'<a class="event-link" href="{escape(href)}"{_lang_attr(title_lang, lang)}>'
            f"{escape(title)}</a>")
    # Translators: under a briefing's title: the event it is part of, and how many sources.
    text = escape(lang.gettext("Part of %(event)s, %(sources)s")) % {
        "event": link, "sources": escape(count)}
    return f'<p class="briefing-event">{text}</p>'


@dataclass
class ListedEvent:
    event: Event
    href: str
    title: str
    title_lang: str


def render_events_index(items: list[ListedEvent], lang: PageLanguage) -> str:
    """Every event, newest first, with its dates and number of sources."""
    _ = lang.gettext
    rows = []
    for item in items:
        rows.append(
            f'<li class="event-item"><a href="{escape(item.href)}"'
            f"{_lang_attr(item.title_lang, lang)}>{escape(item.title)}</a> "
            f"<small>{escape(_summary(item.event, lang))}</small></li>"
        )
    body = (f'<ul class="event-list">{"".join(rows)}</ul>' if rows
            else _empty(_("No events yet: an event is two or more sources on one happening.")))
    return sanitize(f"# {heading_text(_('Events'))}\n\n{body}\n")


_SVG_TAGS = {"svg", "rect", "text", "title", "desc", "g"}
_SVG_ATTRIBUTES = {
    "svg": {"viewBox", "role", "aria-labelledby", "width", "height"},
    "rect": {"x", "y", "width", "height", "fill"},
    "text": {"x", "y", "text-anchor", "fill"},
}


def _clean(page: str) -> str:
    """The event page through nh3, with the chart's SVG elements allowed."""
    import nh3

    attributes = {key: set(value) for key, value in ALLOWED_ATTRIBUTES.items()}
    for key, value in _SVG_ATTRIBUTES.items():
        attributes.setdefault(key, set()).update(value)
    attributes["li"] = attributes.get("li", set()) | {"data-kind"}
    return nh3.clean(page, tags=ALLOWED_TAGS | {"figure", "figcaption"} | _SVG_TAGS,
                     attributes=attributes, url_schemes={"http", "https", "mailto"},
                     link_rel=None, strip_comments=True)
