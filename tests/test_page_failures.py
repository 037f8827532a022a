"""A docs/ page MkDocs cannot read or render: one line naming it, left out, the rest built.

In-process, with MkDocs' own configuration, files, pages and navigation; the
real ``mkdocs build`` of such a site is in tests/test_publishing.py.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import get_navigation
from mkdocs.structure.pages import Page

from briefings.mkdocs.failures import forget_failed, guard_page, leave_out


def _site(tmp_path: Path, pages: dict[str, bytes], config: str = "") -> MkDocsConfig:
    (tmp_path / "docs").mkdir()
    for name, data in pages.items():
        (tmp_path / "docs" / name).write_bytes(data)
    (tmp_path / "mkdocs.yml").write_text(f"site_name: Test\n{config}", "utf-8")
    return load_config(str(tmp_path / "mkdocs.yml"))


def _page(config: MkDocsConfig, name: str) -> tuple[Page, Files]:
    file = File(name, config.docs_dir, config.site_dir, config.use_directory_urls)
    return Page(None, file, config), Files([file])


def _make(config: MkDocsConfig, page: Page, files: Files) -> None:
    """What MkDocs' _populate_page does with a page, our on_pre_page first."""
    page = guard_page(page, config)
    page.read_source(config)
    page.render(config, files)


@pytest.mark.parametrize(("data", "config", "problem"), [
    ("# Deep\n\n" + "- " * 500 + "x\n", "",
     "its Markdown is nested too deeply to be rendered; flatten its nested quotes or lists"),
    ("# Café\n".encode("cp1252"), "", "is not UTF-8 text; save it as UTF-8"),
    # A site's own slugify function that fails on a heading.
    ("# Ünïcode\n", "markdown_extensions:\n  - toc:\n      slugify: !!python/name:int\n",
     "could not be rendered (TypeError: 'str' object cannot be interpreted as an integer); "
     "fix its Markdown or remove it"),
])
def test_a_page_that_cannot_be_made_is_one_line_and_no_output(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, data: str | bytes, config: str,
    problem: str,
) -> None:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    site = _site(tmp_path, {"bad.md": raw}, config)
    page, files = _page(site, "bad.md")

    with caplog.at_level(logging.INFO):
        _make(site, page, files)

    assert [r.getMessage() for r in caplog.records] == [
        f"briefings: docs/bad.md: {problem} (not published)"]
    assert caplog.records[0].levelno == logging.WARNING  # counted: --strict fails
    assert leave_out("<html>…</html>", page) == ""
    assert page.content == "" and page.meta["search"] == {"exclude": True}


def test_a_page_that_renders_is_untouched(tmp_path: Path, caplog: pytest.LogCaptureFixture
                                          ) -> None:
    site = _site(tmp_path, {"good.md": b"# Good\n\nFine.\n"})
    page, files = _page(site, "good.md")
    with caplog.at_level(logging.INFO):
        _make(site, page, files)
    assert not caplog.records
    assert "<p>Fine.</p>" in (page.content or "")
    assert leave_out("<html>…</html>", page) == "<html>…</html>"


def test_a_page_left_out_leaves_the_navigation_and_its_neighbours_links(tmp_path: Path) -> None:
    site = _site(tmp_path, {
        "a.md": b"# A\n", "b.md": ("# B\n\n" + "- " * 500 + "x\n").encode(), "c.md": b"# C\n",
    }, "nav:\n  - a.md\n  - Part:\n      - b.md\n      - c.md\n")
    files = Files([File(n, site.docs_dir, site.site_dir, site.use_directory_urls)
                   for n in ("a.md", "b.md", "c.md")])
    nav = get_navigation(files, site)
    for page in nav.pages:
        _make(site, page, files)

    forget_failed(nav)

    assert [p.file.src_uri for p in nav.pages] == ["a.md", "c.md"]
    a, part = nav.items
    assert [p.file.src_uri for p in part.children] == ["c.md"]
    assert a.next_page is part.children[0] and part.children[0].previous_page is a
