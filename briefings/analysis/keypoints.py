"""Key points: three to five sentences taken from the text, never written anew.

A reader skimming the page should get what happened (the lead), what the main
voices claim, and the figures that matter, in the article's own words.
"""

from __future__ import annotations

import re
from collections import Counter

from briefings.model import Statement
from briefings.sentences import split_sentences

MIN_POINTS, MAX_POINTS = 3, 5
MAX_POINT_CHARS = 320

# A key figure: a count of people or things, a share, or money, not a date or a year.
_FIGURE = re.compile(
    r"\b(?:\d{1,3}(?:[,\s]\d{3})+|\d+(?:\.\d+)?)\s*(?:%|per\s?cent|percent|million|billion|"
    r"thousand|people|civilians|soldiers|troops|dead|killed|wounded|injured|residents|"
    r"refugees|peacekeep\w*|\w+\s+(?:killed|wounded|injured|dead|displaced))|"
    r"\b(?:thousands|hundreds|dozens|millions)\s+of\b|[$€£₽]\s?\d",
    re.IGNORECASE,
)


def select_key_points(paragraphs: list[str], statements: list[Statement]) -> list[str]:
    """The lead, the main claims of the most-heard speakers, and a key figure, in text order."""
    sentences = [(p, s) for p, text in enumerate(paragraphs) for s in split_sentences(text)]
    if not sentences:
        return []
    order = {s: i for i, (_, s) in enumerate(sentences)}
    chosen: list[str] = [sentences[0][1]]

    def take(sentence: str) -> None:
        if sentence in order and sentence not in chosen and len(sentence) <= MAX_POINT_CHARS:
            chosen.append(sentence)

    # The main claims: the first statement of each of the most-heard speakers.
    heard = Counter(s.speaker for s in statements if not s.unattributed)
    for speaker, _ in heard.most_common():
        if len(chosen) >= MAX_POINTS - 1:
            break
        first = next(s for s in statements if s.speaker == speaker)
        take(first.sentence)

    for _, sentence in sentences:
        if _FIGURE.search(sentence) and sentence not in chosen:
            take(sentence)
            break

    # Short articles: fill up with the next sentences of the lead paragraphs.
    for _, sentence in sentences:
        if len(chosen) >= MIN_POINTS:
            break
        take(sentence)
    return sorted(chosen[:MAX_POINTS], key=lambda s: order.get(s, 0))
