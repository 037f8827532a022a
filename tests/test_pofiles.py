"""PO files as gettext's own tools write them: msgcat's wrapping, bytes kept, bounded reads.

Every expectation here is compared with what GNU msgcat, msgmerge and msgfmt
do on the same input, and every file written is checked with ``msgfmt -c``.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_catalogs import ENGINE, SOURCE, fake_draft, msgfmt_check, review, run, talks
from test_catalogs import po as po
from test_units import line_of

from briefings.errors import BriefingsError
from briefings.translation.catalogs import (
    Draft,
    apply_drafts,
    fill_from_memory,
    merge_catalog,
    pending_units,
    translated_map,
    unit_status,
)
from briefings.translation.pofile import (
    AL,
    LETTERS_AL,
    WIDTH,
    _allowed_breaks,
    _breakable,
    _breaks,
    _fit,
    _line_class,
    _simple,
    _widths_before,
    read_catalog,
    serialise,
    wrap_string,
    write_catalog,
)
from briefings.translation.units import briefing_units

MSGCAT = shutil.which("msgcat")
MSGMERGE = shutil.which("msgmerge")
needs_gettext = pytest.mark.skipif(MSGCAT is None or MSGMERGE is None, reason="GNU gettext")

HEADER = (
    'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: ru\\n"\n\n'
)


def msgcat(text: str, *options: str) -> str:
    assert MSGCAT is not None
    result = subprocess.run([MSGCAT, *options, "-"], input=text.encode(), capture_output=True,
                            check=True)
    return result.stdout.decode()


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


WORDS = [
    'the', 'Armenian', 'leader', 'said', '"very', 'important"', 'Nagorno-Karabakh', '2,000',
    '5%', '(UN)', '[sic]', 'e.g.', 'U.S.', '—', '–', '...', 'http://example.com/a/b?x=1',
    'Ереван', '«тест»', 'Ալիև։', 'Ալիևի՝', '$5', '№3', 'a/b', "don't", '19:00', '9.5', '-3',
    '+4', '!', '?', ';', ':', ',', '.', '/', '\\', "'quoted'", '“curly”', '‘single’', '¿qué?',
    '100km/h', '20-year-old', 'Алиев', 'заявил,', 'что', 'Баку', '«выполнил', 'все', 'задачи»',
    'Հայաստանի', 'վարչապետ',
]


@needs_gettext
@pytest.mark.parametrize("prefix", ["", "#~ "])
def test_strings_are_wrapped_byte_for_byte_as_msgcat_wraps_them(prefix: str) -> None:
    rng = random.Random(13)
    strings = []
    for _ in range(600):
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 45))]
        glue = [rng.choice([" ", " ", " ", "-", "", "\n"]) for _ in words]
        strings.append("".join(w + g for w, g in zip(words, glue, strict=True)).strip(" "))
    strings.append("x" * 300)  # one token longer than a line: never cut
    source = HEADER + "".join(
        f"{prefix}msgctxt \"{n}\"\n{prefix}msgid {_quote(s)}\n{prefix}msgstr {_quote(s)}\n\n"
        for n, s in enumerate(strings)
    )
    blocks = msgcat(source).split("\n\n")[1:]

    for string, block in zip(strings, blocks, strict=True):
        lines = block.strip("\n").split("\n")[1:]  # after msgctxt
        assert lines == wrap_string("msgid", string, prefix) + wrap_string("msgstr", string,
                                                                            prefix), string


@needs_gettext
def test_letters_of_every_script_and_width_are_wrapped_as_msgcat_wraps_them() -> None:
    # The writer's short cuts (a text that fits, a run of letters) meet wide and
    # zero-width characters, escapes and the letters of our three languages.
    rng = random.Random(29)
    words = [*WORDS, "Azərbaycan", "şəhərində", "Çünki", "ğöz", "中文", "日本語", "cafe\u0301",
             "\u00a0", "«Ереван»", "Հայաստանի՝", "x" * 90, "\t"]
    strings = []
    for _ in range(500):
        chosen = [rng.choice(words) for _ in range(rng.randint(1, 45))]
        glue = [rng.choice([" ", " ", "-", "", "\n", ", "]) for _ in chosen]
        strings.append("".join(w + g for w, g in zip(chosen, glue, strict=True)).strip(" "))
    source = HEADER + "".join(f"msgctxt \"{n}\"\nmsgid {_quote(s)}\nmsgstr \"\"\n\n"
                              for n, s in enumerate(strings))
    blocks = msgcat(source).split("\n\n")[1:]

    for string, block in zip(strings, blocks, strict=True):
        lines = block.strip("\n").split("\n")[1:-1]  # between msgctxt and msgstr
        assert lines == wrap_string("msgid", string), string


def test_the_letters_looked_at_once_a_word_are_all_of_line_break_class_al() -> None:
    letters = re.compile(f"[{LETTERS_AL}]")
    found = [chr(n) for n in range(0x3000) if letters.fullmatch(chr(n))]
    assert len(found) > 700
    assert all(_line_class(char) == AL for char in found)


# Pieces of news text and of what else a catalog can hold: every class of
# the pair table that our texts meet, escapes, wide letters and long tokens.
PIECES = [*WORDS, " ", "  ", "-", "\n", "\t", "\\", '"', "中文", "Azərbaycan", "\u00a0",
          "\u00ad", "x" * 90, "1" * 40, "\u2014", "a\u200bb", "cafe\u0301", "\x01"]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(PIECES), max_size=60), st.integers(0, 20))
def test_breaks_looked_for_near_each_lines_end_are_the_full_scans(pieces: list[str],
                                                                   start: int) -> None:
    # The writer's short cut looks only near where each line would overflow;
    # the full scan classifies every character (and is what the msgcat tests
    # above hold to msgcat). They must choose the same places.
    value = "".join(pieces).split("\n")[0] + ("\n" if "\n" in pieces else "")
    text = value.translate(str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n",
                                          "\t": "\\t"}))
    fixed: list[int] = []
    at = 0
    while at < len(text):  # every backslash starts an escape of two characters
        if text[at] == "\\":
            fixed.append(at + 1)
            at += 2
        else:
            at += 1
    final_newline = value.endswith("\n")
    widths = _widths_before(text)
    width = WIDTH - 2
    full = _allowed_breaks(list(text), fixed, final_newline)
    assert _breaks(text, widths, width, start, fixed, final_newline) == _fit(widths, full,
                                                                             width, start)
    assert _breakable(text, fixed, final_newline) == any(full)


def test_news_text_takes_the_short_cut_and_combining_marks_the_full_scan() -> None:
    # Else the test above would compare the full scan with itself.
    assert _simple(" ".join(WORDS) + " Azərbaycan 中文 \u00a0\u00ad\u2014 \\\" \\n")
    for odd in ("cafe\u0301", "a\u200bb", "\x01", "zero\u200dwidth", "\x7f"):
        assert not _simple(odd), odd


@needs_gettext
def test_a_new_catalog_is_what_msgcat_would_write(po: Path) -> None:
    text = po.read_text(encoding="utf-8")
    assert msgcat(text) == text
    assert max(len(line) for line in text.splitlines()) <= 79


def test_the_writer_is_linear_in_a_long_token_and_a_long_msgstr(po: Path) -> None:
    # Shapes that made the old writer quadratic (minutes for 60 KB, hours for 1 MB).
    catalog = read_catalog(po, "ru")
    first = next(m for m in catalog if m.id)
    first.string = "ы" * 60_000
    second = [m for m in catalog if m.id][1]
    second.string = ("слово " * 170_000).strip()  # 1 MB
    data = serialise(catalog)
    assert ("ы" * 60_000).encode() in data
    write_catalog(catalog, po)
    msgfmt_check(po)
    assert read_catalog(po, "ru").get(second.id).string == second.string


@needs_gettext
def test_an_entry_nobody_changed_keeps_the_bytes_another_tool_wrapped_it_with(po: Path) -> None:
    # A translator's tool rewrapped the file its own way (here: msgcat at 40 columns).
    rewrapped = msgcat(po.read_text(encoding="utf-8"), "-w", "40")
    po.write_text(rewrapped, encoding="utf-8")
    calm = next(b for b in rewrapped.split("\n\n") if "mood was calm" in b)
    long_block = next(b for b in rewrapped.split("\n\n") if "foreign ministers" in b)

    changed = talks("Talks resumed in Brussels on Monday. Support rose 5% of the vote in the "
                    "capital.", "The foreign ministers of Armenia and Azerbaijan met for six "
                    "hours in Brussels and agreed to meet again before the end of the year. "
                    "The mood was calm.", "Observers expect a treaty soon.")
    assert run(changed, po)
    msgfmt_check(po)
    blocks = po.read_text(encoding="utf-8").split("\n\n")
    assert calm in blocks and long_block in blocks  # untouched, as the tool wrapped them
    new = next(b for b in blocks if "treaty soon" in b)
    assert msgcat(HEADER + new + "\n").split("\n\n")[1].strip("\n") == new


def test_context_comments_do_not_change_when_unrelated_text_moves(po: Path) -> None:
    before = po.read_text(encoding="utf-8")
    calm = next(b for b in before.split("\n\n") if "mood was calm" in b)
    # A paragraph added at the top moves every line and paragraph number below it.
    moved = talks("A new first paragraph.", "Talks resumed in Brussels on Monday. Support rose "
                  "5% of the vote in the capital.", "The foreign ministers of Armenia and "
                  "Azerbaijan met for six hours in Brussels and agreed to meet again before "
                  "the end of the year. The mood was calm.", "Observers expect a draft treaty "
                  "in the spring.")
    assert run(moved, po)
    assert calm in po.read_text(encoding="utf-8").split("\n\n")
    assert f"#: {SOURCE}\n" in calm and "paragraph" not in calm


def test_a_catalog_that_is_not_a_regular_file_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "ru.po"
    path.symlink_to("/dev/zero")
    with pytest.raises(BriefingsError) as caught:
        read_catalog(path, "ru")
    assert "not a regular file" in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_catalog_saved_with_a_byte_order_mark_is_read(po: Path) -> None:
    po.write_bytes(b"\xef\xbb\xbf" + po.read_bytes())
    catalog = read_catalog(po, "ru")
    assert len([m for m in catalog if m.id]) == 7


@pytest.mark.parametrize("tag", ["ru_RU", "ru-RU", "RU"])
def test_a_language_with_a_region_is_the_language(po: Path, tag: str) -> None:
    po.write_text(po.read_text(encoding="utf-8").replace('"Language: ru\\n"',
                                                         f'"Language: {tag}\\n"'),
                  encoding="utf-8")
    before = po.read_bytes()
    read_catalog(po, "ru")
    assert run(talks(), po) is False  # nothing new: the file, and its tag, stay as they are
    assert po.read_bytes() == before
    with pytest.raises(BriefingsError):
        read_catalog(po, "hy")


def test_plural_forms_are_kept_as_found(po: Path) -> None:
    found = '"Plural-Forms: nplurals=3; plural=(n%10==1 ? 0 : n%10>=2 ? 1 : 2);\\n"'
    text = po.read_text(encoding="utf-8")
    start = text.index('"Plural-Forms:')
    end = text.index("\n\n", start)
    po.write_text(text[:start] + found + text[end:], encoding="utf-8")
    assert run(talks(f"Talks resumed in Brussels on Monday. {'x ' * 3}"), po)
    assert found in po.read_text(encoding="utf-8")


def test_a_translators_plural_entry_is_kept_aside_with_a_reason(po: Path) -> None:
    calm = "The mood was calm."
    text = po.read_text(encoding="utf-8")
    block = next(b for b in text.split("\n\n") if f'msgid "{calm}"' in b)
    plural = (f'msgid "{calm}"\nmsgid_plural "The moods were calm."\n'
              'msgstr[0] "Настроение было спокойным."\nmsgstr[1] "Настроения были спокойными."\n'
              'msgstr[2] "Настроений было спокойных."')
    po.write_text(text.replace(block, plural), encoding="utf-8")

    assert run(talks(), po)
    msgfmt_check(po)
    catalog = read_catalog(po, "ru")
    kept = catalog.get(calm)
    assert kept.string[0] == "Настроение было спокойным." and len(kept.string) == 3
    assert any(c.startswith("kept aside: a plural entry") for c in kept.user_comments)
    assert calm not in translated_map(catalog)  # the page shows English for it
    assert (calm, None) not in pending_units(catalog, ENGINE)  # never replaced by a draft
    assert run(talks(), po) is False
    from briefings.glossary import load_glossary
    from briefings.translation.checks import check_catalog

    found = check_catalog(catalog, po, load_glossary(), "ru")
    assert [p.check for p in found if p.msgid == calm] == ["set-aside"]


def test_a_reviewed_sentence_of_another_catalog_is_a_fuzzy_suggestion(tmp_path: Path) -> None:
    calm = "The mood was calm."
    other = tmp_path / "other.po"
    run(talks(), other)
    review(other, calm, "Обстановка была спокойной.")
    memory = {calm: ("Обстановка была спокойной.", "translations/ru/other.po")}

    catalog = merge_catalog(briefing_units(talks("Nothing else. The mood was calm."), SOURCE,
                                           line_of), None, "ru", "new", memory=memory)
    message = catalog.get(calm)
    assert message.string == "Обстановка была спокойной." and message.fuzzy
    assert message.user_comments == ["translation memory: translations/ru/other.po"]
    assert unit_status(message) == "stale"  # a person's suggestion: not shown, not redrafted
    assert (calm, None) not in pending_units(catalog, ENGINE)
    assert fill_from_memory(catalog, memory, "translations/ru/new.po") == 0
    path = tmp_path / "new.po"
    write_catalog(catalog, path)
    msgfmt_check(path)


@needs_gettext
def test_a_stale_entry_is_what_msgmerge_makes_of_it(tmp_path: Path, po: Path) -> None:
    """Our merge and msgmerge agree on an edited sentence: old translation, fuzzy, #| msgid."""
    long = ("The foreign ministers of Armenia and Azerbaijan met for six hours in Brussels "
            "and agreed to meet again before the end of the year.")
    review(po, long, "Министры встретились на шесть часов.")
    edited = long.replace("six", "seven")
    new = talks("Talks resumed in Brussels on Monday. Support rose 5% of the vote in the "
                "capital.", f"{edited} The mood was calm.", "Observers expect a draft treaty "
                "in the spring.")
    template = tmp_path / "new.pot"
    units = briefing_units(new, SOURCE, line_of)
    write_catalog(merge_catalog(units, None, "ru", "talks"), template)
    merged = subprocess.run([MSGMERGE, "--quiet", "--previous", "-o", "-", str(po),
                             str(template)], capture_output=True, check=True).stdout.decode()
    ours_path = tmp_path / "ours.po"
    shutil.copy(po, ours_path)
    run(new, ours_path, draft=False)

    def stale(text: str) -> list[str]:
        block = next(b for b in text.split("\n\n") if "seven hours" in b)
        return [line for line in block.split("\n") if line.startswith(("#,", "#|", "msgstr"))]

    assert stale(ours_path.read_text(encoding="utf-8")) == stale(merged)


def _round_trip(po: Path, save: str) -> None:
    text = po.read_text(encoding="utf-8")
    if save == "msgcat":
        po.write_text(msgcat(text), encoding="utf-8")
    elif save == "polib":
        polib = pytest.importorskip("polib")
        polib.pofile(str(po)).save(str(po))
    else:
        pytest.importorskip("translate.storage.pypo")
        from translate.storage import pypo

        store = pypo.pofile.parsefile(str(po))
        po.write_bytes(bytes(store))


@pytest.mark.parametrize("save", ["msgcat", "polib", "translate-toolkit"])
def test_a_catalog_another_tool_saved_comes_through_translate_unchanged(
    po: Path, save: str
) -> None:
    if save == "msgcat" and MSGCAT is None:
        pytest.skip("GNU gettext")
    review(po, "The mood was calm.", "Обстановка была спокойной.")
    _round_trip(po, save)
    saved = po.read_bytes()
    assert run(talks(), po) is False
    assert po.read_bytes() == saved
    catalog = read_catalog(po, "ru")
    assert unit_status(catalog.get("The mood was calm.")) == "reviewed"
    assert unit_status(catalog.get("Talks resumed in Brussels on Monday.")) == "machine-draft"


def test_drafts_made_once_for_the_same_english(po: Path) -> None:
    catalog = read_catalog(po, "ru")
    assert apply_drafts(catalog, {("The mood was calm.", None): Draft(fake_draft("x"), ENGINE)})
    assert os.environ.get("SOURCE_DATE_EPOCH")  # set by conftest: dated files compare


@needs_gettext
def test_a_language_started_from_the_template_with_msginit_is_taken_up(tmp_path: Path) -> None:
    from briefings.translation.catalogs import template_catalog

    units = briefing_units(talks(), SOURCE, line_of)
    pot = tmp_path / "translations" / "templates" / "talks.pot"
    write_catalog(template_catalog(units, "talks", "../.."), pot)
    text = pot.read_text(encoding="utf-8")
    assert msgcat(text) == text
    assert '"X-Poedit-Basepath: ../..\\n"' in text and "PO-Revision-Date: YEAR" in text

    po = tmp_path / "translations" / "ru" / "talks.po"
    po.parent.mkdir(parents=True)
    subprocess.run(["msginit", "--no-translator", "-l", "ru_RU", "-i", str(pot), "-o", str(po)],
                   check=True, capture_output=True)
    assert run(talks(), po)  # Language: ru_RU, from msginit: the same language
    msgfmt_check(po)
    assert unit_status(read_catalog(po, "ru").get("The mood was calm.")) == "machine-draft"


def test_glossary_forms_are_in_the_comments_of_entries_that_name_a_term() -> None:
    from briefings.glossary import load_glossary
    from briefings.translation.drafting import glossary_notes

    units = briefing_units(talks("Ilham Aliyev met Nikol Pashinyan. The mood was calm."),
                           SOURCE, line_of)
    notes = glossary_notes(units, load_glossary(), "ru")
    assert notes["Ilham Aliyev met Nikol Pashinyan."] == [
        "glossary: Ilham Aliyev → Ильхам Алиев",
        "glossary: Nikol Pashinyan → Никол Пашинян",
    ]
    assert "The mood was calm." not in notes
    catalog = merge_catalog(units, None, "ru", "talks", notes=notes)
    message = catalog.get("Ilham Aliyev met Nikol Pashinyan.")
    assert message.auto_comments == ["text", *notes[message.id]]


@needs_gettext
def test_a_removed_sentence_nobody_translated_goes_as_msgmerge_drops_it(tmp_path: Path) -> None:
    path = tmp_path / "ru.po"
    run(talks(), path, draft=False)  # nothing translated
    shorter = talks("Talks resumed in Brussels on Monday.", "The mood was calm.")
    template = tmp_path / "new.pot"
    write_catalog(merge_catalog(briefing_units(shorter, SOURCE, line_of), None, "ru", "talks"),
                  template)
    merged = subprocess.run([MSGMERGE, "--quiet", "-o", "-", str(path), str(template)],
                            capture_output=True, check=True).stdout.decode()

    assert run(shorter, path, draft=False)
    ours = path.read_text(encoding="utf-8")
    assert "#~" not in merged and "#~" not in ours
    assert "Observers expect" not in ours
