"""The quick PO reader: the catalog Babel's parser makes, or ``None`` so that Babel's reads it.

Every build reads every catalog of a fresh checkout, so :func:`read_catalog`
first tries a short loop (``_quick_read``) and leaves to Babel's parser
(``_babel_read``) whatever that loop does not expect. These tests hold the two
to the same catalog, entry by entry, and check the cases that must fall back.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from briefings.errors import BriefingsError
from briefings.translation.pofile import _babel_read, _quick_read, read_catalog

ROOT = Path(__file__).resolve().parent.parent

HEADER = """\
# Russian translation of the briefing “x”.
msgid ""
msgstr ""
"Project-Id-Version: briefings x\\n"
"Language: ru\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"Plural-Forms: nplurals=3; plural=n % 10 == 1 && n % 100 != 11 ? 0 : n % 10 "
">= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2;\\n"

"""


def _everything(catalog: object) -> object:
    """All that reading put in a catalog, entries in order."""
    def entry(message: object) -> tuple[object, ...]:
        return tuple(getattr(message, name) for name in (
            "id", "string", "context", "flags", "auto_comments", "user_comments", "locations",
            "previous_id", "lineno"))

    return (
        [(key, entry(m)) for key, m in catalog._messages.items()],  # type: ignore[attr-defined]
        [(key, entry(m)) for key, m in catalog.obsolete.items()],  # type: ignore[attr-defined]
        catalog.raw_headers, catalog.header_comment, catalog.fuzzy,  # type: ignore[attr-defined]
        catalog.mime_headers, sorted(vars(catalog)),  # type: ignore[attr-defined]
    )


def _same_as_babel(text: str, lang: str = "ru") -> bool:
    """Whether the quick reader read ``text`` (the same as Babel's) or left it to Babel."""
    lines = text.split("\n")
    quick = _quick_read(lines, lang)
    if quick is None:
        return False
    catalog, header_line, duplicate = _babel_read(Path("x.po"), lines, lang)
    assert (quick[1], quick[2]) == (header_line, duplicate)
    assert _everything(quick[0]) == _everything(catalog)
    return True


@pytest.mark.parametrize("path", sorted((ROOT / "translations").rglob("*.po")),
                         ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_catalog_of_the_sample_site_reads_as_babel_reads_it(path: Path) -> None:
    text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    assert _same_as_babel(text, path.parent.name)


ODD_BUT_QUICK = {
    "context, escapes, CRLF": HEADER.replace("\n", "\r\n") + (
        '#. title\r\n#: content/a.md content/b.md:12 content/c.md:x\r\nmsgctxt "x"\r\n'
        'msgid "A \\"quoted\\"\\tline\\n"\r\nmsgstr "Б\\\\"\r\n'),
    "a stale entry's previous English, over lines": HEADER + (
        '# machine draft: argos\n#\n#, fuzzy, python-format\n#| msgid ""\n'
        '#| "Old "\n#| "words"\nmsgid "New %s words"\nmsgstr ""\n"Новые "\n"слова"\n'),
    "a previous context, then a previous msgid": HEADER + (
        '#| msgctxt "c"\n#| msgid "Old"\nmsgid "New"\nmsgstr ""\n'),
    "a duplicate entry": HEADER + 'msgid "A"\nmsgstr ""\n\nmsgid "A"\nmsgstr "Б"\n',
    "no header": 'msgid "A"\nmsgstr "Б"\n',
    "a fuzzy header, two msgstr lines": (
        '#, fuzzy\n' + HEADER + 'msgid "A"\nmsgstr "Б"\nmsgstr "В"\n'),
    "an empty flag and comments": HEADER + '#,\n#.\n#:\n#  spaced\nmsgid "A"\nmsgstr "Б"\n',
}


@pytest.mark.parametrize("name", sorted(ODD_BUT_QUICK))
def test_unusual_but_sound_entries_read_as_babel_reads_them(name: str) -> None:
    assert _same_as_babel(ODD_BUT_QUICK[name])


LEFT_TO_BABEL = {
    "plural forms": HEADER + 'msgid "a"\nmsgid_plural "as"\nmsgstr[0] "б"\nmsgstr[1] "бы"\n',
    "an obsolete entry": HEADER + '#~ msgid "Old"\n#~ msgstr "Старый"\n',
    "an isolated file name": HEADER + '#: \u2068a b.md\u2069:3\nmsgid "A"\nmsgstr ""\n',
    "a string cut short": HEADER + 'msgid "A\nmsgstr ""\n',
    "a continuation cut short": HEADER + 'msgid ""\n"A\nmsgstr ""\n',
    "a msgid without msgstr": HEADER + 'msgid "A"\n\nmsgid "B"\nmsgstr ""\n',
    "an unknown keyword": HEADER + 'msgid "A"\nmsgstring ""\n',
    "a string outside an entry": HEADER + '# a comment ends the header\n"stray"\n',
    "a conflict marker": HEADER + '#-#-#-#-#  a.po  #-#-#-#-#\nmsgid "A"\nmsgstr ""\n',
    "only comments": "# nothing but a comment\n",
    "nothing": "",
}


@pytest.mark.parametrize("name", sorted(LEFT_TO_BABEL))
def test_what_the_quick_reader_does_not_expect_is_left_to_babel(name: str) -> None:
    assert _quick_read(LEFT_TO_BABEL[name].split("\n"), "ru") is None


#: What read_catalog makes of each case Babel's parser reads: a problem it names, or
#: ``None`` for a sound catalog.
REFUSED = {
    "plural forms": None,
    "an obsolete entry": None,
    "an isolated file name": None,
    "a string cut short": "a string without its closing quote",
    "a continuation cut short": "a string without its closing quote",
    "a msgid without msgstr": "missing msgstr",
    "an unknown keyword": "Unknown or misformatted keyword",
    "a string outside an entry": "but not in msgid, msgstr or msgctxt",
    "a conflict marker": "cannot parse po file with conflicts",
    "only comments": "charset=UTF-8",  # Babel makes an empty header of the comment
    "nothing": "no header",
}


@pytest.mark.parametrize("name", sorted(LEFT_TO_BABEL))
def test_a_catalog_left_to_babel_is_read_or_refused_as_babel_reads_it(
        name: str, tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_bytes(LEFT_TO_BABEL[name].encode("utf-8"))
    problem = REFUSED[name]
    if problem is None:
        catalog = read_catalog(path, "ru")
        found = {*catalog._messages, *catalog.obsolete}  # type: ignore[attr-defined]
        assert found & {"a", "Old", "A"}
        if name == "an isolated file name":
            assert catalog["A"].locations == [("a b.md", 3)]
    else:
        with pytest.raises(BriefingsError, match=problem):
            read_catalog(path, "ru")


def test_a_duplicate_found_by_the_quick_reader_is_named_as_before(tmp_path: Path) -> None:
    path = tmp_path / "x.po"
    path.write_text(ODD_BUT_QUICK["a duplicate entry"], encoding="utf-8")
    with pytest.raises(BriefingsError, match="duplicate entry") as caught:
        read_catalog(path, "ru")
    assert caught.value.line == HEADER.count("\n") + 4
