"""The event page in Chromium: no serious axe violations, a chart with a text alternative,
and links to the sources' briefings that work."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Tab, page_url
from sitebuild import DATED, LANGS

pytestmark = pytest.mark.slow

BLOCKING = {"serious", "critical"}
EVENT = f"events/{DATED}/"


@pytest.mark.parametrize("lang", LANGS)
def test_the_event_page_has_no_serious_accessibility_violations(
    axe_script: Path, tab: Tab, lang: str
) -> None:
    tab.open(lang, EVENT)
    tab.page.add_script_tag(path=str(axe_script))
    violations = tab.page.evaluate(
        """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
            .map(v => ({id: v.id, impact: v.impact, help: v.help,
                        nodes: v.nodes.map(n => n.target.join(" ") + ": " + n.failureSummary)}))"""
    )
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    report = "\n".join(f"{v['impact']} {v['id']}: {v['help']}\n  " + "\n  ".join(v["nodes"][:5])
                       for v in blocking)
    assert blocking == [], f"{page_url(lang, EVENT)}\n{report}"
    assert tab.problems == []


def test_the_chart_has_a_text_alternative(tab: Tab) -> None:
    tab.open("en", EVENT)
    chart = tab.page.locator("figure.voices-chart svg[role=img]")
    assert chart.count() == 1
    # The accessible name comes from the <title> and <desc> it points to.
    name = tab.page.evaluate(
        """() => { const svg = document.querySelector("figure.voices-chart svg");
                   return svg.getAttribute("aria-labelledby").split(" ")
                     .map(id => document.getElementById(id).textContent).join(" "); }"""
    )
    assert "Statements per source" in name and ":" in name
    assert tab.page.locator("table.voices-table tbody tr").count() == 3  # two sources and all


@pytest.mark.parametrize("lang", LANGS)
def test_the_links_to_the_sources_work(tab: Tab, lang: str) -> None:
    tab.open(lang, EVENT)
    hrefs = tab.page.eval_on_selector_all(
        "ol.event-sources a.briefing-link", "links => links.map(a => a.href)")
    assert len(hrefs) == 2
    for href in hrefs:
        response = tab.page.goto(href, wait_until="networkidle")
        assert response is not None and response.status == 200, href
        assert tab.page.locator("a.event-link").count() == 1  # and back to the event
    # The "Reported by" links lead to a source in the list.
    tab.open(lang, EVENT)
    anchors = tab.page.eval_on_selector_all(
        "a.event-source-ref", "links => links.map(a => a.getAttribute('href'))")
    assert anchors and all(tab.page.locator(a).count() == 1 for a in set(anchors))
    assert tab.problems == []
