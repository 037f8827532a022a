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
# Bidirectional embeddings, overrides and isolates (U+202A-202E, U+2066-2069): they
# reorder what a reader sees ("Trojan Source"), so a line can read unlike its
# characters. Article text never needs them; the marks U+200E/U+200F stay.
_INVISIBLE.update(dict.fromkeys(range(0x202A, 0x202F), None))
_INVISIBLE.update(dict.fromkeys(range(0x2066, 0x206A), None))
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# What bytes 0x80-0x9f become in the ISO encodings: never in real text.
_C1_CONTROL = re.compile(r"[\x80-\x9f]")


def decode_source(data: bytes, path: Path | str) -> str:
    """Decode a source file's bytes to text, or raise :class:`BriefingsError`.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are taken as they are; other
    text is decoded with the legacy encoding that gives the most plausible letters,
    and refused when none does: a wrong guess would publish mojibake.
    """
    if not data.strip():
        raise BriefingsError(path, "the file is empty; add the article text or remove the file")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise BriefingsError(
                path, "the file starts like UTF-16 text but is not; save it as UTF-8"
            ) from None
    if b"\x00" in data[:8192]:
        raise BriefingsError(
            path, "this is a binary file, not article text; remove it from content/"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        first_bad_line = data[: exc.start].count(b"\n") + 1
    best = _guess_legacy(data)
    if best is None:
        raise BriefingsError(
            path,
            "the text is not UTF-8 and its encoding could not be told; save it as UTF-8",
            line=first_bad_line,
        )
    return best


def _guess_legacy(data: bytes) -> str | None:
    """The most plausible decoding among :data:`LEGACY_ENCODINGS`, or ``None``.

    Plausible means: no control characters, and the words holding non-ASCII letters
    look like real words: of one script, cased like words (``word``, ``Word`` or
    ``WORD``), mostly lower case, and (for Latin) mostly plain letters with a few
    accented ones. Cyrillic read as cp1252 gives words made wholly of accented
    letters; Latin read as cp1251 gives Latin words with a Cyrillic letter inside;
    KOI8-R read as cp1251 (and the reverse) swaps the case of every letter.
    """
    best: tuple[float, str] | None = None
    for encoding in LEGACY_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _CONTROL.search(text) or _C1_CONTROL.search(text):
            continue
        words = [w for w in re.findall(r"\w+", text) if not w.isascii()]
        if not words:
            return text
        score = sum(_plausible_word(w) for w in words) / len(words)
        letters = [c for w in words for c in w if c.isalpha() and not c.isascii()]
        lower = sum(c.islower() for c in letters) / len(letters) if letters else 1.0
        if len(letters) >= 20 and lower < 0.5:
            continue  # prose is mostly lower case; this is case-swapped mojibake
        if best is None or score > best[0]:  # a tie goes to the likelier encoding
            best = (score, text)
    return best[1] if best and best[0] >= 0.9 else None


# Letters of Icelandic and Faroese that share their bytes with Turkish and
# Azerbaijani letters (ğ ı ş Ğ İ Ş) in the Latin-5 encodings: far likelier here.
_RARE_LATIN = frozenset("ðýþÐÝÞ")


def _plausible_word(word: str) -> float:
    letters = [c for c in word if c.isalpha()]
    scripts = {unicodedata.name(c, "?").split()[0] for c in letters}
    if len(scripts) != 1:
        return 0.0
    if not (word.islower() or word.isupper() or (word[0].isupper() and word[1:].islower())):
        return 0.0
    if scripts == {"LATIN"}:
        accented = sum(not c.isascii() for c in word)
        if accented > max(1, len(word) // 3):
            return 0.0
        return 0.5 if _RARE_LATIN.intersection(word) else 1.0
    return 1.0 if all(c.isalpha() or c.isdigit() for c in word) else 0.0


def normalise_text(text: str) -> str:
    """Unix line ends, plain spaces, no invisible characters; quotes kept as typed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.translate(_INVISIBLE).translate(_ODD_SPACES)
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFC", text)
    return "\n".join(line.rstrip() for line in text.split("\n"))
