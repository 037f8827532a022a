"""How event grouping scales: 10,000 synthetic briefings grouped, with time and comparisons.

    python bench/events.py [--articles 10000]

The briefings are made directly (no parsing: that is measured by bench/run.py):
each reports one of ``articles / 4`` happenings over two years, naming its
people and places and quoting its speakers, drawn from the corpus' word lists,
so names repeat across many unrelated articles as in a real desk's archive.
It prints the time grouping took and the article-to-event comparisons made,
against the ``n (n - 1) / 2`` pairs an all-pairs grouping would compare.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus

from briefings.events import group_events
from briefings.model import Article, Briefing, Entity, SourceInfo, Statement


def synthetic_briefings(articles: int, *, seed: int = 0) -> list[Briefing]:
    """``articles`` briefings, about four per happening, dated over two years."""
    rng = random.Random(seed)
    happenings = max(1, articles // 4)
    plans = []
    for number in range(happenings):
        people = rng.sample(corpus.PEOPLE, 2)
        places = rng.sample(corpus.PLACES, 2)
        plans.append((dt.date(2023, 1, 1) + dt.timedelta(days=rng.randrange(730)),
                      [p for p, _ in people], places, f"Site{number}"))
    made = []
    for number in range(articles):
        day, people, places, site = plans[number % happenings]
        published = day + dt.timedelta(days=rng.randrange(3))
        names = [*people, *places, site]
        entities = [Entity(n, "person" if n in people else "place") for n in names]
        statements = [Statement(p, f"{rng.choice(corpus.TOPICS)} near {site} would go ahead",
                                False, 0) for p in people]
        article = Article(
            path=Path(f"content/synthetic-{number:05d}.md"), slug=f"synthetic-{number:05d}",
            title=f"{rng.choice(corpus.TOPICS).capitalize()} in {places[0]}",
            title_generated=False, dek=None, dateline=None,
            published=None if number % 25 == 0 else published, source=SourceInfo(),
            attribution=None,
            paragraphs=[f"Officials in {places[0]} and {site} met {people[0]}."],
            removed=[],
        )
        made.append(Briefing(article, [], statements, [], entities))
    return made


def measure_grouping(articles: int = 10_000) -> dict[str, Any]:
    """Group ``articles`` synthetic briefings; the figures."""
    briefings = synthetic_briefings(articles)
    started = time.perf_counter()
    index = group_events(briefings)
    seconds = time.perf_counter() - started
    return {
        "articles": articles,
        "events": len(index.events),
        "in_events": sum(len(e.briefings) for e in index.events),
        "seconds": round(seconds, 2),
        "comparisons": index.compared,
        "all_pairs": articles * (articles - 1) // 2,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    args = parser.parse_args(argv)
    print(json.dumps(measure_grouping(args.articles), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
