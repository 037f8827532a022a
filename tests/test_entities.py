"""Entities: glossary names under their canonical form, other names guessed by shape."""

from __future__ import annotations

from pathlib import Path

import hypothesis.strategies as st
import pytest
from hypothesis import given, settings

from briefings.analysis.entities import _count_mentions, _Found, _glued, _tokens, extract_entities
from briefings.glossary import Glossary, Term, load_glossary
from briefings.model import Entity

SEEDS = Path("/work/shared/seeds")


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


@pytest.fixture(scope="module")
def small_glossary() -> Glossary:
    return Glossary(
        [
            Term(
                "Ilham Aliyev", "person", "Azerbaijan", ("Azeri President Ilham Aliyev", "Aliyev")
            ),
            Term("Council of Europe", "body", "EU"),
            Term("Yerevan", "place", "Armenia"),
        ]
    )


def seed(name: str) -> list[str]:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"sample article {path} not available")
    return [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]


def by_name(entities: list[Entity]) -> dict[str, Entity]:
    return {e.name: e for e in entities}


def names(entities: list[Entity], kind: str) -> list[str]:
    return [e.name for e in entities if e.type == kind]


# --- the sample articles ---------------------------------------------------------


def test_seed_004(glossary: Glossary) -> None:
    entities = extract_entities(seed("004_ed8930f6e6ea7acc.txt"), glossary)
    found = by_name(entities)

    assert names(entities, "person") == [
        "Ilham Aliyev",
        "Hikmet Hajiyev",
        "Charles Michel",
        "Vladimir Putin",
        "Nikol Pashinyan",
    ]
    places = set(names(entities, "place"))
    assert {"Nagorno-Karabakh", "Yerevan", "Baku", "Yevlakh", "Azerbaijan", "Armenia"} <= places
    assert {"Azerbaijani Defense Ministry", "Kremlin"} <= set(names(entities, "body"))
    for noise in ("On", "Wednesday", "Here", "However", "Azeri", "Read", "Thousands"):
        assert noise not in found
    # Every surface form counts: "Azeri President Ilham Aliyev", "Aliyev", "The Azeri President".
    assert found["Ilham Aliyev"].mentions >= 6
    assert found["Azerbaijani Defense Ministry"].mentions == 2  # "Azeri ...", "Azerbaijan's ..."
    assert found["Nikol Pashinyan"].affiliation == "Armenia"
    assert all(e.in_glossary for e in entities)


def test_seed_000_finds_role_phrases_and_no_noise(glossary: Glossary) -> None:
    entities = extract_entities(seed("000_0bd458d27c3695d7.txt"), glossary)
    found = by_name(entities)

    assert "Ilham Aliyev" in found  # "the Azerbaijani president"
    assert {"Nagorno-Karabakh", "Baku", "Yevlakh", "Yerevan"} <= set(names(entities, "place"))
    assert all(e.in_glossary for e in entities), [e.name for e in entities if not e.in_glossary]


def test_order_is_people_then_bodies_then_places_by_first_mention(glossary: Glossary) -> None:
    entities = extract_entities(seed("004_ed8930f6e6ea7acc.txt"), glossary)
    kinds = [e.type for e in entities]

    assert kinds == sorted(kinds, key=("person", "body", "place").index)


# --- glossary matches ------------------------------------------------------------


def test_glossary_mentions_count_every_surface_form(small_glossary: Glossary) -> None:
    paragraphs = [
        "Azeri President Ilham Aliyev spoke in Yerevan.",
        "Aliyev later said Yerevan must listen to Aliyev.",
    ]
    found = by_name(extract_entities(paragraphs, small_glossary))

    assert found["Ilham Aliyev"] == Entity("Ilham Aliyev", "person", "Azerbaijan", 3, True)
    assert found["Yerevan"].mentions == 2


def test_extra_text_counts_after_the_body(small_glossary: Glossary) -> None:
    entities = extract_entities(
        ["Jane Doe met officials in Yerevan."],
        small_glossary,
        ["Aliyev and Jane Doe meet"],
    )
    found = by_name(entities)

    assert found["Ilham Aliyev"].mentions == 1
    assert found["Jane Doe"].mentions == 2
    assert [e.name for e in entities if e.type == "person"] == ["Jane Doe", "Ilham Aliyev"]


# --- names the glossary does not know --------------------------------------------


def test_unknown_names_are_typed_by_shape(small_glossary: Glossary) -> None:
    paragraphs = [
        "Jane Doe, a spokeswoman for the Red Cross, said aid had reached Tbilisi.",
        "However, French President Emmanuel Macron said the Council of Europe must act.",
        "On Wednesday, the Georgian Foreign Ministry said talks in Tbilisi went well.",
        "In New York, the European Court of Human Rights was criticised by The New York Times.",
        "Police Chief Mark Twain arrived from Gyumri on Tuesday.",
    ]
    entities = extract_entities(paragraphs, small_glossary)
    found = by_name(entities)

    assert names(entities, "person") == ["Jane Doe", "Emmanuel Macron", "Mark Twain"]
    assert names(entities, "body") == [
        "Red Cross",
        "Council of Europe",
        "Georgian Foreign Ministry",
        "European Court of Human Rights",
        "New York Times",
    ]
    assert names(entities, "place") == ["Tbilisi", "New York", "Gyumri"]
    assert found["Jane Doe"] == Entity("Jane Doe", "person", None, 1, False)
    assert found["Council of Europe"].in_glossary
    # "New York" inside "New York Times" is the paper, not the city.
    assert found["New York"].mentions == 1
    assert found["Tbilisi"].mentions == 2


@pytest.mark.parametrize(
    "text",
    [
        "On Wednesday, Azeri and Armenian officials met.",
        "Here is what Russian diplomats said.",
        "However, Thousands of protesters gathered.",
        "September was quiet; Parliament met on Monday.",
        "Stepanakert was shelled.",  # one word, no preposition: not enough to type it
        "NATO and the OSCE were silent.",
        "The Armenians and Azerbaijanis disagree.",
    ],
)
def test_words_that_are_not_names(small_glossary: Glossary, text: str) -> None:
    assert extract_entities([text], small_glossary) == []


def test_names_split_at_punctuation_and_conjunctions(small_glossary: Glossary) -> None:
    entities = extract_entities(
        ["Jane Doe and John Smith met Anna Hakobyan, Davit Petrosyan in Gyumri."], small_glossary
    )

    assert names(entities, "person") == [
        "Jane Doe",
        "John Smith",
        "Anna Hakobyan",
        "Davit Petrosyan",
    ]
    assert names(entities, "place") == ["Gyumri"]


def test_titles_and_possessives_are_not_part_of_a_name(small_glossary: Glossary) -> None:
    entities = extract_entities(
        ["Dr. John F. Kennedy visited.", "Armenian Foreign Minister Ararat Mirzoyan's office."],
        small_glossary,
    )

    assert names(entities, "person") == ["John F. Kennedy", "Ararat Mirzoyan"]


def test_glossary_alias_is_never_a_fallback_name() -> None:
    glossary = Glossary([Term("Ilham Aliyev", "person", "Azerbaijan", ("President Aliyev",))])
    entities = extract_entities(["President Aliyev met Jane Doe."], glossary)

    assert [(e.name, e.in_glossary) for e in entities] == [
        ("Ilham Aliyev", True),
        ("Jane Doe", False),
    ]


def test_entities_grow_linearly_with_the_number_of_names() -> None:
    """Ten times the text, each sentence naming new people, costs about ten times the work."""
    import itertools
    import string
    import time

    glossary = load_glossary()
    stems = [a + b for a in string.ascii_uppercase for b in string.ascii_lowercase]
    pairs = itertools.product(stems, stems)

    def text(size: int) -> str:
        out: list[str] = []
        while sum(map(len, out)) < size:
            first, last = next(pairs)
            out.append(f"{first}ova {last}yan met the envoys. ")
        return "".join(out)[:size]

    def cpu(paragraph: str) -> float:
        start = time.process_time()
        extract_entities([paragraph], glossary)
        return max(time.process_time() - start, 1e-3)

    small, large = text(10_000), text(100_000)
    ratio = cpu(large) / cpu(small)
    assert ratio < 35, f"10x the text took {ratio:.0f}x the time"


def _mentions_by_token_records(text: str, names: list[str], longest: int) -> dict[str, int]:
    """What _count_mentions counted when it read the words as token records."""
    counts = dict.fromkeys(names, 0)
    tokens = _tokens(text)
    i = 0
    while i < len(tokens):
        for j in range(min(i + longest, len(tokens)) - 1, i - 1, -1):
            end = tokens[j].end
            name = text[tokens[i].start:end]
            if name in counts and not _glued(text, end):
                counts[name] += 1
                i = j
                break
        i += 1
    return counts


@given(st.lists(st.sampled_from(["Ada", "Ada's", "Quill", "Quill’s", "of", "s", "'s", "-",
                                 "Ada-Quill", "New", "York", " ", ", ", "\0", "x1"]),
                max_size=14))
@settings(max_examples=300, deadline=None)
def test_mentions_are_counted_over_word_spans_as_over_token_records(words: list[str]) -> None:
    text = " ".join(words)
    names = ["Ada", "Quill", "Ada Quill", "New York", "York", "Ada-Quill"]
    found = {name: _Found(name, "person", (0, 0)) for name in names}
    _count_mentions(text, found, 2)
    assert {n: f.mentions for n, f in found.items()} == _mentions_by_token_records(text, names, 2)
