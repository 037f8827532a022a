"""One run over the catalogs (:mod:`briefings.run`), and figures that add up (issues 14, 17).

Real catalogs and a real tiny en→ru Argos model (random weights: the drafts are
gibberish, the counting is what is checked).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import tinymodels
import yaml
from projects import sample_project, sample_settings

from briefings.cli import main
from briefings.events import project_events
from briefings.project import load_project
from briefings.run import Run
from briefings.translation.catalogs import catalog_status
from briefings.translation.models import install_archive
from briefings.translation.pofile import read_catalog
from briefings.translation.units import catalog_units

ROOT = Path(__file__).resolve().parent.parent
DATED = "aliyev-says-karabakh-operation-completed"
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An Argos packages folder with a tiny en→ru package (hy and az have no engine)."""
    work = tmp_path_factory.mktemp("argos")
    folder = work / "packages"
    install_archive(tinymodels.build_argos_package(work, "en", "ru", "0.0.1"), folder)
    return folder


def make_project(tmp_path: Path, packages: Path) -> Path:
    """The sample articles, with an event whose editor's title repeats an article's title."""
    project = sample_project(
        tmp_path / "project",
        folders=("content",),
        argos_packages_dir=str(packages),
        beam_size=1,
        max_decoding_length=24,  # random weights never stop by themselves
        engines={"hy": {**sample_settings()["engines"]["hy"], "model": "models/not-installed"}},
    )
    title = next(b.article.title for b in Run.start(load_project(project)).collection.briefings
                 if b.slug == DATED)
    event = {DATED: {"title": title, "dek": "Two sources, two sides."}}
    (project / "events.yaml").write_text(yaml.safe_dump(event, allow_unicode=True), "utf-8")
    return project


def drafted_entries(project: Path, lang: str) -> tuple[int, int, int, int]:
    """Over every catalog of ``lang``: entries with a machine draft (shown or flagged),
    those flagged, entries in all, and distinct English texts in all."""
    drafted = flagged = entries = 0
    texts: set[str] = set()
    for path in sorted((project / "translations" / lang).rglob("*.po")):
        catalog = read_catalog(path, lang)
        status = catalog_status(catalog)
        drafted += status.machine_draft + status.flagged
        flagged += status.flagged
        entries += status.total
        texts |= {m.id for m in catalog if m.id}
    return drafted, flagged, entries, len(texts)


def test_one_progress_total_per_language_that_the_summary_adds_up_to(
    tmp_path: Path, packages: Path
) -> None:
    project = make_project(tmp_path, packages)
    loaded = load_project(project)
    run = Run.start(loaded)
    calls: list[tuple[str, int, int]] = []
    events = project_events(loaded.root, run.collection.briefings)

    [hy, ru] = run.update(["hy", "ru"], events=events,
                          progress=lambda lang, done, total: calls.append((lang, done, total)))

    assert (project / "translations" / "ru" / "events" / f"{DATED}.po").is_file()
    drafted, flagged, entries, texts = drafted_entries(project, "ru")
    # The articles' and the event's catalogs are drafted together: one bar, one total.
    assert {total for _, _, total in calls} == {ru.segments} == {texts}
    assert calls[0] == ("ru", 0, texts) and calls[-1] == ("ru", texts, texts)
    assert [done for _, done, _ in calls] == sorted(done for _, done, _ in calls)
    # Every entry is drafted; the title in two catalogs was translated once.
    assert ru.new_drafts + ru.flagged == drafted == entries > texts
    assert ru.flagged == flagged
    assert f"{drafted} entries drafted from {texts} segments" in ru.summary()
    # No engine: nothing drafted, nothing counted, nothing on the bar.
    assert hy.segments == hy.new_drafts == hy.flagged == 0 and hy.unavailable
    assert all(lang == "ru" for lang, _, _ in calls)
    assert "entries drafted" not in hy.summary()


def test_the_summary_of_briefings_translate_counts_what_its_catalogs_hold(
    tmp_path: Path, packages: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = make_project(tmp_path, packages)
    assert main(["translate", "--no-progress", "--project", str(project)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines] == ["hy", "az", "ru"]
    drafted, flagged, _, texts = drafted_entries(project, "ru")
    assert lines[2].startswith(f"ru: {drafted - flagged} new drafts, 0 reviewed kept, 0 stale, "
                               f"0 obsolete, {flagged} drafts failed a check")
    assert f"; {drafted} entries drafted from {texts} segments" in lines[2]
    units = {u.msgid for b in Run.start(load_project(project)).collection.briefings
             for u in catalog_units(b)}
    assert texts == len(units) + 1  # the articles' English, and the event's own dek
    # A second run drafts nothing, and says so without figures that do not add up.
    assert main(["translate", "--no-progress", "--project", str(project)]) == 0
    again = capsys.readouterr().out.splitlines()
    assert again[2] == "ru: 0 new drafts, 0 reviewed kept, 0 stale, 0 obsolete"



def test_languages_drafted_side_by_side_write_what_one_at_a_time_writes(
    tmp_path: Path, tiny_argos_packages: Path
) -> None:
    import threading

    def update(name: str, at_once: bool) -> tuple[list[tuple[object, ...]], set[str]]:
        project = make_project(tmp_path / name, tiny_argos_packages)
        loaded = load_project(project)
        run = Run.start(loaded)
        events = project_events(loaded.root, run.collection.briefings)
        threads: set[str] = set()
        reports = run.update(events=events, at_once=at_once,
                             progress=lambda lang, done, total: threads.add(
                                 threading.current_thread().name))
        # All but the header's date: the two runs may straddle a minute.
        catalogs = {path.relative_to(project).as_posix(): [
            line for line in path.read_bytes().splitlines()
            if not line.startswith(b'"PO-Revision-Date')]
            for path in sorted((project / "translations").rglob("*.po"))}
        return [(catalogs,)] + [
            (r.lang, r.engine, r.unavailable is None, r.new_drafts, r.flagged, r.segments,
             r.from_memory, r.catalogs_parsed, sorted(r.written)) for r in reports], threads

    alone, main_thread = update("alone", at_once=False)
    together, workers = update("together", at_once=True)
    assert together == alone
    assert [r[0] for r in alone[1:]] == ["hy", "az", "ru"]
    assert all(r[3] + r[4] > 0 for r in alone[2:])  # az and ru were drafted, hy had no engine
    assert main_thread == {threading.current_thread().name}
    # Two engines: each drafted in a thread of its own.
    assert len(workers) == 2 and all(name.startswith("briefings-draft") for name in workers)
