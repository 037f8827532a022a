"""``briefings import``: a web page (saved file or address) to ``content/<slug>.md``.

The page's story and metadata are found by :mod:`briefings.sources.webpage`; what
is written is an ordinary Markdown source with front matter, for an editor to
check before it is published. Nothing is written unless the result parses as an
article, and an existing file is never replaced without ``--force``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import stat
import tempfile
from pathlib import Path

import yaml

from briefings.errors import BriefingsError
from briefings.project import find_project, load_project
from briefings.sources.article import RESERVED_SLUGS, parse_article, slugify
from briefings.sources.blocks import Block
from briefings.sources.decode import decode_source
from briefings.sources.fetch import MAX_PAGE_BYTES, fetch_page, is_web_address
from briefings.sources.language import detect_language
from briefings.sources.webpage import NoStoryError, WebPage, read_web_page

_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?")
# A line that Markdown would read as a heading, a list item, a quote, a rule or code.
_MARKDOWN_START = re.compile(r"^(?:#|>|[-*+](?:\s|$)|\d{1,9}[.)](?:\s|$)|={3,}|-{3,}|`{3,}|~{3,})")


def cmd_import(args: argparse.Namespace) -> int:
    """Import one page; print where it was written and what to check."""
    source = args.source
    if is_web_address(source):
        html, address = fetch_page(source)
    else:
        html, address = _read_page_file(Path(source)), None
    try:
        page = read_web_page(html, address)
    except NoStoryError as exc:
        raise BriefingsError(source, f"{exc}; save the article text as a .txt file instead") \
            from None
    root = find_project(Path(args.project) if args.project else None)
    project = load_project(root)
    slug = args.slug or _slug_for(page, address or Path(source).stem)
    if not _SLUG.fullmatch(slug) or slug in RESERVED_SLUGS:
        raise BriefingsError(source, f"cannot make a usable slug ({slug!r}); give one with --slug")
    content = project.content_path
    target = content / f"{slug}.md"
    if (target.exists() or target.is_symlink()) and not args.force:
        raise BriefingsError(
            project.relative(target),
            "already exists; give another --slug, or --force to replace it",
        )
    text = render_markdown(page, address or None)
    # What we write must read back as an article, or it is not written at all.
    parse_article(text, target)
    content.mkdir(parents=True, exist_ok=True)
    if content.is_symlink() or not content.resolve().is_relative_to(project.root.resolve()):
        raise BriefingsError(project.relative(content), "leaves the project; not written")
    _write_atomically(target, text)
    print(f"{project.relative(target)}: imported {len(page.blocks)} blocks from {source}; "
          "check the title, dek, author, date and text before publishing")
    return 0


def render_markdown(page: WebPage, address: str | None) -> str:
    """The page as a Markdown source: front matter for the editor, then the story."""
    values = page.front_matter()
    body_text = " ".join(block.text for block in page.blocks)
    lang = detect_language(body_text)
    if lang and lang.code != "en":
        values["lang"] = lang.code
    if address and "url" not in values:
        values["url"] = address
    front = yaml.safe_dump(values, allow_unicode=True, sort_keys=False, width=10_000)
    note = (
        f"# Imported by briefings on {dt.date.today().isoformat()}"
        + (f" from {_one_line(address)}" if address else "")
        + ": check every field and the text before publishing."
    )
    lines = ["---", note, front.rstrip("\n"), "---", ""]
    for block in page.blocks:
        lines += [_markdown_block(block), ""]
    return "\n".join(lines)


def _markdown_block(block: Block) -> str:
    text = _escape(block.text)
    if block.kind == "heading":
        return f"## {text}"
    if block.kind == "item":
        return f"- {text}"
    if _MARKDOWN_START.match(text):
        text = "\\" + text
    return text


def _escape(text: str) -> str:
    # "<" and "&" as references: the text is text, never markup, once Markdown reads it.
    return text.replace("&", "&amp;").replace("<", "&lt;")


def _slug_for(page: WebPage, fallback: str) -> str:
    """From the headline; else from the address's last path segment or the file name."""
    if page.title:
        slug = slugify(page.title)
        if slug:
            return slug[:80].rstrip("-")
    name = fallback.rstrip("/").rsplit("/", 1)[-1]
    name = re.sub(r"\.html?$", "", name, flags=re.I)
    return slugify(name)


def _read_page_file(path: Path) -> str:
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                raise BriefingsError(path, "not a regular file; give a saved .html page")
            data = stream.read(MAX_PAGE_BYTES + 1)
    except OSError as exc:
        raise BriefingsError(path, f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > MAX_PAGE_BYTES:
        raise BriefingsError(path, f"the page is over {MAX_PAGE_BYTES:,} bytes")
    return decode_source(data, path)


def _write_atomically(target: Path, text: str) -> None:
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.",
                                         suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _one_line(text: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]", "", text)[:300]
