"""Checks of translated catalogs, on PO files written and read back with Babel."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from briefings.glossary import Glossary, load_glossary
from briefings.translation.checks import Problem, check_catalog

LONG = (
    "Ilham Aliyev said on Wednesday that the operation in Nagorno-Karabakh had ended "
    "after ethnic Armenian forces agreed to lay down their arms."
)
LONG_RU = (
    "Ильхам Алиев заявил в среду, что операция в Нагорном Карабахе завершена после того, "
    "как карабахские армянские силы согласились сложить оружие."
)


@pytest.fixture(scope="module")
def glossary() -> Glossary:
    return load_glossary()


def _write_and_read(tmp_path: Path, entries: list[tuple[str, str, bool]], lang: str = "ru"):
    """A PO file with ``(msgid, msgstr, fuzzy)`` entries, read back as editors' files are."""
    catalog = Catalog(locale=lang)
    for number, (msgid, msgstr, fuzzy) in enumerate(entries, 1):
        catalog.add(
            msgid, msgstr, locations=[("briefing.md", number)], flags=["fuzzy"] if fuzzy else []
        )
    path = tmp_path / f"{lang}.po"
    with path.open("wb") as out:
        write_po(out, catalog, width=76)
    with path.open("rb") as po:
        return read_po(po, locale=lang), path


def _msgid_line(path: Path, text: str) -> int:
    """The line of the ``msgid`` keyword of the entry whose English starts with ``text``."""
    lines = path.read_text("utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        if line.startswith(f'msgid "{text}'):
            return number
        if line.startswith(f'"{text}') and lines[number - 2] == 'msgid ""':
            return number - 1
    raise AssertionError(f"{text!r} not in {path}")


CLEAN = [
    ("Ilham Aliyev visited Baku on 20 September.", "Ильхам Алиев посетил Баку 20 сентября.", False),
    ("About 2,000 troops left.", "Около 2 000 военных ушли.", True),
    # Declined forms are how reviewers write: Армении, Азербайджана, Кремля.
    (
        "Armenia and Azerbaijan blamed the Kremlin.",
        "Армении и Азербайджана не понравилось молчание Кремля.",
        False,
    ),
    (LONG, LONG_RU, True),
    ("2023", "2023", False),  # no letters: nothing to translate
    ("Al Mayadeen English", "Al Mayadeen English", False),  # its form is the English
    ("https://www.reuters.com/world/", "https://www.reuters.com/world/", False),
    ("Not yet translated.", "", True),  # a draft still to come is not a problem
]


def test_a_clean_catalog_has_no_problems(tmp_path: Path, glossary: Glossary) -> None:
    catalog, path = _write_and_read(tmp_path, CLEAN)
    assert check_catalog(catalog, path, glossary, "ru") == []


def test_each_kind_of_problem_is_reported_at_its_msgid_line(
    tmp_path: Path, glossary: Glossary
) -> None:
    entries = [
        *CLEAN,
        ("Nikol Pashinyan spoke to the nation.", "Премьер-министр обратился к нации.", True),
        ("At least 32 people were killed.", "Погибли не менее 23 человек.", True),
        ("The talks failed.", "", False),
        ("The talks resumed on Thursday.", "The talks resumed on Thursday.", True),
        (
            LONG.replace("Wednesday", "Thursday"),
            LONG_RU.replace("Ильхам Алиев", "Президент").replace("в среду", "в четверг"),
            True,
        ),
    ]
    catalog, path = _write_and_read(tmp_path, entries)

    problems = check_catalog(catalog, path, glossary, "ru", drafts=True)
    # Fuzzy entries (drafts) are only checked when asked for.
    assert {p.line for p in check_catalog(catalog, path, glossary, "ru")} <= {
        _msgid_line(path, "The talks failed")
    }

    pashinyan = _msgid_line(path, "Nikol Pashinyan spoke")
    killed = _msgid_line(path, "At least 32")
    resumed = _msgid_line(path, "The talks resumed")
    long = _msgid_line(path, "Ilham Aliyev said on Thursday")
    assert [(p.line, p.message) for p in problems] == [
        (pashinyan, "translation lacks 'Никол Пашинян' (the glossary form of 'Nikol Pashinyan')"),
        (killed, "number 32 missing from translation"),
        (killed, "number 23 not in the English"),
        (resumed, "translation is the English text"),
        (long, "translation lacks 'Ильхам Алиев' (the glossary form of 'Ilham Aliyev')"),
    ]
    assert problems == sorted(problems, key=lambda p: p.line)
    lines = path.read_text("utf-8").splitlines()
    assert lines[long - 1] == 'msgid ""'  # a wrapped msgid: its keyword line
    assert problems[0].msgid == "Nikol Pashinyan spoke to the nation."
    assert str(problems[0]) == (
        f"{path}:{pashinyan}: translation lacks 'Никол Пашинян' "
        "(the glossary form of 'Nikol Pashinyan')"
    )


def test_untranslated_english_with_a_translatable_term_is_reported(
    tmp_path: Path, glossary: Glossary
) -> None:
    catalog, path = _write_and_read(tmp_path, [("Kremlin", "Kremlin", True)])

    messages = [p.message for p in check_catalog(catalog, path, glossary, "ru", drafts=True)]

    assert messages == [
        "translation is the English text",
        "translation lacks 'Кремль' (the glossary form of 'Kremlin')",
    ]


def test_forms_are_those_of_the_catalog_language(tmp_path: Path, glossary: Glossary) -> None:
    entries = [("Baku and Yerevan disagreed.", "Bakı ilə İrəvan razılaşmadı.", False)]
    catalog, path = _write_and_read(tmp_path, entries, lang="az")
    assert check_catalog(catalog, path, glossary, "az") == []
    found = check_catalog(catalog, path, glossary, "hy")
    assert [p.message for p in found if p.check == "glossary"] == [
        "translation lacks 'Բաքու' (the glossary form of 'Baku')",
        "translation lacks 'Երևան' (the glossary form of 'Yerevan')",
    ]


def test_obsolete_entries_are_ignored(tmp_path: Path, glossary: Glossary) -> None:
    catalog = Catalog(locale="ru")
    catalog.add("The talks failed.", "")
    catalog.obsolete["The talks failed."] = catalog["The talks failed."]
    del catalog["The talks failed."]
    path = tmp_path / "ru.po"
    with path.open("wb") as out:
        write_po(out, catalog)
    assert "#~ msgid" in path.read_text("utf-8")
    with path.open("rb") as po:
        catalog = read_po(po, locale="ru")

    assert check_catalog(catalog, path, glossary, "ru") == []


def test_problem_reads_as_file_line_message() -> None:
    problem = Problem(Path("locales/ru.po"), 12, "Hi", "translation is the English text")
    assert str(problem) == "locales/ru.po:12: translation is the English text"


def test_a_withheld_machine_draft_is_reported(tmp_path: Path, glossary: Glossary) -> None:
    catalog = Catalog(locale="ru")
    catalog.add(
        "Ilham Aliyev spoke.",
        "",
        user_comments=["machine draft needs a person: placeholder for 'Ilham Aliyev' lost"],
    )
    catalog.add("The talks failed.", "")  # merely untranslated: not a problem
    path = tmp_path / "ru.po"
    with path.open("wb") as po:
        write_po(po, catalog)
    with path.open("rb") as po:
        read = read_po(po, locale="ru")
    assert check_catalog(read, path, glossary, "ru") == []  # drafts: only when asked
    problems = check_catalog(read, path, glossary, "ru", drafts=True)
    assert [p.message for p in problems] == [
        "machine draft needs a person: placeholder for 'Ilham Aliyev' lost"
    ]
    assert problems[0].line == _msgid_line(path, "Ilham Aliyev spoke.")


def test_a_description_among_the_aliases_needs_no_glossary_form(
    tmp_path: Path, glossary: Glossary
) -> None:
    entries = [
        ("The Armenian leader said talks would go on.", "Армянский лидер сказал, что "
         "переговоры продолжатся.", False),
        ("Pashinyan said talks would go on.", "Премьер сказал, что переговоры продолжатся.",
         False),
    ]
    catalog, path = _write_and_read(tmp_path, entries)
    problems = check_catalog(catalog, path, glossary, "ru")
    assert [(p.msgid, p.check) for p in problems] == [
        ("Pashinyan said talks would go on.", "glossary")
    ]


def test_pofilters_checks_find_what_hurried_reviews_leave(
    tmp_path: Path, glossary: Glossary
) -> None:
    entries = [("Aliyev said \"we want peace\" (on Monday).",
                "Алиев сказал, что мы мы хотим мира (в понедельник", False)]
    catalog, path = _write_and_read(tmp_path, entries)
    checks = {p.check for p in check_catalog(catalog, path, glossary, "ru")}
    assert {"doublewords", "brackets", "endpunc", "quotes"} <= checks
    problem = check_catalog(catalog, path, glossary, "ru")[0]
    assert problem.as_dict()["msgstr"] == entries[0][1]  # the whole message, for a person
