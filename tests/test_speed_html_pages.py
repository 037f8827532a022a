"""Generated pages skip Python-Markdown (issue 18) and the site is the same as before.

"Before" is the sample site built with :data:`briefings.mkdocs.builds.HTML_PAGES`
off, so that every generated page goes through Python-Markdown as it did before
issue 18; "after" is the same project built again with it on. Both are real
``mkdocs build --strict`` runs in this process.
"""

from __future__ import annotations

import difflib
import logging
import re
import shutil
from pathlib import Path

import pytest
from material.plugins.search.plugin import SearchIndex
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from projects import ARGOS_DIR, sample_project
from sitebuild import DATED, install_models

from briefings.mkdocs import builds, search
from briefings.mkdocs.render import anchor_ids

pytestmark = pytest.mark.slow

#: Files allowed to differ between the two builds, and why. None so far: the
#: HTML, the search indexes, the sitemap and the feeds are all byte for byte the same.
INTENDED_DIFFERENCES: dict[str, str] = {}


def _build(project: Path, html_pages: bool, page_cache: bool) -> dict[str, bytes]:
    """The built site's files; "before" (``html_pages`` off) also has Material write the
    search indexes, whole, as it does without us (our writer is compared with it)."""
    shutil.rmtree(project / "site", ignore_errors=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(builds, "HTML_PAGES", html_pages)
        patch.setattr(builds, "PAGE_CACHE", page_cache)
        patch.setattr(search, "STREAMED_INDEX", html_pages)
        patch.setattr(search, "PAGES_FIRST", html_pages)  # before: Material indexes each page
        if html_pages:  # every language's index is ours: Material's whole one is never made
            patch.setattr(SearchIndex, "generate_search_index", _never_whole)
        patch.setenv("BRIEFINGS_NO_TRANSLATE", "1")
        config = load_config(config_file=str(project / "mkdocs.yml"), strict=True)
        mkdocs_build(config)
    # Material's own writing is switched back on for the next build (mkdocs serve).
    assert config.plugins["material/search"].config.enabled
    site = project / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _never_whole(self: SearchIndex, prev: object) -> str:
    raise AssertionError("Material made the whole search index as one string")


Sites = tuple[dict[str, bytes], dict[str, bytes], dict[str, bytes]]


@pytest.fixture(scope="module")
def before_and_after(tmp_path_factory: pytest.TempPathFactory, tiny_argos_archive: Path) -> Sites:
    """The site rendered by Markdown, by us, and by us with every page from the page cache."""
    tmp = tmp_path_factory.mktemp("html-pages")
    project = sample_project(tmp / "project", published=True, argos_packages_dir=ARGOS_DIR)
    install_models(project, tiny_argos_archive, tmp / "models")
    # Draft once first, so that the compared builds read the same catalogs; this
    # build also fills the page cache.
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("BRIEFINGS_NO_TRANSLATE", raising=False)
        mkdocs_build(load_config(config_file=str(project / "mkdocs.yml"), strict=True))
    before = _build(project, html_pages=False, page_cache=False)
    after = _build(project, html_pages=True, page_cache=False)
    kept = _build(project, html_pages=True, page_cache=True)
    assert builds.last_build is not None
    assert {rendered for rendered, _ in builds.last_build.pages.values()} == {0}
    return before, after, kept


def test_every_page_is_the_same_as_when_markdown_rendered_it(
    before_and_after: Sites,
) -> None:
    before, after, kept = before_and_after
    assert after == kept  # a page from the page cache is the page rendered again
    assert sorted(before) == sorted(after)
    pages = [name for name in before if name.endswith(".html")]
    assert len(pages) > 20 and any(f"briefings/{DATED}/" in name for name in pages)
    changed = [name for name in sorted(before)
               if before[name] != after[name] and name not in INTENDED_DIFFERENCES]
    if changed:
        first = changed[0]
        diff = "\n".join(difflib.unified_diff(
            before[first].decode("utf-8", "replace").splitlines(),
            after[first].decode("utf-8", "replace").splitlines(), lineterm="", n=1))
        pytest.fail(f"{len(changed)} files differ, e.g. {first}:\n{diff[:3000]}")


def test_headings_keep_their_anchors_permalinks_and_table_of_contents(
    before_and_after: Sites,
) -> None:
    _, after, _ = before_and_after
    page = after[f"ru/briefings/{DATED}/index.html"].decode("utf-8")
    assert '<h2 id="key-points">' in page
    assert '<a class="headerlink" href="#key-points" title="Permanent link">' in page
    # The theme's table of contents lists the sections, from the page's toc.
    assert re.search(r'<a href="#key-points" class="md-nav__link">', page)


def test_a_docs_page_linking_to_a_missing_anchor_of_a_generated_page_fails_strict(
    tmp_path: Path, caplog: pytest.LogCaptureFixture,
) -> None:
    project = sample_project(tmp_path / "project", published=True, argos_packages_dir=ARGOS_DIR)
    (project / "docs" / "links.md").write_text(
        f"# Links\n\n[key points](briefings/{DATED}.md#key-points)\n\n"
        f"[nowhere](briefings/{DATED}.md#no-such-section)\n", "utf-8")
    config_file = project / "mkdocs.yml"
    config_file.write_text(config_file.read_text("utf-8") + "validation:\n  anchors: warn\n",
                           "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFINGS_NO_TRANSLATE", "1")
        with pytest.raises(Abort):
            mkdocs_build(load_config(config_file=str(config_file), strict=True))
    problems = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("no-such-section" in message for message in problems), problems
    assert not any("'#key-points'" in message for message in problems), problems


def test_anchor_ids_are_read_from_start_tags_only() -> None:
    html = ('<h2 id="a">x</h2><p title="a &gt; b" id="b">id="not-an-id"</p>'
            '<div class="x" data-speaker="y"><span id="c"></span></div>')
    assert anchor_ids(html) == {"a", "b", "c"}
    # An id="" that is an attribute's value, not an attribute, is no anchor.
    assert anchor_ids('<p data-x="id=&quot;r&quot;">id="s"</p><br id="">') == {""}


@pytest.mark.parametrize("source", [
    '# T\n\n<p class="a">x</p>\n<p class="b">y</p>\n\n<div>z</div>\n\n## H {#h}\n\n'
    '<ul><li>q</li></ul>\n\n<nav class="pager">n</nav>\n\n<p>end</p>\n',
    "# Title \\*with\\* marks {: lang=en }\n\n<p>a &amp; b</p>\n\n## Title {#t}\n\n## Title\n",
    '# Only a heading\n',
    '## H\n\n<figure class="v"><svg><title>t</title></svg></figure><table><tr><td>1</td></tr>'
    '</table>\n<p>a<br>b</p>\n\n<p>x</p> trailing text\n',
    '# H\n\n<span lang="en">inline, so Markdown wraps it</span>\n\n<dl><dt>a</dt></dl>\n\n\n',
    # An element holding others of its name ends at its own end tag, not theirs.
    '## N\n\n<div class="o"><div>a</div><div><div>b</div></div><p>c</p></div>\n<div>d</div>\n'
    '<ul><li><ul><li>e</li></ul></li></ul>\n',
    # One going on past a blank line is left to Markdown, as are text and tags after it.
    '## B\n\n<div class="o">\n<p>a</p>\n\n<p>b</p>\n</div>\n\n<div>c</div> d\n\n'
    '<p>e</p><em>f</em>\n',
])
def test_a_page_renders_as_python_markdown_renders_it(source: str) -> None:
    import markdown

    from briefings.mkdocs.render import HtmlPageRenderer

    extensions = ["attr_list", "md_in_html", "toc"]
    configs = {"toc": {"permalink": True}}
    expected = markdown.Markdown(extensions=extensions, extension_configs=configs)
    renderer = HtmlPageRenderer({"markdown_extensions": extensions,  # type: ignore[arg-type]
                                 "mdx_configs": configs})
    for _ in range(2):  # the instance is reused from page to page
        html, tokens, _title = renderer.html(source)
        assert html == expected.convert(source)
        assert tokens == expected.toc_tokens
        expected.reset()


_PLAIN_CONFIG = {"markdown_extensions": ["toc", "tables", "fenced_code", "attr_list", "md_in_html"],
                 "mdx_configs": {"toc": {"permalink": True}}}


@pytest.mark.parametrize("source", [
    "# Grain corridor stalled in Geneva (79) {: lang=en }\n\n<p>x</p>\n\n"
    "## Key points {#key-points}\n\n<ul><li>a</li></ul>\n\n## Timeline {#timeline}\n\n<p>t</p>\n",
    "# Timeline\n\n<p>a</p>\n\n## Timeline {#timeline}\n\n## Timeline\n\n### Timeline\n",
    "<p>first</p>\n\n# Not the page's title\n\n## «school reopening» պիտակով տեղեկանքներ\n",
    "# Şəxslər, yerlər və qurumlar · Page 2 of 4\n\n<p>a</p>\n",
    "## Deep, “quoted” «words» 'and' \"more\" (9) - / 7 % {#deep}\n",
    "<p>only blocks</p>\n\n<div>b</div>\n",
])
def test_a_skeleton_of_plain_headings_is_written_without_markdown_as_markdown_writes_it(
        source: str) -> None:
    import markdown

    from briefings.mkdocs.render import HtmlPageRenderer

    renderer = HtmlPageRenderer(_PLAIN_CONFIG)  # type: ignore[arg-type]
    assert renderer.plain is not None
    renderer.markdown = None  # type: ignore[assignment,method-assign]  # never called
    expected = markdown.Markdown(extensions=_PLAIN_CONFIG["markdown_extensions"],
                                 extension_configs=_PLAIN_CONFIG["mdx_configs"])
    from mkdocs.structure.pages import _ExtractTitleTreeprocessor
    title = _ExtractTitleTreeprocessor()
    title._register(expected)
    for _ in range(2):
        html, tokens, found = renderer.html(source)
        assert html == expected.convert(source)
        assert tokens == expected.toc_tokens
        assert found == title.title
        expected.reset()
        title.title = None


@pytest.mark.parametrize("source", [
    "# Title \\*with\\* marks {: lang=en }\n\n<p>a</p>\n",  # escapes: Markdown's to undo
    "# A &amp; B\n\n<p>a</p>\n",
    "# Two  spaces\n",
    "# [TOC]\n",
    "Some text\n\n<p>a</p>\n",
])
def test_a_skeleton_with_anything_else_goes_through_markdown(source: str) -> None:
    from briefings.mkdocs.render import HtmlPageRenderer

    renderer = HtmlPageRenderer(_PLAIN_CONFIG)  # type: ignore[arg-type]
    calls = []
    markdown_path = renderer.markdown
    renderer.markdown = lambda skeleton: calls.append(skeleton) or markdown_path(skeleton)  # type: ignore[method-assign]
    renderer.html(source)
    assert len(calls) == 1


@pytest.mark.parametrize("configs", [
    {"toc": {"permalink": "#"}},
    {"toc": {"permalink": True, "baselevel": 2, "toc_depth": "2-3"}},
    {"toc": {"permalink": True, "permalink_title": "", "separator": "_"}},
    {"toc": {"permalink": True, "anchorlink": True}},
    {"toc": {"permalink": True, "slugify": lambda value, separator: value.upper()}},
])
def test_other_toc_settings_write_what_markdown_writes(configs: dict) -> None:  # type: ignore[type-arg]
    import markdown

    from briefings.mkdocs.render import HtmlPageRenderer

    extensions = ["toc", "attr_list", "md_in_html"]
    renderer = HtmlPageRenderer({"markdown_extensions": extensions,  # type: ignore[arg-type]
                                 "mdx_configs": configs})
    expected = markdown.Markdown(extensions=extensions, extension_configs=configs)
    source = ("# Title (1) {: lang=en }\n\n<p>x</p>\n\n## Key points {#key-points}\n\n"
              "## Key points\n\n### Key points\n\n#### Deeper\n")
    html, tokens, _title = renderer.html(source)
    assert html == expected.convert(source)
    assert tokens == expected.toc_tokens


def test_an_unknown_extension_keeps_markdown_for_every_skeleton() -> None:
    from briefings.mkdocs.render import HtmlPageRenderer

    renderer = HtmlPageRenderer({"markdown_extensions": ["toc", "attr_list", "smarty"],  # type: ignore[arg-type]
                                 "mdx_configs": {"toc": {"permalink": True}}})
    assert renderer.plain is None
