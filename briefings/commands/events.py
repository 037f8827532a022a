"""``briefings events``: the events of the project, which articles each holds, and why."""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from briefings.collection import collect
from briefings.events import project_events
from briefings.events.model import Event, EventIndex
from briefings.model import Briefing
from briefings.project import Project, load_project
from briefings.run import open_cache


def event_to_json(event: Event) -> dict[str, Any]:
    """One event as ``briefings events --json`` prints it."""
    return {
        "key": event.key,
        "title": event.title,
        "title_generated": event.title_generated,
        "dek": event.dek,
        "start": event.start.isoformat() if event.start else None,
        "end": event.end.isoformat() if event.end else None,
        "articles": [
            {
                "slug": link.slug,
                "published": b.article.published.isoformat() if b.article.published else None,
                "chosen": link.chosen,
                "score": link.score,
                "shared": list(link.shared),
                "days": link.days,
                "statements": list(link.statements),
            }
            for b, link in zip(event.briefings, event.links, strict=True)
        ],
    }


def index_to_json(index: EventIndex) -> dict[str, Any]:
    return {
        "events": [event_to_json(event) for event in index.events],
        "near_misses": [
            {"slug": m.slug, "event": m.event, "score": m.score, "shared": list(m.shared),
             "reason": m.reason}
            for m in index.near_misses
        ],
        "excluded": list(index.excluded),
        "comparisons": index.compared,
    }


def article_event(index: EventIndex, briefing: Briefing) -> dict[str, Any] | None:
    """The ``event`` key of ``briefings inspect --json``: the article's event, or ``None``."""
    event = index.of(briefing.slug)
    if event is None:
        return None
    link = event.links[event.slugs.index(briefing.slug)]
    return {"key": event.key, "title": event.title, "chosen": link.chosen,
            "sources": len(event.briefings), "shared": list(link.shared), "score": link.score}


def events_of_project(project: Project) -> EventIndex:
    """The project's events, from its briefings (what the run cache holds is not parsed again)."""
    collection = collect(project, cache=open_cache(project))
    return project_events(project.root, collection.briefings)


def cmd_events(args: argparse.Namespace) -> int:
    """List the events, their articles and why each is there, and the near misses."""
    project = load_project(Path(args.project) if args.project else None)
    index = events_of_project(project)
    if args.json:
        print(json.dumps(index_to_json(index), ensure_ascii=False, indent=2))
        return 0
    if not index.events:
        print("No events: no two articles report the same thing, and no article has 'event:'.")
    for event in index.events:
        when = " to ".join(dict.fromkeys(
            d.isoformat() for d in (event.start, event.end) if d)) or "date unknown"
        flag = "  [headline generated: give it a title in events.yaml]" \
            if event.title_generated else ""
        print(f"{event.key}: {event.title}{flag}")
        print(f"  {len(event.briefings)} articles, {when}")
        for briefing, link in zip(event.briefings, event.links, strict=True):
            date = briefing.article.published.isoformat() if briefing.article.published \
                else "undated"
            if link.chosen == "editor":
                why = "the editor's 'event:' key"
            elif not link.shared and link.score == 1.0:
                why = "first article"
            else:
                why = f"score {link.score:.2f}; shares {', '.join(link.shared) or 'no name'}"
                if link.days is not None:
                    why += f"; {link.days:g} days from the event's middle"
                if link.statements:
                    why += f"; same statements by {', '.join(link.statements)}"
            print(f"  - {briefing.slug} ({date}): {why}")
    if index.near_misses:
        print("\nNear misses:")
        for miss in index.near_misses:
            shared = ", ".join(miss.shared) or "no name"
            print(f"  - {miss.slug} not in {miss.event}: {miss.reason} (shares {shared})")
    if index.excluded:
        print("\nKept out by the editor ('event: none'): " + ", ".join(index.excluded))
    return 0
