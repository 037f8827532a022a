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
_MONTH = r"(?i:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"  # noqa: E501
_DATE = (
    rf"(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y2>\d{{4}}))?)"
)
# Possessive (*+): a long hyphenated run must not be split every possible way.
_PLACE = r"[A-Z][\w'’.-]*+(?:[ -][A-Z][\w'’.-]*+){0,3}"
_WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"

_AGENCY_NAME = r"[A-Za-z][\w&.'-]*+(?: [A-Za-z][\w&.'-]*+){0,3}"

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
    # "BAKU, September 20. /TASS/." and "Yerevan /Mediamax/." (the agency between slashes)
    re.compile(rf"^(?P<place>{_PLACE}(?:,\s+{_PLACE})?)(?:,\s+{_DATE})?\.?\s*"
               rf"/(?P<agency>{_AGENCY_NAME})/\.?\s*(?:[-–—]\s*)?"),
    # "YEREVAN, SEPTEMBER 30, ARMENPRESS." (the agency after the date, in capitals)
    re.compile(rf"^(?P<place>{_PLACE}),\s+{_DATE},\s+(?P<agency>[A-Z][A-Z-]{{2,20}})\.\s+"),
    # "Baku (AFP) -" with the place in ordinary case
    re.compile(rf"^(?P<place>{_PLACE}(?:,\s+{_PLACE})?)\s*\((?P<agency>[^)]{{1,40}})\)\s*[-–—]\s+"),
)

# Credit lines: who reported, wrote, edited, compiled; and the source's own
# attribution note. Whole lines, or a parenthesised note at a paragraph's end.
CREDIT_LINE = re.compile(
    r"^\(?\s*(?:(?:additional\s+)?reporting|writing|written|editing|edited|compiled|"
    r"produced|translated|research|graphics|contributing)\s+by\b.{2,300}$|"
    r"^\(?\s*(?:attribution|source|sources)\s*:\s*.{2,300}$|"
    r"^.{2,160}\bcontributed (?:reporting )?to this (?:report|story|article)\.?\)?$",
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


# Publication lines: a date or a time, and little else ("Published On 20 Sep 2023",
# "12:48, 22 September 2023", "Updated 3:10 PM GMT+4, December 11, 2023",
# "25.09.2023 - Update : 25.09.2023", "21:30 GMT", "2 hours ago").
_NUMERIC_DATE = re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[./])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4})\b")
_ISO_DATE = re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\b")
# Month names of publication lines in Azerbaijani, Russian (genitive) and Armenian.
OTHER_MONTHS = {
    name: number
    for names in (
        "yanvar fevral mart aprel may iyun iyul avqust sentyabr oktyabr noyabr dekabr",
        "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
        "հունվարի փետրվարի մարտի ապրիլի մայիսի հունիսի հուլիսի օգոստոսի սեպտեմբերի "
        "հոկտեմբերի նոյեմբերի դեկտեմբերի",
    )
    for number, name in enumerate(names.split(), start=1)
}
_ANY_MONTH = rf"(?:{_MONTH}|(?i:{'|'.join(OTHER_MONTHS)}))"
_WORD_DATE = re.compile(
    rf"\b(?:(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_ANY_MONTH})"
    rf"|(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?)(?:,?\s+(?P<y>\d{{4}}))"
)
_TIME = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?![\d.])"
    r"|\(?\b(?:GMT|UTC|BST|CET|CEST|EET|EEST|MSK|AZT|AMT)\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?\)?"
    r"|\b\d{1,3}\s*(?:min(?:ute)?s?|hours?|hrs?|days?)\s+ago\b",
    re.IGNORECASE,
)
_PUBLICATION_WORDS = re.compile(
    rf"\b(?:published|updated?|posted|last|modified|first|on|at|date|time|(?:{_WEEKDAY}))\b",
    re.IGNORECASE,
)
# "— Name (@handle) September 19, 2023" signs an embedded post: furniture, not our date.
_EMBED_SIGNATURE = re.compile(r"@\w|^[—–-]\s")


def publication_line(text: str) -> tuple[bool, dt.date | None]:
    """Whether ``text`` is a publication line or a timestamp, and the date it gives.

    Such a line holds a date or a time, words like "Published" or "Updated", and at
    most a few capitalised words (a name, an outlet); anything that reads like a
    sentence ("The talks ended on 20 September 2023.") is not one.
    """
    if len(text) > 120 or _EMBED_SIGNATURE.search(text):
        return False, None
    date: dt.date | None = None
    rest = text
    found = False
    for pattern in (_ISO_DATE, _WORD_DATE, _NUMERIC_DATE):
        for m in pattern.finditer(rest):
            found = True
            date = date or _date_of(m)
        rest = pattern.sub(" ", rest)
    if _TIME.search(rest):
        found = True
        rest = _TIME.sub(" ", rest)
    if not found:
        return False, None
    rest = _PUBLICATION_WORDS.sub(" ", rest)
    words = re.findall(r"[^\W\d_][\w'’./-]*", rest)
    if len(words) > 4 or any(w[0].islower() for w in words):
        return False, None
    if re.search(r"[.!?]\s*$", text) and words:
        return False, None
    return True, date


def _date_of(m: re.Match[str]) -> dt.date | None:
    groups = m.groupdict()
    try:
        if "sep" in groups:  # 25.09.2023 (day first) or 09/27/2023 (month first)
            a, b, year = int(groups["a"]), int(groups["b"]), int(groups["y"])
            day, month = (b, a) if groups["sep"] == "/" and b > 12 else (a, b)
            if groups["sep"] == "/" and a <= 12 and b <= 12:
                return None  # 09/10/2023: which is the month cannot be told
            return dt.date(year, month, day)
        if "m" in groups:
            return dt.date(int(groups["y"]), int(groups["m"]), int(groups["d"]))
        month = groups.get("m1") or groups.get("m2")
        day = groups.get("d1") or groups.get("d2")
        name = month.rstrip(".").lower()
        number = MONTHS.get(name) or OTHER_MONTHS[name]
        return dt.date(int(groups["y"]), number, int(day))
    except (ValueError, KeyError, TypeError):
        return None
