"""Unchanged pages are not rendered again, and whatever changes every page renders them all.

Real ``mkdocs build --strict`` runs of the sample project, one after the other,
read back through :data:`briefings.mkdocs.builds.last_build`'s ``pages``
(rendered, kept) and ``made`` (pages whose HTML was made, not recalled) per
language. Counts of work, never timings.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import jinja2
import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from projects import ARGOS_DIR, sample_project
from sitebuild import DATED, REVIEWED_TITLE, review_russian_title

from briefings.cache import CACHE_DIR
from briefings.mkdocs import builds
from briefings.pagecache import MANIFEST, PAGES_FOLDER, PageCache, content_digest, page_key
from briefings.site import templating

pytestmark = pytest.mark.slow

LANGS = ("en", "hy", "az", "ru")


def build(project: Path) -> dict[str, tuple[int, int]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFINGS_NO_TRANSLATE", "1")
        mkdocs_build(load_config(config_file=str(project / "mkdocs.yml"), strict=True))
    stats = builds.last_build
    assert stats is not None
    if not (project / "hooks" / "desk_note.py").exists():
        # A recalled page's HTML is read only when the page is finished again.
        assert all(stats.html_read[lang] <= done for lang, (done, _) in stats.pages.items())
    return dict(stats.pages)


def made() -> dict[str, int]:
    """Per language, the generated pages whose HTML the last build made (not recalled)."""
    assert builds.last_build is not None
    return dict(builds.last_build.made)


def html_read() -> dict[str, int]:
    """Per language, the recalled pages whose kept HTML the last build read."""
    assert builds.last_build is not None
    return dict(builds.last_build.html_read)


def briefing_pages(site: dict[str, bytes]) -> int:
    """How many briefing pages the English site has (every language has as many)."""
    return sum(1 for name in site
               if name.startswith("briefings/") and name.endswith("/index.html"))


def site_files(project: Path) -> dict[str, bytes]:
    site = project / "site"
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def rendered(pages: dict[str, tuple[int, int]]) -> int:
    return sum(done for done, _ in pages.values())


def total(pages: dict[str, tuple[int, int]]) -> int:
    return sum(done + kept for done, kept in pages.values())


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text, f"{path} has no {old!r}"
    path.write_text(text.replace(old, new, 1), "utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = sample_project(tmp_path / "project", published=True, argos_packages_dir=ARGOS_DIR)
    # A site's own template, to prove that editing it renders every page again.
    partial = project / "site-overrides" / "partials" / "copyright.html"
    partial.parent.mkdir(parents=True)
    partial.write_text('<div class="md-copyright">Newsroom one</div>\n', "utf-8")
    replace_in(project / "mkdocs.yml", "  name: material\n",
               "  name: material\n  custom_dir: site-overrides\n")
    return project


def test_only_changed_pages_are_rendered_and_each_site_wide_input_renders_all(
    project: Path,
) -> None:
    first = build(project)
    assert set(first) == set(LANGS) and rendered(first) == total(first) > 30
    fresh = site_files(project)

    assert made() == {lang: done for lang, (done, _) in first.items()}
    briefings = briefing_pages(fresh)
    assert briefings >= 2

    # Nothing changed: every page kept, and the site is byte for byte the same.
    # No page's HTML is even made. The build runs in this process after the first,
    # as `mkdocs serve` rebuilds: no theme template is compiled again either, but
    # the one for kept pages (first used now); not even the language partials
    # Material's search plugin reads at configuration, in an environment of its own.
    compiled: list[str | None] = []
    compile_template = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None,
                 *args: object, **kwargs: object) -> object:
        compiled.append(name)
        return compile_template(self, source, name, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jinja2.Environment, "compile", counting)
        again = build(project)
    # (The one for kept pages may have been compiled already by an earlier build
    # in this process: another test's, when the suite runs as one.)
    assert compiled in ([builds.CACHED_TEMPLATE], [])
    assert rendered(again) == 0 and total(again) == total(first)
    assert made() == {lang: 0 for lang in LANGS}
    # Nor read: a page kept whole is written from its output, its HTML left unread.
    assert html_read() == {lang: 0 for lang in LANGS}
    assert site_files(project) == fresh

    # One sentence of one article: its pages, and the few that show that text or
    # its counts, are rendered; the rest are kept.
    replace_in(project / "content" / f"{DATED}.txt", "Armenia and Azerbaijan have fought two wars",
               "Armenia and Azerbaijan have fought two bitter wars")
    edited = build(project)
    assert 4 <= rendered(edited) < total(edited) / 3
    # Its page is made again in every language (its catalogs follow the text), and
    # the listings that show it; not the other briefings' pages.
    listings = total(edited) // 4 - briefings  # per language: home, tags, status, events
    assert all(1 < count <= listings + 1 for count in made().values())
    edited_site = site_files(project)
    assert b"two bitter wars" in edited_site[f"briefings/{DATED}/index.html"]
    # ... and the result is what a build without any kept page makes.
    shutil.rmtree(project / CACHE_DIR / PAGES_FOLDER)
    build(project)
    assert site_files(project) == edited_site
    search = json.loads(edited_site["search/search_index.json"])
    assert any("two bitter wars" in doc["text"] for doc in search["docs"])

    # A translator reviews one Russian title: its Russian pages are made again (the
    # briefing's, those listing it, its event's other briefing naming the event by
    # it); elsewhere only the status page, which counts every language's reviews.
    review_russian_title(project)
    reviewed = build(project)
    again_made = made()
    assert {lang: again_made[lang] for lang in ("en", "hy", "az")} == {"en": 1, "hy": 1, "az": 1}
    assert 2 < again_made["ru"] <= listings + 2
    assert reviewed["ru"][0] >= 1
    assert REVIEWED_TITLE.encode() in site_files(project)[f"ru/briefings/{DATED}/index.html"]

    # A site's override of one of our page templates makes every briefing page again.
    ours = Path(templating.TEMPLATES, "briefing.html").read_text("utf-8")
    override = project / "site-overrides" / templating.OVERRIDES_FOLDER / "briefing.html"
    override.parent.mkdir(parents=True, exist_ok=True)
    assert "{{ source }}\n" in ours
    override.write_text(ours.replace("{{ source }}\n", "{{ source }}\n<p>Desk note.</p>\n", 1),
                        "utf-8")
    overridden = build(project)
    assert made() == {lang: done for lang, (done, _) in first.items()}
    assert rendered(overridden) >= 4 * briefings
    overridden_site = site_files(project)
    assert b"Desk note." in overridden_site[f"hy/briefings/{DATED}/index.html"]
    # ... and every page is what a build without any kept page makes.
    shutil.rmtree(project / CACHE_DIR / PAGES_FOLDER)
    build(project)
    assert site_files(project) == overridden_site
    # Edited again in the same process (as under `mkdocs serve`): the pages show
    # the template as it is now, not as this process first compiled it.
    replace_in(override, "Desk note.", "Desk memo.")
    build(project)
    assert made() == {lang: done for lang, (done, _) in first.items()}
    assert b"Desk memo." in site_files(project)[f"az/briefings/{DATED}/index.html"]

    # The site's name is on every page.
    replace_in(project / "mkdocs.yml", "site_name: Briefings", "site_name: Morning Briefings")
    renamed = build(project)
    assert rendered(renamed) == total(renamed)

    # A template of the site's own theme folder.
    replace_in(project / "site-overrides" / "partials" / "copyright.html", "one", "two")
    retemplated = build(project)
    assert rendered(retemplated) == total(retemplated)
    assert b"Newsroom two" in site_files(project)["ru/index.html"]
    # No page's HTML made again, every page finished again: each page's kept HTML
    # read once, and the site what a build without any kept page makes.
    assert made() == {lang: 0 for lang in LANGS}
    assert html_read() == {lang: done for lang, (done, _) in retemplated.items()}
    retemplated_site = site_files(project)
    shutil.rmtree(project / CACHE_DIR / PAGES_FOLDER)
    build(project)
    assert site_files(project) == retemplated_site

    # A new page of docs/ is in the English navigation, so every English page
    # shows it; the other languages' navigation does not list docs pages.
    (project / "docs" / "about.md").write_text("# About us\n\nWho we are.\n", "utf-8")
    navigated = build(project)
    assert navigated["en"][0] == total({"en": navigated["en"]})
    assert all(navigated[lang][0] == 0 for lang in ("hy", "az", "ru"))


def test_a_plugin_that_reads_pages_html_gets_the_recalled_pages_html(project: Path) -> None:
    """A plugin's on_page_content sees each recalled page's HTML, as it saw it made."""
    hook = project / "hooks" / "desk_note.py"
    hook.write_text(
        "def on_page_content(html, page, config, files):\n"
        "    if page.file.src_uri.startswith('briefings/'):\n"
        "        return html + '<p>Read by the desk: %d characters.</p>' % len(html)\n"
        "    return html\n", "utf-8")
    replace_in(project / "mkdocs.yml", "hooks: [hooks/briefings_hooks.py]",
               "hooks: [hooks/briefings_hooks.py, hooks/desk_note.py]")
    first = build(project)
    fresh = site_files(project)
    page = fresh[f"hy/briefings/{DATED}/index.html"].decode("utf-8")
    [note] = re.findall(r"Read by the desk: (\d+) characters", page)
    assert int(note) > 1000
    # A no-op build: every page kept as it was, its HTML read for the plugin.
    again = build(project)
    assert made() == {lang: 0 for lang in LANGS} and rendered(again) == 0
    assert html_read() == {lang: done for lang, (done, _) in first.items()}
    assert site_files(project) == fresh


def test_a_project_moved_elsewhere_keeps_its_pages(project: Path, tmp_path: Path) -> None:
    """A CI job checks out wherever it likes: the cache holds no absolute path of the project."""
    first = build(project)
    before = site_files(project)
    moved = tmp_path / "elsewhere" / "checkout"
    moved.parent.mkdir()
    shutil.move(project, moved)
    again = build(moved)
    assert rendered(again) == 0 and total(again) == total(first)
    assert sum(made().values()) == 0
    assert site_files(moved) == before


def _packs(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pack"))


def test_a_damaged_or_foreign_page_cache_is_a_miss(tmp_path: Path) -> None:
    entries = [{"location": "", "title": "t", "text": ""}]
    folder = tmp_path / PAGES_FOLDER / "ru"
    key = page_key("a", "b")

    def stored() -> PageCache:
        for pack in _packs(folder):
            pack.unlink()
        cache = PageCache.open(tmp_path, "ru")
        cache.keep("index.md", key, "<html>ok ё</html>", entries)
        cache.save()
        return PageCache.open(tmp_path, "ru")

    again = stored()
    assert again.get("index.md", key) == entries
    assert again.output("index.md") == "<html>ok ё</html>"
    assert again.get("index.md", page_key("a", "c")) is None
    [pack] = _packs(folder)
    # Truncated, or gone: a miss, found before the page is made.
    pack.write_bytes(b"<html>")
    assert PageCache.open(tmp_path, "ru").get("index.md", key) is None
    stored()
    _packs(folder)[0].unlink()
    assert PageCache.open(tmp_path, "ru").get("index.md", key) is None
    # A symbolic link in its place is never followed, even to a file of the right size.
    [pack] = _packs(stored().folder)  # type: ignore[arg-type]
    elsewhere = tmp_path / "elsewhere.pack"
    elsewhere.write_bytes(pack.read_bytes())
    pack.unlink()
    pack.symlink_to(elsewhere)
    assert PageCache.open(tmp_path, "ru").get("index.md", key) is None
    # A manifest that is a link (to a copy of itself), or not a regular file: a miss.
    pack.unlink()
    stored()
    manifest_copy = tmp_path / "elsewhere.json"
    manifest_copy.write_bytes((folder / MANIFEST).read_bytes())
    (folder / MANIFEST).unlink()
    (folder / MANIFEST).symlink_to(manifest_copy)
    assert PageCache.open(tmp_path, "ru").stored == {}
    (folder / MANIFEST).unlink()
    os.mkfifo(folder / MANIFEST)  # read as a file, it would wait for a writer
    assert PageCache.open(tmp_path, "ru").stored == {}
    (folder / MANIFEST).unlink()
    # A manifest naming a path, not a pack, or a place past the pack's end: a miss.
    stored()
    manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
    for place in (["../elsewhere.pack", 0, 18], [pack.name, 1, 99], [pack.name, -1, 5],
                  [pack.name, 0], [pack.name, 0, 18.0], "0:18"):
        manifest["pages"]["index.md"]["at"] = place
        (folder / MANIFEST).write_text(json.dumps(manifest), "utf-8")
        assert PageCache.open(tmp_path, "ru").get("index.md", key) is None, place
    # Cut short between finding it unchanged and writing it: an error to report,
    # never wrong output. (Deleted meanwhile, it is still read: it was opened.)
    found = stored()
    assert found.get("index.md", key) == entries
    [pack] = _packs(folder)
    pack.unlink()
    assert found.output("index.md") == "<html>ok ё</html>"
    found = stored()
    assert found.get("index.md", key) == entries
    os.truncate(_packs(folder)[0], 4)
    with pytest.raises(OSError, match="changed during the run"):
        found.output("index.md")
    with pytest.raises(OSError):
        PageCache.open(tmp_path, "ru").output("other.md")
    (folder / MANIFEST).write_text("{not json", "utf-8")
    assert PageCache.open(tmp_path, "ru").get("index.md", key) is None
    assert page_key("ab", "c") != page_key("a", "bc")


def test_a_kept_rendering_is_read_back_only_as_stored(tmp_path: Path) -> None:
    rendering = {"content": "<h1 id=\"t\">T</h1>", "toc": [{"level": 1, "id": "t", "name": "T",
                                                          "children": []}],
                 "title": "T", "meta": {}}
    cache = PageCache.open(tmp_path, "hy")
    cache.keep_rendering("briefings/x.md", page_key("inputs"), rendering)
    cache.keep("briefings/x.md", page_key("page"), "<html>x</html>", [])
    cache.save()
    folder = tmp_path / PAGES_FOLDER / "hy"
    again = PageCache.open(tmp_path, "hy")
    # The HTML is read apart, and only when asked for; its digest comes with the rest.
    rest = {**{k: v for k, v in rendering.items() if k != "content"},
            "digest": content_digest(rendering["content"])}
    assert again.rendering("briefings/x.md", page_key("inputs")) == rest
    assert again.contents_read == 0
    assert again.rendering_content("briefings/x.md", rest["digest"]) == rendering["content"]
    assert again.contents_read == 1
    assert again.rendering("briefings/x.md", page_key("other inputs")) is None
    assert again.rendering("briefings/y.md", page_key("inputs")) is None
    with pytest.raises(OSError):
        again.rendering_content("briefings/y.md", rest["digest"])
    # A page a build did not use is dropped when it saves: its pack too, once it holds
    # nothing any page uses.
    unused = PageCache.open(tmp_path, "hy")
    unused.rendered = 1  # as after a build that rendered other pages
    unused.save()
    assert _packs(folder) == []

    def stored(text: str | bytes | None, field: str = "rendering_at") -> PageCache:
        """A rendering stored with ``text`` as its ``field`` (None: its pack a symbolic
        link to the right one)."""
        for pack in _packs(folder):
            pack.unlink()
        cache = PageCache.open(tmp_path, "hy")
        cache.keep_rendering("briefings/x.md", page_key("inputs"), rendering)
        cache.keep("briefings/x.md", page_key("page"), "<html>x</html>", [])
        cache.save()
        [pack] = _packs(folder)
        manifest = json.loads((folder / MANIFEST).read_text("utf-8"))
        if text is None:
            (tmp_path / "elsewhere.pack").write_bytes(pack.read_bytes())
            pack.unlink()
            pack.symlink_to(tmp_path / "elsewhere.pack")
        else:
            data = text.encode("utf-8") if isinstance(text, str) else text
            with pack.open("ab") as stream:
                stream.write(data)
            manifest["pages"]["briefings/x.md"][field] = [
                pack.name, pack.stat().st_size - len(data), len(data)]
            (folder / MANIFEST).write_text(json.dumps(manifest), "utf-8")
        return PageCache.open(tmp_path, "hy")

    def recalled(cache: PageCache) -> dict[str, object] | None:
        return cache.rendering("briefings/x.md", page_key("inputs"))

    assert recalled(stored(None)) is None
    assert recalled(stored("{not json")) is None
    assert recalled(stored(json.dumps({**rest, "toc": "t"}))) is None
    # A rendering written whole, HTML and all (as format 4 kept it), or without its digest.
    assert recalled(stored(json.dumps(rendering))) is None
    assert recalled(stored(json.dumps({**rest, "digest": "x"}))) is None
    assert recalled(stored(json.dumps(rest))) == rest
    # HTML that is not what its digest says, or not UTF-8, is a lost page, not a page.
    for html in (b"<h1>Another</h1>", b"\xff\xfe"):
        cache = stored(html, "content_at")
        assert recalled(cache) == rest
        with pytest.raises(OSError):
            cache.rendering_content("briefings/x.md", rest["digest"])
        cache.close()


def test_a_language_keeps_its_pages_in_a_few_packs_at_most_twice_what_they_hold(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build adds one pack; a pack mostly superseded, or one too many, is copied out."""
    from briefings import packs

    monkeypatch.setattr(packs, "MAX_PACKS", 3)  # reached here (4 packs otherwise)

    folder = tmp_path / PAGES_FOLDER / "az"
    pages = {f"briefings/{n}.md": f"<html>{n} {'x' * 1000}</html>" for n in range(20)}

    def build(changed: list[str], version: str) -> PageCache:
        cache = PageCache.open(tmp_path, "az")
        for uri, html in pages.items():
            key = page_key(uri, version if uri in changed else "")
            # As a build asks: the rendering when the site is planned, the page when written.
            if cache.rendering(uri, key) is None:
                cache.keep_rendering(uri, key, {"content": html, "toc": [], "title": None,
                                                "meta": {}})
            if cache.get(uri, key) is None:
                cache.keep(uri, key, html + (version if uri in changed else ""), [])
        cache.save()
        return cache

    def check(changed: list[str], version: str) -> None:
        """Every page reads back as last made, and the packs hold at most twice that."""
        cache = PageCache.open(tmp_path, "az")
        held = 0
        for uri, html in pages.items():
            key = page_key(uri, version if uri in changed else "")
            assert cache.get(uri, key) == []
            assert cache.output(uri) == html + (version if uri in changed else "")
            held += 2 * len(html)
        cache.close()
        assert sum(pack.stat().st_size for pack in _packs(folder)) < 2.2 * held

    build([], "")
    assert len(_packs(folder)) == 1 and len(list(folder.iterdir())) == 2  # and the manifest
    # Each build changes two pages: a small pack each, until the first pack is too many.
    for number in range(1, 12):
        changed = [f"briefings/{number}.md", f"briefings/{number + 1}.md"]
        build(changed, f"v{number}")
        check(changed, f"v{number}")
        assert len(_packs(folder)) <= 3
    # Most pages changed: the older packs hold less than half of what is used, and go.
    everything = list(pages)[:15]
    build(everything, "all")
    check(everything, "all")
    assert len(_packs(folder)) <= 2
    # Nothing changed: nothing is written, no pack is made.
    before = {pack.name for pack in _packs(folder)}
    build(everything, "all")
    assert {pack.name for pack in _packs(folder)} == before


def test_an_unsaved_pack_is_deleted_and_a_forked_copy_leaves_it_alone(tmp_path: Path) -> None:
    folder = tmp_path / PAGES_FOLDER / "en"
    cache = PageCache.open(tmp_path, "en")
    cache.keep("index.md", page_key("i"), "<html>i</html>", [])
    [temporary] = folder.glob(".tmp-*.pack")
    pid = os.fork()
    if pid == 0:  # the copy a language's worker holds: closing it deletes nothing
        cache.close()
        os._exit(0 if temporary.exists() else 1)
    assert os.waitpid(pid, 0)[1] == 0
    assert temporary.exists()
    cache.close()  # the build failed: its pack was never named
    assert list(folder.iterdir()) == []
    # One a process that died left an hour ago goes when a build next saves.
    stale = folder / ".tmp-0123.pack"
    stale.write_bytes(b"half")
    os.utime(stale, (0, 0))
    recent = folder / ".tmp-4567.pack"
    recent.write_bytes(b"another build's")
    cache = PageCache.open(tmp_path, "en")
    cache.keep("index.md", page_key("i"), "<html>i</html>", [])
    cache.save()
    assert not stale.exists() and recent.exists()
    assert PageCache.open(tmp_path, "en").get("index.md", page_key("i")) == []


def test_a_write_survives_a_stale_temporary_file_and_a_folder_removed_meanwhile(
        tmp_path: Path) -> None:
    import os

    from briefings.packs import write_atomic as _write_atomic

    folder = tmp_path / "pages" / "en"
    _write_atomic(folder / "a.html", b"one")
    # A process that died (with this one's id, reused) left its temporary file.
    (folder / f".tmp-b.html-{os.getpid()}").write_bytes(b"half")
    _write_atomic(folder / "b.html", b"two")
    assert (folder / "b.html").read_bytes() == b"two"
    assert (folder / f".tmp-b.html-{os.getpid()}").read_bytes() == b"half"  # not ours to touch
    for path in folder.iterdir():
        path.unlink()
    folder.rmdir()  # the cache cleared while a build runs
    _write_atomic(folder / "c.html", b"three")
    assert (folder / "c.html").read_bytes() == b"three"
    assert sorted(p.name for p in folder.iterdir()) == ["c.html"]


def test_a_page_lost_from_the_cache_mid_build_fails_it_in_one_line_and_keeps_the_site(
        project: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A kept page's output is read only as it is written: when the cache loses it
    in between (its packs cut short), the build says so and publishes nothing."""
    from mkdocs.exceptions import Abort

    build(project)
    before = site_files(project)
    reuse = builds.reuse_pages

    def reusing_then_clearing(config: object, files: object) -> None:
        reuse(config, files)  # type: ignore[arg-type]
        for pack in (project / CACHE_DIR / PAGES_FOLDER).glob("*/*.pack"):
            os.truncate(pack, 0)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(builds, "reuse_pages", reusing_then_clearing)
        with pytest.raises(Abort):
            build(project)
    assert "the page cache lost the en page of index.md during the build, or it is damaged; " \
        "it is dropped from the cache: run the build again" in caplog.text
    assert site_files(project) == before
    build(project)  # the next build makes what was lost
    assert site_files(project) == before


def test_a_damaged_kept_rendering_fails_the_build_in_one_line_and_the_next_build_heals(
        project: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A recalled page's HTML is checked against its digest when it is read: damaged
    (still UTF-8, the same length), the build that must finish the page again fails
    in one line and publishes nothing; the page is dropped, and the next build makes
    it, as a build without any kept page would."""
    from mkdocs.exceptions import Abort

    build(project)
    before = site_files(project)
    folder = project / CACHE_DIR / PAGES_FOLDER / "hy"
    uri = f"briefings/{DATED}.md"
    name, offset, length = json.loads((folder / MANIFEST).read_text("utf-8"))[
        "pages"][uri]["content_at"]
    with (folder / name).open("r+b") as stream:
        stream.seek(offset)
        data = stream.read(length)
        stream.seek(offset)
        stream.write(data.replace(b"<h2", b"<h3", 1))
    # A theme template every page shows: every page is finished again from its HTML.
    replace_in(project / "site-overrides" / "partials" / "copyright.html", "one", "two")
    with pytest.raises(Abort):
        build(project)
    assert f"the page cache lost the hy page of {uri} during the build, or it is damaged; " \
        "it is dropped from the cache: run the build again" in caplog.text
    assert site_files(project) == before
    build(project)
    assert made()["hy"] >= 1
    healed = site_files(project)
    assert b"Newsroom two" in healed[f"hy/briefings/{DATED}/index.html"]
    shutil.rmtree(project / CACHE_DIR / PAGES_FOLDER)
    build(project)
    assert site_files(project) == healed


def test_the_manifest_is_written_piece_by_piece_as_the_same_compact_json(tmp_path: Path) -> None:
    from briefings.pagecache import FORMAT

    cache = PageCache.open(tmp_path, "ru")
    entries = [{"location": "briefings/x/", "title": "Заголовок \"в кавычках\"",
                "text": "<p>Текст\u2028с разделителем</p>"}]
    cache.keep("briefings/x.md", page_key("x"), "<html>x</html>", entries)
    cache.keep("briefings/y.md", page_key("y"), "<html>y</html>", [])
    cache.save()
    written = (tmp_path / PAGES_FOLDER / "ru" / MANIFEST).read_bytes()
    # Byte for byte what one json.dumps of the whole made: a cache of this
    # format written before reads back, and this one reads back as it was kept.
    assert written == json.dumps({"format": FORMAT, "pages": cache.kept}, ensure_ascii=False,
                                 separators=(",", ":")).encode("utf-8")
    again = PageCache.open(tmp_path, "ru")
    assert again.get("briefings/x.md", page_key("x")) == entries
    assert again.get("briefings/y.md", page_key("y")) == []
