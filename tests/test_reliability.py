"""Bad input, faults and concurrent runs lose nothing (issue 5).

Everything here runs the real thing in a separate process -- the ``briefings``
console script, ``mkdocs build``, tiny real CTranslate2 models, GNU ``msgfmt`` --
and then looks at what is left on disk and what was said on stderr.
"""

from __future__ import annotations

import os
import random
import re
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from projects import sample_project

from briefings.translation.models import install_archive
from briefings.translation.pofile import read_catalog, write_catalog

# Every test here runs real processes: seconds, not milliseconds.
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
BRIEFINGS = str(Path(sys.executable).with_name("briefings"))
MSGFMT = shutil.which("msgfmt") or "/usr/bin/msgfmt"
LANGS = ("hy", "az", "ru")
SAMPLES = ROOT / "tests" / "data" / "articles"

GOOD = "The minister said on Tuesday that talks with the delegation would resume next week.\n"


# -- running things --------------------------------------------------------------------------


def briefings(
    *args: str,
    cwd: Path,
    env: dict[str, str] | None = None,
    preexec_fn: Callable[[], None] | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """The ``briefings`` console script, as a user runs it."""
    return subprocess.run(
        [BRIEFINGS, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, **(env or {})}, preexec_fn=preexec_fn, check=False,
    )


def mkdocs_build(
    project: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "BRIEFINGS_NO_TRANSLATE": "1", "NO_MKDOCS_2_WARNING": "1", **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *args], cwd=project, env=env,
        capture_output=True, text=True, timeout=600, check=False,
    )


def one_line_problem(result: subprocess.CompletedProcess[str]) -> str:
    """The single stderr line of a run that failed as a user error should."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, (result.returncode, result.stderr)
    lines = result.stderr.strip("\n").split("\n")
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("briefings: ")
    return lines[0]


def msgfmt_ok(path: Path) -> None:
    result = subprocess.run(
        [MSGFMT, "-c", "-o", "/dev/null", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{path}: {result.stderr}"


# -- projects --------------------------------------------------------------------------------


def set_setting(project: Path, key: str, value: object) -> None:
    """Change one ``extra: briefings:`` setting in the project's mkdocs.yml, as text."""
    config = project / "mkdocs.yml"
    text, found = re.subn(
        rf"^(\s+){key}:.*$", rf"\g<1>{key}: {value}", config.read_text("utf-8"), flags=re.M
    )
    if not found:
        text, found = re.subn(
            r"^(\s+)briefings:\n", rf"\g<0>\g<1>  {key}: {value}\n", text, count=1, flags=re.M
        )
    assert found, f"no extra.briefings in {config}"
    config.write_text(text, "utf-8")


def catalog_project(tmp_path: Path, engines: str = "", articles: int = 2) -> Path:
    """A project for ``briefings translate``: sample articles, no site.

    Without ``engines`` no language has a model, so a run only merges (fast);
    with them it drafts.
    """
    project = tmp_path / "project"
    (project / "content").mkdir(parents=True)
    sources = [*sorted((ROOT / "content").glob("*.txt")), *sorted(SAMPLES.glob("*"))]
    for source in sources[:articles]:
        shutil.copy(source, project / "content" / source.name)
    (project / "mkdocs.yml").write_text(
        "site_name: Test\n"
        "extra:\n"
        "  briefings:\n"
        f"    languages: [{', '.join(LANGS)}]\n"
        "    beam_size: 1\n"
        "    threads: 1\n"
        "    max_decoding_length: 16\n"
        + (engines or "    argos_packages_dir: packages\n"
                      "    engines:\n      hy: {engine: ctranslate2, model: models/none}\n"),
        "utf-8",
    )
    return project


def model_engines(packages: Path, nllb: Path, opus: Path) -> str:
    return (
        f"    argos_packages_dir: {packages}\n"
        "    engines:\n"
        "      ru: {engine: argos}\n"
        f"      hy: {{engine: ctranslate2, model: {nllb}}}\n"
        f"      az: {{engine: ctranslate2, model: {opus}}}\n"
    )


@pytest.fixture(scope="module")
def packages(tiny_argos_archive: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An Argos packages folder with the tiny en→ru package installed."""
    folder = tmp_path_factory.mktemp("argos") / "packages"
    install_archive(tiny_argos_archive, folder)
    return folder


def catalogs(project: Path) -> dict[str, bytes]:
    """Every catalog of ``project`` by its path in the project, with its bytes."""
    return {
        p.relative_to(project).as_posix(): p.read_bytes()
        for p in sorted((project / "translations").rglob("*.po"))
    }


def leftovers(project: Path) -> list[str]:
    """Temporary files a write left behind."""
    return sorted(p.name for p in (project / "translations").rglob("*.tmp"))


def edit_articles(project: Path) -> None:
    """What an editor does between runs: a sentence added to every article."""
    for source in sorted((project / "content").iterdir()):
        with source.open("a", encoding="utf-8") as stream:
            stream.write(f"\n\nThe ministry of {source.stem[:12]} said the talks would go on.\n")


# -- article sources: one clear line, no traceback, nothing published -------------------------

CP1250 = "Příliš žluťoučký kůň úpěl ďábelské ódy.\n".encode("cp1250")


def _escape_tag(tmp: Path) -> str:
    return f"---\ntitle: !!python/object/apply:os.system ['touch {tmp / 'PWNED'}']\n---\n{GOOD}"


BAD_SOURCES: list[tuple[str, Callable[[Path], bytes | str], str, int | None]] = [
    ("empty.txt", lambda tmp: b"", "the file is empty", None),
    ("blank.txt", lambda tmp: b" \n\t\n", "the file is empty", None),
    ("photo.txt", lambda tmp: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64), "binary", None),
    ("czech.txt", lambda tmp: b"Headline\n\n" + CP1250, "encoding could not be told", 3),
    ("broken-yaml.md", lambda tmp: f"---\ntitle: ok\ndek: [broken\n---\n{GOOD}",
     "invalid front matter", 3),
    ("bad-date.md", lambda tmp: f"---\ntitle: ok\npublished: 2023-13-45\n---\n{GOOD}",
     "invalid front matter", 3),
    ("tag.md", _escape_tag, "YAML tag that is not allowed", 2),
    ("new-object.md",
     lambda tmp: f"---\ntitle: ok\ndek: !!python/object/new:os.system [touch {tmp / 'PWNED'}]\n"
                 f"---\n{GOOD}",
     "YAML tag that is not allowed", 3),
    ("escape.md", lambda tmp: f"---\nslug: ../x\n---\n{GOOD}", "slug '../x'", None),
    ("absolute.md", lambda tmp: f"---\nslug: /etc/passwd\n---\n{GOOD}", "slug '/etc/passwd'", None),
    ("..txt", lambda tmp: GOOD, "no usable slug", None),
    ("«»!.txt", lambda tmp: GOOD, "no usable slug", None),
    ("con.txt", lambda tmp: GOOD, "reserved", None),
    ("new\nline.txt", lambda tmp: GOOD, "control character", None),
]


@pytest.mark.parametrize(
    ("name", "content", "words", "line"), BAD_SOURCES, ids=[c[0] for c in BAD_SOURCES]
)
def test_inspect_names_the_file_and_the_problem_on_one_line(
    tmp_path: Path, name: str, content: Callable[[Path], bytes | str], words: str, line: int | None
) -> None:
    source = tmp_path / name
    data = content(tmp_path)
    source.write_bytes(data.encode() if isinstance(data, str) else data)

    result = briefings("inspect", name, cwd=tmp_path)

    message = one_line_problem(result)
    shown = name.replace("\n", "\\n")
    where = f"{shown}:{line}: " if line else f"{shown}: "
    assert message.startswith(f"briefings: {where}"), message
    assert words in message
    assert result.stdout == ""
    assert not (tmp_path / "PWNED").exists()  # the YAML tags ran nothing


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_inspect_refuses_what_is_not_a_file_without_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")  # opening it to read would wait for a writer forever
    (tmp_path / "folder.txt").mkdir()
    for name, words in (("pipe.txt", "not a regular file"), ("folder.txt", "is a folder"),
                        ("missing.txt", "No such file")):
        message = one_line_problem(briefings("inspect", name, cwd=tmp_path, timeout=30))
        assert message.startswith(f"briefings: {name}: ") and words in message


def test_legacy_cyrillic_and_latin_files_are_decoded(tmp_path: Path) -> None:
    russian = "Переговоры возобновятся\n\nМинистр заявил во вторник, что переговоры возобновятся.\n"
    latin = "Türkiye and Azerbaijan\n\nThe minister said talks in Zürich would resume.\n"
    (tmp_path / "ru.txt").write_bytes(russian.encode("cp1251"))
    (tmp_path / "koi.txt").write_bytes(russian.encode("koi8_r"))
    (tmp_path / "latin.txt").write_bytes(latin.encode("cp1252"))
    expected = {"ru.txt": "Переговоры", "koi.txt": "Переговоры", "latin.txt": "Türkiye"}
    for name, title in expected.items():
        result = briefings("inspect", "--json", name, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert f'"title": "{title}' in result.stdout


def test_inspect_uses_the_projects_size_limit_and_sees_a_taken_slug(tmp_path: Path) -> None:
    project = catalog_project(tmp_path)
    set_setting(project, "max_article_bytes", 4000)
    content = project / "content"
    (content / "big.txt").write_text("Headline\n\n" + GOOD * 60, "utf-8")
    taken = content / "taken.txt"
    taken.write_text(f"Taken\n\n{GOOD}", "utf-8")
    (content / "copy.md").write_text(f"---\nslug: {taken.stem}\n---\n{GOOD}", "utf-8")

    big = one_line_problem(briefings("inspect", "content/big.txt", cwd=project))
    assert big.startswith("briefings: content/big.txt: the file is 5,")
    assert "over the limit of 4,000" in big and "max_article_bytes" in big
    # An explicit limit wins over the project's.
    wider = briefings("inspect", "--max-bytes", "9000", "content/big.txt", cwd=project)
    assert wider.returncode == 0

    same = one_line_problem(briefings("inspect", "content/copy.md", cwd=project))
    assert same.startswith("briefings: content/copy.md: ")
    assert f"also the slug of content/{taken.name}" in same


def test_a_build_names_every_bad_article_and_publishes_none_of_them(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "site-project")
    set_setting(project, "max_article_bytes", 6000)
    content = project / "content"
    for name, make, _, _ in BAD_SOURCES:
        data = make(tmp_path)
        (content / name).write_bytes(data.encode() if isinstance(data, str) else data)
    (content / "too-big.txt").write_text("Too big\n\n" + GOOD * 80, "utf-8")
    (content / "first.txt").write_text(f"First copy\n\n{GOOD}", "utf-8")
    (content / "second.md").write_text(f"---\nslug: first\n---\nSecond copy\n\n{GOOD}", "utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text(f"Secret\n\n{GOOD}", "utf-8")
    (content / "linked.txt").symlink_to(outside)
    named = [
        *(f"content/{n.replace(chr(10), chr(92) + 'n')}" for n, *_ in BAD_SOURCES
          if not n.startswith(".")),  # hidden files are not articles: skipped unread
        "content/too-big.txt", "content/first.txt", "content/second.md", "content/linked.txt",
    ]

    relaxed = mkdocs_build(project)
    assert relaxed.returncode == 0, relaxed.stderr
    assert "Traceback" not in relaxed.stderr
    warnings = [line for line in relaxed.stderr.splitlines() if "briefings:" in line]
    for name in named:
        assert any(f"{name}:" in line and "not published" in line for line in warnings), name
    # Both files of the shared slug are named, in both messages.
    shared = [line for line in warnings if "slug 'first'" in line]
    assert len(shared) == 2
    assert all("content/first.txt" in line and "content/second.md" in line for line in shared)
    published = {p.name for p in (project / "site" / "briefings").iterdir() if p.is_dir()}
    assert published >= {p.stem for p in (ROOT / "content").glob("*.txt")}
    assert not published & {"first", "secret", "linked", "too-big", "x", "empty", "photo", "czech",
                            "broken-yaml", "bad-date", "tag", "new-object", "escape", "absolute"}
    assert not (project / "x").exists() and not (tmp_path / "x").exists()
    pages = (project / "site").rglob("*.html")
    site_text = "\n".join(p.read_text("utf-8", "replace") for p in pages)
    assert "Secret" not in site_text and "First copy" not in site_text
    assert not (tmp_path / "PWNED").exists()

    strict = mkdocs_build(project, "--strict")
    assert strict.returncode != 0
    for name in named:
        assert f"{name}:" in strict.stderr, name


# -- catalogs: file:line, left as they were, the rest processed --------------------------------


def _line_of(text: str, start: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), 1) if line.startswith(start))


def _entries(text: str) -> list[str]:
    return text.split("\n\n")


def conflict(text: str) -> tuple[str, int]:
    entries = _entries(text)
    third = entries[3]
    changed = third.replace('msgstr ""', 'msgstr "Ours"')
    entries[3] = f"<<<<<<< HEAD\n{changed}\n=======\n{third}\n>>>>>>> theirs"
    broken = "\n\n".join(entries)
    return broken, _line_of(broken, "<<<<<<<")


def cut_short(text: str) -> tuple[str, int]:
    cut = text.index('msgid "', len(text) // 2) + 12
    broken = text[:cut]
    return broken, broken.count("\n") + 1


def broken_header(text: str) -> tuple[str, int]:
    broken = re.sub(r'^"Content-Type: .*\n', "", text, count=1, flags=re.M)
    return broken, _line_of(broken, 'msgid ""')


def duplicate(text: str) -> tuple[str, int]:
    copy = _entries(text)[2]
    broken = text.rstrip("\n") + "\n\n" + copy + "\n"
    first_line = copy.split("\n").index(next(x for x in copy.split("\n") if x.startswith("msgid")))
    return broken, text.rstrip("\n").count("\n") + 3 + first_line


def wrong_language(text: str) -> tuple[str, int]:
    return text.replace('"Language: ru\\n"', '"Language: hy\\n"'), _line_of(text, 'msgid ""')


BREAKAGES = [
    (conflict, "unresolved merge conflict"),
    (cut_short, "cut short"),
    (broken_header, "charset=UTF-8"),
    (duplicate, "duplicate entry"),
    (wrong_language, "'Language: hy'"),
]


@pytest.mark.parametrize(("breakage", "words"), BREAKAGES, ids=[b.__name__ for b, _ in BREAKAGES])
def test_a_broken_catalog_is_reported_left_alone_and_the_rest_is_processed(
    tmp_path: Path, breakage: Callable[[str], tuple[str, int]], words: str
) -> None:
    project = catalog_project(tmp_path)
    assert briefings("translate", "--no-progress", cwd=project).returncode == 0
    first = sorted((project / "translations" / "ru").iterdir())[0]
    broken, line = breakage(first.read_text("utf-8"))
    first.write_text(broken, "utf-8")
    edit_articles(project)
    before = catalogs(project)
    shown = first.relative_to(project).as_posix()

    # --strict: the problem stops the run before anything is written.
    strict = briefings("translate", "--no-progress", "--strict", cwd=project)
    assert strict.returncode == 1 and "Traceback" not in strict.stderr
    assert f"briefings: {shown}:{line}: " in strict.stderr
    assert "stopped before changing anything" in strict.stderr
    assert catalogs(project) == before

    relaxed = briefings("translate", "--no-progress", cwd=project)
    assert relaxed.returncode == 1 and "Traceback" not in relaxed.stderr
    problems = [x for x in relaxed.stderr.splitlines() if x.startswith(f"briefings: {shown}:")]
    assert len(problems) == 1, relaxed.stderr
    assert problems[0].startswith(f"briefings: {shown}:{line}: ") and words in problems[0]
    after = catalogs(project)
    assert after[shown] == before[shown]  # byte for byte
    changed = {path for path in after if after[path] != before[path]}
    assert changed == set(after) - {shown}  # every other file and language took the edit
    for path in changed:
        assert b"said the talks would go on." in after[path]
        msgfmt_ok(project / path)


# -- writes: atomic, whatever stops them -------------------------------------------------------


INJECTED_KILL = textwrap.dedent(
    """
    import os, signal, sys
    from briefings import cli
    real_replace, calls = os.replace, 0

    def replace(source, target):
        global calls
        calls += 1
        if calls == int(sys.argv[1]):
            os.kill(os.getpid(), signal.SIGKILL)  # synced, not yet renamed
        return real_replace(source, target)

    os.replace = replace
    sys.exit(cli.main(["translate", "--no-progress"]))
    """
)


def test_killed_between_writing_and_renaming_leaves_the_old_file_and_the_next_run_resumes(
    tmp_path: Path,
) -> None:
    project = catalog_project(tmp_path)
    assert briefings("translate", "--no-progress", cwd=project).returncode == 0
    edit_articles(project)
    before = catalogs(project)
    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    assert briefings("translate", "--no-progress", cwd=reference).returncode == 0
    new = catalogs(reference)

    killed = subprocess.run(
        [sys.executable, "-c", INJECTED_KILL, "3"], cwd=project, capture_output=True, text=True,
        check=False, timeout=120,
    )
    assert killed.returncode == -signal.SIGKILL
    state = catalogs(project)
    # Two files renamed into place, the others still old; the third one's full
    # replacement waits in a temporary file beside it.
    assert sum(state[path] == new[path] for path in state) == 2
    assert sum(state[path] == before[path] for path in state) == len(state) - 2
    [temporary] = (project / "translations").rglob("*.tmp")
    target = temporary.parent / re.sub(r"^\.(.+)\.[0-9a-f]{8}\.tmp$", r"\1", temporary.name)
    target_path = target.relative_to(project).as_posix()
    assert state[target_path] == before[target_path]
    assert temporary.read_bytes() == new[target_path]

    resumed = briefings("translate", "--no-progress", cwd=project)
    assert resumed.returncode == 0, resumed.stderr
    assert catalogs(project) == new
    assert leftovers(project) == []


def test_a_run_killed_at_random_moments_leaves_whole_catalogs_and_the_next_run_resumes(
    tmp_path: Path, packages: Path, tiny_nllb_folder: Path, tiny_opus_folder: Path
) -> None:
    project = catalog_project(
        tmp_path, model_engines(packages, tiny_nllb_folder, tiny_opus_folder), articles=8
    )
    assert briefings("translate", "--no-progress", cwd=project).returncode == 0
    reviewed = review_some(project)
    edit_articles(project)
    before = catalogs(project)
    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    start = time.monotonic()
    assert briefings("translate", "--no-progress", cwd=reference).returncode == 0
    duration = time.monotonic() - start
    new = catalogs(reference)
    assert new != before

    rng = random.Random(20240521)
    mixed = 0
    for sig in [signal.SIGKILL, signal.SIGTERM, signal.SIGINT] * 3:
        left = set(leftovers(project))
        run = subprocess.Popen(
            [BRIEFINGS, "translate", "--no-progress"], cwd=project,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.2, 1.0) * duration)
        run.send_signal(sig)
        run.wait(timeout=60)
        state = catalogs(project)
        # Each catalog is as it was, or fully new: nothing in between.
        for path, data in state.items():
            assert data in (before.get(path), new[path]), path
        mixed += 0 < sum(state[p] == new[p] for p in state) < len(state)
        if sig != signal.SIGKILL:
            assert set(leftovers(project)) <= left  # unwound, and cleaned up after itself
        for path in rng.sample(sorted(state), 3):
            read_catalog(project / path, path.split("/")[1])
            msgfmt_ok(project / path)

    resumed = briefings("translate", "--no-progress", cwd=project)
    assert resumed.returncode == 0, resumed.stderr
    assert catalogs(project) == new
    assert leftovers(project) == []
    for path, text in reviewed.items():
        assert text.encode() in new[path]
    again = briefings("translate", "--no-progress", cwd=project)
    assert again.returncode == 0 and catalogs(project) == new
    print(f"{mixed} of 9 kills left some catalogs new and others old; run took {duration:.1f} s")


def review_some(project: Path) -> dict[str, str]:
    """A translator's work: the first few drafts of each catalog corrected and approved."""
    done = {}
    for path in sorted((project / "translations").rglob("*.po")):
        lang = path.parent.name
        catalog = read_catalog(path, lang)
        for message in [m for m in catalog if m.id][:2]:
            message.string = f"Проверено человеком {lang} {len(done)}"
            message.flags.discard("fuzzy")
            done[path.relative_to(project).as_posix()] = message.string
        write_catalog(catalog, path)
    return done


@pytest.mark.skipif(not hasattr(resource, "RLIMIT_FSIZE"), reason="needs RLIMIT_FSIZE")
def test_a_full_disk_gives_one_clear_line_and_no_partial_file(tmp_path: Path) -> None:
    project = catalog_project(tmp_path)
    assert briefings("translate", "--no-progress", cwd=project).returncode == 0
    edit_articles(project)
    before = catalogs(project)

    def small_files() -> None:  # no file may grow past 400 bytes: a full disk, for us
        resource.setrlimit(resource.RLIMIT_FSIZE, (400, resource.RLIM_INFINITY))

    result = briefings("translate", "--no-progress", cwd=project, preexec_fn=small_files)

    message = one_line_problem(result)
    assert re.match(r"briefings: translations/hy/[\w-]+\.po: cannot write the translation file "
                    r"\(File too large\); nothing was changed$", message), message
    assert catalogs(project) == before
    assert leftovers(project) == []


@contextmanager
def read_only(folder: Path) -> Iterator[None]:
    """Make ``folder`` read-only for real: root ignores modes, so use the immutable flag."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield
        finally:
            folder.chmod(0o755)
        return
    if shutil.which("chattr") is None or subprocess.run(
        ["chattr", "+i", str(folder)], capture_output=True, check=False
    ).returncode:
        pytest.skip("cannot make a folder read-only here (root, and no chattr +i)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_folder_gives_one_clear_line_and_no_partial_file(tmp_path: Path) -> None:
    project = catalog_project(tmp_path)
    assert briefings("translate", "--no-progress", cwd=project).returncode == 0
    edit_articles(project)
    ru = project / "translations" / "ru"
    before = {p.name: p.read_bytes() for p in ru.iterdir()}

    with read_only(ru):
        result = briefings("translate", "--no-progress", cwd=project)

    message = one_line_problem(result)
    assert re.match(r"briefings: translations/ru/[\w-]+\.po: cannot write the translation file "
                    r"\((Operation not permitted|Permission denied)\); nothing was changed$",
                    message), message
    assert {p.name: p.read_bytes() for p in ru.iterdir()} == before


# -- two runs at once ----------------------------------------------------------------------------

HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from briefings.lock import project_lock
    with project_lock(Path(sys.argv[1])):
        print("held", flush=True)
        time.sleep(float(sys.argv[2]))
    """
)


@contextmanager
def lock_holder(project: Path, seconds: float) -> Iterator[subprocess.Popen[str]]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(project), str(seconds)],
        stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        yield holder
    finally:
        holder.kill()
        holder.wait()


def test_a_second_run_says_who_holds_the_lock_and_changes_nothing(tmp_path: Path) -> None:
    project = catalog_project(tmp_path)
    assert briefings("translate", "--no-progress", cwd=project).returncode == 0
    edit_articles(project)
    before = catalogs(project)

    with lock_holder(project, 60) as holder:
        started = time.monotonic()
        result = briefings("translate", "--no-progress", cwd=project,
                           env={"BRIEFINGS_LOCK_WAIT": "1"})
        waited = time.monotonic() - started
        message = one_line_problem(result)
        assert re.fullmatch(
            r"briefings: \.briefings\.lock: another run holds the lock "
            rf"since \d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d \(pid {holder.pid}\); "
            r"waited 1 s\. .*BRIEFINGS_LOCK_WAIT=SECONDS", message,
        ), message
        assert waited >= 1
        assert catalogs(project) == before
        holder.send_signal(signal.SIGKILL)  # dies holding it: the lock file stays behind
        holder.wait()

    assert (project / ".briefings.lock").exists()
    result = briefings("translate", "--no-progress", cwd=project, env={"BRIEFINGS_LOCK_WAIT": "0"})
    assert result.returncode == 0, result.stderr
    assert catalogs(project) != before


def test_a_second_run_waits_for_the_first_to_finish(tmp_path: Path) -> None:
    project = catalog_project(tmp_path)
    with lock_holder(project, 1.5):
        started = time.monotonic()
        result = briefings("translate", "--no-progress", cwd=project,
                           env={"BRIEFINGS_LOCK_WAIT": "30"})
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started >= 1.0
    assert len(catalogs(project)) == 2 * len(LANGS)


def test_two_translate_runs_at_once_lose_nothing(
    tmp_path: Path, packages: Path, tiny_nllb_folder: Path, tiny_opus_folder: Path
) -> None:
    project = catalog_project(
        tmp_path, model_engines(packages, tiny_nllb_folder, tiny_opus_folder), articles=4
    )
    reference = tmp_path / "reference"
    shutil.copytree(project, reference)
    assert briefings("translate", "--no-progress", cwd=reference).returncode == 0

    runs = [
        subprocess.Popen([BRIEFINGS, "translate", "--no-progress"], cwd=project,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env={**os.environ, "BRIEFINGS_LOCK_WAIT": "120"})
        for _ in range(2)
    ]
    results = [run.communicate(timeout=300) for run in runs]

    assert [run.returncode for run in runs] == [0, 0], results
    assert catalogs(project) == catalogs(reference)
    # One run drafted everything; the other found nothing left to draft.
    drafted = sorted(re.findall(r"ru: (\d+) new drafts", out)[0] for out, _ in results)
    assert drafted[0] == "0" and drafted[1] != "0"


def test_a_build_while_translate_holds_the_lock_says_so_and_changes_nothing(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "site-project")
    assert mkdocs_build(project).returncode == 0
    edit_articles(project)
    before = catalogs(project)
    site = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    with lock_holder(project, 60) as holder:
        result = mkdocs_build(project, env={"BRIEFINGS_LOCK_WAIT": "0.5"})
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "another run holds the lock since" in result.stderr
    assert f"(pid {holder.pid})" in result.stderr
    assert catalogs(project) == before
    # The lock covers the whole build: the published site was not cleaned or rewritten.
    assert {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()} == site


def test_a_build_holds_the_lock_from_start_to_finish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two builds never interleave in site/: the lock lasts the whole build, not just drafting."""
    from mkdocs.config import load_config

    from briefings.mkdocs import builds as mkdocs_builds

    project = sample_project(tmp_path / "site-project")
    config = load_config(config_file=str(project / "mkdocs.yml"))
    try_lock = (
        "import sys; from pathlib import Path; from briefings.lock import project_lock\n"
        "with project_lock(Path(sys.argv[1]), wait=0.2): print('got it')\n"
    )

    def other_run() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-c", try_lock, str(project)],
                              capture_output=True, text=True, timeout=60, check=False)

    monkeypatch.setenv("BRIEFINGS_NO_TRANSLATE", "1")
    try:
        mkdocs_builds.start(config)  # on_config of the English build
        blocked = other_run()
        assert blocked.returncode != 0 and "another run holds the lock" in blocked.stderr
    finally:
        mkdocs_builds.abandon(config)  # on_build_error
    assert other_run().stdout.strip() == "got it"
