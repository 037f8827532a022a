"""Words of a text for comparing two texts: content words, crudely stemmed.

Two sources rarely report the same thing in the same words ("launched an
anti-terrorist operation", "initiated anti-terrorism actions"); cutting each word
to its first letters and dropping function words is enough to see that they
overlap, without a stemmer per language (articles are in English).
"""

from __future__ import annotations

import functools
import re
from dataclasses import replace

from briefings.model import Briefing, Statement

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_STEM = 5


def word_list(text: str) -> frozenset[str]:
    """The words of ``text`` as a set (word lists are easier to read as text)."""
    return frozenset(text.split())


STOPWORDS = word_list(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers him his how i if in into is it its itself just
    me more most my no nor not now of off on once only or other our ours out over own said same
    say says she should so some such than that the their theirs them then there these they this
    those through to too under until up very was we were what when where which while who whom
    why will with would you your yours told added according adding stated noted
    monday tuesday wednesday thursday friday saturday sunday today yesterday
    """
)


# Pure, and asked again of the same sentences for every event page in every
# language (the merged timeline, the differences): each text is cut once.
@functools.lru_cache(maxsize=65_536)
def stems(text: str) -> frozenset[str]:
    """The content words of ``text``, lower-cased and cut to their first letters."""
    return frozenset(
        word[:_STEM]
        for word in (w.lower().replace("’", "'") for w in _WORD.findall(text))
        if len(word) > 2 and word not in STOPWORDS
    )


def overlap(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two sets of stems (0 when both are empty)."""
    if not a or not b:
        return 0.0
    # |a ∪ b| = |a| + |b| - |a ∩ b|: the same number, without building the union.
    shared = len(a & b)
    return shared / (len(a) + len(b) - shared)


def canonical_statements(briefing: Briefing) -> list[Statement]:
    """The briefing's statements, each speaker by the name the article's entities give it.

    A speaker found as "Petra Lunde of the Green Alliance" is the person
    "Petra Lunde" the article names: across sources, one speaker is one heading.
    """
    people = sorted((e.name for e in briefing.entities if e.type == "person"), key=len,
                    reverse=True)
    known = {e.name for e in briefing.entities}
    found = []
    for statement in briefing.statements:
        speaker = statement.speaker
        if not statement.unattributed and speaker not in known:
            speaker = next((name for name in people if speaker.startswith(name + " ")), speaker)
        found.append(statement if speaker == statement.speaker
                     else replace(statement, speaker=speaker))
    return found
