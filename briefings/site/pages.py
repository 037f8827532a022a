"""Briefing → page: the Markdown (with HTML blocks) a site builder turns into a page.

Nothing here knows about MkDocs: a page is a string. Article text is untrusted, so
every piece of it is HTML-escaped where it is put in, and the finished page is run
through nh3 with an allow-list as a second line of defence.

Every page is written in one language (:class:`PageLanguage`): our own
interface text comes from the interface catalogs (:mod:`briefings.site.interface`),
the article's text from its translation catalog, and anything still in English on
a page in another language is marked ``lang="en"``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from html import escape
from pathlib import Path
from typing import Any

import nh3
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal, format_percent
from markupsafe import Markup

from briefings.glossary import Glossary
from briefings.languages import SOURCE_LANGUAGE
from briefings.model import Briefing, Statement, TimelineEvent
from briefings.site.interface import N_, interface_translations
from briefings.site.templating import Templates, templates
from briefings.site.why_english import why_english
from briefings.sources.language import in_language, language_name
from briefings.translation.units import body_sentences

# What a page may contain once rendered: our own structure, nothing from the article.
ALLOWED_TAGS = {
    "a", "abbr", "aside", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "li", "nav", "ol", "p", "q", "section", "small", "span",
    "strong", "table", "tbody", "td", "th", "thead", "time", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "lang", "title", "data-status", "data-speaker", "data-count",
          "data-sourcing"},
    # rel is ours only: article text never becomes markup, and links to the
    # source get "nofollow noopener" where they are written.
    "a": {"href", "hreflang", "rel"},
    "time": {"datetime"},
    "td": {"data-sort"},
    "th": {"scope", "rowspan"},
    "nav": {"aria-label"},  # the pager of a listing
    "span": {"aria-current"},
}
# The status page's picture: an inline SVG, drawn from numbers, never from article text.
# The briefing's charts too: voices per side and the timeline's axis.
SVG_TAGS = {"svg", "g", "rect", "text", "title", "desc", "line", "circle"}
SVG_ATTRIBUTES = {
    "svg": {"viewBox", "role", "aria-labelledby", "width", "height", "preserveAspectRatio"},
    "g": {"transform"},
    "rect": {"x", "y", "width", "height", "rx"},
    "text": {"x", "y", "text-anchor", "dominant-baseline"},
    "line": {"x1", "y1", "x2", "y2"},
    "circle": {"cx", "cy", "r"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
QUOTE_MARKS = "\"“”«»„‘’"
# Quoted words in a reported statement: an opening mark, the words, its closing mark.
_QUOTED_WORDS = re.compile(r"(“|\"|‘|«|(?<!\w)')([^”\"’»']{1,1000}?)(?:”|\"|’|»|'(?!\w))")


def _identity(text: str) -> str:
    return text


def _english(text: str) -> tuple[str, str]:
    return text, "en"


def _written_in(source: str) -> Callable[[str], tuple[str, str]]:
    """Article text as it is, in the articles' language ``source``."""

    def text(original: str) -> tuple[str, str]:
        return original, source

    return text


def _english_plural(singular: str, plural: str, n: int) -> str:
    return singular if n == 1 else plural


def _never(text: str) -> bool:
    return False


@dataclass
class PageLanguage:
    """How to write a page in one language.

    ``gettext`` and ``ngettext`` translate our interface text; ``text`` gives the
    article's own text in this language as ``(text, lang)``, where ``lang`` is the
    language the returned text is actually in (English when no translation exists
    yet); ``drafted`` says whether that text is a machine draft no one reviewed.
    ``source`` is the language the article itself is written in: English, or
    another for a source that is published as it is (:meth:`showing_source`).
    """

    code: str = SOURCE_LANGUAGE
    gettext: Callable[[str], str] = field(default=_identity)
    text: Callable[[str], tuple[str, str]] = field(default=_english)
    glossary: Glossary | None = None
    ngettext: Callable[[str, str, int], str] = field(default=_english_plural)
    drafted: Callable[[str], bool] = field(default=_never)
    templates: Templates = field(default_factory=templates)
    #: The language text not translated is in: the site's ``source_language``, or
    #: a source's own language when it is published as it is (:meth:`showing_source`).
    source: str = SOURCE_LANGUAGE
    #: Set by :meth:`showing_source`: the text is a source's own, not in the site's language.
    as_is: bool = False

    @classmethod
    def of(
        cls, code: str, glossary: Glossary | None = None, template_overrides: Path | None = None,
        source: str = SOURCE_LANGUAGE,
    ) -> PageLanguage:
        """``code`` with its interface catalog; article text in ``source`` until :meth:`reading`.

        :param template_overrides: a folder whose templates replace ours of the same name
        :param source: the articles' language
        """
        translations = interface_translations(code)
        return cls(
            code=code,
            gettext=translations.gettext,
            text=_english if source == SOURCE_LANGUAGE else _written_in(source),
            glossary=glossary,
            ngettext=translations.ngettext,
            templates=templates(template_overrides),
            source=source,
        )

    def reading(
        self, text: Callable[[str], tuple[str, str]], drafted: Callable[[str], bool] = _never
    ) -> PageLanguage:
        """This language, taking article text from ``text`` (one briefing's translation)."""
        return replace(self, text=text, drafted=drafted)

    def showing_source(self, code: str) -> PageLanguage:
        """This language, for a source written in ``code``: its text as it is, marked ``code``.

        A source that is not in English has no catalogs (nothing to translate
        from yet), so every page shows its own words, in its own language.
        """
        def own(text: str) -> tuple[str, str]:
            return text, code

        return replace(self, text=own, drafted=_never, source=code, as_is=True)

    def name(self, canonical: str) -> str:
        """A glossary name as written in this language."""
        if self.glossary is None or self.code == self.source:
            return canonical
        term = self.glossary.get(canonical)
        return term.form(self.code) if term else canonical

    def name_lang(self, canonical: str) -> str:
        """The language :meth:`name` gives ``canonical`` in (English when it has no form)."""
        if self.code == self.source or self.glossary is None:
            return self.source
        term = self.glossary.get(canonical)
        return self.code if term is not None and term.forms.get(self.code) else self.source

    def date(self, value: dt.date | str) -> str:
        """A full, month or year date, written the way this language writes it."""
        return _date_in(value, self.code)

    def number(self, value: int | float) -> str:
        return _number_in(value, self.code)

    def percent(self, share: float) -> str:
        """``share`` (0 to 1) as a whole percentage, e.g. "38 %" in Russian."""
        return _percent_in(share, self.code)


# Babel's formatting is pure and slow (a locale's patterns parsed on each call),
# and pages show the same few numbers and dates thousands of times: each is
# formatted once per locale. Typed: 1 and 1.0 are written differently.
@functools.lru_cache(maxsize=16_384, typed=True)
def _date_in(value: dt.date | str, code: str) -> str:
    if isinstance(value, dt.date):
        return format_date(value, format="long", locale=code)
    parts = value.split("-")
    if len(parts) == 3:
        return format_date(dt.date.fromisoformat(value), format="long", locale=code)
    if len(parts) == 2:
        return format_skeleton("yMMMM", dt.date(int(parts[0]), int(parts[1]), 1), locale=code)
    return parts[0]


@functools.lru_cache(maxsize=16_384, typed=True)
def _number_in(value: int | float, code: str) -> str:
    return format_decimal(value, locale=code)


@functools.lru_cache(maxsize=4_096, typed=True)
def _percent_in(share: float, code: str) -> str:
    return format_percent(share, locale=code)


@dataclass(frozen=True)
class TagLink:
    """A tag as a page shows it: its name in the page's language, and its page."""

    name: str
    href: str
    lang: str  # the language ``name`` is written in


def _render(lang: PageLanguage, template: str, /, **context: Any) -> Markup:
    return lang.templates.render(template, page_lang=lang.code, **context)


def _remembered(lang: PageLanguage, template: str, /, **context: Any) -> Markup:
    """:func:`_render` for a partial a build shows many times alike (a name, a date).

    Plain values only (see :meth:`~briefings.site.templating.Templates.remembered`).
    """
    return lang.templates.remembered(template, page_lang=lang.code, **context)


def _empty_message(lang: PageLanguage, message: str) -> Markup:
    return _remembered(lang, "partials/empty.html", message=message)


def _other_lang(text_lang: str, page: PageLanguage) -> str:
    """``text_lang`` when it is not the page's language (to mark it), else ``""``."""
    return text_lang if text_lang != page.code else ""


def _say(lang: PageLanguage, english: str, tag: str = "span", cls: str = "") -> Markup:
    """Article text in the page's language, marked ``lang="en"`` when it is still English."""
    text, text_lang = lang.text(english)
    classes = [cls] if cls else []
    if text_lang == lang.code and lang.code != lang.source and lang.drafted(english):
        classes.append("machine-draft")
    # The same sentence comes back in key points, listings and event pages.
    return _remembered(lang, "partials/text.html", tag=tag, classes=classes, text=text,
                       text_lang=_other_lang(text_lang, lang))


def _english_text(lang: PageLanguage, text: str, tag: str = "span", cls: str = "") -> Markup:
    # The source's own words, never translated: marked with the source's language.
    """Text that is English whatever the page (a dateline, a credit line)."""
    return _remembered(lang, "partials/text.html", tag=tag, classes=[cls] if cls else [],
                       text=text, text_lang=_other_lang(lang.source, lang))


def _glossary_name(lang: PageLanguage, canonical: str) -> Markup:
    """A name in the page's language; marked when the glossary has no form for it."""
    return _remembered(lang, "partials/name.html", name=lang.name(canonical),
                       text_lang=_other_lang(lang.name_lang(canonical), lang))


def _date(lang: PageLanguage, value: dt.date) -> Markup:
    return _remembered(lang, "partials/date.html", iso=value.isoformat(), shown=lang.date(value))


def _heading_text(text: str, text_lang: str, lang: PageLanguage) -> Markup:
    """A page's title line's text; attr_list marks a title still in English."""
    marker = f" {{: lang={text_lang} }}" if text_lang != lang.code else ""
    return Markup(heading_text(text) + marker)


@dataclass(frozen=True)
class _Section:
    heading: str
    anchor: str
    body: Markup


def render_briefing(
    briefing: Briefing,
    lang: PageLanguage | None = None,
    *,
    banner: str = "",
    tags: Iterable[TagLink] = (),
    event: str = "",
) -> str:
    """The whole briefing page as Markdown with HTML blocks, already sanitized.

    :param banner: the translation banner (see :func:`translation_banner`), put
        under the title, dek and date; English pages have none
    :param tags: the briefing's tags, linked to their pages
    :param event: the line linking to the briefing's event ("Part of …"), if it has one

    A source that is not in English shows its text, marked with its language,
    and its attribution: no analysis sections (the rules are English rules) and
    no translation banner (it has no catalog), but a note saying so.
    """
    lang = lang or PageLanguage()
    _ = lang.gettext
    article = briefing.article
    foreign = lang.as_is or not in_language(article.lang, lang.source)
    if foreign:
        lang, banner = lang.showing_source(article.lang), ""
    title, title_lang = lang.text(article.title)
    tag_links = list(tags)
    sections = [
        _Section(_("Key points"), "key-points", _key_points(briefing, lang)),
        _Section(_("Who said what"), "who-said-what", _statements(briefing, lang)),
        _Section(_("Timeline"), "timeline", _timeline(briefing, lang)),
        _Section(_("People, places and bodies"), "entities", _entities(briefing, lang)),
        _Section(_("The text"), "article-text", _text(briefing, lang)),
        _Section(_("Attribution"), "attribution", _attribution(briefing, lang)),
    ]
    if foreign:
        sections = [s for s in sections if s.anchor in ("article-text", "attribution")]
    page = _render(
        lang,
        "briefing.html",
        heading=_heading_text(title, title_lang, lang),
        dek=_say(lang, article.dek, "p", "briefing-dek") if article.dek else "",
        source=_source(briefing, lang),
        tags_label=_("Tags"),
        tags=_tag_list(tag_links, lang) if tag_links else "",
        event=Markup(event),
        title_generated=(
            _("The source has no headline; this title was made from its first sentence.")
            if article.title_generated else ""
        ),
        source_language=(
            _("This source is in %(language)s, so it has not been analysed or translated: "
              "the analysis rules are English rules, and translating such sources comes "
              "later.") % {"language": language_name(article.lang, lang.code)}
            if foreign else ""
        ),
        banner=Markup(banner),
        sections=sections,
    )
    return sanitize(page, picture=True)


def heading_text(text: str) -> str:
    """Plain text made safe inside a Markdown heading line."""
    escaped = escape(text, quote=False)
    for ch in "\\`*_{}[]#+!|":
        escaped = escaped.replace(ch, "\\" + ch)
    return escaped


def _tag_list(tags: list[TagLink], lang: PageLanguage) -> Markup:
    return _remembered(lang, "partials/tag-list.html", tags=tags)


def _key_points(briefing: Briefing, lang: PageLanguage) -> Markup:
    points = [_say(lang, point, "li") for point in briefing.key_points]
    return _render(lang, "partials/key-points.html", points=points)


# The primary quotation marks of CLDR's "delimiters" (as ICU 72 / CLDR 42 has them);
# Babel does not expose that part of CLDR. A language not listed gets English marks.
QUOTATION_MARKS = {"en": ("“", "”"), "hy": ("«", "»"), "az": ("“", "”"), "ru": ("«", "»")}


def _quotation_marks(code: str) -> tuple[str, str]:
    """The page language's quotation marks: « » in Armenian and Russian, “ ” in English."""
    return QUOTATION_MARKS.get(code.split("-")[0].lower(), QUOTATION_MARKS["en"])


def _reported(lang: PageLanguage, statement: Statement) -> Markup:
    """Reported speech as text, the words it quotes (still in English) marked with <q>."""
    text, text_lang = lang.text(statement.text)
    if text_lang != lang.source or not statement.quoted:
        return _say(lang, statement.text)
    quoted = set(statement.quoted)
    parts, at = [], 0
    for m in _QUOTED_WORDS.finditer(text):
        if m.group(2).strip(" ,;:.") in quoted:
            parts += [escape(text[at:m.start()]),
                      _remembered(lang, "partials/quoted-words.html", words=m.group(2))]
            at = m.end()
    parts.append(escape(text[at:]))
    return _remembered(lang, "partials/text.html", tag="span", classes=[],
                       text=Markup("".join(parts)), text_lang=_other_lang(text_lang, lang))


def _statement_item(statement: Statement, lang: PageLanguage) -> Markup:
    _ = lang.gettext
    if statement.direct_quote:
        # The speaker's own words, inside the page language's quotation marks.
        start, end = _quotation_marks(lang.code)
        return _remembered(
            lang, "partials/statement.html", direct=True,
            # Translators: "Quote" labels a speaker's own words; "Direct quote" is its tooltip.
            hint=_("Direct quote"), mark=_("Quote"),
            start=start, end=end,
            text=_say(lang, statement.text, "span", "quotation"),
        )
    return _remembered(
        lang, "partials/statement.html", direct=False,
        # Translators: labels a statement the source reports in its own words (indirect speech).
        mark=_("Reported"),
        text=_reported(lang, statement),
    )


def _statements(briefing: Briefing, lang: PageLanguage) -> Markup:
    _ = lang.gettext
    if not briefing.statements:
        return _empty_message(lang, _("No attributed statements found."))
    grouped: dict[str, list[Statement]] = defaultdict(list)
    for statement in briefing.statements:
        grouped[statement.speaker].append(statement)
    groups = []
    for speaker, statements in grouped.items():
        unattributed = statements[0].unattributed
        affiliation = statements[0].affiliation
        groups.append({
            "speaker": speaker,
            "unattributed": unattributed,
            "name": (Markup(escape(_("Unattributed claims"))) if unattributed
                     else _glossary_name(lang, speaker)),
            "side": _glossary_name(lang, affiliation) if affiliation else "",
            "statements": [_statement_item(s, lang) for s in statements],
        })
    return _voices_chart(briefing, lang) + _render(lang, "partials/statements.html",
                                                   groups=groups)


def _timeline(briefing: Briefing, lang: PageLanguage) -> Markup:
    _ = lang.gettext
    if not briefing.timeline:
        return _empty_message(lang, _("No dated events found."))
    events = [
        {"iso": event.date, "shown": lang.date(event.date), "text": _say(lang, event.text)}
        for event in briefing.timeline
    ]
    return _timeline_chart(briefing, lang) + _render(lang, "partials/timeline.html",
                                                     events=events)


# The charts' geometry, in SVG user units. Narrow on purpose: scaled down to a
# phone's width, their 14-unit text stays about 12 px high.
_CHART_WIDTH = 400
_CHART_LABEL_WIDTH = 150
_CHART_BAR_HEIGHT = 18
_CHART_ROW_HEIGHT = 28


def _voices_chart(briefing: Briefing, lang: PageLanguage) -> Markup:
    """Statements heard per side, as an accessible bar chart ("" with none attributed)."""
    _ = lang.gettext
    sides = Counter(s.affiliation for s in briefing.statements if not s.unattributed)
    unattributed = sum(1 for s in briefing.statements if s.unattributed)
    if not sides:
        return Markup("")
    rows: list[tuple[str, str, int, bool]] = [
        (lang.name(side) if side else _("unknown side"),
         _other_lang(lang.name_lang(side), lang) if side else "", n, False)
        for side, n in sides.most_common()
    ]
    if unattributed:
        rows.append((_("Unattributed claims"), "", unattributed, True))
    most = max(n for _name, _lang, n, _u in rows)
    room = _CHART_WIDTH - _CHART_LABEL_WIDTH - 40
    bars = []
    for index, (name, text_lang, n, is_unattributed) in enumerate(rows):
        y = 4 + _CHART_ROW_HEIGHT * index
        width = max(2.0, room * n / most)
        bars.append({
            "name": name if len(name) <= 20 else name[:19].rstrip() + "…",
            "text_lang": text_lang,
            "y": y,
            "text_y": y + 14,
            "width": f"{width:.1f}",
            "value_x": f"{_CHART_LABEL_WIDTH + width + 6:.1f}",
            "shown": lang.number(n),
            "unattributed": is_unattributed,
        })
    description = ", ".join(
        lang.ngettext("%(side)s: %(count)s statement", "%(side)s: %(count)s statements", n)
        % {"side": name, "count": lang.number(n)}
        for name, _lang, n, _u in rows
    )
    return _render(
        lang,
        "partials/voices-chart.html",
        width=_CHART_WIDTH,
        height=8 + _CHART_ROW_HEIGHT * len(rows),
        label_width=_CHART_LABEL_WIDTH,
        bar_height=_CHART_BAR_HEIGHT,
        bars=bars,
        # Translators: the title of the bar chart of statements per side.
        caption=_("Voices heard, by side"),
        description=description + ".",
    )


def _period_start(value: str) -> dt.date:
    """The first day of a timeline date ("2020", "2023-09" or "2023-09-19")."""
    parts = [int(p) for p in value.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def _timeline_chart(briefing: Briefing, lang: PageLanguage) -> Markup:
    """The timeline's events on a time axis ("" with fewer than two dates)."""
    _ = lang.gettext
    events = []
    for event in briefing.timeline:
        try:
            events.append((_period_start(event.date), event))
        except ValueError:
            continue
    if len({day for day, _event in events}) < 2:
        return Markup("")
    first, last = min(d for d, _e in events), max(d for d, _e in events)
    left, right = 12, _CHART_WIDTH - 12
    span = (last - first).days

    def x(day: dt.date) -> str:
        return f"{left + (right - left) * (day - first).days / span:.1f}"

    marks = [
        {"x": x(day), "title": f"{lang.date(event.date)}: {lang.text(event.text)[0]}"}
        for day, event in events
    ]
    ticks = [{"x": x(first), "label": lang.date(_first_label(events, first)), "anchor": "start"},
             {"x": x(last), "label": lang.date(_first_label(events, last)), "anchor": "end"}]
    # Years between the ends, when there is room for them.
    years = [dt.date(year, 1, 1) for year in range(first.year + 1, last.year + 1)]
    if len(years) <= 6:
        ticks[1:1] = [
            {"x": x(day), "label": str(day.year), "anchor": "middle"}
            for day in years
            if float(x(day)) - left > 60 and right - float(x(day)) > 110
        ]
    description = lang.ngettext(
        "%(count)s dated event, from %(first)s to %(last)s.",
        "%(count)s dated events, from %(first)s to %(last)s.",
        len(events),
    ) % {
        "count": lang.number(len(events)),
        "first": ticks[0]["label"],
        "last": ticks[-1]["label"],
    }
    return _render(
        lang,
        "partials/timeline-chart.html",
        width=_CHART_WIDTH,
        height=44,
        left=left,
        right=right,
        axis_y=12,
        ticks=ticks,
        marks=marks,
        # Translators: the title of the picture of the timeline's dates on an axis.
        caption=_("The timeline on a time axis"),
        description=description,
    )


def _first_label(events: list[tuple[dt.date, TimelineEvent]], day: dt.date) -> str:
    """The date as the timeline gives it ("2020", not "1 January 2020")."""
    return next(event.date for d, event in events if d == day)


_TYPE_LABELS = {"person": N_("People"), "place": N_("Places"), "body": N_("Bodies")}


def _entities(briefing: Briefing, lang: PageLanguage) -> Markup:
    _ = lang.gettext
    if not briefing.entities:
        return _empty_message(lang, _("No names found."))
    rows = []
    for kind, label in _TYPE_LABELS.items():
        names = [e for e in briefing.entities if e.type == kind]
        if not names:
            continue
        rows.append({
            "label": _(label),
            "names": [
                {
                    "name": _glossary_name(lang, e.name),
                    "in_glossary": e.in_glossary,
                    "affiliation": _glossary_name(lang, e.affiliation) if e.affiliation else "",
                }
                for e in names
            ],
        })
    return _render(lang, "partials/entities.html", rows=rows)


def _text(briefing: Briefing, lang: PageLanguage) -> Markup:
    # Cut by the units module, never here: each piece is then a unit of the catalog.
    paragraphs = [[_say(lang, s) for s in paragraph]
                  for paragraph in body_sentences(briefing.article)]
    return _render(lang, "partials/article-text.html", paragraphs=paragraphs)


def _voices(briefing: Briefing, lang: PageLanguage) -> Markup:
    _ = lang.gettext
    speakers = Counter(s.speaker for s in briefing.statements if not s.unattributed)
    sides = Counter(s.affiliation for s in briefing.statements if not s.unattributed)
    unattributed = sum(1 for s in briefing.statements if s.unattributed)
    return _render(
        lang,
        "partials/voices.html",
        none="" if speakers or unattributed else _("No statements found."),
        by_speaker=[
            {"count": n, "name": _glossary_name(lang, name), "shown": lang.number(n)}
            for name, n in speakers.most_common()
        ],
        by_side=[
            {"name": _glossary_name(lang, side) if side else _("unknown side"),
             "shown": lang.number(n)}
            for side, n in sides.most_common()
        ],
        sides_label=_("By side"),
        unattributed_label=_("Unattributed claims"),
        unattributed=lang.number(unattributed),
    )


# What a briefing can say about its source, in the order the page gives it.
_SOURCE_FIELDS = ("outlet", "link", "author", "published", "dateline", "credits")


def _source_fields(briefing: Briefing, lang: PageLanguage) -> dict[str, tuple[str, Markup]]:
    """Each field the source gives, as ``{field: (label, markup)}``; absent fields are left out."""
    _ = lang.gettext
    article = briefing.article
    source = article.source
    fields: dict[str, tuple[str, Markup | str]] = {
        # Translators: the newspaper, agency or site the article comes from.
        "outlet": (_("Outlet"), source.name or ""),
        # Translators: the address of the source article.
        "link": (_("Link"), _render(lang, "partials/source-link.html", url=source.url)
                 if source.url else ""),
        "author": (_("Author"), source.author or ""),
        "published": (_("Published"), _date(lang, article.published) if article.published
                      else ""),
        # Translators: the place and date line at the top of a wire story.
        "dateline": (_("Dateline"), _english_text(lang, article.dateline, cls="dateline")
                     if article.dateline else ""),
        "credits": (_("Credits and attribution note"),
                    _english_text(lang, article.attribution) if article.attribution else ""),
    }
    return {key: (label, Markup(escape(value)) if not isinstance(value, Markup) else value)
            for key, (label, value) in fields.items() if value}


def sourcing(briefing: Briefing) -> str:
    """How sure a page can be of where a briefing comes from.

    ``"identified"``: the outlet, the date and the link are all known;
    ``"partial"``: some of what says where it comes from is known;
    ``"unidentified"``: neither the outlet nor the link is known.
    """
    source = briefing.article.source
    if source.name and source.url and briefing.article.published:
        return "identified"
    if source.name or source.url:
        return "partial"
    return "unidentified"


_SURENESS = {
    "identified": N_("Source identified: the outlet, the date and the link are given."),
    "partial": N_("Source partly identified."),
    "unidentified": N_("Source not identified: read this briefing with care."),
}


def _source(briefing: Briefing, lang: PageLanguage) -> Markup:
    """The lines under the title: outlet, date and credits, and how sure the page is of them."""
    _ = lang.gettext
    fields = _source_fields(briefing, lang)
    known = []
    if "outlet" in fields or "link" in fields:
        outlet = fields.get("outlet", fields.get("link"))[1]  # type: ignore[index]
        url = briefing.article.source.url
        known.append(_render(lang, "partials/link.html", cls="source-outlet", href=url,
                             text=outlet) if url and "outlet" in fields else outlet)
    if "published" in fields:
        known.append(fields["published"][1])
    else:
        known.append(_render(lang, "partials/text.html", tag="span", classes=["date-unknown"],
                             text=_("Publication date unknown"), text_lang=""))
    for key in ("dateline", "author", "credits"):
        if key in fields:
            known.append(fields[key][1])
    level = sourcing(briefing)
    missing = [label for key, (label, _value) in _all_labels(lang).items()
               if key not in fields and key != "published"]
    return _render(
        lang,
        "partials/source.html",
        sourcing=level,
        known=known,
        sureness=_(_SURENESS[level]),
        # Translators: followed by a list of fields, e.g. "Not given by the source: Author, Link."
        missing_label=_("Not given by the source"),
        missing=missing,
    )


def _all_labels(lang: PageLanguage) -> dict[str, tuple[str, str]]:
    _ = lang.gettext
    return {key: (label, "") for key, label in zip(
        _SOURCE_FIELDS,
        (_("Outlet"), _("Link"), _("Author"), _("Published"), _("Dateline"),
         _("Credits and attribution note")),
        strict=True,
    )}


def _attribution(briefing: Briefing, lang: PageLanguage) -> Markup:
    _ = lang.gettext
    fields = _source_fields(briefing, lang)
    rows = [fields[key] for key in _SOURCE_FIELDS if key in fields]
    rows.append((_("Voices heard"), _voices(briefing, lang)))
    missing = [label for key, (label, _value) in _all_labels(lang).items() if key not in fields]
    return _render(
        lang,
        "partials/attribution.html",
        rows=rows,
        missing_label=_("Not given by the source"),
        missing=missing,
        standing=_("Statements are attributed to their speakers as reported by the source; "
                   "they have not been verified."),
    )


# -- translation status ----------------------------------------------------------------------------

#: Short labels for a translation's status, as lists and tables show them.
STATUS_LABELS = {
    "reviewed": N_("Reviewed"),
    "partially-reviewed": N_("Partly reviewed"),
    "machine-draft": N_("Machine translation"),
    "untranslated": N_("Not translated yet"),
}
_BANNER_HEADLINES = {
    "reviewed": N_("Translation reviewed by a person"),
    "partially-reviewed": N_("Partly reviewed translation"),
    "machine-draft": N_("Machine translation, not yet reviewed"),
    "untranslated": N_("Not translated yet"),
}
_BANNER_EXPLANATIONS = {
    "reviewed": N_("Every passage has been checked against the English original."),
    "partially-reviewed": N_(
        "Passages underlined with dots are machine drafts that no one has checked yet; "
        "passages in English have no translation yet."
    ),
    "machine-draft": N_(
        "A machine made this translation and no one has checked it yet, so it may contain "
        "mistakes. Passages in English have no translation yet."
    ),
    "untranslated": N_("This briefing is shown in English until a translation is ready."),
}


@dataclass(frozen=True)
class TranslationState:
    """What the banner of a translated page says: the page's status and its catalog."""

    status: str  # one of briefings.site.translated.PAGE_STATUSES
    reviewed: int
    total: int
    catalog: str  # the catalog's path in the repository
    catalog_url: str | None  # its address, when the repository's is configured
    #: Why passages are in English, with how many (ArticleTranslation.english_reasons).
    english: tuple[tuple[str, int], ...] = ()
    problem: str = ""  # why the catalog could not be read, when it could not

    @property
    def share(self) -> float:
        return self.reviewed / self.total if self.total else 0.0


def translation_banner(state: TranslationState, lang: PageLanguage, english_href: str) -> str:
    """The banner at the top of a translated page: how far it is reviewed, and links.

    The element has class ``translation-status`` and ``data-status`` set to the
    page's status, for readers' style sheets and for tests.
    """
    _ = lang.gettext
    # Translators: e.g. "3 of 40 passages reviewed by a person (8%)."; a passage is
    # one unit of the translation file: a title, a key point or a sentence.
    counts = lang.ngettext(
        "%(reviewed)s of %(total)s passage reviewed by a person (%(share)s).",
        "%(reviewed)s of %(total)s passages reviewed by a person (%(share)s).",
        state.total,
    ) % {
        "reviewed": lang.number(state.reviewed),
        "total": lang.number(state.total),
        "share": lang.percent(state.share),
    }
    path = _render(lang, "partials/file-path.html", path=state.catalog)
    # No repository address is configured: name the file, invent no link.
    fix = Markup(escape(_("To correct it, edit %(path)s in the site's repository."))) % {
        "path": path
    }
    return _render(
        lang,
        "partials/translation-banner.html",
        status=state.status,
        headline=_(_BANNER_HEADLINES[state.status]),
        explanation=_(_BANNER_EXPLANATIONS[state.status]),
        counts=counts,
        english_href=english_href,
        read_english=_("Read the English original"),
        original_lang=lang.source,
        catalog_url=state.catalog_url or "",
        correct=_("Correct this translation"),
        path=path,
        fix=fix,
        why_english=why_english(state.english, state.problem, lang),
    )


def status_badge(status: str, lang: PageLanguage) -> Markup:
    return _remembered(lang, "partials/status-badge.html", status=status,
                   label=lang.gettext(STATUS_LABELS[status]))


# -- lists of briefings ----------------------------------------------------------------------------


@dataclass
class ListedBriefing:
    """A briefing in a list: where it is, and in which language it reads.

    :param lang: the page's language, reading this briefing's translation
    :param status: its translation status on pages in other languages; ``None`` in English
    """

    briefing: Briefing
    href: str
    lang: PageLanguage
    status: str | None = None
    tags: list[TagLink] = field(default_factory=list)


def render_listing(items: list[ListedBriefing], lang: PageLanguage) -> Markup:
    """Briefings, in the order given, with date, dek, translation status and tags."""
    _ = lang.gettext
    rows = []
    for item in items:
        article = item.briefing.article
        text, text_lang = item.lang.text(article.title)
        rows.append({
            "href": item.href,
            "title": text,
            "text_lang": _other_lang(text_lang, lang),
            "iso": article.published.isoformat() if article.published else "",
            "date": lang.date(article.published) if article.published else "",
            "badge": status_badge(item.status, lang) if item.status else "",
            "dek": _say(item.lang, article.dek, "p", "dek") if article.dek else "",
            "tags": _tag_list(item.tags, lang) if item.tags else "",
        })
    return _render(lang, "partials/listing.html", items=rows, date_unknown=_("Date unknown"),
                   empty=_("No briefings yet: add an article to content/."))


@dataclass(frozen=True)
class Pager:
    """Where a page of a listing is among its pages: page ``page`` of ``pages``.

    :param hrefs: the link from this page to each page of the listing, first
        (newest) to last
    """

    page: int
    pages: int
    hrefs: list[str]

    def label(self, lang: PageLanguage) -> str:
        # Translators: which page of a list of briefings this is, e.g. "Page 2 of 7".
        return lang.gettext("Page %(page)s of %(pages)s") % {
            "page": lang.number(self.page), "pages": lang.number(self.pages)
        }


def render_pager(pager: Pager | None, lang: PageLanguage) -> Markup:
    """Links to the newer and older pages of a listing, and to the pages around this one.

    Pages far from this one are left out (an ellipsis stands for them), so a
    listing of thousands of briefings still has a short pager.
    """
    if pager is None or pager.pages < 2:
        return Markup("")
    _ = lang.gettext
    shown = sorted({1, pager.pages, *range(max(1, pager.page - 2),
                                          min(pager.pages, pager.page + 2) + 1)})
    links = []
    if pager.page > 1:
        links.append({"kind": "newer", "href": pager.hrefs[pager.page - 2],
                      "text": _("Newer briefings")})
    previous = 0
    for number in shown:
        if number - previous > 1:
            links.append({"kind": "gap"})
        links.append({
            "kind": "current" if number == pager.page else "page",
            "href": pager.hrefs[number - 1],
            "text": lang.number(number),
        })
        previous = number
    if pager.page < pager.pages:
        links.append({"kind": "older", "href": pager.hrefs[pager.page],
                      "text": _("Older briefings")})
    # Translators: the name, for screen readers, of the links to the pages of a list.
    return _render(lang, "partials/pager.html", links=links, name=_("Pages of the list"))


def _paged_title(title: str, pager: Pager | None, lang: PageLanguage) -> str:
    if pager is None or pager.pages < 2 or pager.page == 1:
        return title
    return f"{title} · {pager.label(lang)}"


def render_home(
    items: list[ListedBriefing],
    lang: PageLanguage | None = None,
    *,
    title: str = "Briefings",
    feed_href: str | None = None,
    status_href: str | None = None,
    pager: Pager | None = None,
) -> str:
    """A page of the home listing: briefings, newest first, with their dates and deks."""
    lang = lang or PageLanguage()
    _ = lang.gettext
    links = []
    if feed_href:
        links.append(_render(lang, "partials/link.html", cls="feed-link", href=feed_href,
                             text=_("Atom feed")))
    if status_href:
        links.append(_render(lang, "partials/link.html", cls="", href=status_href,
                             text=_("How much is translated")))
    page = _render(
        lang,
        "home.html",
        heading=Markup(heading_text(_paged_title(title, pager, lang))),
        listing=render_listing(items, lang),
        pager=render_pager(pager, lang),
        links=links,
    )
    return sanitize(page + "\n")


def not_found_text(lang: PageLanguage) -> tuple[str, str]:
    """The 404 page's title and message in ``lang`` (the page lists each language's home)."""
    _ = lang.gettext
    return (
        # Translators: the title of the page shown for an address where there is no page.
        _("Page not found"),
        _("There is no page at this address. The briefings are here:"),
    )


def tag_page_title(tag: TagLink, lang: PageLanguage) -> str:
    # Translators: the title of a tag's page; use your language's quotation marks.
    return lang.gettext("Briefings tagged “%(tag)s”") % {"tag": tag.name}


def render_tag_page(
    tag: TagLink,
    items: list[ListedBriefing],
    lang: PageLanguage,
    all_tags_href: str,
    pager: Pager | None = None,
) -> str:
    """A page of one tag's listing: its briefings, newest first."""
    _ = lang.gettext
    title = _paged_title(tag_page_title(tag, lang), pager, lang)
    page = _render(
        lang,
        "tag.html",
        heading=Markup(heading_text(title)),
        listing=render_listing(items, lang),
        pager=render_pager(pager, lang),
        all_tags_href=all_tags_href,
        all_tags=_("All tags"),
    )
    return sanitize(page + "\n")


def render_tags_index(tags: list[tuple[TagLink, int]], lang: PageLanguage) -> str:
    """Every tag with the number of its briefings."""
    _ = lang.gettext
    rows = [
        {
            "href": tag.href,
            "lang": tag.lang,
            "name": tag.name,
            "count": lang.ngettext("%(count)s briefing", "%(count)s briefings", count)
            % {"count": lang.number(count)},
        }
        for tag, count in tags
    ]
    page = _render(lang, "tags.html", heading=Markup(heading_text(_("Tags"))), tags=rows,
                   empty=_("No tags yet."))
    return sanitize(page + "\n")


def sanitize(page: str, *, picture: bool = False) -> str:
    """The page with anything outside our allow-list removed (nh3, i.e. ammonia).

    :param picture: also allow the inline SVG of the status page
    """
    return _cleaner(picture).clean(page)


@functools.cache
def _cleaner(picture: bool) -> nh3.Cleaner:
    # Made once: building the allow-lists into ammonia's cleaner on every call
    # cost a fifth of each page's sanitizing.
    tags = ALLOWED_TAGS | (SVG_TAGS if picture else set())
    attributes = {key: set(value) for key, value in ALLOWED_ATTRIBUTES.items()}
    if picture:
        for key, value in SVG_ATTRIBUTES.items():
            attributes.setdefault(key, set()).update(value)
    return nh3.Cleaner(
        tags=tags,
        attributes=attributes,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
