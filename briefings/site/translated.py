"""Briefings in other languages: what the catalogs hold, as the site shows it.

For each unit of English on a page:

* a **reviewed** translation (a person removed the ``fuzzy`` flag) is shown;
* a **machine draft** is shown, marked as one (class ``machine-draft``);
* anything else (no translation yet, a machine draft that failed a check,
  which its catalog keeps for a translator, or a **stale** translation made
  for English that has changed since) shows the English text, marked
  ``lang="en"``: an old translation of a different sentence would say
  something the source no longer says; :meth:`ArticleTranslation.why_english`
  says which.

A page as a whole gets one of four statuses (see :func:`page_status`), shown in
its translation banner and on the status page.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from briefings.cache import RunCache
from briefings.collection import Collection, unexpected
from briefings.errors import BriefingsError
from briefings.languages import SOURCE_LANGUAGE
from briefings.model import Briefing
from briefings.project import Project
from briefings.translation.catalogs import CatalogStatus, Status, catalog_facts
from briefings.translation.engines import describe_engines, engine_config
from briefings.translation.pofile import read_catalog, read_catalog_bytes
from briefings.translation.units import catalog_units, msgid_for

PageStatus = Literal["reviewed", "partially-reviewed", "machine-draft", "untranslated"]
PAGE_STATUSES: tuple[PageStatus, ...] = (
    "reviewed",
    "partially-reviewed",
    "machine-draft",
    "untranslated",
)
_SHOWN: frozenset[Status] = frozenset({"reviewed", "machine-draft"})
_REVIEWED: frozenset[Status] = frozenset({"reviewed"})
#: Why a passage is shown in English, in the order a page lists them:
#: ``problem``, the catalog could not be read; ``flagged``, its machine draft
#: failed a check; ``stale``, its translation is of earlier English;
#: ``no-model``, not drafted, for no model of the language is installed;
#: ``untranslated``, not translated yet; ``unpublished``, a machine draft
#: the site does not publish until a person reviews it (``publish: reviewed``).
EnglishReason = Literal["problem", "flagged", "stale", "no-model", "untranslated", "unpublished"]
ENGLISH_REASONS: tuple[EnglishReason, ...] = (
    "problem", "flagged", "stale", "no-model", "untranslated", "unpublished"
)
_LINE_BREAK = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def page_status(counts: CatalogStatus) -> PageStatus:
    """Where a page's translation stands, from its catalog's counts.

    * ``"reviewed"``: every unit is reviewed by a person;
    * ``"partially-reviewed"``: some units are reviewed, not all;
    * ``"machine-draft"``: none is reviewed, at least one has a machine draft;
    * ``"untranslated"``: nothing is reviewed or drafted (stale units do not
      count: their translation is of English that has since changed).
    """
    if counts.total and counts.reviewed == counts.total:
        return "reviewed"
    if counts.reviewed:
        return "partially-reviewed"
    if counts.machine_draft:
        return "machine-draft"
    return "untranslated"


@dataclass
class ArticleTranslation:
    """One briefing in one language: its catalog's entries and counts.

    :param catalog: the catalog's path relative to the project, e.g.
        ``"translations/ru/talks.po"``
    :param problem: why the catalog could not be read (the page then shows English)
    """

    lang: str
    slug: str
    catalog: str
    counts: CatalogStatus
    entries: dict[str, tuple[str, Status]] = field(default_factory=dict)
    problem: BriefingsError | None = None
    #: Show reviewed translations only: machine drafts stay unpublished (English
    #: is shown until a person reviews them), the ``publish: reviewed`` setting.
    reviewed_only: bool = False
    #: The articles' language: what an untranslated passage is in.
    source: str = SOURCE_LANGUAGE
    #: No machine translation model for the language is installed here, so
    #: nothing untranslated can be drafted (the page says so).
    no_model: bool = False

    @property
    def status(self) -> PageStatus:
        status = page_status(self.counts)
        if self.reviewed_only and status == "machine-draft":
            return "untranslated"  # what readers see: the drafts are not published
        return status

    @property
    def _shown(self) -> frozenset[Status]:
        return _REVIEWED if self.reviewed_only else _SHOWN

    def text(self, english: str) -> tuple[str, str]:
        """``english`` as this page shows it: ``(text, language of the text)``.

        A translation of one line of English is shown on one line: line breaks
        a translator typed (or a hostile catalog holds) would otherwise end a
        heading and start blocks of their own above the page's banner.
        """
        translation, status = self.entries.get(msgid_for(english), ("", "untranslated"))
        if translation and status in self._shown:
            if _LINE_BREAK.search(translation) and not _LINE_BREAK.search(english):
                translation = " ".join(translation.split())
            return translation, self.lang
        return english, self.source

    def why_english(self, english: str) -> EnglishReason | None:
        """Why ``english`` is shown untranslated (see :data:`ENGLISH_REASONS`), or ``None``."""
        if self.problem is not None:
            return "problem"
        translation, status = self.entries.get(msgid_for(english), ("", "untranslated"))
        if translation and status in self._shown:
            return None
        return _reason(status, self.no_model)

    def english_reasons(self) -> list[tuple[EnglishReason, int]]:
        """Why passages of the page are shown in English, with how many: the page says so.

        In the order of :data:`ENGLISH_REASONS`, reasons that hold for no
        passage left out; an unreadable catalog is one reason for the whole page.
        """
        if self.problem is not None:
            return [("problem", self.counts.total)]
        counts = self.counts
        found: dict[EnglishReason, int] = {
            "flagged": counts.flagged,
            "stale": counts.stale,
            _reason("untranslated", self.no_model): counts.untranslated,
            "unpublished": counts.machine_draft if self.reviewed_only else 0,
        }
        return [(reason, found[reason]) for reason in ENGLISH_REASONS if found.get(reason)]

    def drafted(self, english: str) -> bool:
        """Whether ``english`` is shown as a machine draft, not yet reviewed."""
        translation, status = self.entries.get(msgid_for(english), ("", "untranslated"))
        return bool(translation) and status == "machine-draft" and not self.reviewed_only


def _reason(status: Status, no_model: bool) -> EnglishReason:
    if status in ("flagged", "stale"):
        return status  # type: ignore[return-value]
    if status == "machine-draft":
        return "unpublished"
    return "no-model" if no_model else "untranslated"


def read_translation(
    project: Project, lang: str, briefing: Briefing, cache: RunCache | None = None
) -> ArticleTranslation:
    """``briefing`` in ``lang``, from its catalog; all English when there is none.

    A catalog that cannot be read is not guessed at: the page shows English and
    the translation carries the problem, for the build to report. With a
    ``cache``, a catalog whose bytes an earlier run read is not parsed again.
    A language the project publishes reviewed-only shows no machine draft.
    """
    translation = _read_translation(project, lang, briefing, cache)
    translation.reviewed_only = project.reviewed_only(lang)
    translation.source = project.source_language
    return translation


def _read_translation(
    project: Project, lang: str, briefing: Briefing, cache: RunCache | None
) -> ArticleTranslation:
    cache = cache or RunCache.disabled()
    path = project.catalog_path(lang, briefing.slug)
    # Lexically: resolving would follow a link to its target, maybe an absolute path.
    shown = Path(os.path.relpath(path, project.root)).as_posix()
    problem = None
    try:
        data = read_catalog_bytes(path)
    except BriefingsError as exc:  # not a regular file, too big, unreadable
        # Named by its path in the project: the message is published on the status page.
        data, problem = None, BriefingsError(shown, exc.problem)
    if data is not None:
        data_key = cache.content_key(data)
        facts = cache.catalog(lang, data_key)
        if facts is None:
            try:
                facts = catalog_facts(read_catalog(path, lang, data))
            except BriefingsError as exc:
                # Named as in the project: the published status page shows this.
                problem = BriefingsError(shown, exc.problem, exc.line)
            except RecursionError:
                problem = BriefingsError(shown, "nested too deeply to be read")
            except Exception as exc:  # a bug this catalog triggers: the page shows English
                problem = BriefingsError(shown, f"could not be read ({unexpected(exc)})")
            else:
                cache.keep_catalog(lang, data_key, facts)
        if facts is not None:
            return ArticleTranslation(
                lang, briefing.slug, shown, facts.counts, facts.entries
            )
    units, _ = cache.units(briefing, catalog_units)
    total = len(units)
    counts = CatalogStatus(
        total=total, reviewed=0, machine_draft=0, stale=0, untranslated=total
    )
    return ArticleTranslation(lang, briefing.slug, shown, counts, problem=problem)


class TranslationLibrary:
    """Every briefing's translation in every language, each catalog read once."""

    def __init__(
        self, project: Project, collection: Collection, cache: RunCache | None = None
    ) -> None:
        self.project = project
        self.collection = collection
        self.cache = cache or RunCache.disabled()
        self._read: dict[tuple[str, str], ArticleTranslation] = {}
        self._no_model: dict[str, bool] = {}

    def get(self, lang: str, briefing: Briefing) -> ArticleTranslation:
        key = (lang, briefing.slug)
        if key not in self._read:
            translation = read_translation(self.project, lang, briefing, self.cache)
            translation.no_model = self.no_model(lang)
            self._read[key] = translation
        return self._read[key]

    def no_model(self, lang: str) -> bool:
        """Whether no machine translation model for ``lang`` is installed (none is loaded)."""
        if lang not in self._no_model:
            config = engine_config(self.project, lang)
            (status,) = describe_engines([config], self.project.packages_dir)
            self._no_model[lang] = not status.available
        return self._no_model[lang]


def catalog_url(project: Project, catalog: str) -> str | None:
    """The address of a catalog in the project's repository, or ``None`` without ``repo_url``.

    Made as ``<repo_url>/blob/<branch>/<path>``, which GitHub, GitLab, Gitea and
    Forgejo all serve; the branch is ``extra.briefings.branch`` (default
    ``main``) and the path is relative to the folder holding mkdocs.yml, taken
    to be the top of the repository.
    """
    if not project.repo_url:
        return None
    return f"{project.repo_url.rstrip('/')}/blob/{project.edit_branch}/{catalog}"
