"""All the briefings of a project: every source in content/, parsed and analysed once.

A bad source does not stop the others: it is reported and left out, so one broken
paste never takes the whole site down, and never gets published half-parsed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from briefings.analysis import analyse
from briefings.errors import BriefingsError
from briefings.glossary import Glossary, load_glossary
from briefings.model import Article, Briefing
from briefings.project import Project
from briefings.sources import SOURCE_SUFFIXES, read_article
from briefings.sources.article import shown_path


@dataclass
class Collection:
    """The project's briefings, newest first, and the sources that could not be used."""

    briefings: list[Briefing] = field(default_factory=list)
    problems: list[BriefingsError] = field(default_factory=list)
    glossary: Glossary | None = None

    def by_slug(self, slug: str) -> Briefing | None:
        return next((b for b in self.briefings if b.slug == slug), None)


def source_files(content: Path) -> list[Path]:
    """Article sources in ``content``, sorted; hidden files and other types are skipped."""
    if not content.is_dir():
        return []
    return sorted(
        p
        for p in content.rglob("*")
        if p.is_file()
        and p.suffix.lower() in SOURCE_SUFFIXES
        and not any(part.startswith((".", "_")) for part in p.relative_to(content).parts)
        and p.name.lower() not in ("readme.md", "readme.txt")
    )


def collect(project: Project, glossary: Glossary | None = None) -> Collection:
    """Parse and analyse every source of ``project``.

    A source that cannot be used is left out and described in
    :attr:`Collection.problems`, named by its path in the project. Two sources
    with the same slug are both left out, each problem naming both files: which
    one is meant is for a person to say, and publishing either would replace
    the other's page and share its translations.
    """
    glossary = glossary or load_glossary(project.glossary_path)
    collection = Collection(glossary=glossary)
    content = project.content_path.resolve()
    articles: dict[str, list[Article]] = {}
    for path in source_files(project.content_path):
        # As found in the project; project.relative() would follow a link out of it.
        name = Path(os.path.relpath(path, project.root)).as_posix()
        shown = Path(shown_path(name))
        try:
            if str(shown) != name:
                # It would break the one-line messages and the translation files.
                raise BriefingsError(
                    shown, "the path holds a control character or a line break; rename it"
                )
            if not path.resolve().is_relative_to(content):
                raise BriefingsError(
                    shown, "is a link to a file outside the content folder; copy the article in"
                )
            article = read_article(path, max_bytes=project.max_article_bytes)
        except BriefingsError as exc:
            # Named as the project names it, not by the absolute path read.
            collection.problems.append(BriefingsError(shown, exc.problem, exc.line))
            continue
        article.path = shown
        articles.setdefault(article.slug, []).append(article)
    for slug, same in articles.items():
        if len(same) > 1:
            files = [str(a.path) for a in same]
            for article in same:
                others = ", ".join(f for f in files if f != str(article.path))
                collection.problems.append(
                    BriefingsError(
                        article.path,
                        f"slug {slug!r} is also the slug of {others}; neither is published "
                        "until one is renamed or given another 'slug' in its front matter",
                    )
                )
            continue
        try:
            collection.briefings.append(analyse(same[0], glossary))
        except BriefingsError as exc:
            collection.problems.append(exc)
    collection.problems.sort(key=lambda p: (p.path or "", p.line or 0))
    # Newest first; undated articles last, then by title for a stable order.
    collection.briefings.sort(
        key=lambda b: (-(b.article.published.toordinal() if b.article.published else 0),
                       b.article.title)
    )
    return collection
