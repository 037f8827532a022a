"""Analysis: an :class:`~briefings.model.Article` becomes a :class:`~briefings.model.Briefing`.

Each part is a pure function of the article's paragraphs (and the glossary or the
publication date); :func:`analyse` runs them in order.
"""

from __future__ import annotations

import dataclasses

from briefings.analysis.entities import extract_entities
from briefings.analysis.headline import make_headline
from briefings.analysis.keypoints import select_key_points
from briefings.analysis.statements import extract_statements
from briefings.analysis.timeline import extract_timeline
from briefings.glossary import Glossary
from briefings.model import Article, Briefing
from briefings.sources.language import is_english


def analyse(article: Article, glossary: Glossary) -> Briefing:
    """The briefing for ``article``: key points, statements, timeline and entities.

    An article without a title gets a headline made from its lead (still flagged as
    generated); the briefing holds that copy of the article. The rules are English
    rules: a source in another language gets no analysis (an empty briefing, its
    text kept) rather than a wrong one.
    """
    if not is_english(article.lang):
        return Briefing(article=article, key_points=[], statements=[], timeline=[], entities=[])
    statements = extract_statements(article.paragraphs, glossary, (article.title, article.dek))
    if article.title_generated and (headline := make_headline(article.paragraphs, statements)):
        # Still flagged: an editor is asked to confirm or replace it.
        article = dataclasses.replace(article, title=headline)
    header = [t for t in (article.title, article.dek) if t and not article.title_generated]
    return Briefing(
        article=article,
        key_points=select_key_points(article.paragraphs, statements),
        statements=statements,
        timeline=extract_timeline(article.paragraphs, article.published),
        entities=extract_entities(article.paragraphs, glossary, header),
    )
