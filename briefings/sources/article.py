"""Source file to :class:`~briefings.model.Article`: the first stage of the pipeline."""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

from text_unidecode import unidecode

from briefings.errors import BriefingsError
from briefings.model import Article, SourceInfo
from briefings.sentences import split_sentences
from briefings.sources.blocks import Block, markdown_blocks, raw_text_blocks
from briefings.sources.decode import decode_source, normalise_text
from briefings.sources.frontmatter import FrontMatter, split_front_matter
from briefings.sources.furniture import remove_furniture
from briefings.sources.language import detect_language, is_english, stop_words
from briefings.sources.layout import page_layout, reads_like_a_lead
from briefings.sources.markup import plain_field, strip_markup
from briefings.sources.metadata import (
    Dateline,
    find_dateline,
    publication_line,
    split_credit,
)
from briefings.sources.outlets import known_outlet, outlet_from_lines
from briefings.sources.webpage import HTML_SUFFIXES, NoStoryError, read_web_page

MARKDOWN_SUFFIXES = (".md", ".markdown")
SOURCE_SUFFIXES = (".txt", ".text", *MARKDOWN_SUFFIXES, *HTML_SUFFIXES)
DEFAULT_MAX_BYTES = 1_000_000

# A headline is short and does not end like a sentence.
TITLE_MAX_CHARS = 160
DEK_MAX_CHARS = 280
GENERATED_TITLE_CHARS = 90
_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,78}[a-z0-9])?")
#: Slugs that would clash with the briefings folder's own index page, or name a
#: device instead of a file on Windows (as would com1-com9 and lpt1-lpt9).
RESERVED_SLUGS = frozenset({"index", "con", "prn", "aux", "nul"})
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
#: What the transliteration tables leave out or take letter by letter:
#: Azerbaijani's schwa, and Armenian's "ու" (one vowel, u) and "և" (ev).
_TRANSLITERATIONS = {"Ə": "E", "ə": "e", "ու": "u", "Ու": "U", "ՈՒ": "U", "և": "ev", "ւ": "v"}
_TRANSLITERATED = re.compile("|".join(sorted(map(re.escape, _TRANSLITERATIONS), key=len,
                                             reverse=True)))
_NOT_A_PERSON = re.compile(
    r"\b(?:staff|desk|newsroom|correspondents?|reporters|agencies|editors)\b",
                           re.IGNORECASE)
_BYLINE = re.compile(r"^(?:By|BY|by)\s+(?P<names>.+)$")


def read_article(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read and parse one article source file; raise :class:`BriefingsError` on bad input."""
    if _UNPRINTABLE.search(path.name):
        raise BriefingsError(
            shown_path(path), "the file name holds a control character or a line break; rename it"
        )
    try:
        # Non-blocking, so that opening a named pipe cannot hang the run.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as stream:
            info = os.fstat(stream.fileno())
            if not stat.S_ISREG(info.st_mode):
                raise BriefingsError(path, "not a regular file; give an article file")
            # Read one byte past the limit rather than trust the size: the file may grow.
            data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise BriefingsError(path, f"cannot read the file: {exc.strerror or exc}") from None
    if len(data) > max_bytes:
        size = max(info.st_size, len(data))
        raise BriefingsError(
            path,
            f"the file is {size:,} bytes, over the limit of {max_bytes:,}; "
            "split it or raise 'max_article_bytes' in mkdocs.yml",
        )
    return parse_article(decode_source(data, path), path)


def source_slug(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """The slug of the article in ``path``, reading no more than its front matter needs."""
    if not path.is_file():
        raise BriefingsError(path, "not a regular file")
    with path.open("rb") as stream:
        data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise BriefingsError(path, "over the size limit")
    front, _ = split_front_matter(normalise_text(decode_source(data, path)), path)
    return _slug(front.text("slug"), path)


def shown_path(path: Path | str) -> str:
    """``path`` for a message: control characters and line breaks shown as escapes."""
    return _UNPRINTABLE.sub(lambda m: repr(m.group())[1:-1], str(path))


def parse_article(text: str, path: Path) -> Article:
    """Parse the (decoded) text of a source file named ``path``."""
    text = normalise_text(text)
    removed: list[str] = []
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        # A page saved from a browser: its story and metadata, as front matter would give them.
        try:
            page = read_web_page(text)
        except NoStoryError:
            raise BriefingsError(
                path, "no article text found on the page; save the article text as .txt instead"
            ) from None
        front = FrontMatter(page.front_matter())
        blocks = page.blocks
        removed.extend(page.removed)
    elif suffix in MARKDOWN_SUFFIXES:
        front, body = split_front_matter(text, path)
        first_line = front.lines + 1
        # Markdown's own HTML handling drops tags (see markdown_blocks); text that
        # only decodes to markup (``&lt;script&gt;``) is stripped here.
        blocks = []
        for block in markdown_blocks(body, first_line):
            clean, markup = strip_markup(block.text)
            removed.extend(f"markup: {piece}" for piece in markup)
            if clean.strip():
                blocks.append(Block(" ".join(clean.split()), block.line, block.kind))
    else:
        front, body = split_front_matter(text, path)
        first_line = front.lines + 1
        body, markup = strip_markup(body)
        removed.extend(f"markup: {piece}" for piece in markup)
        blocks = raw_text_blocks(body, first_line)

    blocks = _collapse_repeats(blocks, removed)
    blocks, lone_place = _lift_lone_dateline(blocks, removed)
    # Publication lines first: some furniture rules would take them without their date.
    blocks, stated_date = _lift_publication_lines(blocks, removed)
    blocks, labelled_author = _lift_author_lines(blocks, removed)
    blocks, furniture = remove_furniture(blocks)
    removed.extend(furniture)

    stops = _stop_words_of(blocks, front)
    layout = page_layout(blocks, stops, find_headline=front.text("title") is None)
    lone_dateline = blocks[layout.dateline].text if layout.dateline is not None else None
    signed_author = None
    for i in layout.header:
        removed.append(f"page header: {blocks[i].text}")
    for i in layout.footer:
        removed.append(f"page footer: {blocks[i].text}")
    dropped = {*layout.header, *layout.footer}
    if layout.dateline is not None:
        dropped.add(layout.dateline)
    if layout.headline is not None:
        title = blocks[layout.headline].text
        signed = _SIGNED_TITLE.fullmatch(title)
        if signed:  # "Refugees begin hunger strike by Ani Sargsyan"
            title, signed_author = signed.group("title"), signed.group("names")
            removed.append(f"byline: by {signed.group('names')}")
        dek = front.text("dek") or (blocks[layout.dek].text if layout.dek is not None else None)
        dropped.update(i for i in (layout.headline, layout.dek) if i is not None)
        rest = [b for i, b in enumerate(blocks) if i not in dropped]
        # The lead tests are English; elsewhere a sentence under the headline is the lead.
        if (dek is None and len(rest) > 1 and rest[0].kind != "item" and _is_dek(rest[0].text)
                and stops == stop_words() and not reads_like_a_lead(rest[0].text)):
            dek = rest.pop(0).text
        blocks = rest
    else:
        blocks = [b for i, b in enumerate(blocks) if i not in dropped]
        title, dek, blocks = _title_and_dek(blocks, front)
    author = _field(front, "author", removed)
    blocks, byline_author = _lift_byline(blocks, removed)
    if byline_author and (_NOT_A_PERSON.search(byline_author) or known_outlet(byline_author)):
        byline_author = None  # "By Al Jazeera Staff": the outlet, found below
    author = author or byline_author or labelled_author or signed_author

    outlet = _field(front, "source", removed)
    published = front.values.get("published") or stated_date
    dateline = lone_dateline
    if lone_place is not None:
        dateline = dateline or lone_place.text
        published = published or lone_place.date
        agency = lone_place.agency
        outlet = outlet or (known_outlet(agency) or agency if agency else None)
        author = author or lone_place.author
    attribution = _field(front, "attribution", removed)
    credits: list[str] = [attribution] if attribution else []
    paragraphs: list[str] = []
    lines: list[int] = []
    for block in blocks:
        paragraph = block.text
        if not paragraphs and dateline is None:
            found = find_dateline(paragraph)
            if found:
                found_dateline, paragraph = found
                dateline = found_dateline.text
                published = published or found_dateline.date
                agency = found_dateline.agency
                outlet = outlet or (known_outlet(agency) or agency if agency else None)
                author = author or found_dateline.author
        paragraph, credit = split_credit(paragraph)
        if credit:
            credits.append(credit)
        if paragraph.strip():
            paragraphs.append(paragraph.strip())
            lines.append(block.line)

    if outlet is None:
        outlet = outlet_from_lines([entry.split(": ", 1)[-1] for entry in removed])
    if not paragraphs:
        raise BriefingsError(
            path, "no article text found after removing page furniture; check the file's content"
        )
    title_generated = False
    if title is not None:
        title = plain_field(title) or None
    lang, lang_source = front.text("lang"), "front matter"
    if lang is None:
        detected = detect_language(" ".join([title or "", *paragraphs]))
        lang, lang_source = (detected.code, "detected") if detected else ("en", "default")
    if title is None:
        lead = paragraphs[0]
        title = plain_field(_title_from_lead(lead, english=is_english(lang)))
        title_generated = True
    if not title:
        raise BriefingsError(path, "the article has no text a title could be made of")
    dek = plain_field(dek) or None if dek else None
    author = plain_field(author) or None if author else None

    url, url_problem = _safe_url(front.text("url"))
    if url_problem:
        removed.append(f"unsafe link: {url_problem}")
    return Article(
        path=path,
        slug=_slug(front.text("slug"), path),
        title=title,
        title_generated=title_generated,
        dek=dek,
        dateline=dateline,
        published=published,
        source=SourceInfo(name=outlet, url=url, author=author),
        attribution="; ".join(credits) or None,
        paragraphs=paragraphs,
        removed=removed,
        tags=[tag for tag in map(plain_field, front.values.get("tags") or []) if tag],
        lang=lang,
        lang_source=lang_source,
        paragraph_lines=lines,
        event=front.text("event"),
    )


# jusText's stop-word lists, by the codes our detector gives.
_STOP_LISTS = {"en": "English", "ru": "Russian", "az": "Azerbaijani", "hy": "Armenian",
               "tr": "Turkish", "uk": "Ukrainian", "fr": "French", "de": "German",
               "es": "Spanish", "ka": "Georgian", "fa": "Persian", "ar": "Arabic"}


def _stop_words_of(blocks: list[Block], front: FrontMatter) -> frozenset[str] | None:
    """The stop words of the text's language (English when it cannot be told)."""
    code = front.text("lang")
    if code is None:
        found = detect_language(" ".join(b.text for b in blocks[:200]))
        code = found.code if found else "en"
    name = _STOP_LISTS.get(code.split("-", 1)[0].lower())
    return stop_words(name) if name else None


_AUTHOR_LABEL = re.compile(
    r"(?:author|authors|written by|müəllif|автор|текст|հեղինակ)\s*:\s*"
    r"(?P<names>[^\W\d_][^:;|]{1,80})",
    re.IGNORECASE,
)
# A name alone on the last line signs the story: "Karine Simonian".
_SIGNATURE = re.compile(r"[A-ZƏÖÜÇŞĞİ][a-zəöüçşğı'’-]+(?: [A-ZƏÖÜÇŞĞİ][a-zəöüçşğı'’-]+){1,2}")
_NOT_A_NAME = re.compile(
    r"\b(?:News|Agency|Service|Media|Press|Radio|Online|Times|Post|Daily|Staff|Desk|"
    r"Ministry|Office|Council|Republic|Government|Reserved|Rights)\b"
)


_SIGNED_TITLE = re.compile(
    r"(?P<title>.{20,}?)\s+by\s+(?P<names>[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+){1,3})"
)
# A dateline on a line of its own, above the lead: "ANKARA", "BAKU, Azerbaijan".
_LONE_PLACE = re.compile(
    r"[A-Z][A-Z'’.-]{2,20}(?: [A-Z][A-Z'’.-]{2,20}){0,2}(?:,\s+[A-Z][\w .'-]{2,30})?"
)


def _lift_lone_dateline(
    blocks: list[Block], removed: list[str]
) -> tuple[list[Block], Dateline | None]:
    """A dateline alone on the line right above a paragraph of prose.

    A place in capitals ("ANKARA"), or a whole agency dateline ("Bakı, 20
    sentyabr, AZƏRTAC", "Bakı. Trend:").
    """
    for i, block in enumerate(blocks[:60]):
        following = blocks[i + 1].text if i + 1 < len(blocks) else ""
        if len(following.split()) < 8 or not re.search(r"[.!?։][\"'”’»)]*$", following):
            continue
        if _LONE_PLACE.fullmatch(block.text):
            removed.append(f"dateline: {block.text}")
            return blocks[:i] + blocks[i + 1 :], Dateline(block.text, None, None)
        found = find_dateline(block.text, whole=True) if block.kind != "item" else None
        if found and (found[0].agency or found[0].month_day or found[0].date):
            removed.append(f"dateline: {block.text}")
            return blocks[:i] + blocks[i + 1 :], found[0]
    return blocks, None


def _lift_author_lines(blocks: list[Block], removed: list[str]) -> tuple[list[Block], str | None]:
    """"Author: X" lines anywhere, and a signature on the last line: the author."""
    kept: list[Block] = []
    author: str | None = None
    for block in blocks:
        m = _AUTHOR_LABEL.fullmatch(block.text)
        if m:
            removed.append(f"byline: {block.text}")
            author = author or m.group("names").strip()
            continue
        kept.append(block)
    if (len(kept) > 2 and _SIGNATURE.fullmatch(kept[-1].text)
            and not _NOT_A_NAME.search(kept[-1].text) and not known_outlet(kept[-1].text)):
        removed.append(f"byline: {kept[-1].text}")
        author = author or kept.pop().text
    return kept, author


def _lift_publication_lines(
    blocks: list[Block], removed: list[str]
) -> tuple[list[Block], dt.date | None]:
    """Blocks without publication lines and timestamps, and the first date they state."""
    kept: list[Block] = []
    stated: dt.date | None = None
    for block in blocks:
        if block.kind != "item":
            is_line, date = publication_line(block.text)
            if is_line:
                removed.append(f"publication line: {block.text}")
                stated = stated or date
                continue
        kept.append(block)
    return kept, stated


def _field(front: FrontMatter, key: str, removed: list[str]) -> str | None:
    """A front matter text field as plain text; markup in it is reported as removed."""
    value = front.text(key)
    if value is None:
        return None
    plain = plain_field(value)
    if plain != " ".join(value.split()):
        removed.append(f"markup in front matter '{key}': {value[:60]}")
    return plain or None


def _collapse_repeats(blocks: list[Block], removed: list[str]) -> list[Block]:
    """Drop a block that repeats the one before it (scraped titles often come twice)."""
    kept: list[Block] = []
    for block in blocks:
        if kept and _same_words(kept[-1].text, block.text):
            removed.append(f"repeated line: {block.text}")
            continue
        kept.append(block)
    return kept


def _same_words(a: str, b: str) -> bool:
    def words(s: str) -> list[str]:
        return re.findall(r"\w+", s.casefold())

    return words(a) == words(b)


def _is_headline(text: str) -> bool:
    """Short, and not ending like a sentence (a closing quote after a word is fine)."""
    return (
        len(text) <= TITLE_MAX_CHARS
        and not re.search(r"[.!?…;,:]$", text.rstrip("\"'”’»)"))
        and not re.search(r"[.!?]$", text)
        and len(split_sentences(text)) == 1
    )


def _is_dek(text: str) -> bool:
    """One sentence short enough to stand under a headline, not the dateline lead."""
    return (
        len(text) <= DEK_MAX_CHARS
        and len(split_sentences(text)) == 1
        and find_dateline(text) is None
    )


def _title_and_dek(
    blocks: list[Block], front: FrontMatter
) -> tuple[str | None, str | None, list[Block]]:
    """Title and dek from front matter, else from the first lines of the text."""
    title, dek = front.text("title"), front.text("dek")
    rest = list(blocks)
    if title is None and rest and (rest[0].kind == "heading" or _is_headline(rest[0].text)):
        title = rest.pop(0).text
        # The dek is only recognised under a headline, followed by more text.
        if dek is None and len(rest) > 1 and rest[0].kind != "item" and _is_dek(rest[0].text):
            dek = rest.pop(0).text
    elif title is not None and rest and _same_words(rest[0].text, title):
        rest.pop(0)  # the body repeats the front matter's title
    return title, dek, rest


def _lift_byline(blocks: list[Block], removed: list[str]) -> tuple[list[Block], str | None]:
    """A "By ..." line among the first blocks names the author; it is furniture otherwise."""
    for i, block in enumerate(blocks[:3]):
        m = _BYLINE.match(block.text)
        if m and len(block.text) < 120 and not re.search(r"[.!?]$", block.text):
            removed.append(f"byline: {block.text}")
            return blocks[:i] + blocks[i + 1 :], m.group("names").strip()
    for entry in removed:
        if entry.startswith("byline: "):
            m = _BYLINE.match(entry.removeprefix("byline: "))
            if m:
                return blocks, m.group("names").strip()
    return blocks, None


def _title_from_lead(lead: str, *, english: bool = True) -> str:
    """A headline made from the lead's first sentence, for an editor to replace.

    In English, a leading phrase before the first comma ("In a newly released
    video message,") is dropped when what follows still reads as a sentence.
    Elsewhere the sentence is kept whole: in Russian or Azerbaijani the words
    before a comma are as often the subject's clause ("По словам министра, ...").
    """
    sentence = split_sentences(lead)[0] if split_sentences(lead) else lead
    sentence = sentence.rstrip(".!?…։ ")
    head, sep, tail = sentence.partition(", ")
    if english and sep and len(head.split()) <= 8 and len(tail.split()) >= 4:
        sentence = tail[0].upper() + tail[1:]
    # In another language no rule makes a shorter headline of it (the English
    # one is made in analysis): the whole sentence, unless it is far too long.
    longest = GENERATED_TITLE_CHARS if english else TITLE_MAX_CHARS
    if len(sentence) <= longest:
        return sentence
    cut = sentence[:longest].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def _safe_url(url: str | None) -> tuple[str | None, str | None]:
    """``(url, None)`` for an http(s) link; ``(None, url)`` for anything else."""
    if not url:
        return None, None
    parts = urlsplit(url.strip())
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip(), None
    return None, url


def slugify(text: str) -> str:
    """ASCII, lower case, words joined by hyphens: safe in URLs and file names.

    Letters outside ASCII are transliterated, not dropped (Unidecode's tables,
    from text-unidecode, the transliteration python-slugify uses), so Cyrillic
    and Armenian file names give slugs too:

    >>> slugify("Əliyev: Qarabağ")
    'eliyev-qarabag'
    >>> slugify("Алиев заявил")
    'aliev-zaiavil'
    """
    ascii_text = "".join(
        ch if ch.isascii()
        # The tables mark some letters with an apostrophe or a backtick (Armenian
        # "Փ" is "P`"), which would split a word in two.
        else unidecode(ch).replace("'", "").replace("`", "")
        for ch in _TRANSLITERATED.sub(lambda m: _TRANSLITERATIONS[m.group()],
                                      unicodedata.normalize("NFC", text))
    )
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    return "-".join(words)[:80].strip("-")


def _slug(given: str | None, path: Path) -> str:
    """The slug: a name for the article's files and URL that stays inside their folders."""
    if given is not None:
        if not _SLUG.fullmatch(given):
            raise BriefingsError(
                path,
                f"slug {given[:90]!r} may hold only a-z, 0-9 and '-' (up to 80 characters); "
                "fix 'slug' in the front matter",
            )
        slug = given
    else:
        slug = slugify(path.stem)
        if not slug:
            raise BriefingsError(
                path, "the file name gives no usable slug; rename it or set 'slug' in front matter"
            )
    if slug in RESERVED_SLUGS or re.fullmatch(r"(?:com|lpt)[0-9]", slug):
        raise BriefingsError(
            path,
            f"slug {slug!r} is reserved (a page of the site, or a device name on Windows); "
            "rename the file or set another 'slug' in front matter",
        )
    return slug
