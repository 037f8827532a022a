"""The languages come from the configuration: a fourth one, Georgian, end to end, and bad ones.

The sample project is copied with ``languages: [hy, az, ru, ka]``, a tiny real
Argos model for en→ka and a project glossary giving Aliyev's Georgian form,
then built for real with ``mkdocs build --strict``. Nothing in the code names
Georgian: what it gets (its site, interface, dates, catalogs, status, search,
switcher, hreflang) comes from the setting, Babel and Material.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import tinymodels
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from projects import ARGOS_DIR, sample_project
from sitebuild import DATED, UNDATED, Built, build

from briefings.cli import main
from briefings.translation.models import install_archive

NODE = shutil.which("node")
MSGFMT = shutil.which("msgfmt") or "/usr/bin/msgfmt"
SAMPLE_LANGUAGES = "    languages: [hy, az, ru]\n"
ALIYEV_KA = "ილჰამ ალიევი"


def with_languages(project: Path, languages: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert SAMPLE_LANGUAGES in text, "mkdocs.yml no longer sets languages as the tests expect"
    config.write_text(text.replace(SAMPLE_LANGUAGES, f"    languages: {languages}\n"), "utf-8")


@pytest.fixture(scope="module")
def georgian(tmp_path_factory: pytest.TempPathFactory) -> Built:
    project = sample_project(tmp_path_factory.mktemp("georgian"), published=True,
                             argos_packages_dir=ARGOS_DIR)
    with_languages(project, "[hy, az, ru, ka]")
    # A project glossary entry redefines Aliyev with a Georgian form as well.
    (project / "glossary.yaml").write_text(
        "- name: Ilham Aliyev\n  type: person\n  affiliation: Azerbaijan\n"
        "  aliases: [Azerbaijani President Ilham Aliyev, President Ilham Aliyev, Aliyev]\n"
        f"  ru: Ильхам Алиев\n  ka: {ALIYEV_KA}\n", "utf-8")
    models = tmp_path_factory.mktemp("ka-model")
    install_archive(tinymodels.build_argos_package(models, "en", "ka", "0.0.1"),
                    project / "argos-packages")
    built = Built(project, project / "site")
    build(built)
    return built


def test_georgian_has_its_own_site_in_its_language(georgian: Built) -> None:
    for url in ("", f"briefings/{DATED}/", f"briefings/{UNDATED}/", "status/", "tags/",
                f"events/{DATED}/"):
        page = georgian.html("ka", url)
        assert '<html lang="ka"' in page, url
    assert (georgian.site / "ka" / "404.html").is_file()
    page = georgian.html("ka", f"briefings/{DATED}/")
    assert 'id="timeline">ქრონოლოგია' in page  # our interface text (a machine draft)
    assert 'placeholder="ძებნა"' in page  # Material's own, for the theme's language ka
    assert ALIYEV_KA in page  # the project glossary's Georgian form


def test_georgian_dates_are_written_the_way_babel_writes_them(georgian: Built) -> None:
    page = georgian.html("ka", f"briefings/{DATED}/")
    expected = format_date(dt.date(2023, 9, 20), format="long", locale="ka")
    assert "სექტემბერი" in expected
    assert f'<time datetime="2023-09-20">{expected}</time>' in page


def test_georgian_catalogs_have_babels_plural_forms(georgian: Built) -> None:
    catalogs = sorted((georgian.project / "translations" / "ka").glob("*.po"))
    assert [path.stem for path in catalogs] == sorted([DATED, UNDATED])
    plural = Catalog(locale="ka").plural_forms  # CLDR's rule, as Babel writes it
    assert plural == "nplurals=2; plural=(n != 1);"
    for path in catalogs:
        with path.open("rb") as stream:
            catalog = read_po(stream)
        assert (str(catalog.locale), catalog.plural_forms) == ("ka", plural)
        result = subprocess.run([MSGFMT, "-c", "-o", "/dev/null", str(path)],
                                capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    # The tiny en→ka model drafted every unit: drafts, marked fuzzy, in every catalog.
    assert all("#, fuzzy" in path.read_text("utf-8") for path in catalogs)


def test_status_page_and_command_list_georgian(
    georgian: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    status = georgian.html("en", "status/")
    assert "translations/ka/" in status and 'lang="ka"' in status
    assert main(["status", "--json", "--project", str(georgian.project)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert [row["lang"] for row in rows][::2] == ["hy", "az", "ru", "ka"]
    ka = [row for row in rows if row["lang"] == "ka"]
    assert len(ka) == 2 and all(row["machine_draft"] > 0 for row in ka)


def test_switcher_and_hreflang_include_georgian(georgian: Built) -> None:
    english = georgian.html("en", f"briefings/{DATED}/")
    assert re.search(r'<link rel="alternate" href="[^"]*/ka/briefings/' + DATED
                     + r'/" hreflang="ka"', english)
    switch = re.search(r'<a href="([^"]+)" hreflang="ka" lang="ka" class="md-select__link"[^>]*>'
                       r'\s*([^<]+?)\s*</a>', english)
    assert switch is not None
    assert switch.group(1).endswith(f"ka/briefings/{DATED}/")
    assert switch.group(2) == "ქართული"  # its own name, not capitalised into Mtavruli
    georgian_page = georgian.html("ka", f"briefings/{DATED}/")
    for lang in ("en", "hy", "az", "ru", "ka"):
        assert f'hreflang="{lang}"' in georgian_page, lang


def test_georgian_search_falls_back_to_materials_own_settings(georgian: Built) -> None:
    """Material has no lunr module for Georgian: its ka settings are English lunr with an
    empty pipeline (no stemmer, no stop words, no trimmer: lunr's trimmer would strip
    every Georgian letter, being ASCII-only), so Georgian words are kept whole."""
    index = json.loads((georgian.site / "ka" / "search" / "search_index.json").read_text())
    assert index["config"]["lang"] == ["en"]
    assert "trimmer" not in index["config"]["pipeline"]
    assert "ქრონოლოგია" in {doc["title"] for doc in index["docs"]}


@pytest.mark.skipif(NODE is None, reason="needs Node.js to run Material's search worker")
def test_a_georgian_search_finds_georgian_pages(georgian: Built) -> None:
    from test_site_i18n import material_search

    with_event = {f"briefings/{DATED}/", f"briefings/{UNDATED}/", f"events/{DATED}/"}
    assert set(material_search(georgian.site / "ka", "ქრონოლოგია")) == with_event
    assert set(material_search(georgian.site / "ka", "ქრონოლ")) == with_event  # a prefix too


# -- languages the site cannot have: one line naming the setting, through a real build -----------


def mkdocs_build(project: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")],
        capture_output=True, text=True, timeout=300,
        env={"BRIEFINGS_NO_TRANSLATE": "1", "NO_MKDOCS_2_WARNING": "1", "PATH": "/usr/bin:/bin"},
    )


@pytest.mark.parametrize(("languages", "problem"), [
    ("[xx]", "extra.briefings.languages: xx is not a language Babel (CLDR) knows; use a code "
             "such as ka, tr or pt-BR"),
    ("[ru, '../x']", "extra.briefings.languages: '../x' is not a language code"),
    ("ru", "extra.briefings.languages: must be a list of language codes such as [hy, az, ru]"),
    # Babel knows Kazakh, Material's theme has no language for it.
    ("[ru, kk]", "extra.briefings.languages: the material theme has no language kk (no "
                 "partials/languages/kk.html); remove kk from languages, or add that template "
                 "to theme.custom_dir"),
])
def test_a_language_the_site_cannot_have_fails_the_build_in_one_line(
    tmp_path: Path, languages: str, problem: str
) -> None:
    project = sample_project(tmp_path, published=True, argos_packages_dir=ARGOS_DIR)
    with_languages(project, languages)
    result = mkdocs_build(project)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1, result.stderr
    assert problem in errors[0]
    assert "Traceback" not in result.stderr and "TemplateNotFound" not in result.stderr
    assert not (project / "translations").exists()  # refused before anything was written


def test_a_theme_language_added_in_custom_dir_is_accepted(tmp_path: Path) -> None:
    """The way out the message names: the site gives Material the language itself."""
    import material

    project = sample_project(tmp_path, published=True, argos_packages_dir=ARGOS_DIR)
    with_languages(project, "[kk]")
    ours = project / "overrides" / "partials" / "languages"
    ours.mkdir(parents=True)
    english = Path(material.__file__).parent / "templates" / "partials" / "languages" / "en.html"
    (ours / "kk.html").write_text(
        english.read_text("utf-8").replace('"language": "en"', '"language": "kk"'), "utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace(
        "theme:\n  name: material\n", "theme:\n  name: material\n  custom_dir: overrides\n"),
        "utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert '<html lang="kk"' in (project / "site" / "kk" / "index.html").read_text("utf-8")


# -- a site whose articles are not in English ---------------------------------------------------

RUSSIAN_ARTICLE = """\
Министр заявил о начале переговоров

ЕРЕВАН, 3 марта 2024 года. Министр иностранных дел заявил во вторник, что переговоры
начнутся на следующей неделе.

По его словам, обе стороны согласились встретиться в Тбилиси.
"""


def russian_source(project: Path, *, theme_language: str = "ru",
                   languages: str = "[en, hy]") -> Path:
    """The sample project with one Russian article and ``source_language: ru``."""
    sample_project(project, published=True, argos_packages_dir=ARGOS_DIR)
    shutil.rmtree(project / "content")
    (project / "content").mkdir()
    (project / "content" / "peregovory.txt").write_text(RUSSIAN_ARTICLE, "utf-8")
    with_languages(project, f"{languages}\n    source_language: ru")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "  language: en\n" in text
    config.write_text(text.replace("  language: en\n", f"  language: {theme_language}\n"),
                      "utf-8")
    return project


def test_a_russian_source_site_is_russian_at_the_top_and_english_under_en(
    tmp_path: Path,
) -> None:
    project = russian_source(tmp_path / "site")
    # A tiny real ru→en Argos model: drafting goes from the articles' language.
    install_archive(tinymodels.build_argos_package(tmp_path / "model", "ru", "en", "0.0.1"),
                    project / "argos-packages")
    built = Built(project, project / "site")
    build(built)
    # The catalogs are of the target languages; none for the articles' own.
    assert sorted(p.name for p in (project / "translations").iterdir()) == ["en", "hy"]
    with (project / "translations" / "en" / "peregovory.po").open("rb") as stream:
        drafted = [m for m in read_po(stream) if m.id and m.string]
    assert drafted and all(m.fuzzy for m in drafted)  # machine drafts, from Russian
    assert not any(m.string for m in read_po(
        (project / "translations" / "hy" / "peregovory.po").open("rb")) if m.id)  # no ru→hy
    top = (built.site / "briefings" / "peregovory" / "index.html").read_text("utf-8")
    assert '<html lang="ru"' in top
    assert 'id="timeline">Хронология' in top  # our interface text, in Russian
    assert 'placeholder="Поиск"' in top  # Material's, in Russian
    assert not re.search(r'lang="en"[^>]*>[^<]*Министр', top)  # the text is not called English
    english = (built.site / "en" / "briefings" / "peregovory" / "index.html").read_text("utf-8")
    assert '<html lang="en"' in english
    assert 'class="machine-draft"' in english
    # The banner leads to the original at the top of the site; Armenian, with no
    # model, shows the Russian text, marked as Russian.
    assert re.search(r'href="../../../briefings/peregovory/" hreflang="ru"', english)
    armenian = (built.site / "hy" / "briefings" / "peregovory" / "index.html").read_text("utf-8")
    assert re.search(r'lang="ru"[^>]*>Министр заявил о начале переговоров', armenian)
    assert (built.site / "hy" / "index.html").is_file()
    assert not (built.site / "ru").exists()
    sitemap = (built.site / "sitemap.xml").read_text("utf-8")
    # x-default is the articles' language's page, at the top.
    assert 'hreflang="x-default" href="http://example.org/briefings/" />' in sitemap
    assert 'hreflang="en" href="http://example.org/briefings/en/" />' in sitemap
    # The briefing is drafted in English (announced), not in Armenian (Russian only there).
    assert "http://example.org/briefings/en/briefings/peregovory/" in sitemap
    assert "hy/briefings/peregovory/" not in sitemap
    assert ('hreflang="x-default" href="http://example.org/briefings/briefings/peregovory/"'
            in sitemap)
    index = json.loads((built.site / "search" / "search_index.json").read_text())
    assert index["config"]["lang"] == ["ru"]  # Material's settings for theme.language ru


@pytest.mark.parametrize(("theme_language", "languages", "problem"), [
    ("en", "[en, hy]", "theme.language is en but extra.briefings.source_language is ru; set "
                       "theme.language: ru"),
    ("ru", "[ru, hy]", "extra.briefings.languages: ru is the articles' language "
                       "(source_language), not one to translate into; remove it"),
])
def test_a_source_language_at_odds_with_the_rest_is_one_line(
    tmp_path: Path, theme_language: str, languages: str, problem: str
) -> None:
    project = russian_source(tmp_path, theme_language=theme_language, languages=languages)
    result = mkdocs_build(project)
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("ERROR")]
    assert len(errors) == 1 and problem in errors[0], result.stderr
