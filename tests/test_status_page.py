"""The translation status page and the reasons a translated page gives for its English.

Every passage of a catalog is in exactly one state (reviewed, machine draft,
machine draft that failed a check, stale, missing): the figures of a cell add up
to its passages, a state no passage is in has no column, and a page in English
says why. The end-to-end tests build the sample site for real (tests/sitebuild.py).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from projects import ARGOS_DIR, sample_project
from sitebuild import DATED, UNDATED, Built

from briefings.site.pages import PageLanguage, TranslationState, translation_banner
from briefings.site.status import StatusCell, StatusRow, render_status_page
from briefings.site.translated import ArticleTranslation
from briefings.translation.catalogs import CatalogStatus
from briefings.translation.pofile import read_catalog, write_catalog


def counts(reviewed: int = 0, draft: int = 0, flagged: int = 0, stale: int = 0,
           missing: int = 0) -> CatalogStatus:
    return CatalogStatus(reviewed + draft + flagged + stale + missing, reviewed, draft, stale,
                         missing, flagged)


class Table(HTMLParser):
    """The status table: its headings, and each row's cells as text (row headers left out)."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.headings: list[str] = []
        self.rows: list[list[str]] = []
        self.total_rows: list[int] = []  # which rows are the "All briefings" ones
        self._where: str | None = None
        self._text = ""
        self.feed(html[html.index('class="translation-table"'):])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "tr":
            self.rows.append([])
            if ("class", "status-total") in attrs:
                self.total_rows.append(len(self.rows) - 1)
        if tag in ("th", "td") and (tag == "td" or ("scope", "col") in attrs):
            self._where, self._text = tag, ""

    def handle_endtag(self, tag: str) -> None:
        if tag == self._where:
            (self.headings if tag == "th" else self.rows[-1]).append(" ".join(
                self._text.split()))
            self._where = None

    def handle_data(self, data: str) -> None:
        if self._where:
            self._text += data

    def figures(self, totals: bool = False) -> list[dict[str, str]]:
        """Each language's row by heading (the briefing's own header cell is not a <td>);
        the rows of all briefings together with ``totals``, else the others."""
        return [dict(zip(self.headings[1:], row, strict=True))
                for n, row in enumerate(self.rows) if row and (n in self.total_rows) == totals]


def page_with(cells: list[StatusCell], lang: str = "en") -> str:
    return render_status_page([StatusRow("Talks", "en", "../briefings/talks/", cells)],
                              [c.lang for c in cells], PageLanguage.of(lang))


def cell(lang: str, numbers: CatalogStatus, status: str = "machine-draft") -> StatusCell:
    return StatusCell(lang, numbers, status, f"../{lang}/briefings/talks/",
                      f"translations/{lang}/talks.po")


# -- the status page ---------------------------------------------------------------------------


def test_failed_drafts_have_a_column_and_each_row_adds_up_to_its_passages() -> None:
    page = page_with([cell("ru", counts(reviewed=1, draft=2, flagged=7)),
                      cell("az", counts(draft=4, flagged=6))])
    table = Table(page)
    # No passage is missing or stale anywhere: no column for them ("Missing 0").
    assert table.headings == ["Briefing", "Language", "Status", "Passages", "Reviewed",
                              "Machine draft", "Failed a check", "Reviewed share"]
    ru, az = table.figures()
    assert (ru["Passages"], ru["Reviewed"], ru["Machine draft"], ru["Failed a check"]) == (
        "10", "1", "2", "7")
    for row in (ru, az):
        parts = [int(row[h]) for h in ("Reviewed", "Machine draft", "Failed a check")]
        assert sum(parts) == int(row["Passages"])
    # The picture draws the failed drafts (7 of 10 over a 90-unit bar) in their own colour.
    assert re.search(r'<rect class="seg-flagged" x="[\d.]+" y="[\d.]+" width="63.0"', page)
    legend = page[page.index('class="status-legend"'):page.index("</ul>")]
    assert "seg-flagged" in legend and "seg-missing" not in legend and "seg-stale" not in legend


def test_the_rows_of_all_briefings_are_the_sums_of_the_others() -> None:
    rows = [StatusRow("Talks", "en", "../briefings/talks/",
                      [cell("ru", counts(reviewed=1, flagged=3)), cell("hy", counts(missing=4))]),
            StatusRow("Truce", "en", "../briefings/truce/",
                      [cell("ru", counts(draft=2, stale=1)), cell("hy", counts(missing=3))])]
    table = Table(render_status_page(rows, ["ru", "hy"], PageLanguage.of("en")))
    ru, hy = table.figures(totals=True)
    assert (ru["Language"], ru["Passages"], ru["Reviewed"], ru["Machine draft"],
            ru["Failed a check"], ru["Stale"], ru["Missing"], ru["Reviewed share"]) == (
        "Russian", "7", "1", "2", "3", "1", "0", "14%")
    assert (hy["Passages"], hy["Missing"]) == ("7", "7")
    briefings = table.figures()
    for total in (ru, hy):
        mine = [r for r in briefings if r["Language"].startswith(total["Language"])]
        for heading in table.headings[4:-1]:
            assert int(total[heading]) == sum(int(r[heading]) for r in mine)


def test_tooltips_name_only_the_states_there_are_and_the_totals_add_up() -> None:
    page = page_with([cell("ru", counts(draft=2, flagged=7, missing=1)),
                      cell("hy", counts(missing=10), "untranslated")])
    titles = re.findall(r"<title>([^<]*)</title>", page)
    assert "Russian: 10 passages: 2 machine drafts, 7 failed a check, and 1 missing" in titles
    assert "Armenian: 10 passages: 10 missing" in titles
    assert not [t for t in titles if re.search(r"\b0 ", t)]  # never "0 reviewed"
    # The first row of the picture is all briefings together, per language.
    assert titles.count("Russian: 10 passages: 2 machine drafts, 7 failed a check, and 1 "
                        "missing") == 2


def test_a_state_shown_somewhere_is_a_column_for_every_language() -> None:
    table = Table(page_with([cell("ru", counts(draft=3)),
                             cell("hy", counts(missing=3), "untranslated")]))
    assert "Missing" in table.headings and "Failed a check" not in table.headings
    ru, hy = table.figures()
    assert (ru["Missing"], hy["Missing"], hy["Passages"]) == ("0", "3", "3")


def test_the_status_page_speaks_the_page_language() -> None:
    table = Table(page_with([cell("ru", counts(reviewed=1, flagged=2))], "ru"))
    assert table.headings == ["Справка", "Язык", "Состояние", "Фрагменты", "Проверено",
                              "Не прошло проверку", "Доля проверенного"]


# -- why a page is in English ------------------------------------------------------------------


def banner(translation: ArticleTranslation, lang: str = "en") -> str:
    state = TranslationState(translation.status, translation.counts.reviewed,
                             translation.counts.total, translation.catalog, None,
                             english=tuple(translation.english_reasons()),
                             problem=str(translation.problem or ""))
    return translation_banner(state, PageLanguage.of(lang), "../../briefings/talks/")


def reasons(html: str) -> dict[str, str]:
    return {m[0]: unescape(m[1]) for m in re.findall(
        r'<li class="why-english-([a-z-]+)">([^<]*)</li>', html)}


def test_a_page_says_why_its_passages_are_in_english() -> None:
    translation = ArticleTranslation("hy", "talks", "translations/hy/talks.po",
                                     counts(reviewed=1, draft=2, flagged=3, stale=1, missing=4),
                                     no_model=True)
    assert translation.english_reasons() == [("flagged", 3), ("stale", 1), ("no-model", 4)]
    assert reasons(banner(translation)) == {
        "flagged": "3 passages are in English: their machine drafts failed a check and wait "
                   "for a translator.",
        "stale": "1 passage is in English: its translation is of earlier English and waits "
                 "for a translator.",
        "no-model": "4 passages are in English: not drafted, because no machine translation "
                    "model for this language is installed.",
    }
    # With a model installed, what is missing is simply not translated yet.
    translation.no_model = False
    assert "untranslated" in reasons(banner(translation))
    # Russian has three plural forms.
    one = ArticleTranslation("ru", "talks", "c", counts(flagged=1, missing=21))
    ru = reasons(banner(one, "ru"))
    assert ru["flagged"].startswith("1 фрагмент на английском: его машинный черновик")
    assert ru["untranslated"] == "21 фрагмент на английском: ещё не переведён."


def test_a_reviewed_only_site_says_its_drafts_wait_for_a_person() -> None:
    translation = ArticleTranslation("az", "talks", "c", counts(reviewed=2, draft=5),
                                     {"Talks resumed.": ("Danışıqlar bərpa olundu.",
                                                         "machine-draft")},
                                     reviewed_only=True)
    assert translation.english_reasons() == [("unpublished", 5)]
    assert translation.why_english("Talks  resumed.") == "unpublished"
    assert translation.why_english("Never seen.") == "untranslated"
    translation.reviewed_only = False
    assert translation.why_english("Talks resumed.") is None
    assert "why-english" not in banner(ArticleTranslation("az", "t", "c", counts(reviewed=3)))


def test_an_unreadable_catalog_is_named_on_its_page() -> None:
    from briefings.errors import BriefingsError

    translation = ArticleTranslation("ru", "talks", "translations/ru/talks.po",
                                     counts(missing=9),
                                     problem=BriefingsError("translations/ru/talks.po",
                                                            "not a PO file", 3))
    assert translation.english_reasons() == [("problem", 9)]
    assert reasons(banner(translation)) == {
        "problem": "The whole page is in English: its translation file could not be read "
                   "(translations/ru/talks.po:3: not a PO file)."
    }


# -- the real site -----------------------------------------------------------------------------


@pytest.mark.slow
def test_the_sample_site_says_why_and_its_figures_add_up(sample_site: Built) -> None:
    """Armenian has no model, Russian's tiny model fails checks: each page says which."""
    project = sample_site.project
    hy = sample_site.html("hy", f"briefings/{DATED}/")
    catalog = [m for m in read_catalog(project / "translations" / "hy" / f"{DATED}.po", "hy")
               if m.id]
    assert f'<li class="why-english-no-model">{len(catalog)} ' in hy
    # ru and az have models; their failed drafts are named and counted.
    from briefings.translation.catalogs import catalog_status

    for lang in ("ru", "az"):
        status = catalog_status(read_catalog(project / "translations" / lang / f"{DATED}.po",
                                             lang))
        assert status.flagged, "the tiny models lose names: some drafts fail a check"
        page = sample_site.html(lang, f"briefings/{DATED}/")
        assert f'<li class="why-english-flagged">{status.flagged} ' in page, lang
        assert "why-english-no-model" not in page
    table = Table(sample_site.html("en", "status/"))
    assert "Failed a check" in table.headings
    for row in table.figures():
        shown = [h for h in table.headings[4:-1]]
        assert sum(int(row[h]) for h in shown) == int(row["Passages"]), row


def run_cli(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "briefings.cli", *args], cwd=project,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_event_catalogs_are_in_status_and_check_and_a_broken_catalog_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    project = sample_project(tmp_path / "project", published=True, argos_packages_dir=ARGOS_DIR)
    (project / "events.yaml").write_text(
        f"{DATED}:\n  title: Baku's one-day offensive\n  dek: Two sources, 2 sides.\n", "utf-8")
    monkeypatch.setenv("BRIEFINGS_NO_TRANSLATE", "1")
    mkdocs_build(load_config(config_file=str(project / "mkdocs.yml")))
    event = project / "translations" / "ru" / "events" / f"{DATED}.po"
    catalog = read_catalog(event, "ru")
    catalog["Two sources, 2 sides."].string = "Два источника, три стороны."  # reviewed, wrong
    write_catalog(catalog, event)
    broken = project / "translations" / "az" / f"{UNDATED}.po"
    broken.write_text('msgid "x"\nmsgstr "unterminated\n', "utf-8")
    mkdocs_build(load_config(config_file=str(project / "mkdocs.yml")))

    status_page = unescape((project / "site" / "status" / "index.html").read_text("utf-8"))
    assert "Baku's one-day offensive" in status_page
    assert f"translations/ru/events/{DATED}.po" in status_page
    assert f'href="../events/{DATED}/"' in status_page
    az = unescape((project / "site" / "az" / "briefings" / UNDATED / "index.html")
                  .read_text("utf-8"))
    (problem,) = re.findall(r'<li class="why-english-problem">([^<]*)</li>', az)
    assert f"translations/az/{UNDATED}.po" in problem
    hy = (project / "site" / "hy" / "briefings" / DATED / "index.html").read_text("utf-8")
    assert 'class="why-english-no-model"' in hy  # the copy installs no model

    result = run_cli(project, "status", "--json")
    assert result.returncode == 1  # the broken catalog, named on stderr
    assert f"translations/az/{UNDATED}.po" in result.stderr
    rows = {(r["lang"], r["article"]): r for r in json.loads(result.stdout)}
    assert rows[("ru", f"events/{DATED}")]["reviewed"] == 1
    assert rows[("ru", f"events/{DATED}")]["total"] == 2
    # The broken catalog's row stays, counted as its page shows it: all English.
    row = rows[("az", UNDATED)]
    assert row["untranslated"] == row["total"] > 0 and "problem" in row
    for lang in ("hy", "az", "ru"):
        assert (lang, f"events/{DATED}") in rows
        mine = [r for r in rows.values() if r["lang"] == lang]
        assert len(mine) == 3  # two briefings and the event
    for r in rows.values():
        assert r["total"] == sum(r[k] for k in ("reviewed", "machine_draft", "flagged",
                                                "stale", "untranslated"))
    table = run_cli(project, "status").stdout
    assert f"events/{DATED}" in table or "events/" in table

    found = json.loads(run_cli(project, "check", "--lang", "ru", "--json").stdout)
    assert any(p["file"] == f"translations/ru/events/{DATED}.po" and p["check"] == "numbers"
               for p in found), found
    only = run_cli(project, "check", "--lang", "ru", "--article", f"events/{DATED}", "--json")
    assert only.returncode == 0 and json.loads(only.stdout)

    hy_event = project / "translations" / "hy" / "events" / f"{DATED}.po"
    hy_event.write_text('msgid "x"\nmsgstr "unterminated\n', "utf-8")
    strict = run_cli(project, "translate", "--strict", "--no-progress")
    assert strict.returncode == 1
    assert f"translations/hy/events/{DATED}.po" in strict.stderr
    assert "stopped before changing anything" in strict.stderr
