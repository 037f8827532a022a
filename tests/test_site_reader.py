"""What issue 17 asked of a reader's site: every language whole, honest feeds and hreflang,
reviewed-only publishing, and build messages that count properly."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from briefings.mkdocs.builds import BuildStats
from briefings.project import project_from_settings
from briefings.settings import SettingError, validate
from briefings.site.feeds import FeedEntry, atom_feed
from briefings.site.translated import ArticleTranslation
from briefings.sources.article import read_article, slugify
from briefings.translation.catalogs import CatalogStatus
from briefings.translation.units import msgid_for

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.mark.parametrize(("text", "slug"), [
    ("Əliyev: Qarabağ", "eliyev-qarabag"),
    ("Алиев заявил о завершении операции", "aliev-zaiavil-o-zavershenii-operatsii"),
    ("Փաշինյան Երևանում", "pashinyan-erevanum"),
    ("aliyev-says-karabakh-operation-completed", "aliyev-says-karabakh-operation-completed"),
])
def test_slugs_transliterate_letters_instead_of_dropping_them(text: str, slug: str) -> None:
    assert slugify(text) == slug


@pytest.mark.parametrize("name", ["Алиев-заявил.txt", "Փաշինյան.md", "Əliyev.txt"])
def test_cyrillic_and_armenian_file_names_are_accepted(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text("A title for the talks\n\nThe minister said the talks would resume.\n",
                    "utf-8")
    article = read_article(path)
    assert article.slug == slugify(Path(name).stem) and article.slug.isascii()
    assert article.slug  # never empty: it names the page and the catalog


def test_an_undated_briefing_is_in_the_feed_without_a_publication_date() -> None:
    changed = dt.datetime(2024, 5, 6, 7, 8, 9, 123, tzinfo=dt.UTC)
    entries = [
        FeedEntry("dated", "Dated", "en", "briefings/dated/", dt.date(2023, 9, 20)),
        FeedEntry("undated", "Undated", "en", "briefings/undated/", None, changed=changed),
    ]
    feed = ET.fromstring(atom_feed(lang="en", title="t", site_name="s", self_link="feed.xml",
                                   home_link="./", entries=entries))
    dated, undated = feed.findall(f"{ATOM}entry")
    assert dated.findtext(f"{ATOM}published") == "2023-09-20T00:00:00Z"
    assert undated.find(f"{ATOM}published") is None
    assert undated.findtext(f"{ATOM}updated") == "2024-05-06T07:08:09Z"
    assert feed.findtext(f"{ATOM}updated") == "2024-05-06T07:08:09Z"


def test_site_names_and_publish_are_settings_per_language(tmp_path: Path) -> None:
    checked = validate({"site_names": {"ru": "Справки"}, "publish": {"ru": "reviewed"}})
    project = project_from_settings(tmp_path, checked, site_name="Briefings")
    assert project.site_name_in("ru") == "Справки"
    assert project.site_name_in("az") == "Briefings"
    assert project.reviewed_only("ru") and not project.reviewed_only("az")
    with pytest.raises(SettingError, match=r"publish\.ru: must be one of drafts, reviewed"):
        validate({"publish": {"ru": "maybe"}})
    with pytest.raises(SettingError, match=r"site_names\.ru: must be a non-empty text"):
        validate({"site_names": {"ru": ""}})


def test_reviewed_only_shows_english_until_a_person_reviews() -> None:
    draft, reviewed = "The talks resume.", "The minister spoke."
    entries = {msgid_for(draft): ("Переговоры возобновляются.", "machine-draft"),
               msgid_for(reviewed): ("Министр выступил.", "reviewed")}
    counts = CatalogStatus(total=2, reviewed=1, machine_draft=1, stale=0, untranslated=0)
    shown = ArticleTranslation("ru", "talks", "translations/ru/talks.po", counts, entries)
    kept = ArticleTranslation("ru", "talks", "translations/ru/talks.po", counts, entries,
                              reviewed_only=True)
    assert shown.text(draft) == ("Переговоры возобновляются.", "ru") and shown.drafted(draft)
    assert kept.text(draft) == (draft, "en") and not kept.drafted(draft)
    assert kept.text(reviewed) == ("Министр выступил.", "ru")
    only_drafts = CatalogStatus(total=2, reviewed=0, machine_draft=2, stale=0, untranslated=0)
    assert ArticleTranslation("ru", "t", "c", only_drafts, reviewed_only=True).status \
        == "untranslated"
    assert ArticleTranslation("ru", "t", "c", only_drafts).status == "machine-draft"


@pytest.mark.parametrize(("stats", "line"), [
    (BuildStats(articles=1, analysed=1, catalogs_parsed=1),
     "1 briefing (analysed), 1 catalog merged, 0 segments machine-translated"),
    (BuildStats(articles=2, analysed=0, catalogs_parsed=6, segments={"ru": 1}),
     "2 briefings (all from the cache), 6 catalogs merged, 1 segment machine-translated"),
    (BuildStats(articles=3, analysed=1),
     "3 briefings (1 analysed, 2 from the cache), 0 catalogs merged, "
     "0 segments machine-translated"),
])
def test_build_messages_count_in_singular_and_plural(stats: BuildStats, line: str) -> None:
    assert stats.summary() == line


def test_drafting_during_a_build_is_told_with_an_estimate(
    caplog: pytest.LogCaptureFixture,
) -> None:
    from briefings.mkdocs.builds import DraftingProgress

    now = [0.0]
    progress = DraftingProgress(clock=lambda: now[0])
    with caplog.at_level("INFO", logger="mkdocs.plugins.briefings"):
        progress("ru", 0, 2208)
        now[0] = 5.0
        progress("ru", 100, 2208)  # too soon after the first line: not told
        now[0] = 60.0
        progress("ru", 552, 2208)
        now[0] = 240.0
        progress("ru", 2208, 2208)
    assert [r.getMessage() for r in caplog.records] == [
        "briefings: drafting ru: 2208 segments",
        "briefings: drafting ru: 552 of 2208 segments (25%), about 3 min left",
        "briefings: drafted ru: 2208 of 2208 segments in 4 min",
    ]
