"""PO files: reading and writing the catalogs of :mod:`briefings.translation.catalogs`.

Reading and writing go through Babel's :mod:`babel.messages`, with three
additions Babel lacks: it reads ``#| msgid`` (the previous English of a stale
entry) as a translator comment and writes it wrapped mid-string, which GNU
``msgfmt`` rejects; it writes obsolete entries without their flags, which
would turn an obsolete machine draft into a "reviewed" one when it is revived;
and it stamps headers with the current time, which would make every run
rewrite every file. This module fills those three gaps and nothing more.

A catalog that cannot be read is reported as ``file:line: problem`` and never
written over; a catalog is written atomically, and only when its bytes change.
"""

from __future__ import annotations

import contextlib
import email.message
import io
import os
import re
import secrets
from collections.abc import Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import PoFileError, PoFileParser, normalize, unescape, write_po

from briefings.errors import BriefingsError
from briefings.translation.catalogs import (
    FORMAT_FLAGS,
    BriefingCatalog,
    live_messages,
)

#: GNU's line width for PO files.
WIDTH = 76

_CONFLICT_MARKERS = ("<<<<<<<", "=======", ">>>>>>>", "|||||||")
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_STRING_KEYWORDS = re.compile(r"msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?")


# -- reading ---------------------------------------------------------------------------------------


def read_catalog(path: Path, lang: str, data: bytes | None = None) -> Catalog:
    """Read the PO file at ``path``, refusing anything that is not sound.

    The file is only read, never changed, whatever is wrong with it.

    :param path: the PO file
    :param lang: the language the file must declare in its ``Language:`` header
    :param data: the file's bytes, when the caller has read them already
    :return: the catalog, with each entry's ``lineno`` set to its ``msgid`` line
    :raise BriefingsError: naming the line, when the file cannot be read, is not
        UTF-8, holds merge-conflict markers, is cut short or mis-edited, has no
        header, a header without ``charset=UTF-8`` or with another language, or
        the same entry twice
    """
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise BriefingsError(
                path, f"cannot read the translation file ({exc.strerror})"
            ) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise BriefingsError(
            path, "not UTF-8 text; save the file as UTF-8 in your editor", line
        ) from exc

    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if line.startswith(_CONFLICT_MARKERS):
            raise BriefingsError(
                path,
                f"unresolved merge conflict ({line[:7]!r} marker); keep one version of each "
                "entry and delete the marker lines",
                number,
            )

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

    if parser.duplicate is not None:
        msgid, first, again = parser.duplicate
        raise BriefingsError(
            path,
            f"duplicate entry for {_short(msgid)} (first at line {first}); "
            "keep one of the two and delete the other",
            again,
        )
    if parser.header_line is None:
        raise BriefingsError(
            path, 'no header (the msgid "" entry that starts a PO file); restore it', 1
        )
    headers = {name.lower(): value.strip() for name, value in catalog.raw_headers}
    content_type = email.message.Message()
    content_type["Content-Type"] = headers.get("content-type", "")
    if content_type.get_content_charset() != "utf-8":
        raise BriefingsError(
            path,
            "the header must say 'Content-Type: text/plain; charset=UTF-8'",
            parser.header_line,
        )
    if headers.get("language") != lang:
        found = headers.get("language")
        raise BriefingsError(
            path,
            f"the header says 'Language: {found}' but this file is for '{lang}'"
            if found
            else f"the header has no 'Language: {lang}' line",
            parser.header_line,
        )
    for message in [*live_messages(catalog), *catalog.obsolete.values()]:
        message.flags -= FORMAT_FLAGS
    return catalog


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
        if _STRING_KEYWORDS.fullmatch(keyword):
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


def write_catalog(catalog: Catalog, path: Path, data: bytes | None = None) -> bool:
    """Write ``catalog`` to ``path`` if, and only if, that changes the file.

    The file is replaced atomically (a temporary file beside it, synced to disk,
    then renamed over it), so a crash or a full disk leaves the old file
    whole; a new file's folders are created. An existing file keeps its
    permissions.

    :param data: ``serialise(catalog)``, when the caller has made it already
    :return: ``True`` if the file was written, ``False`` if it already held
        exactly these bytes
    :raise BriefingsError: when the file cannot be written; no temporary file
        is left behind
    """
    if data is None:
        data = serialise(catalog)
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass  # missing, or unreadable: writing will tell which
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

    Babel's :func:`~babel.messages.pofile.write_po` does the work, in catalog
    order at GNU's width. Two things are added to its output: the ``#| msgid``
    lines of stale entries (Babel's own, with ``include_previous``, wrap
    mid-string and ``msgfmt`` rejects them) and the flags of obsolete entries
    (Babel drops them, and an obsolete draft must stay fuzzy if revived).
    """
    buffer = io.BytesIO()
    write_po(
        buffer,
        catalog,
        width=WIDTH,
        sort_output=False,
        include_previous=False,
        omit_header=False,
    )
    text = buffer.getvalue().decode(catalog.charset)
    # write_po ends every entry with a blank line and has none inside one.
    entries = text.split("\n\n")
    live = list(catalog)  # the header first, as write_po writes it
    messages = [*live, *catalog.obsolete.values()]
    if entries[-1] or len(entries) - 1 != len(messages):
        raise RuntimeError("Babel's PO output no longer has one blank line after each entry")
    for index, message in enumerate(messages):
        extra = []
        if index >= len(live) and message.flags:
            extra.append("#, " + ", ".join(sorted(message.flags)))
        elif message.previous_id and isinstance(message.id, str):
            previous = normalize(message.previous_id[0], width=WIDTH - 3)
            extra.append("#| msgid " + previous.replace("\n", "\n#| "))
        if extra:
            entries[index] = _before_msgid(entries[index], extra)
    return "\n\n".join(entries).encode(catalog.charset)


def _before_msgid(entry: str, extra: list[str]) -> str:
    lines = entry.split("\n")
    for number, line in enumerate(lines):
        if line.startswith(("msgctxt ", "msgid ", "#~ msgctxt ", "#~ msgid ")):
            return "\n".join([*lines[:number], *extra, *lines[number:]])
    return entry


def _in_one_line(text: str, limit: int = 120) -> str:
    """A message from Babel, which may quote a whole entry, made fit for one line."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _short(msgid: str) -> str:
    return repr(msgid if len(msgid) <= 60 else msgid[:57] + "...")

