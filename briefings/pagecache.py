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
pages' outputs and renderings in *packs* (:mod:`briefings.packs`), files that a
build only appends to (``<random>.pack``; a build that makes pages writes one,
under a temporary name until it is saved), and one ``pages.json`` per language
mapping each source path to its keys, its search entries and where in which
pack its output and rendering lie. One file per page and per rendering, as this
cache first kept them, was two new files per page on every fresh build: making
a file is the costly part of writing one (packs took 4 % off a fresh build's
CPU at N = 200, paired runs). A pack that holds less than half of what the
pages still use, or one too many, has what is still used copied into the new
one and is deleted (:meth:`PageCache.save`), so the cache stays under about
twice what it holds.

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
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from briefings.packs import Packs, Place, read_regular, write_atomic

PAGES_FOLDER = "pages"
MANIFEST = "pages.json"
#: Bumped when what is stored changes shape (4: packs, not a file per page;
#: 5: a rendering's HTML apart from the rest).
FORMAT = 5
#: A manifest larger than this is not read (the pages are then made again).
MAX_MANIFEST_BYTES = 2 * 1024 * 1024 * 1024


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
    # This build's pack (made at its first page) and the stored ones (None: no folder).
    _packs: Packs | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.folder is not None:
            self._packs = Packs(self.folder)

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
            # A regular file, not through a link, and bounded (a site of thousands
            # of briefings writes a few hundred MB at most).
            data = json.loads(read_regular(folder / MANIFEST, MAX_MANIFEST_BYTES))
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
            write_atomic(self.folder / MANIFEST, _manifest(self.stored))

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
            assert self._packs is not None
            self._packs.compact(pages.values(), _PLACES)
            self._packs.finish()
            write_atomic(self.folder / MANIFEST, _manifest(pages))
            wanted = {place[0] for entry in pages.values() for place in _places(entry)}
            # And the files of earlier formats (a file per page and per rendering).
            self._packs.drop_all_but(wanted, also=lambda name: name != MANIFEST and (
                Path(name).suffix in (".pack", ".html", ".json") and name not in wanted))
        finally:
            self.close()

    def close(self) -> None:
        """Let go of the packs this build read, and of its own pack if it was not saved."""
        if self._packs is not None:
            self._packs.close()

    def _append(self, data: bytes) -> Place:
        assert self._packs is not None
        return self._packs.append(data)

    def _place(self, value: Any) -> Place | None:
        """A stored place that this cache's packs can give, or ``None``."""
        return self._packs.place(value) if self._packs is not None else None

    def _read(self, place: Place) -> bytes:
        assert self._packs is not None
        return self._packs.read(place)


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
