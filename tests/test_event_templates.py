"""Event pages from Jinja templates: ours by default, a site's own where it has one,
and untrusted text kept as text in both."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from projects import sample_project
from test_events import FLOOD_A, FLOOD_B, briefing

from briefings.events import group_events
from briefings.events.model import Event, EventNote
from briefings.model import Briefing
from briefings.site.events import (
    EventPage,
    EventSource,
    ListedEvent,
    event_link,
    render_event,
    render_events_index,
)
from briefings.site.pages import PageLanguage
from briefings.site.templating import OVERRIDES_FOLDER, TEMPLATES, overrides_in

EVIL = '<script>alert(1)</script><img src=x onerror=alert(2)>"'


def with_outlet(b: Briefing, name: str) -> Briefing:
    return replace(b, article=replace(b.article, source=replace(b.article.source, name=name)))


def flood(title: str = "The Orsa floods Dravik", dek: str = "Two reports of one flood.") -> Event:
    [event] = group_events(
        [with_outlet(briefing("flood-a", FLOOD_A, "2024-03-04", event="orsa"), f"Wire {EVIL}"),
         briefing("flood-b", FLOOD_B, "2024-03-05", event="orsa")],
        {"orsa": EventNote(title, dek)},
    ).events
    return event


def page(event: Event, lang: PageLanguage) -> str:
    sources = [EventSource(b, f"../../briefings/{b.slug}/", lang) for b in event.briefings]
    return render_event(EventPage(event, sources, lang.text, listing_href="../"), lang)


def overrides(tmp_path: Path, name: str, text: str) -> Path:
    custom_dir = tmp_path / "overrides"
    file = custom_dir / OVERRIDES_FOLDER / name
    file.parent.mkdir(parents=True)
    file.write_text(text, "utf-8")
    found = overrides_in(custom_dir)
    assert found is not None
    return found


def test_the_event_templates_are_in_the_package() -> None:
    names = {p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html")}
    assert {"event.html", "events.html", "partials/event-sources.html",
            "partials/event-timeline.html", "partials/event-statements.html",
            "partials/event-differences.html", "partials/event-voices-chart.html",
            "partials/event-voices-table.html", "partials/event-list.html",
            "partials/event-link.html"} <= names


def test_a_site_overrides_one_event_partial_and_keeps_the_others(tmp_path: Path) -> None:
    folder = overrides(
        tmp_path, "partials/event-timeline.html",
        '<ul class="our-timeline">{% for e in entries %}<li>{{ e.shown }}: {{ e.text }}'
        "</li>{% endfor %}</ul><p>{{ page_lang }} {{ '<b>not markup</b>' }}</p>",
    )
    event = flood()
    ours = page(event, PageLanguage.of("en"))
    theirs = page(event, PageLanguage.of("en", template_overrides=folder))
    assert 'class="timeline event-timeline"' in ours and "our-timeline" not in ours
    assert '<ul class="our-timeline"><li>March 4, 2024: <span>' in theirs
    assert 'class="timeline event-timeline"' not in theirs
    # Autoescape holds in an override: text stays text.
    assert "<p>en &lt;b&gt;not markup&lt;/b&gt;</p>" in theirs

    # Everything else still comes from ours.
    def without_timeline(html: str) -> str:
        start = html.index("## Timeline across the sources")
        return html[:start] + html[html.index("## Who said what", start):]

    assert without_timeline(theirs) == without_timeline(ours)


def test_a_site_overrides_the_voices_chart(tmp_path: Path) -> None:
    folder = overrides(tmp_path, "partials/event-voices-chart.html",
                       '<p class="our-chart">{{ description }}</p>')
    theirs = page(flood(), PageLanguage.of("en", template_overrides=folder))
    assert '<p class="our-chart">' in theirs and "<svg" not in theirs
    assert 'class="voices-table"' in theirs  # the table is a partial of its own


def test_a_site_overrides_the_events_listing(tmp_path: Path) -> None:
    folder = overrides(tmp_path, "partials/event-list.html",
                       '<ol class="our-events">{% for item in items %}<li>{{ item.title }}'
                       "</li>{% endfor %}</ol>")
    items = [ListedEvent(flood(), "orsa/", "The Orsa floods Dravik", "en")]
    theirs = render_events_index(items, PageLanguage.of("en", template_overrides=folder))
    assert theirs == '# Events\n\n<ol class="our-events"><li>The Orsa floods Dravik</li></ol>\n'


@pytest.mark.parametrize("code", ["en", "ru"])
def test_untrusted_text_stays_escaped(code: str) -> None:
    lang = PageLanguage.of(code)
    event = flood(title=f"Floods {EVIL}", dek=f"Dek {EVIL}")
    html = page(event, lang)
    assert "<script" not in html and "<img" not in html
    # In the title, the dek, the list of sources, the chart and its table.
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5
    chart = html[html.index("<svg"):html.index("</svg>")]
    assert "&lt;script&gt;" in chart
    listing = render_events_index([ListedEvent(event, "orsa/", event.title, "en")], lang)
    assert "<script" not in listing and "&lt;script&gt;" in listing
    line = event_link(event.title, "en", "../../events/orsa/", 2, lang)
    assert "<script" not in line and "&lt;script&gt;" in line
    assert 'class="event-link" href="../../events/orsa/"' in line
    if code != "en":
        assert 'lang="en"' in line  # the title is still in English on a Russian page


def test_a_link_that_is_not_http_does_not_reach_the_page() -> None:
    event = flood()
    first = event.briefings[0]
    source = replace(first.article.source, url="javascript:alert(1)")
    event.briefings[0] = replace(first, article=replace(first.article, source=source))
    html = page(event, PageLanguage.of("en"))
    # The sanitizer drops the address; the text of the link stays text.
    assert 'href="javascript' not in html and '<a class="source-link" rel="nofollow noopener">' \
        in html


def test_the_voices_chart_is_narrow_and_its_bars_are_in_proportion() -> None:
    import re

    html = page(flood(), PageLanguage.of("en"))
    chart = html[html.index('<figure class="chart voices-chart event-voices-chart">'):]
    chart = chart[:chart.index("</figure>")]
    # 400 user units wide, as the briefing's charts: scaled to a phone's column,
    # its text stays readable and nothing in it needs to scroll.
    assert 'viewBox="0 0 400 ' in chart
    bars = [(float(x), float(w)) for x, w in re.findall(
        r'<rect x="([\d.]+)" y="\d+" width="([\d.]+)" height="18"', chart)]
    assert bars and all(x + w <= 400 - 48 + 0.1 for x, w in bars)
    assert all(float(x) < 400 for x in re.findall(r'<text x="([\d.]+)"', chart))
    # Each source's name is above its bar, not beside it.
    assert re.search(r'<text x="0" y="18" fill="currentColor">Wire &lt;script&gt;', chart)


def test_the_note_under_the_banner_is_an_element_not_text() -> None:
    event = flood()
    lang = PageLanguage.of("ru")
    sources = [EventSource(b, f"../{b.slug}/", lang, "untranslated") for b in event.briefings]
    html = render_event(EventPage(event, sources, lang.text,
                                  banner='<div class="translation-status">…</div>',
                                  banner_note="About the banner <b>"), lang)
    assert '<p class="event-translation-note"><small>About the banner &lt;b&gt;</small></p>' \
        in html
    assert "&lt;p" not in html


@pytest.mark.slow
def test_an_event_partial_in_the_sites_custom_dir_is_used_by_a_real_build(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "  name: material\n" in text
    config.write_text(text.replace("  name: material\n",
                                   "  name: material\n  custom_dir: newsroom-theme\n", 1), "utf-8")
    partial = project / "newsroom-theme" / OVERRIDES_FOLDER / "partials" / "reported-by.html"
    partial.parent.mkdir(parents=True)
    partial.write_text('<span class="our-sources">{{ label }} — {{ sources | join(" · ") }}'
                       "{{ '<i>' }}</span>", "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
        env={**os.environ, "BRIEFINGS_NO_TRANSLATE": "1", "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    [event] = (project / "site" / "events").glob("*/index.html")
    html = event.read_text("utf-8")
    assert '<span class="our-sources">Reported by — <a class="event-source-ref"' in html
    assert "&lt;i&gt;</span>" in html and 'class="reported-by"' not in html
    # The override holds for every language.
    russian = (project / "site" / "ru" / "events" / event.parent.name / "index.html")
    assert 'class="our-sources"' in russian.read_text("utf-8")
