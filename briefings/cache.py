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
    (:class:`CatalogFacts`), keyed by its language and bytes;
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

The file is a pickle: treat the folder like the code in the checkout, and never
restore it from a source you would not run code from (see SECURITY.md).
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from briefings.model import Briefing
from briefings.project import Project
from briefings.translation.catalogs import CatalogStatus, Status
from briefings.translation.units import Unit

CACHE_DIR = ".briefings-cache"
CACHE_FILE = "runs.pickle"
NO_CACHE_ENV = "BRIEFINGS_NO_CACHE"
_PACKAGE = Path(__file__).resolve().parent
# Libraries whose behaviour shapes what is cached: the sentence splitter, the PO
# reader and writer, YAML.
_LIBRARIES = ("sentencex", "babel", "pyyaml")


@dataclass(frozen=True)
class CatalogFacts:
    """What one catalog holds, as the site and the run reports need it.

    :param counts: its live entries by status
    :param obsolete: how many obsolete (``#~``) entries it keeps
    :param pending: live entries waiting for a machine draft
    :param entries: ``msgid -> (msgstr, status)``, as
        :func:`~briefings.translation.catalogs.translated_map` gives it
    :param drafted_by: the engines whose untouched drafts it holds (a new model
        drafts them again)
    """

    counts: CatalogStatus
    obsolete: int
    pending: int
    entries: dict[str, tuple[str, Status]]
    drafted_by: tuple[str, ...] = ()


@dataclass
class _Analysis:
    briefing: Briefing
    units: list[Unit] | None = None
    units_key: str | None = None


@dataclass
class RunCache:
    """The cache of one project; :meth:`open` it, use it, then :meth:`save` it.

    A cache opened with ``folder=None`` keeps nothing between runs (it still
    saves work within the run), which is what ``BRIEFINGS_NO_CACHE=1`` gives.
    """

    folder: Path | None
    key: str = ""
    analyses: dict[str, _Analysis] = field(default_factory=dict)
    catalogs: dict[tuple[str, str], CatalogFacts] = field(default_factory=dict)
    merged: dict[tuple[str, str], tuple[str, str]] = field(default_factory=dict)
    # What this run used: the rest is dropped when it saves with prune=True.
    _used_analyses: set[str] = field(default_factory=set)
    _used_catalogs: set[tuple[str, str]] = field(default_factory=set)
    _source_keys: dict[str, str] = field(default_factory=dict)  # slug -> analyses key
    _changed: bool = False
    hits: int = 0
    misses: int = 0

    @classmethod
    def open(cls, root: Path, fingerprint_parts: tuple[object, ...] = ()) -> RunCache:
        """The cache of the project at ``root``, empty if it is missing, unreadable or stale."""
        key = fingerprint(root, fingerprint_parts)
        if os.environ.get(NO_CACHE_ENV, "").strip().lower() in ("1", "true", "yes"):
            return cls(None, key)
        folder = root / CACHE_DIR
        try:
            with open(folder / CACHE_FILE, "rb") as stream:
                stored = pickle.load(stream)
            if stored.get("key") != key:
                return cls(folder, key)
            return cls(
                folder,
                key,
                analyses=stored["analyses"],
                catalogs=stored["catalogs"],
                merged=stored["merged"],
            )
        except Exception:  # any unreadable cache only makes a slower run
            return cls(folder, key)

    @classmethod
    def of_project(cls, project: Project) -> RunCache:
        """The cache of ``project``, keyed also by the settings that shape its articles."""
        return cls.open(project.root, (project.max_article_bytes, project.languages))

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
        self._changed = True

    def units(
        self, briefing: Briefing, make: Callable[[Briefing], list[Unit]]
    ) -> tuple[list[Unit], str]:
        """``briefing``'s translation units, and a key that changes when they do.

        :param make: ``briefing -> units``, called when they are not cached
        """
        key = self._source_keys.get(briefing.slug)
        entry = self.analyses.get(key) if key else None
        if entry is not None and entry.briefing is not briefing:
            entry = None  # another object of the same slug: never mix them up
        if entry is not None and entry.units is not None and entry.units_key is not None:
            return entry.units, entry.units_key
        units = make(briefing)
        units_key = hashlib.sha256(repr(units).encode("utf-8")).hexdigest()
        if entry is not None:
            entry.units, entry.units_key = units, units_key
            self._changed = True
        return units, units_key

    # -- catalogs ----------------------------------------------------------------------------

    @staticmethod
    def content_key(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()

    def catalog(self, lang: str, data_key: str) -> CatalogFacts | None:
        facts = self.catalogs.get((lang, data_key))
        if facts is not None:
            self._used_catalogs.add((lang, data_key))
        return facts

    def keep_catalog(self, lang: str, data_key: str, facts: CatalogFacts) -> None:
        if self.catalogs.get((lang, data_key)) != facts:
            self.catalogs[(lang, data_key)] = facts
            self._changed = True
        self._used_catalogs.add((lang, data_key))

    def up_to_date(self, lang: str, slug: str, units_key: str, data_key: str) -> bool:
        """Whether the catalog with ``data_key`` is what merging ``units_key`` wrote."""
        return self.merged.get((lang, slug)) == (units_key, data_key)

    def keep_merge(self, lang: str, slug: str, units_key: str, data_key: str) -> None:
        if self.merged.get((lang, slug)) != (units_key, data_key):
            self.merged[(lang, slug)] = (units_key, data_key)
            self._changed = True

    # -- saving ------------------------------------------------------------------------------

    def save(self, *, prune: bool = False) -> None:
        """Write the cache atomically; with ``prune``, keep only what this run used.

        Prune after a run that saw the whole project (a build), so that removed
        articles and old catalog versions do not pile up; a run over one
        article must not throw the others away. Failing to write is not an
        error: the next run is only slower.
        """
        if self.folder is None:
            return
        if prune:
            before = (len(self.analyses), len(self.catalogs))
            self.analyses = {k: v for k, v in self.analyses.items() if k in self._used_analyses}
            self.catalogs = {k: v for k, v in self.catalogs.items() if k in self._used_catalogs}
            slugs = {a.briefing.slug for a in self.analyses.values()}
            self.merged = {k: v for k, v in self.merged.items() if k[1] in slugs}
            self._changed |= before != (len(self.analyses), len(self.catalogs))
        if not self._changed:
            return
        stored = {
            "key": self.key,
            "analyses": self.analyses,
            "catalogs": self.catalogs,
            "merged": self.merged,
        }
        try:
            self.folder.mkdir(exist_ok=True)
            (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")
            # What a run killed while saving left behind (an hour old: not a save under way).
            for stale in self.folder.glob(".tmp-*"):
                if time.time() - stale.stat().st_mtime > 3600:
                    stale.unlink(missing_ok=True)
            fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".pickle")
            try:
                with os.fdopen(fd, "wb") as stream:
                    pickle.dump(stored, stream, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temporary, self.folder / CACHE_FILE)
            except BaseException:
                Path(temporary).unlink(missing_ok=True)
                raise
        except OSError:
            return
        self._changed = False


def fingerprint(root: Path, parts: tuple[object, ...] = ()) -> str:
    """What a cache's entries were computed with; a change of any part empties it."""
    digest = hashlib.sha256(_code_fingerprint().encode("ascii"))
    glossary = root / "glossary.yaml"
    try:
        digest.update(glossary.read_bytes())
    except OSError:
        digest.update(b"no project glossary")
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
