"""The language a source is written in, told from its text with py3langid.

Why py3langid (and not lingua, langdetect or fastText) is in
docs/decisions/language-detection.md, with what was measured. The model ships
inside the package, so detection works offline, and it is the same on every
run (no random seed, unlike langdetect).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

# Enough letters for a reliable guess: a headline alone can fool any detector.
MIN_LETTERS = 40
# Below this (normalised) probability the model's guess is not used and the
# article is taken to be in English, as before detection existed.
MIN_CONFIDENCE = 0.50
# English prose is 45-60 % stop words (jusText's English list); Azerbaijani,
# Turkish, Russian and Armenian text under 10 %. Above this share the text is
# English without asking the model, whose 68 MB table takes seconds to load.
ENGLISH_STOP_WORDS = 0.25
# Detection reads this much of the text: a few paragraphs settle it.
SAMPLE_CHARS = 4000
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Language:
    """A detected language: an ISO 639-1 code, and how it was told.

    ``confidence`` is the model's normalised probability (0-1), or, when ``method``
    is ``"stop words"``, the share of English stop words in the text.
    """

    code: str
    confidence: float
    method: str = "py3langid"


@cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@cache
def stop_words(language: str = "English") -> frozenset[str]:
    """jusText's stop-word list for ``language`` (a name such as "English", "Russian")."""
    import justext

    return frozenset(justext.get_stoplist(language))


def detect_language(text: str) -> Language | None:
    """The language of ``text``, or ``None`` when it is too short or the model unsure."""
    sample = text[:SAMPLE_CHARS]
    words = _WORD.findall(sample.casefold())
    if sum(map(len, words)) < MIN_LETTERS:
        return None
    english = stop_words()
    share = sum(word in english for word in words) / len(words)
    if share >= ENGLISH_STOP_WORDS:
        return Language("en", round(share, 3), "stop words")
    code, probability = _identifier().classify(sample)
    if probability < MIN_CONFIDENCE:
        return None
    return Language(str(code), round(float(probability), 3))


def is_english(code: str | None) -> bool:
    """Whether a language code (``en``, ``en-GB``) names English."""
    return in_language(code, "en")


def in_language(code: str | None, source: str) -> bool:
    """Whether a source in language ``code`` (``None``: not known) is in language ``source``.

    >>> in_language("ru-RU", "ru"), in_language(None, "ru"), in_language("az", "en")
    (True, True, False)
    """
    return (code or source).split("-", 1)[0].lower() == source.split("-", 1)[0].lower()


def language_name(code: str, in_lang: str = "en") -> str:
    """The name of language ``code`` in ``in_lang`` ("Azerbaijani" for ``az``), from Babel.

    Babel's CLDR data, as the site's interface uses it; the code itself when
    CLDR has no name for it.
    """
    from babel import Locale, UnknownLocaleError

    base = (code or "en").split("-", 1)[0].lower()
    try:
        return Locale.parse(in_lang).languages.get(base) or code
    except (UnknownLocaleError, ValueError):
        return code


def not_translated(code: str | None, source: str = "en") -> str | None:
    """Why a source in language ``code`` has no catalogs, or ``None`` for one in ``source``.

    Catalogs hold the site's source language (``source_language``) to
    translate; a source in another language is published as it is until
    translating such sources exists (issue 12).
    """
    if in_language(code, source):
        return None
    return (f"not translated: the source is in {language_name(code or '')} ({code}); "
            "translating such sources comes later")
