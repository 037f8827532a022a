"""Reading the site in Chromium, as a reader does: pages, the language switcher, search.

Every test gets a fresh tab (tests/browser/conftest.py), which also fails the
test on any console error, uncaught exception or request to an unexpected host.
"""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

import pytest
from conftest import Tab, page_url
from sitebuild import DATED, REVIEWED_TITLE, SITE_URL, UNDATED

from briefings.site.interface import interface_translations, language_name

try:
    from playwright.sync_api import expect
except ImportError:  # the browser fixture skips the tests (fails them in CI) and says why
    expect = None  # type: ignore[assignment]

pytestmark = pytest.mark.slow

DATED_TITLE = "Azerbaijani President says his forces"  # the start of the English title


def test_the_home_page_lists_the_briefings(tab: Tab) -> None:
    tab.open("en")
    items = tab.page.locator(".briefing-list .briefing-item")
    expect(items).to_have_count(2)
    links = items.locator("> a")
    expect(links.first).to_be_visible()
    expect(links.first).to_contain_text(DATED_TITLE)  # newest first: the dated one
    hrefs = links.evaluate_all("links => links.map(a => a.href)")
    assert hrefs == [page_url("en", f"briefings/{DATED}/"), page_url("en", f"briefings/{UNDATED}/")]
    # A reader follows the first one and lands on that briefing.
    title = links.first.inner_text()
    links.first.click()
    tab.page.wait_for_url(page_url("en", f"briefings/{DATED}/"))
    expect(tab.page.locator("h1")).to_have_text(title + "¶")  # plus the permalink


def test_a_briefing_shows_key_points_who_said_what_and_attribution(tab: Tab) -> None:
    tab.open("en", f"briefings/{DATED}/")
    page = tab.page
    expect(page.get_by_role("heading", name="Key points")).to_be_visible()
    points = page.locator("ul.key-points > li")
    assert points.count() >= 2
    expect(points.first).to_be_visible()

    expect(page.get_by_role("heading", name="Who said what")).to_be_visible()
    speakers = page.locator(".statements .speaker")
    assert speakers.count() >= 2
    aliyev = page.locator('.speaker[data-speaker="Ilham Aliyev"]')
    expect(aliyev.get_by_role("heading", level=3)).to_contain_text("Ilham Aliyev")
    expect(aliyev.locator("li.statement").first).to_be_visible()
    expect(page.locator(".quote-mark").first).to_be_visible()  # quote or reported: marked

    expect(page.get_by_role("heading", name="Attribution")).to_be_visible()
    box = page.locator("aside.attribution")
    expect(box).to_be_visible()
    for label in ("Published", "Voices heard", "Not given by the source"):
        expect(box.locator("dt", has_text=label)).to_be_visible()
    expect(box.locator("dd.unknown")).to_contain_text("Outlet, Link, Author")
    expect(page.locator(".briefing-source .source-sureness")).to_be_visible()
    expect(box.locator("time")).to_have_attribute("datetime", "2023-09-20")
    expect(box.locator(".attribution-standing")).to_be_visible()


def test_the_language_switcher_leads_to_the_same_briefing_in_russian(tab: Tab) -> None:
    tab.open("en", f"briefings/{DATED}/")
    page = tab.page
    # Material opens the language list when the pointer rests on its button.
    page.locator(".md-header .md-select").hover()
    russian = page.get_by_role("link", name=language_name("ru"), exact=True)
    expect(russian).to_be_visible()
    with page.expect_navigation() as navigation:
        russian.click()
    assert navigation.value is not None
    assert navigation.value.url == page_url("ru", f"briefings/{DATED}/")
    assert navigation.value.request.redirected_from is None  # straight there
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    expect(page.locator("h1")).to_contain_text(REVIEWED_TITLE)  # the same briefing
    banner = page.locator(".translation-status")
    expect(banner).to_be_visible()
    expect(banner).to_have_attribute("data-status", "partially-reviewed")
    expect(banner).to_contain_text("Перевод проверен частично")


#: Waits until Material's result line is a count (in the page's language) and has
#: stayed the same for a moment: typing sends a query per key, the last one wins.
SETTLED = r"""() => {
  const t = JSON.parse(document.getElementById("__config").textContent).translations;
  const counts = [t["search.result.none"], t["search.result.one"]];
  const other = new RegExp("^" + t["search.result.other"].replace("#", "\\d+") + "$");
  const text = document.querySelector(".md-search-result__meta").textContent.trim();
  const items = document.querySelectorAll(".md-search-result__item").length;
  const now = text + "|" + items;
  const settled = (counts.includes(text) || other.test(text)) && now === window.lastResults;
  window.lastResults = now;
  return settled;
}"""


def search(tab: Tab, box_label: str, query: str) -> list[str]:
    """Type ``query`` into Material's search box; the pages it lists (their addresses)."""
    page = tab.page
    box = page.get_by_role("textbox", name=box_label, exact=True)
    box.click()
    box.fill("")
    page.evaluate("window.lastResults = null")
    box.press_sequentially(query, delay=30)
    # Playwright types characters its US keyboard lacks (Cyrillic) as bare input
    # events; a reader's keyboard also sends key events, and Material searches on
    # keyup. The End key sends one without changing the text.
    box.press("End")
    page.wait_for_function(SETTLED, polling=250, timeout=15_000)
    links = page.locator(".md-search-result__item > a.md-search-result__link")
    hrefs = links.evaluate_all("links => links.map(a => a.href)")
    # Without the "?h=" highlight query (search.highlight) and the section anchor.
    return sorted({urljoin(href, urlsplit(href).path) for href in hrefs})


def test_search_in_russian_finds_russian_pages_and_no_english_one(tab: Tab) -> None:
    tab.open("ru")
    found = search(tab, "Поиск", "Хронология")  # "Timeline", a heading on every Russian briefing
    assert found == sorted([page_url("ru", f"briefings/{DATED}/"),
                            page_url("ru", f"briefings/{UNDATED}/"),
                            page_url("ru", f"events/{DATED}/")])  # their event's timeline
    assert all(url.startswith(SITE_URL + "ru/") for url in found)
    # English text is not in the Russian index: the English heading finds nothing.
    assert search(tab, "Поиск", "Key points") == []


def test_the_armenian_briefing_says_it_is_untranslated(tab: Tab) -> None:
    tab.open("hy", f"briefings/{DATED}/")
    page = tab.page
    armenian = interface_translations("hy").gettext
    expect(page.locator("html")).to_have_attribute("lang", "hy")
    banner = page.locator(".translation-status")
    expect(banner).to_be_visible()
    expect(banner).to_have_attribute("data-status", "untranslated")
    assert armenian("Not translated yet") == "Դեռ թարգմանված չէ"  # not the English fallback
    expect(banner).to_contain_text(armenian("Not translated yet"))
    expect(banner).to_contain_text(
        armenian("This briefing is shown in English until a translation is ready.")
    )
    # The text itself is the English original, marked as English for screen readers.
    expect(page.locator("h1")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_contain_text(DATED_TITLE)
    expect(banner.get_by_role("link", name=armenian("Read the English original"))).to_be_visible()
