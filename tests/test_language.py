"""Telling a source's language, and not analysing a non-English one with English rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefings.analysis import analyse
from briefings.glossary import load_glossary
from briefings.inspection import briefing_summary, briefing_to_json
from briefings.site.pages import render_briefing
from briefings.sources import parse_article, read_article
from briefings.sources.language import detect_language, is_english, language_name

ARTICLES = Path(__file__).parent / "data" / "articles"

# Sentences written for these tests, one story told in each language.
STORY = {
    "en": "The foreign minister said on Tuesday that talks with the neighbouring country "
          "would resume next month, and that both sides had agreed on an agenda.",
    "az": "Xarici işlər naziri çərşənbə axşamı bildirib ki, qonşu ölkə ilə danışıqlar gələn ay "
          "bərpa olunacaq və tərəflər gündəliyi razılaşdırıblar.",
    "hy": "Արտաքին գործերի նախարարը երեքշաբթի հայտարարեց, որ հարևան երկրի հետ "
          "բանակցությունները կվերսկսվեն հաջորդ ամիս, և կողմերը համաձայնել են օրակարգի շուրջ։",
    "ru": "Министр иностранных дел заявил во вторник, что переговоры с соседней страной "
          "возобновятся в следующем месяце и что стороны согласовали повестку.",
    "tr": "Dışişleri bakanı salı günü komşu ülkeyle görüşmelerin gelecek ay yeniden "
          "başlayacağını ve tarafların gündem üzerinde anlaştığını söyledi.",
}


@pytest.mark.parametrize("code", sorted(STORY))
def test_each_language_is_told(code: str):
    found = detect_language(STORY[code])
    assert found is not None and found.code == code


def test_too_little_text_is_not_guessed():
    assert detect_language("Aliyev in Baku") is None
    assert detect_language("12:40 · 3 min") is None


def test_english_with_many_foreign_names_stays_english():
    text = ("Pashinyan met Aliyev and Erdogan in Nakhchivan on Monday, and Bayramov said "
            "the talks in Yevlakh with the Stepanakert representatives would go on.")
    assert detect_language(text).code == "en"


def test_is_english():
    assert is_english("en") and is_english("en-GB") and is_english(None)
    assert not is_english("az") and not is_english("hy-AM")


def _article(text: str, name: str = "story.txt"):
    return parse_article(text, Path(name))


def test_detected_language_is_set_and_front_matter_wins():
    article = _article("Danışıqlar bərpa olunur\n\n" + STORY["az"] + "\n")
    assert (article.lang, article.lang_source) == ("az", "detected")
    english = _article("Talks to resume\n\n" + STORY["en"] + "\n")
    assert (english.lang, english.lang_source) == ("en", "detected")
    forced = _article("---\nlang: ru\n---\nTalks to resume\n\n" + STORY["en"] + "\n", "a.md")
    assert (forced.lang, forced.lang_source) == ("ru", "front matter")
    short = _article("Talks\n\nThey met.\n")
    assert (short.lang, short.lang_source) == ("en", "default")


@pytest.mark.parametrize("code", ["az", "hy", "ru"])
def test_a_foreign_source_is_not_analysed_with_english_rules(code: str):
    # A sentence shaped like an English attribution, so the English rules would fire.
    text = f"Title line\n\n{STORY[code]} {STORY[code]}\n\n{STORY[code]}\n"
    briefing = analyse(_article(text), load_glossary())
    assert briefing.statements == [] and briefing.timeline == []
    assert briefing.key_points == [] and briefing.entities == []
    data = briefing_to_json(briefing)
    assert data["lang"] == code
    assert data["language"] == {"code": code, "source": "detected", "analysed": False,
                                "translated": False, "name": language_name(code)}
    assert data["paragraphs"]  # the text itself is kept
    summary = briefing_summary(briefing)
    assert "not English, so not analysed" in summary
    assert f"not translated: the source is in {language_name(code)} ({code})" in summary
    page = render_briefing(briefing)
    assert f"This source is in {language_name(code)}, so it has not been analysed" in page


def test_an_english_source_is_analysed_and_says_nothing_about_language():
    text = ("Talks to resume\n\nThe minister said on Tuesday that talks would resume on "
            "October 5, 2023, in Brussels.\n")
    briefing = analyse(_article(text), load_glossary())
    assert briefing.statements or briefing.timeline
    assert "not in English" not in render_briefing(briefing)


def test_azerbaijani_page_is_labelled():
    article = read_article(ARTICLES / "page-azerbaijani.html")
    assert (article.lang, article.lang_source) == ("az", "detected")
    assert article.title == "Bakıda humanitar yardım mərkəzi açıldı"
