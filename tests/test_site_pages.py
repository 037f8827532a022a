"""The pieces of the multilingual site, each on its own: statuses, banners, tags, URLs,
feeds, sitemaps, the status page. The real builds are in test_site_i18n.py."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from test_units import make_briefing

from briefings.glossary import load_glossary
from briefings.model import Entity
from briefings.project import Project
from briefings.site.feeds import FeedEntry, atom_feed
from briefings.site.pages import (
    PageLanguage,
    TranslationState,
    render_briefing,
    sanitize,
    translation_banner,
)
from briefings.site.sitemap import SitemapPage, sitemap_xml
from briefings.site.status import StatusCell, StatusRow, render_status_page
from briefings.site.tags import briefing_tags, tag_slug, tags_index
from briefings.site.translated import catalog_url, page_status
from briefings.site.urls import page_url, relative_url, site_url_of
from briefings.translation.catalogs import CatalogStatus

ATOM = "{http://www.w3.org/2005/Atom}"


def counts(reviewed: int = 0, draft: int = 0, stale: int = 0, missing: int = 0) -> CatalogStatus:
    return CatalogStatus(reviewed + draft + stale + missing, reviewed, draft, stale, missing)


@pytest.mark.parametrize(
    ("numbers", "status"),
    [
        (counts(reviewed=5), "reviewed"),
        (counts(reviewed=4, draft=1), "partially-reviewed"),
        (counts(reviewed=1, missing=9), "partially-reviewed"),
        (counts(reviewed=4, stale=1), "partially-reviewed"),
        (counts(draft=1, missing=9), "machine-draft"),
        (counts(stale=3, missing=2), "untranslated"),
        (counts(missing=5), "untranslated"),
        (counts(), "untranslated"),
    ],
)
def test_page_status_thresholds(numbers: CatalogStatus, status: str) -> None:
    assert page_status(numbers) == status


def test_banner_in_the_page_language_with_share_and_links() -> None:
    russian = PageLanguage.of("ru")
    state = TranslationState("partially-reviewed", 3, 40, "translations/ru/talks.po",
                             "https://github.com/example/site/blob/main/translations/ru/talks.po")
    html = translation_banner(state, russian, "../../../briefings/talks/")
    assert 'class="translation-status" data-status="partially-reviewed"' in html
    assert "Перевод проверен частично" in html
    # Russian plural after "из 40" and Babel's percent with a no-break space.
    assert "Проверено человеком: 3 из 40 фрагментов (8\xa0%)." in html
    assert 'href="../../../briefings/talks/" hreflang="en">Читать английский оригинал</a>' in html
    assert 'href="https://github.com/example/site/blob/main/translations/ru/talks.po"' in html


def test_banner_without_a_repository_names_the_file_and_invents_no_link() -> None:
    armenian = PageLanguage.of("hy")
    state = TranslationState("untranslated", 0, 12, "translations/hy/talks.po", None)
    html = translation_banner(state, armenian, "../../../briefings/talks/")
    assert html.count("<a ") == 1  # the English original only
    assert "<code>translations/hy/talks.po</code>" in html
    assert "պահոցում" in html  # "in the repository", in Armenian
    assert "Մարդու կողմից ստուգված է 12 հատվածից 0-ը (0%)։" in html


def test_catalog_url_needs_a_repository(tmp_path: Path) -> None:
    project = Project(root=tmp_path)
    assert catalog_url(project, "translations/ru/talks.po") is None
    project = Project(root=tmp_path, repo_url="https://gitlab.com/newsroom/site/",
                      edit_branch="pages")
    assert catalog_url(project, "translations/ru/talks.po") == (
        "https://gitlab.com/newsroom/site/blob/pages/translations/ru/talks.po"
    )


def test_translated_page_marks_english_and_drafts_and_uses_glossary_names() -> None:
    briefing = make_briefing(["Talks resumed in Brussels on Monday. The mood was calm."])
    briefing.entities = [Entity("Ilham Aliyev", "person", "Azerbaijan")]
    drafts = {"The mood was calm.": "Настроение было спокойным."}
    russian = PageLanguage.of("ru", load_glossary()).reading(
        lambda english: (drafts[english], "ru") if english in drafts else (english, "en"),
        lambda english: english in drafts,
    )
    html = render_briefing(briefing, russian)
    assert '<span class="machine-draft">Настроение было спокойным.</span>' in html
    assert '<span lang="en">Talks resumed in Brussels on Monday.</span>' in html
    assert "# Armenia and Azerbaijan resume talks {: lang=en }" in html
    assert "Ильхам Алиев <small>(Азербайджан)</small>" in html
    assert "## Главное {#key-points}" in html
    assert "20 сентября 2023\u202fг." in html  # CLDR: a narrow no-break space before "г."


def test_english_pages_carry_no_language_marks() -> None:
    html = render_briefing(make_briefing(["Talks resumed in Brussels on Monday."]))
    assert "lang=" not in html and "machine-draft" not in html


def test_tags_come_from_front_matter_or_glossary_places() -> None:
    briefing = make_briefing(["Talks."])
    briefing.entities = [
        Entity("Baku", "place", mentions=1),
        Entity("Ilham Aliyev", "person", "Azerbaijan", mentions=5),
        Entity("Nagorno-Karabakh", "place", mentions=3),
        Entity("Somewhere", "place", mentions=9, in_glossary=False),
    ]
    assert briefing_tags(briefing) == ["Nagorno-Karabakh", "Baku"]
    briefing.article.tags = ["peace talks", "Baku", "peace talks"]
    assert briefing_tags(briefing) == ["peace talks", "Baku"]
    assert tag_slug("Peace talks!") == "peace-talks"
    assert tag_slug("Ереван") == "tag-415-440-435-432-430-43d"
    other = make_briefing(["More."])
    other.article.tags = ["baku"]
    assert list(tags_index([briefing, other])) == ["Baku", "peace talks"]
    assert tags_index([briefing, other])["Baku"] == [briefing, other]


def test_urls_and_links_between_languages() -> None:
    assert page_url("status.md") == "status/"
    assert site_url_of("index.md", "hy") == "hy/"
    assert relative_url("hy/", "briefings/talks/") == "../briefings/talks/"
    assert relative_url("ru/tags/baku/", "ru/briefings/talks/") == "../../briefings/talks/"
    assert relative_url("briefings/talks.html", "ru/briefings/talks.html") == (
        "../ru/briefings/talks.html"
    )


def test_sanitizer_allows_the_status_picture_only_on_request() -> None:
    picture = (
        '<svg viewBox="0 0 10 10" role="img"><rect x="1" y="1" width="2" height="3"></rect></svg>'
    )
    assert sanitize(picture) == ""
    assert sanitize(picture, picture=True) == picture
    hostile = '<svg onload="alert(1)"><script>alert(1)</script><a href="javascript:x">x</a></svg>'
    cleaned = sanitize(hostile, picture=True)
    assert "onload" not in cleaned and "script" not in cleaned and "javascript" not in cleaned


def test_status_page_has_a_table_and_a_picture_in_the_page_language() -> None:
    cells = [
        StatusCell("hy", counts(missing=10), "untranslated", "../hy/briefings/talks/",
                   "translations/hy/talks.po"),
        StatusCell("ru", counts(reviewed=2, draft=6, stale=1, missing=1), "partially-reviewed",
                   "../ru/briefings/talks/", "translations/ru/talks.po",
                   "https://example.org/repo/blob/main/translations/ru/talks.po"),
    ]
    rows = [StatusRow("Armenia & Azerbaijan <resume> talks", "en", "../briefings/talks/", cells)]
    page = render_status_page(rows, ["hy", "ru"], PageLanguage.of("az"))
    assert page.startswith("---\nhide:\n  - toc\n---\n\n# Tərcümənin vəziyyəti\n")
    assert '<figure class="status-map"><svg viewBox=' in page
    # The bar of 10 units, 90 units wide: 2 reviewed, 6 drafted, 1 stale, 1 missing.
    assert re.search(r'<rect class="seg-reviewed" x="[\d.]+" y="[\d.]+" width="18.0"', page)
    assert re.search(r'<rect class="seg-draft" x="[\d.]+" y="[\d.]+" width="54.0"', page)
    assert ">20%</text>" in page  # the reviewed share, Azerbaijani style
    assert "Armenia &amp; Azerbaijan &lt;resume&gt; talks" in page
    assert "<th scope=\"row\" rowspan=\"2\">" in page
    assert "Erməni" in page and "Rus" in page  # language names in Azerbaijani
    assert '<td data-sort="6">6</td>' in page
    assert 'href="https://example.org/repo/blob/main/translations/ru/talks.po"' in page
    assert "<code>translations/hy/talks.po</code>" in page


def test_atom_feed_is_valid_atom() -> None:
    entries = [
        FeedEntry("talks", "Переговоры", "ru", "https://example.org/ru/briefings/talks/",
                  dt.date(2023, 9, 20), "Leaders meet.", "en", ["Баку"],
                  {"en": "https://example.org/briefings/talks/",
                   "ru": "https://example.org/ru/briefings/talks/"}),
    ]
    data = atom_feed(lang="ru", title="Briefings · Русский", site_name="Briefings",
                     self_link="https://example.org/ru/feed.xml",
                     home_link="https://example.org/ru/", entries=entries)
    feed = ET.fromstring(data)
    assert feed.tag == f"{ATOM}feed"
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None
    assert feed.findtext(f"{ATOM}updated") == "2023-09-20T00:00:00Z"
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}id").startswith("urn:uuid:")
    links = {link.get("hreflang"): link.get("href") for link in entry.findall(f"{ATOM}link")}
    assert links == {"ru": "https://example.org/ru/briefings/talks/",
                     "en": "https://example.org/briefings/talks/"}
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    empty = ET.fromstring(atom_feed(lang="hy", title="t", site_name="s", self_link="feed.xml",
                                    home_link="./", entries=[]))
    assert empty.findtext(f"{ATOM}updated") == "1970-01-01T00:00:00Z"


def test_sitemap_lists_every_language_with_x_default() -> None:
    pages = [
        SitemapPage("ru/briefings/talks/", {"en": "briefings/talks/", "ru": "ru/briefings/talks/"}),
        SitemapPage("models/", {"en": "models/"}),
    ]
    urlset = ET.fromstring(sitemap_xml("https://example.org/site/", pages))
    sm, xhtml = "{http://www.sitemaps.org/schemas/sitemap/0.9}", "{http://www.w3.org/1999/xhtml}"
    # In order of address, whatever order the languages were built in.
    second, first = urlset.findall(f"{sm}url")
    assert second.findtext(f"{sm}loc") == "https://example.org/site/models/"
    assert first.findtext(f"{sm}loc") == "https://example.org/site/ru/briefings/talks/"
    assert {link.get("hreflang"): link.get("href") for link in first.findall(f"{xhtml}link")} == {
        "en": "https://example.org/site/briefings/talks/",
        "ru": "https://example.org/site/ru/briefings/talks/",
        "x-default": "https://example.org/site/briefings/talks/",
    }
    assert second.findall(f"{xhtml}link") == []
    assert ET.fromstring(sitemap_xml(None, pages)).findall(f"{sm}url") == []
