"""Gettext catalogs: merging like msgmerge, drafts, refusing broken files, writing safely.

Every file written here is checked with GNU ``msgfmt -c --check-format``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from test_units import SOURCE, line_of, make_briefing

from briefings.errors import BriefingsError
from briefings.model import Briefing
from briefings.translation.catalogs import (
    CatalogStatus,
    Draft,
    apply_drafts,
    catalog_facts,
    catalog_status,
    draft_provenances,
    merge_catalog,
    pending_units,
    translated_map,
    unit_status,
)
from briefings.translation.pofile import read_catalog, wrap_string, write_catalog
from briefings.translation.units import briefing_units

MSGFMT = shutil.which("msgfmt") or "/usr/bin/msgfmt"
ENGINE = "argos translate-en_ru 1.9"

TITLE = "Armenia and Azerbaijan resume talks"
DEK = "Leaders meet in Brussels after a year."
FIRST = "Talks resumed in Brussels on Monday."
PERCENT = "Support rose 5% of the vote in the capital."
LONG = (
    "The foreign ministers of Armenia and Azerbaijan met for six hours in Brussels "
    "and agreed to meet again before the end of the year."
)
CALM = "The mood was calm."
LAST = "Observers expect a draft treaty in the spring."


def talks(*paragraphs: str) -> Briefing:
    return make_briefing(
        list(paragraphs or (f"{FIRST} {PERCENT}", f"{LONG} {CALM}", LAST)), title=TITLE, dek=DEK
    )


def fake_draft(msgid: str) -> str:
    # Deliberately without "%": if "5% of" were flagged python-format,
    # msgfmt --check-format would reject this translation.
    return "черновик: " + msgid.replace("%", " процентов")


def run(briefing: Briefing, path: Path, lang: str = "ru", *, draft: bool = True) -> bool:
    """One pipeline run for one language: read, merge, draft what is pending, write."""
    existing = read_catalog(path, lang) if path.exists() else None
    units = briefing_units(briefing, SOURCE, line_of)
    catalog = merge_catalog(units, existing, lang, briefing.slug)
    if draft:
        apply_drafts(
            catalog, {key: Draft(fake_draft(key[0]), ENGINE) for key in pending_units(catalog)}
        )
    return write_catalog(catalog, path)


def msgfmt_check(path: Path) -> None:
    result = subprocess.run(
        [MSGFMT, "-c", "--check-format", "-o", os.devnull, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # not even the warning about an undated file


def entry(text: str, msgid: str, prefix: str = "") -> str:
    """The entry (a block between blank lines) of ``msgid`` in PO ``text``."""
    line = "\n".join(wrap_string("msgid", msgid, prefix))
    (found,) = [block for block in text.split("\n\n") if line in block]
    return found


def review(path: Path, msgid: str, translation: str) -> None:
    """Do what a reviewer does in a text editor: correct the msgstr, delete the fuzzy flag."""
    text = path.read_text(encoding="utf-8")
    old = entry(text, msgid)
    lines = [line for line in old.split("\n") if line != "#, fuzzy"]
    start = next(n for n, line in enumerate(lines) if line.startswith("msgstr "))
    new = "\n".join([*lines[:start], *wrap_string("msgstr", translation)])
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def po(tmp_path: Path) -> Path:
    path = tmp_path / "translations" / "ru" / "talks.po"
    assert run(talks(), path)
    return path


# -- new catalogs and drafts --------------------------------------------------------------------


def test_new_catalog_has_every_unit_as_a_fuzzy_machine_draft(po: Path) -> None:
    msgfmt_check(po)
    catalog = read_catalog(po, "ru")
    messages = [m for m in catalog if m.id]

    assert [m.id for m in messages] == [TITLE, DEK, FIRST, PERCENT, LONG, CALM, LAST]
    for message in messages:
        assert message.fuzzy
        assert message.string == fake_draft(message.id)
        (note,) = message.user_comments
        assert note.startswith(f"machine draft: {ENGINE}; text ")
        assert unit_status(message) == "machine-draft"
        assert "python-format" not in message.flags
    assert catalog_status(catalog) == CatalogStatus(7, 0, 7, 0, 0)
    assert pending_units(catalog) == []


def test_header_names_briefing_and_language_and_holds_no_timestamps(po: Path) -> None:
    text = po.read_text(encoding="utf-8")
    header = text.split("\n\n")[0]

    assert '"Project-Id-Version: briefings talks\\n"' in header
    assert '"Language: ru\\n"' in header
    assert '"Language-Team: Russian\\n"' in header
    assert '"Content-Type: text/plain; charset=UTF-8\\n"' in header
    assert '"Plural-Forms: nplurals=3;' in header
    assert "POT-Creation-Date" not in header
    assert "Generated-By" not in header
    # Dated when written (SOURCE_DATE_EPOCH in tests), so msgfmt has nothing to warn about.
    assert '"PO-Revision-Date: 2026-01-02 03:04+0000\\n"' in header
    assert '"Last-Translator: \\n"' in header


def test_babel_read_po_reads_the_file_too(po: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Other tools (checks, pybabel compile) read catalogs with Babel's plain read_po."""
    with po.open("rb") as stream:
        catalog = read_po(stream, locale="ru", abort_invalid=True)

    assert capsys.readouterr().out == ""
    assert catalog.get(CALM).string == fake_draft(CALM)
    assert catalog.language_team == "Russian"


@pytest.mark.parametrize("lang", ["hy", "az"])
def test_other_languages_get_their_plural_forms(tmp_path: Path, lang: str) -> None:
    # What the installed CLDR data says: it changes between Babel releases
    # (Armenian went from one plural form to two in Babel 2.19).
    plural = get_plural(lang).plural_forms
    path = tmp_path / f"{lang}.po"
    assert run(talks(), path, lang)
    msgfmt_check(path)
    unwrapped = path.read_text(encoding="utf-8").replace('"\n"', "")
    assert f"Plural-Forms: {plural}\\n" in unwrapped
    assert len(read_catalog(path, lang)) == 7


def test_plural_forms_of_an_existing_catalog_are_kept_as_found(tmp_path: Path) -> None:
    path = tmp_path / "hy.po"
    assert run(talks(), path, "hy")
    text = path.read_text(encoding="utf-8")
    ours = f'"Plural-Forms: {get_plural("hy").plural_forms}\\n"'
    assert ours in text
    chosen = '"Plural-Forms: nplurals=3; plural=(n==0 ? 0 : n==1 ? 1 : 2);\\n"'
    path.write_text(text.replace(ours, chosen), encoding="utf-8")

    assert run(talks(f"{FIRST} {CALM}", LAST, CALM), path, "hy")  # a real change is written

    assert chosen in path.read_text(encoding="utf-8")
    msgfmt_check(path)


def test_second_run_with_nothing_changed_writes_nothing(po: Path) -> None:
    before = po.read_bytes()
    stamp = po.stat().st_mtime_ns

    assert run(talks(), po) is False

    assert po.read_bytes() == before
    assert po.stat().st_mtime_ns == stamp


def test_duplicate_english_is_one_entry_with_two_locations(tmp_path: Path) -> None:
    path = tmp_path / "ru.po"
    run(talks(f"{FIRST} {CALM}", LAST, CALM), path)
    msgfmt_check(path)

    text = path.read_text(encoding="utf-8")
    assert text.count(f'msgid "{CALM}"') == 1
    block = entry(text, CALM)
    # The file only, and no paragraph numbers: moving other text changes nothing here.
    assert f"#. text\n#: {SOURCE}\n" in block


def test_a_broken_draft_is_kept_in_full_fuzzy_with_its_findings(tmp_path: Path) -> None:
    path = tmp_path / "ru.po"
    catalog = merge_catalog(briefing_units(talks(), SOURCE, line_of), None, "ru", "talks")
    garbled = "Министры ⟦1⟧ " * 12  # long, and repetitive: kept whole all the same
    drafts = {key: Draft(fake_draft(key[0]), ENGINE) for key in pending_units(catalog)}
    drafts[(LONG, None)] = Draft(
        garbled, ENGINE, problem="the name 'Azerbaijan' was lost; number 6 missing"
    )

    assert apply_drafts(catalog, drafts) == 7
    write_catalog(catalog, path)
    msgfmt_check(path)

    message = read_catalog(path, "ru").get(LONG)
    assert message is not None
    assert message.string == garbled.strip()
    assert message.fuzzy
    assert message.user_comments[1:] == [
        "machine draft failed a check: the name 'Azerbaijan' was lost",
        "machine draft failed a check: number 6 missing",
    ]
    assert unit_status(message) == "flagged"
    assert translated_map(read_catalog(path, "ru"))[LONG] == (garbled.strip(), "flagged")

    # Later runs keep it; the same engine does not draft it again, a new model does.
    reread = merge_catalog(
        briefing_units(talks(), SOURCE, line_of), read_catalog(path, "ru"), "ru", "talks"
    )
    assert pending_units(reread, ENGINE) == []
    assert pending_units(reread, "argos translate-en_ru 2.0") == [
        (m.id, None) for m in reread if m.id
    ]
    assert write_catalog(reread, path) is False


def test_an_edited_fuzzy_draft_is_a_persons_work(po: Path) -> None:
    text = po.read_text(encoding="utf-8")
    po.write_text(text.replace(f'msgstr "{fake_draft(CALM)}"', 'msgstr "Было спокойно."'),
                  encoding="utf-8")
    catalog = read_catalog(po, "ru")
    message = catalog.get(CALM)

    assert message.fuzzy and unit_status(message) == "stale"
    assert (CALM, None) not in pending_units(catalog, "argos translate-en_ru 2.0")
    assert apply_drafts(catalog, {(CALM, None): Draft("другое", "other 1")}) == 0
    # On a source change it becomes the fuzzy suggestion, as msgmerge does.
    edited = CALM.replace("calm", "very calm")
    assert run(talks(f"{FIRST} {PERCENT}", f"{LONG} {edited}", LAST), po)
    message = read_catalog(po, "ru").get(edited)
    assert message.string == "Было спокойно." and message.previous_id == [CALM]


def test_prose_with_a_percent_sign_is_not_treated_as_a_format_string(po: Path) -> None:
    # "5% of" reads as a Python "% o" directive to Babel; with that flag msgfmt
    # would reject every reviewed translation that words the percentage its own way.
    review(po, PERCENT, "Поддержка в столице выросла на 5 процентов.")
    msgfmt_check(po)

    assert run(talks(), po) is False
    assert "python-format" not in po.read_text(encoding="utf-8")
    msgfmt_check(po)


def test_drafts_never_touch_a_translated_entry(po: Path) -> None:
    review(po, CALM, "Обстановка была спокойной.")
    catalog = read_catalog(po, "ru")

    changed = apply_drafts(
        catalog, {(CALM, None): Draft("другое", ENGINE), (FIRST, None): Draft("x", ENGINE)}
    )

    assert changed == 1  # the untouched machine draft only
    assert catalog.get(CALM).string == "Обстановка была спокойной."
    assert catalog.get(FIRST).string == "x"


# -- merging after edits ----------------------------------------------------------------------


def test_reviewed_entry_survives_a_change_elsewhere_byte_for_byte(po: Path) -> None:
    review(po, CALM, "Обстановка была спокойной.")
    msgfmt_check(po)
    reviewed_block = entry(po.read_text(encoding="utf-8"), CALM)
    assert "#, fuzzy" not in reviewed_block

    changed = talks(f"{FIRST} {PERCENT}", f"{LONG} {CALM}", "Observers expect a treaty soon.")
    assert run(changed, po)
    msgfmt_check(po)

    assert entry(po.read_text(encoding="utf-8"), CALM) == reviewed_block
    message = read_catalog(po, "ru").get(CALM)
    assert unit_status(message) == "reviewed"
    assert translated_map(read_catalog(po, "ru"))[CALM] == (
        "Обстановка была спокойной.",
        "reviewed",
    )


def test_edited_sentence_keeps_reviewed_translation_as_fuzzy_with_previous_msgid(
    po: Path,
) -> None:
    translation = "Министры иностранных дел Армении и Азербайджана встретились в Брюсселе."
    review(po, LONG, translation)
    edited = LONG.replace("six hours", "seven hours")

    assert run(talks(f"{FIRST} {PERCENT}", f"{edited} {CALM}", LAST), po)
    msgfmt_check(po)

    text = po.read_text(encoding="utf-8")
    catalog = read_catalog(po, "ru")
    message = catalog.get(edited)
    assert message.string == translation
    assert message.fuzzy
    assert message.previous_id == [LONG]
    assert "machine draft: " not in " ".join(message.user_comments)
    assert unit_status(message) == "stale"
    # The long previous msgid is wrapped as PO strings, not mid-string.
    assert "\n".join(wrap_string("msgid", LONG, "#| ")) in text
    # The old English was taken up by its successor: not left behind as obsolete.
    assert catalog.get(LONG) is None and not catalog.obsolete
    assert catalog_status(catalog) == CatalogStatus(7, 0, 6, 1, 0)
    # And the next run reads the previous msgid back and writes the same bytes.
    assert run(talks(f"{FIRST} {PERCENT}", f"{edited} {CALM}", LAST), po) is False


def test_edited_sentence_with_only_a_machine_draft_gets_a_fresh_draft(po: Path) -> None:
    edited = LONG.replace("six hours", "seven hours")
    briefing = talks(f"{FIRST} {PERCENT}", f"{edited} {CALM}", LAST)

    assert run(briefing, po, draft=False)
    msgfmt_check(po)

    catalog = read_catalog(po, "ru")
    message = catalog.get(edited)
    assert message.string == "" and not message.fuzzy and not message.previous_id
    assert pending_units(catalog) == [(edited, None)]
    # The old draft is kept, obsolete, and still marked fuzzy.
    assert "#, fuzzy\n" + "\n".join(wrap_string("msgid", LONG, "#~ ")) in po.read_text("utf-8")

    assert run(briefing, po)
    message = read_catalog(po, "ru").get(edited)
    assert message.string == fake_draft(edited)
    assert unit_status(message) == "machine-draft"


def test_removed_units_become_obsolete_and_come_back_as_they_were(po: Path) -> None:
    review(po, CALM, "Обстановка была спокойной.")
    shorter = talks(f"{FIRST} {PERCENT}", LAST)

    assert run(shorter, po)
    msgfmt_check(po)
    text = po.read_text(encoding="utf-8")
    assert f'#~ msgid "{CALM}"\n#~ msgstr "Обстановка была спокойной."' in text
    assert "\n".join(wrap_string("msgid", LONG, "#~ ")) in text
    assert text.index("#~ msgid") > text.index(f'msgid "{LAST}"')  # at the end
    catalog = read_catalog(po, "ru")
    assert catalog.get(CALM) is None
    assert catalog_status(catalog).total == 5
    # Obsolete entries are kept run after run.
    assert run(shorter, po) is False

    assert run(talks(), po)
    msgfmt_check(po)
    catalog = read_catalog(po, "ru")
    assert not catalog.obsolete
    assert unit_status(catalog.get(CALM)) == "reviewed"
    assert catalog.get(CALM).string == "Обстановка была спокойной."
    assert unit_status(catalog.get(LONG)) == "machine-draft"
    assert catalog.get(LONG).string == fake_draft(LONG)


def test_translators_header_fields_are_kept(po: Path) -> None:
    text = po.read_text(encoding="utf-8")
    text = text.replace(
        '"PO-Revision-Date: YEAR-MO-DA HO:MI+ZONE\\n"',
        '"PO-Revision-Date: 2024-02-03 10:00+0400\\n"',
    ).replace('"Last-Translator: \\n"', '"Last-Translator: Anna P. <anna@example.org>\\n"')
    text = text.replace('"Plural-Forms:', '"X-Generator: Poedit 3.4\\n"\n"Plural-Forms:')
    po.write_text(text, encoding="utf-8")

    assert run(talks(f"{FIRST} {PERCENT}", LAST), po)
    msgfmt_check(po)
    header = po.read_text(encoding="utf-8").split("\n\n")[0]
    # The file changed: it is dated now. The rest is as the translator's tool left it.
    assert '"PO-Revision-Date: 2026-01-02 03:04+0000\\n"' in header
    assert '"Last-Translator: Anna P. <anna@example.org>\\n"' in header
    assert '"X-Generator: Poedit 3.4\\n"' in header
    assert run(talks(f"{FIRST} {PERCENT}", LAST), po) is False


def test_translated_map_gives_every_live_entry_with_its_status(po: Path) -> None:
    review(po, FIRST, "Переговоры возобновились в Брюсселе в понедельник.")
    catalog = read_catalog(po, "ru")

    table = translated_map(catalog)

    assert set(table) == {TITLE, DEK, FIRST, PERCENT, LONG, CALM, LAST}
    assert table[FIRST] == ("Переговоры возобновились в Брюсселе в понедельник.", "reviewed")
    assert table[TITLE] == (fake_draft(TITLE), "machine-draft")


def test_catalog_facts_in_one_pass_say_what_the_separate_functions_say(po: Path) -> None:
    review(po, FIRST, "Переговоры возобновились в Брюсселе в понедельник.")
    catalog = read_catalog(po, "ru")
    flagged = {(LONG, None): Draft("Министры ⟦1⟧", "argos translate-en_ru 2.0",
                                   problem="the name 'Azerbaijan' was lost")}
    catalog.get(LONG).string = ""  # type: ignore[union-attr]
    assert apply_drafts(catalog, flagged) == 1
    catalog.get(CALM).string += " (правка)"  # type: ignore[union-attr,operator]
    catalog.get(LAST).string = ""  # type: ignore[union-attr]
    catalog.get(PERCENT).previous_id = ["An older sentence."]  # type: ignore[union-attr]

    facts = catalog_facts(catalog)

    assert facts.counts == catalog_status(catalog) == CatalogStatus(7, 1, 2, 2, 1, 1)
    assert facts.pending == len(pending_units(catalog)) == 1
    assert list(facts.entries.items()) == list(translated_map(catalog).items())
    assert facts.drafted_by == draft_provenances(catalog) == (
        "argos translate-en_ru 1.9", "argos translate-en_ru 2.0")
    assert facts.obsolete == 0


# -- broken catalogs ----------------------------------------------------------------------------


def _line_of(text: str, start: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if line.startswith(start))


def conflict(text: str) -> tuple[str, int]:
    old = f'msgstr "{fake_draft(CALM)}"'
    new = f'<<<<<<< HEAD\nmsgstr "Спокойно."\n=======\n{old}\n>>>>>>> drafts'
    broken = text.replace(old, new)
    return broken, _line_of(broken, "<<<<<<<")


def cut_mid_string(text: str) -> tuple[str, int]:
    line = _line_of(text, f'msgstr "{fake_draft(CALM)}')
    lines = text.split("\n")
    return "\n".join([*lines[: line - 1], lines[line - 1][:15]]), line


def cut_after_msgid(text: str) -> tuple[str, int]:
    line = _line_of(text, f'msgid "{CALM}"')
    return "\n".join(text.split("\n")[:line]) + "\n", line


def no_header(text: str) -> tuple[str, int]:
    return text.split("\n\n", 1)[1], 1


def wrong_charset(text: str) -> tuple[str, int]:
    return text.replace("charset=UTF-8", "charset=CHARSET"), _line_of(text, 'msgid ""')


def no_content_type(text: str) -> tuple[str, int]:
    broken = text.replace('"Content-Type: text/plain; charset=UTF-8\\n"\n', "")
    return broken, _line_of(text, 'msgid ""')


def duplicate_entry(text: str) -> tuple[str, int]:
    copy = entry(text, CALM)
    # The copy starts on the file's last (empty) line.
    line = len(text.split("\n")) + copy.split("\n").index(f'msgid "{CALM}"')
    return text + copy + "\n", line


def wrong_language(text: str) -> tuple[str, int]:
    return text.replace('"Language: ru\\n"', '"Language: hy\\n"'), _line_of(text, 'msgid ""')


@pytest.mark.parametrize(
    ("breakage", "words"),
    [
        (conflict, "merge conflict"),
        (cut_mid_string, "cut short"),
        (cut_after_msgid, "cut short"),
        (no_header, "no header"),
        (lambda text: ("", 1), "no header"),
        (wrong_charset, "charset=UTF-8"),
        (no_content_type, "charset=UTF-8"),
        (duplicate_entry, "duplicate entry"),
        (wrong_language, "'Language: hy'"),
    ],
)
def test_broken_catalog_is_refused_at_the_right_line_and_left_alone(
    po: Path, breakage: Callable[[str], tuple[str, int]], words: str
) -> None:
    broken, line = breakage(po.read_text(encoding="utf-8"))
    po.write_text(broken, encoding="utf-8")
    before = po.read_bytes()

    with pytest.raises(BriefingsError) as caught:
        read_catalog(po, "ru")

    assert caught.value.line == line
    assert words in caught.value.problem
    assert str(caught.value).startswith(f"{po}:{line}: ")
    assert "\n" not in str(caught.value)
    assert po.read_bytes() == before


def test_text_that_is_not_utf8_is_refused_at_its_line(po: Path) -> None:
    line = _line_of(po.read_text(encoding="utf-8"), 'msgstr "черновик')
    data = po.read_bytes().replace("черновик".encode(), "черновик".encode("cp1251"), 1)
    po.write_bytes(data)

    with pytest.raises(BriefingsError, match="not UTF-8") as caught:
        read_catalog(po, "ru")
    assert caught.value.line == line
    assert po.read_bytes() == data


# -- writing safely -----------------------------------------------------------------------------


def _catalog() -> Catalog:
    return merge_catalog(briefing_units(talks(), SOURCE, line_of), None, "ru", "talks")


def test_writing_under_a_file_fails_clearly_and_leaves_nothing(tmp_path: Path) -> None:
    blocker = tmp_path / "translations"
    blocker.write_text("not a folder")

    with pytest.raises(BriefingsError, match="cannot write") as caught:
        write_catalog(_catalog(), blocker / "ru" / "talks.po")

    assert caught.value.path == str(blocker / "ru" / "talks.po")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["translations"]
    assert blocker.read_text() == "not a folder"


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root ignores folder permissions"
)
def test_writing_into_a_read_only_folder_fails_clearly_and_leaves_nothing(po: Path) -> None:
    review(po, CALM, "Спокойно.")
    before = po.read_bytes()
    po.parent.chmod(0o555)
    try:
        with pytest.raises(BriefingsError, match="cannot write"):
            write_catalog(_catalog(), po)
        assert sorted(p.name for p in po.parent.iterdir()) == [po.name]
    finally:
        po.parent.chmod(0o755)
    assert po.read_bytes() == before


@pytest.mark.skipif(sys.platform == "win32", reason="needs RLIMIT_FSIZE")
def test_a_full_disk_leaves_the_old_file_whole_and_no_temporary_file(po: Path) -> None:
    before = po.read_bytes()
    script = textwrap.dedent(
        f"""
        import resource, sys
        from pathlib import Path
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_catalogs import talks, SOURCE, line_of
        from briefings.errors import BriefingsError
        from briefings.translation.catalogs import merge_catalog
        from briefings.translation.pofile import write_catalog
        from briefings.translation.units import briefing_units
        catalog = merge_catalog(briefing_units(talks(), SOURCE, line_of), None, "ru", "talks")
        # Files may not grow past 200 bytes: the new file (untranslated,
        # so different from the old) cannot be written in full.
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (200, hard))
        try:
            write_catalog(catalog, Path({str(po)!r}))
        except BriefingsError as error:
            print(error)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"{po}: cannot write the translation file (")
    assert po.read_bytes() == before
    assert sorted(p.name for p in po.parent.iterdir()) == [po.name]


def test_an_existing_file_keeps_its_permissions(po: Path) -> None:
    po.chmod(0o640)
    review(po, CALM, "Спокойно.")

    assert write_catalog(_catalog(), po)

    assert po.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in po.parent.iterdir()) == [po.name]
