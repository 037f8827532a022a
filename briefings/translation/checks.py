"""Checks of translated catalogs, run before pages are built or drafts published.

Each problem points at the ``msgid`` line of the PO file, so an editor can jump
straight to the entry. The checks cover what machine drafts and hurried reviews
get wrong: names not in the form the glossary agreed on, numbers changed,
reviewed entries left empty, and English passed through untranslated.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message

from briefings.glossary import Glossary, Term
from briefings.translation.catalogs import NEEDS_PERSON
from briefings.translation.protect import numbers_added, numbers_missing

_URL = re.compile(r"(?:https?://|www\.)\S+")
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one catalog entry.

    :param path: the PO file
    :param line: the line of the entry's ``msgid`` (0 when the catalog was not
        read from a file)
    :param msgid: the English text of the entry (the singular, for plural entries)
    :param message: what is wrong, in a few words
    """

    path: Path
    line: int
    msgid: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def check_catalog(catalog: Catalog, path: Path, glossary: Glossary, lang: str) -> list[Problem]:
    """Check every live, translated entry of ``catalog`` against its English.

    Fuzzy entries (machine drafts) are checked like reviewed ones. Entries with
    no translation are not yet translated and only reported when a machine draft
    was withheld for a person; a translation of only spaces is "empty". Obsolete
    entries are ignored.

    :param catalog: the catalog, as read by :func:`babel.messages.pofile.read_po`
        (which records the ``msgid`` line of each entry)
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

        def report(text: str, message: Message = message, line: int = line) -> None:
            msgid = message.id if isinstance(message.id, str) else message.id[0]
            problems.append(Problem(path, line, msgid, text))

        if not any(strings):
            # Untranslated: `briefings status` counts these; only a draft that a
            # model broke is a problem to report.
            note = next((c for c in message.user_comments if c.startswith(NEEDS_PERSON)), None)
            if note:
                report(note)
            continue
        for index, string in enumerate(strings):
            # Plural forms beyond the first translate msgid_plural.
            source = ids[min(index, len(ids) - 1)]
            for text in _check(source, string or "", glossary, lang):
                report(text)
    return sorted(problems, key=lambda problem: problem.line)


def _check(source: str, translation: str, glossary: Glossary, lang: str) -> list[str]:
    if not translation.strip():
        return ["translation is empty"]
    found: list[str] = []
    if translation.strip() == source.strip() and _needs_translating(source, glossary, lang):
        found.append("translation is the English text")
    for term in _unique_terms(source, glossary):
        form = term.forms.get(lang)
        if form and not _uses_form(translation, form):
            found.append(f"translation lacks {form!r} (the glossary form of {term.name!r})")
    found += [f"number {n} missing from translation" for n in numbers_missing(source, translation)]
    found += [f"number {n} not in the English" for n in numbers_added(source, translation)]
    return found


def _unique_terms(text: str, glossary: Glossary) -> list[Term]:
    return list({match.term.name: match.term for match in glossary.find(text)}.values())


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
