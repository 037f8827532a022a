"""Our own interface text (headings, labels, banners) in the page's language.

The English is in the code, marked with ``_()``, ``ngettext()`` or :func:`N_`,
never inside an f-string: on Python 3.11 Babel cannot see into one.
Babel extracts it into ``locales/briefings.pot``; the Armenian, Azerbaijani and
Russian are written by hand in ``locales/<lang>/LC_MESSAGES/briefings.po``::

    .venv/bin/pybabel extract -F briefings/site/locales/babel.cfg \\
        -c Translators: --sort-by-file --project briefings \\
        -o briefings/site/locales/briefings.pot briefings/site
    .venv/bin/pybabel update -D briefings -i briefings/site/locales/briefings.pot \\
        -d briefings/site/locales --no-fuzzy-matching

The PO files are compiled in memory when a build starts, so no compiled ``.mo``
file is kept next to them to drift out of date. A language without a catalog
gets the English text.

An entry marked ``fuzzy`` is a draft no speaker of the language has checked
(the Georgian catalog was written by a machine, every entry of it so marked):
it is shown, as the articles' machine drafts are, rather than English, and
every build says how many of a language's entries still wait
(:func:`unreviewed_interface`). Reviewing one is dropping its ``fuzzy`` flag.
"""

from __future__ import annotations

import gettext
import io
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

SITE_PACKAGE = Path(__file__).parent
LOCALES = SITE_PACKAGE / "locales"
DOMAIN = "briefings"
TEMPLATE = LOCALES / f"{DOMAIN}.pot"
#: Translator comments start with this in the code (``# Translators: ...``).
COMMENT_TAG = "Translators:"
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None}
#: The language the interface text is written in, in the code.
INTERFACE_SOURCE = "en"

# How each language names itself in the language switcher. CLDR's name for
# Azerbaijani in Azerbaijani is "azərbaycan", which reads as the country; the
# language is "Azərbaycanca" (or "Azərbaycan dili").
_AUTONYMS = {"az": "Azərbaycanca"}


def N_(message: str) -> str:
    """Mark ``message`` for extraction; it is translated later, where it is shown."""
    return message


def interface_catalog_path(lang: str) -> Path:
    """The hand-written PO file of ``lang``'s interface text."""
    return LOCALES / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def has_interface_translation(lang: str) -> bool:
    return lang == INTERFACE_SOURCE or interface_catalog_path(lang).is_file()


@cache
def _catalog(lang: str) -> Catalog | None:
    path = interface_catalog_path(lang)
    if lang == INTERFACE_SOURCE or not path.is_file():
        return None
    with path.open("rb") as stream:
        return read_po(stream, locale=lang.replace("-", "_"), domain=DOMAIN)


@cache
def interface_translations(lang: str) -> gettext.NullTranslations:
    """The interface text of ``lang``, compiled from its PO file (English without one).

    Entries marked fuzzy, drafts not reviewed yet, are used too: a Georgian
    reader is better served by a draft label than by an English one. GNU
    gettext would leave them out; :func:`unreviewed_interface` counts them.
    """
    catalog = _catalog(lang)
    if catalog is None:
        return gettext.NullTranslations()
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=True)
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def unreviewed_interface(lang: str) -> str | None:
    """What to tell the builder about ``lang``'s interface text: ``None`` when it is reviewed.

    Names a language without a catalog (its pages use the English labels) or
    one whose catalog still has draft (fuzzy) entries.
    """
    catalog = _catalog(lang)
    if catalog is None:
        if has_interface_translation(lang):
            return None
        return f"no interface translation for {lang}; its pages use English labels"
    drafts = sum(1 for message in catalog if message.id and message.fuzzy)
    if not drafts:
        return None
    total = sum(1 for message in catalog if message.id)
    return (f"the {lang} interface text is a draft: {drafts} of {total} entries await review "
            f"by a speaker (fuzzy in briefings/site/locales/{lang}/LC_MESSAGES/{DOMAIN}.po)")


def language_name(code: str, in_lang: str | None = None) -> str:
    """The name of language ``code``, written in ``in_lang`` (in itself when ``None``).

    Capitalised, as it stands alone in a menu or a table heading.
    """
    if in_lang is None and code in _AUTONYMS:
        return _AUTONYMS[code]
    try:
        name = Locale.parse(code).get_display_name(in_lang or code) or code
    except (UnknownLocaleError, ValueError):
        return code
    if "\u10d0" <= name[:1] <= "\u10ff":
        # Georgian (Mkhedruli) has no capitals in running text: Python would
        # give the first letter its Mtavruli form ("Ქართული"), which no one writes.
        return name
    return name[:1].upper() + name[1:]


def extract_interface_messages() -> Catalog:
    """Every interface message in ``briefings/site/*.py``, as Babel extracts them.

    This is what ``pybabel extract`` with ``locales/babel.cfg`` finds; the tests
    compare it with ``locales/briefings.pot``.
    """
    catalog = Catalog(project="briefings", domain=DOMAIN)
    found = extract_from_dir(
        SITE_PACKAGE,
        method_map=[("*.py", "python")],
        keywords=KEYWORDS,
        comment_tags=(COMMENT_TAG,),
        strip_comment_tags=True,
    )
    for filename, lineno, message, comments, context in found:
        catalog.add(
            message,
            None,
            [(f"briefings/site/{filename}", lineno)],
            auto_comments=comments,
            context=context,
        )
    return catalog
