"""``briefings inspect``: what the tool makes of one article source."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from briefings.analysis import analyse
from briefings.errors import BriefingsError
from briefings.glossary import load_glossary
from briefings.inspection import briefing_summary, briefing_to_json
from briefings.model import Briefing
from briefings.project import Project, find_project, load_project
from briefings.sources import read_article
from briefings.sources.article import DEFAULT_MAX_BYTES, source_slug


def cmd_inspect(args: argparse.Namespace) -> int:
    """Parse and analyse one source file; a project is used when there is one.

    The project (``--project``, or the one around the file) gives the size limit
    and the glossary, and, when the file is one of its articles, a slug another
    article already uses is reported as it would be by a build.
    """
    path = Path(args.path)
    if path.is_dir():
        raise BriefingsError(path, "is a folder; give one article file")
    project = _project_of(path, args.project)
    max_bytes = args.max_bytes
    if max_bytes is None:
        max_bytes = project.max_article_bytes if project else DEFAULT_MAX_BYTES
    glossary_files = [project.glossary_path] if project else []
    article = read_article(path, max_bytes=max_bytes)
    if project is not None:
        _check_slug_is_free(project, path, article.slug, max_bytes)
    briefing = analyse(article, load_glossary(*glossary_files))
    event = _event_of(project, path, briefing)
    if args.json:
        print(json.dumps(briefing_to_json(briefing, event), ensure_ascii=False, indent=2))
    else:
        print(briefing_summary(briefing, event))
    return 0


def _event_of(project: Project | None, path: Path, briefing: Briefing) -> dict[str, Any] | None:
    """The event of an article of ``project``; an article outside one has only its own key."""
    from briefings.commands.events import article_event, events_of_project
    from briefings.events.grouping import NO_EVENT

    if project is not None and path.resolve().is_relative_to(project.content_path.resolve()):
        return article_event(events_of_project(project), briefing)
    key = briefing.article.event
    if key and key != NO_EVENT:
        return {"key": key, "title": None, "chosen": "editor", "sources": 1, "shared": [],
                "score": 1.0}
    return None


def _project_of(path: Path, given: str | None) -> Project | None:
    """The project named by ``--project``, else the one around ``path``, else none."""
    if given:
        return load_project(Path(given))
    try:
        root = find_project(path.resolve().parent)
    except (BriefingsError, OSError):
        return None
    return load_project(root)


def _check_slug_is_free(project: Project, path: Path, slug: str, max_bytes: int) -> None:
    """Raise when another article of ``project`` has the slug of ``path``."""
    from briefings.collection import source_files

    content = project.content_path.resolve()
    here = path.resolve()
    if not here.is_relative_to(content):
        return
    for other in source_files(content):
        if other.resolve() == here:
            continue
        try:
            other_slug = source_slug(other, max_bytes=max_bytes)
        except (BriefingsError, OSError):
            continue  # its own problem, reported when it is inspected or built
        if other_slug == slug:
            raise BriefingsError(
                path,
                f"slug {slug!r} is also the slug of {project.relative(other)}; neither is "
                "published until one is renamed or given another 'slug' in its front matter",
            )
