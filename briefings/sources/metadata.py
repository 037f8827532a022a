"""Facts that sit in the text's furniture: datelines and credits.

These are lifted into the article's metadata rather than dropped, because a
reader needs them: where and when the story was filed, and who made it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
_MONTH = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"  # noqa: E501
_DATE = (
    rf"(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y2>\d{{4}}))?)"
)
# Possessive (*+): a long hyphenated run must not be split every possible way.
_PLACE = r"[A-Z][\w'’.-]*+(?:[ -][A-Z][\w'’.-]*+){0,3}"
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"

# Datelines as wire services and regional agencies write them, at the start of the
# first paragraph: "YEREVAN, Sept 22 (Reuters) -", "Baku, Azerbaijan, September 23.",
# "Ankara, 20 September 2023 -", "MOSCOW (AP) —", "LONDON, Friday -".
DATELINES = (
    re.compile(
        rf"^(?P<place>{_PLACE}(?:,\s+{_PLACE})?),\s+(?:{_WEEKDAY},?\s+)?{_DATE}"
        r"\s*(?:\((?P<agency>[^)]{1,40})\))?\s*(?:[-–—:]|\.(?=\s))\s*"
    ),
    re.compile(r"^(?P<place>[A-Z][A-Z .'-]{2,30}(?:,\s+[A-Z][\w .'-]{2,30})?)\s*"
               r"(?:\((?P<agency>[^)]{1,40})\))?\s*[-–—]\s+"),
    re.compile(rf"^(?P<place>{_PLACE}),\s+(?P<weekday>{_WEEKDAY})\s*(?:\((?P<agency>[^)]{{1,40}})\))?\s*[-–—]\s+"),
)

# Credit lines: who reported, wrote, edited, compiled; and the source's own
# attribution note. Whole lines, or a parenthesised note at a paragraph's end.
CREDIT_LINE = re.compile(
    r"^\(?\s*(?:(?:additional\s+)?reporting|writing|written|editing|edited|compiled|"
    r"produced|translated|research|graphics|contributing)\s+by\b.{2,300}$|"
    r"^\(?\s*(?:attribution|source|sources)\s*:\s*.{2,300}$",
    re.IGNORECASE,
)
TRAILING_NOTE = re.compile(
    r"\s*\(\s*(?P<note>(?:attribution|reporting by|compiled by|editing by|writing by)"
    r"\b[^()]{2,300})\)\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Dateline:
    text: str  # as printed, without the trailing dash: "YEREVAN, Sept 22 (Reuters)"
    date: dt.date | None  # when the dateline has a full date
    month_day: tuple[int, int] | None  # when it has a month and a day but no year
    agency: str | None = None  # "(Reuters)": the outlet that filed it


def find_dateline(paragraph: str) -> tuple[Dateline, str] | None:
    """The dateline at the start of ``paragraph`` and the paragraph without it."""
    for pattern in DATELINES:
        m = pattern.match(paragraph)
        if not m or m.end() >= len(paragraph):
            continue
        rest = paragraph[m.end() :]
        if not rest[:1].isupper() and rest[:1] not in "\"“‘'(":
            continue
        groups = m.groupdict()
        text = paragraph[: m.end()].strip().rstrip("-–—:").strip()
        month = groups.get("m1") or groups.get("m2")
        day = groups.get("d1") or groups.get("d2")
        year = groups.get("y1") or groups.get("y2")
        date, month_day = None, None
        if month and day:
            number = MONTHS[month.rstrip(".").lower()]
            try:
                if year:
                    date = dt.date(int(year), number, int(day))
                else:
                    month_day = (number, int(day))
            except ValueError:
                continue
        agency = (groups.get("agency") or "").strip() or None
        return Dateline(text.rstrip("."), date, month_day, agency), rest
    return None


def split_credit(paragraph: str) -> tuple[str, str | None]:
    """``(paragraph without credit, credit)``: a whole credit line, or a trailing note."""
    stripped = paragraph.strip()
    if CREDIT_LINE.match(stripped):
        return "", _clean_credit(stripped)
    m = TRAILING_NOTE.search(stripped)
    if m and m.start() > 0:
        return stripped[: m.start()].rstrip(), _clean_credit(m.group("note"))
    return paragraph, None


def _clean_credit(text: str) -> str:
    text = text.strip().strip("()").strip()
    # "Attribution: x" is the source's label for its note; the note is the content.
    return re.sub(r"^attribution\s*:\s*", "", text, flags=re.IGNORECASE)
