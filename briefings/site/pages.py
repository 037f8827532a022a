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
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from html import escape

import nh3
from babel.dates import format_date, format_skeleton
from babel.numbers import format_decimal, format_percent

from briefings.glossary import Glossary
from briefings.model import Briefing, Statement
from briefings.sentences import split_sentences
from briefings.site.interface import N_, interface_translations
from briefings.sources.language import is_english

# What a page may contain once rendered: our own structure, nothing from the article.
ALLOWED_TAGS = {
    "a", "abbr", "aside", "blockquote", "br", "code", "dd", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "li", "nav", "ol", "p", "q", "section", "small", "span",
    "strong", "table", "tbody", "td", "th", "thead", "time", "tr", "ul",
}
ALLOWED_ATTRIBUTES = {
    "*": {"class", "id", "lang", "title", "data-status", "data-speaker", "data-count"},
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
SVG_TAGS = {"svg", "g", "rect", "text", "title"}
SVG_ATTRIBUTES = {
    "svg": {"viewBox", "role", "aria-labelledby", "width", "height", "preserveAspectRatio"},
    "g": {"transform"},
    "rect": {"x", "y", "width", "height", "rx"},
    "text": {"x", "y", "text-anchor", "dominant-baseline"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
QUOTE_MARKS = "\"“”«»„‘’"
# Quoted words in a reported statement: an opening mark, the words, its closing mark.
_QUOTED_WORDS = re.compile(r"(“|\"|‘|«|(?<!\w)')([^”\"’»']{1,1000}?)(?:”|\"|’|»|'(?!\w))")


def _identity(text: str) -> str:
    return text


def _english(text: str) -> tuple[str, str]:
    return text, "en"


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
    """

    code: str = "en"
    gettext: Callable[[str], str] = field(default=_identity)
    text: Callable[[str], tuple[str, str]] = field(default=_english)
    glossary: Glossary | None = None
    ngettext: Callable[[str, str, int], str] = field(default=_english_plural)
    drafted: Callable[[str], bool] = field(default=_never)

    @classmethod
    def of(cls, code: str, glossary: Glossary | None = None) -> PageLanguage:
        """``code`` with its interface catalog; article text in English until :meth:`reading`."""
        translations = interface_translations(code)
        return cls(
            code=code,
            gettext=translations.gettext,
            glossary=glossary,
            ngettext=translations.ngettext,
        )

    def reading(
        self, text: Callable[[str], tuple[str, str]], drafted: Callable[[str], bool] = _never
    ) -> PageLanguage:
        """This language, taking article text from ``text`` (one briefing's translation)."""
        return replace(self, text=text, drafted=drafted)

    def name(self, canonical: str) -> str:
        """A glossary name as written in this language."""
        if self.glossary is None or self.code == "en":
            return canonical
        term = self.glossary.get(canonical)
        return term.form(self.code) if term else canonical

    def name_lang(self, canonical: str) -> str:
        """The language :meth:`name` gives ``canonical`` in (English when it has no form)."""
        if self.code == "en" or self.glossary is None:
            return "en"
        term = self.glossary.get(canonical)
        return self.code if term is not None and term.forms.get(self.code) else "en"

    def date(self, value: dt.date | str) -> str:
        """A full, month or year date, written the way this language writes it."""
        if isinstance(value, dt.date):
            return format_date(value, format="long", locale=self.code)
        parts = value.split("-")
        if len(parts) == 3:
            return format_date(dt.date.fromisoformat(value), format="long", locale=self.code)
        if len(parts) == 2:
            return format_skeleton("yMMMM", dt.date(int(parts[0]), int(parts[1]), 1),
                                   locale=self.code)
        return parts[0]

    def number(self, value: int | float) -> str:
        return format_decimal(value, locale=self.code)

    def percent(self, share: float) -> str:
        """``share`` (0 to 1) as a whole percentage, e.g. "38 %" in Russian."""
        return format_percent(share, locale=self.code)


@dataclass(frozen=True)
class TagLink:
    """A tag as a page shows it: its name in the page's language, and its page."""

    name: str
    href: str
    lang: str  # the language ``name`` is written in


def _empty(message: str) -> str:
    return f'<p class="empty">{escape(message)}</p>'


def _lang_attr(text_lang: str, page: PageLanguage) -> str:
    return f' lang="{text_lang}"' if text_lang != page.code else ""


def _say(lang: PageLanguage, english: str, tag: str = "span", cls: str = "") -> str:
    """Article text in the page's language, marked ``lang="en"`` when it is still English."""
    text, text_lang = lang.text(english)
    classes = [cls] if cls else []
    if text_lang == lang.code and lang.code != "en" and lang.drafted(english):
        classes.append("machine-draft")
    attrs = f' class="{" ".join(classes)}"' if classes else ""
    return f"<{tag}{attrs}{_lang_attr(text_lang, lang)}>{escape(text)}</{tag}>"


def _english_text(lang: PageLanguage, text: str, tag: str = "span", cls: str = "") -> str:
    """Text that is English whatever the page (a dateline, a credit line)."""
    attrs = f' class="{cls}"' if cls else ""
    return f"<{tag}{attrs}{_lang_attr('en', lang)}>{escape(text)}</{tag}>"


def _glossary_name(lang: PageLanguage, canonical: str) -> str:
    """A name in the page's language; marked when the glossary has no form for it."""
    marker = _lang_attr(lang.name_lang(canonical), lang)
    name = escape(lang.name(canonical))
    return f"<span{marker}>{name}</span>" if marker else name


def _heading(text: str, text_lang: str, lang: PageLanguage) -> str:
    """A page's title line; attr_list marks a title still in English."""
    marker = f" {{: lang={text_lang} }}" if text_lang != lang.code else ""
    return f"# {heading_text(text)}{marker}"


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
    """
    lang = lang or PageLanguage()
    _ = lang.gettext
    article = briefing.article
    title, title_lang = lang.text(article.title)
    parts = [_heading(title, title_lang, lang), ""]

    # Heading, dek and the line under it: where and when.
    if article.dek:
        parts.append(_say(lang, article.dek, "p", "briefing-dek"))
    meta = []
    if article.dateline:
        meta.append(_english_text(lang, article.dateline, cls="dateline"))
    if article.published:
        meta.append(
            f'<time datetime="{article.published.isoformat()}">'
            f"{escape(lang.date(article.published))}</time>"
        )
    else:
        unknown_date = escape(_("Publication date unknown"))
        meta.append(f'<span class="date-unknown">{unknown_date}</span>')
    parts.append(f'<p class="briefing-meta">{" · ".join(meta)}</p>')
    tag_links = list(tags)
    if tag_links:
        label = escape(_("Tags"))
        parts.append(f'<p class="briefing-tags">{label}: {_tag_list(tag_links, lang)}</p>')
    if event:
        parts.append(event)
    if article.title_generated:
        parts.append(
            '<p class="title-generated"><small>'
            + escape(_("The source has no headline; this title was made from its first sentence."))
            + "</small></p>"
        )
    if not is_english(article.lang):
        note = escape(_("This source is not in English, so it has not been analysed."))
        parts.append(f'<p class="source-language"><small>{note}</small></p>')
    parts.append("")
    if banner:
        parts += [banner, ""]

    parts += _section(_("Key points"), "key-points", _key_points(briefing, lang))
    parts += _section(_("Who said what"), "who-said-what", _statements(briefing, lang))
    parts += _section(_("Timeline"), "timeline", _timeline(briefing, lang))
    parts += _section(_("People, places and bodies"), "entities", _entities(briefing, lang))
    parts += _section(_("The text"), "article-text", _text(briefing, lang))
    parts += _section(_("Attribution"), "attribution", _attribution(briefing, lang))
    return sanitize("\n".join(parts) + "\n")


def heading_text(text: str) -> str:
    """Plain text made safe inside a Markdown heading line."""
    escaped = escape(text, quote=False)
    for ch in "\\`*_{}[]#+!|":
        escaped = escaped.replace(ch, "\\" + ch)
    return escaped


def _section(heading: str, anchor: str, body: str) -> list[str]:
    # Markdown headings, so the theme builds its table of contents from them; the
    # body is one raw HTML block (no blank lines inside) so Markdown leaves it alone.
    return [f"## {escape(heading)} {{#{anchor}}}", "", body, ""]


def _tag_list(tags: list[TagLink], lang: PageLanguage) -> str:
    return ", ".join(
        f'<a class="tag" href="{escape(tag.href)}"{_lang_attr(tag.lang, lang)}>'
        f"{escape(tag.name)}</a>"
        for tag in tags
    )


def _key_points(briefing: Briefing, lang: PageLanguage) -> str:
    items = "".join(_say(lang, point, "li") for point in briefing.key_points)
    return f'<ul class="key-points">{items}</ul>'


# The primary quotation marks of CLDR's "delimiters" (as ICU 72 / CLDR 42 has them);
# Babel does not expose that part of CLDR. A language not listed gets English marks.
QUOTATION_MARKS = {"en": ("“", "”"), "hy": ("«", "»"), "az": ("“", "”"), "ru": ("«", "»")}


def _quotation_marks(code: str) -> tuple[str, str]:
    """The page language's quotation marks: « » in Armenian and Russian, “ ” in English."""
    return QUOTATION_MARKS.get(code.split("-")[0].lower(), QUOTATION_MARKS["en"])


def _reported(lang: PageLanguage, statement: Statement) -> str:
    """Reported speech as text, the words it quotes (still in English) marked with <q>."""
    text, text_lang = lang.text(statement.text)
    if text_lang != "en" or not statement.quoted:
        return _say(lang, statement.text)
    quoted = set(statement.quoted)
    parts, at = [], 0
    for m in _QUOTED_WORDS.finditer(text):
        if m.group(2).strip(" ,;:.") in quoted:
            parts += [escape(text[at:m.start()]), f"<q>{escape(m.group(2))}</q>"]
            at = m.end()
    parts.append(escape(text[at:]))
    return f'<span{_lang_attr(text_lang, lang)}>{"".join(parts)}</span>'


def _statement_item(statement: Statement, lang: PageLanguage) -> str:
    _ = lang.gettext
    if statement.direct_quote:
        # Translators: "Quote" labels a speaker's own words; "Direct quote" is its tooltip.
        hint, mark = escape(_("Direct quote")), escape(_("Quote"))
        label = f'<span class="quote-mark" title="{hint}">{mark}</span> '
        # The speaker's own words, inside the page language's quotation marks.
        start, end = (escape(m) for m in _quotation_marks(lang.code))
        words = _say(lang, statement.text, "span", "quotation")
        return f'<li class="statement direct-quote">{label}{start}{words}{end}</li>'
    # Translators: labels a statement the source reports in its own words (indirect speech).
    mark = escape(_("Reported"))
    label = f'<span class="quote-mark reported">{mark}</span> '
    return f'<li class="statement reported">{label}{_reported(lang, statement)}</li>'


def _statements(briefing: Briefing, lang: PageLanguage) -> str:
    _ = lang.gettext
    if not briefing.statements:
        return _empty(_("No attributed statements found."))
    groups: dict[str, list[Statement]] = defaultdict(list)
    for statement in briefing.statements:
        groups[statement.speaker].append(statement)
    blocks = []
    for speaker, statements in groups.items():
        unattributed = statements[0].unattributed
        name = (
            escape(_("Unattributed claims")) if unattributed else _glossary_name(lang, speaker)
        )
        affiliation = statements[0].affiliation
        side = (
            f' <small class="affiliation">{_glossary_name(lang, affiliation)}</small>'
            if affiliation
            else ""
        )
        items = "".join(_statement_item(s, lang) for s in statements)
        cls = "speaker unattributed" if unattributed else "speaker"
        blocks.append(
            f'<div class="{cls}" data-speaker="{escape(speaker)}">'
            f"<h3>{name}{side}</h3><ul>{items}</ul></div>"
        )
    return f'<div class="statements">{"".join(blocks)}</div>'


def _timeline(briefing: Briefing, lang: PageLanguage) -> str:
    _ = lang.gettext
    if not briefing.timeline:
        return _empty(_("No dated events found."))
    items = "".join(
        f'<li><time datetime="{escape(event.date)}">{escape(lang.date(event.date))}</time> '
        f"{_say(lang, event.text)}</li>"
        for event in briefing.timeline
    )
    return f'<ol class="timeline">{items}</ol>'


_TYPE_LABELS = {"person": N_("People"), "place": N_("Places"), "body": N_("Bodies")}


def _entities(briefing: Briefing, lang: PageLanguage) -> str:
    _ = lang.gettext
    if not briefing.entities:
        return _empty(_("No names found."))
    rows = []
    for kind, label in _TYPE_LABELS.items():
        names = [e for e in briefing.entities if e.type == kind]
        if not names:
            continue
        items = ", ".join(
            f'<span class="entity{"" if e.in_glossary else " not-in-glossary"}">'
            f"{_glossary_name(lang, e.name)}"
            + (f" <small>({_glossary_name(lang, e.affiliation)})</small>" if e.affiliation else "")
            + "</span>"
            for e in names
        )
        rows.append(f"<dt>{escape(_(label))}</dt><dd>{items}</dd>")
    return f'<dl class="entities">{"".join(rows)}</dl>'


def _text(briefing: Briefing, lang: PageLanguage) -> str:
    article = briefing.article
    paragraphs = []
    for paragraph in article.paragraphs:
        sentences = [_say(lang, s) for s in split_sentences(paragraph, article.lang)]
        paragraphs.append(f"<p>{' '.join(sentences or [_say(lang, paragraph)])}</p>")
    return f'<div class="article-text">{"".join(paragraphs)}</div>'


def _voices(briefing: Briefing, lang: PageLanguage) -> str:
    _ = lang.gettext
    speakers = Counter(s.speaker for s in briefing.statements if not s.unattributed)
    sides = Counter(s.affiliation for s in briefing.statements if not s.unattributed)
    unattributed = sum(1 for s in briefing.statements if s.unattributed)
    if not speakers and not unattributed:
        return escape(_("No statements found."))
    by_speaker = ", ".join(
        f'<span data-count="{n}">{_glossary_name(lang, name)}: {escape(lang.number(n))}</span>'
        for name, n in speakers.most_common()
    )
    by_side = ", ".join(
        (_glossary_name(lang, side) if side else escape(_("unknown side")))
        + f": {escape(lang.number(n))}"
        for side, n in sides.most_common()
    )
    lines = []
    if by_speaker:
        lines.append(f'<span class="voices-speakers">{by_speaker}</span>')
    if by_side:
        label = escape(_("By side"))
        lines.append(f'<span class="voices-sides">{label}: {by_side}</span>')
    label = escape(_("Unattributed claims"))
    lines.append(
        f'<span class="voices-unattributed">{label}: {escape(lang.number(unattributed))}</span>'
    )
    return " · ".join(lines)


def _attribution(briefing: Briefing, lang: PageLanguage) -> str:
    _ = lang.gettext
    article = briefing.article
    unknown_text = escape(_("Unknown"))
    unknown = f'<span class="unknown">{unknown_text}</span>'
    source = article.source
    link = (
        f'<a href="{escape(source.url, quote=True)}" rel="nofollow noopener">'
        f"{escape(source.url)}</a>"
        if source.url
        else unknown
    )
    published = (
        f'<time datetime="{article.published.isoformat()}">'
        f"{escape(lang.date(article.published))}</time>"
        if article.published
        else unknown
    )
    rows = [
        # Translators: the newspaper, agency or site the article comes from.
        (_("Outlet"), escape(source.name) if source.name else unknown),
        # Translators: the address of the source article.
        (_("Link"), link),
        (_("Author"), escape(source.author) if source.author else unknown),
        (_("Published"), published),
        # Translators: the place and date line at the top of a wire story.
        (_("Dateline"), _english_text(lang, article.dateline) if article.dateline else unknown),
        (_("Credits and attribution note"),
         _english_text(lang, article.attribution) if article.attribution else unknown),
        (_("Voices heard"), _voices(briefing, lang)),
    ]
    body = "".join(f"<dt>{escape(k)}</dt><dd>{v}</dd>" for k, v in rows)
    standing = escape(
        _("Statements are attributed to their speakers as reported by the source; "
          "they have not been verified.")
    )
    return (
        f'<aside class="attribution"><dl>{body}</dl>'
        f'<p class="attribution-standing">{standing}</p></aside>'
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
    read_english = escape(_("Read the English original"))
    english = (
        f'<a class="english-original" href="{escape(english_href)}" hreflang="en">'
        f"{read_english}</a>"
    )
    path = f"<code>{escape(state.catalog)}</code>"
    if state.catalog_url:
        correct = escape(_("Correct this translation"))
        fix = (
            f'<a class="catalog-link" href="{escape(state.catalog_url)}">'
            f"{correct}</a> <small>({path})</small>"
        )
    else:
        # No repository address is configured: name the file, invent no link.
        fix = escape(_("To correct it, edit %(path)s in the site's repository.")) % {
            "path": path
        }
    headline = escape(_(_BANNER_HEADLINES[state.status]))
    explanation = escape(_(_BANNER_EXPLANATIONS[state.status]))
    return (
        f'<div class="translation-status" data-status="{escape(state.status)}">'
        f"<p><strong>{headline}</strong> {explanation} {escape(counts)}</p>"
        f'<p class="translation-links">{english} · {fix}</p></div>'
    )


def status_badge(status: str, lang: PageLanguage) -> str:
    return (
        f'<span class="status-badge" data-status="{escape(status)}">'
        f"{escape(lang.gettext(STATUS_LABELS[status]))}</span>"
    )


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


def render_listing(items: list[ListedBriefing], lang: PageLanguage) -> str:
    """Briefings, in the order given, with date, dek, translation status and tags."""
    _ = lang.gettext
    rows = []
    for item in items:
        article = item.briefing.article
        text, text_lang = item.lang.text(article.title)
        unknown_date = escape(_("Date unknown"))
        date = (
            f'<time datetime="{article.published.isoformat()}">'
            f"{escape(lang.date(article.published))}</time>"
            if article.published
            else f'<span class="date-unknown">{unknown_date}</span>'
        )
        badge = f" {status_badge(item.status, lang)}" if item.status else ""
        dek = _say(item.lang, article.dek, "p", "dek") if article.dek else ""
        tags = f'<p class="item-tags">{_tag_list(item.tags, lang)}</p>' if item.tags else ""
        rows.append(
            f'<li class="briefing-item"><a href="{escape(item.href)}"{_lang_attr(text_lang, lang)}>'
            f"{escape(text)}</a> <small>{date}</small>{badge}{dek}{tags}</li>"
        )
    if not rows:
        return _empty(_("No briefings yet: add an article to content/."))
    return f'<ul class="briefing-list">{"".join(rows)}</ul>'


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


def render_pager(pager: Pager | None, lang: PageLanguage) -> str:
    """Links to the newer and older pages of a listing, and to the pages around this one.

    Pages far from this one are left out (an ellipsis stands for them), so a
    listing of thousands of briefings still has a short pager.
    """
    if pager is None or pager.pages < 2:
        return ""
    _ = lang.gettext
    shown = sorted({1, pager.pages, *range(max(1, pager.page - 2),
                                          min(pager.pages, pager.page + 2) + 1)})
    parts = []
    if pager.page > 1:
        newer = escape(_("Newer briefings"))
        href = escape(pager.hrefs[pager.page - 2])
        parts.append(f'<a class="pager-newer" rel="prev" href="{href}">← {newer}</a>')
    previous = 0
    for number in shown:
        if number - previous > 1:
            parts.append('<span class="pager-gap">…</span>')
        if number == pager.page:
            parts.append(f'<span class="pager-current" aria-current="page">'
                         f"{escape(lang.number(number))}</span>")
        else:
            parts.append(f'<a href="{escape(pager.hrefs[number - 1])}">'
                         f"{escape(lang.number(number))}</a>")
        previous = number
    if pager.page < pager.pages:
        older = escape(_("Older briefings"))
        href = escape(pager.hrefs[pager.page])
        parts.append(f'<a class="pager-older" rel="next" href="{href}">{older} →</a>')
    # Translators: the name, for screen readers, of the links to the pages of a list.
    name = escape(_("Pages of the list"))
    return f'\n\n<nav class="pager" aria-label="{name}">{" ".join(parts)}</nav>'


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
        label = escape(_("Atom feed"))
        links.append(f'<a class="feed-link" href="{escape(feed_href)}">{label}</a>')
    if status_href:
        label = escape(_("How much is translated"))
        links.append(f'<a href="{escape(status_href)}">{label}</a>')
    footer = f'\n\n<p class="home-links">{" · ".join(links)}</p>' if links else ""
    heading = heading_text(_paged_title(title, pager, lang))
    return sanitize(
        f"# {heading}\n\n{render_listing(items, lang)}{render_pager(pager, lang)}{footer}\n"
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
    all_tags = escape(_("All tags"))
    back = f'<p class="all-tags"><a href="{escape(all_tags_href)}">{all_tags}</a></p>'
    listing = render_listing(items, lang) + render_pager(pager, lang)
    return sanitize(f"# {heading_text(title)}\n\n{listing}\n\n{back}\n")


def render_tags_index(tags: list[tuple[TagLink, int]], lang: PageLanguage) -> str:
    """Every tag with the number of its briefings."""
    _ = lang.gettext
    rows = "".join(
        f'<li><a class="tag" href="{escape(tag.href)}"{_lang_attr(tag.lang, lang)}>'
        f"{escape(tag.name)}</a> <small>"
        + escape(
            lang.ngettext("%(count)s briefing", "%(count)s briefings", count)
            % {"count": lang.number(count)}
        )
        + "</small></li>"
        for tag, count in tags
    )
    body = f'<ul class="tag-list">{rows}</ul>' if rows else _empty(_("No tags yet."))
    title = heading_text(_("Tags"))
    return sanitize(f"# {title}\n\n{body}\n")


def sanitize(page: str, *, picture: bool = False) -> str:
    """The page with anything outside our allow-list removed (nh3, i.e. ammonia).

    :param picture: also allow the inline SVG of the status page
    """
    tags = ALLOWED_TAGS | (SVG_TAGS if picture else set())
    attributes = {key: set(value) for key, value in ALLOWED_ATTRIBUTES.items()}
    if picture:
        for key, value in SVG_ATTRIBUTES.items():
            attributes.setdefault(key, set()).update(value)
    return nh3.clean(
        page,
        tags=tags,
        attributes=attributes,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )
