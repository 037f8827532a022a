"""Events: grouping (the editor's keys, automatic grouping, no chaining), merging, differences."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from briefings.analysis import analyse
from briefings.errors import BriefingsError
from briefings.events import group_events
from briefings.events.differences import differences, figures_in
from briefings.events.grouping import GroupingSettings
from briefings.events.merging import merged_timeline, statements_across, voices
from briefings.events.model import EventNote
from briefings.events.notes import load_event_notes, parse_event_notes
from briefings.glossary import load_glossary
from briefings.model import Briefing
from briefings.sources.article import parse_article

ROOT = Path(__file__).resolve().parent.parent
GLOSSARY = load_glossary(ROOT / "corpus/events/glossary.yaml")


def briefing(slug: str, body: str, published: str | None = None, **front: str) -> Briefing:
    lines = [f"title: {slug.replace('-', ' ').capitalize()}"]
    if published:
        lines.append(f"published: {published}")
    lines += [f"{key}: {value}" for key, value in front.items()]
    text = "---\n" + "\n".join(lines) + "\n---\n" + body
    return analyse(parse_article(text, Path(f"content/{slug}.md")), GLOSSARY)


FLOOD_A = (
    "The River Orsa burst its banks in Dravik on Monday, flooding the lower town.\n\n"
    "Governor Mila Santer said that 400 residents had been moved to the sports hall.\n\n"
    "\"The water rose faster than anyone expected,\" Santer said.\n"
)
FLOOD_B = (
    "Floodwater from the Orsa cut Dravik in two on March 4, 2024.\n\n"
    "Governor Mila Santer said that 350 residents had spent the night in the sports hall.\n\n"
    "\"The water rose faster than anyone expected,\" Santer told reporters.\n\n"
    "Emergency Minister Tomas Verdel said army boats would reach Dravik by the evening.\n"
)
STRIKE = (
    "Dock workers at Port Calder walked out on Monday over night-shift pay.\n\n"
    "Anika Brandt of the Dockers Union said that 2,000 members had joined the strike.\n\n"
    "Henrik Moll of the Calder Port Authority said the strike was unlawful.\n"
)


def test_articles_of_one_event_are_grouped_and_the_grouping_is_explained() -> None:
    index = group_events([
        briefing("flood-a", FLOOD_A, "2024-03-04"),
        briefing("flood-b", FLOOD_B, "2024-03-05"),
        briefing("strike", STRIKE, "2024-03-04"),
    ])
    [event] = index.events
    assert sorted(event.slugs) == ["flood-a", "flood-b"]
    assert event.title_generated
    joined = event.links[1]
    assert joined.chosen == "automatic" and 0 < joined.score < 2
    assert {"Dravik", "Mila Santer"} <= set(joined.shared)
    assert index.of("strike") is None and index.of("flood-a") is event


def test_the_editor_key_wins_and_none_keeps_an_article_out() -> None:
    index = group_events(
        [
            briefing("flood-a", FLOOD_A, "2024-03-04", event="none"),
            briefing("flood-b", FLOOD_B, "2024-03-05"),
            briefing("strike", STRIKE, "2024-03-04", event="spring-unrest"),
            briefing("flood-c", FLOOD_A, "2024-05-30", event="spring-unrest"),
        ],
        {"spring-unrest": EventNote("Spring of unrest", "Floods and strikes.")},
    )
    [event] = index.events
    assert event.key == "spring-unrest" and sorted(event.slugs) == ["flood-c", "strike"]
    assert (event.title, event.dek, event.title_generated) == (
        "Spring of unrest", "Floods and strikes.", False)
    assert {link.chosen for link in event.links} == {"editor"}
    assert index.excluded == ["flood-a"]
    assert index.of("flood-b") is None  # alone: its twin is kept out by the editor


def test_months_of_coverage_of_one_region_do_not_chain_into_one_event() -> None:
    # The same people and places every other day for four months: a chain if
    # articles were linked one to the next; several short events here.
    start = dt.date(2024, 1, 1)
    items = [
        briefing(f"day-{n}", FLOOD_A if n % 2 else FLOOD_B,
                 (start + dt.timedelta(days=2 * n)).isoformat())
        for n in range(60)
    ]
    index = group_events(items)
    assert len(index.events) > 10
    settings = GroupingSettings()
    for event in index.events:
        assert event.end and event.start
        assert (event.end - event.start).days <= settings.max_span_days


def test_an_undated_article_joins_on_its_names_and_statements() -> None:
    index = group_events([
        briefing("flood-a", FLOOD_A, "2024-03-04"),
        briefing("flood-undated", FLOOD_B),
        briefing("strike", STRIKE, "2024-03-04"),
    ])
    [event] = index.events
    assert event.slugs == ["flood-a", "flood-undated"]  # undated last
    assert event.links[1].days is None


def test_grouping_compares_each_article_with_a_bounded_number_of_events() -> None:
    start = dt.date(2024, 1, 1)
    items = [
        briefing(f"a-{n}", FLOOD_A, (start + dt.timedelta(days=n // 3)).isoformat())
        for n in range(300)
    ]
    index = group_events(items)
    settings = GroupingSettings()
    # Not all pairs (300 * 299 / 2 = 44,850): each article meets few events.
    assert index.compared <= 2 * len(items) * settings.max_candidates
    assert index.compared < len(items) * 20


def test_near_misses_say_why() -> None:
    index = group_events([
        briefing("flood-a", FLOOD_A, "2024-03-04"),
        briefing("flood-b", FLOOD_B, "2024-03-05"),
        briefing("flood-later", FLOOD_B, "2024-03-25"),
        briefing("flood-later-2", FLOOD_A, "2024-03-25"),
    ])
    assert len(index.events) == 2
    # The later ones are weeks away: never compared with the first event at all.
    assert all(m.event != index.of("flood-a").key for m in index.near_misses)  # type: ignore[union-attr]


def test_merged_timeline_names_every_source_and_merges_near_duplicates() -> None:
    a = briefing("a", "On March 4, 2024, the Orsa flooded the lower town of Dravik.\n",
                 "2024-03-05")
    b = briefing("b", "The Orsa flooded the lower town of Dravik on March 4, 2024, "
                      "police said.\n\nOn March 5, 2024, army boats reached Dravik.\n",
                 "2024-03-05")
    index = group_events([a, b], settings=GroupingSettings(threshold=0.0, min_shared_names=0))
    [event] = index.events
    timeline = merged_timeline(event)
    merged = [e for e in timeline if e.date == "2024-03-04"]
    assert len(merged) == 1 and sorted(merged[0].sources) == ["a", "b"]
    assert any(e.date == "2024-03-05" and e.sources == ["b"] for e in timeline)


def test_who_said_what_shows_a_shared_statement_once_and_keeps_quotes_apart() -> None:
    index = group_events([
        briefing("flood-a", FLOOD_A, "2024-03-04"),
        briefing("flood-b", FLOOD_B, "2024-03-04"),
    ])
    [event] = index.events
    speakers = {group.speaker: group for group in statements_across(event)}
    santer = speakers["Mila Santer"]
    [quote] = santer.quotes
    assert quote.direct_quote and sorted(quote.sources) == ["flood-a", "flood-b"]
    assert santer.reported and all(not s.direct_quote for s in santer.reported)
    assert speakers["Tomas Verdel"].sources == ["flood-b"]


def test_differences_figures_voices_and_dates() -> None:
    a = briefing("a", FLOOD_A + "\nAt least 3 people were killed, police said.\n", "2024-03-04")
    b = briefing("b", FLOOD_B + "\nFive people were killed in the flood.\n", "2024-03-04")
    [event] = group_events([a, b]).events
    found = differences(event)
    kinds = {f.kind: f.values for f in found.figures}
    assert kinds["killed"] == {"a": [3.0], "b": [5.0]}
    assert kinds["residents"] == {"a": [400.0], "b": [350.0]}
    verdel = next(v for v in found.voices if v.name == "Tomas Verdel")
    assert verdel.heard_in == ["b"] and verdel.absent_from == ["a"] and not verdel.party
    assert any(v.party and v.name == "Government" for v in found.voices)
    counted = voices(event)
    assert counted.by_source["b"]["Government"] == 1
    assert counted.party_total("Kelm") >= 2


def test_the_same_happening_given_different_dates_is_a_difference() -> None:
    a = briefing("a", "Dravik flood. On March 4, 2024, army boats reached the flooded "
                      "streets of Dravik, Governor Mila Santer said.\n", "2024-03-06")
    b = briefing("b", "Dravik flood. On March 5, 2024, army boats reached the flooded "
                      "streets of Dravik, Governor Mila Santer said.\n", "2024-03-06")
    [event] = group_events([a, b]).events
    [dates] = differences(event).dates
    assert dates.dates == {"a": "2024-03-04", "b": "2024-03-05"}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("At least 200 people were killed.", [("killed", 200.0)]),
    ("Twelve soldiers were wounded near the border.", [("wounded", 12.0)]),
    ("The army moved 3,000 troops to the line.", [("troops", 3000.0)]),
    ("The convoy stopped 15 km from the town.", [("kilometres", 15.0)]),
    ("Rescuers reached 4 villages.", [("villages", 4.0)]),
    ("On 19 September 2023, talks began, after 24 hours of fighting.", []),
    ("In 2020 the war ended.", []),
])
def test_figures_are_read_with_what_they_count(sentence: str,
                                               expected: list[tuple[str, float]]) -> None:
    assert [(f.kind, f.value) for f in figures_in(sentence)] == expected


def test_events_yaml_gives_titles_and_deks(tmp_path: Path) -> None:
    assert load_event_notes(tmp_path) == {}
    (tmp_path / "events.yaml").write_text(
        "dravik-flood:\n  title: The Dravik flood\n  dek: |\n    Three days of\n    rain.\n",
        "utf-8")
    assert load_event_notes(tmp_path) == {
        "dravik-flood": EventNote("The Dravik flood", "Three days of rain.")}


@pytest.mark.parametrize(("data", "problem"), [
    (b"Bad Key:\n  title: x\n", "lower-case letters"),
    (b"k:\n  title: x\n  url: y\n", "takes only 'title' and 'dek'"),
    (b"k: [1, 2]\n", "takes only"),
    (b"- a\n- b\n", "must map event keys"),
    (b"k:\n  title: !!python/object:os.system x\n", "invalid YAML"),
    (b"k: {title: [x\n", "invalid YAML"),
    (b"\xff\xfe", "UTF-8"),
    (b"a: &a [x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
     b"c: [" + b", ".join([b"*b"] * 120) + b"]\n", "aliases"),
    (b"k:\n  title: " + b"x" * 600_000 + b"\n", "over 512 kB"),
])
def test_a_bad_events_yaml_is_one_clear_problem(data: bytes, problem: str) -> None:
    with pytest.raises(BriefingsError) as caught:
        parse_event_notes(data)
    assert problem in str(caught.value) and "events.yaml" in str(caught.value)


def test_front_matter_event_must_be_a_key() -> None:
    with pytest.raises(BriefingsError, match="'event' must be a key"):
        briefing("x", "Text.\n", event="'Not a key!'")
    assert briefing("x", "Text.\n", event="dravik-flood").article.event == "dravik-flood"
    assert briefing("x", "Text.\n").article.event is None


def test_the_corpus_scores_above_its_floor() -> None:
    # Through the command (bench/corpus.py is imported as "corpus" by other tests).
    result = subprocess.run(
        [sys.executable, "-m", "corpus.events.score", "--json"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert figures["articles"] >= 40 and figures["events"] >= 8
    assert figures["precision"] >= 0.95
    assert figures["recall"] >= 0.9


def test_a_speaker_with_a_title_after_the_name_is_one_speaker_across_sources() -> None:
    a = briefing("a", "Halvar debate. Petra Lunde of the Green Alliance said she would freeze "
                      "council rents in Halvar.\n\nOskar Feld said Halvar needs flats.\n",
                 "2024-03-04")
    b = briefing("b", "Halvar debate. Petra Lunde said she would freeze council rents in "
                      "Halvar.\n\nOskar Feld said rents in Halvar are too high.\n", "2024-03-04")
    [event] = group_events([a, b]).events
    speakers = {group.speaker: group for group in statements_across(event)}
    assert "Petra Lunde of the Green Alliance" not in speakers
    [rents] = speakers["Petra Lunde"].reported
    assert rents.sources == ["a", "b"]
