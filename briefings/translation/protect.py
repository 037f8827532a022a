"""Glossary protection around machine translation.

Before a unit goes to an engine, :func:`protect` swaps every glossary term and
URL for a placeholder the model should copy unchanged; after translation,
:func:`restore` puts back the term's agreed form in the target language (and
the URL verbatim) and lists what went wrong. Numbers and quotation marks stay
in the text, because models translate them well, but they are checked too.

A unit with problems is not published as a draft; it is flagged for a
translator instead.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from briefings.glossary import Glossary

SlotKind = Literal["term", "number", "url", "quote"]

# Placeholder design. A placeholder is two capital letters and a number: ``QZ1``,
# ``QZ2``, ... Why this shape:
# - Subword models (SentencePiece in Argos, OPUS-MT and NLLB) split it into a few
#   common pieces ("▁Q", "Z", "1") that every Latin vocabulary has, so it never
#   becomes <unk>; and models copy letter+digit codes (MH17, Su-25, F-16)
#   through unchanged, placing them where a name would go.
# - No underscores: Argos' SentencePieceTokenizer.decode turns "_" into a space,
#   so "__TERM_1__" comes back as "  TERM 1  ". Brackets and XML-like tags
#   ("[[1]]", "<t1>") are dropped or mangled by models that never saw markup.
# - Pure numbers are copied well too, but models reformat them ("10001" ->
#   "10 001") and they would be confused with the numbers we check.
# - Q and Z have no look-alikes in Cyrillic or Armenian, so a Russian or Armenian
#   model cannot silently swap in a homoglyph, and "qz" followed by a digit
#   occurs in no language we translate into.
# Restoring is tolerant: models sometimes split the code ("QZ 1", "Q Z1") or
# change its case, and may glue a case ending to it ("QZ1-ի"), which is kept.
_PREFIXES = ("QZ", "ZQ", "QJ", "JQ", "ZJ")  # the next one when a unit already has "QZ1"
_PREFIX_LENGTH = 2

_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"“”«»]+")
_URL_TRAILING = ".,;:!?'’)]"

# Digits, with thousands groups ("2,000", "2 000") and decimal parts ("2.5",
# "2,5"). A space-like separator only counts before exactly three digits, so
# "in 2023 100 people" is two numbers.
_NUMBER = re.compile(r"\d+(?:[.,]\d+|[ \u00a0\u2009\u202f]\d{3}(?!\d))*")
_SEPARATOR = re.compile(r"([.,]|\s)")

# Quoted spans in English source text. Single quotes count only when they do not
# touch a letter from outside, so apostrophes ("Armenia's") are not quotes.
_QUOTED = re.compile(
    r"“[^”]*\w[^”]*”"
    r"|\"[^\"]*\w[^\"]*\""
    r"|«[^»]*\w[^»]*»"
    r"|(?<!\w)‘(?:[^’]|’(?=\w))*\w(?:[^’]|’(?=\w))*’(?!\w)"
    r"|(?<!\w)'(?:[^']|'(?=\w))*\w(?:[^']|'(?=\w))*'(?!\w)"
)
_QUOTE_MARKS = frozenset("“”«»„\"'‘’‚‹›")


@dataclass(frozen=True)
class Slot:
    """One protected or checked span of the source text.

    :param placeholder: what stands for the span in the text sent to the engine;
        empty for numbers and quotations, which stay in the text and are only checked
    :param original: the span as the English source writes it
    :param replacement: what :func:`restore` puts in place of the placeholder: the
        term's form in the target language, or the URL itself
    :param kind: ``"term"``, ``"url"``, ``"number"`` or ``"quote"``
    """

    placeholder: str
    original: str
    replacement: str
    kind: SlotKind


@dataclass(frozen=True)
class Protected:
    """Text ready for a translation engine, and what :func:`restore` needs afterwards.

    :param text: the source text with terms and URLs replaced by placeholders
    :param slots: every protected or checked span, in source order
    """

    text: str
    slots: tuple[Slot, ...]


def protect(text: str, glossary: Glossary, lang: str) -> Protected:
    """Replace glossary terms and URLs in ``text`` with placeholders.

    :param text: one translation unit in English
    :param glossary: the terms to protect; each mention gets its own placeholder
    :param lang: the target language, which decides each term's replacement
    :return: the text to send to the engine, and the slots to restore and check
    """
    prefix = _free_prefix(text)
    urls = _url_spans(text)
    spans: list[tuple[int, int, str, str, SlotKind]] = [
        (start, end, text[start:end], text[start:end], "url") for start, end in urls
    ]
    for match in glossary.find(text):
        if not any(start < match.end and match.start < end for start, end in urls):
            spans.append((match.start, match.end, match.surface, match.term.form(lang), "term"))
    spans.sort()

    pieces: list[str] = []
    slots: list[Slot] = []
    position = 0
    for number, (start, end, original, replacement, kind) in enumerate(spans, 1):
        placeholder = f"{prefix}{number}"
        pieces += [text[position:start], placeholder]
        slots.append(Slot(placeholder, original, replacement, kind))
        position = end
    pieces.append(text[position:])

    checked = [Slot("", surface, surface, "number") for surface in _unique(_english_numbers(text))]
    checked += [Slot("", m.group(0), m.group(0), "quote") for m in _QUOTED.finditer(text)]
    return Protected("".join(pieces), tuple(slots + checked))


def restore(translated: str, protected: Protected) -> tuple[str, list[str]]:
    """Put the target-language forms back in place of the placeholders.

    :param translated: the engine's output for ``protected.text``
    :param protected: what :func:`protect` returned for the unit
    :return: the restored text, and the problems found (empty when the draft can
        be used): placeholders lost, duplicated or unknown, numbers missing,
        quotation marks lost
    """
    by_number = {
        int(slot.placeholder[_PREFIX_LENGTH:]): slot for slot in protected.slots if slot.placeholder
    }
    problems: list[str] = []
    text = translated
    if by_number:
        prefix = next(iter(by_number.values())).placeholder[:_PREFIX_LENGTH]
        seen: Counter[int] = Counter()

        def put_back(match: re.Match[str]) -> str:
            number = int(match.group(1))
            slot = by_number.get(number)
            if slot is None:
                problems.append(f"unexpected placeholder {match.group(0)!r}")
                return match.group(0)
            seen[number] += 1
            return slot.replacement

        text = _placeholder_pattern(prefix).sub(put_back, translated)
        for number, slot in sorted(by_number.items()):
            if seen[number] == 0:
                problems.append(f"placeholder for {slot.original!r} lost")
            elif seen[number] > 1:
                problems.append(f"placeholder for {slot.original!r} duplicated")

    numbers = [slot.original for slot in protected.slots if slot.kind == "number"]
    problems += [f"number {n} missing" for n in _missing(numbers, text)]
    has_quote = any(slot.kind == "quote" for slot in protected.slots)
    if has_quote and not _QUOTE_MARKS.intersection(text):
        problems.append("quotation marks lost")
    return text, problems


def numbers_missing(source: str, translation: str) -> list[str]:
    """The numbers of the English ``source`` that ``translation`` does not have.

    Thousands separators and decimal marks may differ ("2,000" = "2 000" =
    "2.000" = "2000"; "2.5" = "2,5"). Numbers inside URLs are ignored.

    :return: each missing number once, as the source writes it, in source order
    """
    return _missing(_unique(_english_numbers(source)), translation)


def numbers_added(source: str, translation: str) -> list[str]:
    """The numbers of ``translation`` that the English ``source`` does not have.

    :return: each extra number once, as the translation writes it
    """
    wanted = set().union(*(_readings(n, english=True) for n in _english_numbers(source)))
    return _unique(n for n, values in _numbers(translation, english=False) if not values & wanted)


def _free_prefix(text: str) -> str:
    """The first placeholder prefix that ``text`` cannot be mistaken for."""
    for prefix in _PREFIXES:
        if not _placeholder_pattern(prefix).search(text):
            return prefix
    # Only text built to defeat this gets here; its look-alikes then mostly show
    # up as unexpected or duplicated placeholders, so the unit goes to a translator.
    return _PREFIXES[-1]


def _placeholder_pattern(prefix: str) -> re.Pattern[str]:
    first, second = prefix
    # No spaces inside the number: "QZ1 2000" is a placeholder and a number.
    return re.compile(rf"{first}\s*{second}\s*(\d+)", re.IGNORECASE)


def _url_spans(text: str) -> list[tuple[int, int]]:
    spans = []
    for match in _URL.finditer(text):
        url = match.group(0)
        # Sentence punctuation after a URL is not part of it; a closing bracket is
        # only when the URL opened one (Wikipedia's "..._(disambiguation)").
        while url and url[-1] in _URL_TRAILING:
            if url[-1] == ")" and url.count("(") >= url.count(")"):
                break
            url = url[:-1]
        spans.append((match.start(), match.start() + len(url)))
    return spans


def _without_urls(text: str) -> str:
    spans = _url_spans(text)
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    return text


def _english_numbers(text: str) -> list[str]:
    return [surface for surface, _ in _numbers(text, english=True)]


def _numbers(text: str, *, english: bool) -> list[tuple[str, frozenset[str]]]:
    """Every number in ``text`` outside URLs, with the values it can stand for."""
    found = []
    for match in _NUMBER.finditer(_without_urls(text)):
        token = match.group(0)
        values = _readings(token, english=english)
        if values:
            found.append((token, values))
        else:
            # Not one number ("1,2,3", "2023 100"): each run of digits is one.
            found += [(d, _readings(d, english=english)) for d in re.findall(r"\d+", token)]
    return found


def _readings(token: str, *, english: bool) -> frozenset[str]:
    """The values ``token`` can mean, as canonical strings ("2000", "2.5").

    English source text groups thousands with commas (or spaces) and marks
    decimals with a point; translations may use either convention, so a
    translated "2.000" can be 2000 or 2, and matches an English "2,000".
    """
    parts = _SEPARATOR.split(token)
    groups = parts[0::2]
    marks = [" " if mark.isspace() else mark for mark in parts[1::2]]
    if not marks:
        return frozenset({_canonical(token, "")})
    thousands_ok = {",", " "} if english else {",", ".", " "}
    decimal_ok = {"."} if english else {",", "."}
    values = set()
    if len(set(marks)) == 1 and marks[0] in thousands_ok and _grouped(groups):
        values.add(_canonical("".join(groups), ""))
    *grouping, decimal = marks
    if (
        decimal in decimal_ok
        and len(set(grouping)) <= 1
        and all(mark in thousands_ok and mark != decimal for mark in grouping)
        and _grouped(groups[:-1])
    ):
        values.add(_canonical("".join(groups[:-1]), groups[-1]))
    return frozenset(values)


def _grouped(groups: list[str]) -> bool:
    """Whether digit groups read as thousands: "2", "000", "000"."""
    return len(groups[0]) <= 3 and all(len(group) == 3 for group in groups[1:])


def _canonical(whole: str, fraction: str) -> str:
    whole = whole.lstrip("0") or "0"
    fraction = fraction.rstrip("0")
    return f"{whole}.{fraction}" if fraction else whole


def _missing(numbers: list[str], translation: str) -> list[str]:
    found = set().union(*(values for _, values in _numbers(translation, english=False)))
    return [n for n in numbers if not _readings(n, english=True) & found]


def _unique(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(items))
