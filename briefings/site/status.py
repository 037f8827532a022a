"""The translation status page: how far each briefing is translated, in every language.

A coordinator reads it at a glance from the picture (one bar per briefing and
language: reviewed, machine draft, machine draft that failed a check, stale,
missing) and looks up the numbers in the table under it. The picture is an
inline SVG drawn from the counts only; its colours come from the site's style
sheet, so it follows the theme.

Every passage is in exactly one of those states, so a cell's figures add up to
its passages, and the row of all briefings to the sum of the briefings'. What
is there is shown, and only that: a state no passage of the page is in has no
column and no legend entry, and a tooltip names only the states it has.
An event's own text (an editor's title and dek) has a catalog of its own, and a
row of its own after the briefings'.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from babel.lists import format_list
from markupsafe import Markup

from briefings.site.interface import language_name as _language_name
from briefings.site.pages import PageLanguage, heading_text, sanitize, status_badge
from briefings.translation.catalogs import CatalogStatus

# The parts of a bar, in drawing order, and the CSS class that colours each.
# Each passage is in exactly one part: together they are the catalog's total.
_PARTS = ("reviewed", "machine_draft", "flagged", "stale", "untranslated")
_CLASSES = {
    "reviewed": "seg-reviewed",
    "machine_draft": "seg-draft",
    "flagged": "seg-flagged",
    "stale": "seg-stale",
    "untranslated": "seg-missing",
}

# The picture's geometry, in SVG user units (it scales to the page's width).
# Each briefing's title has a line of its own above its bars, so the picture
# is narrow: on a 390 px phone its 13-unit text is still about 11 px high.
_COLUMN_WIDTH = 140
_BAR_WIDTH = 90
_ROW_HEIGHT = 42
_TITLE_HEIGHT = 16
_BAR_HEIGHT = 14
_HEADER_HEIGHT = 24
_MIN_WIDTH = 420
_TITLE_CHARACTERS = 60


@dataclass(frozen=True)
class StatusCell:
    """One briefing in one language."""

    lang: str
    counts: CatalogStatus
    status: str  # a page status, see briefings.site.translated.page_status
    href: str  # the briefing's page in that language
    catalog: str
    catalog_url: str | None = None
    problem: str | None = None  # why the catalog could not be read


@dataclass(frozen=True)
class StatusRow:
    """One briefing: its title as the page shows it, and a cell per language."""

    title: str
    title_lang: str
    href: str  # the briefing's page in the status page's language
    cells: list[StatusCell]

# Babel looks a locale up on each call; the page names the same few languages in
# every row.
language_name = functools.lru_cache(maxsize=1_024)(_language_name)


def render_status_page(
    rows: list[StatusRow], languages: list[str], lang: PageLanguage
) -> str:
    """The status page as Markdown with HTML blocks, sanitized (with its picture)."""
    _ = lang.gettext
    parts = shown_parts([cell.counts for row in rows for cell in row.cells])
    page = lang.templates.render(
        "status.html",
        page_lang=lang.code,
        title=Markup(heading_text(_("Translation status"))),
        intro=_("How much of each briefing a person has reviewed, how much is a machine draft, "
                "how much is a machine draft that failed a check (the page shows English for "
                "it), how much is stale (the English changed after it was translated) and how "
                "much is missing, in every language."),
        picture=_picture(rows, languages, lang),
        legend=_legend(parts, lang),
        numbers=_("In numbers"),
        table=_table(rows, parts, lang),
    )
    return sanitize(page, picture=True)


def shown_parts(counts: list[CatalogStatus]) -> tuple[str, ...]:
    """The states (:data:`_PARTS`) some passage of ``counts`` is in: the columns shown."""
    return tuple(part for part in _PARTS if any(getattr(c, part) for c in counts))


def _total(cells: list[StatusCell]) -> CatalogStatus:
    return CatalogStatus(
        total=sum(c.counts.total for c in cells),
        reviewed=sum(c.counts.reviewed for c in cells),
        machine_draft=sum(c.counts.machine_draft for c in cells),
        stale=sum(c.counts.stale for c in cells),
        untranslated=sum(c.counts.untranslated for c in cells),
        flagged=sum(c.counts.flagged for c in cells),
    )


def _part(part: str, count: int, lang: PageLanguage) -> str:
    """``count`` passages in state ``part``, e.g. "3 machine drafts"."""
    n = lang.number(count)
    if part == "reviewed":
        return lang.ngettext("%(count)s reviewed", "%(count)s reviewed", count) % {"count": n}
    if part == "machine_draft":
        return lang.ngettext("%(count)s machine draft", "%(count)s machine drafts",
                             count) % {"count": n}
    if part == "flagged":
        return lang.ngettext("%(count)s failed a check", "%(count)s failed a check",
                             count) % {"count": n}
    if part == "stale":
        return lang.ngettext("%(count)s stale", "%(count)s stale", count) % {"count": n}
    return lang.ngettext("%(count)s missing", "%(count)s missing", count) % {"count": n}


def _describe(counts: CatalogStatus, lang: PageLanguage) -> str:
    """The passages and the states they are in, naming only states some passage is in."""
    passages = lang.ngettext("%(count)s passage", "%(count)s passages", counts.total) % {
        "count": lang.number(counts.total)
    }
    parts = [_part(part, getattr(counts, part), lang) for part in shown_parts([counts])]
    if not parts:
        return passages
    return f"{passages}: {_listed(tuple(parts), lang.code)}"


# Babel parses the locale's list patterns on each call; a status page lists the
# same few states for every briefing in every language.
@functools.lru_cache(maxsize=4_096)
def _listed(parts: tuple[str, ...], code: str) -> str:
    return format_list(list(parts), locale=code)


def _bar(counts: CatalogStatus, x: float, y: float, lang: PageLanguage, label: str) -> Markup:
    """One stacked bar with the reviewed share after it, and a tooltip."""
    segments = []
    left = x
    for part in _PARTS:
        value = getattr(counts, part)
        if not value or not counts.total:
            continue
        width = _BAR_WIDTH * value / counts.total
        segments.append({"cls": _CLASSES[part], "x": f"{left:.1f}", "width": f"{width:.1f}"})
        left += width
    if not counts.total:
        segments.append({"cls": "seg-missing", "x": f"{x:.1f}", "width": _BAR_WIDTH})
    share = counts.reviewed / counts.total if counts.total else 0.0
    return lang.templates.render(
        "partials/status-bar.html",
        tooltip=f"{label}: {_describe(counts, lang)}",
        segments=segments,
        y=f"{y:.1f}",
        height=_BAR_HEIGHT,
        share_x=f"{x + _BAR_WIDTH + 6:.1f}",
        share_y=f"{y + _BAR_HEIGHT - 2:.1f}",
        share=lang.percent(share),
    )


def _short(title: str) -> str:
    if len(title) <= _TITLE_CHARACTERS:
        return title
    return title[: _TITLE_CHARACTERS - 1].rstrip() + "…"


def _picture(rows: list[StatusRow], languages: list[str], lang: PageLanguage) -> Markup:
    _ = lang.gettext
    width = max(_MIN_WIDTH, _COLUMN_WIDTH * len(languages))
    # One row for all briefings together, then one per briefing.
    height = _HEADER_HEIGHT + _ROW_HEIGHT * (len(rows) + 1)
    columns = [
        {"x": _COLUMN_WIDTH * column, "y": _HEADER_HEIGHT - 8,
         "name": language_name(code, lang.code)}
        for column, code in enumerate(languages)
    ]
    lines: list[tuple[str, str, list[StatusCell], str]] = [
        (_("All briefings"), lang.code, [], "total")
    ]
    lines += [(row.title, row.title_lang, row.cells, "briefing") for row in rows]
    shown = []
    for index, (title, title_lang, cells, kind) in enumerate(lines):
        y = _HEADER_HEIGHT + _ROW_HEIGHT * index
        bar_y = y + _TITLE_HEIGHT
        bars = []
        for column, code in enumerate(languages):
            if kind == "total":
                chosen = [c for row in rows for c in row.cells if c.lang == code]
            else:
                chosen = [c for c in cells if c.lang == code]
            x = _COLUMN_WIDTH * column
            bars.append(_bar(_total(chosen), x, bar_y, lang, language_name(code, lang.code)))
        shown.append({
            "kind": kind,
            "y": y + _TITLE_HEIGHT - 4,
            "text_lang": title_lang if title_lang != lang.code else "",
            "title": _short(title),
            "bars": bars,
        })
    return lang.templates.render(
        "partials/status-picture.html",
        width=width,
        height=height,
        columns=columns,
        rows=shown,
        caption=_("Reviewed share of each briefing, by language"),
    )


def _legend(parts: tuple[str, ...], lang: PageLanguage) -> Markup:
    _ = lang.gettext
    labels = {
        "reviewed": _("Reviewed by a person"),
        "machine_draft": _("Machine draft"),
        "flagged": _("Machine draft that failed a check: the page shows English"),
        "stale": _("Stale: the English has changed since"),
        "untranslated": _("Missing"),
    }
    items = [(_CLASSES[part], labels[part]) for part in parts]
    return lang.templates.render("partials/status-legend.html", items=items)


def _table(rows: list[StatusRow], parts: tuple[str, ...], lang: PageLanguage) -> Markup:
    _ = lang.gettext
    names = {
        "reviewed": _("Reviewed"),
        "machine_draft": _("Machine draft"),
        "flagged": _("Failed a check"),
        "stale": _("Stale"),
        "untranslated": _("Missing"),
    }
    headings = (
        _("Briefing"),
        _("Language"),
        _("Status"),
        _("Passages"),
        *(names[part] for part in parts),
        _("Reviewed share"),
    )
    shown = []
    # First, as in the picture, every briefing together: each language's figures
    # are the sums of its rows below, and add up to its passages.
    languages = list(dict.fromkeys(cell.lang for row in rows for cell in row.cells))
    totals = []
    for code in languages:
        counts = _total([c for row in rows for c in row.cells if c.lang == code])
        share = counts.reviewed / counts.total if counts.total else 0.0
        totals.append({
            "language": language_name(code, lang.code),
            "numbers": [(value, lang.number(value))
                        for value in (counts.total, *(getattr(counts, p) for p in parts))],
            "share_sort": f"{share:.4f}",
            "share": lang.percent(share),
        })
    for row in rows:
        cells = []
        for cell in row.cells:
            counts = cell.counts
            share = counts.reviewed / counts.total if counts.total else 0.0
            cells.append({
                "href": cell.href,
                "lang": cell.lang,
                "language": language_name(cell.lang, lang.code),
                # The catalog: a link when the repository's address is known, else its path.
                "catalog_url": cell.catalog_url or "",
                "catalog": cell.catalog,
                "problem": cell.problem or "",
                "badge": status_badge(cell.status, lang),
                "numbers": [
                    (value, lang.number(value))
                    for value in (counts.total, *(getattr(counts, part) for part in parts))
                ],
                "share_sort": f"{share:.4f}",
                "share": lang.percent(share),
            })
        shown.append({
            "href": row.href,
            "text_lang": row.title_lang if row.title_lang != lang.code else "",
            "title": row.title,
            "cells": cells,
        })
    return lang.templates.render(
        "partials/status-table.html", headings=headings, rows=shown,
        file_label=_("Translation file"), all_label=_("All briefings"), totals=totals,
    )
