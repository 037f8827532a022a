"""Score the extraction pipeline against the gold of the extraction corpus.

Each article is ``corpus/extraction/<set>/<format>/<id>.<txt|md|html>`` with its gold
beside it in ``<id>.gold.yaml`` (the keys are described in corpus/extraction/README.md).
The article goes through the same functions ``briefings inspect`` uses
(:func:`briefings.sources.read_article`, then :func:`briefings.analysis.analyse` with
the built-in glossary), and what comes out is compared with the gold::

    .venv/bin/python -m corpus.extraction.score [--set dev|heldout] [--json] [--verbose]
                                                [--floor corpus/extraction/floor.json]

The scorer reads the pipeline's objects with ``getattr`` and defaults, so that it
keeps working while their fields change; an article the pipeline rejects with a
:class:`~briefings.errors.BriefingsError` fails every check it has, and is named in
one line.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from briefings.analysis import analyse
from briefings.errors import BriefingsError
from briefings.glossary import Glossary, load_glossary
from briefings.sources import read_article

HERE = Path(__file__).resolve().parent
SETS = ("dev", "heldout")
SOURCE_SUFFIXES = (".txt", ".md", ".html")
GOLD_SUFFIX = ".gold.yaml"
GOLD_KEYS = {
    "format": str,
    "language": str,
    "title": (str, type(None)),
    "title_generated": bool,
    "dek": (str, type(None)),
    "published": (dt.date, type(None)),
    "dateline": (str, type(None)),
    "source": (str, list, type(None)),
    "author": (str, type(None)),
    "furniture": list,
    "keep": list,
    "statements": list,
    "dates": list,
}
STATEMENT_KEYS = {"speaker": (str, list), "direct_quote": bool, "text": str}
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
UNATTRIBUTED = "Unattributed"

#: The figures, in the order they are printed; each is a share between 0 and 1.
FIGURES = (
    ("title", "title accuracy (titled texts)"),
    ("title_generated", "title_generated accuracy"),
    ("generated_title", "generated titles fit to print"),
    ("dek", "dek accuracy"),
    ("published", "published accuracy"),
    ("dateline", "dateline accuracy"),
    ("source", "source accuracy"),
    ("author", "author accuracy"),
    ("language", "language accuracy"),
    ("furniture", "furniture check rate"),
    ("key_points_clean", "key points free of furniture"),
    ("keep", "keep rate"),
    ("statement_precision", "statement precision"),
    ("statement_recall", "statement recall"),
    ("direct_quote", "direct-quote accuracy (matched)"),
    ("date_precision", "date precision"),
    ("date_recall", "date recall"),
    ("overall", "share of checks passed"),
)


class GoldError(ValueError):
    """A gold file that does not follow the format of corpus/extraction/README.md."""


@dataclass
class Tally:
    """Passed checks out of all checks, for one figure."""

    passed: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.passed += bool(ok)
        self.total += 1

    @property
    def share(self) -> float | None:
        return self.passed / self.total if self.total else None


@dataclass
class FileResult:
    """What one article scored: its failures, as lines for ``--verbose``."""

    path: Path
    format: str = ""
    failures: list[str] = field(default_factory=list)
    error: str | None = None
    skipped: str | None = None
    passed: int = 0
    total: int = 0


@dataclass
class Score:
    """The figures of one set, and each file's failures."""

    tallies: dict[str, Tally] = field(
        default_factory=lambda: {key: Tally() for key, _ in FIGURES if key != "overall"}
    )
    files: list[FileResult] = field(default_factory=list)

    @property
    def overall(self) -> Tally:
        return Tally(
            sum(t.passed for t in self.tallies.values()),
            sum(t.total for t in self.tallies.values()),
        )

    def figures(self) -> dict[str, float | None]:
        shares = {key: tally.share for key, tally in self.tallies.items()}
        shares["overall"] = self.overall.share
        return shares

    def by_format(self) -> dict[str, Tally]:
        """Checks passed per real-world shape: where the rules fail, at a glance."""
        shapes: dict[str, Tally] = {}
        for f in self.files:
            if f.total:
                tally = shapes.setdefault(f.format, Tally())
                tally.passed += f.passed
                tally.total += f.total
        return dict(sorted(shapes.items()))

    def to_json(self) -> dict[str, Any]:
        return {
            "figures": {k: (None if v is None else round(v, 4)) for k, v in self.figures().items()},
            "counts": {
                k: {"passed": t.passed, "total": t.total}
                for k, t in [*self.tallies.items(), ("overall", self.overall)]
            },
            "files": len(self.files),
            "scored": sum(1 for f in self.files if not f.skipped and not f.error),
            "skipped": [_shown(f.path) + ": " + str(f.skipped) for f in self.files if f.skipped],
            "errors": [_shown(f.path) + ": " + str(f.error) for f in self.files if f.error],
            "failures": {_shown(f.path): f.failures for f in self.files if f.failures},
            "by_format": {k: round(t.share or 0, 4) for k, t in self.by_format().items()},
        }


# -- gold ---------------------------------------------------------------------------------


def gold_files(set_name: str, root: Path = HERE) -> list[Path]:
    """Every gold file of ``set_name``, sorted."""
    return sorted((root / set_name).glob(f"*/*{GOLD_SUFFIX}"))


def source_of(gold_path: Path) -> Path:
    """The article a gold file describes: the one file with its stem and a source suffix."""
    stem = gold_path.name.removesuffix(GOLD_SUFFIX)
    found = [gold_path.with_name(stem + s) for s in SOURCE_SUFFIXES]
    found = [p for p in found if p.is_file()]
    if len(found) != 1:
        raise GoldError(f"{_shown(gold_path)}: needs exactly one of {stem}{{.txt,.md,.html}}")
    return found[0]


def load_gold(path: Path) -> dict[str, Any]:
    """The gold in ``path``, checked for keys and types; :class:`GoldError` otherwise."""
    try:
        data = yaml.safe_load(path.read_text("utf-8"))
    except (OSError, yaml.YAMLError, ValueError) as exc:
        raise GoldError(f"{_shown(path)}: cannot read: {exc}") from None
    if not isinstance(data, dict):
        raise GoldError(f"{_shown(path)}: gold must be a YAML mapping")
    missing = set(GOLD_KEYS) - set(data)
    extra = set(data) - set(GOLD_KEYS)
    if missing or extra:
        raise GoldError(
            f"{_shown(path)}: missing keys {sorted(missing)}, unknown keys {sorted(extra)}"
        )
    for key, kind in GOLD_KEYS.items():
        if not isinstance(data[key], kind) or (kind is bool) != isinstance(data[key], bool):
            raise GoldError(f"{_shown(path)}: {key!r} has the wrong type")
    if isinstance(data["published"], dt.datetime):
        raise GoldError(f"{_shown(path)}: 'published' is a date, not a time")
    if data["title_generated"] != (data["title"] is None):
        raise GoldError(f"{_shown(path)}: title is null exactly when title_generated is true")
    if isinstance(data["source"], list) and not (
        data["source"] and all(isinstance(s, str) and s.strip() for s in data["source"])
    ):
        raise GoldError(f"{_shown(path)}: 'source' must be a name, a list of names, or null")
    for key in ("furniture", "keep"):
        if not all(isinstance(s, str) and s.strip() for s in data[key]):
            raise GoldError(f"{_shown(path)}: {key!r} must be a list of non-empty strings")
    for i, st in enumerate(data["statements"], 1):
        if not isinstance(st, dict) or set(st) != set(STATEMENT_KEYS):
            raise GoldError(f"{_shown(path)}: statement {i} needs exactly {sorted(STATEMENT_KEYS)}")
        names = st["speaker"] if isinstance(st["speaker"], list) else [st["speaker"]]
        if not names or not all(isinstance(n, str) and n.strip() for n in names):
            raise GoldError(f"{_shown(path)}: statement {i}: 'speaker' must be a name or names")
        if not isinstance(st["direct_quote"], bool):
            raise GoldError(f"{_shown(path)}: statement {i}: 'direct_quote' must be true or false")
        if not isinstance(st["text"], str) or not st["text"].strip():
            raise GoldError(f"{_shown(path)}: statement {i}: 'text' must be non-empty text")
    dates = [str(d) if isinstance(d, dt.date) else d for d in data["dates"]]
    for d in dates:
        if not isinstance(d, str) or not _DATE.fullmatch(d) or not _valid_date(d):
            raise GoldError(f"{_shown(path)}: date {d!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    data["dates"] = dates
    return data


def _valid_date(text: str) -> bool:
    parts = [int(p) for p in text.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return False
    return True


# -- normalisation and matching -----------------------------------------------------------

_QUOTES = str.maketrans({
    "“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'", "‚": "'",
    "`": "'", "´": "'", "\u00a0": " ", "–": "-", "—": "-", "‑": "-",
})


def norm(text: str | None) -> str:
    """Text for comparison: NFC, one kind of quote and dash, one space, case folded."""
    if text is None:
        return ""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return " ".join(text.split()).casefold()


def _bare(text: str | None) -> str:
    """:func:`norm` without quotation marks at all, for claims quoted or not."""
    return " ".join(norm(text).replace('"', " ").split())


#: "Azerbaijan's foreign ministry" and "the Azerbaijani Foreign Ministry" are one body.
_POSSESSIVE_COUNTRIES = {
    "azerbaijan": "azerbaijani", "armenia": "armenian", "russia": "russian",
    "turkey": "turkish", "türkiye": "turkish", "iran": "iranian", "georgia": "georgian",
    "france": "french", "germany": "german", "britain": "british", "ukraine": "ukrainian",
}


def canonical_speaker(name: str | None, glossary: Glossary) -> str:
    """A speaker's name as the glossary writes it, case folded; ``""`` for none.

    A name the glossary does not know loses a leading article, and a country's
    possessive becomes its adjective, so that the plain variants of one body's name
    compare equal; nothing else is guessed.
    """
    if not name:
        return ""
    name = " ".join(str(name).translate(_QUOTES).split())
    bare = re.sub(r"^(?:the|an?)\s+", "", name, flags=re.IGNORECASE)
    term = glossary.get(name) or glossary.get(bare)
    if term:
        return term.name.casefold()
    words = bare.casefold().split()
    if words and words[0].endswith("'s") and words[0][:-2] in _POSSESSIVE_COUNTRIES:
        words[0] = _POSSESSIVE_COUNTRIES[words[0][:-2]]
    return " ".join(words)


def speakers(statement: dict[str, Any]) -> list[str]:
    """The names a gold statement accepts: the canonical one first, then any others."""
    names = statement["speaker"]
    return list(names) if isinstance(names, list) else [names]


def match_statements(
    gold: Sequence[dict[str, Any]], predicted: Sequence[Any], glossary: Glossary
) -> list[tuple[int, int]]:
    """The most (gold index, predicted index) pairs that match, each used at most once.

    A pair matches when the speakers are the same person or body (case-insensitive,
    through the glossary's aliases) and the gold text occurs in the predicted text or
    sentence, quotation marks and white space aside.
    """
    def fits(g: dict[str, Any], p: Any) -> bool:
        said_by = canonical_speaker(getattr(p, "speaker", None), glossary)
        if said_by not in {canonical_speaker(name, glossary) for name in speakers(g)}:
            return False
        needle = _bare(g["text"])
        return any(
            needle in _bare(getattr(p, attr, "") or "") for attr in ("text", "sentence")
        )

    options = [[j for j, p in enumerate(predicted) if fits(g, p)] for g in gold]
    owner: dict[int, int] = {}  # predicted index -> gold index

    def place(i: int, seen: set[int]) -> bool:
        # Kuhn's augmenting paths: the sets are small, and greedy could pair badly.
        for j in options[i]:
            if j in seen:
                continue
            seen.add(j)
            if j not in owner or place(owner[j], seen):
                owner[j] = i
                return True
        return False

    for i in range(len(gold)):
        place(i, set())
    return sorted((i, j) for j, i in owner.items())


# -- scoring ------------------------------------------------------------------------------


def _is_scorable(source: Path) -> bool:
    """Whether the pipeline takes files like ``source`` (HTML sources came later)."""
    try:
        from briefings.sources import SOURCE_SUFFIXES as accepted
    except ImportError:  # pragma: no cover - the name moved
        accepted = (".txt", ".md")
    return source.suffix.lower() in tuple(s.lower() for s in accepted)


def _published(article: Any) -> str | None:
    value = getattr(article, "published", None)
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


def _language(article: Any) -> str | None:
    for attr in ("language", "lang"):
        value = getattr(article, attr, None)
        if isinstance(value, str) and value:
            return value
    return None


def _same(a: str | None, b: str | None) -> bool:
    return norm(a) == norm(b)


def _names(byline: str | None) -> frozenset[str]:
    """The people a byline names: "A and B", "A, B" and "A & B" name the same two."""
    parts = re.split(r"\s*(?:,|;|&|\band\b)\s*", norm(byline))
    return frozenset(p for p in parts if p)


def score_file(gold: dict[str, Any], source: Path, glossary: Glossary, score: Score,
               result: FileResult) -> None:
    """Add the checks of one article to ``score``; its failures go to ``result``."""
    t = score.tallies
    fail = result.failures

    def check(key: str, ok: bool, message: str) -> None:
        t[key].add(ok)
        result.passed += bool(ok)
        result.total += 1
        if not ok:
            fail.append(f"{key}: {message}")

    try:
        article = read_article(source)
        briefing = analyse(article, glossary)
    except BriefingsError as exc:
        result.error = " ".join(str(exc).split())
        _fail_all(gold, score, result)
        return
    # Analysis may complete the article (a generated headline): the briefing's copy counts.
    article = getattr(briefing, "article", None) or article

    title = getattr(article, "title", None)
    generated = bool(getattr(article, "title_generated", False))
    if gold["title"] is not None:
        ok = not generated and _same(title, gold["title"])
        check("title", ok, f"got {title!r}, want {gold['title']!r}")
    check("title_generated", generated == gold["title_generated"],
          f"got {generated}, want {gold['title_generated']}")
    if gold["title_generated"]:
        problems = generated_title_problems(str(title or ""))
        check("generated_title", not problems, f"{title!r}: {', '.join(problems)}")
    dek = getattr(article, "dek", None)
    check("dek", _same(dek, gold["dek"]), f"got {dek!r}, want {gold['dek']!r}")
    published = _published(article)
    want = gold["published"].isoformat() if gold["published"] else None
    check("published", published == want, f"got {published}, want {want}")
    dateline = getattr(article, "dateline", None)
    want_city = gold["dateline"]
    ok = not dateline if want_city is None else norm(want_city) in norm(dateline)
    check("dateline", ok, f"got {dateline!r}, want {gold['dateline']!r}")
    info = getattr(article, "source", None)
    outlet = getattr(info, "name", None)
    outlets = gold["source"] if isinstance(gold["source"], list) else [gold["source"]]
    check("source", any(_same(outlet, name) for name in outlets),
          f"got {outlet!r}, want {gold['source']!r}")
    author = getattr(info, "author", None)
    check("author", _names(author) == _names(gold["author"]),
          f"got {author!r}, want {gold['author']!r}")
    language = _language(article)
    check("language", norm(language) == norm(gold["language"]),
          f"got {language!r}, want {gold['language']!r}")

    paragraphs = [str(p) for p in getattr(article, "paragraphs", []) or []]
    key_points = [str(p) for p in getattr(briefing, "key_points", []) or []]
    statements = list(getattr(briefing, "statements", []) or [])
    places = (
        [("paragraph", p) for p in paragraphs]
        + [("key point", p) for p in key_points]
        + [("statement", str(getattr(s, "text", ""))) for s in statements]
    )
    for piece in gold["furniture"]:
        where = [kind for kind, text in places if norm(piece) in norm(text)]
        check("furniture", not where, f"{piece!r} left in {', '.join(sorted(set(where)))}")
    dirty = [p for p in key_points if any(norm(f) in norm(p) for f in gold["furniture"])]
    check("key_points_clean", not dirty, f"furniture in key points: {dirty!r}")
    body = norm("\n".join(paragraphs))
    for piece in gold["keep"]:
        check("keep", norm(piece) in body, f"{piece!r} missing from the paragraphs")

    pairs = match_statements(gold["statements"], statements, glossary)
    matched_gold = {i for i, _ in pairs}
    matched_predicted = {j for _, j in pairs}
    for i, g in enumerate(gold["statements"]):
        check("statement_recall", i in matched_gold,
              f"missed {speakers(g)[0]}: {g['text']!r}")
    for j, p in enumerate(statements):
        check("statement_precision", j in matched_predicted,
              f"unexpected {getattr(p, 'speaker', None)}: {getattr(p, 'text', '')!r}")
    for i, j in pairs:
        want_quote = gold["statements"][i]["direct_quote"]
        got_quote = bool(getattr(statements[j], "direct_quote", False))
        check("direct_quote", got_quote == want_quote,
              f"{gold['statements'][i]['text']!r}: direct_quote {got_quote}, want {want_quote}")

    timeline = getattr(briefing, "timeline", []) or []
    predicted_dates = sorted({str(getattr(e, "date", "")) for e in timeline})
    gold_dates = set(gold["dates"])
    for d in predicted_dates:
        check("date_precision", d in gold_dates, f"unexpected date {d}")
    for d in sorted(gold_dates):
        check("date_recall", d in predicted_dates, f"missed date {d}")


#: Words a headline does not open with: a leading adverbial belongs in the story.
_LEADING = re.compile(
    r"^(?:following|after|before|in|on|at|during|speaking|according|amid|despite|earlier|"
    r"later|meanwhile|however|also|as|while|when)\b",
    re.IGNORECASE,
)
_DATELINE = re.compile(r"^[A-Z][A-Z .'-]{2,}(?:,|\s+\(|\s+[-–—])|^[A-Z][\w'-]+\s*/[^/]+/")


def generated_title_problems(title: str) -> list[str]:
    """Why a generated headline would not pass the desk (issue 12, part 5); [] if it would.

    One complete clause of at most about 90 characters: no ellipsis, no dateline,
    no leading adverbial, more than a fragment.
    """
    problems = []
    if len(title) > 90:
        problems.append(f"{len(title)} characters")
    if "…" in title or "..." in title:
        problems.append("ellipsis")
    if _DATELINE.match(title):
        problems.append("a dateline")
    if _LEADING.match(title):
        problems.append("a leading adverbial")
    if len(title.split()) < 4:
        problems.append("a fragment")
    if title.rstrip().endswith((",", ";", ":", "-")):
        problems.append("cut mid-sentence")
    return problems


def _fail_all(gold: dict[str, Any], score: Score, result: FileResult) -> None:
    """Count every check the gold defines as failed (nothing could be predicted)."""
    t = score.tallies
    before = sum(tally.total for tally in t.values())
    if gold["title"] is not None:
        t["title"].add(False)
    else:
        t["generated_title"].add(False)
    for key in ("title_generated", "dek", "published", "dateline", "source", "author",
                "language", "key_points_clean"):
        t[key].add(False)
    for key, items in (("furniture", gold["furniture"]), ("keep", gold["keep"]),
                       ("statement_recall", gold["statements"]), ("date_recall", gold["dates"])):
        for _ in items:
            t[key].add(False)
    result.total += sum(tally.total for tally in t.values()) - before
    result.failures.append(f"error: {result.error}")


def score_set(set_name: str = "dev", root: Path = HERE,
              glossary: Glossary | None = None, only: str | None = None) -> Score:
    """Score every article of ``set_name`` under ``root`` (whose path holds ``only``)."""
    glossary = glossary if glossary is not None else load_glossary()
    score = Score()
    for gold_path in gold_files(set_name, root):
        if only and only not in str(gold_path.relative_to(root)):
            continue
        gold = load_gold(gold_path)
        source = source_of(gold_path)
        result = FileResult(source, format=str(gold["format"]))
        score.files.append(result)
        if not _is_scorable(source):
            result.skipped = f"the pipeline does not read {source.suffix} sources yet"
            continue
        score_file(gold, source, glossary, score, result)
    return score


def below_floor(figures: dict[str, float | None], floor: dict[str, float]) -> list[str]:
    """The figures under their floor, as lines; a figure with nothing to measure is 0."""
    return [
        f"{key}: {figures.get(key) or 0:.4f} is below the floor {minimum:.2f}"
        for key, minimum in sorted(floor.items())
        if (figures.get(key) or 0.0) + 1e-9 < minimum
    ]


def raise_floor(path: Path, set_name: str, figures: dict[str, float | None]) -> None:
    """Write ``figures`` (rounded down) as the floor of ``set_name``, keeping higher floors."""
    floor = json.loads(path.read_text("utf-8")) if path.is_file() else {}
    current = floor_of(floor, set_name)
    for key, value in figures.items():
        if value is not None:
            current[key] = max(current.get(key, 0.0), math.floor(value * 100 + 1e-9) / 100)
    floor = {k: v for k, v in floor.items() if k in SETS}
    floor[set_name] = dict(sorted(current.items()))
    temporary = path.with_suffix(".tmp")
    temporary.write_text(json.dumps(floor, indent=2, sort_keys=True) + "\n", "utf-8")
    temporary.replace(path)


def floor_of(floor: dict[str, Any], set_name: str) -> dict[str, float]:
    """The floor of ``set_name`` in a floor file: per set (``{"dev": {...}}``) or flat."""
    if set_name in floor:
        return dict(floor[set_name])
    if any(key in SETS for key in floor):
        return {}
    return {k: float(v) for k, v in floor.items()}


def _shown(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(HERE.parent.parent))
    except ValueError:
        return str(path)


def report(score: Score, set_name: str, verbose: bool) -> str:
    """The figures as a readable table, with each file's failures when ``verbose``."""
    scored = sum(1 for f in score.files if not f.skipped and not f.error)
    lines = [f"Extraction corpus, {set_name} set: {len(score.files)} articles, {scored} scored, "
             f"{sum(1 for f in score.files if f.skipped)} skipped, "
             f"{sum(1 for f in score.files if f.error)} rejected"]
    counts = {**score.tallies, "overall": score.overall}
    for key, label in FIGURES:
        tally = counts[key]
        share = "   n/a" if tally.share is None else f"{100 * tally.share:5.1f}%"
        lines.append(f"  {label:<34} {share}  ({tally.passed}/{tally.total})")
    for f in score.files:
        if f.error:
            lines.append(f"rejected: {_shown(f.path)}: {f.error}")
        if f.skipped:
            lines.append(f"skipped:  {_shown(f.path)}: {f.skipped}")
    if verbose:
        lines.append("\nShare of checks passed, per format:")
        lines.extend(f"  {shape:<22} {100 * (t.share or 0):5.1f}%  ({t.passed}/{t.total})"
                     for shape, t in score.by_format().items())
        for f in score.files:
            if f.failures and not f.error:
                lines.append(f"\n{_shown(f.path)}")
                lines.extend(f"  - {line}" for line in f.failures)
    return "\n".join(lines)


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m corpus.extraction.score",
        description="Score the extraction pipeline against the extraction corpus's gold.",
    )
    parser.add_argument("--set", choices=SETS, default="dev", help="which articles (default dev)")
    parser.add_argument("--json", action="store_true", help="print machine-readable figures")
    parser.add_argument("--verbose", action="store_true", help="list each failure per file")
    parser.add_argument("--floor", type=Path, help="exit 1 when a figure is below this JSON file")
    parser.add_argument("--only", metavar="TEXT",
                        help="score only the articles whose path holds TEXT (e.g. 'tass/')")
    parser.add_argument("--raise-floor", type=Path, metavar="FILE",
                        help="raise this set's floor in FILE to the current figures, rounded "
                             "down to two decimals (a floor is never lowered)")
    args = parser.parse_args(list(argv) if argv is not None else None)
    if args.only and (args.floor or args.raise_floor):
        parser.error("--only scores part of a set; the floor is for whole sets")
    try:
        score = score_set(args.set, only=args.only) if args.only else score_set(args.set)
    except GoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    try:
        if args.json:
            print(json.dumps({"set": args.set, **score.to_json()}, indent=2, ensure_ascii=False))
        else:
            print(report(score, args.set, args.verbose))
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (head, less) stopped early: not an error
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - Python flushes it at exit

    if args.raise_floor:
        raise_floor(args.raise_floor, args.set, score.figures())
    if args.floor:
        try:
            floor = json.loads(args.floor.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            print(f"error: {args.floor}: cannot read the floor: {exc}", file=sys.stderr)
            return 2
        problems = below_floor(score.figures(), floor_of(floor, args.set))
        for line in problems:
            print(f"below floor: {line}", file=sys.stderr)
        if problems:
            return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
