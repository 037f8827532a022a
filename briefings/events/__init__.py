"""Events: one page per happening, across every source that reports it.

The pipeline, free of any site builder: :func:`grouping.group_events` decides
which briefings form an event (the editor's ``event:`` keys, then automatic
grouping), :mod:`merging` puts their timelines and statements together,
:mod:`differences` says where they disagree, and :mod:`catalogs` gives the
event's own text (the editor's title and dek, a generated headline) to the
translation workflow.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from briefings.events.grouping import GroupingSettings, group_events
from briefings.events.model import Event, EventIndex, EventNote
from briefings.events.notes import load_event_notes
from briefings.model import Briefing

__all__ = ["Event", "EventIndex", "EventNote", "GroupingSettings", "group_events",
           "load_event_notes", "project_events"]


def project_events(root: Path, briefings: Iterable[Briefing]) -> EventIndex:
    """The events of a project's briefings, with the editor's ``events.yaml`` beside mkdocs.yml."""
    return group_events(briefings, load_event_notes(root))
