"""Our interface text, extracted with Babel: hy, az and ru by hand, ka by a machine."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from briefings.site.interface import (
    LOCALES,
    SITE_PACKAGE,
    TEMPLATE,
    extract_interface_messages,
    interface_catalog_path,
    interface_translations,
    language_name,
    unreviewed_interface,
)

LANGS = ("hy", "az", "ru", "ka")
#: Catalogs a machine wrote: each entry stays fuzzy (a draft) until a speaker checks it.
MACHINE_DRAFTS = ("ka",)
MSGFMT = shutil.which("msgfmt") or "/usr/bin/msgfmt"


def ids(catalog: Catalog) -> set[str | tuple[str, ...]]:
    return {
        message.id if isinstance(message.id, str) else tuple(message.id)
        for message in catalog
        if message.id
    }


def read(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as stream:
        return read_po(stream, locale=lang)


def test_template_is_up_to_date_with_the_code() -> None:
    extracted = extract_interface_messages()
    assert ids(extracted) == ids(read(TEMPLATE)), (
        "briefings/site/locales/briefings.pot is out of date: run the pybabel commands "
        "in briefings/site/interface.py"
    )


def test_every_marked_string_in_the_code_reaches_the_template() -> None:
    # Babel cannot see calls inside f-strings on Python 3.11; this finds them anyway.
    template = {m if isinstance(m, str) else m[0] for m in ids(read(TEMPLATE))}
    pattern = re.compile(r"""\b(?:_|N_|gettext)\(\s*(["'])((?:(?!\1).)+)\1\s*\)""")
    for source in sorted(SITE_PACKAGE.glob("*.py")):
        for match in pattern.finditer(source.read_text("utf-8")):
            assert match.group(2) in template, f"{source.name}: {match.group(2)!r} not extracted"


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_is_translated_and_sound(lang: str) -> None:
    catalog = read(interface_catalog_path(lang), lang)
    assert ids(catalog) == ids(read(TEMPLATE)), f"{lang}: run pybabel update"
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(s.strip() for s in strings), f"{lang}: {message.id!r} is not translated"
        # A machine's entry is marked as awaiting review; a person's is not.
        assert message.fuzzy == (lang in MACHINE_DRAFTS), f"{lang}: {message.id!r} fuzzy?"
        if message.pluralizable:
            assert len(strings) == catalog.num_plurals
    # Babel's own checks: the same %(name)s placeholders as the English, and so on.
    problems = [(message.id, errors) for message, errors in catalog.check()]
    assert problems == []


@pytest.mark.parametrize("lang", LANGS)
def test_gnu_msgfmt_accepts_the_catalog(lang: str) -> None:
    result = subprocess.run(
        [MSGFMT, "-c", "--check-format", "--use-fuzzy", "-o", os.devnull,
         str(interface_catalog_path(lang))],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr


def test_translations_load_at_build_time_without_compiled_files() -> None:
    assert not list(LOCALES.rglob("*.mo"))
    russian = interface_translations("ru")
    assert russian.gettext("Key points") == "Главное"
    assert [russian.ngettext("%(count)s briefing", "%(count)s briefings", n) % {"count": n}
            for n in (1, 3, 5, 21)] == ["1 справка", "3 справки", "5 справок", "21 справка"]
    assert interface_translations("hy").gettext("Who said what") == "Ով ինչ ասաց"
    assert interface_translations("az").gettext("Timeline") == "Xronologiya"
    assert interface_translations("xx").gettext("Timeline") == "Timeline"


def test_a_machine_drafted_interface_is_shown_and_said_to_await_review() -> None:
    georgian = interface_translations("ka")
    assert georgian.gettext("Timeline") == "ქრონოლოგია"  # a draft, but better than English
    # CLDR gives Georgian two plural forms; after a numeral the noun stays singular.
    assert [georgian.ngettext("%(count)s briefing", "%(count)s briefings", n) % {"count": n}
            for n in (1, 3)] == ["1 მიმოხილვა", "3 მიმოხილვა"]
    note = unreviewed_interface("ka")
    assert note is not None and "130 of 130 entries await review" in note
    assert "locales/ka/LC_MESSAGES/briefings.po" in note
    assert unreviewed_interface("ru") is None and unreviewed_interface("en") is None
    assert unreviewed_interface("tr") == (
        "no interface translation for tr; its pages use English labels")


def test_language_names() -> None:
    assert [language_name(code) for code in ("en", "hy", "az", "ru", "ka")] == [
        "English", "Հայերեն", "Azərbaycanca", "Русский", "ქართული"
    ]
    assert language_name("hy", "ru") == "Армянский"
