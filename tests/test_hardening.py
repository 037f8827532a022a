"""Issue 15, in-process cases: nothing outside the project is touched, the cache is data,
reads are bounded, one bad article or catalog stays its own problem.

The slow cases (real builds killed, failing or filling the disk) are in
tests/test_publishing.py.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import pickle
import signal
import subprocess
import sys
import textwrap
import threading
import time
import zipfile
from pathlib import Path

import pytest
import tinymodels

from briefings import collection as collection_module
from briefings.cache import CACHE_DIR, CACHE_FILE, ENTRIES_DIR, RunCache
from briefings.collection import collect
from briefings.errors import BriefingsError, one_line
from briefings.glossary import load_glossary
from briefings.lock import project_lock
from briefings.model import Article, Briefing, Entity, SourceInfo, Statement, TimelineEvent
from briefings.project import load_project
from briefings.run import CACHE_KINDS
from briefings.safe_yaml import safe_load
from briefings.site.build import Site
from briefings.site.tags import MAX_SLUG_BYTES, MAX_TAGS, tag_slug
from briefings.site.translated import ArticleTranslation, read_translation
from briefings.translation.catalogs import CatalogFacts, CatalogStatus
from briefings.translation.models import install_archive
from briefings.typed_json import InvalidData, decode, encode

ROOT = Path(__file__).resolve().parent.parent
BRIEFINGS = str(Path(sys.executable).with_name("briefings"))
GOOD = "The minister said on Tuesday that talks with the delegation would resume next week.\n"


def project_at(folder: Path, articles: dict[str, str] | None = None, languages: str = "[ru]"
               ) -> Path:
    (folder / "content").mkdir(parents=True, exist_ok=True)
    for name, text in (articles or {"talks.txt": f"Talks resume\n\n{GOOD}"}).items():
        (folder / "content" / name).write_text(text, "utf-8")
    (folder / "mkdocs.yml").write_text(
        f"site_name: Test\nextra:\n  briefings:\n    languages: {languages}\n", "utf-8"
    )
    return folder


# -- the lock -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["symlink", "dangling", "fifo", "hardlink"])
def test_the_lock_file_is_never_a_way_to_another_file(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "outside" / "config"
    target.parent.mkdir()
    target.write_text("[core]\n\trepositoryformatversion = 0\n", "utf-8")
    project = tmp_path / "project"
    project.mkdir()
    lock = project / ".briefings.lock"
    if kind == "symlink":
        lock.symlink_to(target)
    elif kind == "dangling":
        lock.symlink_to(tmp_path / "outside" / "created-by-us")
    elif kind == "fifo":
        os.mkfifo(lock)
    else:
        os.link(target, lock)

    with pytest.raises(BriefingsError) as info, project_lock(project, wait=0):
        pass

    message = str(info.value)
    assert message.startswith(f"{lock}: ") and "refusing" in message and "\n" not in message
    assert target.read_text("utf-8") == "[core]\n\trepositoryformatversion = 0\n"
    assert not (tmp_path / "outside" / "created-by-us").exists()


HOLD_AND_FORK = textwrap.dedent(
    """
    import os, sys, time
    from pathlib import Path
    from briefings.lock import project_lock
    with project_lock(Path(sys.argv[1])):
        if os.fork() == 0:  # a worker that outlives its parent
            time.sleep(60)
            os._exit(0)
        print("held", flush=True)
        time.sleep(60)
    """
)


def test_a_process_forked_while_holding_the_lock_does_not_keep_it(tmp_path: Path) -> None:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_AND_FORK, str(tmp_path)],
                              stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        holder.send_signal(signal.SIGKILL)  # the parent dies; its forked child lives on
        holder.wait()
        started = time.monotonic()
        with project_lock(tmp_path, wait=20) as path:
            assert path is not None
        assert time.monotonic() - started < 15
    finally:
        os.killpg(holder.pid, signal.SIGKILL)


SLOW_MAP = textwrap.dedent(
    """
    import os, sys, time
    from briefings.parallel import parallel_map
    def task(i):
        if i == 0:
            print("working", flush=True)
        time.sleep(30)  # an orphan would outlive the test's wait
        return i
    parallel_map(task, range(64), workers=2)
    """
)


def _with_marker(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker.encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(sys.platform != "linux", reason="workers are forked on Linux only")
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_forked_workers_die_with_their_parent(tmp_path: Path, how: signal.Signals) -> None:
    marker = f"briefings-test-{tmp_path.name}-{how.name}"
    parent = subprocess.Popen([sys.executable, "-c", SLOW_MAP, marker], stdout=subprocess.PIPE,
                              text=True, env={**os.environ, "BRIEFINGS_WORKERS": "2"})
    try:
        assert parent.stdout is not None and parent.stdout.readline() == "working\n"
        assert len(_with_marker(marker)) >= 2  # the parent and its workers
        parent.send_signal(how)
        parent.wait(timeout=60)
        deadline = time.monotonic() + 10
        while _with_marker(marker) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _with_marker(marker) == []
    finally:
        for pid in _with_marker(marker):
            os.kill(pid, signal.SIGKILL)


# -- the run cache is data --------------------------------------------------------------------


def _briefing() -> Briefing:
    article = Article(
        path=Path("content/talks.txt"), slug="talks", title="Talks", title_generated=False,
        dek=None, dateline="YEREVAN, May 2", published=dt.date(2024, 5, 2),
        source=SourceInfo("Wire", "https://example.org/x"), attribution=None,
        paragraphs=["One.", "Two."], removed=["Ad"], tags=["Armenia"], paragraph_lines=[3, 5],
    )
    return Briefing(
        article, ["One."], [Statement("Jane Doe", "Talks", True, 0, "Talks, she said.", "Gov")],
        [TimelineEvent("2024-05", "In May.", 1)], [Entity("Yerevan", "place", mentions=2)],
    )


KEY, DATA = "a" * 64, "d" * 64  # a source's and a catalog's keys: SHA-256s in hexadecimal


def test_the_cache_keeps_briefings_as_typed_json_and_gives_them_back_equal(
    tmp_path: Path,
) -> None:
    cache = RunCache.open(tmp_path, kinds=CACHE_KINDS)
    briefing = _briefing()
    cache.keep_briefing(KEY, briefing)
    facts = CatalogFacts(CatalogStatus(3, 1, 1, 0, 1), 2, 1, {"Talks": ("Переговоры", "reviewed")})
    cache.keep_catalog("ru", DATA, facts)
    cache.keep_merge("ru", "talks", "u", DATA)
    cache.save()
    folder = tmp_path / CACHE_DIR
    index = json.loads((folder / CACHE_FILE).read_text("utf-8"))
    assert set(index) == {"key", "format", "merged", "entries"}
    places = dict(_places(tmp_path))
    assert set(places) == {f"analyses/{KEY}", f"catalogs-ru/{DATA}"}
    # Both in the one pack this save wrote: no file per entry.
    assert [p.name for p in (folder / ENTRIES_DIR).iterdir()] == [places[f"analyses/{KEY}"][0]]
    stored = json.loads(_entry(tmp_path, f"analyses/{KEY}"))
    assert set(stored) == {"key", "data"} and stored["key"] == cache.key

    again = RunCache.open(tmp_path, kinds=CACHE_KINDS)
    assert again.analyses == {}  # read when asked for, not before
    assert again.briefing(KEY) == briefing
    assert again.catalog("ru", DATA) == facts
    assert again.merged == {("ru", "talks"): ("u", DATA)}


def _places(root: Path) -> list[tuple[str, list[object]]]:
    """The run cache's index at ``root``: each entry's name and where it lies."""
    index = json.loads((root / CACHE_DIR / CACHE_FILE).read_text("utf-8"))
    return [(name, place) for name, place in index["entries"]]


def _entry(root: Path, name: str) -> bytes:
    pack, offset, length = dict(_places(root))[name]
    assert isinstance(pack, str) and isinstance(offset, int) and isinstance(length, int)
    return (root / CACHE_DIR / ENTRIES_DIR / pack).read_bytes()[offset:offset + length]


def _packs(root: Path) -> list[str]:
    return sorted(p.name for p in (root / CACHE_DIR / ENTRIES_DIR).glob("*.pack"))


def test_the_cache_writes_only_what_a_run_made_and_drops_what_it_did_not_use(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from briefings import packs

    # What an earlier format left, a file per entry (and a folder of them
    # that is a link), goes at the first save that prunes.
    entries = tmp_path / CACHE_DIR / ENTRIES_DIR
    (entries / "analyses").mkdir(parents=True)
    (entries / "analyses" / f"{KEY}.json").write_text("{}", "utf-8")
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / f"{DATA}.json").write_text("{}", "utf-8")
    (entries / "catalogs-ru").symlink_to(outside)
    first = RunCache.open(tmp_path, kinds=CACHE_KINDS)
    first.keep_briefing(KEY, _briefing())
    first.keep_briefing("b" * 64, _briefing())
    first.save(prune=True)
    assert sorted(p.name for p in entries.iterdir()) == _packs(tmp_path)
    assert [p.name for p in outside.iterdir()] == [f"{DATA}.json"]  # not through the link
    assert sorted(name for name, _ in _places(tmp_path)) == [f"analyses/{KEY}",
                                                             f"analyses/{'b' * 64}"]
    [written] = _packs(tmp_path)
    stored = dict(_places(tmp_path))[f"analyses/{KEY}"]
    # A rebuild that used one of them and made a third: the third written, the unused dropped.
    again = RunCache.open(tmp_path, kinds=CACHE_KINDS)
    assert again.briefing(KEY) is not None
    again.keep_briefing("c" * 64, _briefing())
    again.save(prune=True)
    places = dict(_places(tmp_path))
    assert sorted(places) == [f"analyses/{KEY}", f"analyses/{'c' * 64}"]
    # The one kept is not written again: half its pack is still used, which stays.
    assert places[f"analyses/{KEY}"] == stored
    assert places[f"analyses/{'c' * 64}"][0] != written
    assert _packs(tmp_path) == sorted({written, places[f"analyses/{'c' * 64}"][0]})
    # A run over part of the project (prune=False) throws nothing away, and writes nothing.
    index = (tmp_path / CACHE_DIR / CACHE_FILE).stat().st_mtime_ns
    part = RunCache.open(tmp_path, kinds=CACHE_KINDS)
    part.save()
    assert dict(_places(tmp_path)) == places
    assert (tmp_path / CACHE_DIR / CACHE_FILE).stat().st_mtime_ns == index
    # Packs one too many (here any but the new one) have what is still used
    # copied into the new pack, and go.
    monkeypatch.setattr(packs, "MAX_PACKS", 1)
    last = RunCache.open(tmp_path, kinds=CACHE_KINDS)
    assert last.briefing(KEY) is not None and last.briefing("c" * 64) is not None
    last.keep_briefing("d" * 64, _briefing())
    last.save(prune=True)
    [only] = _packs(tmp_path)
    assert only not in (written, places[f"analyses/{'c' * 64}"][0])
    assert {place[0] for _, place in _places(tmp_path)} == {only}
    again = RunCache.open(tmp_path, kinds=CACHE_KINDS)
    assert again.briefing(KEY) == again.briefing("c" * 64) == _briefing()


def _payload(tmp_path: Path) -> bytes:
    class Boom:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (os.system, (f"touch {tmp_path / 'PWNED'}",))

    return pickle.dumps({"key": "x", "analyses": Boom(), "catalogs": {}, "merged": {}})


@pytest.mark.parametrize("name", [CACHE_FILE, "runs.pickle", "runs/analyses/x.json",
                                  f"runs/{'0' * 32}.pack"])
def test_a_committed_pickle_in_the_cache_runs_nothing(tmp_path: Path, name: str) -> None:
    project = project_at(tmp_path / "project")
    folder = project / CACHE_DIR
    (folder / name).parent.mkdir(parents=True)
    (folder / name).write_bytes(_payload(tmp_path))

    result = collect(load_project(project), cache=RunCache.open(project, kinds=CACHE_KINDS))

    assert [b.slug for b in result.briefings] == ["talks"]
    assert not (tmp_path / "PWNED").exists()


def test_a_cache_entry_that_does_not_fit_the_types_is_ignored_whole(tmp_path: Path) -> None:
    good = RunCache.open(tmp_path, kinds=CACHE_KINDS)
    good.keep_briefing(KEY, _briefing())
    good.save()
    index = tmp_path / CACHE_DIR / CACHE_FILE
    [(name, [pack, _, _])] = _places(tmp_path)
    assert isinstance(pack, str)
    stored = json.loads(_entry(tmp_path, name))
    hostile = [
        {**stored, "data": {"briefing": {"__class__": "os.system"}}},
        {**stored, "data": {**stored["data"], "extra": 1}},
        {**stored, "key": "another cache's key"},
        {**stored, "data": "[" * 100_000},
        "[" * 100_000,
    ]

    def planted(data: bytes, place: object) -> RunCache:
        (tmp_path / CACHE_DIR / ENTRIES_DIR / pack).write_bytes(data)
        index.write_text(json.dumps({**json.loads(index.read_text("utf-8")),
                                     "entries": [[name, place]]}), "utf-8")
        return RunCache.open(tmp_path, kinds=CACHE_KINDS)

    for value in hostile:
        data = (value if isinstance(value, str) else json.dumps(value)).encode("utf-8")
        cache = planted(data, [pack, 0, len(data)])
        assert cache.briefing(KEY) is None and cache.analyses == {}
    # A place that names a path, not a pack, or lies past its pack's end.
    data = json.dumps(stored).encode("utf-8")
    for place in (["../x.pack", 0, len(data)], [pack, 0, len(data) + 1], [pack, -1, 5],
                  [pack, 0, float(len(data))], f"0:{len(data)}"):
        cache = planted(data, place)
        assert cache.briefing(KEY) is None and cache.analyses == {}
    assert planted(data, [pack, 0, len(data)]).briefing(KEY) == _briefing()
    index.write_text(json.dumps({**json.loads(index.read_text("utf-8")),
                                 "merged": [[["ru", "talks"], ["u", 7]]]}), "utf-8")
    assert RunCache.open(tmp_path, kinds=CACHE_KINDS).merged == {}
    # A name that is not a key is never looked up (it could name a path anywhere).
    assert good.briefing("../../x") is None and good.catalog("../ru", DATA) is None


def test_a_cache_entries_folder_that_is_a_link_is_never_read_or_written_through(
    tmp_path: Path,
) -> None:
    outside = tmp_path / "elsewhere"
    project = tmp_path / "project"
    first = RunCache.open(project, kinds=CACHE_KINDS)
    first.keep_briefing(KEY, _briefing())
    first.save()
    # A pack that is a link is not read.
    [pack] = _packs(project)
    entries = project / CACHE_DIR / ENTRIES_DIR
    (tmp_path / pack).write_bytes((entries / pack).read_bytes())
    (entries / pack).unlink()
    (entries / pack).symlink_to(tmp_path / pack)
    assert RunCache.open(project, kinds=CACHE_KINDS).briefing(KEY) is None
    (entries / pack).unlink()
    (tmp_path / pack).rename(entries / pack)
    assert RunCache.open(project, kinds=CACHE_KINDS).briefing(KEY) == _briefing()
    # Nor is a folder of packs that is a link, nor written through.
    entries.rename(outside)
    entries.symlink_to(outside)
    cache = RunCache.open(project, kinds=CACHE_KINDS)
    assert cache.briefing(KEY) is None
    cache.keep_briefing("b" * 64, _briefing())
    cache.save()
    assert sorted(p.name for p in outside.iterdir()) == [pack]


def test_a_pack_planted_as_a_fifo_is_a_miss_not_a_wait(tmp_path: Path) -> None:
    first = RunCache.open(tmp_path, kinds=CACHE_KINDS)
    first.keep_briefing(KEY, _briefing())
    first.save()
    [pack] = _packs(tmp_path)
    path = tmp_path / CACHE_DIR / ENTRIES_DIR / pack
    path.unlink()
    os.mkfifo(path)  # opened without O_NONBLOCK, reading it would wait for a writer for ever
    needed: list[bool] = []

    def writer() -> None:  # a failure, not a test that never ends, if the read waits
        time.sleep(10)
        needed.append(True)
        with contextlib.suppress(OSError):
            os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))

    threading.Thread(target=writer, daemon=True).start()
    assert RunCache.open(tmp_path, kinds=CACHE_KINDS).briefing(KEY) is None
    assert not needed


def test_the_packs_a_run_read_are_let_go_when_it_saves_or_closes(tmp_path: Path) -> None:
    def open_files() -> int:
        return len(os.listdir("/proc/self/fd"))

    first = RunCache.open(tmp_path, kinds=CACHE_KINDS)
    first.keep_briefing(KEY, _briefing())
    first.save()
    before = open_files()
    for finish in ("save", "close"):
        cache = RunCache.open(tmp_path, kinds=CACHE_KINDS)
        assert cache.briefing(KEY) == _briefing()
        assert open_files() == before + 1  # its pack, open for reading
        getattr(cache, finish)()
        assert open_files() == before


def test_saves_that_do_not_prune_keep_a_few_packs_and_drop_places_that_cannot_be_read(
    tmp_path: Path,
) -> None:
    from briefings import packs

    keys = [f"{n:064x}" for n in range(1, 3 * packs.MAX_PACKS)]
    for key in keys:  # a run over one article at a time (briefings translate x.md)
        cache = RunCache.open(tmp_path, kinds=CACHE_KINDS)
        cache.keep_briefing(key, _briefing())
        cache.save()
        assert len(_packs(tmp_path)) <= packs.MAX_PACKS
    again = RunCache.open(tmp_path, kinds=CACHE_KINDS)
    assert all(again.briefing(key) == _briefing() for key in keys)
    # A place no pack here gives (planted, or its pack deleted) goes at the next save.
    index = tmp_path / CACHE_DIR / CACHE_FILE
    data = json.loads(index.read_text("utf-8"))
    data["entries"] += [[f"analyses/{'f' * 64}", ["0" * 32 + ".pack", 0, 10]],
                        [f"analyses/{'e' * 64}", [_packs(tmp_path)[0], 0, 10 ** 12]]]
    index.write_text(json.dumps(data), "utf-8")
    cache = RunCache.open(tmp_path, kinds=CACHE_KINDS)
    cache.save()
    assert sorted(name for name, _ in _places(tmp_path)) == sorted(f"analyses/{key}"
                                                                    for key in keys)


def test_typed_json_checks_every_value_against_its_field() -> None:
    data = encode(_briefing(), Briefing)
    data["article"]["published"] = "2024-02-30"
    with pytest.raises(InvalidData):
        decode(data, Briefing)
    data = encode(_briefing(), Briefing)
    data["statements"][0]["direct_quote"] = 1  # a number is not a yes or no
    with pytest.raises(InvalidData):
        decode(data, Briefing)
    assert decode(encode(_briefing(), Briefing), Briefing) == _briefing()


def test_typed_json_lists_and_pairs_of_plain_values_are_checked_item_by_item() -> None:
    assert decode(["a", "b"], list[str]) == ["a", "b"]
    assert decode([True, False], set[bool]) == {True, False}
    assert decode([1.0, 2], list[float]) == [1.0, 2.0]
    for data, hint in [(["a", 1], list[str]), ([1, True], list[int]), ([True, 1], list[bool]),
                       (["a"], tuple[str, str]), (["a", 1], tuple[str, str])]:
        with pytest.raises(InvalidData):
            decode(data, hint)
    assert encode(("a", "b"), tuple[str, str]) == ["a", "b"]
    assert encode({"a", "b"}, frozenset[str]) in (["a", "b"], ["b", "a"])
    assert encode({"k": 1}, dict[str, int]) == [["k", 1]]
    with pytest.raises(ValueError):
        encode(("a",), tuple[str, str])


def test_a_cache_folder_that_is_a_link_is_never_written_through(tmp_path: Path) -> None:
    outside = tmp_path / "home"
    outside.mkdir()
    (tmp_path / "project").mkdir()
    (tmp_path / "project" / CACHE_DIR).symlink_to(outside)
    cache = RunCache.open(tmp_path / "project", kinds=CACHE_KINDS)
    cache.keep_merge("ru", "talks", "u", "d")
    cache.save()
    assert list(outside.iterdir()) == []


# -- paths that leave the project --------------------------------------------------------------


@pytest.mark.parametrize("where", ["content", "translations", "translations/ru", "glossary.yaml"])
def test_a_link_out_of_the_project_is_refused_in_one_line(tmp_path: Path, where: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(f"Secret\n\n{GOOD}", "utf-8")
    project = project_at(tmp_path / "project")
    link = project / where
    if link.exists():
        os.rename(link, tmp_path / "moved")
    link.parent.mkdir(parents=True, exist_ok=True)
    link.symlink_to(outside / "secret.txt" if where.endswith(".yaml") else outside)

    with pytest.raises(BriefingsError) as info:
        load_project(project)

    assert str(info.value).startswith(f"{where}: is a symbolic link that leads out of the project")
    result = subprocess.run([BRIEFINGS, "translate", "--no-progress"], cwd=project,
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1 and result.stderr.count("\n") == 1, result.stderr
    assert sorted(p.name for p in outside.iterdir()) == ["secret.txt"]


def test_a_link_inside_the_project_is_fine(tmp_path: Path) -> None:
    project = project_at(tmp_path / "project")
    os.rename(project / "content", project / "articles")
    (project / "content").symlink_to("articles")
    assert load_project(project).content_path == project / "content"


def test_project_names_a_folder_that_is_not_a_project(tmp_path: Path) -> None:
    project = project_at(tmp_path / "project")
    (project / "sub").mkdir()
    for given, words in (("typo-dir", "no such project folder"), ("sub", "holds no mkdocs.yml")):
        result = subprocess.run([BRIEFINGS, "status", "--project", given], cwd=project,
                                capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 1, result.stderr
        assert result.stderr.startswith(f"briefings: {project / given}: {words}"), result.stderr


# -- the glossary ------------------------------------------------------------------------------

LAUGHS = "\n".join(
    ["- name: &a0 lol"]
    + [f"- name: x{i}\n  aliases: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
) + "\n"


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (LAUGHS, "aliases expand to more than"),
        ("- name: X\n  affiliation: [Armenia, Azerbaijan]\n",
         "affiliation must be one piece of text"),
        ("- name: X\n  ru: {a: b}\n", "'ru' must be text"),
        ("- name: [X]\n", "needs at least a 'name'"),
        ("- name: X\n  aliases: [[a]]\n", "aliases must be a list of names"),
    ],
)
def test_a_glossary_is_checked_when_loaded(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text(text, "utf-8")
    started = time.monotonic()
    with pytest.raises(BriefingsError) as info:
        load_glossary(path)
    assert time.monotonic() - started < 30  # not the minutes of an expansion
    assert words in str(info.value) and str(info.value).startswith(str(path))


def test_a_glossary_that_is_not_a_regular_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "glossary.yaml"
    path.symlink_to("/dev/zero")
    with pytest.raises(BriefingsError, match="not a regular file"):
        load_glossary(path)


def test_the_bounded_loader_keeps_a_few_aliases() -> None:
    assert safe_load("a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}


# -- one bad article, one bad catalog ----------------------------------------------------------


def test_an_article_that_breaks_analysis_is_named_and_the_rest_published(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = load_project(project_at(tmp_path, {
        "talks.txt": f"Talks resume\n\n{GOOD}",
        "deep.txt": f"Deep\n\n{GOOD}",
        "edge.md": f"---\npublished: 9999-12-31\n---\nFar off\n\n{GOOD} On Friday, they met.\n",
    }))
    real = collection_module.analyse

    def analyse(article: Article, glossary: object) -> Briefing:
        if article.slug == "deep":  # what a bug an odd article triggers looks like
            raise RecursionError("maximum recursion depth exceeded")
        return real(article, glossary)  # type: ignore[arg-type]

    monkeypatch.setattr(collection_module, "analyse", analyse)
    result = collect(project)
    published = {b.slug for b in result.briefings}
    named = {p.path: str(p) for p in result.problems}
    assert "talks" in published and "deep" not in published
    assert "nested too deeply" in named["content/deep.txt"]
    assert "edge" in published or "content/edge.md" in named  # never a crash
    assert all("\n" not in line for line in named.values())


def test_a_page_that_cannot_be_made_is_left_out_of_that_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = load_project(project_at(tmp_path, {
        "talks.txt": f"Talks resume\n\n{GOOD}", "other.txt": f"Other talks\n\n{GOOD}",
    }))
    site = Site(project, collect(project))
    from briefings.site import build

    real = build.render_briefing

    def render(briefing: Briefing, *args: object, **kwargs: object) -> str:
        if briefing.slug == "other":
            raise RecursionError
        return real(briefing, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(build, "render_briefing", render)
    plan = site.plan("en")
    uris = {page.src_uri for page in plan.pages}
    assert "briefings/talks.md" in uris and "briefings/other.md" not in uris
    assert not any("other" in page.markdown for page in plan.pages if page.src_uri == "index.md")
    [problem] = site.problems["en"]
    assert str(problem).startswith("content/other.txt: its en page is nested too deeply")


def test_many_tags_and_long_tags_stay_bounded(tmp_path: Path) -> None:
    tags = ", ".join(f"t{i}" for i in range(3000))
    project = load_project(project_at(tmp_path, {
        "many.md": f"---\ntags: {tags}\n---\nMany tags\n\n{GOOD}",
    }))
    result = collect(project)
    [warning] = result.warnings
    assert str(warning) == f"content/many.md: 3,000 tags; only the first {MAX_TAGS} are used"
    site = Site(project, result)
    assert len(site.tags) == MAX_TAGS

    cjk, emoji = "漢" * 100, "🙂" * 60
    slugs = {tag_slug(cjk), tag_slug(emoji), tag_slug(cjk + "字"), tag_slug("a" * 100)}
    assert len(slugs) == 4
    assert all(len(slug.encode()) <= MAX_SLUG_BYTES and slug.isascii() for slug in slugs)
    assert tag_slug("Nagorno-Karabakh") == "nagorno-karabakh"  # short slugs unchanged


def test_a_title_translation_with_blank_lines_stays_on_one_line() -> None:
    translation = ArticleTranslation(
        "ru", "talks", "translations/ru/talks.po", CatalogStatus(1, 1, 0, 0, 0),
        {"Talks resume": ("Переговоры\n\n# Фальшивый заголовок\n\n- пункт", "reviewed")},
    )
    text, lang = translation.text("Talks resume")
    assert (text, lang) == ("Переговоры # Фальшивый заголовок - пункт", "ru")


def test_a_broken_catalog_is_named_by_its_path_in_the_project(tmp_path: Path) -> None:
    project = load_project(project_at(tmp_path.resolve()))
    [briefing] = collect(project).briefings
    path = project.catalog_path("ru", "talks")
    path.parent.mkdir(parents=True)
    path.write_text('msgid ""\nmsgstr "Language: ru\\n"\n\n<<<<<<< HEAD\n', "utf-8")
    translation = read_translation(project, "ru", briefing)
    assert translation.problem is not None
    assert str(translation.problem).startswith("translations/ru/talks.po")
    assert str(tmp_path.resolve()) not in str(translation.problem)

    path.unlink()
    path.symlink_to("/dev/zero")
    translation = read_translation(project, "ru", briefing)
    assert str(translation.problem) == (
        "translations/ru/talks.po: not a regular file; a catalog must be a plain PO file"
    )


# -- model archives ----------------------------------------------------------------------------


def _deflated(good: Path, dest: Path, extra: dict[str, bytes]) -> Path:
    tinymodels.rewrite(good, dest, lambda e: e)
    with zipfile.ZipFile(dest, "a", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in extra.items():
            zf.writestr(name, data)
    return dest


def _metadata(good: Path, dest: Path, text: bytes) -> Path:
    return tinymodels.rewrite(good, dest, lambda e: {**e, f"{tinymodels.TOP}/metadata.json": text})


TOP = tinymodels.TOP
ARCHIVES = [
    ("bomb", lambda g, d: _deflated(g, d, {f"{TOP}/model/padding.bin": bytes(50_000_000)}),
     "times its size"),
    ("entries", lambda g, d: _deflated(g, d, {f"{TOP}/x/{i}": b"" for i in range(2100)}),
     "entries, over the limit"),
    ("nested-json", lambda g, d: _metadata(g, d, b'{"from_code": "en", "to_code": "ru", "x": '
                                           + b"[" * 5000 + b"]" * 5000 + b"}"),
     "nested over"),
    ("big-json", lambda g, d: _metadata(g, d, b'{"from_code": "en", "to_code": "ru", "x": "'
                                        + b"a" * 3_000_000 + b'"}'),
     "is over 64 KB"),
    ("escapes", lambda g, d: _metadata(g, d, b'{"from_code": "en\\u001b[31m", "to_code": "ru"}'),
     "is not a language code"),
    ("deep", lambda g, d: _deflated(g, d, {f"{TOP}/model/" + "d/" * 12 + "f": b"x"}),
     "nested over 8 folders"),
]


@pytest.mark.parametrize(("name", "make", "words"), ARCHIVES, ids=[a[0] for a in ARCHIVES])
def test_an_archive_is_checked_entry_by_entry_before_anything_is_unpacked(
    tiny_argos_archive: Path, tmp_path: Path, name: str, make: object, words: str
) -> None:
    archive = make(tiny_argos_archive, tmp_path / f"{name}.argosmodel")  # type: ignore[operator]
    packages = tmp_path / "packages"
    with pytest.raises(BriefingsError) as info:
        install_archive(archive, packages)
    assert words in str(info.value), str(info.value)
    assert "\x1b" not in str(info.value) and "\n" not in str(info.value)
    assert not packages.exists() or list(packages.iterdir()) == []


def test_only_the_package_s_own_files_are_unpacked(tiny_argos_archive: Path, tmp_path: Path
                                                   ) -> None:
    archive = _deflated(tiny_argos_archive, tmp_path / "extra.argosmodel",
                        {f"{TOP}/payload.iso": os.urandom(2048)})
    installed = install_archive(archive, tmp_path / "packages")
    assert not (installed.path / "payload.iso").exists()
    assert (installed.path / "model" / "model.bin").is_file()


def test_messages_show_control_characters_as_escapes() -> None:
    error = BriefingsError("content/a\x1b[2Jb.txt", "bad\nline\u202e")
    assert str(error) == "content/a\\x1b[2Jb.txt: bad\\nline\\u202e"
    assert one_line(str(error)) == str(error)
