"""The timeline: every dated event in an article, each tied to the sentence that dates it.

Complete dates ("November 10, 2020", "10 November 2020", "2023-09-20"), months
("March 2021") and years ("since the 2020 defeat") are taken as written. Dates that
lean on the publication date ("on Tuesday", "Sept. 19", "yesterday") are resolved
against it, in the direction the sentence points: a past-tense clause means on or
before publication, a future one ("will", "would be held", "next", "scheduled")
means after it. Without a publication date such references are left out; a wrong
date on a timeline is worse than a missing one.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from briefings.model import TimelineEvent
from briefings.sentences import split_sentences
from briefings.sources.metadata import MONTHS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}  # fmt: skip

# Days counted from publication.
RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}

# Bare four-digit numbers read as years only in this range: older numbers in news
# copy are far more often counts than dates.
YEARS = range(1800, 2100)

# A four-digit number preceded by one of these, or followed by one of these nouns,
# is a count ("about 2000 troops"), not a year.
QUANTIFIERS = _words(
    "about around approximately nearly almost some roughly than least over under "
    "estimated additional another"
)
COUNTED_NOUNS = _words(
    "people persons troops soldiers peacekeepers refugees residents civilians families "
    "homes houses protesters fighters police officers workers children men women "
    "casualties deaths dead wounded km kilometres kilometers miles metres meters tons "
    "tonnes dollars euros rubles roubles drams manats percent per"
)

# What makes a clause point forward, and what makes it look back.
FUTURE_CUES = (
    r"will",
    r"won[’']t",
    r"shall",
    r"\w+[’']ll",
    r"would(?:\s+not)?(?:\s+be)?",
    r"(?:is|are|was|were)\s+(?:due|set|scheduled|expected|planned|going)\s+to(?:\s+be)?",
    r"(?:is|are)\s+to(?:\s+be)?",
    r"due\s+to\s+be",
    r"plans?\s+to",
    r"planning\s+to",
    r"scheduled",
    r"to\s+be\s+held",
    r"next",
    r"upcoming",
    r"coming",
)
PAST_CUES = _words(
    "said says told held met was were had has have did began begun came went took taken "
    "gave given made saw seen left fought struck spoke wrote sent won lost broke fell rose "
    "shot hit led brought thought sought caught found became kept ran stood last ago "
    "earlier previous past [a-z]+ed"
)
# A word just before the reference that settles its direction on its own.
FORWARD_MODIFIERS = frozenset({"next", "coming", "upcoming"})
BACKWARD_MODIFIERS = frozenset({"last", "past", "previous"})

# Where one clause ends and the next begins, so that in "said on Monday that talks
# will be held on Friday" each day takes the tense of its own clause.
CLAUSE_BOUNDARY = re.compile(
    r"[,;:()—–]|\b(?:that|but|while|whereas|after|before|when|although|because|and)\b"
)

_MONTH = (
    r"(?P<{name}>"
    + "|".join(sorted((m.capitalize() for m in MONTHS), key=len, reverse=True))
    + r")\b\.?"
)
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?"
_RANGE_END = r"(?:\s*[-–]\s*[0-3]?\d)?"  # "September 19-20, 2023" dates from its first day


def _group(template: str, name: str) -> str:
    return template.format(name=name)


# In order of precedence: a span used by an earlier pattern is not read again, so
# the year of "November 10, 2020" is not also a bare year.
ABSOLUTE_PATTERNS = (
    re.compile(r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?![\d-])"),
    re.compile(
        r"\b"
        + _group(_MONTH, "mn")
        + r"\s+"
        + _group(_DAY, "d")
        + _RANGE_END
        + r"(?:,\s*|\s+)(?P<y>\d{4})\b"
    ),
    re.compile(
        r"\b" + _group(_DAY, "d") + r"\s+(?:of\s+)?" + _group(_MONTH, "mn") + r",?\s+(?P<y>\d{4})\b"
    ),
    re.compile(r"\b" + _group(_MONTH, "mn") + r",?\s+(?P<y>\d{4})\b"),
)
MONTH_DAY_PATTERNS = (
    re.compile(r"\b" + _group(_MONTH, "mn") + r"\s+" + _group(_DAY, "d") + r"\b"),
    re.compile(r"\b" + _group(_DAY, "d") + r"\s+(?:of\s+)?" + _group(_MONTH, "mn")),
)
WEEKDAY_PATTERN = re.compile(r"\b(?P<wd>" + "|".join(w.capitalize() for w in WEEKDAYS) + r")\b")
RELATIVE_PATTERN = re.compile(r"\b(?P<rel>" + "|".join(RELATIVE_DAYS) + r")\b", re.IGNORECASE)
YEAR_PATTERN = re.compile(r"(?<![\d,.$€£/])(?P<y>\d{4})(?![\d%]|[,.]\d|s\b)")

_FUTURE = re.compile(r"\b(?:" + "|".join(FUTURE_CUES) + r")\b", re.IGNORECASE)
_PAST = re.compile(r"\b(?:" + "|".join(sorted(PAST_CUES)) + r")\b", re.IGNORECASE)
_WORD = re.compile(r"[\w’']+")
_SEPARATOR = re.compile(r",?\s*")
_AFTER_BE = re.compile(r"\bbe\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class _Found:
    date: str
    start: int


def extract_timeline(paragraphs: list[str], published: dt.date | None) -> list[TimelineEvent]:
    """The dated events in ``paragraphs``, oldest first.

    :param paragraphs: the article's body, one string per paragraph.
    :param published: the publication date, which weekdays, dates without a year
        and "yesterday"/"today"/"tomorrow" are resolved against; ``None`` leaves
        those out.
    :return: one event per distinct date per sentence, with the whole sentence as
        its text, sorted by date ("YYYY" before "YYYY-MM" before "YYYY-MM-DD" of the
        same year) and then by position in the article.
    """
    keyed: list[tuple[str, int, int, int, TimelineEvent]] = []
    for p_index, paragraph in enumerate(paragraphs):
        for s_index, sentence in enumerate(split_sentences(paragraph)):
            seen: set[str] = set()
            for found in _dates_in(sentence, published):
                if found.date in seen:
                    continue
                seen.add(found.date)
                event = TimelineEvent(date=found.date, text=sentence, paragraph=p_index)
                keyed.append((found.date, p_index, s_index, found.start, event))
    keyed.sort(key=lambda item: item[:4])
    events: list[TimelineEvent] = []
    done: set[tuple[str, str]] = set()
    for *_, event in keyed:
        # The same sentence may recur (a lead repeated in the body); one event is enough.
        if (event.date, event.text) not in done:
            done.add((event.date, event.text))
            events.append(event)
    return events


def _dates_in(sentence: str, published: dt.date | None) -> list[_Found]:
    """Every date ``sentence`` names, in the order they appear.

    Linear in the sentence's length: what is taken is a mask, not a list searched
    for each match, and the tense cues are found once for all the references.
    """
    taken = bytearray(len(sentence))
    starts: set[int] = set()
    found: list[_Found] = []
    cues = _Cues(sentence)

    def claim(match: re.Match[str]) -> bool:
        start, end = match.span()
        if any(taken[start:end]):
            return False
        taken[start:end] = b"\1" * (end - start)
        starts.add(start)
        return True

    def shifted(date: dt.date, days: int) -> dt.date | None:
        try:
            return date + dt.timedelta(days=days)
        except OverflowError:  # "on Monday" a day from the end of the calendar
            return None

    for pattern in ABSOLUTE_PATTERNS:
        for match in pattern.finditer(sentence):
            # Claimed even when it names no real day: "2023-02-30" is no bare year either.
            if claim(match) and (date := _absolute(match)):
                found.append(_Found(date, match.start()))

    for pattern in MONTH_DAY_PATTERNS:
        for match in pattern.finditer(sentence):
            if not claim(match) or published is None:
                continue
            month, day = MONTHS[match["mn"].lower()], int(match["d"])
            resolved = _month_day(month, day, published, cues.points_forward(match))
            if resolved:
                found.append(_Found(resolved.isoformat(), match.start()))

    for match in WEEKDAY_PATTERN.finditer(sentence):
        # "Wednesday, September 20, 2023": the date that follows says it all.
        follows = match.end() + len(_SEPARATOR.match(sentence, match.end())[0])
        if follows in starts:
            continue
        if not claim(match) or published is None:
            continue
        weekday = WEEKDAYS[match["wd"].lower()]
        delta = (weekday - published.weekday()) % 7
        if cues.points_forward(match):
            resolved = shifted(published, delta or 7)
        else:
            resolved = shifted(published, -((7 - delta) % 7))
        if resolved:
            found.append(_Found(resolved.isoformat(), match.start()))

    for match in RELATIVE_PATTERN.finditer(sentence):
        if claim(match) and published is not None:
            resolved = shifted(published, RELATIVE_DAYS[match["rel"].lower()])
            if resolved:
                found.append(_Found(resolved.isoformat(), match.start()))

    for match in YEAR_PATTERN.finditer(sentence):
        if int(match["y"]) in YEARS and not _is_count(sentence, match) and claim(match):
            found.append(_Found(match["y"], match.start()))

    return sorted(found, key=lambda f: f.start)


def _absolute(match: re.Match[str]) -> str | None:
    """The date a complete-date or month-year match names; ``None`` if it is no date."""
    groups = match.groupdict()
    year = int(groups["y"])
    month = MONTHS[groups["mn"].lower()] if groups.get("mn") else int(groups["m"])
    if groups.get("d") is None:
        return f"{year:04d}-{month:02d}" if year in YEARS else None
    try:
        return dt.date(year, month, int(groups["d"])).isoformat()
    except ValueError:
        return None


def _month_day(month: int, day: int, published: dt.date, forward: bool) -> dt.date | None:
    """The nearest ``month``/``day`` after ``published`` (``forward``) or on or before it."""
    years = (
        (published.year, published.year + 1) if forward else (published.year, published.year - 1)
    )
    for year in years:
        try:
            date = dt.date(year, month, day)
        except ValueError:
            continue  # 30 February, or 29 February outside a leap year
        if (date > published) if forward else (date <= published):
            return date
    return None


# A word is never longer than this in real text; a longer run is cut for the look-up.
_WORD_WINDOW = 64
_LAST_WORD = re.compile(r"[\w’']+(?=[^\w’']*$)")


def _word_before(sentence: str, at: int) -> str | None:
    """The last word before ``at``, lower-cased, looked for only near ``at``."""
    found = _LAST_WORD.search(sentence, max(0, at - _WORD_WINDOW), at)
    return found.group(0).lower() if found else None


def _word_after(sentence: str, at: int) -> str | None:
    found = _WORD.search(sentence, at, at + _WORD_WINDOW)
    return found.group(0).lower() if found else None


def _is_count(sentence: str, match: re.Match[str]) -> bool:
    return (_word_before(sentence, match.start()) in QUANTIFIERS
            or _word_after(sentence, match.end()) in COUNTED_NOUNS)


class _Cues:
    """The tense cues and clause boundaries of one sentence, found once."""

    def __init__(self, sentence: str) -> None:
        self.sentence = sentence
        self._cues: list[tuple[int, int, bool]] | None = None
        self._boundaries: list[tuple[int, int]] = []

    def _load(self) -> list[tuple[int, int, bool]]:
        if self._cues is None:
            sentence = self.sentence
            cues = [(m.start(), m.end(), True) for m in _FUTURE.finditer(sentence)]
            future_ends = [e for _, e, _ in cues]
            for m in _PAST.finditer(sentence):
                # "would be held" looks forward although "held" alone looks back.
                i = bisect.bisect_right(future_ends, m.start())
                inside = i > 0 and cues[i - 1][0] <= m.start() < cues[i - 1][1]
                inside = inside or (i < len(cues) and cues[i][0] <= m.start() < cues[i][1])
                before_be = _AFTER_BE.search(sentence, max(0, m.start() - _WORD_WINDOW),
                                             m.start())
                if not inside and not before_be:
                    cues.append((m.start(), m.end(), False))
            cues.sort()
            self._cues = cues
            self._boundaries = [m.span() for m in CLAUSE_BOUNDARY.finditer(sentence)]
        return self._cues

    def points_forward(self, match: re.Match[str]) -> bool:
        """Whether the date reference at ``match`` lies after publication.

        The word just before it ("next", "last") decides when there is one; otherwise
        the nearest tense cue in its clause, or, when its clause has none (as in
        "On Tuesday, Azerbaijan launched ..."), the nearest in the sentence. With no cue
        at all, news copy reports the past.
        """
        start, end = match.span()
        before = _word_before(self.sentence, start)
        if before in FORWARD_MODIFIERS:
            return True
        if before in BACKWARD_MODIFIERS:
            return False
        cues = self._load()
        if not cues:
            return False
        # The clause around the reference: the nearest boundary on each side.
        ends = [e for _, e in self._boundaries]
        i = bisect.bisect_right(ends, start)
        clause_start = self._boundaries[i - 1][1] if i else 0
        j = i
        while j < len(self._boundaries) and self._boundaries[j][0] < end:
            j += 1
        clause_end = self._boundaries[j][0] if j < len(self._boundaries) else len(self.sentence)
        # The nearest cue on each side, the reference itself being no cue
        # ("Wednesday" is not a past participle); in the clause first.
        starts = [c[0] for c in cues]
        k = bisect.bisect_left(starts, start)
        left = next((c for c in reversed(cues[max(0, k - 8):k]) if c[1] <= start), None)
        if left is None:
            left = next((c for c in reversed(cues[:k]) if c[1] <= start), None)
        r = bisect.bisect_left(starts, end)
        right = cues[r] if r < len(cues) else None
        candidates = [c for c in (left, right) if c is not None]
        if not candidates:
            return False
        in_clause = [c for c in candidates if c[0] >= clause_start and c[1] <= clause_end]

        def distance(cue: tuple[int, int, bool]) -> int:
            return start - cue[1] if cue[1] <= start else cue[0] - end

        return min(in_clause or candidates, key=distance)[2]
