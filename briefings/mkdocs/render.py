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

A block that Markdown would not take as raw HTML (one not starting with a
block-level tag) stays in the skeleton, so Markdown renders it as before.
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

import markdown
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


class HtmlPageRenderer:
    """Renders generated pages for one language's build (one Markdown instance, reused)."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.md = markdown.Markdown(
            extensions=config["markdown_extensions"],
            extension_configs=config["mdx_configs"] or {},
        )
        self.title = _ExtractTitleTreeprocessor()
        self.title._register(self.md)

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
        self.md.reset()
        self.title.title = None
        html = self.md.convert("\n\n".join(skeleton) + "\n")
        if raw:
            html = re.sub(r"<p>briefingsrawhtmlblock\d+x</p>",
                          lambda match: raw[match.group(0)], html).strip()
        return html, list(getattr(self.md, "toc_tokens", [])), self.title.title

    def _elements(self, block: str) -> list[str] | None:
        """``block``'s top-level elements if Markdown would take it as raw HTML, else None.

        Only blocks made of block-level elements with nothing but white space
        between them qualify; anything else is left to Markdown.
        """
        elements: list[str] = []
        depth, start, opened = 0, 0, 0
        is_block_level = self.md.is_block_level
        # One groups() per tag, the name lowered and checked only where needed:
        # this loop runs over every tag of every generated page.
        for tag in _TAG.finditer(block):
            closing, name, _, self_closing = tag.groups()
            if depth == 0:
                name = name.lower()
                if closing or block[start:tag.start()].strip() or not is_block_level(name):
                    return None
                if self_closing or name in _VOID:
                    elements.append(tag.group(0))
                    start = tag.end()
                else:
                    opened, depth = tag.start(), 1
                continue
            if self_closing or name.lower() in _VOID:
                continue
            depth += -1 if closing else 1
            if depth == 0:
                elements.append(block[opened:tag.end()])
                start = tag.end()
        if depth or block[start:].strip():
            return None
        return elements

    def render(self, page: Page, config: MkDocsConfig, files: Files) -> list:  # type: ignore[type-arg]
        """Stands in for :meth:`mkdocs.structure.pages.Page.render` on a generated page.

        :return: the page's ``toc`` tokens (to keep the rendering, see :func:`rendered`)
        """
        if page.markdown is None:
            raise RuntimeError("`markdown` field hasn't been set (via `read_source`)")
        content, tokens, title = self.html(page.markdown)
        rendered(page, content, tokens, title)
        return tokens


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
