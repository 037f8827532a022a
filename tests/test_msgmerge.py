"""Our merge against GNU ``msgmerge --previous``, on one catalog with every kind of entry.

A changed article is merged into the same catalog twice: by ``briefings`` and by
msgmerge (with the new article's template, as ``msgmerge --previous old.po new.pot``).
Both must give the same live entries in the same order, with the same
translations, the same ``fuzzy`` flags and the same ``#| msgid`` previous strings,
and the same obsolete entries, except where we differ on purpose. Those
differences are listed here (``INTENDED``) and in docs/translating.md, "Where we
differ from msgmerge, on purpose"; the test fails if another one appears, or if
one of them goes away.

Parsed with polib, not our reader, so our reader's view does not decide.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from test_catalogs import (
    CALM,
    DEK,
    FIRST,
    LAST,
    LONG,
    PERCENT,
    SOURCE,
    TITLE,
    entry,
    fake_draft,
    msgfmt_check,
    review,
    run,
)
from test_units import line_of, make_briefing

from briefings.translation.catalogs import merge_catalog
from briefings.translation.pofile import wrap_string, write_catalog
from briefings.translation.units import briefing_units

MSGMERGE = shutil.which("msgmerge")
pytestmark = pytest.mark.skipif(MSGMERGE is None, reason="GNU gettext's msgmerge")

# What the article becomes: the dek edited (reviewed), one machine draft's sentence
# edited (untouched draft), the sentence a person edited but did not approve edited
# too, a reviewed sentence removed, an earlier removed one back, a new one added.
NEW_DEK = "Leaders meet in Brussels after a long year."
NEW_PERCENT = "Support rose 6% of the vote in the capital."
NEW_LONG = LONG.replace("six hours", "seven hours")
# LAST is reviewed, edited once (stale, ``#| msgid`` LAST) and edited again.
LAST_ONCE = LAST.replace("spring", "early spring")
LAST_TWICE = LAST.replace("spring", "late spring")
BACK = "Both sides released prisoners in the autumn."
ADDED = "Officials gave no figures for the crowd."

#: Where we differ from msgmerge, on purpose (docs/translating.md says why).
#: An untouched machine draft is not carried over to the edited sentence: msgmerge
#: offers the machine's old text as a fuzzy suggestion; we leave the new sentence
#: for a fresh draft and keep the old draft as an obsolete entry. A person's
#: unfinished (fuzzy) text without a ``#|`` gets the English it was written
#: against as ``#| msgid``; msgmerge gives an entry that was fuzzy none.
INTENDED = {
    "live": {
        NEW_PERCENT: ("msgmerge", (fake_draft(PERCENT), True, ()),
                      "briefings", ("", False, ())),
        NEW_LONG: ("msgmerge", ("Министры встретились на шесть часов.", True, ()),
                   "briefings", ("Министры встретились на шесть часов.", True, (LONG,))),
    },
    "obsolete": {PERCENT: ("briefings", fake_draft(PERCENT))},
}


def edit(path: Path, msgid: str, translation: str) -> None:
    """A translator changes a draft's text and leaves it fuzzy ("needs work")."""
    text = path.read_text(encoding="utf-8")
    old = entry(text, msgid)
    lines = old.split("\n")
    start = next(n for n, line in enumerate(lines) if line.startswith("msgstr "))
    path.write_text(text.replace(old, "\n".join([*lines[:start],
                                                 *wrap_string("msgstr", translation)])),
                    encoding="utf-8")


def state(text: str) -> tuple[list[tuple[str, str, bool, tuple[str, ...]]], dict[str, str]]:
    """Live entries ``(msgid, msgstr, fuzzy, previous msgid)`` in order, and obsolete ones.

    Read with polib: Babel's reader loses a ``#| msgid`` written on several lines.
    """
    catalog = polib.pofile(text)
    live = [(m.msgid, m.msgstr, "fuzzy" in m.flags,
             (m.previous_msgid,) if m.previous_msgid else ())
            for m in catalog if m.msgid and not m.obsolete]
    obsolete = {m.msgid: m.msgstr for m in catalog.obsolete_entries()}
    return live, obsolete


def test_a_changed_article_merges_as_msgmerge_merges_it(tmp_path: Path) -> None:
    po = tmp_path / "translations" / "ru" / "talks.po"
    body = (f"{FIRST} {PERCENT}", f"{LONG} {CALM}", f"{LAST} {BACK}")
    before = make_briefing(list(body), title=TITLE, dek=DEK)
    assert run(before, po)  # every entry an untouched machine draft
    review(po, TITLE, "Армения и Азербайджан возобновили переговоры")
    review(po, DEK, "Лидеры встретились в Брюсселе через год.")
    review(po, CALM, "Обстановка была спокойной.")
    review(po, BACK, "Стороны освободили пленных осенью.")
    review(po, LAST, "Наблюдатели ждут проекта договора весной.")
    edit(po, LONG, "Министры встретились на шесть часов.")  # a person's, not approved
    # BACK leaves the article for a while: obsolete, with its reviewed translation.
    run(make_briefing([f"{FIRST} {PERCENT}", f"{LONG} {CALM}", LAST_ONCE], title=TITLE,
                      dek=DEK), po, draft=False)
    assert "#~ msgid \"Both sides released" in po.read_text(encoding="utf-8")
    msgfmt_check(po)

    after = make_briefing([f"{FIRST} {NEW_PERCENT}", f"{NEW_LONG} {BACK}", f"{LAST_TWICE} {ADDED}"],
                          title=TITLE, dek=NEW_DEK)
    template = tmp_path / "talks.pot"
    write_catalog(merge_catalog(briefing_units(after, SOURCE, line_of), None, "ru", "talks"),
                  template)
    theirs = subprocess.run([MSGMERGE, "--quiet", "--previous", "-o", "-", str(po),
                             str(template)], capture_output=True, check=True).stdout.decode()
    run(after, po, draft=False)
    msgfmt_check(po)
    ours = po.read_text(encoding="utf-8")

    our_live, our_obsolete = state(ours)
    their_live, their_obsolete = state(theirs)
    assert [m[0] for m in our_live] == [m[0] for m in their_live]  # the same entries, in order
    differences = {}
    for mine, gnu in zip(our_live, their_live, strict=True):
        if mine != gnu:
            differences[mine[0]] = ("msgmerge", gnu[1:], "briefings", mine[1:])
    assert differences == INTENDED["live"]
    extra = {k: ("briefings", v) for k, v in our_obsolete.items() if k not in their_obsolete}
    assert extra == INTENDED["obsolete"]
    assert {k: v for k, v in our_obsolete.items() if k in their_obsolete} == their_obsolete

    # What each case came to, in both: spelled out, so a reader sees what was compared.
    by_id = {m[0]: m[1:] for m in our_live}
    assert by_id[TITLE] == ("Армения и Азербайджан возобновили переговоры", False, ())
    assert by_id[NEW_DEK] == ("Лидеры встретились в Брюсселе через год.", True, (DEK,))
    assert by_id[NEW_LONG] == ("Министры встретились на шесть часов.", True, (LONG,))
    assert by_id[FIRST] == (fake_draft(FIRST), True, ())
    assert by_id[BACK] == ("Стороны освободили пленных осенью.", False, ())  # revived
    assert by_id[ADDED] == ("", False, ())
    # Stale twice: the English the translation was made for, as msgmerge keeps it.
    assert by_id[LAST_TWICE] == ("Наблюдатели ждут проекта договора весной.", True, (LAST,))
    assert their_obsolete == {CALM: "Обстановка была спокойной."}
