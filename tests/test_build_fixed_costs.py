"""What every language's build would otherwise redo: done once per site build (issue 18).

Real ``mkdocs build --strict`` runs of the sample project in this process, all
four languages built in it (``BRIEFINGS_WORKERS=1``). Counts of work, never timings.
"""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

import jinja2
import pytest
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from projects import ARGOS_DIR, sample_project

from briefings.cache import CACHE_DIR
from briefings.mkdocs import builds
from briefings.mkdocs.render import anchor_ids
from briefings.pagecache import PAGES_FOLDER, PageCache

pytestmark = pytest.mark.slow

LANGS = ("hy", "az", "ru")


def build(project: Path) -> int:
    """Build ``project``; how many times the theme's folders were walked for its files."""
    walked: list[int] = []
    listing = jinja2.FileSystemLoader.list_templates

    def counted(self: jinja2.FileSystemLoader) -> list[str]:
        walked.append(1)
        return listing(self)

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFINGS_NO_TRANSLATE", "1")
        patch.setenv("BRIEFINGS_WORKERS", "1")
        patch.setattr(jinja2.FileSystemLoader, "list_templates", counted)
        mkdocs_build(load_config(config_file=str(project / "mkdocs.yml"), strict=True))
    return len(walked)


def test_the_theme_is_listed_once_per_build_and_again_for_the_next(tmp_path: Path) -> None:
    project = sample_project(tmp_path / "project", published=True, argos_packages_dir=ARGOS_DIR)
    extra = project / "site-overrides" / "assets" / "newsroom.txt"
    extra.parent.mkdir(parents=True)
    extra.write_text("one\n", "utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("  name: material\n",
                                   "  name: material\n  custom_dir: site-overrides\n", 1), "utf-8")
    assert build(project) == 1
    site = project / "site"
    bundles = sorted(p.relative_to(site).as_posix()
                     for p in (site / "assets" / "javascripts").glob("bundle.*.min.js"))
    assert bundles
    for lang in ("", *LANGS):
        folder = site / lang
        # Every language's site has the theme's files, the site's own one among them.
        assert (folder / "assets" / "newsroom.txt").read_text("utf-8") == "one\n"
        assert all((folder / bundle).is_file() for bundle in bundles)
    # Each kept rendering holds its page's anchors, so a build that recalls it
    # does not read its HTML for them again.
    renderings = []
    for folder in (project / CACHE_DIR / PAGES_FOLDER).iterdir():
        cache = PageCache.open(project / CACHE_DIR, folder.name)
        for uri, entry in cache.stored.items():
            kept = cache.rendering(uri, entry["rendering"])
            assert kept is not None, uri
            renderings.append((uri, kept["anchors"],
                               cache.rendering_content(uri, kept["digest"])))
        cache.close()
    assert len(renderings) > 40
    for uri, anchors, content in renderings:
        assert anchors == sorted(anchor_ids(content)), uri
    # A new build lists again: a file added to the theme since is in every language.
    (extra.parent / "desk.txt").write_text("two\n", "utf-8")
    assert build(project) == 1
    for lang in ("", *LANGS):
        assert (site / lang / "assets" / "desk.txt").read_text("utf-8") == "two\n"


def test_a_recalled_page_gets_the_anchors_kept_or_reads_them_again(tmp_path: Path) -> None:
    config = MkDocsConfig()
    config.load_dict({"site_name": "Desk", "docs_dir": str(tmp_path)})
    assert config.validate() == ([], [])
    content = '<h2 id="timeline">Timeline</h2>\n<p id="s-1">One.</p>'
    for anchors, expected in ((["timeline", "s-1"], {"timeline", "s-1"}),
                              (None, {"timeline", "s-1"}), ("timeline", {"timeline", "s-1"}),
                              ([1, 2], {"timeline", "s-1"}), ([], set())):
        page = Page(None, File("briefings/x.md", str(tmp_path), str(tmp_path / "site"),
                                 use_directory_urls=True), config)
        recalled = {"meta": {}, "content": content, "toc": [], "title": None}
        if anchors is not None:
            recalled["anchors"] = anchors
        builds._recall(page, recalled, config, Files([]))
        assert page.present_anchor_ids == expected, anchors
        assert page.content == content


def test_collections_are_few_while_reading_and_nothing_stays_frozen_between_builds(
    tmp_path: Path,
) -> None:
    project = sample_project(tmp_path / "project", published=True, argos_packages_dir=ARGOS_DIR)
    before = gc.get_threshold()
    build(project)
    # The collector's settings are as they were; what the build read is frozen.
    assert gc.get_threshold() == before
    first = gc.get_freeze_count()
    assert first > 10_000
    # A second build in this process (`mkdocs serve`) first thaws what the last one
    # froze, which may be garbage now: the frozen objects do not pile up.
    build(project)
    assert gc.get_threshold() == before
    assert gc.get_freeze_count() < first * 1.5
    gc.unfreeze()


def test_a_written_language_lets_go_of_its_pages(tmp_path: Path) -> None:
    """The next languages are built from English's on_post_build, its build's objects alive:
    by then English's plan is gone and its generated files and pages hold no text."""
    project = sample_project(tmp_path / "project", published=True, argos_packages_dir=ARGOS_DIR)
    seen: list[tuple[str, list[str], list[File]]] = []
    held: dict[str, list[File]] = {}
    nested = builds.mkdocs_build
    keep_files = builds.add_pages

    def add_pages(files: Files, config: MkDocsConfig) -> Files:
        found = keep_files(files, config)
        build, lang = builds.current(config)
        held[lang] = list(build.made_files[lang])
        return found

    def language_build(config: MkDocsConfig) -> None:
        build, lang = builds.current(config)
        seen.append((lang, sorted(build.site._plans), held[build.site.source]))
        nested(config)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(builds, "add_pages", add_pages)
        patch.setattr(builds, "mkdocs_build", language_build)
        build(project)
    assert sorted(lang for lang, _, _ in seen) == sorted(LANGS)
    english = seen[0][2]
    assert any(file.page is not None for file in english)
    for _, plans, files in seen:
        assert plans == []  # English's (and each language's before) released
        assert all(file.content_bytes == b"" for file in files)
        assert all(file.page.markdown is None and file.page.content is None
                   for file in files if file.page is not None)
    assert (project / "site" / "ru" / "index.html").is_file()


def test_what_is_alive_when_a_worker_forks_is_frozen(tmp_path: Path) -> None:
    """Frozen, the objects alive at the fork (the catalogs, the translations, the
    plan) stay shared: the cycle collector writes to every object it visits."""
    project = sample_project(tmp_path / "project", published=True, argos_packages_dir=ARGOS_DIR)
    counts: list[tuple[int, int]] = []
    start = builds._start_workers

    def starting(build: builds.SiteBuild, english: MkDocsConfig, fresh: bool) -> None:
        before = gc.get_freeze_count()
        start(build, english, fresh)
        counts.append((before, gc.get_freeze_count()))

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFINGS_NO_TRANSLATE", "1")
        patch.setenv("BRIEFINGS_WORKERS", "2")
        patch.setattr(builds, "_start_workers", starting)
        mkdocs_build(load_config(config_file=str(project / "mkdocs.yml"), strict=True))
    gc.unfreeze()
    assert len(counts) == 1
    before, after = counts[0]
    assert after > before
    assert (project / "site" / "hy" / "index.html").is_file()


def test_pages_let_go_of_their_text_as_they_are_rendered_and_written(tmp_path: Path) -> None:
    """MkDocs renders every page of a language before it writes the first: each generated
    page's Markdown is let go once rendered, its HTML once written, so a language's
    build never holds every page's Markdown and HTML at once."""
    project = sample_project(tmp_path / "project", published=True, argos_packages_dir=ARGOS_DIR)
    first_written: dict[str, list[tuple[str, str, bytes, int]]] = {}
    at_the_end: dict[str, list[tuple[str | None, str, bytes]]] = {}
    plans: dict[str, list[object]] = {}
    context, finish, add_pages = builds.set_alternates, builds.finish, builds.add_pages

    def generated(config: MkDocsConfig) -> list[Page]:
        build, lang = builds.current(config)
        return [file.page for file in build.made_files[lang]
                if file.page is not None and file.src_uri in build.generated[lang]]

    def adding(files: Files, config: MkDocsConfig) -> Files:
        found = add_pages(files, config)
        build, lang = builds.current(config)
        plans[lang] = list(build.site.plan(lang).pages)
        return found

    def page_context(page: Page, config: MkDocsConfig) -> None:
        _, lang = builds.current(config)
        if lang not in first_written:  # every page is rendered, none written yet
            first_written[lang] = [(p.markdown, p.file.src_uri, p.file.content_bytes,
                                    len(p.content or "")) for p in generated(config)]
        context(page, config)

    def finishing(config: MkDocsConfig) -> None:
        build, lang = builds.current(config)
        at_the_end[lang] = [(p.content, p.markdown, p.file.content_bytes)
                            for p in generated(config)]
        # A rebuild's pages recalled: the cache holds their HTML no longer (a page
        # kept whole is read from the cache only as it is written: cached_content).
        held[lang] = [uri for uri in build.page_caches[lang].renderings]
        reused[lang] = len(build.reused.get(lang, {}))
        finish(config)

    held: dict[str, list[str]] = {}
    reused: dict[str, int] = {}
    for rebuild in (False, True):  # a fresh build, then a no-op one from the page cache
        first_written.clear()
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(builds, "set_alternates", page_context)
            patch.setattr(builds, "finish", finishing)
            patch.setattr(builds, "add_pages", adding)
            build(project)
        assert sorted(at_the_end) == sorted(("en", *LANGS))
        for lang, pages in first_written.items():
            assert len(pages) > 10, lang
            # A page kept whole has no HTML of its own until it is written.
            assert all(markdown == "" and data == b"" and (html or rebuild)
                       for markdown, _, data, html in pages)
        for lang, written in at_the_end.items():
            assert all(html is None and markdown == "" and data == b""
                       for html, markdown, data in written), lang
            assert held[lang] == [], lang
            assert (reused[lang] > 10) == rebuild, lang
        # The plan kept the pages (titles, descriptions) but handed their Markdown
        # over (a rebuild's pages kept unmade have none to hand over).
        for lang, pages in plans.items():
            assert pages, lang
            for page in pages if not rebuild else ():
                with pytest.raises(RuntimeError):
                    page.markdown  # noqa: B018
    # Titles in the navigation still come from the pages' own (now empty) Markdown.
    home = (project / "site" / "ru" / "index.html").read_text("utf-8")
    assert "<title>None" not in home and ">None<" not in home


def test_a_built_language_is_collected_before_the_next(tmp_path: Path) -> None:
    """A language's pages, files and navigation are in reference cycles: they are freed
    when its build returns, not when the cycle collector next comes round."""
    project = sample_project(tmp_path / "project", published=True, argos_packages_dir=ARGOS_DIR)
    pages: dict[str, list[weakref.ref[Page]]] = {}
    alive_at_next: list[tuple[str, int]] = []
    keep_nav, nested = builds.keep_nav, builds.mkdocs_build

    def kept_nav(nav: object, config: MkDocsConfig) -> None:
        _, lang = builds.current(config)
        pages[lang] = [weakref.ref(page) for page in nav.pages]  # type: ignore[attr-defined]
        keep_nav(nav, config)  # type: ignore[arg-type]

    def language_build(config: MkDocsConfig) -> None:
        for lang, refs in pages.items():
            if lang != "en":
                alive_at_next.append((lang, sum(ref() is not None for ref in refs)))
        nested(config)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(builds, "keep_nav", kept_nav)
        patch.setattr(builds, "mkdocs_build", language_build)
        build(project)
    assert sorted(lang for lang in pages if lang != "en") == sorted(LANGS)
    assert len(alive_at_next) == 3  # hy before az, hy and az before ru
    assert all(count == 0 for _, count in alive_at_next), alive_at_next


def test_the_language_worker_runs_while_the_english_pages_are_made(tmp_path: Path) -> None:
    """Forked as the English build's ``on_files`` begins: its core does not wait for them."""
    import multiprocessing

    from briefings.site.build import Site

    project = sample_project(tmp_path / "project", published=True, argos_packages_dir=ARGOS_DIR)
    planned: list[tuple[str, int]] = []
    plan = Site.plan

    def watched(self: Site, lang: str, kept: builds.Kept | None = None) -> object:
        if multiprocessing.parent_process() is None:  # this process, not the worker
            planned.append((lang, len(multiprocessing.active_children())))
        return plan(self, lang, kept)

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFINGS_NO_TRANSLATE", "1")
        patch.setenv("BRIEFINGS_WORKERS", "2")
        patch.setattr(Site, "plan", watched)
        mkdocs_build(load_config(config_file=str(project / "mkdocs.yml"), strict=True))
    # English's pages, then Russian's, are made here while the worker builds the others.
    assert planned[0] == ("en", 1)
    assert {lang for lang, _ in planned} == {"en", "ru"}
    assert (project / "site" / "hy" / "index.html").is_file()


def test_no_theme_template_is_compiled_twice_in_one_process(tmp_path: Path) -> None:
    """Every Jinja environment the theme makes shares compiled code, the ones
    Material's search plugin makes for itself at configuration included (each
    compiled the language partials again: ten times per process)."""
    project = sample_project(tmp_path / "project", published=True, argos_packages_dir=ARGOS_DIR)
    compiled: list[tuple[str | None, str | None]] = []
    compile_template = jinja2.Environment.compile

    def counting(self: jinja2.Environment, source: str, name: str | None = None,
                 filename: str | None = None, *args: object, **kwargs: object) -> object:
        compiled.append((name, filename))
        return compile_template(self, source, name, filename, *args, **kwargs)  # type: ignore[arg-type]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(jinja2.Environment, "compile", counting)
        build(project)
    assert ("partials/language.html" in {name for name, _ in compiled}
            or not compiled)  # (compiled by an earlier test's build in this process)
    twice = {found for found in compiled if compiled.count(found) > 1}
    assert not twice
    assert (project / "site" / "hy" / "index.html").is_file()


def test_work_every_process_would_repeat_is_done_before_the_fork(tmp_path: Path) -> None:
    """A fresh build compiles our page templates and works out every event's
    analysis before it forks the language worker, which then inherits them; a
    build that keeps every page does neither (it makes no page)."""
    from briefings.site import events as event_pages
    from briefings.site.templating import templates

    project = sample_project(tmp_path / "project", published=True, argos_packages_dir=ARGOS_DIR)
    seen: list[tuple[bool, int, int, int, set[str]]] = []
    start = builds._start_workers

    def starting(build: builds.SiteBuild, english: MkDocsConfig, fresh: bool) -> None:
        event_pages._ANALYSED.clear()
        ours = templates(build.site.template_overrides)
        ours._compiled.clear()
        start(build, english, fresh)
        site_events = build.site.events.events
        analysed = {key[0] for key in event_pages._ANALYSED}
        wanted = set(ours.environment.list_templates(extensions=["html"]))
        seen.append((fresh, len(site_events), sum(id(e) in analysed for e in site_events),
                     len(wanted), set(ours._compiled) & wanted))

    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BRIEFINGS_NO_TRANSLATE", "1")
        patch.setenv("BRIEFINGS_WORKERS", "2")
        patch.setattr(builds, "_start_workers", starting)
        for _ in range(2):
            mkdocs_build(load_config(config_file=str(project / "mkdocs.yml"), strict=True))
    gc.unfreeze()
    (fresh, events, analysed, wanted, compiled), (again, _, reanalysed, _, recompiled) = seen
    assert fresh and events >= 1 and analysed == events
    assert wanted > 20 and len(compiled) == wanted
    assert not again and reanalysed == 0 and not recompiled
