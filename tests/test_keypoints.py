"""Key points: whole sentences of the body, never furniture left in it."""

from __future__ import annotations

import re

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from briefings.analysis.keypoints import (
    ends_like_a_sentence,
    is_body_sentence,
    select_key_points,
)
from briefings.analysis.statements import extract_statements
from briefings.glossary import load_glossary

GLOSSARY = load_glossary()


@pytest.mark.parametrize(
    "line",
    [
        "Refugees wait at the border crossing in Kornidzor. Photo: Jane Roe/AFP",
        "Refugees wait at the border crossing near Kornidzor (AFP/Getty Images).",
        "— Example Outlet (@ExampleOutlet) September 19, 2023",
        "Published 20 September 2023, 14:05 GMT and updated since then for readers.",
        "READ MORE: Why the mountain road matters to everyone in the region.",
        "Armenia says thousands have crossed the border since Sunday",  # a teaser headline
        "Follow our live coverage at https://example.org/live for the latest.",
        "Azerbaijan Announces End Of Operation In Karabakh Region Today.",
        "Updated 2 hours ago by the desk, with the latest from the region.",
    ],
)
def test_furniture_is_no_body_sentence(line: str) -> None:
    assert not is_body_sentence(line)


@pytest.mark.parametrize(
    "sentence",
    [
        "Thousands of families crossed into Armenia on Monday, officials said.",
        "“We will not leave our homes,” a resident of the town told the agency.",
        "Human Rights Watch said the road had to stay open for the sick and wounded.",
    ],
)
def test_body_sentences_qualify(sentence: str) -> None:
    assert is_body_sentence(sentence)


def test_key_points_skip_a_caption_and_a_teaser_before_the_lead() -> None:
    paragraphs = [
        "Families queue for fuel in the town centre. Photo: Jane Roe/Example Agency",
        "Armenia says thousands have crossed the border",
        "More than 13,000 people have crossed into Armenia since Sunday, the government said.",
        "The government said it was preparing shelters in three provinces for the arrivals.",
        "Aliyev said the region's residents would keep their rights under the constitution.",
    ]
    points = select_key_points(paragraphs, extract_statements(paragraphs, GLOSSARY))
    assert points[0].startswith("More than 13,000 people")
    assert all(is_body_sentence(p) for p in points)
    assert not any("Photo" in p or p.startswith("Armenia says thousands") for p in points)


@pytest.mark.parametrize(
    "line",
    [
        "Ruritania - The prime minister chairs a cabinet meeting in the capital, March 3, 2024.",
        "Monitors patrol near a border village in this handout picture released on Friday.",
        "Becoming a member of Example Media helps keep our reporting free for everyone.",
        "Support Example Media's work on the ground — become a member today.",
        "Baku /Example/ - The ministry sent ten tonnes of flour to the region on Sunday.",
    ],
)
def test_captions_appeals_and_datelines_are_no_body_sentence(line: str) -> None:
    assert not is_body_sentence(line)


@given(st.text(alphabet=".!?…”\"’'»)( a\u00a0", max_size=12))
@settings(max_examples=400, deadline=None)
def test_a_sentence_end_read_backwards_is_the_one_the_pattern_finds(text: str) -> None:
    """For stripped text (what is_body_sentence reads), as the end-anchored pattern
    ``[.!?…][”"’'»)]*$`` finds it."""
    text = text.strip()
    assert ends_like_a_sentence(text) == bool(re.search(r"[.!?…][”\"’'»)]*$", text))
