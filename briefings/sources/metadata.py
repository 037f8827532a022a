"""Facts that sit in the text's furniture: datelines and credits.

These are lifted into the article's metadata rather than dropped, because a
reader needs them: where and when the story was filed, and who made it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from babel import Locale

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

#: The languages whose month names datelines and publication lines are read in,
#: besides English: Babel's CLDR data for them (genitive "сентября", "սեպտեմբերի",
#: nominative "сентябрь", and CLDR's abbreviations).
MONTH_LANGUAGES = ("ru", "hy", "az")


def _cldr_month_names() -> dict[str, int]:
    names: dict[str, int] = {}
    for code in MONTH_LANGUAGES:
        months = Locale.parse(code).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months[context][width].items():
                    names.setdefault(name.rstrip(".").casefold(), number)
    return names


OTHER_MONTHS = _cldr_month_names()


def month_number(word: str) -> int | None:
    """The month ``word`` names, in English, Russian, Armenian or Azerbaijani, else ``None``.

    Agencies abbreviate a month to its first three or more letters ("сен", "фев"),
    which CLDR does not always list ("сент."): a prefix of one month's name only,
    so that "июн" is June and "ию" nothing.
    """
    key = word.rstrip(".").casefold()
    number = MONTHS.get(key) or OTHER_MONTHS.get(key)
    if number or len(key) < 3:
        return number
    found = {n for name, n in OTHER_MONTHS.items() if name.startswith(key)}
    return found.pop() if len(found) == 1 else None


# Datelines in any of our scripts (Latin, Cyrillic, Armenian), as Russian,
# Armenian and Azerbaijani agencies write them: "МОСКВА, 20 сентября. /ТАСС/.",
# "ЕРЕВАН, 20 сен — Sputnik.", "Москва. 28 сентября. INTERFAX.RU -",
# "ԵՐԵՎԱՆ, 17 ՀՈԿՏԵՄԲԵՐԻ, ԱՐՄԵՆՊՐԵՍ:", "ԵՐԵՎԱՆ, սեպտեմբերի 20. /Արմենպրես/.",
# "Bakı, 20 sentyabr, AZƏRTAC", "Bakı. Trend:". The month word is checked with
# :func:`month_number`, so a word in its place that is not a month is no date.
_UPPER = "A-ZА-ЯЁƏÖÜÇŞĞİԱ-Ֆ"
_LETTER = r"[^\W\d_]"
_WORD = rf"[{_UPPER}](?:{_LETTER}|['’.-](?={_LETTER}))*+"
_ANY_PLACE = rf"{_WORD}(?:[ -]{_WORD}){{0,2}}"
_ANY_DATE = (
    rf"(?:(?P<xd>\d{{1,2}})\.?\s+(?P<xm>{_LETTER}{{3,12}})\.?"
    rf"|(?P<xm2>{_LETTER}{{3,12}})\.?\s+(?P<xd2>\d{{1,2}}))(?:,?\s+(?P<xy>\d{{4}}))?"
)
# An agency's name as it signs a dateline: "Sputnik", "РИА Новости", "INTERFAX.RU".
_ANY_AGENCY = rf"{_WORD}(?:[.][{_UPPER}]+)?(?: {_WORD}){{0,2}}"
_END = r"[.:։]"
_ANY_DATELINES = (
    # "ЕРЕВАН, 20 сен — Sputnik." and "ԵՐԵՎԱՆ, 3 մարտի – Sputnik, Անուն Ազգանուն."
    re.compile(rf"^(?P<place>{_ANY_PLACE})[,.]\s+{_ANY_DATE}\s*[,.]?\s*[-–—]\s*"
               rf"(?P<agency>{_ANY_AGENCY})(?:,\s*(?P<author>{_WORD}(?: {_WORD}){{1,2}}))?"
               rf"\s*{_END}\s+"),
    # "Москва. 28 сентября. INTERFAX.RU -", "ԵՐԵՎԱՆ, 17 ՀՈԿՏԵՄԲԵՐԻ, ԱՐՄԵՆՊՐԵՍ:",
    # "Baku. 21 October. REPORT.AZ/": the agency in capitals (or known), after the date
    re.compile(rf"^(?P<place>{_ANY_PLACE})[,.]\s+{_ANY_DATE}\s*[.,]\s*(?P<caps>{_ANY_AGENCY})"
               rf"\s*(?:[-–—]|{_END}|/|(?=\s*$))\s*"),
)
_ANY_DATELINES_AFTER = (
    # "МОСКВА, 20 сентября. /ТАСС/." and "ԵՐԵՎԱՆ, սեպտեմբերի 20. /Արմենպրես/."
    re.compile(rf"^(?P<place>{_ANY_PLACE})[,.]\s+{_ANY_DATE}\s*[.,]?\s*"
               rf"/(?P<agency>[^/\n]{{2,40}})/\s*{_END}?\s*(?:[-–—]\s*)?"),
    # "ՍՏԵՓԱՆԱԿԵՐՏ, 20 սեպտեմբերի։" (a place in capitals and a date, no agency)
    re.compile(rf"^(?P<caps_place>{_ANY_PLACE})[,.]\s+{_ANY_DATE}\s*(?:{_END}|[-–—])\s*"),
    # "Bakı. Trend:" (a place and an agency the outlets list knows)
    re.compile(rf"^(?P<place>{_ANY_PLACE})[,.]\s+(?P<known>{_ANY_AGENCY})\s*:\s*"),
)

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
    # "Baku (AFP) -" with the place in ordinary case; "Goris (Armenia) (AFP) -" with its country
    re.compile(rf"^(?P<place>{_PLACE}(?:,\s+{_PLACE})?)(?:\s*\({_PLACE}\))?"
               rf"\s*\((?P<agency>[^)]{{1,40}})\)\s*[-–—]\s+"),
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
    author: str | None = None  # "– Sputnik, Name.": the reporter it names


def find_dateline(paragraph: str, *, whole: bool = False) -> tuple[Dateline, str] | None:
    """The dateline at the start of ``paragraph`` and the paragraph without it.

    With ``whole``, the paragraph must be a dateline and nothing else (a line of
    its own above the lead, "Bakı, 20 sentyabr, AZƏRTAC"), and the rest is "".
    """
    from briefings.sources.outlets import known_outlet

    text_end = len(paragraph.rstrip())
    for pattern in (*_ANY_DATELINES, *DATELINES, *_ANY_DATELINES_AFTER):
        m = pattern.match(paragraph if not whole else paragraph.rstrip() + " ")
        if not m:
            continue
        if whole:
            if m.end() < text_end:
                continue
            rest = ""
        else:
            if m.end() >= len(paragraph):
                continue
            rest = paragraph[m.end() :]
            if not rest[:1].isupper() and rest[:1] not in "\"“‘'«(":
                continue
        groups = m.groupdict()
        caps, known = groups.get("caps"), groups.get("known")
        if caps and caps != caps.upper() and not known_outlet(caps):
            continue
        if known and not known_outlet(known):
            continue
        place = groups.get("caps_place")
        if place and place != place.upper():
            continue
        text = paragraph[: min(m.end(), text_end)].strip().rstrip("-–—:։/").strip()
        month = groups.get("m1") or groups.get("m2") or groups.get("xm") or groups.get("xm2")
        day = groups.get("d1") or groups.get("d2") or groups.get("xd") or groups.get("xd2")
        year = groups.get("y1") or groups.get("y2") or groups.get("xy")
        date, month_day = None, None
        if month and day:
            number = month_number(month)
            if number is None:
                continue
            try:
                if year:
                    date = dt.date(int(year), number, int(day))
                else:
                    dt.date(2000, number, int(day))  # a leap year: 29 February is a day
                    month_day = (number, int(day))
            except ValueError:
                continue
        agency = (groups.get("agency") or caps or known or "").strip() or None
        author = (groups.get("author") or "").strip() or None
        return Dateline(text.rstrip("."), date, month_day, agency, author), rest
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
# Month names of publication lines in Azerbaijani, Russian and Armenian (CLDR's),
# longest first so that "сентября" is not read as "сент".
_ANY_MONTH = (rf"(?:{_MONTH}|(?i:"
              rf"{'|'.join(map(re.escape, sorted(OTHER_MONTHS, key=len, reverse=True)))}))")
_WORD_DATE = re.compile(
    rf"\b(?:(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_ANY_MONTH}|{_LETTER}{{3,12}}\.?)"
    rf"|(?P<m1>{_MONTH}|{_LETTER}{{3,12}})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?)"
    rf"(?:,?\s+(?P<y>\d{{4}}))"
)
_TIME = re.compile(
    r"\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?![\d.])"
    r"|\(?\b(?:GMT|UTC|BST|CET|CEST|EET|EEST|MSK|AZT|AMT)\s*(?:[+-]\s*\d{1,2}(?::?\d{2})?)?\)?"
    r"|\b\d{1,3}\s*(?:min(?:ute)?s?|hours?|hrs?|days?)\s+ago\b",
    re.IGNORECASE,
)
_PUBLICATION_WORDS = re.compile(
    rf"\b(?:published|updated?|posted|last|modified|first|on|at|date|time|(?:{_WEEKDAY}))\b"
    # "28 сентября 2023 года", "2023 г.", "2023 թ.", "2023-cü il": the word "year"
    # "обновлено", "yenilənib", "թարմացվել է": "updated" and "published" in ru, az, hy
    r"|\b(?:опубликовано|обновлено|обновлен|yenilənib|yeniləndi|dərc edilib|"
    r"հրապարակվել է|թարմացվել է|թարմացված)(?!\w)"
    # (the date itself is gone by then, so the word stands alone)
    r"|(?<!\w)(?:года|г\.|թ\.|թվականի|-?c[iıuü]\s+il|il)(?!\w)",
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
        kept = []
        for m in pattern.finditer(rest):
            month = m.groupdict().get("m1") or m.groupdict().get("m2")
            if month and month_number(month) is None:
                continue  # "5 apples 2023": a word that is no month (not "20 сен 2023")
            found = True
            date = date or _date_of(m)
            kept.append(m.span())
        for start, end in reversed(kept):
            rest = rest[:start] + " " + rest[end:]
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
        number = month_number(month)
        return dt.date(int(groups["y"]), number, int(day)) if number else None
    except (ValueError, KeyError, TypeError):
        return None
