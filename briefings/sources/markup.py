"""HTML left in pasted text: taken out, so that the text is only text.

Pages copied from the web bring tags with them (``<div class="ad">``, a stray
``<script>``, an ``<img onerror=...>``). None of it is article text. This is not
the site's defence against hostile markup -- every page escapes article text and
is then cleaned by nh3 (see :mod:`briefings.site.pages`) -- but it keeps tags from
showing up as visible junk, from reaching translators as text to translate, and
from ever reaching a page title, where some themes print text unescaped.
"""

from __future__ import annotations

import html
import re

# Elements whose content is never article text: dropped with their content.
_CONTENT_FREE = "script|style|iframe|noscript|template|object|embed|svg|math|textarea|select"
# Only the names of HTML elements count as tags, so that text such as "x<y and y>z"
# stays; any other "<" is escaped when a page is written, like all article text.
_ELEMENTS = (
    "a|abbr|address|applet|area|article|aside|audio|b|base|basefont|bdi|bdo|big|blink|"
    "blockquote|body|br|button|canvas|caption|center|cite|code|col|colgroup|data|datalist|"
    "dd|del|details|dfn|dialog|dir|div|dl|dt|em|fieldset|figcaption|figure|font|footer|"
    "form|frame|frameset|h[1-6]|head|header|hgroup|hr|html|i|img|image|input|ins|kbd|"
    "keygen|label|legend|li|link|main|map|mark|marquee|menu|meta|meter|nav|nobr|noembed|"
    "noframes|ol|optgroup|option|output|p|param|picture|plaintext|pre|progress|q|rp|rt|"
    "ruby|s|samp|search|section|small|source|span|strike|strong|sub|summary|sup|table|"
    "tbody|td|tfoot|th|thead|time|title|tr|track|tt|u|ul|var|video|wbr|xmp|base"
)
_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)"  # a comment, or one never closed
    rf"|<(?P<free>{_CONTENT_FREE})\b[^<>]*>.*?(?:</(?P=free)\s*>|\Z)"
    rf"|</?(?:{_ELEMENTS})(?:\s[^<>]*)?/?>"  # an HTML element's tag; its content stays
    r"|<![A-Za-z][^<>]*>|<\?[^<>]*>",  # <!DOCTYPE ...>, <?xml ...?>
    re.S | re.I,
)
# What is left that a browser could still take for the start of a tag.
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
# "<" written as a character reference: &lt; &#60; &#x3c; (with or without ";").
_ESCAPED_TAG = re.compile(r"&(?:lt|#0*60|#x0*3c)\b;?", re.I)
_MAX_ROUNDS = 5
_SPACES = re.compile(r"[ \t]{2,}")
_SPACES_AT_END = re.compile(r"[ \t]+$", re.M)


def strip_markup(text: str) -> tuple[str, list[str]]:
    """``text`` without HTML tags, comments and script-like elements.

    Tags go; their content stays, except for elements like ``<script>`` and
    ``<style>``, which go whole. A removed piece is replaced by the line breaks it
    held (or a space), so line numbers stay right. Where markup was found,
    character references (``&amp;``) are decoded too, and the text is cleaned
    again, so that markup escaped once more (``&lt;script&gt;``) goes the same way.
    Text without markup is returned as it was.

    :return: the text, and the pieces removed (shortened), for the editor's report
    """
    removed: list[str] = []
    for _ in range(_MAX_ROUNDS):
        if not _MARKUP.search(text):
            # Markup escaped as character references (``&lt;script&gt;``) and no
            # real tag: decoded, it would read as live markup on the page and to
            # translators, so it is decoded and goes the same way.
            if not _ESCAPED_TAG.search(text):
                break
            decoded = html.unescape(text)
            if not _MARKUP.search(decoded):
                break
            text = decoded
        removed.extend(_short(m.group()) for m in _MARKUP.finditer(text))
        text = html.unescape(_MARKUP.sub(_keep_line_breaks, text))
    if removed:
        text = _SPACES_AT_END.sub("", _SPACES.sub(" ", text))
    return text, removed


def plain_field(text: str) -> str:
    """A one-line field (title, dek, byline) as plain text, safe in any page's ``<title>``.

    Besides :func:`strip_markup`, a ``<`` that could still open a tag is dropped.
    """
    stripped, _ = strip_markup(text)
    stripped = _TAG_START.sub("", stripped)
    return " ".join(stripped.split())


def _keep_line_breaks(match: re.Match[str]) -> str:
    breaks = match.group().count("\n")
    return "\n" * breaks if breaks else " "


def _short(piece: str) -> str:
    piece = " ".join(piece.split())
    return piece if len(piece) <= 60 else piece[:59] + "…"
