"""Packs: files a run only appends to, each piece read back by where it lies.

The caches (:mod:`briefings.cache`, :mod:`briefings.pagecache`) keep thousands
of small pieces: an article's analysis, a catalog's facts, a page's output.
One file per piece made a fresh build create thousands of files, and making a
file is the costly part of writing a small one (here about a third of a
millisecond of the kernel's time each, more than writing its bytes). So a run
appends the pieces it makes to one file of its own, a *pack*, under a
temporary name until it is finished, and its cache's index records each
piece's :data:`Place`: the pack's name, the offset and the length.

A pack is never changed once finished. When a cache stops using most of a
pack, or has too many, :meth:`Packs.compact` copies what is still used into
this run's pack and :meth:`Packs.drop_all_but` deletes the rest, so a cache
stays under about twice what it holds.

Places come from an index on disk, which may have been damaged or planted:
:meth:`Packs.place` accepts only a pack name of this module's making and a
piece that lies within that pack; packs are opened without following symbolic
links, and a pack that is not a regular file is not read.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

#: Where a piece lies: its pack's name, its offset and its length.
Place = tuple[str, int, int]
#: A pack's name as an index may give it: a run's random token, never a path.
PACK_NAME = re.compile(r"[0-9a-f]{32}\.pack")
#: A pack whose used pieces are less than this share of it is copied out and deleted.
LIVE_SHARE = 0.5
#: The most packs a folder keeps; beyond, the smallest are copied into the new one.
MAX_PACKS = 8
#: Temporary files older than this (seconds) were left by a process that died.
STALE_AFTER = 3600

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
#: Opening a FIFO planted as a pack does not wait for a writer (it is then refused).
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
#: A temporary file's flags: created here, by no one else (as ``tempfile.mkstemp``).
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC
#: Folders this process has made (or found) already: a write makes none again.
_FOLDERS: set[str] = set()


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write ``path`` through a temporary file renamed over it (readers see all or nothing).

    ``data`` is the file's bytes, or its pieces in order (a large file is then
    never held whole).

    The folder is made once per process, and the temporary file is named
    after the file and this process (no two writes of one process race for
    one name); only when that name is taken (left by a process that died) is
    a random one found, as ``mkstemp`` does.
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


def read_regular(path: Path, limit: int) -> bytes:
    """The bytes of ``path``, a regular file reached without a symbolic link, at most ``limit``."""
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | _NONBLOCK)
    with os.fdopen(fd, "rb") as stream:
        info = os.fstat(stream.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            raise ValueError(f"{path}: not a regular file of at most {limit} bytes")
        # As long as the file said it was (one byte more tells it grew): never a
        # buffer of ``limit`` bytes for a small file.
        data = stream.read(min(limit, info.st_size) + 1)
    if len(data) > min(limit, info.st_size):
        raise ValueError(f"{path}: over {limit} bytes")
    return data


class _Pack:
    """This run's pack: appended to, renamed to its name when finished.

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
        """Close it and give it its name: from now on an index may name it."""
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


class Packs:
    """The packs of one folder: this run's (made at its first piece) and the stored ones.

    :param largest: the longest piece :meth:`place` accepts (``None``: any that
        lies within its pack)
    """

    def __init__(self, folder: Path, largest: int | None = None) -> None:
        self.folder = folder
        self.largest = largest
        self._pack: _Pack | None = None
        # The stored packs open for reading, with their sizes: each is opened
        # once, and a pack deleted meanwhile is still read.
        self._readers: dict[str, tuple[int, int]] = {}

    @property
    def own(self) -> str | None:
        """The name of this run's pack, once it has a piece."""
        return self._pack.name if self._pack is not None else None

    def append(self, data: bytes) -> Place:
        """Add ``data`` to this run's pack; where it lies."""
        if self._pack is None:
            self._pack = _Pack(self.folder)
        return self._pack.append(data)

    def place(self, value: Any) -> Place | None:
        """``value`` (an index's ``[name, offset, length]``) if these packs can give it."""
        if not (isinstance(value, (list, tuple)) and len(value) == 3
                and isinstance(value[0], str) and PACK_NAME.fullmatch(value[0])
                and all(type(number) is int and number >= 0 for number in value[1:])):
            return None
        name, offset, length = value
        if self.largest is not None and length > self.largest:
            return None
        if name == self.own:
            return name, offset, length
        try:
            _, size = self._reader(name)
        except OSError:
            return None
        return (name, offset, length) if offset + length <= size else None

    def read(self, place: Place) -> bytes:
        """The piece at ``place`` (from :meth:`place`); :class:`OSError` if its pack changed."""
        name, offset, length = place
        fd, _ = self._reader(name)
        data = _pread(fd, length, offset)
        if len(data) != length:
            raise OSError(f"{self.folder / name} changed during the run")
        return data

    def compact(self, entries: Iterable[dict[str, Any]], fields: Sequence[str]) -> None:
        """Copy into this run's pack what ``entries`` use of stored packs not worth keeping.

        ``entries`` are an index's records, the places of their pieces under
        ``fields``; each place copied is changed in its record. A stored pack
        goes when less than :data:`LIVE_SHARE` of it is used, and the smallest
        go while there are more than :data:`MAX_PACKS`.
        """
        entries = list(entries)
        own = self.own
        used: dict[str, int] = {}
        for entry in entries:
            for field_name in fields:
                place = self.place(entry.get(field_name))
                if place is not None and place[0] != own:
                    used[place[0]] = used.get(place[0], 0) + place[2]
        leaving = {name for name, length in used.items()
                   if length < LIVE_SHARE * self._reader(name)[1]}
        staying = sorted((length, name) for name, length in used.items() if name not in leaving)
        while staying and len(staying) + 1 > MAX_PACKS:
            leaving.add(staying.pop(0)[1])
        if not leaving:
            return
        for entry in entries:
            for field_name in fields:
                place = self.place(entry.get(field_name))
                if place is not None and place[0] in leaving:
                    entry[field_name] = list(self.append(self.read(place)))

    def finish(self) -> None:
        """Give this run's pack its name (before an index that names it is written)."""
        if self._pack is not None and self._pack.fd >= 0:
            self._pack.finish()

    def drop_all_but(self, wanted: set[str], also: Callable[[str], bool] = lambda name: False,
                     ) -> None:
        """Delete the packs not ``wanted``, stale temporaries, and the files ``also`` names."""
        now = time.time()
        with contextlib.suppress(OSError):
            for path in self.folder.iterdir():
                name = path.name
                with contextlib.suppress(OSError):
                    if name.startswith(".tmp-"):
                        if now - path.lstat().st_mtime > STALE_AFTER:
                            path.unlink()
                    elif ((PACK_NAME.fullmatch(name) and name not in wanted) or also(name)) \
                            and (path.is_symlink() or not path.is_dir()):
                        path.unlink()

    def close(self) -> None:
        """Let go of the packs read, and of this run's pack if it was not finished."""
        for fd, _ in self._readers.values():
            with contextlib.suppress(OSError):
                os.close(fd)
        self._readers.clear()
        if self._pack is not None:
            if self._pack.fd >= 0:
                self._pack.discard()
            self._pack = None

    def _reader(self, name: str) -> tuple[int, int]:
        """A stored pack open for reading, and its size; never through a symbolic link."""
        found = self._readers.get(name)
        if found is None:
            fd = os.open(self.folder / name, os.O_RDONLY | _NOFOLLOW | _CLOEXEC | _NONBLOCK)
            status = os.fstat(fd)
            if not stat.S_ISREG(status.st_mode):
                os.close(fd)
                raise OSError(f"{name} is not a regular file")
            found = self._readers[name] = fd, status.st_size
        return found


def _pread(fd: int, length: int, offset: int) -> bytes:
    if hasattr(os, "pread"):
        return os.pread(fd, length, offset)
    os.lseek(fd, offset, os.SEEK_SET)  # pragma: no cover - Windows has no pread
    return os.read(fd, length)  # pragma: no cover
