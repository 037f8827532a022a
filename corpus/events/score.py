"""Score automatic event grouping against the labelled corpus: pairwise precision and recall.

    python -m corpus.events.score [--json]

Every pair of articles the grouping puts in one event is a predicted pair; every
pair the labels (``labels.yaml``) put in one event is a true pair. Precision is
the share of predicted pairs that are true, recall the share of true pairs that
are predicted. The articles carry no ``event:`` key: this measures the
automatic grouping only. Names come from the default glossary and the corpus's
own ``glossary.yaml``, as a newsroom's project glossary would add them.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

import yaml

from briefings.analysis import analyse
from briefings.events import group_events
from briefings.events.model import EventIndex
from briefings.glossary import load_glossary
from briefings.model import Briefing
from briefings.sources import read_article

HERE = Path(__file__).resolve().parent
ARTICLES = HERE / "articles"
LABELS = HERE / "labels.yaml"
GLOSSARY = HERE / "glossary.yaml"


@dataclass(frozen=True)
class Score:
    precision: float
    recall: float
    predicted_pairs: int
    true_pairs: int
    correct_pairs: int
    articles: int
    events: int  # labelled events with two articles or more


def corpus_briefings() -> list[Briefing]:
    glossary = load_glossary(GLOSSARY)
    return [analyse(read_article(path), glossary) for path in sorted(ARTICLES.glob("*.md"))]


def labels() -> dict[str, str]:
    return yaml.safe_load(LABELS.read_text("utf-8"))


def _pairs(groups: dict[str, list[str]]) -> set[frozenset[str]]:
    return {frozenset(pair) for members in groups.values()
            for pair in combinations(sorted(members), 2)}


def score(index: EventIndex, truth: dict[str, str]) -> Score:
    """Pairwise precision and recall of ``index`` against the labels ``truth``."""
    labelled: dict[str, list[str]] = {}
    for slug, label in truth.items():
        labelled.setdefault(label, []).append(slug)
    predicted = _pairs({event.key: event.slugs for event in index.events})
    true = _pairs(labelled)
    correct = predicted & true
    return Score(
        precision=len(correct) / len(predicted) if predicted else 1.0,
        recall=len(correct) / len(true) if true else 1.0,
        predicted_pairs=len(predicted),
        true_pairs=len(true),
        correct_pairs=len(correct),
        articles=len(truth),
        events=sum(1 for members in labelled.values() if len(members) > 1),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m corpus.events.score",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    briefings = corpus_briefings()
    truth = labels()
    missing = sorted({b.slug for b in briefings} ^ set(truth))
    if missing:
        print(f"corpus/events/labels.yaml: labels and articles differ: {', '.join(missing)}",
              file=sys.stderr)
        return 1
    index = group_events(briefings)
    result = score(index, truth)
    if args.json:
        print(json.dumps(result.__dict__, indent=2))
        return 0
    print(f"{result.articles} articles, {result.events} labelled events")
    print(f"pairwise precision {result.precision:.3f} "
          f"({result.correct_pairs} of {result.predicted_pairs} predicted pairs)")
    print(f"pairwise recall    {result.recall:.3f} "
          f"({result.correct_pairs} of {result.true_pairs} true pairs)")
    for event in index.events:
        found = {truth[s] for s in event.slugs}
        mark = "" if len(found) == 1 else "   <- mixes " + ", ".join(sorted(found))
        print(f"  {event.key}: {len(event.slugs)} articles{mark}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
