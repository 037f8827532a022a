"""Translation units: what of a briefing gets translated, once per distinct text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from briefings.model import Article, Briefing, SourceInfo, Statement, TimelineEvent
from briefings.translation.units import Unit, briefing_units, msgid_for

SOURCE = "content/talks.txt"


def make_briefing(
    paragraphs: list[str],
    *,
    title: str = "Armenia and Azerbaijan resume talks",
    dek: str | None = "Leaders meet in Brussels after a year.",
    key_points: list[str] | None = None,
    statements: list[Statement] | None = None,
    timeline: list[TimelineEvent] | None = None,
) -> Briefing:
    article = Article(
        path=Path(SOURCE),
        slug="talks",
        title=title,
        title_generated=False,
        dek=dek,
        dateline=None,
        published=dt.date(2023, 9, 20),
        source=SourceInfo(name="Example Wire"),
        attribution=None,
        paragraphs=paragraphs,
        removed=[],
    )
    return Briefing(
        article=article,
        key_points=key_points or [],
        statements=statements or [],
        timeline=timeline or [],
        entities=[],
    )


def line_of(paragraph: int) -> int:
    """Paragraphs on lines 5, 7, 9, ... as in a source with a title, dek and blank lines."""
    return 5 + 2 * paragraph


def test_units_in_order_of_first_appearance_with_their_places() -> None:
    briefing = make_briefing(
        [
            "Talks resumed in Brussels on Monday. The mood was calm.",
            "Ilham Aliyev said the talks were useful.",
        ],
        key_points=["Talks resumed after a year."],
        statements=[Statement("Ilham Aliyev", "the talks were useful", False, 1),
                    Statement("Nikol Pashinyan", "We want peace", True, 1)],
        timeline=[TimelineEvent("2023-09-18", "Talks resumed in Brussels on Monday.", 0)],
    )

    units = briefing_units(briefing, SOURCE, line_of)

    assert [(u.msgid, u.where) for u in units] == [
        ("Armenia and Azerbaijan resume talks", ("title",)),
        ("Leaders meet in Brussels after a year.", ("dek",)),
        ("Talks resumed after a year.", ("key point",)),
        ("the talks were useful", ("statement by Ilham Aliyev (reported)",)),
        ("We want peace", ("statement by Nikol Pashinyan (direct quote)",)),
        ("Talks resumed in Brussels on Monday.", ("timeline 2023-09-18", "text")),
        ("The mood was calm.", ("text",)),
        ("Ilham Aliyev said the talks were useful.", ("text",)),
    ]
    assert all(unit.context is None for unit in units)
    # The file only, as msgmerge --add-location=file: no line moves when text is added.
    assert all(unit.locations == ((SOURCE, 0),) for unit in units)


def test_the_same_text_twice_is_one_unit() -> None:
    repeated = "The ceasefire holds."
    briefing = make_briefing([f"{repeated} Shops opened.", "Nothing else changed.", repeated])

    units = briefing_units(briefing, SOURCE, line_of)

    matching = [unit for unit in units if unit.msgid == repeated]
    assert len(matching) == 1
    assert matching[0].where == ("text",)
    assert matching[0].locations == ((SOURCE, 0),)
    assert len({unit.msgid for unit in units}) == len(units)


def test_a_title_made_from_the_lead_is_the_lead_sentence_unit() -> None:
    lead = "Azerbaijan launched an offensive in Karabakh."
    briefing = make_briefing([f"{lead} Shelling was heard."], title=lead, dek=None)

    units = briefing_units(briefing, SOURCE, line_of)

    assert units[0] == Unit(
        msgid=lead,
        context=None,
        where=("title", "text"),
        locations=((SOURCE, 0),),
    )
    assert [u.msgid for u in units] == [lead, "Shelling was heard."]


def test_no_units_for_missing_or_blank_text_and_no_lines_without_a_map() -> None:
    briefing = make_briefing(["One sentence.", "   "], dek=None, key_points=["  "])

    units = briefing_units(briefing, SOURCE)

    assert [u.msgid for u in units] == ["Armenia and Azerbaijan resume talks", "One sentence."]
    assert all(location == (SOURCE, 0) for u in units for location in u.locations)


def test_abbreviations_do_not_split_sentences() -> None:
    briefing = make_briefing(["On Sept. 19 the U.S. called for calm. Talks followed."])

    units = briefing_units(briefing, SOURCE, line_of)

    assert [u.msgid for u in units][2:] == [
        "On Sept. 19 the U.S. called for calm.",
        "Talks followed.",
    ]


def test_whitespace_in_text_is_collapsed_so_msgids_have_no_line_breaks() -> None:
    briefing = make_briefing(["Talks\nresumed  today."], title="  Talks \t resume ")

    units = briefing_units(briefing, SOURCE)

    assert units[0].msgid == "Talks resume"
    assert all("\n" not in u.msgid and "  " not in u.msgid for u in units)
    assert msgid_for(" a\n b ") == "a b"
