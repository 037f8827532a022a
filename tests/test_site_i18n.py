"""The multilingual site, built for real: English, Armenian, Azerbaijani and Russian.

The sample project is built by the session's ``sample_site`` fixture
(tests/sitebuild.py): copied into a temporary folder with tiny real Argos models
for Russian and Azerbaijani and none for Armenian, and built twice with
``mkdocs build --strict`` (in this process, to count how often articles are
parsed): once to draft, then again after a translator reviewed one Russian
entry. Everything below reads the HTML, XML and JSON of the second build.
"""

from __future__ import annotations

import datetime as dt
import json
import posixpath
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from babel.dates import format_date
from projects import REPO_URL, sample_project
from sitebuild import DATED, LANGS, REVIEWED_TITLE, SITE_URL, UNDATED, Built, root

from briefings.mkdocs import builds as mkdocs_builds

ATOM = "{http://www.w3.org/2005/Atom}"
NODE = shutil.which("node")

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(sample_site: Built) -> Built:
    return sample_site


class Elements(HTMLParser):
    """Every start tag of a page with its attributes, and the text of <h1>."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.h1 = ""
        self._in_h1 = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._in_h1:
            self.h1 += data

    def find(self, tag: str, **attrs: str) -> list[dict[str, str]]:
        return [a for t, a in self.tags
                if t == tag and all(a.get(k.replace("_", "-")) == v for k, v in attrs.items())]


def translated_pages() -> list[str]:
    """The pages that exist in every language (URLs within a language's root)."""
    return ["", "tags/", "status/", f"briefings/{DATED}/", f"briefings/{UNDATED}/",
            "tags/nagorno-karabakh/"]


def resolve(page_url: str, href: str) -> str:
    """``href`` on the page at ``page_url`` (from the top of the site), from the top."""
    folder = page_url if page_url.endswith("/") or not page_url else posixpath.dirname(page_url)
    path = posixpath.normpath(posixpath.join("/" + folder, href)).lstrip("/")
    return path + "/" if path and href.endswith("/") else path


# -- pages, languages, alternates --------------------------------------------------------------


def test_every_page_exists_in_every_language(built: Built) -> None:
    for lang in LANGS:
        for url in translated_pages():
            assert (built.site / root(lang) / url / "index.html").is_file(), (lang, url)
        assert (built.site / root(lang) / "feed.xml").is_file()
        assert (built.site / root(lang) / "search" / "search_index.json").is_file()
    # Our English docs are English only.
    assert (built.site / "about" / "index.html").is_file()
    assert not (built.site / "ru" / "about").exists()
    assert not (built.site / "decisions").exists()


def test_html_lang_is_the_page_language(built: Built) -> None:
    for lang in LANGS:
        for url in translated_pages():
            assert Elements(built.html(lang, url)).find("html")[0]["lang"] == lang


def test_hreflang_for_all_four_languages_on_every_page(built: Built) -> None:
    for lang in LANGS:
        for url in translated_pages():
            links = Elements(built.html(lang, url)).find("link", rel="alternate")
            hreflang = {a["hreflang"]: a["href"] for a in links if "hreflang" in a}
            # No Armenian model: an Armenian briefing shows English, and is not
            # announced as Armenian.
            shown = [o for o in LANGS if o != "hy" or not url.startswith("briefings/")]
            expected = {other: SITE_URL + (f"{other}/" if other != "en" else "") + url
                        for other in shown}
            assert hreflang == {**expected, "x-default": SITE_URL + url}, (lang, url)
    # A page we have in English only says so, and claims no translation.
    links = Elements(built.html("en", "about/")).find("link", rel="alternate")
    assert [a["hreflang"] for a in links if "hreflang" in a] == ["en"]


def test_sitemap_has_every_page_with_its_alternates(built: Built) -> None:
    sm, xhtml = "{http://www.sitemaps.org/schemas/sitemap/0.9}", "{http://www.w3.org/1999/xhtml}"
    urlset = ET.parse(built.site / "sitemap.xml").getroot()
    entries = {
        url.findtext(f"{sm}loc"): {link.get("hreflang"): link.get("href")
                                   for link in url.findall(f"{xhtml}link")}
        for url in urlset.findall(f"{sm}url")
    }
    for lang in LANGS:
        for url in translated_pages():
            loc = SITE_URL + (f"{lang}/" if lang != "en" else "") + url
            if url.startswith("briefings/"):  # no Armenian model: those show English
                if lang == "hy":
                    assert loc not in entries
                    continue
                assert set(entries[loc]) == {*LANGS, "x-default"} - {"hy"}, loc
            else:
                assert set(entries[loc]) == {*LANGS, "x-default"}, loc
            assert entries[loc]["ru"] == SITE_URL + "ru/" + url
    assert entries[SITE_URL + "about/"] == {}
    # The operators' pages stay in the repository, off the readers' site.
    for page in ("models/", "ci/", "translating/"):
        assert not (built.site / page).exists(), page
    for loc in entries:  # nothing listed that was not built
        page = built.site / loc.removeprefix(SITE_URL) / "index.html"
        assert page.is_file(), loc
    # Each language's root has the sitemap of its own pages: Material asks for it
    # (and `mkdocs serve` logged a 404 on every page view when there was none).
    own = ET.parse(built.site / "ru" / "sitemap.xml").getroot()
    locs = [url.findtext(f"{sm}loc") for url in own.findall(f"{sm}url")]
    assert locs and all(loc.startswith(SITE_URL + "ru/") for loc in locs)
    assert SITE_URL + f"ru/briefings/{DATED}/" in locs


def test_language_switcher_leads_to_the_same_briefing(built: Built) -> None:
    for lang in LANGS:
        here = f"{root(lang)}/briefings/{DATED}/".lstrip("/")
        switcher = Elements(built.html(lang, f"briefings/{DATED}/")).find(
            "a", **{"class": "md-select__link"}
        )
        targets = {a["hreflang"]: resolve(here, a["href"]) for a in switcher}
        assert targets == {
            other: f"{root(other)}/briefings/{DATED}/".lstrip("/") for other in LANGS
        }, lang
        for target in targets.values():
            assert (built.site / target / "index.html").is_file()


# -- what the pages say ------------------------------------------------------------------------


def test_dates_are_written_the_way_each_language_writes_them(built: Built) -> None:
    # The long date as the installed CLDR data writes it (Babel 2.19 changed the
    # Armenian one), and the month's name in each language as a sanity check.
    months = {"en": "September", "ru": "сентябр", "az": "sentyabr", "hy": "սեպտեմբեր"}
    for lang, month in months.items():
        date = format_date(dt.date(2023, 9, 20), format="long", locale=lang)
        assert month in date and "2023" in date, (lang, date)
        page = unescape(built.html(lang, f"briefings/{DATED}/"))
        assert f'<time datetime="2023-09-20">{date}' in page, lang
        assert date in unescape(built.html(lang, "")), lang


def test_interface_text_is_in_the_page_language(built: Built) -> None:
    headings = {"en": "Key points", "ru": "Главное", "az": "Əsas məqamlar",
                "hy": "Հիմնական կետերը"}
    search = {"en": "Search", "ru": "Поиск", "az": "Axtar", "hy": "Որոնում"}
    for lang in LANGS:
        page = built.html(lang, f"briefings/{DATED}/")
        assert f">{headings[lang]}<" in page or f"{headings[lang]}<a" in page, lang
        assert f'placeholder="{search[lang]}"' in page, lang  # Material's own text


def test_translation_status_on_every_translated_page(built: Built) -> None:
    def status(lang: str, slug: str) -> list[str]:
        banners = Elements(built.html(lang, f"briefings/{slug}/")).find("div")
        return [a["data-status"] for a in banners if a.get("class") == "translation-status"]

    assert status("ru", UNDATED) == ["machine-draft"]
    assert status("az", DATED) == ["machine-draft"]
    assert status("az", UNDATED) == ["machine-draft"]
    assert status("hy", DATED) == status("hy", UNDATED) == ["untranslated"]
    assert status("ru", DATED) == ["partially-reviewed"]  # one reviewed unit
    assert status("en", DATED) == []


def test_a_reviewed_unit_is_shown_as_reviewed(built: Built) -> None:
    page = built.html("ru", f"briefings/{DATED}/")
    elements = Elements(page)
    assert elements.h1.removesuffix("¶").strip() == REVIEWED_TITLE  # less the permalink
    assert not [a for a in elements.find("h1") if a.get("lang")]
    assert "Проверено человеком: 1 из " in unescape(page)
    assert "Перевод проверен частично" in page
    # The home page and the feed use it too; Armenian still shows the English.
    assert REVIEWED_TITLE in unescape(built.html("ru", ""))
    assert "Azerbaijani President says his forces" in built.html("hy", f"briefings/{DATED}/")


def test_drafts_are_marked_and_english_passages_say_so(built: Built) -> None:
    russian = Elements(built.html("ru", f"briefings/{UNDATED}/"))
    assert russian.find("span", **{"class": "machine-draft"})
    armenian = Elements(built.html("hy", f"briefings/{DATED}/"))
    assert armenian.find("h1", lang="en")
    points = [a for t, a in armenian.tags if t == "li" and a.get("lang") == "en"]
    assert points, "untranslated key points must be marked lang=en"


def test_banner_links_to_the_english_original_and_the_catalog(built: Built) -> None:
    here = f"ru/briefings/{DATED}/"
    links = Elements(built.html("ru", f"briefings/{DATED}/")).find("a")
    original = next(a for a in links if a.get("class") == "english-original")
    assert resolve(here, original["href"]) == f"briefings/{DATED}/"
    catalog = next(a for a in links if a.get("class") == "catalog-link")
    assert catalog["href"] == f"{REPO_URL}/blob/main/translations/ru/{DATED}.po"


def test_glossary_names_in_the_target_language(built: Built) -> None:
    page = built.html("ru", f"briefings/{DATED}/")
    assert "<h3>Ильхам Алиев <small" in page
    assert "Никол Пашинян" in page
    assert "İlham Əliyev" in built.html("az", f"briefings/{DATED}/")
    assert "Իլհամ Ալիև" in built.html("hy", f"briefings/{DATED}/")


def test_home_tags_and_status_pages(built: Built) -> None:
    home = built.html("az", "")
    assert home.index(f"briefings/{DATED}/") < home.index(f"briefings/{UNDATED}/")
    assert 'class="status-badge" data-status="machine-draft"' in home
    tags = built.html("ru", "tags/nagorno-karabakh/")
    assert "Справки с тегом «Нагорный Карабах»" in tags
    assert f"../../briefings/{DATED}/" in tags
    status = built.html("hy", "status/")
    assert "<svg" in status and 'class="seg-draft"' in status
    assert "Ռուսերեն" in status  # "Russian", in Armenian
    assert f'href="{REPO_URL}/blob/main/translations/az/{UNDATED}.po"' in status


def test_every_internal_link_leads_to_a_page(built: Built) -> None:
    broken = []
    for path in built.site.rglob("*.html"):
        url = path.relative_to(built.site).as_posix().removesuffix("index.html")
        if path.name == "404.html":
            continue  # Material links from the site's address there: served at any depth
        for tag, attrs in Elements(path.read_text("utf-8")).tags:
            href = attrs.get("href") if tag in ("a", "link") else None
            if not href or re.match(r"[a-z]+:|#|//", href):
                continue
            target = built.site / resolve(url, href.split("#")[0])
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append((url, href))
    assert broken == []


# -- search, feeds, the build itself -----------------------------------------------------------


def test_each_language_has_its_own_search_index(built: Built) -> None:
    expected = {"en": (["en"], "Key points"), "ru": (["ru", "en"], "Главное"),
                "hy": (["hy", "en"], "Հիմնական կետերը"), "az": (["en"], "Əsas məqamlar")}
    for lang, (search_langs, heading) in expected.items():
        index = json.loads((built.site / root(lang) / "search" / "search_index.json").read_text())
        assert index["config"]["lang"] == search_langs, lang
        assert index["config"]["pipeline"] == ["stopWordFilter"], lang  # no stemmer: below
        locations = {doc["location"].split("#")[0] for doc in index["docs"]}
        assert locations >= set(translated_pages()), lang
        for location in locations:  # every entry is a page of this language's site
            assert (built.site / root(lang) / location / "index.html").is_file(), (lang, location)
        titles = {doc["title"] for doc in index["docs"]}
        assert heading in titles, lang
        if lang != "en":
            assert "Key points" not in titles and "about/" not in locations, lang
    # Material fetches the index from the page's "base": the language's own root.
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>',
                       built.html("ru", f"briefings/{DATED}/"), re.S)
    assert resolve(f"ru/briefings/{DATED}/", json.loads(config.group(1))["base"] + "/") == "ru/"


def material_search(site: Path, query: str) -> list[str]:
    """The pages Material's own search worker finds for ``query`` (run in Node)."""
    result = subprocess.run(
        [NODE, str(Path(__file__).parent / "js" / "material_search.js"), str(site), query],
        capture_output=True, text=True, timeout=60, check=True,
    )
    return json.loads(result.stdout)


@pytest.mark.skipif(NODE is None, reason="needs Node.js to run Material's search worker")
def test_a_russian_search_finds_russian_pages(built: Built) -> None:
    briefing_pages = {f"briefings/{DATED}/", f"briefings/{UNDATED}/"}
    with_event = briefing_pages | {f"events/{DATED}/"}  # their event's timeline, too
    assert set(material_search(built.site / "ru", "Хронология")) == with_event
    assert material_search(built.site / "ru", "Key points") == []
    assert material_search(built.site, "Хронология") == []
    assert set(material_search(built.site, "Key points")) >= briefing_pages
    assert set(material_search(built.site / "hy", "Ժամանակագրություն")) == with_event
    assert set(material_search(built.site / "az", "Xronologiya")) == with_event


@pytest.mark.skipif(NODE is None, reason="needs Node.js to run Material's search worker")
def test_why_there_is_no_stemmer(built: Built, tmp_path: Path) -> None:
    """Material adds "*" to every query term, and lunr does not stem wildcard terms:
    with a stemmed index, a whole word longer than its stem finds nothing. If this
    fails, Material has changed and the stemmer may be worth turning on."""
    stemmed = tmp_path / "ru"
    shutil.copytree(built.site / "ru" / "assets", stemmed / "assets")
    index = json.loads((built.site / "ru" / "search" / "search_index.json").read_text())
    index["config"]["pipeline"] = ["stemmer", "stopWordFilter", "trimmer"]
    (stemmed / "search").mkdir()
    (stemmed / "search" / "search_index.json").write_text(json.dumps(index), "utf-8")
    assert material_search(stemmed, "Хронология") == []
    assert material_search(stemmed, "Хронолог") != []  # only the stem itself is found


def test_feeds_parse_and_link_to_the_pages(built: Built) -> None:
    for lang in LANGS:
        feed = ET.parse(built.site / root(lang) / "feed.xml").getroot()
        assert feed.tag == f"{ATOM}feed"
        assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == lang
        entries = feed.findall(f"{ATOM}entry")
        # The dated briefing, then its event (same date), then the undated briefing,
        # which has no publication date.
        assert len(entries) == 3
        undated = entries[2]
        assert undated.find(f"{ATOM}published") is None
        assert undated.findtext(f"{ATOM}updated").endswith("Z")
        assert undated.find(f"{ATOM}link").get("href").endswith(f"briefings/{UNDATED}/")
        links = {a.get("hreflang"): a.get("href") for a in entries[0].findall(f"{ATOM}link")}
        prefix = SITE_URL + (f"{lang}/" if lang != "en" else "")
        assert links[lang] == f"{prefix}briefings/{DATED}/"
        assert set(links) == set(LANGS)
    russian = ET.parse(built.site / "ru" / "feed.xml").getroot()
    assert russian.find(f"{ATOM}entry/{ATOM}title").text == REVIEWED_TITLE


def test_articles_are_analysed_once_per_build_not_once_per_language(built: Built) -> None:
    # Once in the first build; the second (after a translator's review) takes
    # them from the run cache, their sources being unchanged.
    assert built.analysed == [2, 0]
    assert mkdocs_builds._BUILDS == {}  # nothing kept once a build is over


def test_cli_strict_build_without_models(tmp_path: Path) -> None:
    """The real command on the real sample project: no model at all, still strict-clean."""
    project = sample_project(tmp_path / "project")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
        capture_output=True, text=True, timeout=600,
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "ARGOS_PACKAGES_DIR":
             str(tmp_path / "no-models"), "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    for lang in ("hy", "az", "ru"):
        page = (project / "site" / lang / "briefings" / DATED / "index.html").read_text("utf-8")
        assert 'data-status="untranslated"' in page


def test_the_404_page_is_in_each_language_with_a_way_home(built: Built) -> None:
    words = {"en": "Page not found", "ru": "Страница не найдена", "az": "Səhifə tapılmadı",
             "hy": "Էջը չի գտնվել"}
    for lang in LANGS:
        page = (built.site / root(lang) / "404.html").read_text("utf-8")
        assert f"<h1>{words[lang]}</h1>" in page, lang
        links = Elements(page).find("a")
        homes = {a["hreflang"]: a["href"] for a in links if a.get("class") == "md-select__link"}
        # The switcher leads to every language's home, by absolute address: a 404 page
        # is shown at any address.
        assert homes == {other: SITE_URL + (f"{other}/" if other != "en" else "")
                         for other in LANGS}, lang


def test_pages_have_a_description_and_open_graph_tags(built: Built) -> None:
    page = built.html("ru", f"briefings/{DATED}/")
    metas = {(m.get("name") or m.get("property")): m.get("content")
             for m in Elements(page).find("meta")}
    assert metas["description"] and metas["og:description"] == metas["description"]
    assert metas["og:type"] == "article" and metas["og:locale"] == "ru"
    assert metas["og:title"] == REVIEWED_TITLE
    assert metas["og:url"] == SITE_URL + f"ru/briefings/{DATED}/"


def test_a_page_in_english_only_is_not_advertised_in_another_language(built: Built) -> None:
    # No Armenian model: the Armenian pages show English, and say so only to readers.
    links = Elements(built.html("en", f"briefings/{DATED}/")).find("link", rel="alternate")
    hreflang = {a["hreflang"] for a in links if "hreflang" in a}
    assert "hy" not in hreflang and {"en", "ru", "x-default"} <= hreflang
    switcher = Elements(built.html("en", f"briefings/{DATED}/")).find("a", hreflang="hy")
    assert switcher  # still reachable from the language switcher
