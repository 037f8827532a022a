"""Gettext catalogs: one PO file per briefing and language, shared by machine and people.

The life of an entry:

* :func:`merge_catalog` brings a catalog up to date with the briefing's
  units, the way GNU ``msgmerge`` would: what a person did is kept.
* :func:`pending_units` lists what still needs a machine draft (and, for a
  new model, what an older one drafted), and :func:`apply_drafts` files every
  draft in full as a ``fuzzy`` entry that says which engine made it and what
  text it made; a draft that failed a check also says why, and is not shown
  (status ``flagged``), so nothing broken is ever published.
* Once a person edits a draft, it is theirs (:func:`draft_provenance`).
* A reviewer corrects a draft and deletes the ``fuzzy`` flag; from then on the
  entry is *reviewed* and no run will change it.

This module holds the catalog model and what happens to it; reading and
writing PO files is :mod:`briefings.translation.pofile`.
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog, Message

from briefings.translation.units import Unit

Status = Literal["reviewed", "machine-draft", "flagged", "stale", "untranslated"]

#: Translator-comment prefixes this module writes and recognises.
MACHINE_DRAFT = "machine draft: "
#: One finding of the checks a machine draft failed (it is kept, fuzzy, and not shown).
DRAFT_FINDING = "machine draft failed a check: "
#: Where a translation-memory suggestion came from.
FROM_MEMORY = "translation memory: "
#: Why a translator's entry was set aside rather than used.
SET_ASIDE = "kept aside: "
PLURAL_ASIDE = (SET_ASIDE + "a plural entry (msgid_plural) cannot translate one sentence; "
                "the site shows English: write it as a plain msgstr")
# Written by earlier versions: an empty entry with the cut machine output.
NEEDS_PERSON = "machine draft needs a person: "
MACHINE_OUTPUT = "machine output: "
# "machine draft: <provenance>; text <digest>": the digest of the msgstr as the
# machine wrote it. Once a person edits the text, it is no longer the machine's.
_DIGEST = "; text "

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
    "Language",
    "Plural-Forms",
)



# -- merging ---------------------------------------------------------------------------------------

#: Reviewed translations of one language, by English: ``msgid -> (msgstr, where)``,
#: ``where`` naming the catalog the translation was reviewed in.
Memory = dict[str, tuple[str, str]]


def merge_catalog(
    units: list[Unit],
    existing: Catalog | None,
    lang: str,
    slug: str,
    memory: Memory | None = None,
    notes: dict[str, list[str]] | None = None,
) -> Catalog:
    """The catalog for ``units``, keeping everything people did in ``existing``.

    This follows GNU ``msgmerge``:

    * an entry whose English is unchanged keeps its translation, flags and
      translator comments exactly (a reviewed entry stays reviewed);
    * a new sentence close to one that is gone (a sentence that was edited)
      starts from the old translation, marked ``fuzzy`` with the English it
      was made for as ``#| msgid`` (see :func:`_previous`), but only if a
      person wrote, edited or reviewed that translation; an untouched machine
      draft is not worth a reviewer's time, so the sentence gets a fresh draft
      instead;
    * a new sentence a person already reviewed in another catalog of the
      language (``memory``) starts from that translation, fuzzy, with a
      ``translation memory:`` comment naming the catalog (``msgmerge
      --compendium``, except that an exact match is fuzzy too: the same words
      may need other words in another briefing);
    * entries whose English is gone become obsolete (``#~``) and stay, at the
      end of the file, so no work is lost; an obsolete entry whose English
      comes back is revived with its translation and flags;
    * a translator's plural entry (``msgid_plural``) for a unit's English
      cannot be shown for one sentence: it is kept as it was, with a
      ``kept aside:`` comment saying why (``briefings check`` reports it),
      never dropped or replaced.

    The ``#.`` comments are the units' ``where`` and then ``notes`` for that
    English (the glossary forms, say), and the ``#:`` comments their
    ``locations``. The header's fields are carried over from ``existing``
    when it came from :func:`read_catalog`; a new catalog gets gettext's
    placeholder ``PO-Revision-Date``, which the first write replaces.

    :param units: the briefing's units, in page order (the order of the file)
    :param existing: the catalog as last read, or ``None`` for a new one
    :param lang: the language code, e.g. ``"hy"``
    :param slug: the briefing's slug, for ``Project-Id-Version``
    :param memory: reviewed translations from the language's other catalogs
        (see :func:`fill_from_memory`)
    :param notes: extra ``#.`` lines by msgid
    :return: a new catalog; ``existing`` is not changed
    """
    if isinstance(existing, BriefingCatalog):
        catalog = BriefingCatalog(lang, slug, existing.kept_headers, existing.header_comment)
        catalog.raw_entries = dict(getattr(existing, "raw_entries", {}))
        catalog.raw_header = getattr(existing, "raw_header", None)
    else:
        comment = existing.header_comment if existing is not None else None
        catalog = BriefingCatalog(lang, slug, {}, comment)

    live = {_key(m): m for m in live_messages(existing)} if existing is not None else {}
    obsolete = {_key(m): m for m in existing.obsolete.values()} if existing is not None else {}
    wanted = {(unit.msgid, unit.context) for unit in units}
    gone = [m for key, m in live.items() if key not in wanted and _translated(m)]
    used: set[tuple[str, str | None]] = set()

    for unit in units:
        extra = (notes or {}).get(unit.msgid, [])
        old = live.get((unit.msgid, unit.context)) or obsolete.get((unit.msgid, unit.context))
        if old is not None and old.pluralizable:
            # Kept as it was, live (msgfmt refuses an obsolete twin of a live
            # entry): the site shows English for it and `check` reports it.
            comments = [c for c in old.user_comments if not c.startswith(SET_ASIDE)]
            message = _message(unit, old.string, old.flags, [*comments, PLURAL_ASIDE],
                               list(old.previous_id), extra)
            message.id = old.id
            catalog[unit.msgid] = message
            continue
        if old is not None:
            comments = [c for c in old.user_comments if not c.startswith(_STALE_NOTES)]
            message = _message(unit, old.string, old.flags, comments, list(old.previous_id),
                               extra)
        elif (close := _closest(unit.msgid, gone)) is not None and _by_a_person(close):
            used.add(_key(close))
            # Notes about an old machine attempt do not describe a person's translation.
            comments = [c for c in close.user_comments if not _machine_note(c)]
            message = _message(unit, close.string, {"fuzzy"}, comments, _previous(close), extra)
        else:
            message = _message(unit, notes=extra)
        catalog[unit.msgid] = message

    for key, message in [*obsolete.items(), *live.items()]:
        # As msgmerge: an entry gone from the English is kept (obsolete) if it
        # holds anything: a translation, or a translator's comment.
        if key not in wanted and key not in used and _worth_keeping(message):
            catalog.obsolete[_babel_key(key)] = _retired(message)
    if memory:
        fill_from_memory(catalog, memory, "")
    return catalog


# Comments about the place of an entry that no longer hold once it is stale or reused.
_STALE_NOTES = (NEEDS_PERSON, MACHINE_OUTPUT)


def _message(
    unit: Unit,
    string: str | tuple[str, ...] = "",
    flags: Iterable[str] = (),
    user_comments: Iterable[str] = (),
    previous_id: list[str] | None = None,
    notes: Iterable[str] = (),
) -> Message:
    message = Message(
        unit.msgid,
        string,
        locations=list(unit.locations),
        flags=flags,
        auto_comments=[*unit.where, *notes],
        user_comments=list(user_comments),
        previous_id=previous_id or (),
        context=unit.context,
    )
    message.flags -= FORMAT_FLAGS
    return message


def _previous(message: Message) -> list[str]:
    """The ``#| msgid`` of a translation carried over from ``message`` to edited English.

    The English the translation was last made for: a stale entry's own
    ``#| msgid`` when it has one (as msgmerge keeps it), else its ``msgid``.
    msgmerge gives an entry that was fuzzy without a ``#|`` none; here a
    person's unfinished text gets the English it was written against, so a
    translator sees what changed (docs/translating.md).
    """
    if message.fuzzy and message.previous_id:
        return list(message.previous_id)
    return [message.id]


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
    """Whether a person wrote, edited or approved the translation."""
    return unit_status(message) in ("reviewed", "stale")


def fill_from_memory(catalog: Catalog, memory: Memory, own: str) -> int:
    """Fill empty entries from ``memory``, as fuzzy suggestions naming where each came from.

    Entries reviewed in ``own`` (this catalog) are not suggested to it again.

    :return: how many entries were filled
    """
    filled = 0
    for message in live_messages(catalog):
        if not isinstance(message.id, str) or _translated(message):
            continue
        found = memory.get(message.id)
        if found is None or found[1] == own:
            continue
        message.string = found[0]
        message.flags.add("fuzzy")
        comments = [c for c in message.user_comments if not c.startswith(FROM_MEMORY)]
        message.user_comments = [*comments, FROM_MEMORY + found[1]]
        filled += 1
    return filled


def reviewed_memory(catalogs: Iterable[tuple[str, Catalog]]) -> Memory:
    """The reviewed entries of ``(where, catalog)`` pairs, first catalog first."""
    memory: Memory = {}
    for where, catalog in catalogs:
        for message in live_messages(catalog):
            if isinstance(message.id, str) and unit_status(message) == "reviewed":
                memory.setdefault(message.id, (str(message.string), where))
    return memory


# -- machine drafts --------------------------------------------------------------------------------


@dataclass
class Draft:
    """A machine translation of one unit, as an engine produced it.

    :param text: the translation
    :param provenance: the engine and model, e.g. ``"argos translate-en_ru 1.9"``
    :param problem: what the checks found wrong with it (a name or number lost,
        a placeholder garbled), ``"; "``-separated, or ``None`` when it is fit
        to show as a draft
    """

    text: str
    provenance: str
    problem: str | None = None


def text_digest(text: str) -> str:
    """A short fingerprint of a machine's text: while the msgstr has it, it is the machine's."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def apply_drafts(catalog: Catalog, drafts: dict[tuple[str, str | None], Draft]) -> int:
    """File machine drafts in ``catalog``, keyed by ``(msgid, msgctxt)``.

    Every draft goes into the entry's ``msgstr`` in full, flagged ``fuzzy``,
    with the translator comment ``machine draft: <provenance>; text <digest>``
    (the digest tells, later, whether a person has edited it). A draft the
    checks found fault with gets one ``machine draft failed a check: …``
    comment per finding: it stays for a person to correct, and the site does
    not show it. Only empty entries and untouched machine drafts (see
    :func:`is_machine_draft`) take a draft; a person's text, reviewed or not,
    and keys the catalog does not have are never touched. Surrounding
    whitespace of a draft is dropped; an empty draft leaves the entry as it is.

    :return: the number of entries changed
    """
    changed = 0
    for (msgid, context), draft in drafts.items():
        message = catalog.get(msgid, context)
        if message is None or not isinstance(message.id, str):
            continue
        if _translated(message) and not is_machine_draft(message):
            continue
        text = draft.text.strip()
        if not text:
            continue
        comments = [c for c in message.user_comments if not _machine_note(c)]
        findings = [f for f in (draft.problem or "").split("; ") if f.strip()]
        message.previous_id = []
        message.string = text
        message.flags.add("fuzzy")
        message.user_comments = [
            *comments,
            f"{MACHINE_DRAFT}{_one_line(draft.provenance)}{_DIGEST}{text_digest(text)}",
            *(DRAFT_FINDING + _one_line(finding) for finding in findings),
        ]
        changed += 1
    return changed


def _machine_note(comment: str) -> bool:
    return comment.startswith((MACHINE_DRAFT, DRAFT_FINDING, NEEDS_PERSON, MACHINE_OUTPUT))


def _one_line(text: str) -> str:
    return " ".join(text.split())


def draft_provenance(message: Message) -> str | None:
    """The engine that drafted ``message``, while its text is still the machine's.

    ``None`` for anything else: an entry without a ``machine draft:`` comment,
    a reviewed one, a stale one, or one whose text a person has changed since
    (the digest no longer matches). A comment without a digest, as earlier
    versions wrote it, is believed.
    """
    if not message.fuzzy or message.previous_id or not _translated(message):
        return None
    if not isinstance(message.string, str):
        return None
    for comment in message.user_comments:
        if comment.startswith(MACHINE_DRAFT):
            provenance, found, digest = comment[len(MACHINE_DRAFT):].rpartition(_DIGEST)
            if not found:
                return _engine_only(comment[len(MACHINE_DRAFT):])
            return _engine_only(provenance) if digest == text_digest(message.string) else None
    return None


# Earlier versions named a CTranslate2 model with its folder's path,
# "ctranslate2 <name> (<path>)"; the path is another clone's, not the model.
_CT2_WITH_PATH = re.compile(r"(ctranslate2 [^(]+?) \(.*\)")


def _engine_only(provenance: str) -> str:
    found = _CT2_WITH_PATH.fullmatch(provenance)
    return found.group(1) if found else provenance


def is_machine_draft(message: Message) -> bool:
    """Whether ``message`` holds a machine's text that nobody has touched."""
    return draft_provenance(message) is not None


def draft_findings(message: Message) -> list[str]:
    """What the checks found wrong with a machine draft (empty once a person edits it)."""
    if not is_machine_draft(message):
        return []
    return [c[len(DRAFT_FINDING):] for c in message.user_comments if c.startswith(DRAFT_FINDING)]


def pending_units(catalog: Catalog, provenance: str | None = None) -> list[tuple[str, str | None]]:
    """The ``(msgid, msgctxt)`` of live entries waiting for a machine draft.

    These are the empty entries and, given the ``provenance`` of the engine at
    hand, the untouched machine drafts another engine or another version of
    the model made: a new model drafts them again. A person's text never waits.
    """
    return [
        (message.id, message.context)
        for message in live_messages(catalog)
        if isinstance(message.id, str)
        and (not _translated(message)
             or (provenance is not None
                 and (made_by := draft_provenance(message)) is not None
                 and made_by != provenance))
    ]


def draft_provenances(catalog: Catalog) -> tuple[str, ...]:
    """The engines whose untouched drafts ``catalog`` holds."""
    found = {draft_provenance(m) for m in live_messages(catalog)}
    return tuple(sorted(p for p in found if p is not None))


# -- status ----------------------------------------------------------------------------------------


def unit_status(message: Message) -> Status:
    """Where an entry stands.

    * ``"reviewed"``: translated and not fuzzy: a person approved it;
    * ``"machine-draft"``: an untouched machine draft that passed the checks;
    * ``"flagged"``: an untouched machine draft that failed a check; the site
      shows English in its place;
    * ``"stale"``: fuzzy, and a person's: the English changed since it was
      translated (a previous msgid), a draft a person edited but did not
      approve, a translation-memory suggestion;
    * ``"untranslated"``: no translation (fuzzy or not).
    """
    if not _translated(message):
        return "untranslated"
    if not message.fuzzy:
        return "reviewed"
    return _draft_status(message, draft_provenance(message))


def _draft_status(message: Message, provenance: str | None) -> Status:
    """The status of a translated fuzzy entry whose :func:`draft_provenance` is ``provenance``."""
    if provenance is None:
        return "stale"
    flagged = any(c.startswith(DRAFT_FINDING) for c in message.user_comments)
    return "flagged" if flagged else "machine-draft"


@dataclass
class CatalogStatus:
    """How many live entries of a catalog are in each state."""

    total: int
    reviewed: int
    machine_draft: int
    stale: int
    untranslated: int
    flagged: int = 0


def catalog_status(catalog: Catalog) -> CatalogStatus:
    """Count the live entries of ``catalog`` by :func:`unit_status`."""
    counts = {"reviewed": 0, "machine-draft": 0, "flagged": 0, "stale": 0, "untranslated": 0}
    for message in live_messages(catalog):
        counts[unit_status(message)] += 1
    return _status_of(counts)


def _status_of(counts: dict[str, int]) -> CatalogStatus:
    return CatalogStatus(
        total=sum(counts.values()),
        reviewed=counts["reviewed"],
        machine_draft=counts["machine-draft"],
        stale=counts["stale"],
        untranslated=counts["untranslated"],
        flagged=counts["flagged"],
    )


@dataclass(frozen=True)
class CatalogFacts:
    """What one catalog holds, as the site and the run reports need it (kept in the run cache).

    :param counts: its live entries by status
    :param obsolete: how many obsolete (``#~``) entries it keeps
    :param pending: live entries waiting for a machine draft
    :param entries: ``msgid -> (msgstr, status)``, as :func:`translated_map` gives it
    :param drafted_by: the engines whose untouched drafts it holds (a new model
        drafts them again)
    """

    counts: CatalogStatus
    obsolete: int
    pending: int
    entries: dict[str, tuple[str, Status]]
    drafted_by: tuple[str, ...] = ()


def catalog_facts(catalog: Catalog) -> CatalogFacts:
    """What the site and the reports need of ``catalog``.

    The same as :func:`catalog_status`, :func:`pending_units`,
    :func:`translated_map` and :func:`draft_provenances` give, in one pass that
    looks at each entry's provenance once (a fresh checkout asks this of every
    catalog).
    """
    counts = {"reviewed": 0, "machine-draft": 0, "flagged": 0, "stale": 0, "untranslated": 0}
    pending = 0
    entries: dict[str, tuple[str, Status]] = {}
    drafted_by: set[str] = set()
    for message in live_messages(catalog):
        status: Status
        if not _translated(message):
            status = "untranslated"
            pending += isinstance(message.id, str)
        elif not message.fuzzy:
            status = "reviewed"
        else:
            provenance = draft_provenance(message)
            if provenance is not None:
                drafted_by.add(provenance)
            status = _draft_status(message, provenance)
        counts[status] += 1
        if (isinstance(message.id, str) and isinstance(message.string, str)
                and message.context is None):
            entries[message.id] = (message.string, status)
    return CatalogFacts(
        counts=_status_of(counts),
        obsolete=sum(1 for _ in catalog.obsolete),
        pending=pending,
        entries=entries,
        drafted_by=tuple(sorted(drafted_by)),
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
        if isinstance(message.id, str) and isinstance(message.string, str)
        and message.context is None
    }


def same_content(merged: Catalog, existing: Catalog) -> bool:
    """Whether writing ``merged`` would only reformat ``existing``, changing nothing in it.

    Compares the header, the header comment and every entry, live and obsolete,
    in order: English, translation, flags, comments, places, previous English.
    A run that merges and finds nothing new need not rewrite (or even
    serialise) the file, so a translator's line wrapping is left as it is too.
    """
    def header(catalog: Catalog) -> set[tuple[str, str]]:
        headers = catalog.raw_headers if catalog is existing else catalog.mime_headers
        return {(name.lower(), value.strip()) for name, value in headers}

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


def same_language(found: str, lang: str) -> bool:
    """Whether a ``Language:`` header names ``lang``: ``ru``, ``ru_RU``, ``ru-RU``, ``RU``."""
    def base(tag: str) -> str:
        return tag.strip().replace("-", "_").split("_")[0].split("@")[0].lower()

    return base(found) == base(lang)


# -- the catalog itself ----------------------------------------------------------------------------


@functools.lru_cache(maxsize=64)
def _language_name(lang: str) -> str:
    """``"Russian"`` for ``"ru"``: looked up once per language, not once per catalog."""
    try:
        return Locale.parse(lang).english_name or lang
    except (UnknownLocaleError, ValueError):
        return lang


class BriefingCatalog(Catalog):
    """A Babel catalog whose header holds nothing that changes from run to run.

    Babel writes the current time as ``POT-Creation-Date`` and into the header
    comment, and its version as ``Generated-By``. Here the header is made
    only of the project, the language and what translators' tools put there
    (revision date, last translator, team), which is kept as found.
    """

    #: Whether a write stamps ``PO-Revision-Date``.
    dated = True

    def __init__(
        self,
        lang: str,
        slug: str,
        kept_headers: dict[str, str] | None = None,
        header_comment: str | None = None,
    ) -> None:
        language = _language_name(lang)
        self.kept_headers: dict[str, str] = dict(kept_headers or {})
        self.raw_headers: list[tuple[str, str]] = []
        # What read_catalog found, to write unchanged entries back byte for byte.
        self.raw_entries: dict[tuple[bool, str, str | None], tuple[object, str]] = {}
        self.raw_header: tuple[object, str] | None = None
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
            # gettext's "not revised yet", until the first write dates the file.
            ("PO-Revision-Date", kept.get("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE")),
            ("Last-Translator", kept.get("Last-Translator", "")),
            ("Language-Team", kept.get("Language-Team") or self.language_team),
            # As found: "ru_RU" is Poedit's choice, and rewriting it would be churn.
            ("Language", kept.get("Language") or self.locale_identifier or ""),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            # As found too: the installed Babel's CLDR data must not rewrite a
            # committed catalog (a newer CLDR gave Armenian two forms, not one).
            ("Plural-Forms", kept.get("Plural-Forms") or self.plural_forms),
        ]
        headers += [(name, value) for name, value in kept.items() if name.lower().startswith("x-")]
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
        # language as the file has it.
        Catalog._set_mime_headers(
            self,
            [
                (name, value)
                for name, value in self.raw_headers
                if name.lower() not in ("pot-creation-date", "po-revision-date", "language")
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


def _worth_keeping(message: Message) -> bool:
    return _translated(message) or any(not _machine_note(c) for c in message.user_comments)


def _needs_person(message: Message) -> bool:
    return any(comment.startswith(NEEDS_PERSON) for comment in message.user_comments)



class TemplateCatalog(BriefingCatalog):
    """A POT file: every unit of one briefing, untranslated, for tools to start a language from.

    Weblate adds a language from it, and msgmerge updates a catalog with it.
    Its header holds no date, so an unchanged briefing gives the same bytes.
    """

    dated = False

    def _get_mime_headers(self) -> list[tuple[str, str]]:
        # xgettext's placeholders: msginit and Weblate fill them in for a language.
        return [
            ("Project-Id-Version", f"{self.project} {self.version}"),
            ("PO-Revision-Date", "YEAR-MO-DA HO:MI+ZONE"),
            ("Last-Translator", "FULL NAME <EMAIL@ADDRESS>"),
            ("Language-Team", "LANGUAGE <LL@li.org>"),
            ("Language", ""),
            ("MIME-Version", "1.0"),
            ("Content-Type", "text/plain; charset=UTF-8"),
            ("Content-Transfer-Encoding", "8bit"),
            *((k, v) for k, v in self.kept_headers.items() if k.lower().startswith("x-")),
        ]

    mime_headers = property(_get_mime_headers, BriefingCatalog._set_mime_headers)


def template_catalog(units: list[Unit], slug: str, base_path: str | None = None) -> Catalog:
    """The POT template of a briefing's ``units``.

    :param base_path: Poedit's ``X-Poedit-Basepath``: the project folder, relative
        to where the template lies, so Poedit can open the article a ``#:`` names
    """
    headers = {"X-Poedit-Basepath": base_path} if base_path else {}
    catalog = TemplateCatalog("en", slug, headers, (
        f"# Template of the briefing “{slug}”: every piece of English to translate.\n"
        "# Weblate and msginit start a new language from it; do not translate it here."
    ))
    for unit in units:
        catalog[unit.msgid] = _message(unit)
    return catalog
