"""Body text to blocks: the paragraphs, headings and list items of an article.

Raw pasted text and Markdown arrive in different shapes; both become a list of
:class:`Block` so that furniture removal, title detection and metadata lifting
work the same way on either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown

from briefings.sources.metadata import publication_line

_TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*•–]\s+|\d{1,3}[.)]\s+)")


@dataclass
class Block:
    """One unit of body text, with the 1-based source line it starts on."""

    text: str
    line: int
    kind: str = "para"  # "para", "heading", "item", "caption" or "image"


def raw_text_blocks(text: str, first_line: int = 1) -> list[Block]:
    """Blocks of pasted text: one per paragraph, hard-wrapped lines joined.

    Pasted pages come two ways: one paragraph per line, or hard-wrapped at a fixed
    width (agency copy, e-mail). We tell them apart by line lengths: in wrapped
    text many lines end near the same width, so a line that reaches it continues
    on the next line.
    """
    lines = text.split("\n")
    width = _wrap_width(lines)
    blocks: list[Block] = []
    current: list[str] = []
    start = first_line

    def flush() -> None:
        if current:
            # Runs of spaces collapse: no rule has to step through them.
            blocks.append(Block(" ".join(" ".join(current).split()), start))
            current.clear()

    for offset, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            flush()
            continue
        if current and _starts_new_paragraph(current[-1], line, width):
            flush()
        if not current:
            start = first_line + offset
        current.append(stripped)
    flush()
    return blocks


def _wrap_width(lines: list[str]) -> int | None:
    """The width text was hard-wrapped at, or ``None`` when it was not wrapped.

    The width is the one most lines end just short of. Lines longer than it (a
    headline or a dek pasted on one line above wrapped copy) do not count against
    it: taking the longest line would miss the wrapping of everything else.
    """
    lengths = [len(s.rstrip()) for s in lines if s.strip()]
    if len(lengths) < 4:
        return None
    best, best_near = None, 0
    for width in sorted(set(n for n in lengths if 40 <= n <= 120)):
        near = sum(1 for n in lengths if width * 0.8 <= n <= width)
        if near > best_near:
            best, best_near = width, near
    return best if best_near >= len(lengths) * 0.4 else None


def _starts_new_paragraph(previous: str, line: str, width: int | None) -> bool:
    if _LIST_ITEM.match(line) or (line.startswith((" ", "\t")) and width):
        return True
    ended = bool(_TERMINAL.search(previous.strip()))
    # A sentence cut mid-way goes on, whatever the line lengths say; a date in a
    # lower-case month ("սեպտեմբերի 20, 2023 16:30") is a line of its own.
    cut_midway = (not ended and line.strip()[:1].islower()
                  and not publication_line(line.strip())[0])
    if width is not None:
        # A wrapped line reaches the width and goes on; a short one, or a longer
        # one that was never wrapped (a headline, a dek), ends its paragraph.
        length = len(previous.rstrip())
        return (length < width * 0.75 or length > width) and not cut_midway
    # Unwrapped text: every line is a paragraph, unless a sentence was cut mid-way.
    return not cut_midway


# Elements whose text is a block of its own, and elements whose text is never content.
_BLOCK_TAGS = {"p": "para", "li": "item", "blockquote": "para", "pre": "para", "dt": "para",
               "dd": "para", "td": "para", "figcaption": "caption"}
_BLOCK_TAGS.update({f"h{i}": "heading" for i in range(1, 7)})
_SKIPPED_TAGS = {"script", "style", "iframe", "object", "embed", "noscript", "template", "svg",
                 "img", "picture", "video", "audio", "form", "button", "nav", "head"}


class _TextBlocks(HTMLParser):
    """Collects the text of block elements from Markdown's HTML output."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[tuple[str, str]] = []
        self._kinds: list[str] = []
        self._parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag in _BLOCK_TAGS:
            self._flush()
            self._kinds.append(_BLOCK_TAGS[tag])
        elif tag == "br":
            self._parts.append(" ")
        if tag == "img":
            # Images are furniture, but the editor should see that one was dropped.
            alt = dict(attrs).get("alt") or dict(attrs).get("src") or "image"
            self.blocks.append(("image", alt))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()
            if self._kinds:
                self._kinds.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._parts.append(data)

    def _flush(self) -> None:
        text = re.sub(r"\s+", " ", "".join(self._parts)).strip()
        self._parts.clear()
        if text:
            self.blocks.append((self._kinds[-1] if self._kinds else "para", text))

    def close(self) -> None:
        super().close()
        self._flush()


def markdown_blocks(text: str, first_line: int = 1) -> list[Block]:
    """Blocks of a Markdown body; links become their text, images and raw HTML code go.

    Line numbers are found again in the source, since Markdown does not keep them.
    """
    if _too_much_inline_markup(text):
        # Python-Markdown rewrites a paragraph once per inline token: quadratic.
        return raw_text_blocks(text, first_line)
    try:
        html = markdown.markdown(defuse_markdown(text), extensions=["extra", "sane_lists"])
    except RecursionError:
        # Structure nested past what defuse_markdown caps: read it as plain text.
        return raw_text_blocks(text, first_line)
    parser = _TextBlocks()
    parser.feed(html)
    parser.close()
    source_lines = text.split("\n")
    blocks = []
    cursor = 0
    for kind, block_text in parser.blocks:
        found = _find_line(source_lines, block_text, cursor)
        if found is not None:
            cursor = found
        blocks.append(Block(block_text, first_line + (found if found is not None else 0), kind))
    return blocks


# Python-Markdown recurses once per level of nesting, and rewrites a paragraph for
# every inline token it holds; past these limits (far beyond any article) nesting
# is flattened, or the body is read as plain text, so parsing stays linear.
MAX_NESTING = 8
MAX_INDENT = 40
MAX_INLINE_MARKUP = 400  # per paragraph: brackets, tags, emphasis, code, entities, escapes
_INLINE_MARKUP = "[]<*_`&\\!"
_NESTED_MARKERS = re.compile(
    r"^(?P<indent>[ \t]*)"
    rf"(?P<markers>(?:(?:[-*+]|\d{{1,9}}[.)])[ \t]+|>[ \t]*){{{MAX_NESTING + 1},}})",
    re.M,
)
_DEEP_INDENT = re.compile(rf"^[ \t]{{{MAX_INDENT + 1},}}", re.M)
_PARAGRAPH_BREAK = re.compile(r"(\n[ \t]*\n)")
# How far past the last match a block's text is looked for in the source.
_LINE_SEARCH_WINDOW = 400


def defuse_markdown(text: str) -> str:
    """``text`` with list and quote nesting, and indentation, capped."""
    text = _NESTED_MARKERS.sub(lambda m: m.group("indent") + m.group("markers")[:2], text)
    return _DEEP_INDENT.sub(" " * MAX_INDENT, text)


def _too_much_inline_markup(text: str) -> bool:
    """Whether a paragraph holds more inline markup characters than any article does."""
    return any(
        sum(piece.count(c) for c in _INLINE_MARKUP) > MAX_INLINE_MARKUP
        for piece in _PARAGRAPH_BREAK.split(text)
    )


def _find_line(lines: list[str], text: str, start: int) -> int | None:
    probe = re.sub(r"\s+", " ", text)[:24]
    words = probe.split()[:3]
    # A bounded look-ahead: text Markdown changed is not found, and searching to
    # the end for every block would make the search quadratic.
    for i in range(start, min(len(lines), start + _LINE_SEARCH_WINDOW)):
        if words and all(w in lines[i] for w in words):
            return i
    return None
