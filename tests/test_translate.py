"""`briefings translate`, end to end: real catalogs, real tiny CTranslate2 models, real msgfmt.

The models have random weights, so their output is gibberish: these tests check the
pipeline, the catalog formats and the promises to translators, never the wording.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tinymodels
from projects import sample_project, sample_settings

from briefings.translation.models import install_archive

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "aliyev-says-karabakh-operation-completed"
pytestmark = pytest.mark.slow


@pytest.fixture
def packages(tiny_argos_packages: Path) -> Path:
    """Tiny en→ru and en→az Argos packages, installed (shared by the session)."""
    return tiny_argos_packages


@pytest.fixture(scope="module")
def nllb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tinymodels.build_ct2_folder(tmp_path_factory.mktemp("nllb"), with_language_tokens=True)


def make_project(tmp_path: Path, packages: Path, hy_model: Path | None = None) -> Path:
    """The sample project's articles and settings, its models the tiny ones.

    Armenian has ``hy_model`` (a CTranslate2 folder), else a model that is not installed.
    """
    hy = ({"engine": "ctranslate2", "model": str(hy_model)} if hy_model
          else {**sample_settings()["engines"]["hy"], "model": "models/not-installed"})
    return sample_project(
        tmp_path / "project",
        folders=("content",),
        argos_packages_dir=str(packages),
        beam_size=1,
        max_decoding_length=24,  # random weights never stop by themselves
        engines={"hy": hy},
    )


def translate(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefings.cli", "translate", "--no-progress", *args],
        cwd=project, capture_output=True, text=True, timeout=300,
    )


def msgfmt_check(path: Path) -> None:
    result = subprocess.run(
        ["msgfmt", "-c", "--check-format", "-o", "/dev/null", str(path)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, f"{path}: {result.stderr}"


def entries(path: Path) -> list[str]:
    """The catalog's entries as text blocks (header first), split at blank lines."""
    return path.read_text("utf-8").strip("\n").split("\n\n")


def entry_for(path: Path, start: str) -> str:
    """The text block of the entry whose msgid starts with ``start``."""
    for block in entries(path):
        flat = re.sub(r'"\n"', "", block)
        if re.search(r'^msgid "' + re.escape(start), flat, re.M):
            return block
    raise AssertionError(f"no entry for {start!r} in {path}")


def msgid_line(path: Path, start: str) -> int:
    """The 1-based line of the ``msgid`` keyword of the entry starting with ``start``."""
    lines = path.read_text("utf-8").split("\n")
    for i, line in enumerate(lines):
        if line.startswith("msgid "):
            text = line[6:].strip('"') + (lines[i + 1].strip('"') if line == 'msgid ""' else "")
            if text.startswith(start):
                return i + 1
    raise AssertionError(f"no msgid {start!r} in {path}")


def review(path: Path, start: str, translation: str) -> str:
    """What a translator does in a text editor: write a translation, delete `fuzzy`."""
    old = entry_for(path, start)
    lines = [line for line in old.split("\n") if line != "#, fuzzy"]
    head = [line for line in lines if not line.startswith(("msgstr", '"')) or
            lines.index(line) < next(i for i, x in enumerate(lines) if x.startswith("msgstr"))]
    new = "\n".join([*head, f'msgstr "{translation}"'])
    path.write_text(path.read_text("utf-8").replace(old, new), "utf-8")
    return new


def test_drafts_catalogs_for_every_language_with_an_engine(tmp_path: Path, packages: Path) -> None:
    project = make_project(tmp_path, packages)
    result = translate(project)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    # One summary line per language; the missing model is named with how to get one.
    assert [line.split(":")[0] for line in lines] == ["hy", "az", "ru"]
    assert "no engine" in lines[0] and "docs/models.md" in lines[0]
    assert re.match(r"ru: \d+ new drafts, 0 reviewed kept, 0 stale, 0 obsolete", lines[2])

    for lang in ("hy", "az", "ru"):
        for po in (project / "translations" / lang).glob("*.po"):
            msgfmt_check(po)
            text = po.read_text("utf-8")
            assert f'"Language: {lang}\\n"' in text
            assert "charset=UTF-8" in text and "Plural-Forms:" in text

    ru = project / "translations" / "ru" / f"{ARTICLE}.po"
    drafted = [b for b in entries(ru)[1:] if re.search(r'^msgstr "(?!")', b, re.M)]
    assert drafted, "the tiny model produced no usable draft at all"
    for block in drafted:
        assert "#, fuzzy" in block  # a machine draft is never presented as reviewed
        assert "# machine draft: argos translate-en_ru 0.0.1" in block
    # Where each unit comes from: an extracted comment and a reference into content/.
    title = entry_for(ru, "Azerbaijani President says his forces")
    assert "#. title" in title
    assert f"#: content/{ARTICLE}.txt" in title
    hy = (project / "translations" / "hy" / f"{ARTICLE}.po").read_text("utf-8")
    assert "#, fuzzy" not in hy  # nothing drafted without a model


def test_a_second_run_changes_no_byte(tmp_path: Path, packages: Path) -> None:
    project = make_project(tmp_path, packages)
    assert translate(project).returncode == 0
    before = {p: p.read_bytes() for p in (project / "translations").rglob("*.po")}
    stamps = {p: p.stat().st_mtime_ns for p in before}
    assert translate(project).returncode == 0
    after = {p: p.read_bytes() for p in (project / "translations").rglob("*.po")}
    assert after == before
    assert {p: p.stat().st_mtime_ns for p in after} == stamps  # not even rewritten


def test_translator_work_survives_source_edits(tmp_path: Path, packages: Path) -> None:
    project = make_project(tmp_path, packages)
    assert translate(project, "--lang", "ru").returncode == 0
    ru = project / "translations" / "ru" / f"{ARTICLE}.po"
    kept = review(ru, "Armenia and Azerbaijan have fought two wars", "Две войны.")
    review(ru, "The Armenian leader insisted", "Армянский лидер настаивал.")
    review(ru, "Thousands of protesters waving", "Тысячи протестующих.")

    source = project / "content" / f"{ARTICLE}.txt"
    text = source.read_text("utf-8")
    text = text.replace("The Armenian leader insisted that", "The Armenian leader stressed that")
    text = text.replace(
        "Thousands of protesters waving the Karabakh flag blocked a main road in Armenia's "
        "capital Yerevan as riot police protected official buildings.\n", "")
    source.write_text(text, "utf-8")

    result = translate(project, "--lang", "ru")
    assert result.returncode == 0, result.stderr
    assert "2 reviewed kept" in result.stdout or "reviewed kept" in result.stdout
    msgfmt_check(ru)
    # Unchanged source: the reviewed entry is byte-for-byte what the translator left.
    assert entry_for(ru, "Armenia and Azerbaijan have fought two wars") == kept
    # Changed source: the old translation is a fuzzy candidate with the previous English.
    changed = entry_for(ru, "The Armenian leader stressed that")
    assert "#, fuzzy" in changed
    previous = re.sub(r'"\n#\| "', "", changed)
    assert '#| msgid "The Armenian leader insisted that his' in previous
    assert "Армянский лидер настаивал." in changed
    assert "needs a person" not in changed
    # Removed source: obsolete, never dropped.
    assert '#~ msgstr "Тысячи протестующих."' in ru.read_text("utf-8")


def test_changed_machine_draft_gets_a_fresh_draft(tmp_path: Path, packages: Path) -> None:
    project = make_project(tmp_path, packages)
    assert translate(project, "--lang", "az").returncode == 0
    az = project / "translations" / "az" / f"{ARTICLE}.po"
    source = project / "content" / f"{ARTICLE}.txt"
    source.write_text(
        source.read_text("utf-8").replace("32 people were killed", "33 people were killed"),
        "utf-8",
    )
    assert translate(project, "--lang", "az").returncode == 0
    block = entry_for(az, "Armenia said at least 33 people")
    # The old draft was only machine output: no stale candidate, a new draft or a flag.
    assert "#| msgid" not in block
    assert "machine draft" in block


def test_armenian_through_a_ctranslate2_folder_with_language_tokens(
    tmp_path: Path, packages: Path, nllb: Path
) -> None:
    project = make_project(tmp_path, packages, hy_model=nllb)
    result = translate(project, "--lang", "hy")
    assert result.returncode == 0, result.stderr
    assert "no engine" not in result.stdout
    hy = project / "translations" / "hy" / f"{ARTICLE}.po"
    msgfmt_check(hy)
    text = hy.read_text("utf-8")
    assert "# machine draft: ctranslate2" in text
    assert "hye_Armn" not in text.split("msgid", 1)[1].replace("# machine draft", "")


def test_a_clone_elsewhere_keeps_the_armenian_drafts_byte_for_byte(
    tmp_path: Path, packages: Path, nllb: Path
) -> None:
    """Each CI job or translator checks out wherever it likes: the model's path is not its name.

    A draft's provenance once held the model folder's absolute path, so every
    untouched Armenian draft was made again (and its catalog rewritten) in any
    other clone.
    """
    project = make_project(tmp_path / "first", packages, hy_model=tmp_path / "unused")
    shutil.copytree(nllb, project / "models" / "nllb")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(str(tmp_path / "unused"), "models/nllb"),
                      "utf-8")
    assert translate(project, "--lang", "hy").returncode == 0
    hy = project / "translations" / "hy" / f"{ARTICLE}.po"
    drafted = hy.read_bytes()
    assert b"# machine draft: ctranslate2 nllb; text" in drafted
    assert str(tmp_path).encode() not in drafted

    clone = tmp_path / "elsewhere" / "checkout"
    shutil.copytree(project, clone)
    result = translate(clone, "--lang", "hy")
    assert result.returncode == 0, result.stderr
    assert "hy: 0 new drafts" in result.stdout
    assert (clone / "translations" / "hy" / f"{ARTICLE}.po").read_bytes() == drafted

    # Catalogs an earlier version drafted name the folder's path: still the same model.
    legacy = drafted.replace(b"# machine draft: ctranslate2 nllb;",
                             b"# machine draft: ctranslate2 nllb (/old/clone/models/nllb);")
    (clone / "translations" / "hy" / f"{ARTICLE}.po").write_bytes(legacy)
    result = translate(clone, "--lang", "hy")
    assert "hy: 0 new drafts" in result.stdout, result.stdout
    assert (clone / "translations" / "hy" / f"{ARTICLE}.po").read_bytes() == legacy


def test_missing_model_is_one_line_and_strict_fails(tmp_path: Path, packages: Path) -> None:
    project = make_project(tmp_path, packages)
    normal = translate(project, "--lang", "hy")
    assert normal.returncode == 0
    assert len(normal.stdout.strip().splitlines()) == 1
    strict = translate(project, "--lang", "hy", "--strict")
    assert strict.returncode == 1


def test_broken_catalog_is_reported_and_left_alone(tmp_path: Path, packages: Path) -> None:
    project = make_project(tmp_path, packages)
    assert translate(project, "--lang", "ru", "--lang", "az").returncode == 0
    ru = project / "translations" / "ru" / f"{ARTICLE}.po"
    lines = ru.read_text("utf-8").split("\n")
    at = lines.index("", 20)
    lines[at:at] = ["<<<<<<< HEAD", 'msgid "x"', 'msgstr "y"', "=======", ">>>>>>> theirs"]
    ru.write_text("\n".join(lines), "utf-8")
    broken = ru.read_bytes()

    source = project / "content" / f"{ARTICLE}.txt"
    source.write_text(source.read_text("utf-8") + "\nA new closing sentence was added.\n", "utf-8")
    result = translate(project, "--lang", "ru", "--lang", "az")
    assert result.returncode == 1
    assert f"translations/ru/{ARTICLE}.po:{at + 1}:" in result.stderr
    assert "Traceback" not in result.stderr
    assert ru.read_bytes() == broken
    # The other language went on.
    az = (project / "translations" / "az" / f"{ARTICLE}.po").read_text("utf-8")
    assert 'msgid "A new closing sentence was added."' in az


def test_status_counts_drafts_and_reviews(tmp_path: Path, packages: Path) -> None:
    project = make_project(tmp_path, packages)
    assert translate(project, "--lang", "ru").returncode == 0
    ru = project / "translations" / "ru" / f"{ARTICLE}.po"
    review(ru, "Armenia and Azerbaijan have fought two wars", "Две войны.")
    result = subprocess.run(
        [sys.executable, "-m", "briefings.cli", "status", "--json"],
        cwd=project, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    import json

    rows = {(r["lang"], r["article"]): r for r in json.loads(result.stdout)}
    row = rows[("ru", ARTICLE)]
    assert row["reviewed"] == 1
    assert row["total"] == (row["reviewed"] + row["machine_draft"] + row["flagged"]
                            + row["stale"] + row["untranslated"])
    assert rows[("hy", ARTICLE)]["untranslated"] == rows[("hy", ARTICLE)]["total"]


def test_check_reports_file_line_problems(tmp_path: Path, packages: Path) -> None:
    project = make_project(tmp_path, packages)
    assert translate(project, "--lang", "ru").returncode == 0
    ru = project / "translations" / "ru" / f"{ARTICLE}.po"
    review(ru, "Armenia said at least 32 people", "Ереван сообщил о 23 погибших.")
    line = msgid_line(ru, "Armenia said at least 32 people")

    def check(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "briefings.cli", "check", "--lang", "ru", *args],
            cwd=project, capture_output=True, text=True, timeout=120,
        )

    relaxed = check()
    assert relaxed.returncode == 0
    where = f"translations/ru/{ARTICLE}.po:{line}:"
    assert f"{where} number 32 missing from translation" in relaxed.stdout
    assert f"{where} translation lacks 'Армения'" in relaxed.stdout
    assert check("--strict").returncode == 1


def test_status_json_into_a_closed_pipe_ends_without_a_traceback(tmp_path: Path,
                                                                  packages: Path) -> None:
    project = make_project(tmp_path, packages)
    reader = subprocess.Popen(
        [sys.executable, "-m", "briefings.cli", "status", "--json"],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert reader.stdout is not None and reader.stderr is not None
    reader.stdout.close()  # as `| head` does once it has read enough
    error = reader.stderr.read().decode()
    reader.wait(timeout=120)
    assert "Traceback" not in error and "BrokenPipe" not in error


def test_check_takes_an_article_and_prints_json_for_ci(tmp_path: Path, packages: Path) -> None:
    import json

    project = make_project(tmp_path, packages)
    assert translate(project, "--lang", "ru").returncode == 0
    ru = project / "translations" / "ru" / f"{ARTICLE}.po"
    review(ru, "Armenia said at least 32 people", "Ереван сообщил о 23 погибших.")

    def check(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "briefings.cli", "check", "--lang", "ru", *args],
            cwd=project, capture_output=True, text=True, timeout=120,
        )

    reviewed = json.loads(check("--article", ARTICLE, "--json").stdout)
    assert {p["status"] for p in reviewed} == {"reviewed"}
    assert any(p["check"] == "numbers" and p["msgstr"] == "Ереван сообщил о 23 погибших."
               for p in reviewed)
    with_drafts = json.loads(check("--drafts", "--json").stdout)
    assert len(with_drafts) >= len(reviewed)
    text = check().stdout
    assert "    ru: Ереван сообщил о 23 погибших." in text  # the whole message
    assert check("--article", "no-such-article").returncode == 1


def test_glossary_and_reviewed_memory_export_as_tbx_csv_and_tmx(tmp_path: Path,
                                                                 packages: Path) -> None:
    from translate.storage import tbx, tmx

    project = make_project(tmp_path, packages)
    assert translate(project, "--lang", "ru").returncode == 0
    ru = project / "translations" / "ru" / f"{ARTICLE}.po"
    review(ru, "Armenia and Azerbaijan have fought two wars", "Две войны.")

    def export(*args: str) -> bytes:
        result = subprocess.run([sys.executable, "-m", "briefings.cli", "export", *args],
                                cwd=project, capture_output=True, timeout=120)
        assert result.returncode == 0, result.stderr
        return result.stdout

    terms = {u.source: u.target for u in tbx.tbxfile.parsestring(
        export("glossary", "--lang", "ru")).units}
    assert terms["Ilham Aliyev"] == "Ильхам Алиев"
    assert export("glossary", "--lang", "ru", "--format", "csv").decode().startswith(
        "source,target\n")
    (unit,) = tmx.tmxfile.parsestring(export("memory", "--lang", "ru")).units
    assert unit.target == "Две войны."
    assert unit.source.startswith("Armenia and Azerbaijan have fought two wars")


def test_a_draft_that_fails_a_check_is_kept_whole_and_the_site_shows_english(
    tmp_path: Path, packages: Path
) -> None:
    from briefings.collection import collect
    from briefings.project import load_project
    from briefings.site.translated import read_translation
    from briefings.translation.catalogs import draft_findings, unit_status
    from briefings.translation.pofile import read_catalog

    project_dir = make_project(tmp_path, packages)
    result = translate(project_dir, "--lang", "ru")
    assert result.returncode == 0, result.stderr
    ru = project_dir / "translations" / "ru" / f"{ARTICLE}.po"
    msgfmt_check(ru)
    catalog = read_catalog(ru, "ru")
    flagged = [m for m in catalog if m.id and unit_status(m) == "flagged"]
    drafted = [m for m in catalog if m.id and unit_status(m) == "machine-draft"]
    assert flagged, "the tiny test model loses names: some drafts fail a check"
    assert all(m.string and m.fuzzy and draft_findings(m) for m in flagged)
    assert not [m for m in catalog if m.id and not m.string]  # every machine word kept

    project = load_project(project_dir)
    briefing = next(b for b in collect(project).briefings if b.slug == ARTICLE)
    page = read_translation(project, "ru", briefing)
    assert page.text(flagged[0].id) == (flagged[0].id, "en")
    assert page.why_english(flagged[0].id) == "flagged"
    if drafted:
        assert page.text(drafted[0].id) == (drafted[0].string, "ru")
    # A second run changes nothing: the same engine does not redraft its own drafts.
    assert translate(project_dir, "--lang", "ru").returncode == 0
    assert read_catalog(ru, "ru").get(flagged[0].id).string == flagged[0].string


def test_a_new_model_version_redrafts_the_machines_entries_and_no_persons(
    tmp_path: Path, packages: Path
) -> None:
    from briefings.translation.catalogs import draft_provenance, unit_status
    from briefings.translation.pofile import read_catalog

    project = make_project(tmp_path, packages)
    assert translate(project, "--lang", "ru").returncode == 0
    ru = project / "translations" / "ru" / f"{ARTICLE}.po"
    review(ru, "Armenia and Azerbaijan have fought two wars", "Две войны.")
    before = read_catalog(ru, "ru")
    old = {draft_provenance(m) for m in before if m.id} - {None}

    newer = tmp_path / "newer"
    install_archive(tinymodels.build_argos_package(newer, "en", "ru", "0.0.2"), newer / "pk")
    config = (project / "mkdocs.yml").read_text("utf-8").replace(str(packages),
                                                                  str(newer / "pk"))
    (project / "mkdocs.yml").write_text(config, "utf-8")
    result = translate(project, "--lang", "ru")
    assert result.returncode == 0, result.stderr

    after = read_catalog(ru, "ru")
    new = {draft_provenance(m) for m in after if m.id} - {None}
    assert new and not new & old  # every untouched draft is the new model's
    reviewed = next(m for m in after if m.id and m.id.startswith("Armenia and Azerbaijan have"))
    assert unit_status(reviewed) == "reviewed" and reviewed.string == "Две войны."
    msgfmt_check(ru)


def test_a_sentence_reviewed_in_one_briefing_is_suggested_to_another(
    tmp_path: Path, packages: Path
) -> None:
    from briefings.translation.catalogs import unit_status
    from briefings.translation.pofile import read_catalog

    shared = ("Armenia and Azerbaijan have fought two wars over the mountainous region since "
              "the collapse of the Soviet Union.")
    project = make_project(tmp_path, packages)
    assert translate(project, "--lang", "az").returncode == 0
    first = project / "translations" / "az" / f"{ARTICLE}.po"
    review(first, shared[:40], "Ermənistan və Azərbaycan iki müharibə aparıb.")
    other = project / "content" / "azerbaijan-says-armenian-forces-pullback-has-begun.txt"
    other.write_text(other.read_text("utf-8").rstrip("\n") + f"\n{shared}\n", "utf-8")

    result = translate(project, "--lang", "az")
    assert result.returncode == 0, result.stderr
    assert "1 filled from translation memory" in result.stdout
    second = project / "translations" / "az" / f"{other.stem}.po"
    msgfmt_check(second)
    message = read_catalog(second, "az").get(shared)
    assert message.string == "Ermənistan və Azərbaycan iki müharibə aparıb."
    assert message.fuzzy and unit_status(message) == "stale"
    assert message.user_comments == [f"translation memory: translations/az/{ARTICLE}.po"]
    assert translate(project, "--lang", "az").returncode == 0
    assert read_catalog(second, "az").get(shared).string == message.string
