"""The site in Chromium: no console errors anywhere, accessibility (axe-core), screenshots."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from conftest import Tab, page_url, sitemap_probes
from sitebuild import DATED, LANGS, UNDATED, Built, root

pytestmark = pytest.mark.slow

#: axe-core's impact levels that fail a page.
BLOCKING = {"serious", "critical"}
#: The pages axe-core checks: the home page, a briefing in every language, and one
#: page of every other kind (an undated briefing, the status page, tags, our docs).
AXE_PAGES = [
    ("en", ""),
    ("ru", ""),
    *((lang, f"briefings/{DATED}/") for lang in LANGS),
    ("en", f"briefings/{UNDATED}/"),
    ("hy", "status/"),
    ("ru", "status/"),
    ("az", "tags/"),
    ("en", "about/"),
]


def every_page(site: Path) -> list[tuple[str, str]]:
    """Every HTML page of every language, as ``(lang, path)``, 404 pages included."""
    pages = []
    for lang in LANGS:
        top = site / root(lang)
        for file in sorted(top.rglob("*.html")):
            relative = file.relative_to(top).as_posix()
            if lang == "en" and relative.split("/")[0] in LANGS:
                continue  # another language's page
            pages.append((lang, relative.removesuffix("index.html")))
    return pages


def test_no_console_errors_on_any_page(tab: Tab, sample_site: Built) -> None:
    pages = every_page(sample_site.site)
    assert len(pages) > 40 and ("ru", "404.html") in pages
    tab.open_all(pages)
    tab.sort_messages()
    assert tab.problems == [], "\n".join(tab.problems)
    assert len(set(tab.visited)) == len(pages)


def test_material_asks_for_a_sitemap_next_to_every_alternate_link(tab: Tab) -> None:
    """The one console error the site causes, excused in ``Tab.sort_messages``, and why.

    Material fetches ``sitemap.xml`` next to every ``<link rel="alternate">``, taking
    each for a language's root (see ``conftest.sitemap_probes``). Ours are the page
    in each language and its feed, so every page asks for a handful of sitemaps
    that do not exist, and Chromium logs each 404 as an error. If this fails
    because the probes are gone, Material changed: drop the excuse.
    """
    path = f"briefings/{DATED}/"
    tab.open("ru", path)
    tab.sort_messages()
    # A language's root has its sitemap now: the probe from the feed link finds it.
    expected = {url for url in sitemap_probes(tab.site, page_url("ru", path))
                if url != page_url("ru", "sitemap.xml")}
    assert set(tab.probes) == expected
    assert tab.problems == []


@pytest.mark.parametrize(
    ("lang", "path"), AXE_PAGES, ids=[f"{lang}:{path or 'home'}" for lang, path in AXE_PAGES]
)
def test_no_serious_accessibility_violations(
    axe_script: Path, tab: Tab, lang: str, path: str
) -> None:
    tab.open(lang, path)
    tab.page.add_script_tag(path=str(axe_script))
    violations = tab.page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary)}))"""
    )
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    report = "\n".join(
        f"{v['impact']} {v['id']}: {v['help']}\n  " + "\n  ".join(v["nodes"][:5])
        for v in blocking
    )
    assert blocking == [], f"{page_url(lang, path)}\n{report}"


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG file, from its header."""
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", path
    return struct.unpack(">II", data[16:24])


def test_a_screenshot_of_a_briefing_in_each_language(
    tab: Tab, tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("screenshots")
    for lang in LANGS:
        tab.open(lang, f"briefings/{DATED}/")
        path = folder / f"briefing-{lang}.png"
        tab.page.screenshot(path=path, full_page=True)
        width, height = png_size(path)
        assert width == 1280 and height > 2000, (lang, width, height)  # the whole page
    print(f"\nscreenshots: {folder}")
