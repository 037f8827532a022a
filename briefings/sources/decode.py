"""Bytes to clean text: encodings, BOM, line endings and invisible characters.

Article sources are pasted from anywhere, so this is the first line of defence:
binary files and text we cannot decode with confidence are refused with a clear
message instead of being published as mojibake.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

from briefings.errors import BriefingsError

# Legacy encodings that regional newsrooms still meet, tried when UTF-8 fails:
# Windows Cyrillic and Latin first, then KOI8-R and the ISO Latin sets.
LEGACY_ENCODINGS = ("cp1251", "cp1252", "koi8_r", "iso8859_9", "iso8859_1")

# Spaces that look like spaces but break matching and sentence splitting.
_ODD_SPACES = dict.fromkeys(map(ord, "\u00a0\u2007\u202f\u2002\u2003\u2009\u3000\t"), " ")
# Characters that are invisible on the page and only get in the way.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode_source(data: bytes, path: Path | str) -> str:
    """Decode a source file's bytes to text, or raise :class:`BriefingsError`.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are taken as they are; other
    text is decoded with the legacy encoding that gives the most plausible letters.
    """
    if not data.strip():
        raise BriefingsError(path, "the file is empty; add the article text or remove the file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:8192]:
        raise BriefingsError(
            path, "this is a binary file, not article text; remove it from content/"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = _guess_legacy(data)
    if best is None:
        raise BriefingsError(
            path, "the text is not UTF-8 and its encoding could not be told; save it as UTF-8"
        )
    return best


def _guess_legacy(data: bytes) -> str | None:
    """The most plausible decoding among :data:`LEGACY_ENCODINGS`, or ``None``.

    Plausible means: no control characters, and the words holding non-ASCII letters
    look like real words: of one script, and (for Latin) mostly plain letters with
    a few accented ones. Cyrillic read as cp1252 gives words made wholly of accented
    letters; Latin read as cp1251 gives Latin words with a Cyrillic letter inside.
    """
    best: tuple[float, str] | None = None
    for encoding in LEGACY_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text):
            continue
        words = [w for w in re.findall(r"\w+", text) if not w.isascii()]
        if not words:
            return text
        score = sum(_plausible_word(w) for w in words) / len(words)
        if best is None or score > best[0]:
            best = (score, text)
    return best[1] if best and best[0] >= 0.9 else None


def _plausible_word(word: str) -> bool:
    scripts = {unicodedata.name(c, "?").split()[0] for c in word if c.isalpha()}
    if len(scripts) != 1:
        return False
    if scripts == {"LATIN"}:
        accented = sum(not c.isascii() for c in word)
        return accented <= max(1, len(word) // 3)
    return all(c.isalpha() or c.isdigit() for c in word)


def normalise_text(text: str) -> str:
    """Unix line ends, plain spaces, no invisible characters; quotes kept as typed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_INVISIBLE).translate(_ODD_SPACES)
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))
