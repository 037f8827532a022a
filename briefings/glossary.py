"""The glossary: canonical names of people, places and bodies, and their translations.

The data lives in YAML (``briefings/data/glossary.yaml``, plus an optional
``glossary.yaml`` in the project). Analysis uses it to recognise names and
normalise speakers; translation uses it to protect names and put in the form
translators agreed on.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path

import yaml

from briefings.errors import BriefingsError
from briefings.languages import DEFAULT_LANGUAGES, LANGUAGE_CODE
from briefings.safe_yaml import safe_load

#: The default of the ``languages`` setting, kept for old imports: a site's own
#: languages are ``Project.languages``. A glossary entry may give a form in any.
TARGET_LANGUAGES = DEFAULT_LANGUAGES
#: The keys of an entry that are not forms in a language.
_FIELDS = frozenset({"name", "type", "affiliation", "aliases", "speaker"})
#: A project glossary larger than this is refused (the built-in one is about 6 KB).
MAX_GLOSSARY_BYTES = 5 * 1024 * 1024
ENTITY_TYPES = ("person", "place", "body")
_MAX_NAME = 300  # characters in a name, an alias, a form or an affiliation


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    name: str
    type: str
    affiliation: str | None = None
    aliases: tuple[str, ...] = ()
    forms: dict[str, str] = field(default_factory=dict, hash=False, compare=False)
    # Who speaks when this place is said to speak ("Yerevan said"): another entry's name.
    speaker: str | None = None

    @property
    def surface_forms(self) -> tuple[str, ...]:
        """Every way English text may write this term, longest first."""
        return tuple(sorted({self.name, *self.aliases}, key=len, reverse=True))

    def form(self, lang: str) -> str:
        """The term as written in ``lang``; the English name when no form is known."""
        return self.forms.get(lang) or self.name


@dataclass(frozen=True)
class Match:
    term: Term
    start: int
    end: int
    surface: str


class Glossary:
    """A set of terms with fast lookup by any surface form."""

    def __init__(self, terms: list[Term]) -> None:
        self.terms = terms
        self._by_surface: dict[str, Term] = {}
        for term in terms:
            for surface in term.surface_forms:
                # Later files override earlier ones, so a project can redefine a name.
                self._by_surface[surface] = term
        self._by_name = {t.name: t for t in terms}

    def __len__(self) -> int:
        return len(self.terms)

    def get(self, name: str) -> Term | None:
        """The term whose canonical name or alias is exactly ``name``."""
        return self._by_name.get(name) or self._by_surface.get(name)

    @cached_property
    def _by_folded(self) -> dict[str, Term]:
        return {surface.casefold(): term for surface, term in self._by_surface.items()}

    def folded(self, text: str) -> Term | None:
        """The term one of whose names is ``text`` in any case ("Azerbaijan's foreign ministry")."""
        return self._by_folded.get(text.replace("’", "'").casefold()) or self._by_folded.get(
            text.casefold())

    def speaker(self, term: Term) -> Term:
        """Who speaks for ``term``: "Yerevan said" is the Government of Armenia speaking.

        A term without a ``speaker`` (or naming an entry that does not exist) speaks
        for itself.
        """
        return (self._by_name.get(term.speaker) if term.speaker else None) or term

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        surfaces = sorted(self._by_surface, key=len, reverse=True)
        if not surfaces:
            return None
        alternatives = "|".join(re.escape(s) for s in surfaces)
        # Whole words only: "Aliyev" must not match inside "Aliyeva". The lookahead on
        # the names' first letters finds nothing new; it lets a position that starts no
        # name fail at once, not after trying every name there (a third faster).
        first = re.escape("".join(sorted({s[0] for s in surfaces}))) if all(surfaces) else ""
        ahead = f"(?=[{first}])" if first else ""
        return re.compile(rf"{ahead}(?<![\w-])(?:{alternatives})(?![\w-])")

    def prepare(self) -> None:
        """Compile the names' pattern now: before forking workers, so that each does not."""
        self._pattern  # noqa: B018 (a cached property: reading it compiles it)

    def find(self, text: str) -> list[Match]:
        """Every non-overlapping mention in ``text``, leftmost-longest, in order."""
        if self._pattern is None:
            return []
        return [
            Match(self._by_surface[m.group(0)], m.start(), m.end(), m.group(0))
            for m in self._pattern.finditer(text)
        ]


def _parse_terms(data: object, origin: str) -> list[Term]:
    """The entries of one glossary file, each checked: one line naming what is wrong."""
    if data is None:
        return []
    if not isinstance(data, list):
        raise BriefingsError(origin, "a glossary must be a YAML list of entries")
    terms = []
    for i, entry in enumerate(data, 1):
        if not isinstance(entry, dict) or not _is_text(entry.get("name")):
            raise BriefingsError(origin, f"glossary entry {i} needs at least a 'name' (text)")
        name = entry["name"]
        shown = repr(name[:60])
        kind = entry.get("type", "body")
        if kind not in ENTITY_TYPES:
            raise BriefingsError(
                origin, f"glossary entry {shown}: type must be one of {ENTITY_TYPES}"
            )
        affiliation = entry.get("affiliation")
        if affiliation is not None and not _is_text(affiliation):
            raise BriefingsError(
                origin, f"glossary entry {shown}: affiliation must be one piece of text, "
                f"not a {_kind(affiliation)}",
            )
        aliases = entry.get("aliases") or []
        if not isinstance(aliases, list) or not all(_is_word(a) for a in aliases):
            raise BriefingsError(
                origin, f"glossary entry {shown}: aliases must be a list of names"
            )
        forms = {}
        # Every key that is a language code is a form in that language: "ka:
        # ილჰამ ალიევი" serves a site translated into Georgian, whatever the
        # languages setting of the project reading the glossary.
        for lang in entry:
            if lang in _FIELDS or not isinstance(lang, str) or not LANGUAGE_CODE.fullmatch(lang):
                continue
            form = entry.get(lang)
            if form is None or form == "":
                continue
            if not _is_word(form):
                raise BriefingsError(
                    origin, f"glossary entry {shown}: '{lang}' must be text, not a {_kind(form)}"
                )
            forms[lang] = str(form)
        speaker = entry.get("speaker")
        if speaker is not None and not isinstance(speaker, str):
            raise BriefingsError(
                origin, f"glossary entry {shown}: speaker must be the name of an entry"
            )
        terms.append(
            Term(
                name=name,
                type=kind,
                affiliation=affiliation or None,
                aliases=tuple(str(a) for a in aliases),
                forms=forms,
                speaker=speaker,
            )
        )
    return terms


def _is_text(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip()) and len(value) <= _MAX_NAME


def _is_word(value: object) -> bool:
    """Text, or a number written as a name ("1915"): nothing YAML nests."""
    return (isinstance(value, (str, int, float)) and not isinstance(value, bool)
            and 0 < len(str(value)) <= _MAX_NAME)


def _kind(value: object) -> str:
    return {dict: "mapping", list: "list"}.get(type(value), type(value).__name__)


def load_glossary(*extra: Path) -> Glossary:
    """The built-in glossary, extended (and overridden) by each existing file in ``extra``."""
    builtin = resources.files("briefings.data").joinpath("glossary.yaml").read_text("utf-8")
    terms = _parse_terms(yaml.safe_load(builtin), "briefings/data/glossary.yaml")
    for path in extra:
        if path.exists() or path.is_symlink():  # a link to /dev/zero is refused, not skipped
            terms.extend(_parse_terms(_read_yaml(path), str(path)))
    return Glossary(terms)


def _read_yaml(path: Path) -> object:
    """The YAML in ``path`` (safe loading, aliases bounded), or one clear line naming the problem.

    Only a regular file of at most :data:`MAX_GLOSSARY_BYTES` is read: a link to
    ``/dev/zero`` or a named pipe is refused, not read for ever.
    """
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise BriefingsError(path, "the glossary is not a regular file")
            data = stream.read(MAX_GLOSSARY_BYTES + 1)
        if len(data) > MAX_GLOSSARY_BYTES:
            raise BriefingsError(
                path, f"the glossary is over {MAX_GLOSSARY_BYTES // (1024 * 1024)} MB; "
                "split or shorten it"
            )
        return safe_load(data.decode("utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise BriefingsError(path, f"cannot read the glossary: {exc}") from None
    except RecursionError:
        raise BriefingsError(path, "invalid glossary YAML: nested too deeply") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problem = " ".join(str(getattr(exc, "problem", None) or "invalid YAML").split())
        raise BriefingsError(
            path, f"invalid glossary YAML: {problem}", line=mark.line + 1 if mark else None
        ) from None
    except ValueError as exc:  # e.g. a date that does not exist: 2023-13-45
        raise BriefingsError(path, f"invalid value in the glossary: {exc}") from None
