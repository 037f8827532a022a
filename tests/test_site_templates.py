"""Page HTML from Jinja templates: ours by default, a site's own where it has one."""

from __future__ import annotations

from pathlib import Path

from test_units import make_briefing

from briefings.model import Statement
from briefings.site.pages import PageLanguage, render_briefing
from briefings.site.templating import OVERRIDES_FOLDER, TEMPLATES, overrides_in, templates

EVIL = '<script>alert(1)</script>"'


def briefing():  # type: ignore[no-untyped-def]
    return make_briefing(
        ["The minister said the talks would resume."],
        title=f"Talks {EVIL}",
        key_points=[f"Talks resume {EVIL}"],
        statements=[Statement(speaker="Ann Minister", text="The talks would resume.",
                              direct_quote=False, paragraph=0)],
    )


def test_every_template_is_in_the_package() -> None:
    names = {p.relative_to(TEMPLATES).as_posix() for p in TEMPLATES.rglob("*.html")}
    assert {"briefing.html", "home.html", "status.html", "partials/attribution.html",
            "partials/statements.html", "partials/status-table.html"} <= names


def test_a_site_overrides_one_template_and_keeps_the_others(tmp_path: Path) -> None:
    custom_dir = tmp_path / "overrides"
    folder = custom_dir / OVERRIDES_FOLDER / "partials"
    folder.mkdir(parents=True)
    (folder / "key-points.html").write_text(
        '<ol class="our-points">{% for point in points %}{{ point }}{% endfor %}</ol>'
        "<p>{{ page_lang }} {{ '<b>not markup</b>' }}</p>",
        "utf-8",
    )
    overrides = overrides_in(custom_dir)
    assert overrides == custom_dir / OVERRIDES_FOLDER
    ours = render_briefing(briefing(), PageLanguage.of("en"))
    theirs = render_briefing(briefing(), PageLanguage.of("en", template_overrides=overrides))
    assert '<ul class="key-points">' in ours and "our-points" not in ours
    assert '<ol class="our-points"><li>Talks resume' in theirs
    # Autoescape holds in an override: text stays text.
    assert "<p>en &lt;b&gt;not markup&lt;/b&gt;</p>" in theirs
    # Everything else still comes from ours.
    assert theirs.replace(
        theirs[theirs.index("<ol"):theirs.index("</p>", theirs.index("<ol")) + 4], ""
    ) == ours.replace(ours[ours.index('<ul class="key-points">'):
                           ours.index("</ul>", ours.index('<ul class="key-points">')) + 5], "")


def test_no_override_folder_means_ours(tmp_path: Path) -> None:
    assert overrides_in(None) is None
    assert overrides_in(tmp_path) is None  # a custom_dir without briefings/
    assert templates(None).overrides is None


def test_article_text_is_escaped_by_the_templates() -> None:
    page = render_briefing(briefing(), PageLanguage.of("en"))
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


# -- what the reader sees first, and the pictures ---------------------------------------------


def test_the_source_comes_first_and_unknown_is_said_once() -> None:
    page = render_briefing(briefing(), PageLanguage.of("en"))
    top = page[page.index('<div class="briefing-source"'):page.index("## Key points")]
    # make_briefing gives an outlet and a date but no link: partly identified.
    assert 'data-sourcing="partial"' in top
    assert "Example Wire" in top and "September 20, 2023" in top
    assert "Not given by the source: Link, Author, Dateline, Credits and attribution note." in top
    box = page[page.index('<aside class="attribution">'):]
    assert box.count("Not given by the source") == 1
    assert "Unknown" not in page


def test_voices_per_side_are_a_chart_with_a_text_alternative() -> None:
    statements = [
        Statement(speaker=f"Speaker {i}", text=f"Claim {i}.", direct_quote=False, paragraph=0,
                  affiliation="Eastfold" if i < 14 else "Westmark")
        for i in range(20)
    ]
    page = render_briefing(make_briefing(["x"], statements=statements), PageLanguage.of("en"))
    chart = page[page.index('<figure class="chart voices-chart">'):]
    chart = chart[:chart.index("</figure>")]
    assert 'role="img" aria-labelledby="voices-chart-title voices-chart-desc"' in chart
    assert '<desc id="voices-chart-desc">Eastfold: 14 statements, Westmark: 6 statements.</desc>' \
        in chart
    widths = [float(w) for w in __import__("re").findall(r'<rect class="bar" [^>]*width="([\d.]+)"',
                                                         chart)]
    assert len(widths) == 2 and abs(widths[0] / widths[1] - 14 / 6) < 0.01
    # In Russian the text alternative uses the plural forms.
    russian = render_briefing(make_briefing(["x"], statements=statements), PageLanguage.of("ru"))
    assert "Eastfold: 14 заявлений, Westmark: 6 заявлений." in russian


def test_the_timeline_is_drawn_on_a_time_axis() -> None:
    from briefings.model import TimelineEvent

    events = [TimelineEvent("2020", "The war.", 0), TimelineEvent("2023-09-19", "The attack.", 0),
              TimelineEvent("2023-09-21", "The talks.", 0)]
    page = render_briefing(make_briefing(["x"], timeline=events), PageLanguage.of("en"))
    chart = page[page.index('<figure class="chart timeline-chart">'):]
    chart = chart[:chart.index("</figure>")]
    assert "3 dated events, from 2020 to September 21, 2023." in chart
    xs = [float(x) for x in __import__("re").findall(r'<circle class="event" cx="([\d.]+)"', chart)]
    # 2020 is at the start; the two September days are close together at the end.
    assert xs[0] == 12.0 and xs[2] == 388.0 and 380 < xs[1] < 388
    assert "<title>September 19, 2023: The attack.</title>" in chart
    # One date only: no axis to draw.
    single = render_briefing(make_briefing(["x"], timeline=events[1:2]), PageLanguage.of("en"))
    assert "timeline-chart" not in single


def test_the_stylesheet_gives_each_language_its_quotation_marks() -> None:
    from briefings.mkdocs.plugin import OVERRIDES  # the stylesheet ships with the adapter

    css = (OVERRIDES / "assets" / "briefings.css").read_text("utf-8")
    assert ".md-typeset q:lang(ru)" in css and "\\00AB" in css
