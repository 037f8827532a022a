"""Search entries of our generated pages: the ones Material's search plugin makes (issue 18).

:mod:`briefings.mkdocs.search` splits our pages into sections with
:func:`briefings.site.search.sections` (Material's section rules in one pass)
instead of Material's ``html.parser``-based parser. Here every generated page of
the sample project, in every language, is indexed both ways and the entries
compared, and so is Material's parser fed the tokens of
:func:`briefings.site.search.tokens` (the reading of tags the one pass relies
on); the whole built site's ``search_index.json`` files are compared byte for
byte in tests/test_speed_html_pages.py.
"""

from __future__ import annotations

import contextlib
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest
from material.plugins.search.plugin import Parser, SearchIndex, void
from mkdocs.structure.toc import get_toc

from briefings.collection import collect
from briefings.mkdocs.render import HtmlPageRenderer
from briefings.project import load_project
from briefings.site.build import Site
from briefings.site.search import (
    ALWAYS_SKIPPED,
    KEPT,
    VOID,
    _NotPlain,
    _plain_sections,
    _sections_tag_by_tag,
    sections,
    tokens,
)

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


def _materials_sections(html: str) -> list:  # type: ignore[type-arg]
    """Material's sections of ``html``, from its parser's own handlers fed our tokens."""
    parser = Parser()
    for kind, name, attrs in tokens(html):
        if kind == "start":
            parser.handle_starttag(name, attrs)  # type: ignore[arg-type]
        elif kind == "end":
            parser.handle_endtag(name)
        else:
            parser.handle_data(name)
    return parser.data


def _sections(html: str) -> list:  # type: ignore[type-arg]
    return sections(html)


def _ways(html: str) -> list:  # type: ignore[type-arg]
    """Each way we read ``html``'s sections: tag by tag, and in bulk where it is plain."""
    ways = [sections(html), _sections_tag_by_tag(html), _materials_sections(html)]
    with contextlib.suppress(_NotPlain):
        ways.append(_plain_sections(html))
    return ways


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
        theirs = _entries(html, toc, _material(html))
        # Our pages are plain: read in bulk between the tags that matter.
        plain = _plain_sections(html)
        for ours in (plain, _sections_tag_by_tag(html), _materials_sections(html)):
            assert _entries(html, toc, ours) == theirs, f"{lang} {uri}"
        assert theirs and all(entry["location"].startswith("briefings/x/") for entry in theirs)


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
    '<div data-search-exclude><h2 id="x">Hidden</h2><p>secret</p></div><h2 id="y">Shown</h2>'
    '<p>a\n b</p><pre>x\n  y\n\n</pre><p>  </p><p>\n</p>',
    '<p>before</p><div><h2 id="n">In a div</h2><p>inner</p></div><p>after</p>'
    '<ul><li><p> </p></li><li>x</li></ul><div class="linenodiv"><p>1 2</p></div><p>end</p>',
    '<h3 id="first">Not an h1 first</h3><p><code>c</code> <sup>2</sup></p><img src="a.png" '
    'alt="x"><br><p>   </p><h1 id="late">Late h1</h1><h4>No id</h4><p>t</p><script>x</script>',
    'preface text<h1 id="t">Title <code>x</code><a class="headerlink" href="#t">&para;</a></h1>'
    '<blockquote><p>q</p><h2 id="deep">Deep</h2></blockquote><p>out</p><object>o</object><p>z</p>',
    # closing an element named like an excluded one ends the exclusion (Material matches by name)
    '<div data-search-exclude><div>x</div>no longer hidden</div><p>after</p>',
    '<DIV DATA-SEARCH-EXCLUDE><P>shouted</P></DIV>'
    '<H2 ID="Up">Upper <A CLASS="headerlink">#</A></H2>',
    # an empty kept element goes only if white space alone follows its tag's first opening
    '<ul><li>a</li><li> </li></ul><p> </p><p>x</p><p>&nbsp;</p><ol><li>\n</li></ol>',
    '<p>&nbsp;</p><p>&#160; &amp; </p><span> </span> <span>\n</span>tail  <b> </b> end',
    '<pre><code>a\n\n  b   </code></pre><pre> </pre><p><span> </span><span> </span>x</p>'
    '<pre><span> </span><span>\n\n</span>y</pre>',
    '<h2 id="co&amp;2">CO<sub>2</sub> and m<sup>3</sup> <code>x</code><a class="headerlink x">'
    'kept</a><a class="headerlink" href="#co">&para;</a></h2><p>t</p>',
    '<h2 id="z" data-search-exclude>Excluded heading</h2><p>its text</p><h2 id="w">W</h2><p>w</p>',
    '<div class="linenodiv"><pre>1\n2</pre></div><div class="other linenodiv"><p>3</p></div>',
    '<p>stray</div> end</span><span/>self-closed<br/><svg><path d="M0"/><text>t</text></svg></p>',
    '<section><h2 id="s1">One</h2><div><h3 id="s2">Two</h3><p>2</p></div><p>back in one</p>'
    '</section><p>back in none</p><h2 id="s3">Three</h2><table><tr><td>c</td></tr></table>',
    '<h2 id="a">A</h2><h2 id="b">B <small>sub</small></h2><p>b<h2 id="c">in a p</h2>x</p>',
    '<p>unclosed <em>at the end',
    # read in bulk: white space between tags, kept tags' ends that remove them or not
    '<h2 id="b">Bulk</h2><ul>\n <li> <span>a</span> <b> </b> </li>\n<li><span> </span></li></ul>'
    '<p> <em>x</em>\n<em>y</em> </p><p> </p><p>&nbsp;<span>&nbsp;</span></p><ol><li>1</li></ol>',
    '<h2 id="e">Empty first</h2><p> </p><ul><li> </li><li>x</li></ul><p><code> </code> c</p>'
    '<p>a &amp; b &lt; c &gt; d</p><pre><code>x\n\n  <span>y</span>\n</code></pre><p>z</p>',
    '<h2 id="t">T</h2><div><h2>Not a section: its text is the title\'s</h2><p>p</p></div><p>q</p>'
    '<h3>Other heading</h3><p>r<br>s<br/>t<img src="x" alt=""></p><svg><path d="M"/></svg>',
    '<h2 id="u">Capitals</h2><LI>up</LI><P>per</P><Pre>x</Pre>',
    '<h2 id="v">Closing itself</h2><p>a</p><p/><li/><span/>b',
    '<h2 id="w">Charrefs</h2><p>&#1;</p><p> &#1; </p><span>&#x2028;</span> x',
    '<h2 id="x">Entities</h2><p>AT&amp;T &amp &lt &copy 5 &gt; 4</p><p>a&nbsp;b</p>',
])
def test_tricky_html_indexes_the_same(html: str) -> None:
    theirs = _entries(html, [], _material(html))
    for ours in _ways(html):
        assert _entries(html, [], ours) == theirs
    assert theirs and all(isinstance(entry["text"], str) for entry in theirs)


def test_an_empty_page_has_no_sections() -> None:
    assert sections("") == [] == _material("")


def test_the_rules_tag_sets_are_materials() -> None:
    parser = Parser()
    assert set(VOID) == void
    assert set(KEPT) == parser.keep
    assert set(ALWAYS_SKIPPED) == parser.skip
