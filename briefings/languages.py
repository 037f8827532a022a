"""The languages of a site: the one its articles are written in, and those it is translated into.

Both are settings (``source_language`` and ``languages`` in
:mod:`briefings.settings`); the constants here are only their defaults. A
language is named by its code as BCP 47 writes the common ones ("ka", "pt-BR",
"sr-Latn"), and it must be one Babel has CLDR data for: its dates, plural rules
and language names come from there.
"""

from __future__ import annotations

import re

from babel import Locale, UnknownLocaleError

#: The articles' language by default, published at the top of the site.
SOURCE_LANGUAGE = "en"
#: The languages translated into by default.
DEFAULT_LANGUAGES: tuple[str, ...] = ("hy", "az", "ru")
#: A language code as BCP 47 writes the common ones: "hy", "ka", "pt-BR", "sr-Latn".
LANGUAGE_CODE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")


def base_language(code: str) -> str:
    """The language part of ``code``: "pt" of "pt-BR".

    >>> base_language("pt-BR"), base_language("ka")
    ('pt', 'ka')
    """
    return code.split("-", 1)[0].lower()


def unknown_language(code: str) -> str | None:
    """Why ``code`` cannot be a site's language, or ``None`` when it can.

    It must look like a language code and name a locale Babel knows, as
    itself: Babel reads "und" as American English, which is no language to
    publish in.

    >>> unknown_language("ka") is None, unknown_language("pt-BR") is None
    (True, True)
    >>> unknown_language("xx")
    'xx is not a language Babel (CLDR) knows; use a code such as ka, tr or pt-BR'
    """
    hint = "use a code such as ka, tr or pt-BR"
    if not LANGUAGE_CODE.fullmatch(code):
        return f"{code!r} is not a language code; {hint}"
    try:
        locale = Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError):
        return f"{code} is not a language Babel (CLDR) knows; {hint}"
    if locale.language != base_language(code):
        return f"{code} is not a language Babel (CLDR) knows; {hint}"
    return None
