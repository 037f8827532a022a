"""All the briefings of a project: every source in content/, parsed and analysed once.

A bad source does not stop the others: it is reported and left out, so one broken
paste never takes the whole site down, and never gets published half-parsed.
That holds for any failure while reading, parsing or analysing one source --
a :class:`~briefings.errors.BriefingsError` or a bug the source triggers (a
``RecursionError`` on absurd nesting, an overflow on a date at the edge of the
calendar): each becomes that file's one-line problem.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from briefings.analysis import analyse
from briefings.cache import RunCache
from briefings.errors import BriefingsError
from briefings.glossary import Glossary, load_glossary
from briefings.model import Article, Briefing
from briefings.parallel import parallel_map
from briefings.project import Project
from briefings.site.tags import MAX_TAGS, own_tags
from briefings.sources import SOURCE_SUFFIXES, read_article
from briefings.sources.article import shown_path


@dataclass
class Collection:
    """The project's briefings, newest first, and the sources that could not be used."""

    briefings: list[Briefing] = field(default_factory=list)
    problems: list[BriefingsError] = field(default_factory=list)
    glossary: Glossary | None = None
    #: Published, but with something left out that the editor should know about.
    warnings: list[BriefingsError] = field(default_factory=list)


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


def collect(
    project: Project, glossary: Glossary | None = None, cache: RunCache | None = None
) -> Collection:
    """Parse and analyse every source of ``project``.

    With a ``cache``, a source whose path and bytes an earlier run analysed is
    not parsed again (see :mod:`briefings.cache`).

    A source that cannot be used is left out and described in
    :attr:`Collection.problems`, named by its path in the project. Two sources
    with the same slug are both left out, each problem naming both files: which
    one is meant is for a person to say, and publishing either would replace
    the other's page and share its translations.
    """
    glossary = glossary or load_glossary(project.glossary_path)
    collection = Collection(glossary=glossary)
    content = project.content_path.resolve()
    # Every usable source, by slug, with its briefing (or why it has none).
    found: dict[str, list[tuple[Article, Briefing | BriefingsError]]] = {}
    todo: list[tuple[Path, Path, str | None]] = []  # (path, shown, cache key): to parse
    for path in source_files(project.content_path):
        # As found in the project; project.relative() would follow a link out of it.
        name = Path(os.path.relpath(path, project.root)).as_posix()
        shown = Path(shown_path(name))
        if str(shown) != name:
            # It would break the one-line messages and the translation files.
            collection.problems.append(BriefingsError(
                shown, "the path holds a control character or a line break; rename it"
            ))
            continue
        if not path.resolve().is_relative_to(content):
            collection.problems.append(BriefingsError(
                shown, "is a link to a file outside the content folder; copy the article in"
            ))
            continue
        key = _source_key(cache, name, path, project.max_article_bytes) if cache else None
        earlier = cache.briefing(key) if cache is not None and key else None
        if earlier is not None:
            found.setdefault(earlier.slug, []).append((earlier.article, earlier))
        else:
            todo.append((path, shown, key))

    def parse(item: tuple[Path, Path, str | None]) -> tuple[Article, Briefing | BriefingsError]:
        path, shown, _ = item
        article = read_article(path, max_bytes=project.max_article_bytes)
        article.path = shown
        try:
            return article, analyse(article, glossary)
        except BriefingsError as exc:
            return article, exc

    def parse_safely(
        item: tuple[Path, Path, str | None],
    ) -> tuple[Article, Briefing | BriefingsError] | BriefingsError:
        try:
            return parse(item)
        except BriefingsError as exc:
            # Named as the project names it, not by the absolute path read.
            return BriefingsError(item[1], exc.problem, exc.line)
        except RecursionError:
            return BriefingsError(item[1], "nested too deeply to be read (lists, quotes or "
                                  "brackets within each other); simplify the text")
        except Exception as exc:  # a bug this source triggers: it alone is left out
            return BriefingsError(item[1], f"could not be read ({unexpected(exc)}); please "
                                  "report this with the file")

    # A fresh checkout has every article to parse: the machine's cores share them.
    if todo:
        glossary.prepare()
    for item, outcome in zip(todo, parallel_map(parse_safely, todo), strict=True):
        if isinstance(outcome, BriefingsError):
            collection.problems.append(outcome)
            continue
        article, result = outcome
        found.setdefault(article.slug, []).append((article, result))
        if cache is not None and item[2] and isinstance(result, Briefing):
            cache.keep_briefing(item[2], result)

    for slug, same in found.items():
        if len(same) > 1:
            files = [str(article.path) for article, _ in same]
            for article, _ in same:
                others = ", ".join(f for f in files if f != str(article.path))
                collection.problems.append(
                    BriefingsError(
                        article.path,
                        f"slug {slug!r} is also the slug of {others}; neither is published "
                        "until one is renamed or given another 'slug' in its front matter",
                    )
                )
            continue
        [(_, result)] = same
        if isinstance(result, BriefingsError):
            collection.problems.append(result)
        else:
            collection.briefings.append(result)
    for briefing in collection.briefings:
        tags = own_tags(briefing)
        if len(tags) > MAX_TAGS:
            collection.warnings.append(BriefingsError(
                briefing.article.path,
                f"{len(tags):,} tags; only the first {MAX_TAGS} are used",
            ))
    collection.problems.sort(key=lambda p: (p.path or "", p.line or 0))
    # Newest first; undated articles last, then by title for a stable order.
    collection.briefings.sort(
        key=lambda b: (-(b.article.published.toordinal() if b.article.published else 0),
                       b.article.title)
    )
    return collection


def unexpected(exc: BaseException) -> str:
    """An unexpected exception in a few words: its type and its first line, bounded."""
    text = " ".join(str(exc).split())[:160]
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _source_key(cache: RunCache, name: str, path: Path, max_bytes: int) -> str | None:
    """The cache key of a source, or ``None`` when it is too big or unreadable.

    Those go the long way, through :func:`read_article`, which says what is wrong.
    """
    try:
        if path.stat().st_size > max_bytes:
            return None
        return cache.source_key(name, path.read_bytes())
    except OSError:
        return None
