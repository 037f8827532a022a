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
made at all (:meth:`PageCache.rendering`): a no-op rebuild makes no page.

Stored in the run cache's folder (``.briefings-cache/pages/<lang>/``) as plain
files: each page's output as ``<key>.html``, each rendering as ``<key>.json``,
and one ``pages.json`` per language mapping each source path to its keys and
search entries. A kept page's output is read only as the page is written
(:meth:`PageCache.output`), so a build never holds every kept page at once.
Nothing is unpickled; a file that cannot be read or does not match is a miss,
never an error, and every write is atomic.
:meth:`PageCache.save` drops the pages this build did not use.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAGES_FOLDER = "pages"
MANIFEST = "pages.json"
#: Bumped when what is stored changes shape.
FORMAT = 3


def page_key(*parts: str) -> str:
    """The SHA-256 of ``parts`` (each length-prefixed, so no two lists collide)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(f"{len(data)}:".encode("ascii"))
        digest.update(data)
    return digest.hexdigest()


#: Folders this process has made (or found) already: a page's write makes none again.
_FOLDERS: set[str] = set()
#: A temporary file's flags: created here, by no one else (as ``tempfile.mkstemp``).
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) \
    | getattr(os, "O_CLOEXEC", 0)


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


def _read(path: Path) -> str:
    """A stored file's text; as the run cache, never through a symbolic link."""
    return _read_bytes(path).decode("utf-8")


def _read_bytes(path: Path) -> bytes:
    """A stored file's bytes; as the run cache, never through a symbolic link."""
    if path.is_symlink():
        raise OSError(f"{path} is a symbolic link")
    return path.read_bytes()


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
    renderings: dict[str, dict[str, Any]] = field(default_factory=dict)  # src_uri -> rendering

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
        checked now is that the file is there, regular, with the size stored.
        """
        if self.folder is None:
            return None
        entry = self.stored.get(src_uri)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        entries, size = entry.get("entries"), entry.get("bytes")
        if not isinstance(entries, list) or not isinstance(size, int):
            return None
        try:
            found = (self.folder / f"{key}.html").lstat()
        except OSError:
            return None
        if not stat.S_ISREG(found.st_mode) or found.st_size != size:
            return None
        self.kept.setdefault(src_uri, {}).update(key=key, entries=entries, bytes=size)
        self.reused += 1
        return entries

    def output(self, src_uri: str) -> str:
        """The stored output of a page :meth:`get` found; :class:`OSError` if it is gone since."""
        entry = self.kept.get(src_uri, {})
        if self.folder is None or "key" not in entry:
            raise OSError(f"no stored output for {src_uri}")
        data = _read_bytes(self.folder / f"{entry['key']}.html")
        if len(data) != entry.get("bytes"):
            raise OSError(f"the stored output of {src_uri} changed during the build")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise OSError(f"the stored output of {src_uri} is not UTF-8") from exc

    def keep(self, src_uri: str, key: str, output: str, entries: list[dict[str, Any]]) -> None:
        """Store a page this build rendered."""
        self.rendered += 1
        if self.folder is None:
            return
        data = output.encode("utf-8", "surrogatepass")
        _write_atomic(self.folder / f"{key}.html", data)
        entry = self.kept.setdefault(src_uri, {})
        entry.update(key=key, entries=entries, bytes=len(data))

    def rendering(self, src_uri: str, key: str) -> dict[str, Any] | None:
        """The stored rendering of ``src_uri`` if stored under ``key``, also kept for later.

        A rendering has the page's ``content`` (HTML), ``toc`` (Python-Markdown's
        ``toc_tokens``), ``title`` (``None`` for none) and ``meta``.
        """
        if self.folder is None:
            return None
        entry = self.stored.get(src_uri)
        if not isinstance(entry, dict) or entry.get("rendering") != key:
            return None
        try:
            found = json.loads(_read(self.folder / f"{key}.json"))
        except (OSError, ValueError):
            return None
        if not (isinstance(found, dict) and isinstance(found.get("content"), str)
                and isinstance(found.get("toc"), list) and isinstance(found.get("meta"), dict)
                and isinstance(found.get("title"), (str, type(None)))):
            return None
        self.renderings[src_uri] = found
        self.kept.setdefault(src_uri, {})["rendering"] = key
        self.recalled += 1
        return found

    def keep_rendering(self, src_uri: str, key: str, rendering: dict[str, Any]) -> None:
        """Store the rendering of a page whose Markdown this build made."""
        self.made += 1
        if self.folder is None:
            return
        try:
            data = json.dumps(rendering, ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError):  # metadata JSON cannot hold: made again next time
            return
        _write_atomic(self.folder / f"{key}.json", data.encode("utf-8", "surrogatepass"))
        self.kept.setdefault(src_uri, {})["rendering"] = key

    def save(self) -> None:
        """Write which pages this build used; delete the stored pages it did not."""
        if self.folder is None or (self.kept == self.stored and not self.rendered
                                   and not self.made):
            return
        # A page both rendered and kept has both keys; one only rendered (its
        # output not finished, the build failed) is not worth keeping.
        pages = {uri: entry for uri, entry in self.kept.items() if "key" in entry}
        _write_atomic(self.folder / MANIFEST, _manifest(pages))
        wanted = {f"{entry['key']}.html" for entry in pages.values()}
        wanted |= {f"{entry['rendering']}.json" for entry in pages.values() if "rendering" in entry}
        with contextlib.suppress(OSError):
            for path in self.folder.iterdir():
                if path.suffix in (".html", ".json") and path.name != MANIFEST \
                        and path.name not in wanted:
                    path.unlink()


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
