"""The pages at a desktop's and a phone's width: screenshots, no sideways scrolling,
charts with text alternatives and text big enough to read; event and briefing
pages also on a small phone (360 px), where nothing in them scrolls sideways.

Screenshots go to ``$BRIEFINGS_SCREENSHOTS`` when it is set (made if missing),
else to a temporary folder; the test output names it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import Tab, page_url
from sitebuild import DATED, LANGS, Built, root

pytestmark = pytest.mark.slow

#: A desktop window and a phone (an iPhone 12 to 15 in CSS pixels).
WIDTHS = {"desktop": (1280, 900), "phone": (390, 844)}
#: A small phone: many Android phones are 360 CSS pixels wide.
SMALL_PHONE = (360, 740)
#: Chart text smaller than this, in CSS pixels, is too small to read.
SMALLEST_TEXT = 10.0


def layout_pages(site: Path) -> list[tuple[str, str, str]]:
    """``(name, lang, path)``: a briefing, an event (when there is one), the status page."""
    pages = []
    for lang in LANGS:
        pages.append(("briefing", lang, f"briefings/{DATED}/"))
        events = sorted((site / root(lang) / "events").glob("*/index.html"))
        if events:
            pages.append(("event", lang, f"events/{events[0].parent.name}/"))
        pages.append(("status", lang, "status/"))
    return pages


@pytest.fixture(scope="module")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    chosen = os.environ.get("BRIEFINGS_SCREENSHOTS")
    folder = Path(chosen) if chosen else tmp_path_factory.mktemp("screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def overflow(tab: Tab) -> int:
    """How many CSS pixels the page is wider than the window (0: none)."""
    return int(tab.page.evaluate(
        "() => Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - window.innerWidth"))


def sideways(tab: Tab) -> list[str]:
    """What in the article scrolls sideways, or sticks out of its column.

    A page can be no wider than the window and still make a reader scroll
    sideways: a figure that scrolls inside itself, or an element that the
    theme clips at the column's edge. Only the outermost such element is named.
    """
    return tab.page.evaluate("""() => {
        const article = document.querySelector("article");
        const edge = article.getBoundingClientRect().right + 1;
        const name = e => e.tagName.toLowerCase()
            + [...e.classList].map(c => "." + c).join("");
        const scrolls = e => ["auto", "scroll"].includes(getComputedStyle(e).overflowX)
            && e.scrollWidth > e.clientWidth + 1;
        const out = e => e.getBoundingClientRect().width > 0
            && e.getBoundingClientRect().right > edge;
        const found = [];
        for (const e of article.querySelectorAll("*")) {
            const parent = e.parentElement;
            if (parent !== article && (out(parent) || parent.closest("[data-sideways]"))) {
                continue;
            }
            if (scrolls(e)) {
                e.dataset.sideways = "";
                found.push(`${name(e)} scrolls sideways (${e.scrollWidth} px in ${e.clientWidth})`);
            } else if (out(e)) {
                const by = Math.round(e.getBoundingClientRect().right - edge + 1);
                found.push(`${name(e)} ends ${by} px right of the column`);
            }
        }
        return found;
    }""")


def charts(tab: Tab) -> list[dict[str, object]]:
    """Every SVG picture in the article: its name, description and smallest text."""
    return tab.page.evaluate("""() => [...document.querySelectorAll("article svg")].map(svg => {
        const ids = (svg.getAttribute("aria-labelledby") || "").split(/\\s+/).filter(Boolean);
        const named = ids.map(id => document.getElementById(id))
                         .map(e => e ? e.textContent.trim() : "").join(" ");
        const texts = [...svg.querySelectorAll("text")]
            .map(t => t.getBoundingClientRect().height).filter(h => h > 0);
        return {role: svg.getAttribute("role"), name: named,
                cls: (svg.closest("figure") || svg).className,
                smallest: texts.length ? Math.min(...texts) : null};
    })""")


def test_every_page_fits_at_a_desktop_and_a_phone_width(
    tab: Tab, sample_site: Built, screenshots: Path
) -> None:
    pages = layout_pages(sample_site.site)
    assert any(name == "event" for name, _lang, _path in pages), "the sample site has an event"
    problems = []
    for width, height in WIDTHS.values():
        tab.page.set_viewport_size({"width": width, "height": height})
        for name, lang, path in pages:
            tab.open(lang, path)
            tab.page.screenshot(path=screenshots / f"{name}-{lang}-{width}.png", full_page=True)
            extra = overflow(tab)
            if extra > 0:
                problems.append(f"{page_url(lang, path)} at {width} px: {extra} px too wide")
            for chart in charts(tab):
                if chart["role"] != "img" or not str(chart["name"]).strip():
                    problems.append(f"{page_url(lang, path)}: a chart without a text "
                                    f"alternative ({chart['cls']})")
                smallest = chart["smallest"]
                if smallest is not None and float(smallest) < SMALLEST_TEXT:  # type: ignore[arg-type]
                    problems.append(f"{page_url(lang, path)} at {width} px: chart text "
                                    f"{float(smallest):.1f} px high ({chart['cls']})")  # type: ignore[arg-type]
    print(f"\nscreenshots ({len(pages) * len(WIDTHS)}): {screenshots}")
    assert problems == [], "\n".join(problems)


def test_event_pages_do_not_scroll_sideways_on_a_small_phone(
    tab: Tab, sample_site: Built, screenshots: Path
) -> None:
    width, height = SMALL_PHONE
    tab.page.set_viewport_size({"width": width, "height": height})
    pages = [(lang, path) for name, lang, path in layout_pages(sample_site.site)
             if name in ("event", "briefing")]
    assert any(path.startswith("events/") for _lang, path in pages)
    problems = []
    for lang, path in pages:
        tab.open(lang, path)
        name = "event" if path.startswith("events/") else "briefing"
        tab.page.screenshot(path=screenshots / f"{name}-{lang}-{width}.png", full_page=True)
        where = f"{page_url(lang, path)} at {width} px"
        if (extra := overflow(tab)) > 0:
            problems.append(f"{where}: {extra} px too wide")
        problems += [f"{where}: {found}" for found in sideways(tab)]
        for chart in charts(tab):
            smallest = chart["smallest"]
            if smallest is not None and float(smallest) < SMALLEST_TEXT:  # type: ignore[arg-type]
                problems.append(f"{where}: chart text {float(smallest):.1f} px high "  # type: ignore[arg-type]
                                f"({chart['cls']})")
    assert problems == [], "\n".join(problems)


def test_the_status_table_shows_every_column_at_1280_px(tab: Tab) -> None:
    tab.page.set_viewport_size({"width": 1280, "height": 900})
    tab.open("en", "status/")
    hidden = tab.page.evaluate("""() => {
        const wrapper = document.querySelector(".translation-table-wrapper");
        const right = wrapper.getBoundingClientRect().right;
        return [...document.querySelectorAll(".translation-table thead th")]
            .filter(th => th.getBoundingClientRect().right > right + 1).map(th => th.textContent);
    }""")
    assert hidden == []


def test_a_briefing_has_its_charts_with_text_alternatives(tab: Tab) -> None:
    tab.open("en", f"briefings/{DATED}/")
    voices = tab.page.locator("figure.voices-chart svg[role=img]")
    assert voices.count() == 1
    description = tab.page.locator("#voices-chart-desc").text_content() or ""
    assert "Azerbaijan: 14 statements" in description
    timeline = tab.page.locator("figure.timeline-chart svg[role=img]")
    assert timeline.count() == 1
    assert "dated events, from 2020" in (tab.page.locator("#timeline-chart-desc").text_content()
                                         or "")
    # Source first: outlet, date and how sure the page is, above the key points.
    source = tab.page.locator(".briefing-source")
    box = source.bounding_box()
    points = tab.page.get_by_role("heading", name="Key points").bounding_box()
    assert box is not None and points is not None and box["y"] < points["y"]


@pytest.mark.parametrize("lang", LANGS)
def test_quotes_are_in_the_languages_quotation_marks(tab: Tab, lang: str) -> None:
    tab.open(lang, f"briefings/{DATED}/")
    # A direct quote: the speaker's words inside the page language's marks.
    opening = {"ru": "«", "hy": "«"}.get(lang, "“")
    direct = tab.page.locator("li.direct-quote").first
    words = direct.locator(".quotation").text_content() or ""
    assert opening + words in (direct.text_content() or "")
    # Words quoted inside reported speech: <q>, whose marks follow the words' language.
    for quoted in tab.page.locator("li.reported q").all()[:3]:
        text_lang = quoted.evaluate("q => q.closest('[lang]').getAttribute('lang')")
        marks = quoted.evaluate("q => getComputedStyle(q).quotes")
        expected = {"ru": "«", "az": "«", "hy": "«"}.get(text_lang, "“")
        assert marks.split()[0].strip('"') == expected, (lang, text_lang, marks)
