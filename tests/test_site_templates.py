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
