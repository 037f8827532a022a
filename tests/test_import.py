"""Web pages as sources: saved .html files in content/, and `briefings import` from a
file or an address served by a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import contextlib
import datetime as dt
import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from briefings.cli import main
from briefings.collection import collect
from briefings.errors import BriefingsError
from briefings.project import load_project
from briefings.sources import read_article
from briefings.sources.fetch import USER_AGENT, fetch_page

ARTICLES = Path(__file__).parent / "data" / "articles"
BROADCASTER = ARTICLES / "page-broadcaster.html"
HOSTILE = ARTICLES / "page-hostile.html"
AZERBAIJANI = ARTICLES / "page-azerbaijani.html"


class _Pages(http.server.BaseHTTPRequestHandler):
    """Fixture pages and misbehaving answers, by path."""

    seen_agents: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen_agents.append(self.headers.get("User-Agent", ""))
        if self.path == "/world/border-crossing":
            self._send(200, BROADCASTER.read_bytes(), "text/html; charset=utf-8")
        elif self.path == "/legacy":
            text = "<html><body><article><h1>Заголовок</h1><p>" + "Текст статьи. " * 30
            self._send(200, (text + "</p></article></body></html>").encode("cp1251"),
                       "text/html; charset=windows-1251")
        elif self.path == "/missing":
            self._send(404, b"<h1>Not found</h1>", "text/html")
        elif self.path == "/broken":
            self._send(500, b"oops", "text/plain")
        elif self.path == "/to-file":
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
        elif self.path == "/image":
            self._send(200, b"\x89PNG\r\n", "image/png")
        elif self.path == "/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            chunk = b"<p>" + b"x" * 8192 + b"</p>"
            try:
                for _ in range(200):  # 1.6 MB, with no Content-Length
                    self.wfile.write(chunk)
            except OSError:
                pass  # the client stopped reading at its cap
        elif self.path == "/slow":
            time.sleep(2)
            with contextlib.suppress(OSError):  # the client gave up, as it should
                self._send(200, b"<html></html>", "text/html")
        elif self.path == "/empty-page":
            self._send(200, b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
                       "text/html")
        else:
            self._send(404, b"", "text/html")

    def _send(self, status: int, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "mkdocs.yml").write_text("site_name: Test\n", "utf-8")
    (tmp_path / "content").mkdir()
    return tmp_path


# Saved pages in content/ ----------------------------------------------------


def test_saved_page_gives_story_and_metadata():
    article = read_article(BROADCASTER)
    assert article.title == "Border crossing reopens for evacuees, officials say"
    assert article.dek == (
        "Thousands waited overnight at the Kornidzor checkpoint as the road was cleared."
    )
    assert article.source.name == "Northern Broadcast News"
    assert article.source.author == "Marta Kowalczyk"
    assert article.source.url == (
        "https://news.example.org/world/europe/border-crossing-reopens-evacuees"
    )
    assert article.published == dt.date(2023, 9, 26)
    assert article.lang == "en"
    text = "\n".join(article.paragraphs)
    assert article.paragraphs[0].startswith("The only road out of the region reopened")
    assert len(article.paragraphs) == 4
    for furniture in ("Skip to content", "member", "Related stories", "Most read",
                      "newsletter", "All rights reserved", "Photo:", "Cookies"):
        assert furniture not in text


def test_hostile_page_is_plain_text_with_no_live_markup():
    article = read_article(HOSTILE)
    everything = " ".join([article.title, article.source.name or "", *article.paragraphs])
    for live in ("<", "script", "alert", "onerror", "javascript:", "injected text"):
        assert live not in everything
    assert article.source.url is None
    assert article.source.name == "Example Wire"
    assert any("steal()" in entry for entry in article.removed)
    assert "the reopening of transport links" in article.paragraphs[1]


def test_saved_pages_are_collected_from_content(project: Path):
    (project / "content" / "crossing.html").write_bytes(BROADCASTER.read_bytes())
    (project / "content" / "empty.html").write_text("<html><body><nav>Home</nav></body></html>")
    collection = collect(load_project(project))
    assert [b.slug for b in collection.briefings] == ["crossing"]
    assert [p.path for p in collection.problems] == ["content/empty.html"]
    assert "no article text" in collection.problems[0].problem


# briefings import -------------------------------------------------------------


def test_import_from_a_file_writes_markdown_that_reads_back(project: Path, capsys):
    assert main(["import", str(BROADCASTER), "--project", str(project)]) == 0
    target = project / "content" / "border-crossing-reopens-for-evacuees-officials-say.md"
    assert target.is_file()
    assert "check the title" in capsys.readouterr().out
    written = target.read_text("utf-8")
    assert written.startswith("---\n# Imported by briefings")
    article = read_article(target)
    saved = read_article(BROADCASTER)
    assert article.title == saved.title
    assert article.dek == saved.dek
    assert article.paragraphs == saved.paragraphs
    assert article.published == dt.date(2023, 9, 26)
    assert (article.source.name, article.source.author, article.source.url) == (
        saved.source.name, saved.source.author, saved.source.url
    )
    # Never replaced without --force.
    assert main(["import", str(BROADCASTER), "--project", str(project)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert main(["import", str(BROADCASTER), "--project", str(project), "--force"]) == 0


def test_import_of_hostile_page_writes_no_markup(project: Path):
    assert main(["import", str(HOSTILE), "--project", str(project), "--slug", "talks"]) == 0
    written = (project / "content" / "talks.md").read_text("utf-8")
    body = written.split("\n---\n", 1)[1]
    assert "<" not in body and "javascript" not in written and "alert" not in written
    article = read_article(project / "content" / "talks.md")
    assert not any("<" in p for p in article.paragraphs)


def test_import_of_a_foreign_page_records_its_language(project: Path):
    assert main(["import", str(AZERBAIJANI), "--project", str(project), "--slug", "az"]) == 0
    written = (project / "content" / "az.md").read_text("utf-8")
    assert "\nlang: az\n" in written
    assert read_article(project / "content" / "az.md").lang == "az"


def test_import_from_an_address(server: str, project: Path):
    url = f"{server}/world/border-crossing"
    assert main(["import", url, "--project", str(project), "--slug", "crossing"]) == 0
    article = read_article(project / "content" / "crossing.md")
    assert article.title == "Border crossing reopens for evacuees, officials say"
    # The page's canonical address, not the one it was fetched from.
    assert article.source.url.startswith("https://news.example.org/")
    assert _Pages.seen_agents[-1] == USER_AGENT


def test_fetch_decodes_the_declared_charset(server: str):
    html, final = fetch_page(f"{server}/legacy")
    assert "Заголовок" in html
    assert final == f"{server}/legacy"


@pytest.mark.parametrize(
    ("path", "problem"),
    [
        ("/missing", "HTTP 404"),
        ("/broken", "HTTP 500"),
        ("/to-file", "file:///etc/passwd"),
        ("/image", "not a web page (the server sent image/png)"),
    ],
)
def test_fetch_errors_are_one_line(server: str, path: str, problem: str):
    with pytest.raises(BriefingsError) as info:
        fetch_page(server + path)
    message = str(info.value)
    assert problem in message and "\n" not in message
    assert message.startswith(server + path)


def test_fetch_stops_at_its_size_cap(server: str):
    with pytest.raises(BriefingsError, match="over 100,000 bytes"):
        fetch_page(f"{server}/huge", max_bytes=100_000)


def test_fetch_gives_up_after_its_timeout(server: str):
    with pytest.raises(BriefingsError, match=r"no answer within 0.5 seconds|timed out"):
        fetch_page(f"{server}/slow", timeout=0.5)


@pytest.mark.parametrize(
    "address", ["file:///etc/passwd", "ftp://example.org/x", "javascript:alert(1)"]
)
def test_only_web_addresses_are_fetched(address: str):
    with pytest.raises(BriefingsError, match=r"only http:// and https://|cannot read"):
        fetch_page(address)


def test_unreachable_server_and_empty_page_are_one_line(server: str, project: Path, capsys):
    # A port nobody listens on: the server above, once shut, would do; port 9 is discard.
    assert main(["import", "http://127.0.0.1:9/x", "--project", str(project)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("briefings: http://127.0.0.1:9/x: cannot reach it")
    assert err.count("\n") == 1
    assert main(["import", f"{server}/empty-page", "--project", str(project)]) == 1
    err = capsys.readouterr().err
    assert "no article text found on the page" in err and err.count("\n") == 1
    assert list((project / "content").iterdir()) == []
