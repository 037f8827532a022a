"""The people, places and bodies an article names.

The glossary comes first: a name it knows is reported under its canonical name,
type and affiliation, with every surface form ("Azeri President Ilham Aliyev",
"Aliyev") counted as a mention of the same entity. Names it does not know are
found by shape: runs of capitalised words such as "Jane Doe", "Red Cross" or
"European Court of Human Rights". Their type is a guess from the words they are
made of and the word before them; a run that fits no rule is skipped rather than
typed at random, since an editor can add a missed name to the glossary but has to
notice a wrong one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from briefings.analysis.timeline import WEEKDAYS
from briefings.glossary import Glossary
from briefings.model import Entity
from briefings.sentences import split_sentences
from briefings.sources.metadata import MONTHS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TYPE_ORDER = ("person", "body", "place")

# A run containing one of these names an organisation: "Defense Ministry",
# "Council of Europe", "New York Times", "Red Cross".
BODY_WORDS = _words(
    "Ministry Council Committee Commission Union Army Navy Party Agency Court Parliament "
    "Government Forces Force Bank Organization Organisation Office Service Department "
    "Assembly Senate Congress Duma Cabinet Administration Secretariat Police Guard Guards "
    "Church Patriarchate Foundation Institute Center Centre Fund Association Federation "
    "Alliance Coalition Movement Front Group Company Corporation Inc Ltd Bureau Authority "
    "Tribunal Chamber Mission University College School Academy Cross Crescent Watch "
    "International Nations News Times Press Post Herald Journal Tribune Gazette Radio "
    "Television TV Network Agency Brigade Battalion Regiment Division Corps Command"
)

# Capitalised only because they open a sentence or a clause; never a name's first word.
STOPWORDS = _words(
    "A An The On In At To From Of For By With Without Within Into Onto Over Under Near "
    "After Before During Since Until Across Among Between Through Against Despite Amid "
    "About Around According As And But Or Nor So Yet Also Then Thus Meanwhile However "
    "Moreover Furthermore Nevertheless Still Instead Indeed Earlier Later Now Today "
    "Yesterday Tomorrow Tonight Here There This That These Those It Its He She They We "
    "You I His Her Their Our Your My Who What When Where Why How Which While If Although "
    "Though Because Both Each Every All Some Many Most Several Other Another Such No Not "
    "Only Even Just Read More Thousands Hundreds Dozens Millions Observers Officials"
)

# Nationalities and their plurals: "Azeri" is an adjective, not an entity.
DEMONYMS = _words(
    "Azeri Azeris Azerbaijani Azerbaijanis Armenian Armenians Russian Russians Turkish "
    "Turk Turks Iranian Iranians Georgian Georgians Ukrainian Ukrainians American "
    "Americans European Europeans French German Germans British Chinese Israeli Israelis "
    "Syrian Syrians Soviet Western Eastern Karabakhi Kazakh Belarusian Polish Italian "
    "Spanish Indian Pakistani Arab Arabs Kurdish Kurds"
)

# Titles and office words that precede a person's name: "Foreign Minister Jane Doe".
TITLE_WORDS = _words(
    "President Vice Prime Minister Foreign Defense Defence Interior Finance Economy "
    "Deputy Acting Former Chief Head Spokesman Spokeswoman Spokesperson Secretary General "
    "Ambassador Envoy Special Representative Commissioner Chancellor Premier Speaker "
    "Chairman Chairwoman Chair Governor Mayor Senator Lawmaker MP Pope Patriarch King "
    "Queen Prince Princess Sheikh Emir Colonel Lieutenant Captain Major Sergeant Commander "
    "Admiral Marshal Mr Mrs Ms Dr Prof Sir Dame Lord Lady St Gen Col Lt Capt Sgt Sen Rep "
    "Gov Presidential Advisor Adviser Aide Leader"
)

# What may follow a person's name without being part of how we list it.
NAME_SUFFIXES = _words("Jr Sr")

# Short forms written with a full stop that does not end the name: "Dr. Jane Doe".
ABBREVIATIONS = _words("Mr Mrs Ms Dr Prof St Gen Col Lt Capt Sgt Sen Rep Gov Jr Sr")

# Lower-case words that may sit inside a name: "Council of Europe".
CONNECTORS = _words("of for and the")

# "in Tbilisi", "from Gyumri": a single capitalised word after these is a place.
PLACE_PREPOSITIONS = _words("in at from near to")
# After these, a two- or three-word name is a place too: "in New York".
AREA_PREPOSITIONS = _words("in near")

# No name is longer than this many words ("Ministry of Labour and Social Affairs of the
# Republic of Armenia" has eleven).
MAX_NAME_WORDS = 16

TIME_WORDS = frozenset({m.capitalize() for m in MONTHS} | {w.capitalize() for w in WEEKDAYS})

_TOKEN = re.compile(r"(?<![@#\w’'-])[^\W\d_](?:[\w’'-]*[^\W_])?")
_NAME_WORD = re.compile(r"[^\W\d_][^\W\d_’'-]*(?:[’'-][^\W\d_]+)*")
_POSSESSIVE = ("'s", "’s")
_MASK = "\0"


class _Token(NamedTuple):  # a tuple: made for every word of every sentence, and quick to make
    word: str  # without a possessive ending
    start: int
    end: int
    possessive: bool

    @property
    def capitalised(self) -> bool:
        return self.word[0].isupper()


_new_token = tuple.__new__


@dataclass
class _Found:
    name: str
    type: str
    first: tuple[int, int]
    affiliation: str | None = None
    mentions: int = 0
    in_glossary: bool = True


def extract_entities(
    paragraphs: list[str], glossary: Glossary, extra_text: Sequence[str] = ()
) -> list[Entity]:
    """The people, places and bodies named in an article.

    :param paragraphs: the article's body, one string per paragraph.
    :param glossary: the known names; a match is reported under the term's canonical
        name, type and affiliation.
    :param extra_text: more of the article to search, such as its title and dek;
        it counts after the body for the order of first mention.
    :return: one entity per name, people first, then bodies, then places, each group
        in order of first mention. ``mentions`` counts every surface form; names not
        in the glossary have ``in_glossary=False`` and no affiliation.
    """
    texts = [*paragraphs, *extra_text]
    found: dict[str, _Found] = {}
    masked_texts: list[str] = []

    for t_index, text in enumerate(texts):
        pieces, at = [], 0
        for match in glossary.find(text):
            term = match.term
            entry = found.setdefault(
                term.name,
                _Found(term.name, term.type, (t_index, match.start), term.affiliation),
            )
            entry.mentions += 1
            # Masked so that the name-shape search neither re-finds a known name nor
            # glues it to its neighbours.
            pieces += [text[at : match.start], _MASK * (match.end - match.start)]
            at = match.end
        masked_texts.append("".join([*pieces, text[at:]]))

    common = {word.lower() for text in texts for word in _TOKEN.findall(text)
              if word[0].islower()}
    unknown: dict[str, _Found] = {}
    for t_index, masked in enumerate(masked_texts):
        for offset, sentence in _sentences(masked):
            for name, kind, start in _names_by_shape(sentence, common):
                if name in found or name in unknown or glossary.get(name):
                    continue
                unknown[name] = _Found(name, kind, (t_index, offset + start), in_glossary=False)
    # Longest first at each word, each counted once: "New York" inside "New York Times"
    # is a mention of the paper, not of the city. One pass over the words, so that
    # counting stays linear however many names there are.
    longest = max((len(_TOKEN.findall(name)) for name in unknown), default=0)
    for text in masked_texts:
        _count_mentions(text, unknown, longest)
    for entry in unknown.values():
        entry.mentions = max(1, entry.mentions)
    found.update(unknown)

    ordered = sorted(found.values(), key=lambda e: (TYPE_ORDER.index(e.type), e.first))
    return [
        Entity(
            name=e.name,
            type=e.type,
            affiliation=e.affiliation,
            mentions=e.mentions,
            in_glossary=e.in_glossary,
        )
        for e in ordered
    ]


def _count_mentions(text: str, names: dict[str, _Found], longest: int) -> None:
    """Add to each of ``names`` the times ``text`` mentions it, the longest name first.

    :param longest: the most words any of ``names`` has (the same for every text)
    """
    if not names:
        return
    # Only where each word starts and ends: no token records for every word.
    starts, ends = [], []
    for m in _TOKEN.finditer(text):
        starts.append(m.start())
        end = m.end()
        ends.append(end - 2 if text.endswith(_POSSESSIVE, 0, end) and end - m.start() > 2
                    else end)
    i, count = 0, len(starts)
    while i < count:
        start = starts[i]
        for j in range(min(i + longest, count) - 1, i - 1, -1):
            end = ends[j]
            entry = names.get(text[start:end])
            if entry is not None and not _glued(text, end):
                entry.mentions += 1
                i = j
                break
        i += 1


def _glued(text: str, end: int) -> bool:
    return end < len(text) and (text[end].isalnum() or text[end] in "_-")


def _sentences(text: str) -> list[tuple[int, str]]:
    """The sentences of ``text`` with their offsets in it."""
    located, cursor = [], 0
    for sentence in split_sentences(text):
        at = text.find(sentence, cursor)
        if at < 0:  # the splitter changed the text; fall back to the whole of it
            return [(0, text)]
        located.append((at, sentence))
        cursor = at + len(sentence)
    return located


def _tokens(sentence: str) -> list[_Token]:
    tokens = []
    for m in _TOKEN.finditer(sentence):
        word, end = m.group(0), m.end()
        possessive = word.endswith(_POSSESSIVE) and len(word) > 2
        if possessive:
            word, end = word[:-2], end - 2
        # tuple.__new__ directly: the named tuple's own __new__ is a Python call per word.
        tokens.append(_new_token(_Token, (word, m.start(), end, possessive)))
    return tokens


def _joined(sentence: str, left: _Token, right: _Token) -> bool:
    """Whether two neighbouring words can belong to one name."""
    gap = sentence[left.end : right.start]
    if left.possessive:
        return False
    if gap.isspace() or gap == "":
        return True
    # "Dr. Jane Doe", "John F. Kennedy": the full stop belongs to the short form.
    abbreviated = left.word in ABBREVIATIONS or (len(left.word) == 1 and left.capitalised)
    return abbreviated and gap.startswith(".") and gap[1:].isspace()


def _runs(sentence: str) -> list[tuple[list[_Token], str | None, bool]]:
    """Runs of capitalised words (with connectors inside), each with the word before
    it (lower-cased, or ``None``) and whether it opens the sentence."""
    tokens = _tokens(sentence)
    runs: list[tuple[list[_Token], str | None, bool]] = []
    current: list[_Token] = []
    current_at = 0

    def flush() -> None:
        while current and not current[-1].capitalised:
            current.pop()
        if current:
            before = tokens[current_at - 1] if current_at else None
            # "Baku, Tbilisi": punctuation between cuts the link to the word before.
            linked = before is not None and sentence[before.end : current[0].start].isspace()
            runs.append((list(current), before.word.lower() if linked else None, current_at == 0))
        current.clear()

    for index, token in enumerate(tokens):
        if current and not _joined(sentence, current[-1], token):
            flush()
        if token.capitalised and token.word not in TIME_WORDS:
            if not current:
                current_at = index
            current.append(token)
        elif token.word in CONNECTORS and current:
            current.append(token)
        else:
            flush()
        if token.possessive:
            flush()
    flush()
    return runs


def _names_by_shape(sentence: str, common: set[str]) -> list[tuple[str, str, int]]:
    """Names in ``sentence`` the glossary did not claim: (name, type, offset)."""
    names = []
    for run, previous, opens in _runs(sentence):
        # Leading words that only happen to be capitalised: "However", "On", or a
        # sentence's first word that the article also writes in lower case.
        while run and (
            run[0].word in STOPWORDS
            or not run[0].capitalised
            or (opens and run[0].word.lower() in common)
        ):
            previous = run[0].word.lower()
            opens = False
            run = run[1:]
        if not run or len(run) > MAX_NAME_WORDS:
            continue  # a run that long is a Title Case line, not a name
        for tokens, kind in _classify(run, previous):
            names.append((_surface(sentence, tokens), kind, tokens[0].start))
    return names


def _classify(run: list[_Token], previous: str | None) -> list[tuple[list[_Token], str]]:
    """Split a run into typed names; words that fit no rule are dropped."""
    # Capitalised stretches, each with the connecting words before it ("of the").
    segments: list[tuple[str, list[_Token]]] = [("", [])]
    for token in run:
        if token.capitalised:
            segments[-1][1].append(token)
        elif segments[-1][1]:
            segments.append((token.word, []))
        else:
            segments[-1] = (f"{segments[-1][0]} {token.word}".strip(), [])

    body_at = next(
        (i for i, (_, seg) in enumerate(segments) if any(t.word in BODY_WORDS for t in seg)),
        None,
    )
    typed: list[tuple[list[_Token], str]] = []
    if body_at is None:
        leading, body, trailing = segments, [], []
    else:
        leading, trailing = segments[:body_at], []
        body = list(segments[body_at][1])
        rest = segments[body_at + 1 :]
        if not rest:
            last = max(i for i, t in enumerate(body) if t.word in BODY_WORDS)
            # "Police Chief Jane Doe": the body ends at its last body word.
            trailing = [("", body[last + 1 :])] if body[last + 1 :] else []
            body = body[: last + 1]
        else:
            tailed = False
            for index, (connector, seg) in enumerate(rest):
                # "and" carries a name on only after "of"/"for" has ("Ministry of
                # Labour and Social Affairs"); otherwise it joins two names.
                if connector.startswith("and") and not tailed:
                    trailing = rest[index:]
                    break
                tailed = tailed or bool({"of", "for"} & set(connector.split()))
                body += [t for t in run if body[-1].end <= t.start < seg[0].start]
                body += seg
        # A lone body word ("Parliament", "Ministry") is too vague to list as a name.
        if len(body) >= 2:
            typed.append((body, "body"))

    for connector, seg in leading + trailing:
        before = previous if seg is segments[0][1] else (connector.split() or [None])[-1]
        if (name := _person_or_place(seg, before)) is not None:
            typed.append(name)
    return sorted(typed, key=lambda item: item[0][0].start)


def _person_or_place(seg: list[_Token], before: str | None) -> tuple[list[_Token], str] | None:
    """A place after "in"/"at"/..., or a person: two or three name words once any
    leading titles and nationalities ("Foreign Minister", "French") are taken off."""
    if (
        before in PLACE_PREPOSITIONS
        and all(_plain(t.word) for t in seg)
        and (len(seg) == 1 or (len(seg) <= 3 and before in AREA_PREPOSITIONS))
    ):
        return seg, "place"
    trimmed = list(seg)
    while trimmed and (trimmed[0].word in TITLE_WORDS or trimmed[0].word in DEMONYMS):
        trimmed = trimmed[1:]
    while trimmed and trimmed[-1].word in NAME_SUFFIXES:
        trimmed = trimmed[:-1]
    if (
        2 <= len(trimmed) <= 3
        and all(_plain(t.word) for t in trimmed)
        and len(trimmed[0].word) > 1  # "F. Kennedy" is half a name
        and len(trimmed[-1].word) > 1
    ):
        return trimmed, "person"
    return None


def _plain(word: str) -> bool:
    """Whether ``word`` can be part of a person's or place's name."""
    return (
        _name_shaped(word)
        and word not in DEMONYMS
        and word not in STOPWORDS
        and word not in TITLE_WORDS
        and word not in TIME_WORDS
        and word not in BODY_WORDS
    )


def _name_shaped(word: str) -> bool:
    # "Jane", "Jean-Claude", "O'Brien", "F"; not acronyms such as "NATO".
    return bool(
        _NAME_WORD.fullmatch(word) and word[0].isupper() and (len(word) == 1 or not word.isupper())
    )


def _surface(sentence: str, tokens: list[_Token]) -> str:
    return sentence[tokens[0].start : tokens[-1].end]
