"""Issue 15: a build that fails, is killed or fills the disk leaves the published site whole,
leaves no process behind holding the lock, and the next build runs at once.

Real ``mkdocs build`` runs of the repository's site, with its forked language
workers; faults are real too (a template that fails half-way, SIGKILL and
SIGTERM at random moments, a file-size limit, a tiny tmpfs, an immutable folder).
"""

from __future__ import annotations

import logging
import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from projects import sample_project
from test_reliability import edit_articles, read_only

from briefings.mkdocs.plugin import OVERRIDES

pytestmark = pytest.mark.slow

ENV = {"BRIEFINGS_NO_TRANSLATE": "1", "NO_MKDOCS_2_WARNING": "1", "BRIEFINGS_LOCK_WAIT": "0"}


def build(project: Path, *args: str, preexec_fn: Callable[[], None] | None = None
          ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args], cwd=project,
        env={**os.environ, **ENV}, capture_output=True, text=True, timeout=900, check=False,
        preexec_fn=preexec_fn,
    )


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def leftovers(project: Path, site: str = "site") -> list[str]:
    """What builds left beside the site, once an old site's remover is done (a minute at most)."""
    deadline = time.monotonic() + 60
    while True:
        names = sorted(p.name for p in project.iterdir()
                       if p.name.startswith(f".{site}.briefings-"))
        if not any(".briefings-gone-" in name for name in names) or time.monotonic() > deadline:
            return names
        time.sleep(0.05)


def processes_in(folder: Path) -> list[int]:
    """Processes whose working folder is ``folder`` (a build's workers run there)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if Path(os.readlink(entry / "cwd")) == folder:
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, float]:
    """The repository's site, built once; and how long that build took."""
    project = sample_project(tmp_path_factory.mktemp("published") / "site-project")
    started = time.monotonic()
    result = build(project)
    assert result.returncode == 0, result.stderr
    return project, time.monotonic() - started


@pytest.fixture
def project(published: tuple[Path, float], tmp_path: Path) -> Path:
    copy = tmp_path / "project"
    shutil.copytree(published[0], copy, symlinks=True)
    return copy


def test_a_build_that_fails_half_way_leaves_the_previous_site_whole(project: Path) -> None:
    before = files(project / "site")
    # A site's own main.html (in its custom_dir, before ours) whose status page
    # fails: pages before it are written, the rest are not.
    template = project / "overrides" / "main.html"
    template.parent.mkdir()
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "theme:\n  name: material\n", "theme:\n  name: material\n  custom_dir: overrides\n", 1
    ), "utf-8")
    assert "custom_dir: overrides" in config.read_text("utf-8")
    template.write_text((OVERRIDES / "main.html").read_text("utf-8") + (
        '\n{% block announce %}{% if page and page.url == "status/" %}'
        "{{ no_such_thing.at_all }}{% endif %}{% endblock %}\n"
    ), "utf-8")

    result = build(project)

    assert result.returncode != 0
    assert files(project / "site") == before
    assert leftovers(project) == []


def test_a_strict_build_with_a_bad_article_keeps_the_previous_site(project: Path) -> None:
    before = files(project / "site")
    (project / "content" / "empty.txt").write_bytes(b"")

    result = build(project, "--strict")

    assert result.returncode != 0 and "content/empty.txt: the file is empty" in result.stderr
    assert "the previous site is kept" in result.stderr
    assert files(project / "site") == before
    assert leftovers(project) == []


def test_a_build_killed_at_random_moments_leaves_a_whole_site_and_no_lock_behind(
    published: tuple[Path, float], project: Path
) -> None:
    """After each kill, every file of the published site is byte for byte what it was."""
    seconds = published[1]
    before = files(project / "site")
    seed = random.randrange(1 << 30)
    moments = random.Random(seed)
    for kill in range(5):
        run = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=project,
                               env={**os.environ, **ENV}, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
        time.sleep(moments.uniform(0.3, max(0.5, seconds * 0.9)))
        how = (signal.SIGKILL, signal.SIGTERM)[kill % 2]
        run.send_signal(how)  # the build only: its workers must go by themselves
        run.wait(timeout=120)
        deadline = time.monotonic() + 15
        while processes_in(project) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert processes_in(project) == [], f"orphans after {how!r} (seed {seed})"
        changed = _changed(before, files(project / "site"))
        assert not changed, f"site not as it was after {how!r} (seed {seed}): {changed}"

    result = build(project)  # at once: BRIEFINGS_LOCK_WAIT=0

    assert result.returncode == 0, result.stderr
    # The same inputs build the same bytes: so even a kill that came just after the
    # new site was swapped in leaves a site identical to the one before.
    assert not _changed(before, files(project / "site"))
    assert leftovers(project) == []


def _changed(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    """The files missing, added or not byte for byte as they were (the first few)."""
    names = sorted(before.keys() | after.keys())
    return [name for name in names if before.get(name) != after.get(name)][:10]


def _largest_file(site: Path) -> int:
    return max(p.stat().st_size for p in site.rglob("*") if p.is_file())


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs RLIMIT_FSIZE")
def test_a_build_that_cannot_write_a_file_says_so_in_one_line_and_keeps_the_site(
    project: Path,
) -> None:
    before = files(project / "site")
    limit = _largest_file(project / "site") // 2

    def small_files() -> None:  # no file may grow past half the largest: a full disk, for us
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))

    result = build(project, preexec_fn=small_files)

    assert result.returncode == 1
    assert "Traceback" not in result.stderr, result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, result.stderr
    assert re.search(r"briefings: site: cannot write the site \(File too large\); "
                     r"the previous site is kept$", errors[0]), errors[0]
    assert files(project / "site") == before
    assert leftovers(project) == []


def test_a_full_disk_says_so_in_one_line_and_keeps_the_site(project: Path, tmp_path: Path
                                                            ) -> None:
    size = sum(len(data) for data in files(project / "site").values())
    disk = tmp_path / "disk"
    disk.mkdir()
    # Room for the published site and a third of another: the new one cannot fit.
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size * 4 // 3 + 512 * 1024}", "tmpfs", str(disk)],
        capture_output=True, check=False,
    )
    if mounted.returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        shutil.copytree(project / "site", disk / "site")
        config = project / "mkdocs.yml"
        config.write_text(f"site_dir: {disk / 'site'}\n" + config.read_text("utf-8"), "utf-8")
        before = files(disk / "site")

        result = build(project)

        assert result.returncode == 1
        assert "Traceback" not in result.stderr, result.stderr
        errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
        assert len(errors) == 1, result.stderr
        assert "cannot write the site (No space left on device); the previous site is kept" in (
            errors[0])
        assert files(disk / "site") == before
        assert leftovers(disk) == []
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_a_read_only_translations_folder_does_not_stop_a_preview_build(project: Path) -> None:
    edit_articles(project)  # the catalogs would need merging
    ru = project / "translations" / "ru"
    catalogs = {p.name: p.read_bytes() for p in ru.iterdir()}

    with read_only(ru):
        result = build(project)

    assert result.returncode == 0, result.stderr
    assert "translations/ru is read-only: its catalogs are not updated" in result.stderr
    assert {p.name: p.read_bytes() for p in ru.iterdir()} == catalogs
    assert (project / "site" / "ru" / "index.html").is_file()
    edited = next((project / "content").glob("*.txt")).stem[:12]
    assert f"The ministry of {edited}" in (project / "site" / "index.html").read_text("utf-8") or (
        any(f"The ministry of {edited}" in p.read_text("utf-8")
            for p in (project / "site" / "briefings").rglob("index.html")))


def test_no_published_page_holds_the_build_machine_s_paths(project: Path) -> None:
    catalog = next((project / "translations" / "ru").glob("*.po"))
    catalog.write_text(catalog.read_text("utf-8") + "\n<<<<<<< HEAD\n", "utf-8")

    result = build(project)

    assert result.returncode == 0, result.stderr
    shown = f"translations/ru/{catalog.name}"
    status = (project / "site" / "ru" / "status" / "index.html").read_text("utf-8")
    assert shown in status and "catalog-problem" in status
    for page in (project / "site").rglob("*.html"):
        assert str(project.resolve()) not in page.read_text("utf-8"), page


def test_mkdocs_own_line_for_a_page_it_could_not_write_gives_way_to_ours(
    caplog: pytest.LogCaptureFixture,
) -> None:
    # Where the disk fills is a matter of timing: inside MkDocs' page writer it
    # logs "Error building page" before the build fails with our one line.
    from briefings.mkdocs.builds import startup

    startup("build", dirty=False)
    page_errors = logging.getLogger("mkdocs.commands.build")
    with caplog.at_level(logging.ERROR, logger="mkdocs.commands.build"):
        page_errors.error("Error building page 'status.md': [Errno 28] No space left on device")
        page_errors.error("Error building page 'a.md': [Errno 27] File too large: '/s/a.html'")
        page_errors.error("Error building page 'b.md': 'NoneType' object is not iterable")

    assert [r.getMessage() for r in caplog.records] == [
        "Error building page 'b.md': 'NoneType' object is not iterable"]


def test_a_docs_page_mkdocs_cannot_render_is_named_and_the_rest_is_built(project: Path) -> None:
    before = files(project / "site")
    # 500 list markers on one line: Python-Markdown's list parser recurses once per
    # marker, a RecursionError in MkDocs' own rendering of the page.
    (project / "docs" / "deep.md").write_text("# Deep\n\n" + "- " * 500 + "too deep\n", "utf-8")
    (project / "docs" / "legacy.md").write_bytes("# Café\n".encode("cp1252"))  # not UTF-8

    result = build(project)

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    named = [line for line in result.stderr.splitlines() if "deep.md" in line or "legacy" in line]
    assert sorted(named) == [
        "WARNING -  briefings: docs/deep.md: its Markdown is nested too deeply to be "
        "rendered; flatten its nested quotes or lists (not published)",
        "WARNING -  briefings: docs/legacy.md: is not UTF-8 text; save it as UTF-8 "
        "(not published)",
    ], result.stderr
    site = project / "site"
    assert not (site / "deep").exists() and not (site / "legacy").exists()
    assert (site / "about" / "index.html").is_file() and (site / "index.html").is_file()
    assert files(site).keys() - {"deep/index.html"} >= before.keys() - {"sitemap.xml"}
    for page in site.rglob("*.html"):  # no navigation entry or next link leads to it
        assert 'href="deep/' not in page.read_text("utf-8")
        assert '/deep/"' not in page.read_text("utf-8"), page
    assert '"deep/' not in (site / "search" / "search_index.json").read_text("utf-8")

    strict = build(project, "--strict")

    assert strict.returncode != 0 and "docs/deep.md: its Markdown is nested" in strict.stderr
    assert "Traceback" not in strict.stderr, strict.stderr
    assert "the previous site is kept" in strict.stderr
    assert not (site / "deep").exists()
    assert leftovers(project) == []


def test_the_old_site_is_removed_in_the_background_and_never_comes_back(project: Path) -> None:
    before = files(project / "site")
    # A folder a killed remover left: the next build removes it, and no build
    # ever takes it for a site to put back, even with no site in place.
    stale = project / ".site.briefings-gone-0123456789ab"
    (stale / "old").mkdir(parents=True)
    (stale / "old" / "index.html").write_text("an old page", "utf-8")
    shutil.rmtree(project / "site")

    result = build(project)

    assert result.returncode == 0, result.stderr
    assert not (project / "site" / "old").exists()
    assert files(project / "site") == before
    assert leftovers(project) == []

    # A rebuild swaps the new site in and hands the old one to a remover of its
    # own, which runs outside the project (nothing takes it for a worker).
    (project / "site" / "stale.html").write_text("from the old site", "utf-8")
    result = build(project)

    assert result.returncode == 0, result.stderr
    assert not (project / "site" / "stale.html").exists()
    assert leftovers(project) == []
    assert processes_in(project) == []
