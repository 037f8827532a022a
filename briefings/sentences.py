"""Sentence splitting, shared by analysis and translation.

We use Wikimedia's ``sentencex`` (rule-based, offline, knows abbreviations such as
"Sept." and "U.S.", decimals and quotes) rather than Argos' MiniSBD, which downloads
models at run time.
"""

from __future__ import annotations

from functools import lru_cache

from sentencex import segment


@lru_cache(maxsize=4096)
def _split(text: str, lang: str) -> tuple[str, ...]:
    return tuple(s.strip() for s in segment(lang, text) if s.strip())


def split_sentences(text: str, lang: str = "en") -> list[str]:
    """The sentences of one paragraph, stripped, in order; empty text gives ``[]``."""
    return list(_split(text, lang))
