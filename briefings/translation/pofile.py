"""PO files: reading and writing the catalogs of :mod:`briefings.translation.catalogs`.

Reading goes through Babel's :mod:`babel.messages` parser, with what it lacks:
``#| msgid`` (the previous English of a stale entry, which Babel takes for a
translator comment), a check that every string is closed, duplicates, a size cap
and a regular-file check, and a byte-order mark. Writing is this module's own,
because it must give the bytes GNU ``msgcat`` and Poedit give (79 columns, lines
broken where Unicode allows, see :func:`wrap_string`), in time linear in the
text: an entry that nobody changed is written back with exactly the bytes it was
read with, whatever tool wrapped it last, so a run never rewraps a
translator's file.

A catalog that cannot be read is reported as ``file:line: problem`` and never
written over; a catalog is written atomically, and only when its bytes change.
"""

from __future__ import annotations

import bisect
import contextlib
import email.message
import functools
import itertools
import os
import re
import secrets
import stat
import time
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import PoFileError, PoFileParser, unescape

from briefings.errors import BriefingsError
from briefings.translation.catalogs import (
    FORMAT_FLAGS,
    BriefingCatalog,
    live_messages,
    same_language,
)

#: The largest catalog read: a thousand times the biggest briefing's.
MAX_CATALOG_BYTES = 32 * 1024 * 1024

_CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")
# A quoted string: "(?:[^"\\]|\\.)*", written unrolled (the same strings, a third
# of the time: every line of every catalog goes through it).
_QUOTED = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_STRING_KEYWORDS = re.compile(r"msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?")
_PLAIN_KEYWORDS = frozenset(("msgctxt", "msgid", "msgid_plural", "msgstr"))


# -- reading ---------------------------------------------------------------------------------------


def read_catalog_bytes(path: Path) -> bytes | None:
    """The bytes of the catalog at ``path``, or ``None`` when there is none.

    Only a regular file (a symlink to one is followed) of at most
    :data:`MAX_CATALOG_BYTES` is read, so a catalog pointing at ``/dev/zero``
    or a fifo is one line of error, not a hang or an exhausted memory.

    :raise BriefingsError: when the file is not a regular file, is too big or
        cannot be read
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise BriefingsError(
            path, f"cannot read the translation file ({exc.strerror or exc})"
        ) from exc
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode):
            raise BriefingsError(
                path, "not a regular file; a catalog must be a plain PO file"
            )
        if info.st_size > MAX_CATALOG_BYTES:
            raise BriefingsError(
                path,
                f"too big for a catalog ({info.st_size} bytes, the limit is "
                f"{MAX_CATALOG_BYTES}); restore it from version control",
            )
        with os.fdopen(descriptor, "rb", closefd=False) as stream:
            data = stream.read(MAX_CATALOG_BYTES + 1)
    except OSError as exc:
        raise BriefingsError(
            path, f"cannot read the translation file ({exc.strerror or exc})"
        ) from exc
    finally:
        os.close(descriptor)
    if len(data) > MAX_CATALOG_BYTES:
        raise BriefingsError(path, "too big for a catalog; restore it from version control")
    return data


def read_catalog(path: Path, lang: str, data: bytes | None = None) -> Catalog:
    """Read the PO file at ``path``, refusing anything that is not sound.

    The file is only read, never changed, whatever is wrong with it. A UTF-8
    byte-order mark (some Windows editors add one) is accepted, and the
    ``Language:`` header may name the language with a region (``ru_RU``,
    ``ru-RU``): that is still ``ru``.

    :param path: the PO file
    :param lang: the language the file must declare in its ``Language:`` header
    :param data: the file's bytes, when the caller has read them already
    :return: the catalog, with each entry's ``lineno`` set to its ``msgid`` line
        and, in ``raw_entries``, the text each entry was read from
    :raise BriefingsError: naming the line, when the file cannot be read, is not
        UTF-8, holds merge-conflict markers, is cut short or mis-edited, has no
        header, a header without ``charset=UTF-8`` or with another language, or
        the same entry twice
    """
    if data is None:
        data = read_catalog_bytes(path)
        if data is None:
            raise BriefingsError(path, "cannot read the translation file (no such file)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BriefingsError(
            path, "not UTF-8 text; save the file as UTF-8 in your editor", line
        ) from exc
    text = text.removeprefix("\ufeff")

    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if line.startswith(_CONFLICT_MARKERS):
            raise BriefingsError(
                path,
                f"unresolved merge conflict ({line[:7]!r} marker); keep one version of each "
                "entry and delete the marker lines",
                number,
            )

    # The files we and the translators' tools write are read by a short loop;
    # anything it does not expect (and every error) goes through Babel's parser.
    quick = _quick_read(lines, lang)
    if quick is not None:
        catalog, header_line, duplicate = quick
    else:
        catalog, header_line, duplicate = _babel_read(path, lines, lang)
    if duplicate is not None:
        msgid, first, again = duplicate
        raise BriefingsError(
            path,
            f"duplicate entry for {_short(msgid)} (first at line {first}); "
            "keep one of the two and delete the other",
            again,
        )
    if header_line is None:
        raise BriefingsError(
            path, 'no header (the msgid "" entry that starts a PO file); restore it', 1
        )
    return _checked(path, catalog, lines, lang, header_line)


def _babel_read(path: Path, lines: list[str], lang: str
                ) -> tuple[Catalog, int | None, tuple[str, int, int] | None]:
    """Read ``lines`` through Babel's parser: the catalog, its header's line, a duplicate."""
    catalog = BriefingCatalog(lang, "")
    parser = _Parser(catalog)
    try:
        parser.read(lines)
    except PoFileError as exc:
        problem = _in_one_line(str(exc).rsplit(" on ", 1)[0])
        raise BriefingsError(
            path,
            f"not a valid PO file ({problem}); it may be cut short or mis-edited: "
            "restore it from version control or repair this entry",
            exc.lineno + 1,
        ) from exc
    except ValueError as exc:
        raise BriefingsError(
            path, f"not a valid PO file ({_in_one_line(str(exc))}); repair this entry",
            parser.lineno + 1,
        ) from exc
    return catalog, parser.header_line, parser.duplicate


def _checked(path: Path, catalog: Catalog, lines: list[str], lang: str,
             header_line: int) -> Catalog:
    """``catalog`` as read, once its header is checked: raw entries kept, format flags off."""
    headers = {name.lower(): value.strip() for name, value in catalog.raw_headers}
    content_type = email.message.Message()
    content_type["Content-Type"] = headers.get("content-type", "")
    if content_type.get_content_charset() != "utf-8":
        raise BriefingsError(
            path,
            "the header must say 'Content-Type: text/plain; charset=UTF-8'",
            header_line,
        )
    found = headers.get("language")
    if not found or not same_language(found, lang):
        raise BriefingsError(
            path,
            f"the header says 'Language: {found}' but this file is for '{lang}'"
            if found
            else f"the header has no 'Language: {lang}' line",
            header_line,
        )
    _keep_raw_entries(catalog, lines, header_line)
    for message in [*live_messages(catalog), *catalog.obsolete.values()]:
        message.flags -= FORMAT_FLAGS
    return catalog


def _keep_raw_entries(catalog: Catalog, lines: list[str], header_line: int) -> None:
    """Note the text of every entry that stands alone between blank lines.

    Written back unchanged by :func:`serialise` while the entry is as read.
    """
    starts: dict[int, tuple[bool, str, str | None]] = {}
    for message in live_messages(catalog):
        starts[message.lineno] = (False, *_key(message))
    for message in catalog.obsolete.values():
        starts[message.lineno] = (True, *_key(message))
    raw: dict[tuple[bool, str, str | None], tuple[object, str]] = {}
    messages = {key: message for key, message in _all_messages(catalog)}
    block: list[str] = []
    found: list[tuple[bool, str, str | None]] = []
    header_lines: list[str] | None = None
    for number, line in enumerate([*lines, ""], start=1):
        if line.strip():
            block.append(line)
            if number in starts:
                found.append(starts[number])
            elif number == header_line:
                found.append((False, "", None))
            continue
        # A format flag is dropped when read (prose is no format string): such an
        # entry is written anew, without it, and so is one Babel read a flag off.
        # (The whole text is looked at first: hardly any entry has such a flag.)
        if block and len(found) == 1:
            text = "\n".join(block)
            if not ("-format" in text and any(
                    line.startswith("#,") and "-format" in line for line in block)):
                key = found[0]
                if key == (False, "", None):
                    header_lines = block
                elif key in messages:
                    raw[key] = (fingerprint(messages[key]), text)
        block, found = [], []
    catalog.raw_entries = raw  # type: ignore[attr-defined]
    if header_lines is not None:
        catalog.raw_header = (  # type: ignore[attr-defined]
            header_fingerprint(catalog), "\n".join(header_lines)
        )


def _all_messages(catalog: Catalog) -> Iterable[tuple[tuple[bool, str, str | None], Message]]:
    for message in live_messages(catalog):
        yield (False, *_key(message)), message
    for message in catalog.obsolete.values():
        yield (True, *_key(message)), message


def _key(message: Message) -> tuple[str, str | None]:
    msgid = message.id if isinstance(message.id, str) else message.id[0]
    return msgid, message.context


def fingerprint(message: Message) -> object:
    """What an entry says, all of it: equal fingerprints are written with equal meaning."""
    return (
        message.id if isinstance(message.id, str) else tuple(message.id),
        message.string if isinstance(message.string, str) else tuple(message.string),
        message.context,
        tuple(sorted(message.flags)),
        tuple(message.auto_comments),
        tuple(message.user_comments),
        tuple((path, line or 0) for path, line in message.locations),
        tuple(message.previous_id),
    )


def header_fingerprint(
    catalog: Catalog, headers: Iterable[tuple[str, str]] | None = None
) -> object:
    """What a header says: its comment, its fields in any order, its fuzzy flag."""
    if headers is None:
        headers = getattr(catalog, "raw_headers", None) or catalog.mime_headers
    return (
        catalog.header_comment,
        frozenset((name.lower(), value.strip()) for name, value in headers),
        catalog.fuzzy,
    )
class _Unusual(Exception):
    """What :func:`_quick_read` leaves to Babel's parser."""


def _quick_read(lines: list[str], lang: str
                ) -> tuple[Catalog, int | None, tuple[str, int, int] | None] | None:
    """Read ``lines`` as :class:`_Parser` does, in a third of its time; ``None`` for anything
    unusual (plural forms, obsolete entries, isolated file names, an error of any kind),
    which is Babel's parser's to read and report.

    Every catalog of a fresh checkout is read once per build: Babel's state
    machine spends most of its time calling its own methods line by line. This
    is the same state machine, step for step, in one loop, and it makes each
    entry with the same :class:`Message` and :meth:`Catalog.__setitem__` calls,
    so the catalog is the same (tests/test_pofiles.py compares the two).
    """
    catalog = BriefingCatalog(lang, "")
    header_line: int | None = None
    duplicate: tuple[str, int, int] | None = None
    seen: dict[tuple[str, str | None], int] = {}
    quoted = _QUOTED.fullmatch
    counter = offset = 0
    # One entry's state, as Babel's PoFileParser keeps it.
    messages: list[list[str]] = []
    translations: list[list[str]] = []
    locations: list[tuple[str, int | None]] = []
    flags: list[str] = []
    user_comments: list[str] = []
    auto_comments: list[str] = []
    previous: list[str] = []
    context: list[str] | None = None
    in_msgid = in_msgstr = in_msgctxt = in_previous = False

    def denormalize(parts: list[str]) -> str:
        return "".join(map(unescape, parts))

    def finish() -> None:
        nonlocal header_line, duplicate, counter, messages, translations, locations, flags
        nonlocal user_comments, auto_comments, previous, context
        nonlocal in_msgid, in_msgstr, in_msgctxt, in_previous
        if not translations or len(messages) > 1:
            raise _Unusual  # a msgid without msgstr (an error), or plural forms
        msgid = denormalize(messages[0])
        msgctxt = denormalize(context) if context else None
        line = offset + 1
        first = seen.setdefault((msgid, msgctxt), line)
        if first != line and duplicate is None:
            duplicate = (msgid, first, line)
        if not msgid and msgctxt is None and header_line is None:
            header_line = line
        earlier = "".join(map(unescape, previous))
        message = Message(msgid, denormalize(translations[0]), locations, flags, auto_comments,
                          user_comments, lineno=line, context=msgctxt)
        catalog[msgid] = message
        counter += 1
        if earlier and msgid:
            kept = catalog.get(msgid, msgctxt)
            if kept is not None:
                kept.previous_id = [earlier]
        messages, translations, locations, flags = [], [], [], []
        user_comments, auto_comments, previous, context = [], [], [], None
        in_msgid = in_msgstr = in_msgctxt = in_previous = False

    try:
        for lineno, raw in enumerate(lines):
            line = raw.strip()
            if not line:
                continue
            first_char = line[0]
            if first_char == "#":
                prefix = line[:2]
                if prefix in ("#-", "#~"):
                    raise _Unusual  # a conflict (an error), or an obsolete entry
                if messages:
                    finish()
                if prefix == "#:":
                    text = line[2:]
                    if "\u2068" in text or "\u2069" in text:
                        raise _Unusual
                    for location in text.split():
                        path, colon, number = location.rpartition(":")
                        if colon:
                            try:
                                locations.append((path, int(number)))
                            except ValueError:
                                continue
                        else:
                            locations.append((location, None))
                elif prefix == "#,":
                    flags.extend(flag.strip() for flag in line[2:].lstrip().split(","))
                elif prefix == "#.":
                    comment = line[2:].strip()
                    if comment:
                        auto_comments.append(comment)
                elif prefix == "#|":
                    text = line[2:].strip()
                    keyword, _, arg = text.partition(" ")
                    if keyword == "msgid":
                        arg = arg.strip()
                        if not quoted(arg):
                            raise _Unusual
                        previous, in_previous = [arg], True
                    elif text.startswith('"') and in_previous:
                        if not quoted(text):
                            raise _Unusual
                        previous.append(text)
                    else:
                        in_previous = False
                else:
                    user_comments.append(line[1:].strip())
            elif first_char == '"':
                if not quoted(line):
                    raise _Unusual
                if in_msgid:
                    messages[-1].append(line)
                elif in_msgstr:
                    translations[-1].append(line)
                elif in_msgctxt:
                    assert context is not None
                    context.append(line)
                else:
                    raise _Unusual  # a string outside any entry: an error
            else:
                keyword, _, arg = line.partition(" ")
                arg = arg.strip()
                if keyword == "msgid":
                    if not quoted(arg):
                        raise _Unusual
                    if messages:
                        finish()
                    offset = lineno
                    in_msgctxt, in_msgid = False, True
                    messages.append([arg])
                elif keyword == "msgstr":
                    if not quoted(arg):
                        raise _Unusual
                    in_msgid, in_msgstr = False, True
                    translations.append([arg] if arg != '""' else [])
                elif keyword == "msgctxt":
                    if not quoted(arg):
                        raise _Unusual
                    if messages:
                        finish()
                    in_msgctxt = True
                    context = [arg]
                else:
                    raise _Unusual  # plural forms, or an unknown keyword (an error)
        if messages:
            finish()
    except (_Unusual, ValueError):
        return None  # ValueError: Babel's parser says what is wrong, and where
    if not counter:
        return None  # no entry at all: Babel's reading of such a file is its own
    return catalog, header_line, duplicate


class _Parser(PoFileParser):
    """Babel's PO parser, plus what we must know that it does not track.

    It reads ``#| msgid`` into ``previous_id``, insists every string is
    properly quoted (Babel quietly accepts a string cut off mid-way), records
    the header's line and notes the first duplicate entry (Babel merges them).
    """

    def __init__(self, catalog: Catalog) -> None:
        self.lineno = 0
        self.header_line: int | None = None
        self.duplicate: tuple[str, int, int] | None = None
        self._seen: dict[tuple[bool, str, str | None], int] = {}
        super().__init__(catalog, abort_invalid=True)

    def read(self, lines: Iterable[str]) -> None:
        def counted() -> Iterable[str]:
            for number, line in enumerate(lines):
                self.lineno = number  # for errors Babel reports without a line
                yield line

        self.parse(counted())

    def _reset_message_state(self) -> None:
        super()._reset_message_state()
        self._previous: list[str] = []
        self._in_previous = False

    def _process_comment(self, line: str) -> None:
        if not line.startswith("#|"):
            super()._process_comment(line)
            return
        self._finish_current_message()
        text = line[2:].strip()
        keyword, _, arg = text.partition(" ")
        if keyword == "msgid":
            self._check_quoted(arg, line)
            self._previous, self._in_previous = [arg.strip()], True
        elif text.startswith('"') and self._in_previous:
            self._check_quoted(text, line)
            self._previous.append(text)
        else:  # a previous msgctxt or msgid_plural: we never use them
            self._in_previous = False

    def _process_message_line(self, lineno: int, line: str, obsolete: bool = False) -> None:
        if obsolete and line.startswith("|"):
            return  # the previous msgid of an obsolete entry: of no use to anyone
        super()._process_message_line(lineno, line, obsolete)

    def _process_keyword_line(self, lineno: int, line: str, obsolete: bool = False) -> None:
        keyword, _, arg = line.partition(" ")
        if keyword in _PLAIN_KEYWORDS or _STRING_KEYWORDS.fullmatch(keyword):
            self._check_quoted(arg, line)
        super()._process_keyword_line(lineno, line, obsolete)

    def _process_string_continuation_line(self, line: str, lineno: int) -> None:
        self._check_quoted(line, line)
        super()._process_string_continuation_line(line, lineno)

    def _check_quoted(self, string: str, line: str) -> None:
        if not _QUOTED.fullmatch(string.strip()):
            self._invalid_pofile(line, self.lineno, "a string without its closing quote")

    def _add_message(self) -> None:
        msgid = self.messages[0].denormalize()
        context = self.context.denormalize() if self.context else None
        obsolete, line = self.obsolete, self.offset + 1
        first = self._seen.setdefault((obsolete, msgid, context), line)
        if first != line and self.duplicate is None:
            self.duplicate = (msgid, first, line)
        if not obsolete and not msgid and context is None and self.header_line is None:
            self.header_line = line
        previous = "".join(unescape(part) for part in self._previous)
        super()._add_message()
        if previous and not obsolete and msgid:
            message = self.catalog.get(msgid, context)
            if message is not None:
                message.previous_id = [previous]


# -- writing ---------------------------------------------------------------------------------------


def save_catalog(catalog: Catalog, path: Path) -> tuple[bool, bytes]:
    """Write ``catalog`` to ``path`` if that changes the file; whether written, and its bytes.

    When it does, the header's ``PO-Revision-Date`` becomes the time of
    writing (``SOURCE_DATE_EPOCH`` when set, for reproducible runs); when it
    does not, the file and its date are left alone.
    """
    data = serialise(catalog)
    try:
        old = read_catalog_bytes(path)
    except BriefingsError:
        old = None  # writing will say what is wrong, or replace it
    if old == data:
        return False, data
    if isinstance(catalog, BriefingCatalog) and catalog.dated:
        catalog.kept_headers["PO-Revision-Date"] = revision_date()
        data = serialise(catalog)
    return write_catalog(catalog, path, data), data


def revision_date(now: float | None = None) -> str:
    """A ``PO-Revision-Date`` as gettext writes it, in UTC: ``2026-12-01 21:40+0000``."""
    if now is None:
        epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
        now = float(epoch) if epoch.isdigit() else time.time()
    return time.strftime("%Y-%m-%d %H:%M+0000", time.gmtime(now))


def write_catalog(catalog: Catalog, path: Path, data: bytes | None = None) -> bool:
    """Write ``catalog`` to ``path`` if, and only if, that changes the file.

    The file is replaced atomically (a temporary file beside it, synced to disk,
    then renamed over it), so a crash or a full disk leaves the old file
    whole; a new file's folders are created. An existing file keeps its
    permissions. Without ``data``, this is :func:`save_catalog`, which dates
    the change.

    :param data: ``serialise(catalog)``, when the caller has made it already
    :return: ``True`` if the file was written, ``False`` if it already held
        exactly these bytes
    :raise BriefingsError: when the file cannot be written; no temporary file
        is left behind
    """
    if data is None:
        return save_catalog(catalog, path)[0]
    try:
        if read_catalog_bytes(path) == data:
            return False
    except BriefingsError:
        pass  # unreadable: writing will tell why
    temporary: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            mode: int | None = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = None
        candidate = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
        # 0o666 so a new file gets the user's umask, as any other file would
        # (tempfile's 0o600 would hide it from the rest of the team).
        # Named before it exists: a signal arriving just after the file is made
        # must still find it to remove (the name is random, so it is ours).
        temporary = candidate
        descriptor = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        with os.fdopen(descriptor, "wb") as stream:
            if mode is not None:
                os.fchmod(stream.fileno(), mode)
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
        temporary = None
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise BriefingsError(
            path, f"cannot write the translation file ({reason}); nothing was changed"
        ) from exc
    finally:
        # Also on Ctrl-C or SIGTERM (see briefings.cli): no half-written file is
        # left beside the catalog. A SIGKILL leaves one, which the next run
        # removes (remove_stale_temporaries).
        if temporary is not None:
            with contextlib.suppress(OSError):
                temporary.unlink()
    # Make the rename itself durable; some file systems cannot sync a folder,
    # and the file is already in place, so that is not worth failing for.
    with contextlib.suppress(OSError):
        folder = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(folder)
        finally:
            os.close(folder)
    return True


_TEMPORARY = re.compile(r"\..+\.po\.[0-9a-f]{8}\.tmp")


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Delete the temporary files a killed :func:`write_catalog` left in ``folder``.

    Only safe while no other run can be writing there, that is while holding
    the project's lock (:func:`briefings.lock.project_lock`).

    :return: the files removed
    """
    removed = []
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            if _TEMPORARY.fullmatch(path.name) and path.is_file():
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed.append(path)
    return removed


def serialise(catalog: Catalog) -> bytes:
    """The PO file for ``catalog``, as :func:`write_catalog` writes it.

    Entries come in catalog order, live then obsolete, laid out and wrapped as
    GNU ``msgcat`` lays them out (comments, ``#.``, ``#:``, flags, ``#|``,
    then the strings; see :func:`wrap_string`). An entry still as
    :func:`read_catalog` found it is written with the very bytes it was read
    with, and so is the header.
    """
    raw: dict[tuple[bool, str, str | None], tuple[object, str]] = getattr(
        catalog, "raw_entries", {}
    )
    blocks = [_header_block(catalog)]
    for obsolete, messages in ((False, live_messages(catalog)),
                               (True, list(catalog.obsolete.values()))):
        for message in messages:
            kept = raw.get((obsolete, *_key(message)))
            if kept is not None and kept[0] == fingerprint(message):
                blocks.append(kept[1])
            else:
                blocks.append("\n".join(entry_lines(message, obsolete)))
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def _header_block(catalog: Catalog) -> str:
    headers = list(catalog.mime_headers)
    kept = getattr(catalog, "raw_header", None)
    if kept is not None and kept[0] == header_fingerprint(catalog, headers):
        return str(kept[1])
    lines = [line for line in (catalog.header_comment or "").split("\n") if line]
    if catalog.fuzzy:
        lines.append("#, fuzzy")
    text = "".join(f"{name}: {value.strip()}\n" for name, value in headers)
    return "\n".join([*lines, 'msgid ""', *wrap_string("msgstr", text)])


def entry_lines(message: Message, obsolete: bool = False) -> list[str]:
    """One entry as msgcat writes it (``#:`` with file names only, as ``--add-location=file``)."""
    lines = ["#" if not comment else f"# {comment}" for comment in message.user_comments]
    lines += [f"#. {comment}" for comment in message.auto_comments]
    if not obsolete:
        lines += _references(message.locations)
    flags = sorted(message.flags - {"fuzzy"})
    if "fuzzy" in message.flags:
        flags.insert(0, "fuzzy")
    if flags:
        lines.append("#, " + ", ".join(flags))
    if message.previous_id and not obsolete:
        lines += wrap_string("msgid", message.previous_id[0], "#| ")
    prefix = "#~ " if obsolete else ""
    if message.context is not None:
        lines += wrap_string("msgctxt", message.context, prefix)
    if isinstance(message.id, str):
        lines += wrap_string("msgid", message.id, prefix)
        lines += wrap_string("msgstr", message.string if isinstance(message.string, str) else "",
                             prefix)
    else:
        lines += wrap_string("msgid", message.id[0], prefix)
        lines += wrap_string("msgid_plural", message.id[1], prefix)
        strings = (message.string,) if isinstance(message.string, str) else message.string
        for index, string in enumerate(strings or ("",)):
            lines += wrap_string(f"msgstr[{index}]", string or "", prefix)
    return lines


def _references(locations: Iterable[tuple[str, int | None]]) -> list[str]:
    """``#:`` lines, as many files to a line as fit in :data:`WIDTH` columns."""
    names = list(dict.fromkeys(path if not line else f"{path}:{line}" for path, line in locations))
    lines: list[str] = []
    line = "#:"
    for name in names:
        if len(line) > 2 and len(line) + len(name) + 1 > WIDTH:
            lines.append(line)
            line = "#:"
        line += " " + name
    if len(line) > 2:
        lines.append(line)
    return lines


# -- GNU gettext's line wrapping -------------------------------------------------------------------

#: msgcat's page width: the longest line it writes, wherever a line can be broken.
WIDTH = 79

_ESCAPES = {"\a": "a", "\b": "b", "\f": "f", "\n": "n", "\r": "r", "\t": "t", "\v": "v",
            "\\": "\\", '"': '"'}

# Line breaking classes of Unicode's UAX #14, as msgcat (through libunistring) uses them.
(WJ, GL, B2, BA, BB, HY, CL, CP, EX, IN, NS, OP, QU, IS, NU, PO, PR, SY, AL, H2, H3,
 ID, JL, JV, JT, HL, RI) = range(27)
SP, ZW, CM = 27, 28, 29

# The pair table of UAX #14 (section 7.3) as libunistring has it: row the class
# before, column the class after; D a break is allowed, I only after a space,
# P never. Its one change to the standard: a break between "." and a letter.
_PAIRS = (
    "PIIIIIPPPIIIIPIIIPIIIIIIIII",  # WJ
    "PIIIIIPPPIIIIPIIIPIIIIIIIII",  # GL
    "PIPIDIPPPDIDIPDDDPDDDDDDDDD",  # B2
    "PDDIDIPPPDIDIPDDDPDDDDDDDDD",  # BA
    "PIIIIIPPPIIIIPIIIPIIIIIIIII",  # BB
    "PDDIDIPPPDIDIPIDDPDDDDDDDDD",  # HY
    "PIDIDIPPPDPDIPDIIPDDDDDDDDD",  # CL
    "PIDIDIPPPDPDIPIIIPIDDDDDDID",  # CP
    "PIDIDIPPPIIDIPDDDPDDDDDDDDD",  # EX
    "PIDIDIPPPIIDIPDDDPDDDDDDDDD",  # IN
    "PIDIDIPPPDIDIPDDDPDDDDDDDDD",  # NS
    "PPPPPPPPPPPPPPPPPPPPPPPPPPP",  # OP
    "PIIIIIPPPIIPIPIIIPIIIIIIIII",  # QU
    "PIDIDIPPPDIDIPIDDPDDDDDDDDD",  # IS
    "PIDIDIPPPIIIIPIIIPIDDDDDDID",  # NU
    "PIDIDIPPPDIIIPIDDPIDDDDDDID",  # PO
    "PIDIDIPPPDIIIPIDDPIIIIIIIID",  # PR
    "PIDIDIPPPDIDIPIDDPDDDDDDDID",  # SY
    "PIDIDIPPPIIIIPIIIPIDDDDDDID",  # AL
    "PIDIDIPPPIIDIPDIDPDDDDDIIDD",  # H2
    "PIDIDIPPPIIDIPDIDPDDDDDDIDD",  # H3
    "PIDIDIPPPIIDIPDIDPDDDDDDDDD",  # ID
    "PIDIDIPPPIIDIPDIDPDIIDIIDDD",  # JL
    "PIDIDIPPPIIDIPDIDPDDDDDIIDD",  # JV
    "PIDIDIPPPIIDIPDIDPDDDDDDIDD",  # JT
    "PIDIDIPPPIIIIPIIIPIDDDDDDID",  # HL
    "PIDIDIPPPDIDIPDDDPDDDDDDIDI",  # RI
)

# The classes of the characters news text holds that the general category
# does not tell (UAX #14's LineBreak.txt); see _line_class for the rest.
_CLASS_OF: dict[str, int] = {
    " ": SP, "!": EX, '"': QU, "$": PR, "%": PO, "'": QU, "(": OP, ")": CP, "+": PR,
    ",": IS, "-": HY, ".": IS, "/": SY, ":": IS, ";": IS, "?": EX, "[": OP, "\\": PR,
    "]": CP, "{": OP, "|": BA, "}": CL, "\t": BA,
    "\u00a0": GL, "\u00a1": OP, "\u00a2": PO, "\u00a3": PR, "\u00a4": PR, "\u00a5": PR,
    "\u00ab": QU, "\u00ad": BA, "\u00b0": PO, "\u00b1": PR, "\u00b4": BB, "\u00bb": QU,
    "\u00bf": OP, "\u037e": IS, "\u0589": IS, "\u058a": BA, "\u060c": IS, "\u060d": IS,
    "\u061b": EX, "\u061f": EX, "\u066a": PO, "\u06d4": EX, "\u05be": BA,
    "\u2007": GL, "\u200b": ZW, "\u2010": BA, "\u2011": GL, "\u2012": BA, "\u2013": BA,
    "\u2014": B2, "\u2018": QU, "\u2019": QU, "\u201a": OP, "\u201b": QU, "\u201c": QU,
    "\u201d": QU, "\u201e": OP, "\u201f": QU, "\u2024": IN, "\u2025": IN, "\u2026": IN,
    "\u2027": BA, "\u202f": GL, "\u2039": QU, "\u203a": QU, "\u203c": NS, "\u203d": NS,
    "\u2044": IS, "\u2045": OP, "\u2046": CL, "\u2047": NS, "\u2048": NS, "\u2049": NS,
    "\u205f": BA, "\u2060": WJ, "\u2116": PR, "\u2212": PR, "\u2030": PO, "\u2031": PO,
    "\u2032": PO, "\u2033": PO, "\u2034": PO, "\u2035": PO, "\u2036": PO, "\u2037": PO,
    "\u2103": PO, "\u2109": PO, "\u2e3a": B2, "\u2e3b": B2, "\u3000": BA, "\u3001": CL,
    "\u3002": CL, "\ufeff": WJ, "\ufe50": CL, "\ufe52": CL, "\uff01": EX, "\uff0c": CL,
    "\uff0e": CL, "\uff1f": EX,
}
_BY_CATEGORY = {"Nd": NU, "Ps": OP, "Pe": CL, "Pi": QU, "Pf": QU, "Sc": PR, "Mn": CM,
                "Mc": CM, "Me": CM, "Cc": CM, "Cf": CM, "Zs": BA}


@functools.lru_cache(maxsize=8192)
def _line_class(char: str) -> int:
    known = _CLASS_OF.get(char)
    if known is not None:
        return known
    if char < "\u0080":
        return NU if "0" <= char <= "9" else AL
    by_category = _BY_CATEGORY.get(unicodedata.category(char))
    if by_category is not None:
        return by_category
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return ID
    return AL


@functools.lru_cache(maxsize=8192)
def _column_width(char: str) -> int:
    """Columns a character takes, as libunistring's uc_width counts them."""
    if char < "\u0300":
        return 0 if char < " " or "\u007f" <= char < "\u00a0" else 1
    if unicodedata.category(char) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


#: Letters of the class AL (the Latin, Cyrillic and Armenian ones news text is made
#: of). A letter after another changes nothing in the pair-table algorithm (AL
#: before AL: a break only after a space, and there is none): only a word's first
#: letter is looked at. tests/test_pofiles.py checks that each of them is AL.
LETTERS_AL = ("A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u0400-\u0481\u048a-\u04ff"
              "\u0531-\u0556\u0561-\u0587")
_LETTER_RUN = re.compile(f"[{LETTERS_AL}]{{2,}}")
_LETTERS = frozenset(char for char in map(chr, range(0x600))
                     if re.fullmatch(f"[{LETTERS_AL}]", char))


def _break_opportunities(chars: list[str]) -> list[bool]:
    """Where UAX #14's pair-table algorithm allows a line break: before ``chars[i]``."""
    breaks = [False] * len(chars)
    last: int | None = None  # the class of the last character that is not a space
    space_seen = False
    last_space: int | None = None  # the last space after ``last``, and the one before it
    space_before: int | None = None
    visited: list[int] = []  # every character but the second and later letters of a run
    at = 0
    for run in _LETTER_RUN.finditer("".join(chars)):
        visited += range(at, run.start() + 1)
        at = run.end()
    visited += range(at, len(chars))
    for index in visited:
        char = chars[index]
        kind = _line_class(char)
        at = index
        if kind == SP:
            space_seen = True
            space_before, last_space = last_space, index
            continue
        if kind == ZW:
            last, space_seen, last_space, space_before = ZW, False, None, None
            continue
        if kind == CM:
            if last == ZW:
                breaks[index] = True
                last = ID
                continue
            if last_space is None:
                continue
            # A combining mark turns the space before it into an ideograph.
            at, kind = last_space, ID
            last_space = space_before
            space_seen = last_space is not None
        if last is None:
            pass  # no break at the start
        elif last == ZW:
            breaks[at] = True
        else:
            pair = _PAIRS[last][kind]
            breaks[at] = pair == "D" or (pair == "I" and space_seen)
        last, space_seen, last_space, space_before = kind, False, None, None
    return breaks


def _fit(widths: Sequence[int], allowed: list[bool], width: int, start: int) -> list[int]:
    """Where to break a text so that lines fit in ``width`` columns, greedily.

    ``widths`` are the columns taken by the text before each place: ``widths[i]``
    for the first ``i`` characters. The first line starts at column ``start``; a
    break goes at the last allowed place before a piece that would overflow
    (libunistring's ulc_width_linebreaks). Only the allowed places are visited.

    :return: the places chosen, in order
    """
    chosen: list[int] = []
    last: int | None = None  # where the current piece starts
    column, before = start, 0
    for index in [i for i, ok in enumerate(allowed) if ok]:
        piece = widths[index] - before
        if last is not None and column + piece > width:
            chosen.append(last)
            column = 0
        last = index
        column += piece
        before = widths[index]
    if last is not None and column + widths[-1] - before > width:
        chosen.append(last)
    return chosen


def _widths_before(text: str) -> Sequence[int]:
    """The columns the first ``i`` characters of ``text`` take, for every ``i``."""
    if text.isascii() and text.isprintable():
        return range(len(text) + 1)  # one column each: the common case, no list needed
    return [0, *itertools.accumulate(map(_column_width, text))]


def _allowed_breaks(chars: list[str], fixed: list[int], final_newline: bool) -> list[bool]:
    """Where a line may break in an escaped string: never inside an escape."""
    allowed = _break_opportunities(chars)
    for index in fixed:
        allowed[index] = False
    if final_newline:
        allowed[len(chars) - 2] = False  # keep a final "\n" with what precedes it
    return allowed


def _may_break_before(text: str, index: int) -> bool:
    """UAX #14's pair table at one place, for a text without combining marks or ZW.

    Without those two classes the algorithm of :func:`_break_opportunities`
    needs no state from further back than the last character that is not a
    space: a break before ``text[index]`` depends on that character's class,
    on this one's, and on whether spaces lie between them.
    """
    kind = _line_class(text[index])
    if kind == SP:
        return False
    before = index - 1
    while before >= 0 and text[before] == " ":  # " " is the one character of class SP
        before -= 1
    if before < 0:
        return False  # no break at the start
    pair = _PAIRS[_line_class(text[before])][kind]
    return pair == "D" or (pair == "I" and before < index - 1)


def _first_break(text: str, places: range, never: frozenset[int]) -> int | None:
    """The first of ``places`` before which :func:`_may_break_before` allows a break."""
    for at in places:
        if text[at] in _LETTERS and text[at - 1] in _LETTERS:
            continue  # inside a word: never (the pair table's AL before AL, no space)
        if at not in never and _may_break_before(text, at):
            return at
    return None


def _fit_nearby(text: str, widths: Sequence[int], width: int, start: int,
                never: frozenset[int]) -> list[int]:
    """:func:`_fit`'s breaks, looking only at the places near each line's end.

    Greedy fitting keeps, of each line, the last allowed place that still fits
    (or, when none does, the first allowed place after the line's start): so
    the search runs back from where a line would overflow, usually a word or
    two, instead of classifying every character of the text. Only for texts
    in which every character takes a column and none is a combining mark or
    ZW (see :func:`_simple`).

    :param never: places where a break is not allowed whatever the pair table
        says (inside an escape, before a final ``\\n``)
    """
    chosen: list[int] = []
    end = len(text)
    begin, column = 0, start
    while column + widths[end] - widths[begin] > width:
        # The last place before which the line still fits: widths strictly rise.
        limit = bisect.bisect_right(widths, widths[begin] + width - column) - 1
        place = _first_break(text, range(limit, begin, -1), never)
        if place is None:  # a word longer than the line: it overflows, uncut
            place = _first_break(text, range(limit + 1, end), never)
            if place is None:
                break
        chosen.append(place)
        begin, column = place, 0
    return chosen


def _simple(text: str) -> bool:
    """Whether every character takes one column or more and none is a combining mark or ZW."""
    if text.isascii():
        return text.isprintable()
    return all(_line_class(char) < ZW and _column_width(char) > 0 for char in set(text))


_NEEDS_ESCAPE = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
_ESCAPE_TABLE = str.maketrans({char: "\\" + code for char, code in _ESCAPES.items()})
# In an escaped text every backslash starts an escape of two characters.
_ESCAPE_PAIR = re.compile(r"\\.", re.DOTALL)


def _short_cut(text: str, fixed: list[int], final_newline: bool) -> frozenset[int] | None:
    """Where :func:`_fit_nearby` must not break ``text`` (escaped), or ``None`` when the
    text needs the full scan (see :func:`_simple`): inside an escape, before a final ``\\n``."""
    if not _simple(text):
        return None
    return frozenset([*fixed, len(text) - 2] if final_newline else fixed)


def _breaks(text: str, widths: Sequence[int], width: int, start: int, fixed: list[int],
            final_newline: bool) -> list[int]:
    """Where to break ``text`` (escaped) so that its lines fit in ``width`` columns."""
    never = _short_cut(text, fixed, final_newline)
    if never is not None:
        return _fit_nearby(text, widths, width, start, never)
    return _fit(widths, _allowed_breaks(list(text), fixed, final_newline), width, start)


def _breakable(text: str, fixed: list[int], final_newline: bool) -> bool:
    """Whether a line may break anywhere in ``text`` (escaped)."""
    never = _short_cut(text, fixed, final_newline)
    if never is not None:
        return _first_break(text, range(1, len(text)), never) is not None
    return any(_allowed_breaks(list(text), fixed, final_newline))


def wrap_string(keyword: str, value: str, prefix: str = "") -> list[str]:
    """``keyword "value"`` as msgcat writes it, in lines of at most :data:`WIDTH` columns.

    A string is cut after each ``\\n`` and, where it is too long for one line,
    where Unicode allows a line break; a string that needs more than one line
    starts with ``keyword ""``. Every step is linear in the length of ``value``.

    :param keyword: ``msgid``, ``msgstr[0]`` …
    :param prefix: what starts every line: ``"#~ "`` for obsolete entries,
        ``"#| "`` for a previous msgid
    """
    # Most strings (every empty msgstr, most titles) fit on their keyword's
    # line as they are: no escape, and columns to spare even at two a character.
    room = WIDTH - len(prefix) - len(keyword) - 3
    if (len(value) <= room and (value.isascii() or 2 * len(value) <= room)
            and _NEEDS_ESCAPE.search(value) is None):
        return [f'{prefix}{keyword} "{value}"']
    portions = _split_after_newlines(value)
    lines: list[str] = []
    after_break = len(prefix) + 1
    width = WIDTH - 1 - after_break
    first = True
    for number, portion in enumerate(portions):
        fixed: list[int] = []  # the second half of an escape: never break before it
        if _NEEDS_ESCAPE.search(portion) is None:
            text = portion
        else:
            text = portion.translate(_ESCAPE_TABLE)
            fixed = [pair.end() - 1 for pair in _ESCAPE_PAIR.finditer(text)]
        final_newline = portion.endswith("\n")
        widths = _widths_before(text)
        start = (len(prefix) + len(keyword) + 2 - after_break) if first else 0
        # A text that fits from ``start`` is never broken, wherever breaks are allowed;
        # one that does not is broken if it can be broken anywhere, and then it
        # starts on a line of its own.
        overflows = start + widths[-1] > width
        more = number + 1 < len(portions)
        if first and text and (more or start > width
                               or (overflows and _breakable(text, fixed, final_newline))):
            lines.append(f'{prefix}{keyword} ""')
            first, start = False, 0
            overflows = widths[-1] > width
        chosen = _breaks(text, widths, width, start, fixed, final_newline) if overflows else []
        head = f'{prefix}{keyword} "' if first else f'{prefix}"'
        for begin, stop in zip([0, *chosen], [*chosen, len(text)], strict=True):
            lines.append(f'{head}{text[begin:stop]}"')
            head = f'{prefix}"'
        first = False
    return lines


def _split_after_newlines(value: str) -> list[str]:
    parts = value.split("\n")
    portions = [part + "\n" for part in parts[:-1]]
    if parts[-1]:
        portions.append(parts[-1])
    return portions or [""]
def _in_one_line(text: str, limit: int = 120) -> str:
    """A message from Babel, which may quote a whole entry, made fit for one line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(msgid: str) -> str:
    return repr(msgid if len(msgid) <= 60 else msgid[:57] + "...")

