"""Incremental and parallel builds: a rebuild redoes only what changed, and builds the same site.

Builds here are real ``mkdocs build --strict`` runs of the sample project, in this
process, read back through :data:`briefings.mkdocs.builds.last_build`.
"""

from __future__ import annotations

import json
import logging
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, PluginError
from projects import ARGOS_DIR, sample_project
from sitebuild import DATED, REVIEWED_TITLE, install_models, review_russian_title

from briefings.cache import CACHE_DIR, CACHE_FILE, RunCache
from briefings.collection import collect
from briefings.mkdocs import builds as mkdocs_builds
from briefings.mkdocs.builds import BuildStats
from briefings.parallel import parallel_map
from briefings.project import load_project
from briefings.run import CACHE_KINDS, update_catalogs
from briefings.translation.units import catalog_units

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import corpus

pytestmark = pytest.mark.slow


def build(project: Path, **env: str) -> BuildStats:
    """One strict build of ``project`` with ``env`` set; what it did."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("BRIEFINGS_NO_TRANSLATE", raising=False)
        for name, value in env.items():
            patch.setenv(name, value)
        mkdocs_build(load_config(config_file=str(project / "mkdocs.yml"), strict=True))
    assert mkdocs_builds.last_build is not None
    return mkdocs_builds.last_build


def site_files(project: Path) -> dict[str, bytes]:
    site = project / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def edit_sentence(project: Path) -> None:
    """An editor changes one sentence of one paragraph of the dated briefing."""
    path = project / "content" / f"{DATED}.txt"
    text = path.read_text("utf-8")
    old = "Armenia and Azerbaijan have fought two wars"
    assert old in text
    path.write_text(text.replace(old, "Armenia and Azerbaijan have fought two bitter wars"),
                    "utf-8")


def sample_projects(tmp_path: Path, archive: Path, *names: str) -> list[Path]:
    """Copies of the sample project, each with tiny models for ru and az, to build side by side."""
    folders = []
    for name in names:
        folder = sample_project(tmp_path / name, published=True, argos_packages_dir=ARGOS_DIR)
        install_models(folder, archive, tmp_path / f"models-{name}")
        folders.append(folder)
    return folders


@pytest.fixture
def project(tmp_path: Path, tiny_argos_archive: Path) -> Path:
    """The sample project with tiny models for ru and az (none for hy)."""
    folder = sample_project(tmp_path / "project", published=True, argos_packages_dir=ARGOS_DIR)
    install_models(folder, tiny_argos_archive, tmp_path / "models")
    return folder


def test_a_rebuild_with_nothing_changed_redoes_nothing_and_builds_the_same_site(
    project: Path,
) -> None:
    first = build(project)
    before = site_files(project)
    again = build(project)
    assert (first.analysed, again.analysed) == (2, 0)
    assert first.catalogs_parsed == 6 and again.catalogs_parsed == 0  # 2 articles, 3 languages
    assert sum(first.segments.values()) > 0 and sum(again.segments.values()) == 0
    assert site_files(project) == before


def test_a_rebuild_writes_only_the_run_cache_entries_it_made(project: Path) -> None:
    """Each analysis and catalog is an entry of its own, in the pack of the build that
    made it: a no-op rebuild writes nothing, an edit writes its article's analysis and
    the catalogs it changed (in one new pack) and the index."""
    folder = project / CACHE_DIR

    def stored() -> tuple[dict[str, str], dict[str, int]]:
        """Which pack each entry lies in; each file of the cache and when it was written."""
        index = json.loads((folder / CACHE_FILE).read_text("utf-8"))
        files = {p.relative_to(folder).as_posix(): p.stat().st_mtime_ns
                 for p in [folder / CACHE_FILE, *(folder / "runs").iterdir()]}
        return {name: place[0] for name, place in index["entries"]}, files

    build(project)
    first, first_files = stored()
    assert sum(name.startswith("analyses/") for name in first) == 2
    assert sorted(first_files) == sorted([CACHE_FILE, *(f"runs/{p}" for p in set(first.values()))])
    assert len(set(first.values())) == 1  # one pack for the whole build, no file per entry
    build(project)
    assert stored() == (first, first_files)
    edit_sentence(project)
    build(project)
    after, after_files = stored()
    made = after.keys() - first.keys()
    # Its catalog in each language (Armenian's too: the new sentence waits there, undrafted).
    assert sorted(name.split("/")[0] for name in made) == [
        "analyses", "catalogs-az", "catalogs-hy", "catalogs-ru"]
    assert len({after[name] for name in made}) == 1 and not set(first.values()) & {
        after[name] for name in made}
    gone = sorted(name.split("/")[0] for name in first.keys() - after.keys())
    assert gone == ["analyses"]  # the catalogs' old versions were read, to merge them
    # The packs are the ones the index names (a pack mostly unused is copied out).
    assert sorted(after_files) == sorted([CACHE_FILE, *(f"runs/{p}" for p in set(after.values()))])
    assert after_files[CACHE_FILE] != first_files[CACHE_FILE]
    build(project)  # which no build reads any more: dropped
    last, _ = stored()
    assert sorted(name.split("/")[0] for name in first.keys() - last.keys()) == sorted(
        name.split("/")[0] for name in made)


def test_an_edited_paragraph_is_all_that_is_parsed_merged_and_translated(project: Path) -> None:
    build(project)
    loaded = load_project(project)
    old = {u.msgid for b in collect(loaded).briefings for u in catalog_units(b)}
    edit_sentence(project)
    new = {u.msgid for b in collect(loaded).briefings for u in catalog_units(b)}
    changed = new - old
    assert 1 <= len(changed) <= 3  # the sentence, and what was drawn from it
    stats = build(project)
    assert stats.analysed == 1
    assert stats.catalogs_parsed == 3  # its catalog in each language; the other's untouched
    assert stats.segments == {"hy": 0, "az": len(changed), "ru": len(changed)}  # no hy model


def test_a_build_lets_go_of_the_models_once_drafted_and_serve_keeps_them(
        project: Path) -> None:
    """The pages, most of a build, are made without the models' weights in memory;
    ``mkdocs serve`` keeps them loaded for its next rebuild."""
    from briefings.translation import engines

    loaded: list[bool] = []
    start = mkdocs_builds.start

    def starting(config: object) -> None:
        start(config)  # type: ignore[arg-type]
        # This project's models only: earlier tests' stay in the process's cache.
        loaded.extend(t.model_is_loaded for key, t in engines._TRANSLATORS.items()
                      if key[0].startswith(str(project.parent)))

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(mkdocs_builds, "start", starting)
        stats = build(project)
        assert sum(stats.segments.values()) > 0
        assert loaded and not any(loaded)
        edit_sentence(project)
        loaded.clear()
        mkdocs_builds.startup("serve", False)
        try:
            stats = build(project)
        finally:
            mkdocs_builds.startup("build", False)
        assert sum(stats.segments.values()) > 0  # drafted again, the models loaded again
        assert loaded and all(loaded)


def test_what_is_built_is_the_same_with_and_without_the_cache(
    tmp_path: Path, tiny_argos_archive: Path
) -> None:
    cached, fresh = sample_projects(tmp_path, tiny_argos_archive, "cached", "fresh")
    build(cached)
    build(fresh, BRIEFINGS_NO_CACHE="1")
    # An editor's change and a translator's review, then both built again.
    for folder in (cached, fresh):
        edit_sentence(folder)
        review_russian_title(folder)
    build(cached)
    build(fresh, BRIEFINGS_NO_CACHE="1")
    assert not (fresh / CACHE_DIR).exists()
    assert site_files(cached) == site_files(fresh)
    assert REVIEWED_TITLE in (cached / "site" / "ru" / "briefings" / DATED / "index.html"
                              ).read_text("utf-8")


def test_a_damaged_cache_is_ignored_and_rebuilt(project: Path) -> None:
    build(project)
    before = site_files(project)
    (project / CACHE_DIR / CACHE_FILE).write_bytes(b"not a pickle at all")
    for entry in (project / CACHE_DIR / "runs").iterdir():
        entry.write_bytes(b"not JSON at all")
    stats = build(project)
    assert stats.analysed == 2
    assert site_files(project) == before
    assert build(project).analysed == 0  # and written again


def test_the_cache_is_emptied_when_what_it_was_computed_with_changes(tmp_path: Path) -> None:
    (tmp_path / "glossary.yaml").write_text("[]\n", "utf-8")
    cache = RunCache.open(tmp_path, ("settings", 1), CACHE_KINDS)
    cache.keep_merge("ru", "talks", "units", "data")
    cache.save()
    again = RunCache.open(tmp_path, ("settings", 1), CACHE_KINDS)
    assert again.merged == {("ru", "talks"): ("units", "data")}
    assert RunCache.open(tmp_path, ("settings", 2), CACHE_KINDS).merged == {}  # other settings
    (tmp_path / "glossary.yaml").write_text("[]\n# the project's glossary changed\n", "utf-8")
    assert RunCache.open(tmp_path, ("settings", 1), CACHE_KINDS).merged == {}
    stored = json.loads((tmp_path / CACHE_DIR / CACHE_FILE).read_bytes())
    assert set(stored) == {"key", "format", "merged", "entries"}
    assert (tmp_path / CACHE_DIR / ".gitignore").read_text() == "*\n"


def test_forked_workers_compute_what_one_process_computes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def slow_pid(_: int) -> int:
        time.sleep(0.02)  # long enough that both workers get tasks
        return os.getpid()

    pids = set(parallel_map(slow_pid, range(64), workers=2))
    if sys.platform == "linux":
        assert os.getpid() not in pids and len(pids) == 2
    folders = {}
    for workers in ("1", "2"):
        folder = tmp_path / f"workers-{workers}"
        corpus.write_corpus(folder / "content", 40)
        (folder / "mkdocs.yml").write_text(
            "site_name: Test\nextra:\n  briefings:\n    argos_packages_dir: none\n"
            "    engines:\n      hy: {engine: ctranslate2, model: none}\n", "utf-8"
        )
        folders[workers] = folder
    results = {}
    for workers, folder in folders.items():
        monkeypatch.setenv("BRIEFINGS_WORKERS", workers)
        project = load_project(folder)
        collection = collect(project)
        reports = update_catalogs(project, collection, draft=True)  # no models: merge only
        results[workers] = (collection, reports)
    alone, shared = results["1"][0], results["2"][0]
    assert len(alone.briefings) == 40 and not alone.problems
    assert [b.article.paragraphs for b in shared.briefings] == [
        b.article.paragraphs for b in alone.briefings
    ]
    assert [(b.key_points, b.statements, b.timeline, b.entities) for b in shared.briefings] == [
        (b.key_points, b.statements, b.timeline, b.entities) for b in alone.briefings
    ]
    def counts(reports: list) -> list:  # type: ignore[type-arg]
        return [(r.lang, r.new_drafts, r.reviewed, r.stale, r.obsolete, len(r.written),
                 r.catalogs_parsed, bool(r.unavailable)) for r in reports]

    assert counts(results["2"][1]) == counts(results["1"][1])
    assert counts(results["1"][1])[0] == ("hy", 0, 0, 0, 0, 40, 40, True)
    one, two = (
        {p.relative_to(f).as_posix(): p.read_bytes() for p in (f / "translations").rglob("*.po")}
        for f in folders.values()
    )
    assert len(one) == 120 and one == two


def test_a_command_sharing_work_among_processes_prints_no_traceback(tmp_path: Path) -> None:
    corpus.write_corpus(tmp_path / "content", 40)
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", "utf-8")
    done = subprocess.run(
        [str(Path(sys.executable).with_name("briefings")), "translate", "--no-progress"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "BRIEFINGS_WORKERS": "2", "ARGOS_PACKAGES_DIR": str(tmp_path / "no")},
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert len(list((tmp_path / "translations").rglob("*.po"))) == 120


def test_languages_built_by_worker_processes_give_the_same_site(
    tmp_path: Path, tiny_argos_archive: Path
) -> None:
    one, two = sample_projects(tmp_path, tiny_argos_archive, "one", "two")
    build(one, BRIEFINGS_WORKERS="1")
    stats = build(two, BRIEFINGS_WORKERS="2")
    assert len(stats.worker_peak_mb) == 1  # hy and az in a worker, en and ru here
    assert site_files(one) == site_files(two)


def test_a_language_that_fails_in_a_worker_fails_the_build_in_one_line(
    project: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    real = mkdocs_builds._language_config

    def broken(build: object, english: object, lang: str) -> object:
        if lang == "hy":
            raise PluginError("the theme could not be loaded")
        return real(build, english, lang)  # type: ignore[arg-type]

    monkeypatch.setattr(mkdocs_builds, "_language_config", broken)
    with caplog.at_level(logging.ERROR), pytest.raises(Abort):
        build(project, BRIEFINGS_WORKERS="2")
    assert "briefings: the hy site failed: the theme could not be loaded" in caplog.text
    assert mkdocs_builds._BUILDS == {}
    monkeypatch.setattr(mkdocs_builds, "_language_config", real)
    assert build(project).articles == 2  # the lock was let go


def test_the_benchmark_runs_and_reports_every_figure(tmp_path: Path) -> None:
    """bench/run.py end to end, with tiny models and four articles (its figures mean nothing)."""
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve().parent.parent / "bench" / "run.py"),
         "--smoke", "--out", str(out)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(out.read_text("utf-8"))
    for key in ("plain_mkdocs_s", "full_build_s", "noop_rebuild_s", "noop_mt_segments",
                "edit_rebuild_s", "edit_mt_segments", "mt_batched_seg_per_s",
                "mt_argos_seg_per_s", "mt_ct2_raw_seg_per_s", "peak_rss_mb", "articles",
                "languages", "full_sampler_cpu_s", "shell_over_plain"):
        assert key in result, key
    assert 0 < result["shell_cpu_per_page_ms"] < result["plain_cpu_per_page_ms"]
    assert result["articles"] == 4 and result["languages"] == ["en", "hy", "az", "ru"]
    assert result["noop_mt_segments"] == 0
    assert 0 < result["edit_mt_segments"] <= 3 * result["edit_paragraph_units"]
    assert "full_build_s" in done.stdout  # the table


def test_the_benchmark_measures_a_large_corpus_with_nothing_to_draft(tmp_path: Path) -> None:
    """``--large N --large-only``: a fresh and a no-op build, every page made, none drafted."""
    out = tmp_path / "large.json"
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve().parent.parent / "bench" / "run.py"),
         "--smoke", "--large", "3", "--large-only", "--out", str(out)],
        capture_output=True, text=True, timeout=600, check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    large = json.loads(out.read_text("utf-8"))["large"]
    assert large["articles"] == 3 and not large["drafted"]
    # Three briefings in four languages, plus each language's listings and status page.
    assert large["generated_pages"] > 3 * 4
    assert large["noop_pages_made"] == 0
    assert large["fresh_peak_pss_mb"] > 0 and large["fresh_cpu_s"] > 0
    assert {"articles", "catalogs", "mkdocs:en"} <= set(large["fresh_build_stages_s"])
    # The fresh build's figures are on disk before the no-op rebuild starts.
    fresh = json.loads(out.with_suffix(".fresh.json").read_text("utf-8"))["large"]
    assert fresh["fresh_build_s"] == large["fresh_build_s"] and "noop_rebuild_s" not in fresh


def test_serve_watches_the_articles_catalogs_and_glossary_that_exist(tmp_path: Path) -> None:
    project = sample_project(
        tmp_path / "project", published=True, argos_packages_dir=ARGOS_DIR).resolve()
    config = load_config(config_file=str(project / "mkdocs.yml"))
    # A new project has no catalogs yet: MkDocs' own `watch` setting would refuse it.
    assert mkdocs_builds.watched_paths(config) == [str(project / "content")]
    (project / "translations").mkdir()
    (project / "glossary.yaml").write_text("[]\n", "utf-8")
    assert mkdocs_builds.watched_paths(config) == [
        str(project / "content"), str(project / "translations"), str(project / "glossary.yaml")
    ]


def test_a_catalog_a_tool_rewrapped_is_left_as_it_is_until_something_changes(
    tmp_path: Path,
) -> None:
    project_dir = sample_project(tmp_path / "project", published=True, argos_packages_dir=ARGOS_DIR)
    project = load_project(project_dir)
    update_catalogs(project, collect(project), draft=False)
    path = project.catalog_path("ru", DATED)

    # A translator's editor writes long strings on one line instead of wrapping them.
    def one_line(match: re.Match[str]) -> str:
        parts = re.findall(r'^"(.*)"$', match.group(1), re.M)
        return f'msgid "{"".join(parts)}"\n'

    rewrapped = re.sub(r'^msgid ""\n((?:".*"\n)+)', one_line, path.read_text("utf-8"),
                       count=3, flags=re.M)
    assert rewrapped != path.read_text("utf-8")
    path.write_text(rewrapped, "utf-8")
    [report] = update_catalogs(project, collect(project), ["ru"], draft=False)
    assert report.written == [] and path.read_text("utf-8") == rewrapped
    subprocess.run(["msgfmt", "-c", "-o", os.devnull, str(path)], check=True)

    # A format flag added by a tool is dropped, so the file is written again.
    flagged = rewrapped.replace("#, fuzzy\n", "#, fuzzy, python-format\n", 1)
    if flagged == rewrapped:
        flagged = rewrapped.replace('\nmsgid "', '\n#, python-format\nmsgid "', 2).replace(
            '\n#, python-format\nmsgid "', '\nmsgid "', 1)
    path.write_text(flagged, "utf-8")
    [report] = update_catalogs(project, collect(project), ["ru"], draft=False)
    assert report.written == [f"translations/ru/{DATED}.po"]
    assert "python-format" not in path.read_text("utf-8")
