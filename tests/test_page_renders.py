"""Making pages cheaply: partials rendered as Jinja renders them, remembered renders and
memoised formatting that never mix up templates, types or languages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from jinja2 import UndefinedError
from markupsafe import Markup
from test_units import make_briefing

from briefings.events.text import overlap
from briefings.model import Statement
from briefings.site.pages import PageLanguage, render_briefing
from briefings.site.templating import OVERRIDES_FOLDER, TEMPLATES, Templates, overrides_in


def briefing():  # type: ignore[no-untyped-def]
    return make_briefing(
        ["The minister said the talks would resume.", "Ann Minister spoke in Dravik."],
        title="Talks resume",
        key_points=["Talks resume"],
        statements=[Statement(speaker="Ann Minister", text="The talks would resume.",
                              direct_quote=False, paragraph=0)],
    )


def overrides(tmp_path: Path, files: dict[str, str]) -> Path:
    custom_dir = tmp_path / "overrides"
    for name, text in files.items():
        file = custom_dir / OVERRIDES_FOLDER / name
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(text, "utf-8")
    found = overrides_in(custom_dir)
    assert found is not None
    return found


@pytest.mark.parametrize("name", sorted(
    p.relative_to(TEMPLATES).as_posix() for p in (TEMPLATES / "partials").glob("*.html")
))
def test_a_partial_renders_as_jinja_renders_it(name: str) -> None:
    templates = Templates()
    # Every partial with a context that fills what the small ones use; the big
    # ones are compared on the same context, whatever they make of it (or raise).
    context = {"page_lang": "hy", "tag": "span", "classes": ["a", "b"], "text": "x < y",
               "text_lang": "en", "name": Markup("<i>n</i>"), "iso": "2024-03-04",
               "shown": "4 March", "message": "none", "number": 2, "status": "reviewed",
               "label": "L", "path": "translations/x.po", "url": "https://example.org/",
               "href": "../x/", "cls": "c", "words": "w", "sources": ["s"], "tags": [],
               "points": ["p"]}
    try:
        expected = templates.environment.get_template(name).render(**context)
    except Exception as exc:  # the same error, both ways
        with pytest.raises(type(exc)):
            templates.render(name, **context)
        return
    assert templates.render(name, **context) == expected
    assert isinstance(templates.render(name, **context), Markup)


def test_an_override_of_the_tiny_partials_still_changes_every_page(tmp_path: Path) -> None:
    lang = PageLanguage.of("en")
    ours = render_briefing(briefing(), lang)
    # Rendered (and remembered) with ours first, in the same process.
    assert render_briefing(briefing(), lang) == ours
    folder = overrides(tmp_path, {
        "partials/text.html": '<{{ tag }} class="site-text">{{ text }}</{{ tag }}>',
        "partials/name.html": '<span class="site-name">{{ name }}</span>',
        "partials/date.html": '<time class="site-date" datetime="{{ iso }}">{{ shown }}</time>',
    })
    theirs = render_briefing(briefing(), PageLanguage.of("en", template_overrides=folder))
    assert "site-text" not in ours and "site-name" not in ours and "site-date" not in ours
    assert '<li class="site-text">Talks resume</li>' in theirs
    assert theirs.count('class="site-text"') >= 3  # key point, sentences of the text
    assert '<span class="site-name">Ann Minister</span>' in theirs
    assert 'class="site-date"' in theirs
    # And ours are still ours afterwards.
    assert render_briefing(briefing(), lang) == ours


def test_an_override_may_use_jinja_globals_and_fails_as_jinja_fails(tmp_path: Path) -> None:
    folder = overrides(tmp_path, {
        "partials/name.html": "{% for i in range(2) %}{{ name }}{% endfor %}",
        "partials/date.html": "{{ no_such_value }}",
    })
    templates = Templates(folder)
    assert templates.render("partials/name.html", name="Ann") == "AnnAnn"
    assert templates.remembered("partials/name.html", name="Ann") == "AnnAnn"
    with pytest.raises(UndefinedError, match="no_such_value"):
        templates.render("partials/date.html", iso="2024", shown="2024")


def test_a_remembered_render_tells_text_from_markup_and_one_from_true() -> None:
    templates = Templates()
    text = templates.remembered("partials/name.html", name="<b>x</b>", text_lang="")
    markup = templates.remembered("partials/name.html", name=Markup("<b>x</b>"), text_lang="")
    assert text == "&lt;b&gt;x&lt;/b&gt;"
    assert markup == "<b>x</b>"
    joined = templates.remembered("partials/reported-by.html", label="By", sources=["<a>"])
    assert joined.endswith("&lt;a&gt;</span>")
    assert templates.remembered("partials/reported-by.html", label="By",
                                sources=[Markup("<a>")]).endswith("<a></span>")
    one = templates.remembered("partials/event-source-ref.html", number=1, name="A")
    true = templates.remembered("partials/event-source-ref.html", number=True, name="A")
    assert 'href="#source-1"' in one and 'href="#source-True"' in true
    # Another page language is another render.
    assert (templates.remembered("partials/text.html", tag="span", classes=[], text="x",
                                 text_lang="en", page_lang="hy")
            != templates.remembered("partials/text.html", tag="span", classes=[], text="x",
                                    text_lang="", page_lang="hy"))


def test_numbers_and_dates_are_formatted_per_language_every_time() -> None:
    en, ru, hy = PageLanguage.of("en"), PageLanguage.of("ru"), PageLanguage.of("hy")
    for _ in range(2):  # the second time from memory
        assert en.number(12345) == "12,345"
        assert ru.number(12345) == "12\xa0345"
        assert en.number(1.5) == "1.5" and ru.number(1.5) == "1,5"
        assert en.date(dt.date(2023, 9, 19)) == "September 19, 2023"
        assert ru.date(dt.date(2023, 9, 19)) == "19 сентября 2023\u202fг."
        assert en.date("2023-09") == "September 2023"
        assert en.date("2023") == "2023"
        assert hy.date("2023-09-19") != en.date("2023-09-19")
        assert en.percent(0.38) == "38%"
        assert ru.percent(0.38) != en.percent(0.38)


def test_overlap_is_the_jaccard_similarity() -> None:
    sets = [frozenset(), frozenset("a"), frozenset("ab"), frozenset("abc"), frozenset("cd"),
            frozenset("abcdefg"), frozenset("xyz")]
    for a in sets:
        for b in sets:
            expected = len(a & b) / len(a | b) if a and b else 0.0
            assert overlap(a, b) == expected


def test_an_event_worked_out_once_is_worked_out_again_when_its_sources_change() -> None:
    from test_event_templates import flood, page
    from test_events import briefing

    event = flood()
    lang = PageLanguage.of("en")
    first = page(event, lang)
    assert page(event, PageLanguage.of("ru")) != first  # another language, the same analysis
    assert page(event, lang) == first
    before = first.count("Tomas Verdel")
    # The first source replaced by one that hears another speaker: a new page, not the old.
    event.briefings[0] = briefing(
        "flood-a", "Mayor Ivo Rask said that 900 residents had been moved on Monday.\n",
        "2024-03-04", event="orsa")
    again = page(event, lang)
    assert "Ivo Rask" in again and "Ivo Rask" not in first
    assert again.count("Tomas Verdel") == before
    assert "900" in again
