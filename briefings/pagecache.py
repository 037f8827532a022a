"""Finished pages kept between builds, so that an unchanged page is not rendered again.

A site builder asks for a page by its source path and a key: the SHA-256 of
everything the finished page is made from (its HTML, its title and table of
contents, the alternates, the navigation, the configuration, the theme; the
builder decides, see :mod:`briefings.mkdocs.builds`). When the key is the one
stored, the stored page and its search entries are used as they are.

Stored in the run cache's folder (``.briefings-cache/pages/<lang>/``) as plain
files: each page's output as ``<key>.html`` and one ``pages.json`` per
language mapping each source path to its key and search entries. Nothing is
unpickled; a file that cannot be read or does not match is a miss, never an
error, and every write is atomic. :meth:`PageCache.save` drops the pages this
build did not use.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAGES_FOLDER = "pages"
MANIFEST = "pages.json"
#: Bumped when what is stored changes shape.
FORMAT = 1


def page_key(*parts: str) -> str:
    """The SHA-256 of ``parts`` (each length-prefixed, so no two lists collide)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        digest.update(f"{len(data)}:".encode("ascii"))
        digest.update(data)
    return digest.hexdigest()


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


@dataclass
class PageCache:
    """One language's finished pages. ``folder=None`` keeps nothing (the cache is off)."""

    folder: Path | None
    stored: dict[str, dict[str, Any]] = field(default_factory=dict)  # src_uri -> key, entries
    kept: dict[str, dict[str, Any]] = field(default_factory=dict)  # what this build used
    reused: int = 0
    rendered: int = 0

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

    def get(self, src_uri: str, key: str) -> tuple[str, list[dict[str, Any]]] | None:
        """The stored output and search entries of ``src_uri`` if stored under ``key``."""
        if self.folder is None:
            return None
        entry = self.stored.get(src_uri)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return None
        entries = entry.get("entries")
        if not isinstance(entries, list):
            return None
        try:
            output = (self.folder / f"{key}.html").read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            return None
        self.kept[src_uri] = entry
        self.reused += 1
        return output, entries

    def keep(self, src_uri: str, key: str, output: str, entries: list[dict[str, Any]]) -> None:
        """Store a page this build rendered."""
        self.rendered += 1
        if self.folder is None:
            return
        _write_atomic(self.folder / f"{key}.html", output.encode("utf-8", "surrogatepass"))
        self.kept[src_uri] = {"key": key, "entries": entries}

    def save(self) -> None:
        """Write which pages this build used; delete the stored pages it did not."""
        if self.folder is None or (self.kept == self.stored and not self.rendered):
            return
        data = json.dumps({"format": FORMAT, "pages": self.kept}, ensure_ascii=False,
                          separators=(",", ":"))
        _write_atomic(self.folder / MANIFEST, data.encode("utf-8"))
        wanted = {f"{entry['key']}.html" for entry in self.kept.values()}
        with contextlib.suppress(OSError):
            for path in self.folder.iterdir():
                if path.suffix == ".html" and path.name not in wanted:
                    path.unlink()
