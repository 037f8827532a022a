"""Listings in pages: the home and tag pages of a large site, in every language."""

from __future__ import annotations

import posixpath
import re
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from projects import ARGOS_DIR, sample_project

from briefings.site.build import paged_uris
from briefings.site.pages import PageLanguage, Pager, render_pager

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import corpus

LANGS = ("en", "hy", "az", "ru")


def test_a_pager_links_its_neighbours_and_leaves_out_far_pages() -> None:
    hrefs = [f"p{n}/" for n in range(1, 21)]
    html = render_pager(Pager(10, 20, hrefs), PageLanguage.of("ru"))
    assert 'rel="prev" href="p9/"' in html and 'rel="next" href="p11/"' in html
    shown = re.findall(r'<a href="(p\d+/)">', html)
    assert shown == ["p1/", "p8/", "p9/", "p11/", "p12/", "p20/"]
    assert html.count("…") == 2
    assert '<span class="pager-current" aria-current="page">10</span>' in html
    assert "Более ранние справки" in html and 'aria-label="Страницы списка"' in html
    first = render_pager(Pager(1, 3, hrefs[:3]), PageLanguage.of("en"))
    assert 'rel="prev"' not in first and 'rel="next" href="p2/"' in first
    assert render_pager(Pager(1, 1, hrefs[:1]), PageLanguage.of("en")) == ""


def test_page_paths() -> None:
    assert paged_uris("index.md", 1) == ["index.md"]
    assert paged_uris("tags/baku.md", 3) == ["tags/baku.md", "tags/baku/page/2.md",
                                             "tags/baku/page/3.md"]


@pytest.mark.slow
def test_a_large_site_lists_its_briefings_in_pages_that_link_to_each_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = sample_project(tmp_path / "project", published=True, argos_packages_dir=ARGOS_DIR)
    for source in (project / "content").iterdir():
        source.unlink()
    corpus.write_corpus(project / "content", 7)
    config = (project / "mkdocs.yml").read_text("utf-8")
    (project / "mkdocs.yml").write_text(config.replace("page_size: 50", "page_size: 3"), "utf-8")
    monkeypatch.setenv("BRIEFINGS_NO_TRANSLATE", "1")
    mkdocs_build(load_config(config_file=str(project / "mkdocs.yml"), strict=True))
    site = project / "site"
    for lang in LANGS:
        root = site if lang == "en" else site / lang
        pages = [root / "index.html", root / "page" / "2" / "index.html",
                 root / "page" / "3" / "index.html"]
        assert not (root / "page" / "4").exists()
        listed = []
        for number, page in enumerate(pages, start=1):
            html = page.read_text("utf-8")
            listed += re.findall(r'<li class="briefing-item"><a href="([^"]+)"', html)
            # Every link of the pager leads to a page that exists.
            pager = re.search(r'<nav class="pager".*?</nav>', html, re.S)
            assert pager is not None, page
            for href in re.findall(r'href="([^"]+)"', pager.group(0)):
                folder = posixpath.dirname(page.relative_to(site).as_posix())
                target = posixpath.normpath(posixpath.join(folder, href))
                assert (site / target / "index.html").exists(), href
            assert ('rel="next"' in pager.group(0)) == (number < 3)
            assert ('rel="prev"' in pager.group(0)) == (number > 1)
        assert len(listed) == 7 and len(set(listed)) == 7  # each briefing once, none lost
    # Page 2 is the same page in every language: the switcher leads there.
    html = (site / "ru" / "page" / "2" / "index.html").read_text("utf-8")
    assert 'hreflang="en"' in html and "Страница 2 из 3" in html
