"""The timeline: dates taken as written, and dates resolved against publication."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from briefings.analysis.timeline import extract_timeline
from briefings.model import TimelineEvent

SEEDS = Path("/work/shared/seeds")
WEDNESDAY = dt.date(2023, 9, 20)


def seed(name: str) -> list[str]:
    path = SEEDS / name
    if not path.is_file():
        pytest.skip(f"sample article {path} not available")
    return [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]


def dates(text: str, published: dt.date | None = WEDNESDAY) -> list[str]:
    return [event.date for event in extract_timeline([text], published)]


def dated(events: list[TimelineEvent], date: str, start: str) -> bool:
    return any(e.date == date and e.text.startswith(start) for e in events)


# --- the sample articles ---------------------------------------------------------


def test_seed_000_without_publication_date_keeps_only_complete_dates() -> None:
    events = extract_timeline(seed("000_0bd458d27c3695d7.txt"), None)

    assert any(e.date == "2020-11-10" and "November 10, 2020" in e.text for e in events)
    assert not any("On September 19" in e.text for e in events)
    assert all(e.date.startswith("2020") for e in events)


def test_seed_000_resolves_a_date_without_year_once_publication_is_known() -> None:
    events = extract_timeline(seed("000_0bd458d27c3695d7.txt"), WEDNESDAY)

    assert dated(events, "2023-09-19", "On September 19, Azerbaijan initiated")


def test_seed_004_weekdays_follow_the_direction_of_the_sentence() -> None:
    events = extract_timeline(seed("004_ed8930f6e6ea7acc.txt"), WEDNESDAY)

    assert dated(events, "2023-09-19", "On Tuesday, Azerbaijan launched")
    assert dated(events, "2023-09-21", "Both sides said talks")
    assert dated(events, "2023-09-20", "Azeri President Ilham Aliyev said on Wednesday")
    assert dated(events, "2023-09-20", "Putin held talks")
    assert dated(events, "2023-09-19", "— Al Mayadeen English")
    assert any(e.date == "2020" and "since the 2020 defeat" in e.text for e in events)
    # "2,000 peacekeeping force", "32 people", "24 hours": counts, not years.
    assert not any("2,000" in e.text or "32 people" in e.text for e in events)
    assert [e.date for e in events] == sorted(e.date for e in events)


def test_seed_004_paragraph_index_points_at_the_sentence() -> None:
    paragraphs = seed("004_ed8930f6e6ea7acc.txt")
    for event in extract_timeline(paragraphs, WEDNESDAY):
        assert event.text in paragraphs[event.paragraph]


# --- dates as written ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The deal was signed on November 10, 2020.", "2020-11-10"),
        ("The deal was signed on 10 November 2020.", "2020-11-10"),
        ("The deal was signed on Nov. 10, 2020.", "2020-11-10"),
        ("Talks resumed on Sept 22, 2023 in Brussels.", "2023-09-22"),
        ("The statement is dated 2023-09-20.", "2023-09-20"),
        ("Fighting broke out on the 19th of September 2023.", "2023-09-19"),
        ("Elections are scheduled for March 2024.", "2024-03"),
        ("Armenia declared independence in 1991.", "1991"),
        ("Nothing has changed since 2020.", "2020"),
    ],
)
def test_dates_as_written(text: str, expected: str) -> None:
    assert dates(text) == [expected]
    assert dates(text, None) == [expected]  # publication plays no part


@pytest.mark.parametrize(
    "text",
    [
        "Russia has 2,000 peacekeepers in the region.",
        "At least 32 people were killed.",
        "About 2000 troops were deployed.",
        "Some 1500 people crossed the border.",
        "The 1990s were a decade of war.",
        "The statement is dated 2023-02-30.",
    ],
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert dates(text) == []


# --- dates resolved against publication -------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Published on a Wednesday.
        ("The talks will take place on Wednesday.", "2023-09-27"),
        ("The talks were held on Wednesday.", "2023-09-20"),
        ("The summit is scheduled for Friday.", "2023-09-22"),
        ("Leaders are to meet on Monday.", "2023-09-25"),
        ("Leaders met on Monday.", "2023-09-18"),
        ("Troops crossed the line on Thursday.", "2023-09-14"),
        ("The vote is next Tuesday.", "2023-09-26"),
        ("Last Thursday was quiet.", "2023-09-14"),
        ("On Sept. 19, the shelling began.", "2023-09-19"),
        ("He met her on Dec. 25.", "2022-12-25"),
        ("Talks on December 25 will be held in Geneva.", "2023-12-25"),
        ("The vote is to be held on Sept. 30.", "2023-09-30"),
        ("The ceasefire held yesterday.", "2023-09-19"),
        ("Talks resume tomorrow.", "2023-09-21"),
    ],
)
def test_relative_dates(text: str, expected: str) -> None:
    assert dates(text) == [expected]


def test_weekday_before_a_date_is_not_resolved_on_its_own() -> None:
    text = "The deal was signed on Monday, November 9, 2020, and took effect at midnight."
    assert dates(text) == ["2020-11-09"]
    assert dates("Talks were held on Tuesday, Sept. 19.") == ["2023-09-19"]


def test_month_day_in_the_future_rolls_into_next_year() -> None:
    assert dates("Talks will resume on January 5.", dt.date(2023, 12, 20)) == ["2024-01-05"]


def test_each_date_takes_the_tense_of_its_own_clause() -> None:
    text = "He said on Monday that talks will be held on Friday."
    assert dates(text) == ["2023-09-18", "2023-09-22"]


@pytest.mark.parametrize(
    "text",
    [
        "On September 19, the operation began.",
        "Talks will be held on Thursday.",
        "Officials met yesterday.",
    ],
)
def test_relative_dates_are_left_out_without_publication_date(text: str) -> None:
    assert dates(text, None) == []


# --- shape of the result ----------------------------------------------------------


def test_one_event_per_distinct_date_per_sentence_sorted_by_date() -> None:
    paragraphs = [
        "The 2020 war ended on November 10, 2020, and talks began on 10 November 2020.",
        "In 1991, Armenia declared independence; fighting followed in 1992.",
    ]
    events = extract_timeline(paragraphs, None)

    assert [(e.date, e.paragraph) for e in events] == [
        ("1991", 1),
        ("1992", 1),
        ("2020", 0),
        ("2020-11-10", 0),
    ]
    assert events[0].text == paragraphs[1]


def test_repeated_sentence_gives_one_event() -> None:
    sentence = "The deal was signed on November 10, 2020."
    events = extract_timeline([sentence, sentence], None)

    assert events == [TimelineEvent("2020-11-10", sentence, 0)]


def test_same_date_keeps_article_order() -> None:
    paragraphs = ["Second mention: talks in March 2021.", "First? No: March 2021 again, later."]
    events = extract_timeline(paragraphs, None)

    assert [e.paragraph for e in events] == [0, 1]


def test_empty_article() -> None:
    assert extract_timeline([], WEDNESDAY) == []
    assert extract_timeline([""], None) == []


# --- the edges of the calendar, and linear time ------------------------------------


def test_a_relative_date_past_the_end_of_the_calendar_is_left_out() -> None:
    last_day = dt.date(9999, 12, 31)
    assert dates("Talks will resume on Monday and tomorrow.", last_day) == []
    assert dates("The talks began on Monday.", last_day) == ["9999-12-27"]
    assert dates("Talks began yesterday.", dt.date(1, 1, 1)) == []
    assert dates("Talks will be held on Jan. 5.", last_day) == []


def test_the_timeline_grows_linearly_with_the_text() -> None:
    import time

    unit = "on Monday, September 19, 2023 and 2020 talks will be held next Friday, he said "
    published = dt.date(2023, 9, 20)

    def cpu(text: str) -> float:
        best = float("inf")
        for _ in range(3):
            start = time.process_time()
            extract_timeline([text], published)
            best = min(best, time.process_time() - start)
        return max(best, 1e-3)

    small, large = (unit * 130)[:10_000], (unit * 1300)[:100_000]
    ratio = cpu(large) / cpu(small)
    assert ratio < 35, f"10x the text took {ratio:.0f}x the time"
