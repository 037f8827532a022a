"""Why a translated page shows passages in English, in the page's language.

A reader of the Armenian page who meets English text is told why, in the
translation banner: the machine draft failed a check, the translation is of
earlier English, no model for the language is installed here, or the catalog
could not be read. The reasons and their counts come from
:meth:`briefings.site.translated.ArticleTranslation.english_reasons`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from briefings.site.pages import PageLanguage


def why_english(
    reasons: Iterable[tuple[str, int]], problem: str, lang: PageLanguage
) -> list[tuple[str, str]]:
    """The banner's lines saying why passages are in English: ``(reason, text)``.

    :param reasons: ``(reason, passages)`` as
        :meth:`briefings.site.translated.ArticleTranslation.english_reasons` gives them
    :param problem: why the catalog could not be read (for the ``problem`` reason)
    """
    lines = []
    for reason, count in reasons:
        if reason == "problem":
            text = lang.gettext(
                "The whole page is in English: its translation file could not be read "
                "(%(problem)s)."
            ) % {"problem": problem}
        else:
            text = _why_english_line(reason, count, lang) % {"count": lang.number(count)}
        lines.append((reason, text))
    return lines


def _why_english_line(reason: str, count: int, lang: PageLanguage) -> str:
    # One ngettext call each, written out: Babel extracts only literal pairs.
    if reason == "flagged":
        return lang.ngettext(
            "%(count)s passage is in English: its machine draft failed a check and waits "
            "for a translator.",
            "%(count)s passages are in English: their machine drafts failed a check and wait "
            "for a translator.", count)
    if reason == "stale":
        return lang.ngettext(
            "%(count)s passage is in English: its translation is of earlier English and "
            "waits for a translator.",
            "%(count)s passages are in English: their translations are of earlier English "
            "and wait for a translator.", count)
    if reason == "no-model":
        return lang.ngettext(
            "%(count)s passage is in English: not drafted, because no machine translation "
            "model for this language is installed.",
            "%(count)s passages are in English: not drafted, because no machine translation "
            "model for this language is installed.", count)
    if reason == "unpublished":
        return lang.ngettext(
            "%(count)s passage is in English: this site publishes a machine draft only once "
            "a person has reviewed it.",
            "%(count)s passages are in English: this site publishes a machine draft only "
            "once a person has reviewed it.", count)
    return lang.ngettext("%(count)s passage is in English: not translated yet.",
                         "%(count)s passages are in English: not translated yet.", count)
