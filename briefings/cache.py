"""The run cache: what earlier runs worked out, so that a rebuild redoes only what changed.

A desk's site holds hundreds of briefings and is rebuilt on every commit, when
usually one article or one catalog has changed. Parsing and analysing every
article, and reading, merging and re-serialising every catalog, would make each
rebuild cost as much as the first. So a run keeps what it computed in
``.briefings-cache/`` beside mkdocs.yml (ignored by Git), and the next run takes
from there whatever still holds:

``analyses``
    a source's :class:`~briefings.model.Briefing` and translation units, keyed by
    the source's path and bytes;
``catalogs``
    what a catalog holds, as the site and the reports need it
    (:class:`~briefings.translation.catalogs.CatalogFacts`), keyed by its
    language and bytes;
``merged``
    for each catalog, the units it was last merged with and the bytes that
    merge wrote: while both are unchanged, merging again would write the same
    bytes, so the catalog is neither parsed nor rewritten.

Every key is a SHA-256 of content, never a file's time, so a checkout, a
``touch`` or a clock change cannot serve a stale answer, and two runs that
save one after the other cannot make an entry wrong. The whole cache is dropped
when anything it was computed with changes: this package's code and data, the
project's glossary, the settings that shape articles, or the versions of
Python and of the libraries that parse (:func:`fingerprint`). A cache that cannot
be read is ignored and rebuilt; ``BRIEFINGS_NO_CACHE=1`` switches it off.

Each analysis and each catalog's facts is a JSON entry stamped with the
cache's key, read when a run first asks for it and written once, into a *pack*
under ``runs/`` (:mod:`briefings.packs`: a file each save appends its new
entries to); ``runs.json`` is the index (the cache's key, the merges, and
where each entry lies). So a rebuild reads only the entries it needs and
writes only those it made: an edit costs its own entries, not the whole cache.
A file per entry, as the cache first kept them, made a fresh build create one
file per article and per catalog, which cost more than writing them.

Every file is JSON, and only data: reading it runs nothing and builds nothing but
the dataclasses the code expects, each value checked against its field's type
(:mod:`briefings.typed_json`). Which types a briefing's units and a catalog's
facts are is for the run to say (:class:`CacheKinds`, given by
:func:`briefings.run.open_cache`): this module stores them without depending on
the translation package that defines them. A cache someone committed or planted, however
crafted, can at worst cost time: a file that does not fit is ignored whole. The
folders and files are opened without following symbolic links, files are named
only by hexadecimal keys and language codes, and an index over
:data:`MAX_CACHE_BYTES` or an entry over :data:`MAX_ENTRY_BYTES` is not read.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import importlib.metadata
import json
import os
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from briefings.glossary import MAX_GLOSSARY_BYTES
from briefings.model import Briefing
from briefings.packs import Packs, Place, read_regular, write_atomic
from briefings.project import Project
from briefings.typed_json import decode, encode

CACHE_DIR = ".briefings-cache"
#: The cache's index: its key, its format and the catalogs' merges.
CACHE_FILE = "runs.json"
#: The entries' folder, their packs (``<random>.pack``); the index names each
#: entry ``analyses/<key>`` or ``catalogs-<lang>/<key>``.
ENTRIES_DIR = "runs"
#: Bumped when what is stored changes shape (3: entries in packs, not a file each).
FORMAT = 3
#: An index larger than this is not read (a site of thousands of briefings stays far below).
MAX_CACHE_BYTES = 512 * 1024 * 1024
#: Nor is an entry larger than this (the largest article's analysis is far below).
MAX_ENTRY_BYTES = 64 * 1024 * 1024
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
NO_CACHE_ENV = "BRIEFINGS_NO_CACHE"
_PACKAGE = Path(__file__).resolve().parent
# Libraries whose behaviour shapes what is cached: the sentence splitter, the PO
# reader, YAML, Markdown, and what reads web pages and detects their language.
U = TypeVar("U")
_LIBRARIES = ("sentencex", "babel", "pyyaml", "trafilatura", "justext", "py3langid", "markdown")


@dataclass(frozen=True)
class CacheKinds:
    """The types of what a cache keeps besides briefings, as :mod:`briefings.typed_json` hints.

    :param units: a briefing's translation units, e.g. ``list[Unit]``
    :param catalog: what one catalog holds, e.g. ``CatalogFacts``
    """

    units: Any
    catalog: Any


@dataclass
class _Analysis:
    briefing: Briefing
    units: Any = None  # of the type CacheKinds.units gives
    units_key: str | None = None


@functools.cache
def _stored_type(kinds: CacheKinds) -> Any:
    """What a stored analysis holds, with ``kinds`` filled in (see :mod:`briefings.typed_json`)."""
    return dataclasses.make_dataclass("Analysis", [
        ("briefing", Briefing),
        ("units", kinds.units | None, dataclasses.field(default=None)),
        ("units_key", str | None, dataclasses.field(default=None)),
    ])


@dataclass
class _Index:
    """The cache's own file: which code and settings it holds for, and the merges."""

    key: str
    format: int
    merged: dict[tuple[str, str], tuple[str, str]]
    entries: dict[str, tuple[str, int, int]]  # name -> where it lies (briefings.packs.Place)


@dataclass
class RunCache:
    """The cache of one project; :meth:`open` it, use it, then :meth:`save` it.

    A cache opened with ``folder=None`` keeps nothing between runs (it still
    saves work within the run), which is what ``BRIEFINGS_NO_CACHE=1`` gives,
    and so does one opened without :class:`CacheKinds`: it could not check
    what it reads.

    ``analyses`` and ``catalogs`` hold what this run has read or made so far:
    an entry is read from its file when first asked for.
    """

    folder: Path | None
    key: str = ""
    kinds: CacheKinds | None = None
    analyses: dict[str, _Analysis] = field(default_factory=dict)
    catalogs: dict[tuple[str, str], Any] = field(default_factory=dict)
    merged: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    # Where each stored entry lies, by its name (_analysis_path, _catalog_path).
    places: dict[str, Place] = field(default_factory=dict)
    # What this run used: the rest is dropped when it saves with prune=True.
    _used_analyses: set[str] = field(default_factory=set)
    _used_catalogs: set[tuple[str, str]] = field(default_factory=set)
    _source_keys: dict[str, str] = field(default_factory=dict)  # slug -> analyses key
    # What save writes: the entries this run made or changed, and whether the index changed.
    _new_analyses: set[str] = field(default_factory=set)
    _new_catalogs: set[tuple[str, str]] = field(default_factory=set)
    _changed: bool = False
    hits: int = 0
    misses: int = 0
    _packs: Packs | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.folder is not None:
            self._packs = Packs(self.folder / ENTRIES_DIR, largest=MAX_ENTRY_BYTES)

    @classmethod
    def open(
        cls, root: Path, fingerprint_parts: tuple[object, ...] = (),
        kinds: CacheKinds | None = None,
    ) -> RunCache:
        """The cache of the project at ``root``, empty if it is missing, unreadable or stale.

        Only the index is read now; each analysis and catalog is read when asked for.

        :param kinds: the types of the units and catalog facts it keeps; without
            them it keeps nothing between runs
        """
        key = fingerprint(root, fingerprint_parts)
        if kinds is None or os.environ.get(NO_CACHE_ENV, "").strip().lower() in (
                "1", "true", "yes"):
            return cls(None, key, kinds)
        folder = root / CACHE_DIR
        if not _no_links(folder):
            # Never read or written through: it could lead anywhere. Work in memory only.
            return cls(None, key, kinds)
        try:
            raw = json.loads(read_regular(folder / CACHE_FILE, MAX_CACHE_BYTES))
            if not isinstance(raw, dict) or raw.get("key") != key \
                    or raw.get("format") != FORMAT:
                return cls(folder, key, kinds, _changed=True)
            index = decode(raw, _Index)
            return cls(folder, key, kinds, merged=index.merged, places=index.entries)
        except Exception:  # any unreadable or ill-formed cache only makes a slower run
            return cls(folder, key, kinds, _changed=True)

    @classmethod
    def of_project(cls, project: Project, kinds: CacheKinds | None = None) -> RunCache:
        """The cache of ``project``, keyed also by the settings that shape its articles."""
        return cls.open(project.root, (project.max_article_bytes, project.languages), kinds)

    @classmethod
    def disabled(cls) -> RunCache:
        """A cache that keeps nothing between runs (for tests and one-off calls)."""
        return cls(None)

    # -- analyses ----------------------------------------------------------------------------

    @staticmethod
    def source_key(name: str, data: bytes) -> str:
        return hashlib.sha256(name.encode("utf-8") + b"\0" + data).hexdigest()

    def briefing(self, key: str) -> Briefing | None:
        """The briefing analysed from the source with ``key``, if an earlier run made it."""
        found = self.analyses.get(key)
        if found is None and self.kinds is not None:
            stored = self._read_entry(_analysis_path(key), _stored_type(self.kinds))
            if stored is not None:
                found = self.analyses[key] = _Analysis(stored.briefing, stored.units,
                                                       stored.units_key)
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        self._used_analyses.add(key)
        self._source_keys[found.briefing.slug] = key
        return found.briefing

    def keep_briefing(self, key: str, briefing: Briefing) -> None:
        self.analyses[key] = _Analysis(briefing)
        self._used_analyses.add(key)
        self._source_keys[briefing.slug] = key
        self._new_analyses.add(key)

    def units(self, briefing: Briefing, make: Callable[[Briefing], U]) -> tuple[U, str]:
        """``briefing``'s translation units, and a key that changes when they do.

        :param make: ``briefing -> units``, called when they are not cached
        """
        key = self._source_keys.get(briefing.slug)
        entry = self.analyses.get(key) if key else None
        if entry is not None and entry.briefing is not briefing:
            entry = None  # another object of the same slug: never mix them up
        if entry is not None and entry.units is not None and entry.units_key is not None:
            units: U = entry.units
            return units, entry.units_key
        units = make(briefing)
        units_key = hashlib.sha256(repr(units).encode("utf-8")).hexdigest()
        if entry is not None and key is not None:
            entry.units, entry.units_key = units, units_key
            self._new_analyses.add(key)
        return units, units_key

    def content_key_of(self, briefing: Briefing) -> str:
        """The content key of the source ``briefing`` was analysed from; "" when not known.

        A briefing is a function of its source, the code and the settings (what
        :attr:`key` covers), so this key stands for the whole analysed briefing.
        Only for the very object the cache holds: another one of the same slug
        is never taken for it.
        """
        key = self._source_keys.get(briefing.slug, "")
        found = self.analyses.get(key) if key else None
        if found is None or found.briefing is not briefing:
            return ""
        return key

    # -- results derived from the whole collection ---------------------------------------------

    def derived(self, name: str, key: str) -> Any:
        """What :meth:`keep_derived` kept as ``name`` under ``key``, as JSON data; else ``None``.

        For results computed from many briefings at once (the events' grouping):
        ``key`` must hash everything the result depends on, this cache's
        :attr:`key` included. Kept in a file of its own, read only when asked for.
        """
        if self.folder is None or not key or self.folder.is_symlink():
            return None
        try:
            raw = json.loads(read_regular(self.folder / f"{name}.json", MAX_CACHE_BYTES))
        except (OSError, ValueError):
            return None
        if not isinstance(raw, dict) or raw.get("key") != key or "data" not in raw:
            return None
        return raw["data"]

    def keep_derived(self, name: str, key: str, data: Any) -> None:
        """Keep ``data`` (JSON data) as ``name`` under ``key``, written atomically now."""
        if self.folder is None or self.kinds is None or not key:
            return
        try:
            self.folder.mkdir(exist_ok=True)
            if self.folder.is_symlink() or not self.folder.is_dir():
                return
            _write_small(self.folder / ".gitignore", b"*\n")
            # json.dumps, not json.dump: only dumps uses the C encoder (twice as fast).
            write_atomic(self.folder / f"{name}.json", json.dumps(
                {"key": key, "data": data}, ensure_ascii=False, separators=(",", ":"),
            ).encode("utf-8"))
        except (OSError, TypeError, ValueError):
            return  # the next run only computes it again

    # -- catalogs ----------------------------------------------------------------------------

    @staticmethod
    def content_key(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def catalog(self, lang: str, data_key: str) -> Any:
        """What the catalog of ``lang`` with ``data_key`` holds, if a run kept it; else ``None``."""
        facts = self.catalogs.get((lang, data_key))
        if facts is None and self.kinds is not None:
            facts = self._read_entry(_catalog_path(lang, data_key), self.kinds.catalog)
            if facts is not None:
                self.catalogs[(lang, data_key)] = facts
        if facts is not None:
            self._used_catalogs.add((lang, data_key))
        return facts

    def keep_catalog(self, lang: str, data_key: str, facts: Any) -> None:
        if self.catalogs.get((lang, data_key)) != facts:
            self.catalogs[(lang, data_key)] = facts
            self._new_catalogs.add((lang, data_key))
        self._used_catalogs.add((lang, data_key))

    def up_to_date(self, lang: str, slug: str, units_key: str, data_key: str) -> bool:
        """Whether the catalog with ``data_key`` is what merging ``units_key`` wrote."""
        return self.merged.get((lang, slug)) == (units_key, data_key)

    def keep_merge(self, lang: str, slug: str, units_key: str, data_key: str) -> None:
        if self.merged.get((lang, slug)) != (units_key, data_key):
            self.merged[(lang, slug)] = (units_key, data_key)
            self._changed = True

    # -- reading and saving --------------------------------------------------------------------

    def _read_entry(self, name: str | None, hint: Any) -> Any:
        """The entry stored as ``name`` under this cache's key, checked as ``hint``; else None."""
        if self._packs is None or name is None:
            return None
        try:
            place = self._packs.place(self.places.get(name))
            if place is None:
                return None
            raw = json.loads(self._packs.read(place))
            if not isinstance(raw, dict) or raw.get("key") != self.key or "data" not in raw:
                return None
            return decode(raw["data"], hint)
        except Exception:  # unreadable, damaged or planted: only a slower run
            return None

    def save(self, *, prune: bool = False) -> None:
        """Write what this run made or changed; with ``prune``, drop the rest.

        The entries this run made are appended to one new pack, then the index
        naming them is written atomically, then the packs it no longer names
        are deleted: a run that stops at any point leaves an index whose every
        entry can be read. A rebuild after one edit writes that article's
        entries and the index, not the whole cache. Prune after a run
        that saw the whole project (a build), so that removed articles and old
        catalog versions do not pile up; a run over one article must not throw
        the others away. Failing to write is not an error: the next run is
        only slower.
        """
        if self.folder is None or self.kinds is None or self._packs is None:
            return
        if prune:
            self.analyses = {k: v for k, v in self.analyses.items() if k in self._used_analyses}
            self.catalogs = {k: v for k, v in self.catalogs.items() if k in self._used_catalogs}
            slugs = {a.briefing.slug for a in self.analyses.values()}
            merged = {k: v for k, v in self.merged.items() if k[1] in slugs}
            self._changed |= merged != self.merged
            self.merged = merged
        packs = self._packs
        try:
            entries = self.folder / ENTRIES_DIR
            # Checked before and after making the folders: never made, nor written, through a link.
            if not _no_links(self.folder):
                return
            entries.mkdir(parents=True, exist_ok=True)
            if not _no_links(self.folder):
                return
            _write_small(self.folder / ".gitignore", b"*\n")
            analysis = _stored_type(self.kinds)
            # One entry encoded and written at a time: never the whole cache in memory twice.
            for key in sorted(self._new_analyses & self.analyses.keys()):
                found, name = self.analyses[key], _analysis_path(key)
                if name is not None:
                    self._append(name, {"key": self.key, "data": encode(
                        analysis(found.briefing, found.units, found.units_key), analysis)})
            for lang, data_key in sorted(self._new_catalogs & self.catalogs.keys()):
                name = _catalog_path(lang, data_key)
                if name is not None:
                    self._append(name, {"key": self.key, "data": encode(
                        self.catalogs[(lang, data_key)], self.kinds.catalog)})
            self._new_analyses, self._new_catalogs = set(), set()
            if prune:
                wanted = {_analysis_path(key) for key in self._used_analyses}
                wanted |= {_catalog_path(lang, data_key)
                           for lang, data_key in self._used_catalogs}
                places = {name: place for name, place in self.places.items() if name in wanted}
                self._changed |= places != self.places
                self.places = places
            # A place no pack here can give (its pack gone, or planted) is dropped:
            # it would keep its pack's name alive, and compacting would read it.
            places = {name: place for name, place in self.places.items()
                      if packs.place(place) is not None}
            self._changed |= places != self.places
            self.places = places
            if not self._changed:
                return
            # What is still used of packs mostly unused, or of one too many, is
            # copied into this run's pack, so the packs stay under about twice
            # what they hold.
            records = {name: {"at": list(place)} for name, place in self.places.items()}
            packs.compact(records.values(), ("at",))
            self.places = {name: (record["at"][0], record["at"][1], record["at"][2])
                           for name, record in records.items()}
            packs.finish()
            write_atomic(self.folder / CACHE_FILE, json.dumps(
                encode(_Index(self.key, FORMAT, self.merged, self.places), _Index),
                ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
            self._changed = False
            packs.drop_all_but({place[0] for place in self.places.values()})
            if prune:
                self._drop_unused()
        except (OSError, TypeError, ValueError, MemoryError):
            # A full disk, or a value JSON cannot hold (a lone surrogate in some text):
            # the next run is only slower.
            return
        finally:
            self.close()  # read again, if at all, from the packs the index now names

    def close(self) -> None:
        """Let go of the packs read so far (an entry asked for later opens its pack again).

        For a run that ends without saving (a failed build): :meth:`save` closes them.
        """
        if self._packs is not None:
            self._packs.close()

    def _append(self, name: str, content: Any) -> None:
        """Add an entry (``content`` as JSON) to this run's pack, and note where it lies."""
        assert self._packs is not None
        # json.dumps, not json.dump: only dumps uses the C encoder (twice as fast).
        data = json.dumps(content, ensure_ascii=False, separators=(",", ":"))
        self.places[name] = self._packs.append(data.encode("utf-8", "surrogatepass"))
        self._changed = True

    def _drop_unused(self) -> None:
        """Delete what a killed run left behind, and the files of the cache's earlier formats."""
        assert self.folder is not None
        now = time.time()
        for path in self.folder.glob(".tmp-*"):
            # An hour old: not a save under way in another process.
            with contextlib.suppress(OSError):
                if now - path.lstat().st_mtime > 3600:
                    path.unlink()
        # A file per entry, in a folder per kind (format 2).
        entries = self.folder / ENTRIES_DIR
        for shelf in entries.iterdir():
            if shelf.name == "analyses" or shelf.name.startswith("catalogs-"):
                with contextlib.suppress(OSError):
                    if shelf.is_symlink() or not shelf.is_dir():
                        shelf.unlink()
                        continue
                    for path in shelf.iterdir():
                        if path.suffix == ".json" and (path.is_symlink() or path.is_file()):
                            path.unlink()
                    shelf.rmdir()


def _no_links(folder: Path) -> bool:
    """Whether the cache's folders (those there are) are real folders, none a symbolic link."""
    return not any(path.is_symlink() or (path.exists() and not path.is_dir())
                   for path in (folder, folder / ENTRIES_DIR))


_HEX = re.compile(r"[0-9a-f]{64}")
_LANG = re.compile(r"[A-Za-z0-9_-]{1,32}")


def _analysis_path(key: str) -> str | None:
    """The index's name of the analysis with ``key``; None for a key that is not one."""
    return f"analyses/{key}" if _HEX.fullmatch(key) else None


def _catalog_path(lang: str, data_key: str) -> str | None:
    """The index's name of a catalog's facts; None for a language or key that is not one."""
    if not (_LANG.fullmatch(lang) and _HEX.fullmatch(data_key)):
        return None
    return f"catalogs-{lang}/{data_key}"


def _write_small(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` unless it already holds it; never through a symbolic link."""
    with contextlib.suppress(OSError, ValueError):
        if read_regular(path, 64) == data:
            return
    if path.is_symlink():
        path.unlink()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | _NOFOLLOW, 0o666)
    with os.fdopen(fd, "wb") as stream:
        stream.write(data)


def fingerprint(root: Path, parts: tuple[object, ...] = ()) -> str:
    """What a cache's entries were computed with; a change of any part empties it."""
    digest = hashlib.sha256(_code_fingerprint().encode("ascii"))
    glossary = root / "glossary.yaml"
    try:
        # Bounded: loading the glossary refuses what this does not read.
        digest.update(read_regular(glossary, MAX_GLOSSARY_BYTES))
    except (OSError, ValueError):
        digest.update(b"no readable project glossary")
    digest.update(repr(parts).encode("utf-8"))
    return digest.hexdigest()


@cache
def _code_fingerprint() -> str:
    """This package's code and data, Python's version and the parsing libraries' versions."""
    digest = hashlib.sha256(sys.version.encode("utf-8"))
    for name in _LIBRARIES:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    for path in sorted(_PACKAGE.rglob("*")):
        if path.suffix in (".py", ".yaml", ".po") and "__pycache__" not in path.parts:
            digest.update(path.relative_to(_PACKAGE).as_posix().encode("utf-8"))
            digest.update(path.read_bytes())
    return digest.hexdigest()
