"""The translation status page: how far each briefing is translated, in every language.

A coordinator reads it at a glance from the picture (one bar per briefing and
language: reviewed, machine draft, stale, missing) and looks up the numbers in
the table under it. The picture is an inline SVG drawn from the counts only;
its colours come from the site's style sheet, so it follows the theme.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

from briefings.site.interface import language_name
from briefings.site.pages import PageLanguage, heading_text, sanitize, status_badge
from briefings.translation.catalogs import CatalogStatus

# The parts of a bar, in drawing order, and the CSS class that colours each.
_PARTS = ("reviewed", "machine_draft", "stale", "untranslated")
_CLASSES = {
    "reviewed": "seg-reviewed",
    "machine_draft": "seg-draft",
    "stale": "seg-stale",
    "untranslated": "seg-missing",
}

# The picture's geometry, in SVG user units (it scales to the page's width).
_LABEL_WIDTH = 300
_COLUMN_WIDTH = 170
_BAR_WIDTH = 110
_ROW_HEIGHT = 26
_BAR_HEIGHT = 14
_HEADER_HEIGHT = 30
_TITLE_CHARACTERS = 42


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


def render_status_page(
    rows: list[StatusRow], languages: list[str], lang: PageLanguage
) -> str:
    """The status page as Markdown with HTML blocks, sanitized (with its picture)."""
    _ = lang.gettext
    intro = escape(
        _("How much of each briefing a person has reviewed, how much is a machine draft, "
          "how much is stale (the English changed after it was translated) and how much "
          "is missing, in every language.")
    )
    title = heading_text(_("Translation status"))
    numbers = escape(_("In numbers"))
    parts = [
        f"# {title}",
        "",
        f'<p class="status-intro">{intro}</p>',
        "",
        _picture(rows, languages, lang),
        "",
        _legend(lang),
        "",
        f"## {numbers} {{#numbers}}",
        "",
        _table(rows, lang),
        "",
    ]
    return sanitize("\n".join(parts), picture=True)


def _total(cells: list[StatusCell]) -> CatalogStatus:
    return CatalogStatus(
        total=sum(c.counts.total for c in cells),
        reviewed=sum(c.counts.reviewed for c in cells),
        machine_draft=sum(c.counts.machine_draft for c in cells),
        stale=sum(c.counts.stale for c in cells),
        untranslated=sum(c.counts.untranslated for c in cells),
    )


def _describe(counts: CatalogStatus, lang: PageLanguage) -> str:
    _ = lang.gettext
    return _(
        "%(reviewed)s reviewed, %(draft)s machine drafts, %(stale)s stale, %(missing)s missing"
    ) % {
        "reviewed": lang.number(counts.reviewed),
        "draft": lang.number(counts.machine_draft),
        "stale": lang.number(counts.stale),
        "missing": lang.number(counts.untranslated),
    }


def _bar(counts: CatalogStatus, x: float, y: float, lang: PageLanguage, label: str) -> str:
    """One stacked bar with the reviewed share after it, and a tooltip."""
    parts = []
    left = x
    for part in _PARTS:
        value = getattr(counts, part)
        if not value or not counts.total:
            continue
        width = _BAR_WIDTH * value / counts.total
        parts.append(
            f'<rect class="{_CLASSES[part]}" x="{left:.1f}" y="{y:.1f}" '
            f'width="{width:.1f}" height="{_BAR_HEIGHT}"></rect>'
        )
        left += width
    if not counts.total:
        parts.append(
            f'<rect class="seg-missing" x="{x:.1f}" y="{y:.1f}" width="{_BAR_WIDTH}" '
            f'height="{_BAR_HEIGHT}"></rect>'
        )
    share = counts.reviewed / counts.total if counts.total else 0.0
    parts.append(
        f'<text class="share" x="{x + _BAR_WIDTH + 6:.1f}" y="{y + _BAR_HEIGHT - 2:.1f}">'
        f"{escape(lang.percent(share))}</text>"
    )
    tooltip = f"{label}: {_describe(counts, lang)}"
    return f"<g><title>{escape(tooltip)}</title>{''.join(parts)}</g>"


def _short(title: str) -> str:
    if len(title) <= _TITLE_CHARACTERS:
        return title
    return title[: _TITLE_CHARACTERS - 1].rstrip() + "…"


def _picture(rows: list[StatusRow], languages: list[str], lang: PageLanguage) -> str:
    _ = lang.gettext
    width = _LABEL_WIDTH + _COLUMN_WIDTH * len(languages)
    # One row for all briefings together, then one per briefing.
    height = _HEADER_HEIGHT + _ROW_HEIGHT * (len(rows) + 1)
    shapes = []
    for column, code in enumerate(languages):
        x = _LABEL_WIDTH + _COLUMN_WIDTH * column
        shapes.append(
            f'<text class="column" x="{x}" y="{_HEADER_HEIGHT - 10}">'
            f"{escape(language_name(code, lang.code))}</text>"
        )
    lines: list[tuple[str, str, list[StatusCell], str]] = [
        (_("All briefings"), lang.code, [], "total")
    ]
    lines += [(row.title, row.title_lang, row.cells, "briefing") for row in rows]
    for index, (title, title_lang, cells, kind) in enumerate(lines):
        y = _HEADER_HEIGHT + _ROW_HEIGHT * index
        marker = f' lang="{title_lang}"' if title_lang != lang.code else ""
        shapes.append(
            f'<text class="row {kind}" x="0" y="{y + _BAR_HEIGHT - 2}"{marker}>'
            f"{escape(_short(title))}</text>"
        )
        for column, code in enumerate(languages):
            if kind == "total":
                chosen = [c for row in rows for c in row.cells if c.lang == code]
            else:
                chosen = [c for c in cells if c.lang == code]
            x = _LABEL_WIDTH + _COLUMN_WIDTH * column
            shapes.append(_bar(_total(chosen), x, y, lang, language_name(code, lang.code)))
    caption = escape(_("Reviewed share of each briefing, by language"))
    return (
        '<figure class="status-map">'
        f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="status-map-caption">'
        f"{''.join(shapes)}</svg>"
        f'<figcaption id="status-map-caption">{caption}</figcaption></figure>'
    )


def _legend(lang: PageLanguage) -> str:
    _ = lang.gettext
    items = [
        ("seg-reviewed", _("Reviewed by a person")),
        ("seg-draft", _("Machine draft")),
        ("seg-stale", _("Stale: the English has changed since")),
        ("seg-missing", _("Missing")),
    ]
    return '<ul class="status-legend">' + "".join(
        f'<li><span class="swatch {cls}"></span> {escape(text)}</li>' for cls, text in items
    ) + "</ul>"


def _table(rows: list[StatusRow], lang: PageLanguage) -> str:
    _ = lang.gettext
    head = "".join(
        f'<th scope="col">{escape(text)}</th>'
        for text in (
            _("Briefing"),
            _("Language"),
            _("Status"),
            _("Reviewed"),
            _("Machine draft"),
            _("Stale"),
            _("Missing"),
            _("Reviewed share"),
        )
    )
    file_label = escape(_("Translation file"))
    body = []
    for row in rows:
        marker = f' lang="{row.title_lang}"' if row.title_lang != lang.code else ""
        for index, cell in enumerate(row.cells):
            title = (
                f'<th scope="row" rowspan="{len(row.cells)}">'
                f'<a href="{escape(row.href)}"{marker}>{escape(row.title)}</a></th>'
                if index == 0
                else ""
            )
            counts = cell.counts
            share = counts.reviewed / counts.total if counts.total else 0.0
            # The catalog: a link when the repository's address is known, else its path.
            catalog = (
                f'<a href="{escape(cell.catalog_url)}">{file_label}</a>'
                if cell.catalog_url
                else f"<code>{escape(cell.catalog)}</code>"
            )
            if cell.problem:
                catalog += f' <span class="catalog-problem">{escape(cell.problem)}</span>'
            numbers = "".join(
                f'<td data-sort="{value}">{escape(lang.number(value))}</td>'
                for value in (
                    counts.reviewed, counts.machine_draft, counts.stale, counts.untranslated
                )
            )
            body.append(
                f"<tr>{title}"
                f'<td class="language"><a href="{escape(cell.href)}" hreflang="{cell.lang}">'
                f"{escape(language_name(cell.lang, lang.code))}</a>"
                f'<br><small class="catalog">{catalog}</small></td>'
                f"<td>{status_badge(cell.status, lang)}</td>{numbers}"
                f'<td data-sort="{share:.4f}">{escape(lang.percent(share))}</td></tr>'
            )
    return (
        f'<div class="translation-table-wrapper"><table class="translation-table">'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )
