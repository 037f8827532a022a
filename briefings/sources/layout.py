"""Where the story is in a pasted page: its header, its body and its footer.

A browser's copy of a news page puts the site's menus, language switchers,
section labels and banners above the headline, and teasers, tags and
copyright lines below the story. Listing every site's phrases cannot keep up, so
blocks are judged by their properties, as jusText does: how many words, whether
they end like a sentence, how many stop words they hold (prose is full of
"the", "of", "that"; menus and labels are not), and where they stand.

- **Prose** is a block of several words ending like a sentence, or a long block
  dense in stop words. The story's body runs from the first to the last prose.
- The **headline** is the last headline-shaped block before the body (several
  words, not ending like a sentence); a longer one right under it is the **dek**.
  Everything above the headline is page header; short non-prose blocks between
  the headline and the body are page furniture (share bars, labels).
- Below the last prose, short non-prose blocks are page footer (teasers, tags),
  unless they carry facts (credit and attribution lines are lifted later).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from briefings.sources.blocks import Block
from briefings.sources.metadata import CREDIT_LINE, TRAILING_NOTE, find_dateline

_WORD = re.compile(r"[^\W_][\w'’-]*")
# A closing quote alone does not end a sentence: a headline may end with one.
# (։ is the Armenian full stop.)
_SENTENCE_END = re.compile(r"[.!?…։][\"'”’»)\]]*$")
PROSE_MIN_WORDS = 8
# A long block without closing punctuation is still prose when dense in stop words.
PROSE_UNPUNCTUATED_WORDS = 20
PROSE_STOP_DENSITY = 0.20
HEADLINE_MIN_WORDS = 3
HEADLINE_MAX_WORDS = 30
HEADLINE_MAX_CHARS = 200
# Blocks between the headline and the body longer than this are kept, whatever they are.
FURNITURE_MAX_WORDS = 10
# A dateline on a line of its own: "ANKARA", "BAKU, Azerbaijan".
_PLACE_LINE = re.compile(r"[A-Z][A-Z .'-]{2,30}(?:,\s+[A-Z][\w .'-]{2,30})?")
# A line that tells the reader to do something is the page's, not the story's:
# "Read a summary of today's developments", "Show key events only".
_CALL_TO_ACTION = re.compile(
    r"(?:read|show|hide|click|tap|please|turn|sign|log|subscribe|share|follow|suggest|contact|"
    r"skip|go|back|see|watch|listen|download|join|become|becoming|support|donate|register|"
    r"view|load|open|print|send|get|try|explore|discover|visit|learn|find|save)\b",
    re.IGNORECASE,
)
_NOT_A_HEADLINE = re.compile(
    r"[:,;]$|^(?:by|from|photo|video|image|source|via)\b|https?://|www\.|@\w|©|\bcopyright\b",
    re.IGNORECASE,
)


@dataclass
class Layout:
    """The blocks sorted into a page's parts (indices into the blocks given)."""

    headline: int | None = None
    dek: int | None = None
    dateline: int | None = None  # a bare "ANKARA" line right above the body
    header: list[int] = field(default_factory=list)
    footer: list[int] = field(default_factory=list)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def stop_density(text: str, stops: frozenset[str]) -> float:
    found = words(text.casefold())
    return sum(w in stops for w in found) / len(found) if found else 0.0


def is_prose(text: str, stops: frozenset[str] | None) -> bool:
    """Whether a block reads as running text of the story."""
    count = len(words(text))
    if find_dateline(text) and count >= PROSE_MIN_WORDS:
        return True
    density_ok = stops is None or stop_density(text, stops) >= PROSE_STOP_DENSITY / 2
    if count >= PROSE_MIN_WORDS and _SENTENCE_END.search(text) and density_ok:
        return True
    return (
        count >= PROSE_UNPUNCTUATED_WORDS
        and (stops is None or stop_density(text, stops) >= PROSE_STOP_DENSITY)
    )


def is_headline_shaped(block: Block) -> bool:
    """Several words, short, not ending like a sentence, not a label, link or byline."""
    text = block.text
    count = len(words(text))
    if block.kind == "heading" and 1 <= count <= HEADLINE_MAX_WORDS:
        return not _NOT_A_HEADLINE.search(text)
    if not HEADLINE_MIN_WORDS <= count <= HEADLINE_MAX_WORDS or len(text) > HEADLINE_MAX_CHARS:
        return False
    if re.search(r"[.!?…։]$", text.rstrip("\"'”’»)")) or _NOT_A_HEADLINE.search(text):
        return False
    if _CALL_TO_ACTION.match(text):
        return False
    if block.kind == "item":
        return False
    # Labels and menus are one to three words; "ARMENPRESS Armenian News Agency" is
    # a name. A headline holds a verb-like lower-case word or is long.
    lowercase = sum(w[:1].islower() for w in words(text))
    return count >= 6 or lowercase >= 1 or text.isupper()


def _headline_score(blocks: list[Block], i: int, first_prose: int) -> float:
    """How much a candidate looks like the story's headline.

    Longer is likelier (a headline has 6-15 words; leftovers of a page's chrome
    have fewer), nearer the body is likelier (menus come first), and one with a
    dek under it likelier still.
    """
    count = len(words(blocks[i].text))
    score = min(count, 10) / 10 + 0.5 * (i + 1) / first_prose
    following = i + 1
    if following < first_prose and _is_dek_shaped(blocks[following].text, blocks[i].text):
        score += 0.6
    if blocks[i].kind == "heading":
        score += 0.3
    return score


_NEWS_DAY = re.compile(
    r"\b(?:on|late|early|since|until|by)\s+(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\b"
    r"|\b(?:today|yesterday|tonight|this (?:morning|afternoon|evening|week))\b",
    re.IGNORECASE,
)
# "..., the ministry said." "..., APA reports, citing ...": attribution after a comma.
_ENDS_WITH_ATTRIBUTION = re.compile(
    r",[^,]{2,80}\b(?:said|says|reports?|reported|told|informs?|announced|stated)\b"
)


# "Vladimir Putin had a telephone conversation ...": a named subject, then the past.
_SUBJECT_THEN_PAST = re.compile(r"^\W*(?:[A-Z][\w'’.-]*\s+){1,8}(?:had|was|were|did)\b")
# A dek is short; a sentence past this many words is the lead.
DEK_MAX_WORDS = 25


def reads_like_a_lead(text: str) -> bool:
    """A lead says when and who: a weekday, "today", a closing "..., X said.", a
    named subject in the past tense; and it runs longer than a dek."""
    return bool(
        _NEWS_DAY.search(text) or _ENDS_WITH_ATTRIBUTION.search(text)
        or _SUBJECT_THEN_PAST.search(text) or len(words(text)) > DEK_MAX_WORDS
    )


def _is_dek_shaped(text: str, headline: str) -> bool:
    count = len(words(text))
    return (
        count > len(words(headline))
        and count >= 6
        and len(text) <= 320
        and find_dateline(text) is None
    )


def _keeps_facts(text: str) -> bool:
    return bool(CREDIT_LINE.match(text) or TRAILING_NOTE.search(text))


def page_layout(blocks: list[Block], stops: frozenset[str] | None, *,
                find_headline: bool = True) -> Layout:
    """Sort ``blocks`` into header, headline, dek, body and footer.

    With ``find_headline`` false (the front matter gives the title), the header
    is what stands above the first prose, minus nothing but furniture.
    """
    layout = Layout()
    prose = [i for i, block in enumerate(blocks) if block.kind != "item"
             and is_prose(block.text, stops)]
    if not prose:
        return layout
    first, last = prose[0], prose[-1]
    top = range(first)
    candidates = [i for i in top if is_headline_shaped(blocks[i])]
    if find_headline and candidates:
        layout.headline = max(candidates, key=lambda i: _headline_score(blocks, i, first))
        following = layout.headline + 1
        if (following < first and following in candidates
                and _is_dek_shaped(blocks[following].text, blocks[layout.headline].text)):
            layout.dek = following
    elif find_headline and first > 0 and blocks[first - 1].kind == "heading":
        layout.headline = first - 1
    if (layout.headline is not None and layout.dek is None and first == layout.headline + 1
            and len(prose) > 1 and prose[1] > first + 1
            and all(_is_furniture_shaped(blocks[i].text) for i in range(first + 1, prose[1]))
            and _is_dek_shaped(blocks[first].text, blocks[layout.headline].text)
            and not reads_like_a_lead(blocks[first].text)
            and len(words(blocks[first].text)) <= 45):
        # A sentence under the headline with the page's chrome (byline, share bar)
        # between it and the story is the dek, however much it reads like prose.
        layout.dek = first
        first = prose[1]
    start = layout.headline if layout.headline is not None else first
    layout.header = [i for i in range(start) if not _keeps_facts(blocks[i].text)]
    # Between the headline (and dek) and the body: short non-prose blocks.
    after = max(i for i in (layout.headline, layout.dek) if i is not None) + 1 \
        if layout.headline is not None else first
    if after < first and _PLACE_LINE.fullmatch(blocks[first - 1].text):
        layout.dateline = first - 1
    layout.header += [
        i for i in range(after, first)
        if i != layout.dateline and _is_furniture_shaped(blocks[i].text)
    ]
    layout.footer = [
        i for i in range(last + 1, len(blocks)) if _is_furniture_shaped(blocks[i].text)
    ]
    return layout


def _is_furniture_shaped(text: str) -> bool:
    """Short, not ending like a sentence, and carrying no credit: labels, teasers, bars."""
    return (
        len(words(text)) <= FURNITURE_MAX_WORDS * 2
        and not _SENTENCE_END.search(text)
        and not _keeps_facts(text)
    )
