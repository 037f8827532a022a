"""Grouping's speakers heard saying much the same: the same as comparing every statement."""

from __future__ import annotations

import random

import pytest

from briefings.events.grouping import _Features, _Group, _speakers_heard
from briefings.events.text import overlap


def _everyone_compared(item: _Features, group: _Group, least: float) -> set[str]:
    """What grouping did before: every statement against every one of the event's."""
    return {speaker for speaker, said in item.statements
            if any(overlap(said, other) >= least for other, _ in group.statements.get(speaker, ()))}


@pytest.mark.parametrize("least", [0.0, 0.1, 0.3, 0.5, 1.0])
def test_the_speakers_heard_are_those_every_comparison_finds(least: float) -> None:
    chance = random.Random(18)
    words = [f"w{i}" for i in range(12)]
    speakers = ["Aliyev", "Pashinyan", "Michel", "Lavrov"]
    for _ in range(400):
        def said() -> frozenset[str]:
            return frozenset(chance.sample(words, chance.randint(0, 6)))

        item = _Features(None, None, {}, {},  # type: ignore[arg-type]
                         [(chance.choice(speakers), said()) for _ in range(chance.randint(0, 5))])
        group = _Group(0, None)
        for _ in range(chance.randint(0, 6)):
            group.statements[chance.choice(speakers)].append((said(), "slug"))
        assert _speakers_heard(item, group, least) == _everyone_compared(item, group, least)
