"""Where an event's sources differ: figures, voices and dates.

* **figures**: a number given for the same thing (killed, wounded, troops,
  distances, counts of people, villages, vehicles ...) that differs between two
  sources. Numbers are read with the word after them; years, dates and times
  are not figures;
* **voices**: a speaker, or a party (side), heard in one source and absent from
  another;
* **dates**: the same happening (alike in words) given different dates.

Only what the sources say is compared: a difference is a pointer for a
reader, not a verdict on which source is right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefings.events.merging import merged_timeline
from briefings.events.model import Event
from briefings.events.text import canonical_statements, overlap, stems, word_list
from briefings.sentences import split_sentences

_UNITS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen "
          "fourteen fifteen sixteen seventeen eighteen nineteen twenty")
_NUMBER_WORDS = {
    word: value for value, word in enumerate(_UNITS.split(" "))
} | {"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "a hundred": 100,
     "thousand": 1000, "a thousand": 1000}
_SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
_NUMBER = re.compile(
    r"(?<![\w.,])(?P<num>\d{1,3}(?:[,\u202f\u00a0]\d{3})+|\d+(?:\.\d+)?|"
    + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
    + r")(?:\s+(?P<scale>hundred|thousand|million))?(?P<rest>(?:\s+[\w’'-]+){1,6})",
    re.I,
)
_MONTH = re.compile(
    r"^\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I
)
# What a figure counts, by the words after the number.
_KINDS: tuple[tuple[str, frozenset[str]], ...] = (
    ("killed", word_list("killed dead died deaths death fatalities lives slain")),
    ("wounded", word_list("wounded injured hurt injuries")),
    ("troops", word_list("troops soldiers servicemen personnel fighters")),
    ("kilometres", word_list("km kilometres kilometers kilometre kilometer")),
    ("miles", word_list("miles mile")),
)
#: Things counted that two sources can be compared on (the word right after the number).
COUNTED = word_list(
    """
    people civilians residents refugees evacuees prisoners detainees hostages children families
    villages settlements towns homes houses buildings positions posts checkpoints vehicles tanks
    drones rockets missiles shells artillery casualties bodies ambulances trucks convoys
    """
)
_NOT_AFTER = word_list("years year months month weeks week days day hours hour minutes percent "
                       "per cent o'clock")


@dataclass(frozen=True)
class Figure:
    """A number one source gives, and what it counts."""

    kind: str  # "killed", "wounded", "troops", "kilometres", "miles", or the noun counted
    value: float
    sentence: str


@dataclass
class FigureDifference:
    """The same kind of figure, given differently by the sources: ``values[slug]``."""

    kind: str
    values: dict[str, list[float]]
    sentences: dict[str, str] = field(default_factory=dict)


@dataclass
class VoiceDifference:
    """A speaker or party heard in some sources and absent from others."""

    name: str
    party: bool  # a side (affiliation) rather than a speaker
    heard_in: list[str]
    absent_from: list[str]


@dataclass
class DateDifference:
    """One happening given different dates: ``dates[slug]``, with each source's words."""

    dates: dict[str, str]
    texts: dict[str, str]


@dataclass
class Differences:
    figures: list[FigureDifference] = field(default_factory=list)
    voices: list[VoiceDifference] = field(default_factory=list)
    dates: list[DateDifference] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.figures or self.voices or self.dates)


def figures_in(sentence: str) -> list[Figure]:
    """The figures of one sentence: ``"at least 200 people were killed"`` -> killed 200."""
    found = []
    for match in _NUMBER.finditer(sentence):
        raw, rest = match.group("num").lower(), match.group("rest")
        if _MONTH.match(rest) or re.search(r"\b(?:jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)"
                                           r"[a-z]*\s*$", sentence[: match.start()], re.I):
            continue  # "19 September", "September 19": a date
        value = _value(raw)
        if value is None:
            continue
        if match.group("scale"):
            value *= _SCALES[match.group("scale").lower()]
        if raw.isdigit() and 1900 <= value <= 2100 and len(raw) == 4:
            continue  # a year
        words = [w.lower().strip("’'") for w in rest.split()]
        if not words or words[0] in _NOT_AFTER:
            continue
        kind = next((name for name, marks in _KINDS if any(w in marks for w in words[:5])), None)
        if kind is None:
            noun = next((w for w in words[:3] if w in COUNTED), None)
            if noun is None:
                continue
            kind = noun
        found.append(Figure(kind, value, sentence))
    return found


def _value(raw: str) -> float | None:
    if raw in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[raw])
    try:
        return float(re.sub(r"[,\u202f\u00a0]", "", raw))
    except ValueError:
        return None


def differences(event: Event) -> Differences:
    """Where the sources of ``event`` differ (nothing for an event of one source)."""
    found = Differences()
    if len(event.briefings) < 2:
        return found
    # Figures: every sentence of every source, by kind.
    by_kind: dict[str, dict[str, list[Figure]]] = {}
    for briefing in event.briefings:
        for paragraph in briefing.article.paragraphs:
            for sentence in split_sentences(paragraph, briefing.article.lang):
                for figure in figures_in(sentence):
                    by_kind.setdefault(figure.kind, {}).setdefault(briefing.slug, []).append(
                        figure
                    )
    for kind, per_source in by_kind.items():
        values = {slug: sorted({f.value for f in figs}) for slug, figs in per_source.items()}
        if len(values) < 2:
            continue
        sets = [set(v) for v in values.values()]
        # Different when some source gives none of another's values for the same thing.
        if any(not (a & b) for i, a in enumerate(sets) for b in sets[i + 1:]):
            found.figures.append(FigureDifference(
                kind, values, {slug: figs[0].sentence for slug, figs in per_source.items()}
            ))
    # Voices: speakers and parties.
    slugs = event.slugs
    speakers: dict[str, list[str]] = {}
    parties: dict[str, list[str]] = {}
    for briefing in event.briefings:
        for statement in canonical_statements(briefing):
            if statement.unattributed:
                continue
            heard = speakers.setdefault(statement.speaker, [])
            if briefing.slug not in heard:
                heard.append(briefing.slug)
            if statement.affiliation:
                side = parties.setdefault(statement.affiliation, [])
                if briefing.slug not in side:
                    side.append(briefing.slug)
    for table, is_party in ((parties, True), (speakers, False)):
        for name, heard in table.items():
            absent = [slug for slug in slugs if slug not in heard]
            if absent:
                found.voices.append(VoiceDifference(name, is_party, heard, absent))
    # Dates: alike entries of different sources on different days.
    entries = merged_timeline(event)
    words = [stems(entry.text) for entry in entries]
    for i, a in enumerate(entries):
        for j in range(i + 1, len(entries)):
            b = entries[j]
            if a.date == b.date or set(a.sources) & set(b.sources):
                continue
            if overlap(words[i], words[j]) >= 0.4:
                dates = {slug: a.date for slug in a.sources} | {slug: b.date for slug in b.sources}
                texts = {**a.texts, **b.texts}
                found.dates.append(DateDifference(dates, texts))
    return found
