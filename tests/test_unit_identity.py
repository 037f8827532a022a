"""A translated page finds every catalog entry by the unit's identity, however units are cut.

The page and the catalogs agree because one module (briefings.translation.units)
decides what the units are; these tests change how it cuts the body and check
that the page follows, rather than showing English for sentences it cut its own way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from pathlib import Path

import pytest

from briefings.collection import collect
from briefings.model import Briefing
from briefings.project import load_project
from briefings.site.pages import PageLanguage, render_briefing
from briefings.site.translated import read_translation
from briefings.translation import units as units_module
from briefings.translation.catalogs import merge_catalog
from briefings.translation.pofile import write_catalog
from briefings.translation.units import body_sentences, catalog_units, msgid_for

ARTICLE = """\
---
title: Talks resume in Brussels
dek: The delegations meet again, after a year without a meeting.
---
The ministers met in Brussels on Tuesday, and the talks lasted four hours. Both sides \
called them useful.

"We are closer than a year ago," the foreign minister said. Observers were cautious, \
citing earlier rounds that ended without a text.

A new round is planned for October. The venue, officials said, is not yet agreed.
"""


def _by_commas(text: str, lang: str = "en") -> list[str]:
    """A cut no page ever made by itself: at every comma and full stop."""
    return [piece.strip() for piece in re.split(r"[,.]", text) if piece.strip()]


def _whole(text: str, lang: str = "en") -> list[str]:
    """Another: each paragraph one unit."""
    return [text.strip()] if text.strip() else []


def _project(tmp_path: Path) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "talks.md").write_text(ARTICLE, "utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Test\nextra:\n  briefings:\n    languages: [ru]\n", "utf-8"
    )
    return tmp_path


def _translated(english: str) -> str:
    return f"(ru) {english}"


def _reviewed_catalog(tmp_path: Path) -> tuple[Briefing, list[str]]:
    """The briefing, its catalog written with a reviewed translation of every unit."""
    project = load_project(_project(tmp_path))
    [briefing] = collect(project).briefings
    units = catalog_units(briefing)
    catalog = merge_catalog(units, None, "ru", briefing.slug)
    for message in catalog:
        if message.id:
            message.string = _translated(message.id)
            message.flags.discard("fuzzy")
    path = project.catalog_path("ru", briefing.slug)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_catalog(catalog, path)
    return briefing, [unit.msgid for unit in units]


def _ru_page(tmp_path: Path, briefing: Briefing) -> str:
    project = load_project(tmp_path)
    translation = read_translation(project, "ru", briefing)
    assert translation.problem is None
    return render_briefing(
        briefing, PageLanguage.of("ru").reading(translation.text, translation.drafted)
    )


@pytest.mark.parametrize("cut", [_by_commas, _whole], ids=["at-commas", "whole-paragraphs"])
def test_the_page_shows_every_units_translation_however_units_are_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, cut: Callable[[str, str], list[str]]
) -> None:
    monkeypatch.setattr(units_module, "split_sentences", cut)
    briefing, msgids = _reviewed_catalog(tmp_path)
    body = {msgid_for(s) for paragraph in body_sentences(briefing.article) for s in paragraph}
    assert body <= set(msgids) and len(body) >= 3  # the cut took effect on the units

    page = _ru_page(tmp_path, briefing)
    missing = [m for m in msgids if escape(_translated(m), quote=False) not in page]
    assert not missing, f"units shown in English on the translated page: {missing}"
    body_html = page.split('<div class="article-text">', 1)[1].split("</div>", 1)[0]
    assert body_html.count("<span>(ru) ") == len(
        [s for paragraph in body_sentences(briefing.article) for s in paragraph])
    assert 'lang="en"' not in body_html


def test_every_piece_a_page_looks_up_is_a_unit(tmp_path: Path) -> None:
    """Nothing on a briefing page is looked up that its catalog has no entry for."""
    project = load_project(_project(tmp_path))
    [briefing] = collect(project).briefings
    msgids = {unit.msgid for unit in catalog_units(briefing)}
    asked: list[str] = []

    def text(english: str) -> tuple[str, str]:
        asked.append(english)
        return _translated(english), "ru"

    render_briefing(briefing, PageLanguage.of("ru").reading(text))
    assert asked and not [a for a in asked if msgid_for(a) not in msgids]
