"""Checks of translated catalogs, run before pages are built or drafts published.

Each problem points at the ``msgid`` line of the PO file, so an editor can jump
straight to the entry. Two sets of checks run on every entry checked:

* translate-toolkit's standard checks (what ``pofilter`` runs), those that fit
  prose between scripts: doubled words, unbalanced brackets, a different end
  punctuation, stray whitespace, broken escapes, URLs, e-mail addresses and
  markup lost (:data:`TOOLKIT_CHECKS`);
* ours: names not in the form the glossary agreed on (only where the English
  *names* the person or body: "the Armenian leader" may be translated as a
  description), numbers changed, quotation marks lost, a reviewed entry left
  empty, English passed through untranslated.

Reviewed entries are checked by default; machine drafts and other fuzzy
entries with ``drafts=True``. Entries a person must look at whatever the
flag (a plural entry set aside) are always reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from briefings.glossary import Glossary, Match
from briefings.translation.catalogs import NEEDS_PERSON, SET_ASIDE, unit_status
from briefings.translation.protect import numbers_added, numbers_missing

_URL = re.compile(r"(?:https?://|www\.)\S+")
_LETTER = re.compile(r"[^\W\d_]")
_QUOTES = re.compile("[\"\u201c\u201d\u201e\u00ab\u00bb\u2039\u203a\u300c\u300d]")

#: translate-toolkit's checks that hold for news prose in another script. Left
#: out: those about software strings (accelerators, printf, variables …), those
#: we do better for these languages (numbers, unchanged, quotation marks:
#: «» for "" is right in Russian and Armenian), and spelling.
TOOLKIT_CHECKS = (
    "blank", "brackets", "doublespacing", "doublewords", "emails", "endpunc",
    "endwhitespace", "escapes", "newlines", "purepunc", "startwhitespace", "tabs", "urls",
    "xmltags",
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one catalog entry.

    :param path: the PO file
    :param line: the line of the entry's ``msgid`` (0 when the catalog was not
        read from a file)
    :param msgid: the English text of the entry (the singular, for plural entries)
    :param message: what is wrong, in a few words
    :param check: the check's name (translate-toolkit's, or ours: ``glossary``,
        ``numbers``, ``quotes``, ``empty``, ``unchanged``, ``draft``, ``set-aside``)
    :param status: the entry's status (see
        :func:`~briefings.translation.catalogs.unit_status`)
    :param translation: the translation checked (the first form, for plurals)
    """

    path: Path
    line: int
    msgid: str
    message: str
    check: str = ""
    status: str = ""
    translation: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return {"file": str(self.path), "line": self.line, "check": self.check,
                "status": self.status, "problem": self.message, "msgid": self.msgid,
                "msgstr": self.translation}


def check_catalog(
    catalog: Catalog, path: Path, glossary: Glossary, lang: str, *, drafts: bool = False
) -> list[Problem]:
    """Check the live, translated entries of ``catalog`` against their English.

    Reviewed entries are checked; with ``drafts``, fuzzy ones too (machine
    drafts, stale and translation-memory suggestions), and a machine draft's
    recorded findings are reported as well. Entries with no translation are not
    yet translated and not reported (``briefings status`` counts them), but a
    plural entry set aside is, always. Obsolete entries are ignored.

    :param catalog: the catalog, as :func:`~briefings.translation.pofile.read_catalog`
        reads it (which records the ``msgid`` line of each entry)
    :param path: the PO file, for the report
    :param glossary: the terms whose agreed forms translations must use
    :param lang: the catalog's language, which decides the forms
    :return: the problems, sorted by line
    """
    problems: list[Problem] = []
    for message in catalog:
        if not message.id:
            continue  # the header
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = (message.string,) if isinstance(message.string, str) else message.string
        line = message.lineno or 0
        status = unit_status(message)

        def report(text: str, check: str, message: Message = message, line: int = line,
                   status: str = status) -> None:
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            first = message.string if isinstance(message.string, str) else message.string[0]
            problems.append(Problem(path, line, msgid, text, check, status, first or ""))

        for comment in message.user_comments:
            if comment.startswith(SET_ASIDE):
                report(comment, "set-aside")
        if not any(strings):
            note = next((c for c in message.user_comments if c.startswith(NEEDS_PERSON)), None)
            if note and drafts:
                report(note, "draft")
            continue
        if message.fuzzy and not drafts:
            continue
        for index, string in enumerate(strings):
            # Plural forms beyond the first translate msgid_plural.
            source = ids[min(index, len(ids) - 1)]
            for check, text in check_translation(source, string or "", glossary, lang):
                report(text, check)
    return sorted(problems, key=lambda problem: problem.line)


def check_translation(
    source: str, translation: str, glossary: Glossary, lang: str
) -> list[tuple[str, str]]:
    """``(check, what is wrong)`` for one translation of ``source``."""
    if not translation.strip():
        return [("empty", "translation is empty")]
    found: list[tuple[str, str]] = []
    if translation.strip() == source.strip() and _needs_translating(source, glossary, lang):
        found.append(("unchanged", "translation is the English text"))
    for term in _named_terms(source, glossary):
        form = term.forms.get(lang)
        if form and not _uses_form(translation, form):
            found.append(("glossary",
                          f"translation lacks {form!r} (the glossary form of {term.name!r})"))
    found += [("numbers", f"number {n} missing from translation")
              for n in numbers_missing(source, translation)]
    found += [("numbers", f"number {n} not in the English")
              for n in numbers_added(source, translation)]
    if _QUOTES.search(source) and not _QUOTES.search(translation):
        found.append(("quotes", "the English has quotation marks and the translation none"))
    found += _toolkit(source, translation, lang)
    return found


@lru_cache(maxsize=8)
def _checker(lang: str) -> object:
    from translate.filters import checks

    return checks.StandardChecker(checks.CheckerConfig(targetlanguage=lang))


def _toolkit(source: str, translation: str, lang: str) -> list[tuple[str, str]]:
    """translate-toolkit's verdict on one translation, for :data:`TOOLKIT_CHECKS`."""
    from translate.storage import pypo

    unit = pypo.pounit(source)
    unit.target = translation
    failures = _checker(lang).run_filters(unit)  # type: ignore[attr-defined]
    return [(name, f"{name}: {_text(failures[name])}")
            for name in TOOLKIT_CHECKS if name in failures]


def _text(failure: object) -> str:
    if isinstance(failure, dict):
        return str(failure.get("message", failure))
    return str(failure)


def _named_terms(text: str, glossary: Glossary) -> list:
    """The terms ``text`` calls by a name, not only by a description.

    "Pashinyan" and "Nikol Pashinyan" name him; "the Armenian leader", one of
    his aliases, describes him, and a translator may keep the description.
    """
    named = [m.term for m in glossary.find(text) if _names(m)]
    return list({term.name: term for term in named}.values())


def _names(match: Match) -> bool:
    words = {w.lower() for w in re.findall(r"[^\W\d_]{3,}", match.term.name)}
    return any(w.lower() in words for w in re.findall(r"[^\W\d_]{3,}", match.surface))


def _needs_translating(source: str, glossary: Glossary, lang: str) -> bool:
    """Whether an unchanged copy of ``source`` cannot be a correct translation.

    Text without letters ("2023", "–") and text made only of URLs and glossary
    terms written the same in ``lang`` ("Al Mayadeen English") stays as it is.
    """
    rest = source
    for match in reversed(glossary.find(source)):
        if match.term.form(lang) == match.surface:
            rest = rest[: match.start] + " " + rest[match.end :]
    rest = _URL.sub(" ", rest)
    return bool(_LETTER.search(rest))


def _uses_form(translation: str, form: str) -> bool:
    """Whether ``translation`` writes the glossary ``form``, perhaps declined.

    Reviewers inflect names as the grammar needs (Russian "Алиева", Armenian
    "Ալիևի", Azerbaijani "Əliyevin"; "Армения" -> "Армении"), so each word may
    lose up to two final letters and take up to four others, and case is ignored.
    """
    words = []
    for word in form.split():
        stem = word[: max(3, len(word) - 2)] if len(word) > 3 else word
        words.append(re.escape(stem) + r"[^\W\d_]{0,4}")
    pattern = r"(?<![^\W\d_])" + r"[\s\-]+".join(words) + r"(?![^\W\d_])"
    return re.search(pattern, translation, re.IGNORECASE) is not None
