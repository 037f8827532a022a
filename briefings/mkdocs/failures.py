"""A page of the site's own docs/ that MkDocs cannot render is named in one line and left out.

MkDocs reads each Markdown page of ``docs_dir`` and renders it with Python-Markdown, and
stops the whole build, with a traceback, at the first page that raises: 500 list markers
on one line are a RecursionError deep inside Python-Markdown's list parser, a file that
is not UTF-8 a UnicodeDecodeError. A bad article is named and left out while the rest of
the site is built (``briefing_pages`` in :mod:`briefings.site.build`); a docs/
page gets the same: :func:`guard_page` catches what its reading or rendering raises, the
page is named in one warning (so ``--strict`` fails, naming it, and keeps the previous
site), :func:`forget_failed` takes it out of the navigation, and :func:`leave_out` keeps
its file out of the site (and the search index never lists it).
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from briefings.collection import unexpected
from briefings.errors import BriefingsError

log = logging.getLogger("mkdocs.plugins.briefings")

#: Set on a page whose rendering failed: its output is not written.
_FAILED = "_briefings_render_failed"
#: MkDocs' line for a page whose output is empty (mkdocs.commands.build._build_page).
_SKIPPED = re.compile(r"Page skipped: '(.*)'\. Generated empty output\.$")


def guard_page(page: Page, config: MkDocsConfig) -> Page:
    """``on_pre_page``: a docs/ page MkDocs cannot read or render becomes its one-line problem.

    Reading fails on a file that is not UTF-8; rendering, on Markdown that
    Python-Markdown (or an extension) raises on. Our generated pages are left
    as they are: their own failures are their article's (see
    :mod:`briefings.site.build`).
    """
    if page.file.generated_by is not None:
        return page
    read, render = page.read_source, page.render

    def guarded_read(config: MkDocsConfig) -> None:
        try:
            with _quiet(logging.getLogger("mkdocs.structure.pages"), _READ_ERRORS):
                read(config)
        except Exception as exc:
            page.markdown, page.meta = "", {}
            _failed(page, config, exc, "read")

    def guarded_render(config: MkDocsConfig, files: Files) -> None:
        if getattr(page, _FAILED, False):
            return
        try:
            render(config, files)
        except Exception as exc:  # RecursionError included: the stack is unwound by now
            _failed(page, config, exc, "render")

    # This page object only, as briefings.mkdocs.builds.prepare_page does.
    page.read_source = guarded_read  # type: ignore[method-assign]
    page.render = guarded_render  # type: ignore[method-assign]
    return page


def forget_failed(nav: Navigation | None) -> None:
    """``on_env``: no navigation entry, previous or next link leads to a page left out.

    Every page is rendered by then, and none is written yet.
    """
    if nav is None or not any(getattr(p, _FAILED, False) for p in nav.pages):
        return

    def kept(items: list[Any]) -> list[Any]:
        shown = []
        for item in items:
            if getattr(item, _FAILED, False):
                continue
            if getattr(item, "is_section", False):
                item.children = kept(item.children)
            shown.append(item)
        return shown

    nav.items = kept(nav.items)
    nav.pages = [p for p in nav.pages if not getattr(p, _FAILED, False)]
    for at, page in enumerate(nav.pages):  # as MkDocs links them, over the pages left
        page.previous_page = nav.pages[at - 1] if at else None
        page.next_page = nav.pages[at + 1] if at + 1 < len(nav.pages) else None


def leave_out(output: str, page: Page) -> str:
    """``on_post_page``: nothing for a page that could not be rendered (MkDocs writes no file)."""
    return "" if getattr(page, _FAILED, False) else output


#: MkDocs' own lines before it raises on a page it cannot read (Page.read_source):
#: ours, naming the file as in the project, replaces them.
_READ_ERRORS = ("Encoding error reading file: ", "File not found: ")


class _DropFilter(logging.Filter):
    def __init__(self, starts: tuple[str, ...]) -> None:
        super().__init__()
        self.starts = starts

    def filter(self, record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith(self.starts)


@contextlib.contextmanager
def _quiet(logger: logging.Logger, starts: tuple[str, ...]) -> Iterator[None]:
    """``logger`` without the lines that start with ``starts``, for the ``with`` block."""
    dropped = _DropFilter(starts)
    logger.addFilter(dropped)
    try:
        yield
    finally:
        logger.removeFilter(dropped)


class _SkippedFilter(logging.Filter):
    """Drops MkDocs' "Page skipped … Generated empty output" for a page we left out.

    Our warning has named the page and said why; MkDocs' line would only say it
    again, less clearly.
    """

    def __init__(self) -> None:
        super().__init__()
        self.left_out: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        skipped = _SKIPPED.match(record.getMessage())
        return not (skipped and skipped.group(1) in self.left_out)


def _skipped_filter() -> _SkippedFilter:
    build_log = logging.getLogger("mkdocs.commands.build")
    found = next((f for f in build_log.filters if isinstance(f, _SkippedFilter)), None)
    if found is None:
        found = _SkippedFilter()
        build_log.addFilter(found)
    return found


def _failed(page: Page, config: MkDocsConfig, exc: Exception, stage: str) -> None:
    log.warning("briefings: %s (not published)", page_problem(page, config, exc, stage))
    setattr(page, _FAILED, True)
    _skipped_filter().left_out.add(page.file.src_uri)
    # What MkDocs, the theme and the search plugin read next, as for an empty page.
    page.content = ""
    page.toc = get_toc([])
    page.present_anchor_ids = set()
    page.links_to_anchors = None
    page.meta = {**page.meta, "search": {"exclude": True}}


def page_problem(page: Page, config: MkDocsConfig, exc: BaseException, stage: str = "render"
                 ) -> BriefingsError:
    """What went wrong reading or rendering ``page`` (``stage``), naming its file as in
    the project (``docs/x.md``)."""
    if stage == "read":
        problem = ("is not UTF-8 text; save it as UTF-8" if isinstance(exc, UnicodeDecodeError)
                   else f"could not be read ({unexpected(exc)})")
    elif isinstance(exc, RecursionError):
        problem = ("its Markdown is nested too deeply to be rendered; "
                   "flatten its nested quotes or lists")
    else:
        problem = f"could not be rendered ({unexpected(exc)}); fix its Markdown or remove it"
    return BriefingsError(_shown(page, config), problem)


def _shown(page: Page, config: MkDocsConfig) -> str:
    """The page's file relative to the folder of mkdocs.yml, never a machine's absolute path."""
    source = page.file.abs_src_path
    if source is None or not config.config_file_path:
        return f"{Path(config.docs_dir).name}/{page.file.src_uri}"
    return Path(os.path.relpath(source, Path(config.config_file_path).parent)).as_posix()
