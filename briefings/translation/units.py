"""Translation units: the pieces of English in a briefing that get translated.

A unit is one distinct piece of English text. The title, the dek, each key
point, each statement, each timeline entry and each sentence of the body are
candidates; the same text found in several places (a timeline entry that is
also a body sentence, a headline made from the lead) is *one* unit, translated
once, that remembers every place it appears.

Units never carry a ``msgctxt``. A headline and a sentence with the same words
read the same in Armenian, Azerbaijani and Russian, and two translations of one
sentence would only give reviewers twice the work and the site two answers.
The field is kept so a later kind of unit that must be told apart can set it.

A unit's identity is its ``msgid`` (with its ``msgctxt``), and this module is
the only place that decides what the units are: pages show the body from
:func:`body_sentences`, the same cut :func:`briefing_units` makes its units from,
and look every piece up under :func:`msgid_for`. A page that cut the text
itself would find no entry for a sentence cut differently, and show English
without a word of warning.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from briefings.model import UNATTRIBUTED, Article, Briefing
from briefings.sentences import split_sentences


@dataclass(frozen=True)
class Unit:
    """One piece of English to translate, and everywhere it appears.

    :param msgid: the English text, whitespace collapsed (see :func:`msgid_for`)
    :param context: the ``msgctxt``; always ``None`` for now (see the module notes)
    :param where: the kinds of place in the briefing, in reading order:
        ``"title"``, ``"dek"``, ``"key point"``,
        ``"statement by Ilham Aliyev (direct quote)"`` or ``"… (reported)"``,
        ``"timeline 2023-09-19"``, ``"text"``. None of them counts paragraphs
        or lines, so the comments of a catalog stay as they are when unrelated
        text moves (see docs/translating.md).
    :param locations: ``(path, 0)``: the source file relative to the project,
        written ``#: path`` without a line, as ``msgmerge --add-location=file``
    """

    msgid: str
    context: str | None
    where: tuple[str, ...]
    locations: tuple[tuple[str, int], ...]


def msgid_for(text: str) -> str:
    """The ``msgid`` a piece of English text is stored under.

    Runs of whitespace (including line breaks) become one space, and the ends
    are trimmed, so that a PO entry never holds a line break the translation
    would have to copy. Look-ups in a catalog must go through this function.

    >>> msgid_for("  Talks  resumed\\n in Brussels. ")
    'Talks resumed in Brussels.'
    """
    return " ".join(text.split())


def body_sentences(article: Article) -> list[list[str]]:
    """The body as it is translated: for each paragraph, its pieces in order, each one unit.

    A piece is a sentence (as :func:`~briefings.sentences.split_sentences` cuts
    the paragraph in the article's language), or the whole paragraph when no
    sentence is found in it. The page shows the body from this list, so that
    every piece it shows is a unit its catalog has an entry for; a piece whose
    :func:`msgid_for` is empty is no unit (and shows as it is).
    """
    return [split_sentences(paragraph, article.lang) or [paragraph]
            for paragraph in article.paragraphs]
def catalog_units(briefing: Briefing) -> list[Unit]:
    """The translation units of one briefing, located in its source file."""
    article = briefing.article
    return briefing_units(briefing, article.path.as_posix(), article.line_of)


def briefing_units(
    briefing: Briefing,
    source_ref: str,
    line_of_paragraph: Callable[[int], int] | None = None,
) -> list[Unit]:
    """The translation units of ``briefing``, in order of first appearance.

    The order is: title, dek, key points, statements, timeline, then the body
    sentence by sentence. Text that appears more than once is a single unit
    whose ``where`` and ``locations`` list every appearance. Empty text (no
    dek, say) gives no unit.

    :param briefing: the analysed article
    :param source_ref: the article's source file relative to the project, e.g.
        ``"content/foo.txt"``; it is what the PO ``#:`` comments show
    :param line_of_paragraph: unused: lines are no longer written (kept so
        callers need not change)
    :return: the units, each distinct ``msgid`` once
    """

    # msgid -> where, insertion-ordered: the first appearance fixes the order.
    found: dict[str, list[str]] = {}

    def add(text: str | None, where: str) -> None:
        msgid = msgid_for(text or "")
        if not msgid:
            return
        places = found.setdefault(msgid, [])
        if where not in places:
            places.append(where)

    article = briefing.article
    add(article.title, "title")
    add(article.dek, "dek")
    for point in briefing.key_points:
        add(point, "key point")
    for statement in briefing.statements:
        speaker = "an unnamed source" if statement.speaker == UNATTRIBUTED else statement.speaker
        kind = "direct quote" if statement.direct_quote else "reported"
        add(statement.text, f"statement by {speaker} ({kind})")
    for event in briefing.timeline:
        add(event.text, f"timeline {event.date}")
    for paragraph in body_sentences(article):
        for sentence in paragraph:
            add(sentence, "text")

    return [
        Unit(msgid=msgid, context=None, where=tuple(places), locations=((source_ref, 0),))
        for msgid, places in found.items()
    ]

