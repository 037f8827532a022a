"""Gettext catalogs: one PO file per briefing and language, shared by machine and people.

The life of an entry:

* :func:`merge_catalog` brings a catalog up to date with the briefing's
  units, the way GNU ``msgmerge`` would: what a person did is kept.
* :func:`pending_units` lists what still needs a machine draft, and
  :func:`apply_drafts` files the drafts as ``fuzzy`` entries that say which
  engine made them, or, when a draft is broken, leaves the entry empty with a
  note for a person, so nothing broken is ever published.
* A reviewer corrects a draft and deletes the ``fuzzy`` flag; from then on the
  entry is *reviewed* and no run will change it.

This module holds the catalog model and what happens to it; reading and
writing PO files is :mod:`briefings.translation.pofile`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message

from briefings.translation.units import Unit

Status = Literal["reviewed", "machine-draft", "stale", "untranslated"]

#: Translator-comment prefixes this module writes and recognises.
MACHINE_DRAFT = "machine draft: "
NEEDS_PERSON = "machine draft needs a person: "
MACHINE_OUTPUT = "machine output: "

#: How alike an old and a new sentence must be for the old translation to be
#: offered as a starting point; the threshold GNU msgmerge uses.
FUZZY_THRESHOLD = 0.6

# Babel flags anything that looks like "%d" or "{name}" as a format string, and
# msgfmt --check-format then insists the translation repeats it. Article text
# ("5% of the vote") is prose, never a format string.
FORMAT_FLAGS = frozenset({"python-format", "python-brace-format"})

# Header fields that belong to the translators and their tools: kept as found.
KEPT_HEADERS = (
    "Report-Msgid-Bugs-To",
    "POT-Creation-Date",
    "PO-Revision-Date",
    "Last-Translator",
    "Language-Team",
    # A translator's (or a tool's) choice, kept as found: CLDR's plural rules
    # change between Babel releases, and a rebuild must not rewrite the header.
    "Plural-Forms",
)



# -- merging ---------------------------------------------------------------------------------------


def merge_catalog(units: list[Unit], existing: Catalog | None, lang: str, slug: str) -> Catalog:
    """The catalog for ``units``, keeping everything people did in ``existing``.

    This follows GNU ``msgmerge``:

    * an entry whose English is unchanged keeps its translation, flags and
      translator comments exactly (a reviewed entry stays reviewed);
    * a new sentence close to one that is gone (a sentence that was edited)
      starts from the old translation, marked ``fuzzy`` with the old English
      as ``#| msgid``, but only if a person wrote or reviewed that translation;
      an old machine draft is not worth a reviewer's time, so the sentence is
      left empty and gets a fresh draft;
    * entries whose English is gone become obsolete (``#~``) and stay, at the
      end of the file, so no work is lost; an obsolete entry whose English
      comes back is revived with its translation and flags.

    The ``#.`` comments are the units' ``where`` and the ``#:`` comments their
    ``locations``. The header's dates and translator fields are carried over
    from ``existing`` when it came from :func:`read_catalog`, and are otherwise
    gettext's placeholders (``PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE``) or
    blank: nothing in the file depends on when it was written, so an unchanged
    briefing gives a byte-identical file. Pass a catalog from
    :func:`read_catalog`: Babel's own ``read_po`` takes ``#| msgid`` lines for
    translator comments.

    :param units: the briefing's units, in page order (the order of the file)
    :param existing: the catalog as last written, or ``None`` for a new one
    :param lang: the language code, e.g. ``"hy"``
    :param slug: the briefing's slug, for ``Project-Id-Version``
    :return: a new catalog; ``existing`` is not changed
    """
    if isinstance(existing, BriefingCatalog):
        catalog = BriefingCatalog(lang, slug, existing.kept_headers, existing.header_comment)
    else:
        comment = existing.header_comment if existing is not None else None
        catalog = BriefingCatalog(lang, slug, {}, comment)

    live = {_key(m): m for m in live_messages(existing)} if existing is not None else {}
    obsolete = {_key(m): m for m in existing.obsolete.values()} if existing is not None else {}
    wanted = {(unit.msgid, unit.context) for unit in units}
    gone = [m for key, m in live.items() if key not in wanted and _translated(m)]
    used: set[tuple[str, str | None]] = set()

    for unit in units:
        old = live.get((unit.msgid, unit.context)) or obsolete.get((unit.msgid, unit.context))
        if old is not None and not old.pluralizable:
            message = _message(
                unit, old.string, old.flags, old.user_comments, list(old.previous_id)
            )
        elif (close := _closest(unit.msgid, gone)) is not None and _by_a_person(close):
            used.add(_key(close))
            # Notes about an old machine attempt do not describe a person's translation.
            comments = [c for c in close.user_comments if not _machine_note(c)]
            message = _message(unit, close.string, {"fuzzy"}, comments, [close.id])
        else:
            message = _message(unit)
        catalog[unit.msgid] = message

    for key, message in [*obsolete.items(), *live.items()]:
        if key not in wanted and key not in used:
            catalog.obsolete[_babel_key(key)] = _retired(message)
    return catalog


def _message(
    unit: Unit,
    string: str = "",
    flags: Iterable[str] = (),
    user_comments: Iterable[str] = (),
    previous_id: list[str] | None = None,
) -> Message:
    message = Message(
        unit.msgid,
        string,
        locations=list(unit.locations),
        flags=flags,
        auto_comments=list(unit.where),
        user_comments=list(user_comments),
        previous_id=previous_id or (),
        context=unit.context,
    )
    message.flags -= FORMAT_FLAGS
    return message


def _retired(message: Message) -> Message:
    """``message`` as an obsolete entry: what PO files keep of one."""
    retired = Message(
        message.id,
        message.string,
        flags=message.flags,
        user_comments=message.user_comments,
        context=message.context,
    )
    retired.flags -= FORMAT_FLAGS
    return retired


def _closest(msgid: str, candidates: list[Message]) -> Message | None:
    """The candidate most like ``msgid``, if any is alike enough; the first wins ties."""
    best, best_ratio = None, FUZZY_THRESHOLD
    for candidate in candidates:
        if not isinstance(candidate.id, str):
            continue
        matcher = difflib.SequenceMatcher(None, msgid.lower(), candidate.id.lower(), False)
        if matcher.real_quick_ratio() < best_ratio or matcher.quick_ratio() < best_ratio:
            continue  # cheap upper bounds first, as difflib.get_close_matches does
        ratio = matcher.ratio()
        if ratio > best_ratio or (best is None and ratio == best_ratio):
            best, best_ratio = candidate, ratio
    return best


def _by_a_person(message: Message) -> bool:
    """Whether a person wrote or approved the translation (reviewed, or stale since)."""
    return unit_status(message) in ("reviewed", "stale")


# -- machine drafts --------------------------------------------------------------------------------


@dataclass
class Draft:
    """A machine translation of one unit, as an engine produced it.

    :param text: the translation
    :param provenance: the engine and model, e.g. ``"argos translate-en_ru 1.9"``
    :param problem: why the draft must not be used (a name or number lost, a
        placeholder garbled), or ``None`` when it is fit to show as a draft
    """

    text: str
    provenance: str
    problem: str | None = None


def apply_drafts(catalog: Catalog, drafts: dict[tuple[str, str | None], Draft]) -> int:
    """File machine drafts in ``catalog``, keyed by ``(msgid, msgctxt)``.

    A sound draft becomes the entry's translation, flagged ``fuzzy`` with the
    translator comment ``machine draft: <provenance>``. A draft with a problem
    is not used: the entry stays empty (and not fuzzy), with the comments
    ``machine draft needs a person: <problem>`` and ``machine output: <text>``
    for whoever translates it. Entries that already have a translation, or a
    note that they need a person, are never touched; neither are keys the
    catalog does not have. Surrounding whitespace of a draft is dropped, and
    an empty draft counts as a problem.

    :return: the number of entries changed
    """
    changed = 0
    for (msgid, context), draft in drafts.items():
        message = catalog.get(msgid, context)
        if message is None or _translated(message) or _needs_person(message):
            continue
        text = draft.text.strip()
        problem = draft.problem or (None if text else "the engine returned no text")
        comments = [c for c in message.user_comments if not c.startswith(MACHINE_DRAFT)]
        message.previous_id = []
        if problem is None:
            message.string = text
            message.flags.add("fuzzy")
            message.user_comments = [*comments, MACHINE_DRAFT + draft.provenance]
        else:
            message.string = ""
            message.flags.discard("fuzzy")
            message.user_comments = [
                *comments,
                NEEDS_PERSON + problem,
                MACHINE_OUTPUT + _one_line(draft.text),
            ]
        changed += 1
    return changed


def _machine_note(comment: str) -> bool:
    return comment.startswith((MACHINE_DRAFT, NEEDS_PERSON, MACHINE_OUTPUT))


def _one_line(text: str, limit: int = 56) -> str:
    """The start of a machine output, short enough that no PO writer wraps it.

    A wrapped comment reads back as several comments, and Babel drops repeated
    ones (a degenerate model output repeats itself), so a long output would not
    survive a second run byte for byte.
    """
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def pending_units(catalog: Catalog) -> list[tuple[str, str | None]]:
    """The ``(msgid, msgctxt)`` of live entries waiting for a machine draft.

    These are the empty entries, less those a machine already failed on
    (they carry a "needs a person" note and wait for a translator).
    """
    return [
        (message.id, message.context)
        for message in live_messages(catalog)
        if isinstance(message.id, str) and not _translated(message) and not _needs_person(message)
    ]


# -- status ----------------------------------------------------------------------------------------


def unit_status(message: Message) -> Status:
    """Where an entry stands.

    * ``"reviewed"``: translated and not fuzzy: a person approved it;
    * ``"machine-draft"``: fuzzy with a ``machine draft:`` comment;
    * ``"stale"``: fuzzy with a previous msgid (the English changed since it
      was translated), or fuzzy for any other reason a person had;
    * ``"untranslated"``: no translation (fuzzy or not).
    """
    if not _translated(message):
        return "untranslated"
    if not message.fuzzy:
        return "reviewed"
    if message.previous_id:
        return "stale"
    if any(comment.startswith(MACHINE_DRAFT) for comment in message.user_comments):
        return "machine-draft"
    return "stale"


@dataclass
class CatalogStatus:
    """How many live entries of a catalog are in each state."""

    total: int
    reviewed: int
    machine_draft: int
    stale: int
    untranslated: int


def catalog_status(catalog: Catalog) -> CatalogStatus:
    """Count the live entries of ``catalog`` by :func:`unit_status`."""
    counts = {"reviewed": 0, "machine-draft": 0, "stale": 0, "untranslated": 0}
    for message in live_messages(catalog):
        counts[unit_status(message)] += 1
    return CatalogStatus(
        total=sum(counts.values()),
        reviewed=counts["reviewed"],
        machine_draft=counts["machine-draft"],
        stale=counts["stale"],
        untranslated=counts["untranslated"],
    )


def translated_map(catalog: Catalog) -> dict[str, tuple[str, Status]]:
    """``msgid -> (msgstr, status)`` for every live entry without a ``msgctxt``.

    Untranslated entries are included, with an empty ``msgstr``: the site
    decides what to show for each status. Look up English through
    :func:`briefings.translation.units.msgid_for`.
    """
    return {
        message.id: (message.string, unit_status(message))
        for message in live_messages(catalog)
        if isinstance(message.id, str) and message.context is None
    }


def same_content(merged: Catalog, existing: Catalog) -> bool:
    """Whether writing ``merged`` would only reformat ``existing``, changing nothing in it.

    Compares the header, the header comment and every entry, live and obsolete,
    in order: English, translation, flags, comments, places, previous English.
    A run that merges and finds nothing new need not rewrite (or even
    serialise) the file, so a translator's line wrapping is left as it is too.
    """
    def header(catalog: Catalog) -> list[tuple[str, str]]:
        headers = catalog.raw_headers if catalog is existing else catalog.mime_headers
        return [(name, value.strip()) for name, value in headers]

    def entries(messages: Iterable[Message]) -> list[tuple[object, ...]]:
        return [
            (m.id, m.string, m.context, sorted(m.flags), m.auto_comments, m.user_comments,
             # "#: file" without a line reads back as line None; we write 0.
             [(path, line or 0) for path, line in m.locations], m.previous_id)
            for m in messages
        ]

    return (
        isinstance(existing, BriefingCatalog)
        and merged.header_comment == existing.header_comment
        and header(merged) == header(existing)
        and entries(live_messages(merged)) == entries(live_messages(existing))
        and entries(merged.obsolete.values()) == entries(existing.obsolete.values())
    )


# -- the catalog itself ----------------------------------------------------------------------------


class BriefingCatalog(Catalog):
    """A Babel catalog whose header holds nothing that changes from run to run.

    Babel writes the current time as ``POT-Creation-Date`` and into the header
    comment, and its version as ``Generated-By``. Here the header is made
    only of the project, the language and what translators' tools put there
    (revision date, last translator, team), which is kept as found.
    """

    def __init__(
        self,
        lang: str,
        slug: str,
        kept_headers: dict[str, str] | None = None,
        header_comment: str | None = None,
    ) -> None:
        try:
            language = Locale.parse(lang).english_name or lang
        except (UnknownLocaleError, ValueError):
            language = lang
        self.kept_headers: dict[str, str] = dict(kept_headers or {})
        self.raw_headers: list[tuple[str, str]] = []
        super().__init__(
            locale=lang,
            project="briefings",
            version=slug,
            header_comment=header_comment
            or (
                f"# {language} translation of the briefing “{slug}”.\n"
                "# Entries marked fuzzy are machine drafts or out of date: review one\n"
                "# by correcting the translation and deleting the fuzzy flag."
            ),
            language_team=language,
            charset="utf-8",
            fuzzy=False,
        )

    def _get_mime_headers(self) -> list[tuple[str, str]]:
        kept = self.kept_headers
        headers = [("Project-Id-Version", f"{self.project} {self.version}")]
        headers += [(name, kept[name]) for name in KEPT_HEADERS[:2] if name in kept]
        headers += [
            # gettext's "not revised yet": Babel's read_po fails on a blank date,
            # and any real date would be made up. (msgfmt -c warns about it.)
            ("PO-Revision-Date", kept.get("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE")),
            ("Last-Translator", kept.get("Last-Translator", "")),
            ("Language-Team", kept.get("Language-Team") or self.language_team),
            ("Language", self.locale_identifier or ""),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            ("Plural-Forms", kept.get("Plural-Forms") or self.plural_forms),
        ]
        headers += [(name, value) for name, value in kept.items() if name.lower().startswith("x-")]
        name, value = headers[-1]
        headers[-1] = (name, value + "\n")  # the header's last line ends like the others
        return headers

    def _set_mime_headers(self, headers: Iterable[tuple[str, str]]) -> None:
        self.raw_headers = [(name, value) for name, value in headers]
        canonical = {name.lower(): name for name in KEPT_HEADERS}
        for name, value in self.raw_headers:
            if name.lower() in canonical:
                self.kept_headers[canonical[name.lower()]] = value.strip()
            elif name.lower().startswith("x-"):
                self.kept_headers[name] = value.strip()
        # Dates are kept as text (Babel would fail on a blank one), and the
        # plural forms always come from the language.
        Catalog._set_mime_headers(
            self,
            [
                (name, value)
                for name, value in self.raw_headers
                if name.lower() not in ("pot-creation-date", "po-revision-date", "plural-forms")
            ],
        )

    mime_headers = property(_get_mime_headers, _set_mime_headers)

    def _get_header_comment(self) -> str:
        # As written: Babel would put the current year in place of "YEAR".
        return self._header_comment or ""

    header_comment = property(_get_header_comment, Catalog._set_header_comment)


# -- helpers ---------------------------------------------------------------------------------------


def live_messages(catalog: Catalog) -> list[Message]:
    return [message for message in catalog if message.id]


def _key(message: Message) -> tuple[str, str | None]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return msgid, message.context


def _babel_key(key: tuple[str, str | None]) -> str | tuple[str, str]:
    msgid, context = key
    return msgid if context is None else (msgid, context)


def _translated(message: Message) -> bool:
    strings = (message.string,) if isinstance(message.string, str) else message.string
    return any(strings)


def _needs_person(message: Message) -> bool:
    return any(comment.startswith(NEEDS_PERSON) for comment in message.user_comments)

