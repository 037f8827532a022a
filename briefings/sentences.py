"""Sentence splitting, shared by analysis and translation.

We use Wikimedia's ``sentencex`` (rule-based, offline, knows abbreviations such as
"Sept." and "U.S.", decimals and quotes) rather than Argos' MiniSBD, which downloads
models at run time.
"""

from __future__ import annotations

from functools import lru_cache

from sentencex import segment

# sentencex's work grows with the square of a text's length on some shapes (a run of
# quotation marks), so a very long paragraph is cut into pieces first, each at a
# sentence end (or else a space) near its end; real paragraphs are far shorter.
_PIECE = 4000


def _pieces(text: str) -> list[str]:
    pieces = []
    while len(text) > _PIECE:
        window = text[_PIECE // 2:_PIECE]
        cut = max(window.rfind(end) for end in (". ", "? ", "! ", "\n"))
        if cut < 0:
            cut = window.rfind(" ")
        cut = _PIECE if cut < 0 else _PIECE // 2 + cut + 1
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text]


@lru_cache(maxsize=4096)
def _split(text: str, lang: str) -> tuple[str, ...]:
    return tuple(s.strip() for piece in _pieces(text) for s in segment(lang, piece) if s.strip())


def split_sentences(text: str, lang: str = "en") -> list[str]:
    """The sentences of one paragraph, stripped, in order; empty text gives ``[]``."""
    return list(_split(text, lang))
