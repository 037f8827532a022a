"""The data model: plain dataclasses that flow through the pipeline.

source file -> :class:`Article` (parsed, cleaned) -> :class:`Briefing` (analysed)
-> translation units -> catalogs -> pages.

Nothing here does I/O; every stage is a function from one of these to the next.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class SourceInfo:
    """Where an article came from. ``None`` means *unknown*, never a guess."""

    name: str | None = None  # the outlet, e.g. "Reuters"
    url: str | None = None  # http(s) only; anything else is dropped when parsed
    author: str | None = None


@dataclass
class Article:
    """One article source, parsed and cleaned, before any analysis."""

    path: Path  # the source file, as given
    slug: str  # safe for URLs and file names: [a-z0-9-]+
    title: str
    title_generated: bool  # True when no title was found and one was made from the lead
    dek: str | None
    dateline: str | None  # e.g. "YEREVAN, Sept 22 (Reuters)"
    published: dt.date | None
    source: SourceInfo
    attribution: str | None  # credits and the source's own attribution note
    paragraphs: list[str]  # the cleaned body text, one string per paragraph
    removed: list[str]  # page furniture taken out, as it appeared
    tags: list[str] = field(default_factory=list)
    lang: str = "en"
    # Where ``lang`` came from: "front matter", "detected" from the text, or "default".
    lang_source: str = "default"
    # 1-based line in the source file where each paragraph starts (0 when unknown),
    # so translators can jump from a catalog entry to the text it came from.
    paragraph_lines: list[int] = field(default_factory=list)
    # The editor's event key from front matter ("event: <key>"), "none" to keep the
    # article out of every event, or None: grouped automatically (briefings.events).
    event: str | None = None

    def line_of(self, paragraph: int) -> int:
        if 0 <= paragraph < len(self.paragraph_lines):
            return self.paragraph_lines[paragraph]
        return 0


@dataclass(frozen=True)
class Statement:
    """Something a speaker said, tied to the paragraph it appears in.

    ``speaker`` is the canonical name (from the glossary when known);
    ``unattributed`` statements ("Observers note ...") have ``speaker`` set to
    :data:`UNATTRIBUTED`.
    """

    speaker: str
    text: str  # the claim: a direct quote's words, or the reported clause
    direct_quote: bool
    paragraph: int  # index into Article.paragraphs
    sentence: str = ""  # the whole sentence it was found in
    affiliation: str | None = None  # the speaker's side, from the glossary
    # Words a reported statement quotes ("what he called “anti-terrorist measures”"),
    # without their marks; empty for a direct quote, whose whole text is quoted.
    quoted: tuple[str, ...] = ()

    @property
    def unattributed(self) -> bool:
        return self.speaker == UNATTRIBUTED


UNATTRIBUTED = "Unattributed"


@dataclass(frozen=True)
class TimelineEvent:
    """A dated event. ``date`` is "YYYY", "YYYY-MM" or "YYYY-MM-DD"."""

    date: str
    text: str  # the sentence that dates it
    paragraph: int


@dataclass(frozen=True)
class Entity:
    """A person, place or body named in the article."""

    name: str  # canonical English name
    type: str  # "person", "place" or "body"
    affiliation: str | None = None
    mentions: int = 1
    in_glossary: bool = True


@dataclass
class Briefing:
    """An article with its analysis: what the page and the translations are built from."""

    article: Article
    key_points: list[str]
    statements: list[Statement]
    timeline: list[TimelineEvent]
    entities: list[Entity]

    @property
    def slug(self) -> str:
        return self.article.slug
