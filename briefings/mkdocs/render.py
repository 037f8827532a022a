"""Our generated pages, made into HTML without running Python-Markdown over their HTML.

A generated page (:class:`briefings.site.build.GeneratedPage`) is a few Markdown
headings between raw HTML blocks that are already sanitized HTML. MkDocs would
hand the whole page to Python-Markdown, which reads every HTML block with
``html.parser`` twice (md_in_html, and MkDocs' own scan for anchors) only to
put it back as it was: most of a build's time (issue 18).

Here only the page's *skeleton* goes through Markdown: its headings, with each
HTML block replaced by a one-word placeholder paragraph. One Markdown instance
per language's build, with the site's own ``markdown_extensions``, so the
headings come out exactly as MkDocs would make them: their ids (``toc``'s
slugs, ``attr_list``'s ``{#anchor}``), the ``toc`` permalinks, and the table of
contents (:func:`mkdocs.structure.toc.get_toc`). The blocks are then put back
in place of their placeholders, as Python-Markdown's raw-HTML stash does.

Most skeletons are nothing but those placeholders and headings of plain text
(``# Title``, ``# Title {: lang=en }``, ``## Key points {#key-points}``). With
the usual extensions, such a skeleton is written here without Markdown
(:class:`_PlainSkeleton`): its headings as ``toc`` writes them (the site's own
slugify, unique ids, permalinks, levels and depth), checked against
Markdown's own output of sample skeletons when the renderer is made; a
skeleton with anything else, or a configuration that fails the check, goes
through Markdown.

A block that Markdown would not take as raw HTML (one not starting with a
block-level tag) stays in the skeleton, so Markdown renders it as before.
"""

from __future__ import annotations

import functools
import logging
import re
from typing import TYPE_CHECKING, Any

import markdown
from markdown.extensions.toc import nest_toc_tokens, unique
from mkdocs.structure.pages import _ExtractTitleTreeprocessor
from mkdocs.structure.toc import get_toc

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.briefings")

_BLOCKS = re.compile(r"\n[ \t]*\n+")
#: Start and end tags, as briefings.site.search reads them; void elements have no end.
_TAG = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)((?:\s+[^\s\"'=/>]+(?:\s*=\s*\"[^\"]*\")?)*)\s*(/?)>")
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
         "source", "track", "wbr"}
#: A start tag of sanitized HTML (nh3 quotes every attribute value with ``"``;
#: ``<`` in text is always escaped), and an ``id`` among its attributes.
_START_TAG = re.compile(r"<[a-zA-Z][^\s/>]*((?:\s+[^\s\"'=/>]+(?:=\"[^\"]*\")?)*)\s*/?>")
_ID = re.compile(r"(?:^|\s)id=\"([^\"]*)\"")
#: A placeholder's word: letters only, so no Markdown extension changes it.
_PLACEHOLDER = "briefingsrawhtmlblock{}x"


def anchor_ids(html: str) -> set[str]:
    """Every ``id`` in ``html`` (sanitized HTML), as MkDocs collects them for link checks."""
    ids: set[str] = set()
    # The tags' attributes in one pass of the regular expression (no match
    # objects); only the few that can hold an id are searched further.
    for attributes in _START_TAG.findall(html):
        if 'id="' in attributes:
            ids.update(_ID.findall(attributes))
    return ids


def _element_end(html: str, name: str, at: int) -> int:
    """Where the element ``name`` opened just before ``at`` ends in ``html`` (-1: not in it)."""
    depth = 1
    for tag in _named_tag(name).finditer(html, at):
        closing, self_closing = tag.groups()
        if self_closing:
            continue
        depth += -1 if closing else 1
        if depth == 0:
            return tag.end()
    return -1


@functools.cache
def _named_tag(name: str) -> re.Pattern[str]:
    """:data:`_TAG` for the tags of one name only (any case), start and end."""
    return re.compile(rf"<(/?){re.escape(name)}(?:\s+[^\s\"'=/>]+(?:\s*=\s*\"[^\"]*\")?)*\s*(/?)>",
                      re.IGNORECASE)


class HtmlPageRenderer:
    """Renders generated pages for one language's build (one Markdown instance, reused)."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.md = markdown.Markdown(
            extensions=config["markdown_extensions"],
            extension_configs=config["mdx_configs"] or {},
        )
        self.title = _ExtractTitleTreeprocessor()
        self.title._register(self.md)
        self.plain = _PlainSkeleton.checked(self, config)

    def html(self, source: str) -> tuple[str, list, str | None]:  # type: ignore[type-arg]
        """``source``'s HTML, its ``toc`` tokens and its title (the first ``<h1>``'s text)."""
        skeleton: list[str] = []
        raw: dict[str, str] = {}
        for block in _BLOCKS.split(source.strip("\n")):
            elements = self._elements(block)
            if elements:
                word = _PLACEHOLDER.format(len(raw))
                # As Python-Markdown puts back stashed blocks: each top-level
                # element on a line of its own, and a line break after the last.
                raw[f"<p>{word}</p>"] = "\n".join(elements) + "\n"
                skeleton.append(word)
            else:
                skeleton.append(block)
        written = self.plain.write(skeleton) if self.plain is not None else None
        if written is not None:
            html, tokens, title = written
        else:
            html, tokens, title = self.markdown(skeleton)
        if raw:
            html = re.sub(r"<p>briefingsrawhtmlblock\d+x</p>",
                          lambda match: raw[match.group(0)], html).strip()
        return html, tokens, title

    def markdown(self, skeleton: list[str]) -> tuple[str, list, str | None]:  # type: ignore[type-arg]
        """The skeleton's blocks through Python-Markdown: HTML, ``toc`` tokens, title."""
        self.md.reset()
        self.title.title = None
        html = self.md.convert("\n\n".join(skeleton) + "\n")
        return html, list(getattr(self.md, "toc_tokens", [])), self.title.title

    def _elements(self, block: str) -> list[str] | None:
        """``block``'s top-level elements if Markdown would take it as raw HTML, else None.

        Only blocks made of block-level elements with nothing but white space
        between them qualify; anything else is left to Markdown. ``block`` is
        a piece of a generated page, i.e. sanitized HTML: well-formed, every
        ``<`` in text and attributes escaped. So an element ends at the first
        end tag of its name that is not some inner element's of the same name,
        and only the tags of that name are read to find it.
        """
        elements: list[str] = []
        at = 0
        is_block_level = self.md.is_block_level
        while True:
            opening = block.find("<", at)
            if opening < 0:
                return elements if not block[at:].strip() else None
            if block[at:opening].strip():
                return None
            tag = _TAG.match(block, opening)
            if tag is None:
                return None  # a "<" that opens no tag: text, which Markdown wraps
            closing, name, _, self_closing = tag.groups()
            name = name.lower()
            if closing or not is_block_level(name):
                return None
            if self_closing or name in _VOID:
                elements.append(tag.group(0))
                at = tag.end()
                continue
            ending = _element_end(block, name, tag.end())
            if ending < 0:
                return None  # it goes on past a blank line: Markdown's to handle
            elements.append(block[opening:ending])
            at = ending

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> list:  # type: ignore[type-arg]
        """Stands in for :meth:`mkdocs.structure.pages.Page.render` on a generated page.

        :return: the page's ``toc`` tokens (to keep the rendering, see :func:`rendered`)
        """
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        content, tokens, title = self.html(page.markdown)
        rendered(page, content, tokens, title)
        return tokens


#: The extensions whose output for a skeleton of placeholders and plain headings is
#: known (Python-Markdown's own; MkDocs adds these three by default). Any other may
#: change a heading's text (smart quotes, symbols, abbreviations): Markdown writes it.
_PLAIN_EXTENSIONS = frozenset(
    name for short in ("toc", "tables", "fenced_code", "attr_list", "md_in_html", "def_list",
                       "admonition", "sane_lists")
    for name in (short, f"markdown.extensions.{short}"))
#: A heading of plain text: nothing Markdown's inline patterns, ``toc``'s
#: whitespace collapsing or HTML escaping could change (none of ``\\`*_[]!<>&{}#|~^``,
#: no control characters, single spaces between words only), then either
#: ``attr_list``'s ``{: lang=xx }`` or an explicit ``{#id}``, as our pages write them.
_PLAIN_CHARACTER = r"[^\s\\`*_\[\]!<>&{}#|~^\x00-\x1f\x7f]"
_PLAIN_TEXT = rf"{_PLAIN_CHARACTER}(?:{_PLAIN_CHARACTER}| (?={_PLAIN_CHARACTER}))*"
_PLAIN_HEADING = re.compile(
    rf"(#{{1,6}}) ({_PLAIN_TEXT})(?: \{{: lang=([a-zA-Z]{{2,8}}(?:-[a-zA-Z0-9]{{1,8}})*) \}}"
    rf"| \{{#([a-zA-Z][a-zA-Z0-9-]*)\}})?")
#: Sample skeletons a configuration must write as Markdown does (see _PlainSkeleton.checked).
_SAMPLES = (
    ["# Grain corridor stalled in Geneva (79) {: lang=en }", "briefingsrawhtmlblock0x",
     "## Key points {#key-points}", "briefingsrawhtmlblock1x", "## Timeline {#timeline}",
     "briefingsrawhtmlblock2x", "### Timeline", "#### Timeline", "##### Timeline",
     "###### Deep, “quoted” «words» 'and' \"more\" (9) - / 7 %"],
    ["# Timeline", "## Timeline {#timeline}", "## Timeline", "briefingsrawhtmlblock0x"],
    ["briefingsrawhtmlblock0x", "# Not the first block", "## Şəxslər, yerlər və qurumlar"],
    ["# «school reopening» պիտակով տեղեկանքներ"],
    ["briefingsrawhtmlblock0x"],
)


class _PlainSkeleton:
    """Writes a skeleton of placeholders and plain headings as Markdown would.

    As ``toc`` does it: every explicit id is taken first, then each heading
    without one gets the site's slugify of its text made unique (``_1``,
    ``_2``, ...), its level moved by ``baselevel``, its permalink, and a token
    when its level is within ``toc_depth``; the title is the first block's
    text when that block is a level-one heading.
    """

    def __init__(self, toc: Any) -> None:
        self.toc = toc
        self.slugify = toc.slugify
        self.separator = toc.sep
        self.permalink = ""
        if toc.use_permalinks not in (False, None):
            text = "&para;" if toc.use_permalinks is True else toc.use_permalinks
            title = f' title="{toc.permalink_title}"' if toc.permalink_title else ""
            self.permalink = f'<a class="{toc.permalink_class}" href="#{{id}}"{title}>{text}</a>'

    @classmethod
    def checked(cls, renderer: HtmlPageRenderer, config: Any) -> _PlainSkeleton | None:
        """One for ``renderer``'s configuration, if it writes the samples as Markdown does."""
        extensions = config["markdown_extensions"]
        if not all(isinstance(name, str) and name in _PLAIN_EXTENSIONS for name in extensions):
            return None
        toc = renderer.md.treeprocessors["toc"] if "toc" in renderer.md.treeprocessors else None  # noqa: SIM401 (a Registry has no get)
        if toc is None or "attr_list" not in renderer.md.treeprocessors or toc.use_anchors \
                or toc.permalink_leading or _PLACEHOLDER_WORD.fullmatch(toc.marker or "") or any(
                    not isinstance(value, str) or re.search(r'[<>&"]', value)
                    for value in (toc.permalink_class, toc.permalink_title)):
            return None
        plain = cls(toc)
        for sample in _SAMPLES:
            if plain.write(sample) != renderer.markdown(sample):
                log.debug("briefings: generated pages' headings go through Markdown")
                return None
        return plain

    def write(self, skeleton: list[str]) -> tuple[str, list, str | None] | None:  # type: ignore[type-arg]
        """The skeleton's HTML, ``toc`` tokens and title; ``None`` if it is not all plain."""
        headings = []
        for block in skeleton:
            if block.startswith("#"):
                found = _PLAIN_HEADING.fullmatch(block)
                if found is None:
                    return None
                headings.append(found)
            elif _PLACEHOLDER_WORD.fullmatch(block):
                headings.append(None)
            else:
                return None
        used = {found.group(4) for found in headings if found is not None and found.group(4)}
        counters: dict[str, int] = {}
        parts, tokens = [], []
        title = None
        for number, found in enumerate(headings):
            if found is None:
                parts.append(f"<p>{skeleton[number]}</p>")
                continue
            marks, text, lang, anchor = found.groups()
            level = min(len(marks) + self.toc.base_level, 6)
            if anchor is None:
                anchor = unique(self.slugify(text, self.separator), used, counters)
                if _ESCAPED.search(anchor):  # a slugify of the site's own: Markdown escapes it
                    return None
            attributes = f' id="{anchor}"' if lang is None else f' id="{anchor}" lang="{lang}"'
            permalink = self.permalink.replace("{id}", anchor)
            parts.append(f"<h{level}{attributes}>{text}{permalink}</h{level}>")
            if self.toc.toc_top <= level <= self.toc.toc_bottom:
                tokens.append({"level": level, "id": anchor, "name": text, "html": text,
                               "data-toc-label": ""})
            if number == 0 and level == 1:
                title = text
        return "\n".join(parts), nest_toc_tokens(tokens), title


_PLACEHOLDER_WORD = re.compile(r"briefingsrawhtmlblock\d+x")
_ESCAPED = re.compile(r'[&<>"\s]')


def rendered(page: Page, content: str, tokens: list, title: str | None,  # type: ignore[type-arg]
             anchors: set[str] | None = None) -> None:
    """Give ``page`` what MkDocs' render gives it: its HTML, table of contents, title, anchors.

    From :meth:`HtmlPageRenderer.render`, or from a rendering kept by an earlier
    build (the same ``content``, ``toc`` tokens and ``title``, and the
    :func:`anchor_ids` of that ``content``, which then need not be read again).
    """
    page.content = content
    page.toc = get_toc(tokens)
    page._title_from_render = title
    page.present_anchor_ids = anchor_ids(content) if anchors is None else anchors
    if logging.getLogger("mkdocs.structure.pages").getEffectiveLevel() > logging.DEBUG:
        # Our HTML's links are not Markdown links: MkDocs never checked
        # them (raw HTML is stashed, not parsed), and neither do we.
        page.links_to_anchors = {}
