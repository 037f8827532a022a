"""The glossary: lookup, project overrides, and clear errors for a broken file."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefings.errors import BriefingsError
from briefings.glossary import Glossary, Term, load_glossary


def test_aliases_find_the_canonical_term() -> None:
    glossary = load_glossary()
    found = [(m.term.name, m.surface) for m in glossary.find(
        "Azeri President Ilham Aliyev met Aliyeva; the Kremlin and Karabakh.")]
    # Whole words only, longest first: "Aliyeva" is someone else.
    assert found == [
        ("Ilham Aliyev", "Azeri President Ilham Aliyev"),
        ("Kremlin", "the Kremlin"),
        ("Nagorno-Karabakh", "Karabakh"),
    ]
    assert glossary.get("Aliyev").form("ru") == "Ильхам Алиев"


def test_project_glossary_adds_and_overrides(tmp_path: Path) -> None:
    extra = tmp_path / "glossary.yaml"
    extra.write_text(
        "- name: Jane Doe\n  type: person\n  aliases: [Doe]\n  ru: Джейн Доу\n"
        "- name: Yerevan\n  type: place\n  affiliation: Armenia\n  ru: Ереван (город)\n",
        "utf-8",
    )
    glossary = load_glossary(extra)
    assert glossary.get("Doe").name == "Jane Doe"
    assert glossary.get("Yerevan").form("ru") == "Ереван (город)"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("- name: X\n  aliases: [a\n", "invalid glossary YAML"),
        ("- name: X\n  type: city\n", "type must be one of"),
        ("name: X\n", "must be a YAML list"),
        ("- name: X\n  aliases: !!python/object/apply:os.system [true]\n", "invalid glossary YAML"),
        ("- name: X\n  when: 2023-13-45\n", "invalid value"),
        ("- name: X\n  aliases: Doe\n", "aliases must be a list"),
    ],
)
def test_a_broken_glossary_is_one_line(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "glossary.yaml"
    path.write_text(text, "utf-8")
    with pytest.raises(BriefingsError) as info:
        load_glossary(path)
    assert str(info.value).startswith(str(path))
    assert problem in str(info.value)
    assert "\n" not in str(info.value)


def test_a_form_in_any_language_is_kept_not_only_hy_az_ru(tmp_path: Path) -> None:
    extra = tmp_path / "glossary.yaml"
    extra.write_text("- name: Tbilisi\n  type: place\n  ka: თბილისი\n  pt-BR: Tbilíssi\n"
                     "  ru: Тбилиси\n", "utf-8")
    term = load_glossary(extra).get("Tbilisi")
    assert term is not None
    assert term.forms == {"ka": "თბილისი", "pt-BR": "Tbilíssi", "ru": "Тбилиси"}
    assert term.form("ka") == "თბილისი" and term.form("tr") == "Tbilisi"


@pytest.mark.parametrize("names", [
    ["Aliyev", "Ilham Aliyev", "EU", "Ereván", "-dash", "]bracket", "^caret", "\\slash", "9th Army",
     "Ереван", "’quoted"],
    [""],  # an empty name: no lookahead at all
])
def test_mentions_are_what_the_plain_pattern_finds(names: list[str]) -> None:
    """The first letters' lookahead (for speed) finds exactly what the whole-word pattern finds."""
    glossary = Glossary([Term(name, "person") for name in names])
    surfaces = sorted(glossary._by_surface, key=len, reverse=True)
    plain = re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(s) for s in surfaces)})(?![\w-])")
    text = ("Ilham Aliyev met the EU in Ereván; -dash ]bracket ^caret \\slash 9th Army, "
            "Aliyeva and re-Aliyev did not, nor did x-EU; Ереван’s ’quoted mayor. ") * 3
    expected = [(m.start(), m.end(), m.group(0)) for m in plain.finditer(text)]
    assert [(m.start, m.end, m.surface) for m in glossary.find(text)] == expected
    assert expected or names == [""]
