"""Sources not in English, through a real project: ``briefings new``, ``mkdocs build
--strict``, ``briefings translate``, ``status`` and ``inspect``.

Such a source is published as it is: its text (and the title, dek and dateline
taken from it) marked with its own language on every page, no analysis sections,
a note saying why, and no catalog in any language until translating such sources
exists (issue 12).
"""

# ruff: noqa: E501 (the sources are pastes: one paragraph a line)
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

# Written for this test: a new footbridge in Ganja (Azerbaijani) and a river
# station in Kazan (Russian, in TASS's Russian dateline style).
AZERBAIJANI = """Gəncədə Kür çayı üzərində yeni piyada körpüsü açıldı

Gəncə şəhərində Kür çayı üzərində salınmış yeni piyada körpüsü cümə günü sakinlərin istifadəsinə verilib.

Şəhər icra hakimiyyətinin məlumatına görə, körpünün uzunluğu 240 metrdir və onun tikintisi iki il çəkib.

"Körpü iki yaşayış massivini birləşdirir və məktəbə gedən yolu xeyli qısaldır", - deyə layihənin rəhbəri bildirib.

Növbəti mərhələdə sahil boyunca velosiped yolunun çəkilməsi nəzərdə tutulur.
"""
RUSSIAN = """В Казани после реконструкции открылся речной вокзал

КАЗАНЬ, 14 мая. /ТАСС/. Речной вокзал Казани принял первых пассажиров после трехлетней реконструкции, сообщили в мэрии города.

По словам представителя администрации, обновленное здание сможет принимать до двух тысяч человек в день.

"Мы рассчитываем, что навигация в этом году начнется раньше обычного", - сказал он журналистам.

Первый теплоход отправится в Свияжск в субботу утром.
"""
SOURCES = {"gence-korpu": ("az", AZERBAIJANI), "kazan-vokzal": ("ru", RUSSIAN)}
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def briefings(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "briefings.cli", *args], cwd=project,
                          capture_output=True, text=True, timeout=300,
                          env={**ENV, "ARGOS_PACKAGES_DIR": str(project / "no-models")})


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("foreign") / "site-repo"
    made = subprocess.run([sys.executable, "-m", "briefings.cli", "new", str(root)],
                          capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    for slug, (_code, text) in SOURCES.items():
        (root / "content" / f"{slug}.txt").write_text(text, "utf-8")
    translated = briefings(root, "translate")
    assert translated.returncode == 0, translated.stderr
    (root / "translate.out").write_text(translated.stdout, "utf-8")
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root,
                           env={**ENV, "BRIEFINGS_NO_TRANSLATE": "1"},
                           capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    return root


def page(project: Path, lang: str, slug: str) -> str:
    folder = project / "site" / ("" if lang == "en" else lang) / "briefings" / slug
    return (folder / "index.html").read_text("utf-8")


def article_text(html: str) -> str:
    return html.split('id="article-text"', 1)[1].split('id="attribution"', 1)[0]


@pytest.mark.parametrize("slug", SOURCES)
def test_the_english_page_marks_the_source_in_its_own_language(project: Path, slug: str):
    code = SOURCES[slug][0]
    html = page(project, "en", slug)
    assert '<html lang="en"' in html
    assert re.search(rf'<h1[^>]*lang="{code}"', html), "the title is the source's own"
    text = article_text(html)
    assert f'lang="{code}"' in text and 'lang="en"' not in text
    # Nothing made by the English rules, and a note saying why.
    for anchor in ("key-points", "who-said-what", "timeline", "entities"):
        assert f'id="{anchor}"' not in html
    assert "so it has not been analysed or translated" in html
    if code == "ru":  # the dateline is the source's own words too, and left the body
        assert '<span class="dateline" lang="ru">КАЗАНЬ, 14 мая. /ТАСС/</span>' in html
        assert "/ТАСС/" not in text


@pytest.mark.parametrize("lang", ["hy", "az", "ru"])
@pytest.mark.parametrize("slug", SOURCES)
def test_translated_sites_show_the_source_as_it_is(project: Path, slug: str, lang: str):
    code = SOURCES[slug][0]
    html = page(project, lang, slug)
    assert f'<html lang="{lang}"' in html
    text = article_text(html)
    # Marked with its language, never as English; unmarked where it is the page's own.
    assert 'lang="en"' not in text
    assert (f'lang="{code}"' in text) == (code != lang)
    # No catalog, so no translation banner or "correct this translation" link.
    assert 'class="translation-status"' not in html
    assert f"translations/{lang}/{slug}.po" not in html
    assert 'class="source-language"' in html


@pytest.mark.parametrize("lang", ["en", "hy"])
def test_listings_mark_the_titles_and_the_status_page_leaves_them_out(project: Path, lang: str):
    folder = project / "site" / ("" if lang == "en" else lang)
    home = (folder / "index.html").read_text("utf-8")
    status = (folder / "status" / "index.html").read_text("utf-8")
    for slug, (code, _text) in SOURCES.items():
        item = re.search(rf'<li class="briefing-item"><a href="briefings/{slug}/" '
                         rf'lang="{code}">.*?</li>', home)
        assert item, slug
        assert "status-badge" not in item.group()  # no catalog, so no "not translated yet"
        assert f"{slug}/" not in status
    assert "riverside-bridge-reopens/" in status


def test_no_catalog_is_made_for_them(project: Path):
    for lang in ("hy", "az", "ru"):
        made = {p.stem for p in (project / "translations" / lang).glob("*.po")}
        assert "riverside-bridge-reopens" in made  # the English sample is translated
        assert not made & set(SOURCES), made
    assert not (project / "translations" / "templates" / "gence-korpu.pot").exists()
    out = (project / "translate.out").read_text("utf-8")
    assert "gence-korpu: not translated: the source is in Azerbaijani (az)" in out
    assert "kazan-vokzal: not translated: the source is in Russian (ru)" in out


def test_status_and_inspect_say_why(project: Path):
    status = briefings(project, "status", "--json")
    assert status.returncode == 0, status.stderr
    rows = [r for r in json.loads(status.stdout) if r["article"] in SOURCES]
    assert len(rows) == 2 * 3
    assert all(r["total"] == 0 and r["catalog"] is None for r in rows)
    assert {r["note"] for r in rows if r["article"] == "kazan-vokzal"} == {
        "not translated: the source is in Russian (ru); translating such sources comes later"}
    table = briefings(project, "status")
    assert table.stdout.count("gence-korpu: not translated") == 1
    shown = briefings(project, "inspect", "content/gence-korpu.txt")
    assert "not translated: the source is in Azerbaijani (az)" in shown.stdout
    data = json.loads(briefings(project, "inspect", "content/kazan-vokzal.txt",
                                "--json").stdout)
    assert data["language"]["translated"] is False and data["statements"] == []
