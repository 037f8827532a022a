"""Search entries of our generated pages: the ones Material's search plugin makes (issue 18).

:mod:`briefings.mkdocs.search` feeds Material's section rules with tokens from
:func:`briefings.site.search.tokens` instead of ``html.parser``. Here every
generated page of the sample project, in every language, is indexed both ways
and the entries compared; the whole built site's ``search_index.json`` files are
compared byte for byte in tests/test_speed_html_pages.py.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from material.plugins.search.plugin import Parser, SearchIndex
from mkdocs.structure.toc import get_toc

from briefings.collection import collect
from briefings.mkdocs.render import HtmlPageRenderer
from briefings.mkdocs.search import _sections
from briefings.project import load_project
from briefings.site.build import Site
from briefings.site.search import tokens

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ["attr_list", "md_in_html", "toc"]
CONFIGS = {"toc": {"permalink": True}}


class _Recorder(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[tuple[str, object, object]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.seen.append(("start", tag, attrs))

    def handle_endtag(self, tag: str) -> None:
        self.seen.append(("end", tag, None))

    def handle_data(self, data: str) -> None:
        if self.seen and self.seen[-1][0] == "data":  # html.parser may split text
            self.seen[-1] = ("data", str(self.seen[-1][1]) + data, None)
        else:
            self.seen.append(("data", data, None))


def _entries(html: str, toc: object, sections: list) -> list[dict]:  # type: ignore[type-arg]
    index = SearchIndex(lang=["en"], separator="", pipeline=[], fields={})
    page = SimpleNamespace(meta={}, title="Page title", url="briefings/x/")
    for section in sections:
        if not section.is_excluded():
            index.create_entry_for_section(section, toc, page.url, page)
    return index.entries


def _material(html: str) -> list:  # type: ignore[type-arg]
    parser = Parser()
    parser.feed(html)
    parser.close()
    return parser.data


@pytest.fixture(scope="module")
def sample_pages() -> list[tuple[str, str, str, list]]:  # type: ignore[type-arg]
    project = load_project(ROOT)
    site = Site(project, collect(project), site_url="https://example.org/")
    renderer = HtmlPageRenderer({"markdown_extensions": EXTENSIONS,  # type: ignore[arg-type]
                                 "mdx_configs": CONFIGS})
    pages = []
    for lang in site.languages:
        for page in site.plan(lang).pages:
            html, toc_tokens, _title = renderer.html(page.markdown)
            pages.append((lang, page.src_uri, html, toc_tokens))
    return pages


def test_every_generated_page_gets_materials_own_entries(sample_pages: list) -> None:  # type: ignore[type-arg]
    assert {lang for lang, *_ in sample_pages} == {"en", "hy", "az", "ru"}
    assert any(uri == "status.md" for _, uri, *_ in sample_pages)
    for lang, uri, html, toc_tokens in sample_pages:
        toc = get_toc(toc_tokens)
        ours = _entries(html, toc, _sections(html))
        theirs = _entries(html, toc, _material(html))
        assert ours == theirs, f"{lang} {uri}"
        assert ours and all(entry["location"].startswith("briefings/x/") for entry in ours)


def test_tokens_are_what_html_parser_reads(sample_pages: list) -> None:  # type: ignore[type-arg]
    for lang, uri, html, _ in sample_pages:
        recorder = _Recorder()
        recorder.feed(html)
        recorder.close()
        assert [tuple(t) for t in tokens(html)] == recorder.seen, f"{lang} {uri}"


@pytest.mark.parametrize("html", [
    '<h2 id="a">A &amp; B<a class="headerlink" href="#a" title="Permanent link">&para;</a></h2>'
    '<p>x &lt; y, "q" &#39;s&#39;<br>next</p><ul><li> </li><li>k</li></ul>',
    '<div class="s"><h3>Nested</h3><p>t</p></div><p title="a &gt; b" data-x="">tail</p>',
    '<svg viewBox="0 0 1 1"><title>Chart</title><g><text x="1">label</text></g></svg>',
])
def test_tricky_html_indexes_the_same(html: str) -> None:
    assert _entries(html, [], _sections(html)) == _entries(html, [], _material(html))
