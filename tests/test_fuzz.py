"""Fuzzing the parsers of untrusted files: nothing escapes but the project's own clear error.

Raw bytes, arbitrary text, and text shaped like what arrives (front matter with
YAML of every kind, Markdown, HTML, legacy encodings) go through
:func:`~briefings.sources.decode.decode_source` and
:func:`~briefings.sources.article.parse_article`; mangled PO files go through
:func:`~briefings.translation.pofile.read_catalog`. Each must either succeed
or raise :class:`~briefings.errors.BriefingsError` with a one-line message
naming the file.

Each test runs 200 examples by default; set ``BRIEFINGS_FUZZ_EXAMPLES`` for a
longer campaign.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import hypothesis.strategies as st
import pytest
from hypothesis import HealthCheck, example, given, settings

from briefings.errors import BriefingsError
from briefings.sources.article import parse_article
from briefings.sources.decode import decode_source
from briefings.sources.frontmatter import KNOWN_KEYS
from briefings.translation.catalogs import merge_catalog
from briefings.translation.pofile import read_catalog, serialise
from briefings.translation.units import Unit

# A longer campaign: BRIEFINGS_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py
FUZZ = settings(
    max_examples=int(os.environ.get("BRIEFINGS_FUZZ_EXAMPLES", "200")), deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
NAMES = [Path("content/a.txt"), Path("content/a.md")]


def parse_bytes(data: bytes, path: Path) -> None:
    """What collect() does with a file's bytes; only BriefingsError may come out."""
    try:
        article = parse_article(decode_source(data, path), path)
    except BriefingsError as error:
        message = str(error)
        assert message.startswith(str(path)), message
        assert "\n" not in message, message
        return
    assert article.paragraphs and article.title
    assert "\n" not in article.title
    # Nothing a browser could take for the start of a tag ends up in a page title.
    assert not re.search(r"<[A-Za-z/!?]", article.title), article.title


# -- article sources -----------------------------------------------------------------------

SNIPPETS = [
    "---\n", "---", "...\n", "title: ", "dek: ", "slug: ", "tags: [", "]", "published: ",
    "2023-09-20", "2023-13-45", "!!python/object/apply:os.system ['true']", "!!binary", "&a ",
    "*a", "? ", "{", "}", "[", "- ", ": ", "'", '"', "\\", "#", "\n", "\n\n", "\t", "\r\n",
    "\ufeff", "\u00a0", "\u200b", "\x00", "\x1b[31m", "<script>alert(1)</script>", "<img src=x ",
    "onerror=alert(1)>", "<!--", "-->", "&lt;script&gt;", "&amp;", "[link](javascript:x)",
    "![i](data:x)", "# Heading\n", "**BRUSSELS** — ", "By Anna Example\n", "(Reuters) - ",
    "Read more:", "Advertisement\n", "The minister said on Tuesday that talks would resume. ",
    "\"We will go on,\" he said. ", "Ереван, 20 сентября. ", "Bakı, 20 sentyabr. ", "Երևան։ ",
    *(f"{key}: value\n" for key in KNOWN_KEYS),
]
shaped_text = st.lists(st.sampled_from(SNIPPETS) | st.text(max_size=12), max_size=40).map("".join)
YAML_VALUES = [
    "2023-09-20", "2023-13-45", "2023-02-30", "!!int abc", "!!float x", "!!timestamp 2023-02-30",
    "!!binary '???'", "!!python/name:os.system", "!!python/object/new:os.system [true]",
    "!!set {a, b}", "!!omap [a: 1]", "!!str [1]", "!!merge x", "&a [x, y]", "*a", "*b",
    "{a: *a}", "[*a, *a, *a]", "'unterminated", '"\\x"', '"\\u12"', "1e999999", "~", "null",
    "yes", "0o17", "0x1F", ".inf", "-.nan", "[", "]", "{", "}", "- item", ">\n  folded",
    "|\n  literal", "'<script>alert(1)</script>'", "javascript:alert(1)", "../../etc",
    "[" * 300 + "]" * 300, "[" * 2000, "x" * 3000, "Ереван", "", " ", "\t", "#comment",
]
front_matter = st.builds(
    lambda lines, body: "---\n" + "".join(lines) + "---\n" + body,
    st.lists(
        st.builds(
            lambda key, sep, value: f"{key}{sep}{value}\n",
            st.sampled_from(KNOWN_KEYS) | st.sampled_from(["<<", "? [a]", "-", "x"]),
            st.sampled_from([": ", ":", " : ", ":\n  "]),
            st.sampled_from(YAML_VALUES) | st.text(max_size=10),
        ),
        max_size=6,
    ),
    shaped_text,
)


@FUZZ
@given(data=st.binary(max_size=2000), name=st.sampled_from(NAMES))
@example(data=b"\xff\xfe\x00", name=NAMES[0])  # a UTF-16 BOM and then an odd byte
@example(data=b"---\ntitle: " + b"[" * 5000 + b"\n---\nText.\n", name=NAMES[1])
def test_any_bytes(data: bytes, name: Path) -> None:
    parse_bytes(data, name)


@FUZZ
@given(text=st.text(max_size=2000), name=st.sampled_from(NAMES))
def test_any_text(text: str, name: Path) -> None:
    parse_bytes(text.encode("utf-8", "surrogatepass"), name)


@FUZZ
@given(
    text=shaped_text,
    name=st.sampled_from(NAMES),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1251", "cp1252", "koi8_r"]),
)
def test_text_shaped_like_sources(text: str, name: Path, encoding: str) -> None:
    parse_bytes(text.encode(encoding, "replace"), name)


@FUZZ
@given(text=front_matter, name=st.sampled_from(NAMES))
@example(text="---\npublished: 2023-13-45\n---\nText.\n", name=NAMES[1])
@example(text="---\ntitle: !!int abc\n---\nText.\n", name=NAMES[1])
@example(text="---\ntitle: \x80\n---\nText.\n", name=NAMES[1])  # YAML refuses C1 controls
def test_front_matter_of_any_text(text: str, name: Path) -> None:
    parse_bytes(text.encode("utf-8", "surrogatepass"), name)


@FUZZ
@given(
    front=st.dictionaries(
        st.sampled_from(KNOWN_KEYS) | st.text(max_size=5),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20)
            | st.dates(),
            lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3),
                                                                         inner, max_size=3),
            max_leaves=8,
        ),
        max_size=6,
    ),
    name=st.sampled_from(NAMES),
)
def test_front_matter_of_any_shape(front: dict[str, object], name: Path) -> None:
    import yaml

    text = "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\nThe minister spoke.\n"
    parse_bytes(text.encode(), name)


@pytest.mark.parametrize(
    "text",
    [
        "<script" * 150_000,
        "<a " * 300_000,
        "<!--" * 200_000,
        "[" * 200_000,
        "---\ntags: " + "[" * 100_000 + "\n---\nText.\n",
        "Word. " * 150_000,
    ],
    ids=["script", "tags", "comments", "brackets", "nested-yaml", "sentences"],
)
def test_pathological_input_is_handled_in_reasonable_time(text: str) -> None:
    started = time.perf_counter()
    parse_bytes(text.encode()[:1_000_000], Path("content/big.txt"))
    assert time.perf_counter() - started < 30


# -- PO files from contributors --------------------------------------------------------------


def _sound_po() -> str:
    units = [
        Unit("Talks resumed in Brussels on Monday.", None, ("paragraph 1",),
             (("content/a.txt", 3),)),
        Unit("The mood was calm.", None, ("paragraph 2",), (("content/a.txt", 5),)),
    ]
    catalog = merge_catalog(units, None, "ru", "a")
    for message in catalog:
        if message.id:
            message.string = "Перевод"
            message.flags.add("fuzzy")
            message.previous_id = ["Talks resumed in Brussels."]
    return serialise(catalog).decode()


SOUND_PO = _sound_po()
PO_SNIPPETS = ['msgid "', 'msgstr "', 'msgstr[0] "', "msgctxt ", "msgid_plural ", '"', "\\",
               "#~ ", "#| ", "#, fuzzy", "#. ", "#: ", "\n", "<<<<<<< HEAD\n", "=======\n", "\\n",
               "\\x", "\t", "\x00"]


@FUZZ
@given(
    cuts=st.lists(st.tuples(st.integers(0, len(SOUND_PO)), st.integers(0, 40)), max_size=4),
    inserts=st.lists(
        st.tuples(st.integers(0, len(SOUND_PO)),
                  st.sampled_from(PO_SNIPPETS) | st.text(max_size=8)),
        max_size=4,
    ),
)
def test_mangled_catalogs_are_refused_clearly(
    tmp_path_factory: pytest.TempPathFactory, cuts: list[tuple[int, int]],
    inserts: list[tuple[int, str]],
) -> None:
    text = SOUND_PO
    for at, length in cuts:
        text = text[:at] + text[at + length :]
    for at, snippet in inserts:
        text = text[:at] + snippet + text[at:]
    path = tmp_path_factory.mktemp("po") / "a.po"
    path.write_text(text, "utf-8", errors="surrogatepass")
    try:
        read_catalog(path, "ru")
    except BriefingsError as error:
        assert str(error).startswith(f"{path}:"), str(error)
        assert "\n" not in str(error)
