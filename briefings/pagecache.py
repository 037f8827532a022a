"""Finished pages kept between builds, so that an unchanged page is not rendered again.

A site builder asks for a page by its source path and a key: the SHA-256 of
everything the finished page is made from (its HTML, its title and table of
contents, the alternates, the navigation, the configuration, the theme; the
builder decides, see :mod:`briefings.mkdocs.builds`). When the key is the one
stored, the stored page and its search entries are used as they are.

A page is also kept one step earlier, as its *rendering*: the HTML, table of
contents and title MkDocs' page render gave, keyed by the SHA-256 of what the
page's Markdown is made from (:attr:`briefings.site.build.GeneratedPage.inputs`)
and of how it is rendered. When that key is stored, the page's Markdown is not
made at all (:meth:`PageCache.rendering`): a no-op rebuild makes no page. The
rendering's HTML is stored apart from the rest, with its SHA-256 beside the
rest: a builder can tell from the digest whether the finished page is the one
stored, and read the HTML (:meth:`PageCache.rendering_content`) only for a page
it must finish again. Read with the rest, every recalled page's HTML of a
language was held at once (the top of a no-op build's memory at N = 10,000).

Stored in the run cache's folder (``.briefings-cache/pages/<lang>/``): the
pages' outputs and renderings in *packs*, files that a build only appends to
(``<random>.pack``; a build that makes pages writes one, under a temporary
name until it is saved), and one ``pages.json`` per language mapping each
source path to its keys, its search entries and where in which pack its output
and rendering lie. One file per page and per rendering, as this cache first
kept them, was two new files per page on every fresh build: making a file is
the costly part of writing one (packs took 4 % off a fresh build's CPU at
N = 200, paired runs). A pack that holds less than half of what the pages still
use, or one too many, has what is still used copied into the new one and is
deleted (:meth:`PageCache.save`), so the cache stays under about twice what it
holds.

A kept page's output is read only as the page is written
(:meth:`PageCache.output`), so a build never holds every kept page at once.
Nothing is unpickled; a pack or manifest that cannot be read or does not
match is a miss, never an error, and every write is atomic (the manifest
names only packs written whole). :meth:`PageCache.save` drops the pages this
build did not use.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import secrets
import stat
import tempfile
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAGES_FOLDER = "pages"
MANIFEST = "pages.json"
#: Bumped when what is stored changes shape (4: packs, not a file per page;
#: 5: a rendering's HTML apart from the rest).
FORMAT = 5


def page_key(*parts: str) -> str:
    """The SHA-256 of ``parts`` (each length-prefixed, so no two lists collide)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(f"{len(data)}:".encode("ascii"))
        digest.update(data)
    return digest.hexdigest()


def content_digest(content: str) -> str:
    """The SHA-256 of a page's HTML, as a kept rendering records it."""
    return hashlib.sha256(content.encode("utf-8", "surrogatepass")).hexdigest()


_DIGEST = re.compile(r"[0-9a-f]{64}")

#: Folders this process has made (or found) already: a page's write makes none again.
_FOLDERS: set[str] = set()
#: A temporary file's flags: created here, by no one else (as ``tempfile.mkstemp``).
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC


def _write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``path`` through a temporary file renamed over it (readers see all or nothing).

    ``data`` is the file's bytes, or its pieces in order (a large file is then
    never held whole).

    Thousands of pages are written per build: the folder is made once per
    process, and the temporary file is named after the file and this process
    (a stored file's name is its content's key, so no two writes of this
    process race for one name); only when that name is taken (left by a
    process that died) is a random one found, as ``mkstemp`` does.
    """
    folder = str(path.parent)
    if folder not in _FOLDERS:
        path.parent.mkdir(parents=True, exist_ok=True)
        _FOLDERS.add(folder)
    temporary = f"{folder}/.tmp-{path.name}-{os.getpid()}"
    try:
        handle = os.open(temporary, _NEW_FILE, 0o600)
    except FileExistsError:
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    except FileNotFoundError:  # the folder was removed since (a cache cleared mid-build)
        _FOLDERS.discard(folder)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            if isinstance(data, bytes):
                stream.write(data)
            else:
                stream.writelines(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


#: A pack's name as a manifest may give it: a build's random token, never a path.
_PACK_NAME = re.compile(r"[0-9a-f]{32}\.pack")
#: A pack whose pages' bytes are less than this share of it is copied out and deleted.
LIVE_SHARE = 0.5
#: The most packs a language keeps; beyond, the smallest are copied into the new one.
MAX_PACKS = 8
#: Temporary files older than this (seconds) were left by a process that died.
STALE_AFTER = 3600
#: Where a stored output or rendering lies: its pack's name, offset and length.
Place = tuple[str, int, int]


class _Pack:
    """This build's pack of one language: appended to, renamed to its name when saved.

    Written with ``os.write``, never through a buffer: a process forked while
    it is open (a language's worker) holds no unwritten copy of it to flush.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.name = f"{secrets.token_hex(16)}.pack"
        self.temporary = folder / f".tmp-{self.name}"
        self.size = 0
        self.pid = os.getpid()
        folder.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(self.temporary, _NEW_FILE, 0o600)

    def append(self, data: bytes) -> Place:
        offset = self.size
        view = memoryview(data)
        while view:
            view = view[os.write(self.fd, view):]
        self.size += len(data)
        return self.name, offset, len(data)

    def finish(self) -> None:
        """Close it and give it its name: from now on a manifest may name it."""
        os.close(self.fd)
        self.fd = -1
        os.replace(self.temporary, self.folder / self.name)

    def discard(self) -> None:
        """Close it and delete it, unless this is a forked copy (the pack is its parent's)."""
        if self.pid != os.getpid():
            return
        with contextlib.suppress(OSError):
            if self.fd >= 0:
                os.close(self.fd)
            self.fd = -1
            self.temporary.unlink()


@dataclass
class PageCache:
    """One language's finished pages. ``folder=None`` keeps nothing (the cache is off)."""

    folder: Path | None
    stored: dict[str, dict[str, Any]] = field(default_factory=dict)  # src_uri -> key, entries
    kept: dict[str, dict[str, Any]] = field(default_factory=dict)  # what this build used
    reused: int = 0
    rendered: int = 0
    recalled: int = 0  # renderings taken from the cache: pages whose Markdown was not made
    made: int = 0  # renderings made by this build
    contents_read: int = 0  # recalled renderings whose HTML was read (rendering_content)
    renderings: dict[str, dict[str, Any]] = field(default_factory=dict)  # src_uri -> rendering
    # This build's pack (made at its first page), and the stored packs open for reading
    # with their sizes: each is opened once, and a pack deleted meanwhile is still read.
    _pack: _Pack | None = field(default=None, repr=False)
    _readers: dict[str, tuple[int, int]] = field(default_factory=dict, repr=False)

    @classmethod
    def open(cls, cache_folder: Path | None, lang: str) -> PageCache:
        """The pages of ``lang`` kept in ``cache_folder`` (the run cache's folder)."""
        if cache_folder is None:
            return cls(None)
        folder = cache_folder / PAGES_FOLDER / lang
        # As the run cache: nothing reached through a symbolic link is read or written.
        if any(path.is_symlink() for path in (cache_folder, folder.parent, folder)):
            return cls(None)
        try:
            data = json.loads((folder / MANIFEST).read_text("utf-8"))
            stored = data["pages"] if data.get("format") == FORMAT else {}
            if not isinstance(stored, dict):
                stored = {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            stored = {}
        return cls(folder, stored)

    def get(self, src_uri: str, key: str) -> list[dict[str, Any]] | None:
        """The stored search entries of ``src_uri`` if its output is stored under ``key``.

        The output itself is read only when the page is written (:meth:`output`):
        read here, every kept page's whole HTML would be held at once. What is
        checked now is that its pack is there, regular, and long enough.
        """
        if self.folder is None:
            return None
        entry = self.stored.get(src_uri)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        entries, place = entry.get("entries"), self._place(entry.get("at"))
        if not isinstance(entries, list) or place is None:
            return None
        self.kept.setdefault(src_uri, {}).update(key=key, entries=entries, at=list(place))
        self.reused += 1
        return entries

    def output(self, src_uri: str) -> str:
        """The stored output of a page :meth:`get` found; :class:`OSError` if it is gone since."""
        return self._text(src_uri, "at", "output")

    def _text(self, src_uri: str, field_name: str, what: str) -> str:
        """The text at a kept entry's ``field_name``; :class:`OSError` if it is gone or
        not UTF-8 (decoded as :meth:`_append`'s callers encode it)."""
        entry = self.kept.get(src_uri, {})
        place = self._place(entry.get(field_name)) if self.folder is not None else None
        if place is None:
            raise OSError(f"no stored {what} for {src_uri}")
        try:
            return self._read(place).decode("utf-8", "surrogatepass")
        except UnicodeDecodeError as exc:
            raise OSError(f"the stored {what} of {src_uri} is not UTF-8") from exc

    def keep(self, src_uri: str, key: str, output: str, entries: list[dict[str, Any]]) -> None:
        """Store a page this build rendered."""
        self.rendered += 1
        if self.folder is None:
            return
        place = self._append(output.encode("utf-8", "surrogatepass"))
        entry = self.kept.setdefault(src_uri, {})
        entry.update(key=key, entries=entries, at=list(place))

    def rendering(self, src_uri: str, key: str) -> dict[str, Any] | None:
        """The stored rendering of ``src_uri`` if stored under ``key``, also kept for later.

        A rendering has the page's ``toc`` (Python-Markdown's ``toc_tokens``),
        ``title`` (``None`` for none), ``meta``, and ``digest``, the
        :func:`content_digest` of its HTML; not the HTML itself, which
        :meth:`rendering_content` reads when it is wanted.
        """
        if self.folder is None:
            return None
        entry = self.stored.get(src_uri)
        if not isinstance(entry, dict) or entry.get("rendering") != key:
            return None
        place, content = self._place(entry.get("rendering_at")), self._place(
            entry.get("content_at"))
        if place is None or content is None:
            return None
        try:
            found = json.loads(self._read(place).decode("utf-8"))
        except (OSError, ValueError):
            return None
        if not (isinstance(found, dict) and isinstance(found.get("toc"), list)
                and isinstance(found.get("meta"), dict)
                and isinstance(found.get("title"), (str, type(None)))
                and isinstance(found.get("digest"), str) and _DIGEST.fullmatch(found["digest"])
                and "content" not in found):
            return None
        self.renderings[src_uri] = found
        self.kept.setdefault(src_uri, {}).update(rendering=key, rendering_at=list(place),
                                                 content_at=list(content))
        self.recalled += 1
        return found

    def rendering_content(self, src_uri: str, digest: str) -> str:
        """The HTML of a rendering :meth:`rendering` recalled, whose record gave ``digest``.

        Raises :class:`OSError` if it is gone since, or is not what its digest
        says (a damaged pack); the page should then be :meth:`forget`-ten.
        """
        self.contents_read += 1
        content = self._text(src_uri, "content_at", "rendering")
        if content_digest(content) != digest:
            raise OSError(f"the stored rendering of {src_uri} is not the one recorded")
        return content

    def forget(self, src_uri: str) -> None:
        """Drop ``src_uri`` from the stored manifest now, so that the next build makes it.

        For a page whose stored pieces were found damaged or lost during a build
        that then fails (and so never saves): written at once, atomically, from
        the stored entries, which name only packs that are there.
        """
        self.kept.pop(src_uri, None)
        if self.folder is None or self.stored.pop(src_uri, None) is None:
            return
        with contextlib.suppress(OSError):
            _write_atomic(self.folder / MANIFEST, _manifest(self.stored))

    def keep_rendering(self, src_uri: str, key: str, rendering: dict[str, Any]) -> None:
        """Store the rendering of a page whose Markdown this build made.

        ``rendering`` holds the page's ``content`` (HTML) with the rest; the HTML
        is stored apart, and its digest with the rest (see :meth:`rendering`).
        """
        self.made += 1
        if self.folder is None:
            return
        content: str = rendering["content"]
        rest = {name: value for name, value in rendering.items() if name != "content"}
        rest["digest"] = content_digest(content)
        try:
            data = json.dumps(rest, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError):  # metadata JSON cannot hold: made again next time
            return
        at = self._append(content.encode("utf-8", "surrogatepass"))
        place = self._append(data.encode("utf-8", "surrogatepass"))
        self.kept.setdefault(src_uri, {}).update(rendering=key, rendering_at=list(place),
                                                 content_at=list(at))

    def save(self) -> None:
        """Write which pages this build used; delete the stored pages it did not.

        This build's pack is named first, then the manifest written, then
        what no page uses any more deleted: a build that stops at any point
        leaves a manifest whose every place can be read.
        """
        try:
            if self.folder is None or (self.kept == self.stored and not self.rendered
                                       and not self.made):
                return
            # A page both rendered and kept has both keys; one only rendered (its
            # output not finished, the build failed) is not worth keeping.
            pages = {uri: entry for uri, entry in self.kept.items() if "key" in entry}
            self._compact(pages)
            if self._pack is not None:
                self._pack.finish()
            _write_atomic(self.folder / MANIFEST, _manifest(pages))
            self._drop_all_but({place[0] for entry in pages.values()
                                for place in _places(entry)})
        finally:
            self.close()

    def close(self) -> None:
        """Let go of the packs this build read, and of its own pack if it was not saved."""
        for fd, _ in self._readers.values():
            with contextlib.suppress(OSError):
                os.close(fd)
        self._readers.clear()
        if self._pack is not None:
            if self._pack.fd >= 0:
                self._pack.discard()
            self._pack = None

    def _append(self, data: bytes) -> Place:
        assert self.folder is not None
        if self._pack is None:
            self._pack = _Pack(self.folder)
        return self._pack.append(data)

    def _place(self, value: Any) -> Place | None:
        """A stored place that this cache's packs can give, or ``None``."""
        if not (isinstance(value, list) and len(value) == 3 and isinstance(value[0], str)
                and _PACK_NAME.fullmatch(value[0])
                and all(type(number) is int and number >= 0 for number in value[1:])):
            return None
        name, offset, length = value
        if self._pack is not None and name == self._pack.name:
            return name, offset, length
        try:
            _, size = self._reader(name)
        except OSError:
            return None
        return (name, offset, length) if offset + length <= size else None

    def _reader(self, name: str) -> tuple[int, int]:
        """A stored pack open for reading, and its size; never through a symbolic link."""
        found = self._readers.get(name)
        if found is None:
            assert self.folder is not None
            fd = os.open(self.folder / name, os.O_RDONLY | _NOFOLLOW | _CLOEXEC)
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                os.close(fd)
                raise OSError(f"{name} is not a regular file")
            found = self._readers[name] = fd, status.st_size
        return found

    def _read(self, place: Place) -> bytes:
        name, offset, length = place
        fd, _ = self._reader(name)
        data = _pread(fd, length, offset)
        if len(data) != length:
            raise OSError(f"the page cache's {name} changed during the build")
        return data

    def _compact(self, pages: dict[str, dict[str, Any]]) -> None:
        """Copy into this build's pack what ``pages`` use of stored packs not worth keeping.

        A stored pack goes when less than :data:`LIVE_SHARE` of it is used,
        and the smallest go while there are more than :data:`MAX_PACKS`.
        """
        own = self._pack.name if self._pack is not None else None
        used: dict[str, int] = {}
        for entry in pages.values():
            for name, _, length in _places(entry):
                if name != own:
                    used[name] = used.get(name, 0) + length
        leaving = {name for name, length in used.items()
                   if length < LIVE_SHARE * self._reader(name)[1]}
        staying = sorted((length, name) for name, length in used.items() if name not in leaving)
        while staying and len(staying) + 1 > MAX_PACKS:
            leaving.add(staying.pop(0)[1])
        if not leaving:
            return
        for entry in pages.values():
            for field_name in _PLACES:
                place = self._place(entry.get(field_name))
                if place is not None and place[0] in leaving:
                    entry[field_name] = list(self._append(self._read(place)))

    def _drop_all_but(self, wanted: set[str]) -> None:
        """Delete the packs not ``wanted`` (and earlier formats' files), and stale temporaries."""
        assert self.folder is not None
        now = time.time()
        with contextlib.suppress(OSError):
            for path in self.folder.iterdir():
                name = path.name
                if name.startswith(".tmp-"):
                    with contextlib.suppress(OSError):
                        if now - path.lstat().st_mtime > STALE_AFTER:
                            path.unlink()
                elif path.suffix in (".pack", ".html", ".json") and name != MANIFEST \
                        and name not in wanted:
                    with contextlib.suppress(OSError):
                        path.unlink()


def _pread(fd: int, length: int, offset: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, length, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # pragma: no cover - Windows has no pread
    return os.read(fd, length)  # pragma: no cover


#: Where a manifest's entry has its pieces: the output, the rendering, the rendering's HTML.
_PLACES = ("at", "rendering_at", "content_at")


def _places(entry: dict[str, Any]) -> Iterator[Place]:
    """Where an entry of this build's manifest has its output and rendering."""
    for field_name in _PLACES:
        value = entry.get(field_name)
        if isinstance(value, list) and len(value) == 3:
            yield value[0], value[1], value[2]


def _manifest(pages: dict[str, dict[str, Any]]) -> Iterator[bytes]:
    """``{"format": FORMAT, "pages": pages}`` as compact JSON, one page at a time.

    The manifest holds every page's search entries, the site's whole text: made
    as one string, and encoded as a copy of it, it was the largest thing an
    edit's build held (tens of MB per language at 1,000 articles).
    """
    yield b'{"format":%d,"pages":{' % FORMAT
    separator = ""
    for uri, entry in pages.items():
        yield (separator + json.dumps(uri, ensure_ascii=False) + ":"
               + json.dumps(entry, ensure_ascii=False, separators=(",", ":"))).encode("utf-8")
        separator = ","
    yield b"}}"
