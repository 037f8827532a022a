"""All the briefings of a project: every source in content/, parsed and analysed once.

A bad source does not stop the others: it is reported and left out, so one broken
paste never takes the whole site down, and never gets published half-parsed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from briefings.analysis import analyse
from briefings.errors import BriefingsError
from briefings.glossary import Glossary, load_glossary
from briefings.model import Briefing
from briefings.project import Project
from briefings.sources import SOURCE_SUFFIXES, read_article


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
    """Parse and analyse every source of ``project``."""
    glossary = glossary or load_glossary(project.glossary_path)
    collection = Collection(glossary=glossary)
    by_slug: dict[str, Path] = {}
    for path in source_files(project.content_path):
        shown = Path(project.relative(path))
        try:
            article = read_article(path, max_bytes=project.max_article_bytes)
            article.path = shown
            if article.slug in by_slug:
                raise BriefingsError(
                    shown,
                    f"slug {article.slug!r} is already used by {by_slug[article.slug]}; "
                    "rename one file or set 'slug' in its front matter",
                )
            by_slug[article.slug] = shown
            collection.briefings.append(analyse(article, glossary))
        except BriefingsError as exc:
            collection.problems.append(exc)
    # Newest first; undated articles last, then by title for a stable order.
    collection.briefings.sort(
        key=lambda b: (-(b.article.published.toordinal() if b.article.published else 0),
                       b.article.title)
    )
    return collection
