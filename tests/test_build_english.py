"""A real `mkdocs build --strict` of the sample site: the English briefing pages."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from projects import sample_project

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = sample_project(tmp_path_factory.mktemp("english"))
    env = {**os.environ, "BRIEFINGS_NO_TRANSLATE": "1", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return project / "site"


def page(site: Path, slug: str) -> str:
    return (site / "briefings" / slug / "index.html").read_text("utf-8")


def visible(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_home_lists_briefings_newest_first(site: Path) -> None:
    home = (site / "index.html").read_text("utf-8")
    dated = home.index("briefings/aliyev-says-karabakh-operation-completed/")
    undated = home.index("briefings/azerbaijan-says-armenian-forces-pullback-has-begun/")
    assert dated < undated
    assert "Azerbaijani President says his forces completed" in home


def test_briefing_page_has_every_part(site: Path) -> None:
    html = page(site, "aliyev-says-karabakh-operation-completed")
    text = visible(html)
    for heading in ("Key points", "Who said what", "Timeline", "People, places and bodies",
                    "The text", "Attribution"):
        assert heading in text
    assert "The Azeri President says the withdrawal" in text  # the dek
    assert 'datetime="2023-09-20"' in html and "September 20, 2023" in text
    assert 'class="key-points"' in html
    # Statements grouped by speaker, quotes marked.
    assert 'data-speaker="Ilham Aliyev"' in html
    assert 'data-speaker="Azerbaijani Defense Ministry"' in html
    assert re.search(r'class="statement direct-quote".*In just one day, Azerbaijan', html)
    # The timeline resolves "On Tuesday" against the publication date.
    assert re.search(r'<time datetime="2023-09-19">September 19, 2023</time>', html)
    # No furniture made it through.
    assert "pic.twitter.com" not in html and "Read more:" not in html


def test_attribution_box(site: Path) -> None:
    html = page(site, "aliyev-says-karabakh-operation-completed")
    box = re.search(r'<aside class="attribution">(.*?)</aside>', html, re.S)
    assert box, "no attribution box"
    text = visible(box.group(1))
    # What the source does not give is said once, not field by field.
    assert "Not given by the source Outlet, Link, Author, Dateline" in text
    assert "Unknown" not in text
    assert "Ilham Aliyev:" in text and "Unattributed claims: 0" in text
    assert "not been verified" in text
    other = page(site, "azerbaijan-says-armenian-forces-pullback-has-begun")
    box = re.search(r'<aside class="attribution">(.*?)</aside>', other, re.S)
    assert "official statements from Azerbaijani authorities" in visible(box.group(1))
    # "Observers note ..." names a group, which speaks as itself (issue 12): no claim is
    # left unattributed.
    assert "Unattributed claims: 0" in visible(box.group(1))
    assert "Publication date unknown" in visible(other)
    # Under the title: the source, and how sure the page is of it.
    top = re.search(r'<div class="briefing-source" data-sourcing="(\w+)">(.*?)</div>', html, re.S)
    assert top and top.group(1) == "unidentified"
    assert "September 20, 2023" in visible(top.group(2))
    assert html.index('class="briefing-source"') < html.index('id="key-points"')
    assert "this title was made from its first sentence" in visible(other)


def test_pages_carry_no_unsafe_markup(site: Path) -> None:
    for path in (site / "briefings").rglob("*.html"):
        html = path.read_text("utf-8")
        article = html[html.index('<article'): html.index("</article>")]
        assert "<script" not in article
        assert not re.search(r"\son\w+=", article)
        assert "javascript:" not in article
