"""The events' grouping gives every number the plain grouping gave (issue 18's speed-ups).

:mod:`events_reference` is the grouping before it was made fast, statement against
statement. On generated collections with ties (the same article twice), undated
articles, the editor's keys and ``event: none``, the fast one must make the very
same index: events, members, links, scores, near misses and ``compared``. And an
edit of statements' words that :func:`briefings.events._same_comparisons` lets keep
the grouping must group exactly as grouping again would.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
from pathlib import Path

import events_reference
import pytest

from briefings.events import (
    _comparisons_data,
    _read_by_grouping,
    _same_comparisons,
    _stored,
    group_events,
)
from briefings.events.grouping import GroupingSettings
from briefings.events.model import EventNote
from briefings.model import UNATTRIBUTED, Article, Briefing, Entity, SourceInfo, Statement

PEOPLE = ["Mila Santer", "Oleg Varn", "Ana Petrosyan", "Tarin Oskel", "Lev Dorn", "Sara Ilic"]
PLACES = ["Dravik", "Orsa", "Kelm", "Vanadzor", "Goris", "Sumgait", "Ganja"]
BODIES = ["Interior Ministry", "Red Cross", "World Bank"]
WORDS = ["flood", "bridge", "talks", "border", "water", "power", "prices", "school",
         "ceasefire", "harvest", "repairs", "convoy", "shelter", "election", "strike"]


def _statement(rng: random.Random, speakers: list[str]) -> Statement:
    speaker = UNATTRIBUTED if rng.random() < 0.1 else rng.choice(speakers)
    return Statement(speaker, " ".join(rng.sample(WORDS, rng.randint(0, 6))), False, 0)


def collection(articles: int, seed: int) -> list[Briefing]:
    """Articles about a few happenings, named and quoted from small lists, so that
    names, words and statements overlap a lot and scores come close."""
    rng = random.Random(seed)
    happenings = []
    for _ in range(max(1, articles // 4)):
        happenings.append((dt.date(2025, 3, 1) + dt.timedelta(days=rng.randrange(40)),
                           rng.sample(PEOPLE, 2), rng.sample(PLACES, 2), rng.sample(BODIES, 1)))
    made: list[Briefing] = []
    for number in range(articles):
        slug = f"article-{number:03d}"
        if made and rng.random() < 0.12:  # the same article twice: every score ties
            twin = rng.choice(made)
            made.append(Briefing(dataclasses.replace(twin.article, slug=slug), [],
                                 twin.statements, [], twin.entities))
            continue
        day, people, places, bodies = rng.choice(happenings)
        names = [*people, *places[:rng.randint(1, 2)], *bodies]
        if rng.random() < 0.3:
            names.append(rng.choice(PLACES))
        entities = [Entity(n, "person" if n in PEOPLE else "place") for n in dict.fromkeys(names)]
        speakers = [*people, *bodies]
        chance = rng.random()
        event = ("none" if chance < 0.06 else f"editor-{rng.randint(1, 3)}" if chance < 0.15
                 else None)
        article = Article(
            path=Path(f"content/{slug}.md"), slug=slug,
            title=f"{rng.choice(WORDS).capitalize()} in {places[0]}", title_generated=False,
            dek=rng.choice([None, f"{rng.choice(WORDS)} and {rng.choice(WORDS)}"]), dateline=None,
            published=None if rng.random() < 0.2 else day + dt.timedelta(days=rng.randrange(5)),
            source=SourceInfo(), attribution=None,
            paragraphs=[" ".join(rng.sample(WORDS, 4)) + f" in {places[0]}.",
                        f"{people[0]} visited {rng.choice(places)}."],
            removed=[], event=event)
        statements = [_statement(rng, speakers) for _ in range(rng.randint(0, 6))]
        made.append(Briefing(article, [], statements, [], entities))
    return made


SETTINGS = [
    GroupingSettings(),
    GroupingSettings(statement_overlap=0.0),
    GroupingSettings(statement_overlap=0.6, statement_bonus=0.3),
    GroupingSettings(threshold=0.25, near_miss=0.05, max_candidates=4, window_days=10,
                     max_span_days=20),
]


@pytest.mark.parametrize("settings", SETTINGS)
@pytest.mark.parametrize("seed", range(6))
def test_the_grouping_is_the_plain_groupings_to_the_last_digit(
    seed: int, settings: GroupingSettings
) -> None:
    items = collection(90, seed)
    notes = {"editor-1": EventNote(title="The editor's title")}
    fast = group_events(items, notes, settings)
    assert fast == events_reference.group_events(items, notes, settings)
    # (repr: every float to its last digit, and the briefings by slug.)
    assert repr(_stored(fast)) == repr(_stored(events_reference.group_events(items, notes,
                                                                             settings)))


def test_the_generated_collections_have_what_could_go_wrong() -> None:
    indexes = [group_events(collection(90, seed)) for seed in range(6)]
    links = [link for index in indexes for event in index.events for link in event.links]
    assert any(link.statements for link in links), "speakers heard in events"
    assert any(link.chosen == "editor" for link in links)
    assert any(link.days is None and link.chosen == "automatic" for link in links), "undated"
    assert all(index.excluded and index.near_misses for index in indexes)
    scores = [link.score for link in links if link.chosen == "automatic" and link.score < 1]
    assert len(scores) > len(set(scores)), "ties"


def _reworded(items: list[Briefing], rng: random.Random) -> list[Briefing]:
    """The same articles, a few with one statement's words changed (same speaker)."""
    changed = list(items)
    for number in rng.sample(range(len(items)), rng.randint(1, 3)):
        briefing = items[number]
        spoken = [i for i, s in enumerate(briefing.statements) if not s.unattributed]
        if not spoken:
            continue
        statements = list(briefing.statements)
        which = rng.choice(spoken)
        words = statements[which].text.split()
        if words and rng.random() < 0.5:
            words[rng.randrange(len(words))] = rng.choice(WORDS)
        else:
            words = rng.sample(WORDS, rng.randint(0, 6))
        statements[which] = dataclasses.replace(statements[which], text=" ".join(words))
        changed[number] = dataclasses.replace(briefing, statements=statements)
    return changed


@pytest.mark.parametrize("least", [0.3, 0.6])
def test_an_edit_of_statements_kept_is_an_edit_that_groups_the_same(least: float) -> None:
    rng = random.Random(18)
    settings = GroupingSettings(statement_overlap=least)
    kept = regrouped = 0
    for round_ in range(40):
        items = collection(60, round_)
        edited = _reworded(items, rng)
        rest, said = _read_by_grouping(items)
        rest_now, said_now = _read_by_grouping(edited)
        if rest != rest_now or said == said_now:
            continue  # a speaker's name changed, or the words did not
        made: dict = {}
        before = repr(_stored(group_events(items, None, settings, made)))
        after = repr(_stored(group_events(edited, None, settings)))
        compared = _comparisons_data([[slug, number, None if heard is None else list(heard.items())]
                                      for slug, (number, heard) in made.items()])
        if _same_comparisons(said, said_now, least, [b.slug for b in edited], compared):
            kept += 1
            assert after == before
        else:
            regrouped += 1
    assert kept >= 5 and regrouped >= 5
