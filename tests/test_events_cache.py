"""The events' grouping kept in the run cache: an unchanged project never groups again (issue 18).

Real projects (the sample site's articles), real runs and their real caches. Each
test changes one thing the grouping depends on and checks that it is grouped
again, and that what comes back equals a grouping made without any cache.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from projects import sample_project

import briefings.events as events_module
from briefings.cache import CACHE_DIR
from briefings.events import CACHED_AS, GroupingSettings, group_events, project_events
from briefings.events.notes import load_event_notes
from briefings.model import Briefing
from briefings.project import load_project
from briefings.run import Run


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    return sample_project(tmp_path / "project", folders=("content",))


@pytest.fixture()
def groupings(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times the articles were grouped (the real grouping, counted)."""
    calls: list[int] = []

    def counted(briefings, notes=None, settings=None, comparisons=None):  # type: ignore[no-untyped-def]
        calls.append(1)
        return group_events(briefings, notes, settings, comparisons)

    monkeypatch.setattr(events_module, "group_events", counted)
    return calls


def fresh(root: Path, briefings: list[Briefing],
          settings: GroupingSettings | None = None) -> events_module.EventIndex:
    return group_events(briefings, load_event_notes(root), settings)


def test_an_unchanged_project_is_not_grouped_again(project: Path, groupings: list[int]) -> None:
    first = Run.start(load_project(project))
    index = project_events(project, first.collection.briefings, first.cache)
    assert groupings == [1]
    assert index.events, "the sample's two articles are one event"
    assert (project / CACHE_DIR / f"{CACHED_AS}.json").is_file()
    again = Run.start(load_project(project))
    recalled = project_events(project, again.collection.briefings, again.cache)
    assert groupings == [1]
    assert recalled == fresh(project, again.collection.briefings)
    # The events hold the run's own briefings, not copies.
    assert all(any(b is mine for mine in again.collection.briefings)
               for event in recalled.events for b in event.briefings)


def test_a_changed_article_is_grouped_again(project: Path, groupings: list[int]) -> None:
    run = Run.start(load_project(project))
    project_events(project, run.collection.briefings, run.cache)
    article = sorted((project / "content").iterdir())[0]
    # One sentence that names someone new: the article, and so its features, change.
    article.write_text(article.read_text("utf-8").rstrip("\n")
                       + "\n\nGeneral Tarin Oskel said the talks would resume.\n", "utf-8")
    edited = Run.start(load_project(project))
    index = project_events(project, edited.collection.briefings, edited.cache)
    assert groupings == [1, 1]
    assert index == fresh(project, edited.collection.briefings)


def test_an_edit_that_grouping_does_not_read_keeps_the_grouping(
    project: Path, groupings: list[int]
) -> None:
    run = Run.start(load_project(project))
    before = project_events(project, run.collection.briefings, run.cache)
    article = sorted((project / "content").iterdir())[0]
    # A last paragraph with no name, no speaker and no date: grouping reads none of it.
    article.write_text(article.read_text("utf-8").rstrip("\n")
                       + "\n\nmore was to follow later that week.\n", "utf-8")
    edited = Run.start(load_project(project))
    assert [b.article.paragraphs for b in edited.collection.briefings] != [
        b.article.paragraphs for b in run.collection.briefings]
    index = project_events(project, edited.collection.briefings, edited.cache)
    assert groupings == [1]
    assert index == fresh(project, edited.collection.briefings) != before
    # The events hold the edited briefings.
    assert all(any(b is mine for mine in edited.collection.briefings)
               for event in index.events for b in event.briefings)


def test_an_edit_of_a_statements_words_that_changes_no_comparison_keeps_the_grouping(
    project: Path, groupings: list[int]
) -> None:
    run = Run.start(load_project(project))
    project_events(project, run.collection.briefings, run.cache)
    article = project / "content" / "azerbaijan-says-armenian-forces-pullback-has-begun.txt"
    text = article.read_text("utf-8")
    said = "has left a significant portion of"
    assert said in text
    # A statement's words change (in the third paragraph: not the lead), and with
    # them what grouping reads (its features), but it says much the same to no other
    # article than before.
    article.write_text(text.replace(said, "has left a large portion of"), "utf-8")
    edited = Run.start(load_project(project))
    index = project_events(project, edited.collection.briefings, edited.cache)
    assert groupings == [1]
    assert index == fresh(project, edited.collection.briefings)
    # The kept comparisons are still those of a grouping: a second edit is checked too.
    article.write_text(text.replace(said, "has left a considerable part of"), "utf-8")
    again = Run.start(load_project(project))
    assert project_events(project, again.collection.briefings, again.cache) == fresh(
        project, again.collection.briefings)
    assert groupings == [1]


def test_a_changed_note_or_setting_is_grouped_again(project: Path, groupings: list[int]) -> None:
    run = Run.start(load_project(project))
    before = project_events(project, run.collection.briefings, run.cache)
    key = before.events[0].key
    (project / "events.yaml").write_text(f"{key}:\n  title: The editor's own title\n", "utf-8")
    noted = project_events(project, run.collection.briefings, run.cache)
    assert groupings == [1, 1]
    assert noted.events[0].title == "The editor's own title"
    assert noted == fresh(project, run.collection.briefings)
    strict = GroupingSettings(threshold=0.99, near_miss=0.0)
    regrouped = project_events(project, run.collection.briefings, run.cache, strict)
    assert groupings == [1, 1, 1]
    assert regrouped == fresh(project, run.collection.briefings, strict)
    # And the code (or the cache's settings): another key of the run cache.
    other = dataclasses.replace(run.cache, key="another version of the code")
    project_events(project, run.collection.briefings, other)
    assert groupings == [1, 1, 1, 1]


def test_a_kept_grouping_that_does_not_fit_is_made_again(
    project: Path, groupings: list[int]
) -> None:
    run = Run.start(load_project(project))
    index = project_events(project, run.collection.briefings, run.cache)
    # Kept three times: under the briefings' content keys, under their features, and
    # under their features but statements (with the statements beside it).
    kept = sorted((project / CACHE_DIR).glob(f"{CACHED_AS}*.json"))
    assert [path.name for path in kept] == [
        f"{CACHED_AS}-features.json", f"{CACHED_AS}-statements.json", f"{CACHED_AS}.json"]
    texts = [path.read_text("utf-8") for path in kept]
    # Planted: the right keys, but an event of an article that is not there, then junk.
    slug = index.events[0].briefings[0].slug
    for old, new in ((f'"{slug}"', '"no-such-article"'),
                     ('"compared":', '"compared":"many","x":')):
        for path, text in zip(kept, texts, strict=True):
            assert old in text
            path.write_text(text.replace(old, new), "utf-8")
        assert project_events(project, run.collection.briefings, run.cache) == index
    assert groupings == [1, 1, 1]


def test_grouping_leaves_no_cut_words_behind(project: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """The grouping's cache of statements' and leads' words is emptied when it is done:
    kept, it would be held (and copied into each forked worker) for the whole build."""
    from briefings.events.text import stems

    held: list[int] = []

    def grouping(briefings, notes=None, settings=None, comparisons=None):  # type: ignore[no-untyped-def]
        found = group_events(briefings, notes, settings, comparisons)
        held.append(stems.cache_info().currsize)
        return found

    monkeypatch.setattr(events_module, "group_events", grouping)
    run = Run.start(load_project(project))
    index = project_events(project, run.collection.briefings, run.cache)
    assert index.events and held and held[0] > 0, "grouping cut the articles' words"
    assert stems.cache_info().currsize == 0
