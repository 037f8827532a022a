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
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from briefings.model import Briefing
from briefings.sentences import split_sentences


@dataclass(frozen=True)
class Unit:
    """One piece of English to translate, and everywhere it appears.

    :param msgid: the English text, whitespace collapsed (see :func:`msgid_for`)
    :param context: the ``msgctxt``; always ``None`` for now (see the module notes)
    :param where: the places in the briefing, in reading order, e.g. ``"title"``,
        ``"key point 2"``, ``"statement 3 (Ilham Aliyev)"``,
        ``"timeline 2023-09-19"``, ``"paragraph 4, sentence 2"``
    :param locations: ``(path, line)`` pairs: the source file relative to the
        project and the 1-based line of the paragraph, 0 when not known
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
    :param line_of_paragraph: maps an index into ``briefing.article.paragraphs``
        to the 1-based line where that paragraph starts in the source; without
        it every line is 0 (unknown)
    :return: the units, each distinct ``msgid`` once
    """

    def line(paragraph: int) -> int:
        return line_of_paragraph(paragraph) if line_of_paragraph is not None else 0

    # msgid -> (where, locations), insertion-ordered: the first appearance fixes the order.
    found: dict[str, tuple[list[str], list[tuple[str, int]]]] = {}

    def add(text: str | None, where: str, line: int) -> None:
        msgid = msgid_for(text or "")
        if not msgid:
            return
        places, locations = found.setdefault(msgid, ([], []))
        if where not in places:
            places.append(where)
        if (source_ref, line) not in locations:
            locations.append((source_ref, line))

    article = briefing.article
    # The title and dek come from the top of the source or are made up; their
    # line is not known here.
    add(article.title, "title", 0)
    add(article.dek, "dek", 0)
    for number, point in enumerate(briefing.key_points, start=1):
        add(point, f"key point {number}", 0)
    for number, statement in enumerate(briefing.statements, start=1):
        add(statement.text, f"statement {number} ({statement.speaker})", line(statement.paragraph))
    for event in briefing.timeline:
        add(event.text, f"timeline {event.date}", line(event.paragraph))
    for index, paragraph in enumerate(article.paragraphs):
        for number, sentence in enumerate(split_sentences(paragraph, article.lang), start=1):
            add(sentence, f"paragraph {index + 1}, sentence {number}", line(index))

    return [
        Unit(msgid=msgid, context=None, where=tuple(places), locations=_known(locations))
        for msgid, (places, locations) in found.items()
    ]


def _known(locations: list[tuple[str, int]]) -> tuple[tuple[str, int], ...]:
    """``locations`` less the unknown lines of files it also has known lines for."""
    with_lines = {path for path, line in locations if line}
    return tuple((path, line) for path, line in locations if line or path not in with_lines)
