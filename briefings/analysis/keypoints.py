"""Key points: three to five sentences taken from the text, never written anew.

A reader skimming the page should get what happened (the lead), what the main
voices claim, and the figures that matter, in the article's own words. Only whole
body sentences qualify: a line that reads like page furniture the sources stage let
through (a caption, a teaser headline, a credit, an embed's signature, a timestamp)
is never a key point, however early it comes.
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


# What furniture looks like when it is left in the body.
_FURNITURE = re.compile(
    r"pic\.twitter\.com|https?://|www\.|@\w|#\w|©|\bphoto(?:graph)?s?\b\s*(?::|by\b)"
    r"|\b(?:Getty Images|AFP|AP|Reuters|Anadolu|EPA|TASS|Sputnik)\s*(?:/|via\b|Photo)"
    r"|/\s*(?:AFP|AP|Reuters|EPA|Getty|TASS)\b|\b(?:Read|READ) (?:more|MORE|also|ALSO)\b"
    r"|\b(?:Published|Updated|Last updated|Posted)\b\s*:?\s*\d|^\s*[—–-]\s|\s\|\s"
    r"|\b\d{1,2}:\d{2}\s*(?:GMT|UTC|am|pm|AM|PM)?\b|\b\d+\s+(?:minutes?|hours?|days?)\s+ago\b"
    r"|\b(?:Subscribe|Sign up|Newsletter|Click here|WATCH|LIVE|Advertisement)\b"
    # membership and donation appeals
    r"|\b(?:[Bb]ecome|[Bb]ecoming|[Jj]oin)\s+(?:a|our)\s+(?:member|subscriber|patron|supporter)s?\b"
    r"|\b[Ss]upport\s+(?:our|[\w.]+['’]s)\s+(?:work|journalism|reporting)\b|\b[Dd]onate\b"
    # a photo's caption: "Place - Someone does something in City, September 21, 2023."
    r"|,\s+(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)\s+\d{1,2},\s+\d{4}\.?$|\b(?:handout|file)\s+(?:picture|photo)\b"
    r"|\bin this (?:picture|photo|image)\b|^[A-Z][\w’'.-]*(?:\s[A-Z][\w’'.-]*){0,2}\s[-–]\s"
    # an agency's dateline left in front: "Baku /Trend/ - ..."
    r"|^[A-Z][\w’'.-]*(?:\s[A-Z][\w’'.-]*)?,?\s+/[^/]{2,30}/",
)
# Marks of a caption, credit or embed: a paragraph holding one gives no key point at all
# (its other sentences describe a picture or a post, not the story).
_CAPTION = re.compile(
    r"pic\.twitter\.com|\bphoto(?:graph)?s?\b\s*(?::|by\b)|Getty Images"
    r"|/\s*(?:AFP|AP|Reuters|EPA|Getty|TASS|Sputnik)\b|\((?:AFP|AP|Reuters|EPA)\s*/"
    r"|\b(?:Read|READ) (?:more|MORE|also|ALSO)\b|^\s*[—–-]\s",
    re.IGNORECASE,
)
# Function words: a sentence of the body has some; a headline or caption has few.
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FUNCTION_WORDS = _words(
    "the a an of to in on at for with by from and or but that which who is are was were "
    "has have had be been will would said says it its his her their this as"
)
MIN_POINT_WORDS = 7
_ENDS = frozenset(".!?…")
_CLOSERS = "”\"’'»)"


def is_body_sentence(sentence: str) -> bool:
    """Whether ``sentence`` reads as a whole sentence of the article's body.

    It ends like a sentence, has enough words and enough function words for one, is
    not in capitals, and carries none of the marks of a caption, credit, embed, teaser
    or timestamp.
    """
    text = sentence.strip()
    words = text.split()
    if len(words) < MIN_POINT_WORDS or (not text[0].isupper() and text[0] not in "“\"‘'«"):
        return False
    if not ends_like_a_sentence(text) or text.upper() == text:
        return False
    # Written in lower case, as a sentence has them; a Title Case headline has none.
    bare = [w.strip("“”\"‘’'«»,.;:()") for w in words]
    if sum(w in _FUNCTION_WORDS for w in bare) < 2:
        return False
    return not _FURNITURE.search(text)


def ends_like_a_sentence(text: str) -> bool:
    """Whether ``text`` ends with a full stop, ``!``, ``?`` or ``…``, closing quotes and
    brackets aside (read from the end: an end-anchored pattern would be tried at every
    position of the sentence)."""
    return text.rstrip(_CLOSERS)[-1:] in _ENDS


def select_key_points(paragraphs: list[str], statements: list[Statement]) -> list[str]:
    """The lead, the main claims of the most-heard speakers, and a key figure, in text order.

    Only sentences that pass :func:`is_body_sentence` are taken; the lead is the first
    one that does.
    """
    sentences = [(p, s) for p, text in enumerate(paragraphs) if not _CAPTION.search(text)
                 for s in split_sentences(text) if is_body_sentence(s)]
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
