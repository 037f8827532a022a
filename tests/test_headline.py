"""Generated headlines: one whole clause in headline style, never cut, never a dateline."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from briefings.analysis.headline import MAX_HEADLINE_CHARS, make_headline
from briefings.analysis.statements import extract_statements
from briefings.glossary import load_glossary

GLOSSARY = load_glossary()


def _headline(*paragraphs: str) -> str | None:
    return make_headline(list(paragraphs), extract_statements(list(paragraphs), GLOSSARY))


def test_lead_statement_gives_who_says_what() -> None:
    headline = _headline(
        "Azerbaijani President Ilham Aliyev said on Wednesday that the pullback of what he "
        "called illegal Armenian armed formations from positions in Karabakh has begun."
    )
    assert headline == "Aliyev says pullback of illegal Armenian armed formations has begun"


def test_a_body_speaks_under_its_name() -> None:
    assert _headline("The Kremlin said on Thursday that the truce in the region was holding.") == (
        "Kremlin says truce in the region was holding"
    )


def test_dateline_and_opening_adverbial_are_dropped() -> None:
    headline = _headline(
        "STEPANAKERT, Oct 3 (Reuters) - On Tuesday, thousands of families crossed the only "
        "mountain road into Armenia after the local militia agreed to lay down its arms."
    )
    assert headline == "Thousands of families crossed the only mountain road into Armenia"


def test_a_role_that_reported_gives_role_says() -> None:
    headline = _headline(
        "The regional governor told reporters that the shelter camps near the border would "
        "open within days, as aid convoys waited at the checkpoint."
    )
    assert headline == "Regional governor says shelter camps near the border would open within days"


def test_nothing_that_fits_gives_none_rather_than_a_cut() -> None:
    long_word_salad = "Negotiations " + "and consultations " * 20 + "continued."
    assert _headline(long_word_salad) is None


@pytest.mark.parametrize("lead", ["", "Yes."])
def test_no_clause_no_headline(lead: str) -> None:
    assert _headline(lead) is None


_WORDS = ["Aliyev", "said", "that", "the", "talks", "on", "Monday", ",", "were", "over",
          "after", "“We", "will", "win,”", "Kremlin", "YEREVAN,", "(Reuters)", "-", "and", "."]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=40).map(" ".join))
def test_a_headline_is_short_whole_and_unpunctuated(lead: str) -> None:
    headline = _headline(lead)
    if headline is None:
        return
    assert len(headline) <= MAX_HEADLINE_CHARS
    assert not headline.endswith(("…", "...", ".", ",", ";", ":"))
    assert headline[0] == headline[0].upper()
    assert headline.count("“") == headline.count("”")


def test_analysis_puts_the_headline_on_the_briefing_and_keeps_the_flag(tmp_path: Path) -> None:
    from briefings.analysis import analyse
    from briefings.inspection import briefing_to_json
    from briefings.sources import read_article

    source = tmp_path / "untitled.txt"
    source.write_text(
        "BAKU, Sept 20 (Reuters) - Azerbaijan's President Ilham Aliyev said on Wednesday that "
        "the withdrawal of ethnic Armenian units from the front line had begun, adding that "
        "talks would follow.\n\nThe talks are due in Yevlakh on Thursday.\n",
        "utf-8",
    )
    briefing = analyse(read_article(source), GLOSSARY)
    assert briefing.article.title_generated
    assert briefing.article.title == (
        "Aliyev says withdrawal of ethnic Armenian units from the front line had begun"
    )
    assert briefing_to_json(briefing)["title"] == briefing.article.title
