"""The event page of the sample site, built for real (``mkdocs build --strict``), in every language.

The two sample articles report one event; its page in en, hy, az and ru lists
both sources, a merged timeline with entries from both, speakers from both and
at least one difference. Briefing pages link to it, and it is in the events
listing, the feeds and the sitemap.
"""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from html import unescape

import pytest
from sitebuild import DATED, LANGS, SITE_URL, UNDATED, Built, root

from briefings.site.urls import relative_url

EVENT = f"events/{DATED}/"


@pytest.fixture(scope="module")
def built(sample_site: Built) -> Built:
    return sample_site


@pytest.mark.parametrize("lang", LANGS)
def test_the_event_page_puts_both_sources_side_by_side(built: Built, lang: str) -> None:
    html = built.html(lang, EVENT)
    assert f'<html lang="{lang}"' in html
    sources = html.split('class="event-sources"', 1)[1].split("</ol>", 1)[0]
    assert sources.count('class="event-source"') == 2
    for slug in (DATED, UNDATED):
        assert f'briefings/{slug}/"' in sources
    timeline = html.split('class="timeline event-timeline"', 1)[1].split("</ol>", 1)[0]
    assert 'href="#source-1"' in timeline and 'href="#source-2"' in timeline
    statements = html.split('class="statements event-statements"', 1)[1].split(
        'id="differences"', 1)[0]
    assert 'href="#source-1"' in statements and 'href="#source-2"' in statements
    assert 'data-speaker="Ilham Aliyev"' in statements
    differences = html.split('class="differences"', 1)[1].split('id="voices"', 1)[0]
    assert "<li" in differences
    # The chart has a text alternative and a table with the same numbers.
    assert 'role="img"' in html and '<title id="voices-title">' in html
    assert '<desc id="voices-desc">' in html and 'class="voices-table"' in html
    if lang != "en":
        # The generated headline is the dated source's title: its catalog translates it.
        assert 'class="translation-status"' in html
        assert f"translations/{lang}/{DATED}.po" in html
        # What the banner is about: a note under it, not markup shown as text.
        assert '<p class="event-translation-note"><small>' in html
    assert "&lt;p" not in html


@pytest.mark.parametrize("lang", LANGS)
def test_briefings_link_to_their_event_and_the_listing_has_it(built: Built, lang: str) -> None:
    for slug in (DATED, UNDATED):
        html = built.html(lang, f"briefings/{slug}/")
        href = relative_url(f"briefings/{slug}/", EVENT)
        assert f'class="event-link" href="{href}"' in html
        assert 'class="briefing-event"' in html
    listing = built.html(lang, "events/")
    assert f'href="{DATED}/"' in listing


def test_the_interface_of_the_event_page_is_translated(built: Built) -> None:
    assert "Где источники расходятся" in unescape(built.html("ru", EVENT))
    assert "Mənbələr" in unescape(built.html("az", EVENT))


@pytest.mark.parametrize("lang", LANGS)
def test_events_are_in_the_feed_and_the_sitemap(built: Built, lang: str) -> None:
    feed = ET.parse(built.site / root(lang) / "feed.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    links = [link.get("href") for link in feed.iter(f"{atom}link")]
    prefix = SITE_URL + (f"{lang}/" if lang != "en" else "")
    assert prefix + EVENT in links
    sitemap = (built.site / "sitemap.xml").read_text("utf-8")
    assert f"<loc>{prefix}{EVENT}</loc>" in sitemap


def test_a_generated_headline_needs_no_catalog_of_its_own(built: Built) -> None:
    # It is a source's title, translated and reviewed in that source's catalog.
    for lang in LANGS[1:]:
        assert not (built.project / "translations" / lang / "events").exists()


def test_an_editor_title_goes_through_the_catalogs_and_a_reviewed_one_is_shown(
    tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """events.yaml's title is drafted into translations/ru/events/<key>.po; once a
    translator reviews it, the Russian event page, listing and briefings show it."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from projects import ARGOS_DIR, sample_project

    from briefings.translation.pofile import read_catalog, write_catalog

    project = sample_project(tmp_path / "project", published=True, argos_packages_dir=ARGOS_DIR)
    (project / "events.yaml").write_text(
        f"{DATED}:\n  title: Baku's one-day offensive\n  dek: Two sources, two sides.\n",
        "utf-8")
    monkeypatch.setenv("BRIEFINGS_NO_TRANSLATE", "1")  # no model: entries stay empty

    def build() -> None:
        mkdocs_build(load_config(config_file=str(project / "mkdocs.yml"), strict=True))

    build()
    catalog_path = project / "translations" / "ru" / "events" / f"{DATED}.po"
    catalog = read_catalog(catalog_path, "ru")
    assert {m.id for m in catalog if m.id} == {"Baku's one-day offensive",
                                              "Two sources, two sides."}
    english = unescape((project / "site" / "ru" / "events" / DATED / "index.html")
                       .read_text("utf-8"))
    assert 'lang="en"' in english and "Baku's one-day offensive" in english
    assert "headline is that of one of its sources" not in english  # the editor's title

    check = subprocess.run(["msgfmt", "-c", "-o", "/dev/null", str(catalog_path)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    catalog["Baku's one-day offensive"].string = "Однодневное наступление Баку"
    write_catalog(catalog, catalog_path)  # reviewed: no fuzzy flag
    build()
    site = project / "site" / "ru"
    page = unescape((site / "events" / DATED / "index.html").read_text("utf-8"))
    assert "<h1" in page and "Однодневное наступление Баку" in page
    assert 'data-status="partially-reviewed"' in page
    listing = unescape((site / "events" / "index.html").read_text("utf-8"))
    assert "Однодневное наступление Баку" in listing
    briefing = unescape((site / "briefings" / UNDATED / "index.html").read_text("utf-8"))
    assert "Однодневное наступление Баку" in briefing.split('class="briefing-event"', 1)[1]
