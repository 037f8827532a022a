"""The extraction corpus: its gold is well formed, and the pipeline stays above the floor.

The corpus and its scorer live in corpus/extraction (see its README). The floor in
corpus/extraction/floor.json may only be raised.
"""

from __future__ import annotations

import html
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus" / "extraction"


def _load_scorer() -> ModuleType:
    """corpus/extraction/score.py, loaded from its file.

    Not imported as ``corpus.extraction``: other tests import the benchmark's
    bench/corpus.py as ``corpus``, and one module name cannot be both.
    """
    spec = importlib.util.spec_from_file_location("extraction_corpus_score", CORPUS / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


score = _load_scorer()
FLOOR = CORPUS / "floor.json"
GOLD = [p for set_name in score.SETS for p in score.gold_files(set_name)]


def _source_text(path: Path) -> str:
    """The source as a reader sees it, for checking that gold substrings occur in it."""
    text = path.read_text("utf-8-sig")
    if path.suffix == ".html":
        # The metadata a page states sits in <meta content="..."> and JSON-LD.
        meta = " ".join(re.findall(r'(?i)\bcontent="([^"]*)"', text))
        text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", text)
        text = html.unescape(re.sub(r"<[^>]+>", " ", text) + " " + meta)
    elif path.suffix == ".md":
        text = re.sub(r"[*_`>#]+", " ", text)
    return score.norm(text)


@pytest.fixture(scope="module")
def dev_score() -> score.Score:
    return score.score_set("dev")


def test_corpus_is_as_large_and_varied_as_issue_12_asks() -> None:
    dev = score.gold_files("dev")
    assert len(dev) >= 60
    assert len({p.parent.name for p in dev}) >= 12
    unseen = {"dw", "jam-news", "france24", "telegram"}  # held out on purpose
    heldout = {p.parent.name for p in score.gold_files("heldout")}
    assert heldout <= {p.parent.name for p in dev} | unseen, (
        "a held-out format the dev set lacks must be named here on purpose"
    )


@pytest.mark.parametrize("gold_path", GOLD, ids=lambda p: f"{p.parent.parent.name}/"
                         f"{p.parent.name}/{p.name.removesuffix(score.GOLD_SUFFIX)}")
def test_gold_is_valid(gold_path: Path) -> None:
    gold = score.load_gold(gold_path)
    source = score.source_of(gold_path)
    assert gold["format"] == gold_path.parent.name, "the folder names the format"
    assert re.fullmatch(r"[a-z]{2}", gold["language"]), "language is ISO 639-1"
    text = _source_text(source)
    for key in ("furniture", "keep"):
        for piece in gold[key]:
            assert score.norm(piece) in text, f"{key} {piece!r} is not in {source.name}"
    for piece in (gold["title"], gold["dek"]):
        if piece:
            assert score.norm(piece) in text, f"{piece!r} is not in {source.name}"
    for statement in gold["statements"]:
        needle = score.norm(statement["text"])
        assert needle in text, f"statement text {statement['text']!r} is not in {source.name}"
    keep_and_furniture = [score.norm(k) for k in gold["keep"]]
    for piece in gold["furniture"]:
        assert not any(score.norm(piece) in k for k in keep_and_furniture), (
            f"furniture {piece!r} is inside a keep line"
        )


def test_gold_rejects_what_the_readme_forbids(tmp_path: Path) -> None:
    folder = tmp_path / "dev" / "wire"
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text("Headline\n\nBody text.\n", "utf-8")
    good = {
        "format": "wire", "language": "en", "title": "Headline", "title_generated": False,
        "dek": None, "published": "2023-09-20", "dateline": None, "source": None,
        "author": None, "furniture": [], "keep": ["Body text."],
        "statements": [{"speaker": "Ilham Aliyev", "direct_quote": False, "text": "x"}],
        "dates": ["2023-09", "2023"],
    }
    gold_path = folder / "a.gold.yaml"
    gold_path.write_text(json.dumps(good), "utf-8")
    # JSON is YAML; a quoted date stays a string, which the gold must not allow.
    with pytest.raises(score.GoldError, match="published"):
        score.load_gold(gold_path)
    good["published"] = None
    gold_path.write_text(json.dumps(good), "utf-8")
    assert score.load_gold(gold_path)["dates"] == ["2023-09", "2023"]
    for change in ({"dates": ["2023-13"]}, {"title": None}, {"extra": 1},
                   {"statements": [{"speaker": "X", "text": "y"}]}):
        gold_path.write_text(json.dumps({**good, **change}), "utf-8")
        with pytest.raises(score.GoldError):
            score.load_gold(gold_path)


def test_statements_match_through_aliases_once_each() -> None:
    from briefings.glossary import load_glossary
    from briefings.model import Statement

    glossary = load_glossary()
    gold = [
        {"speaker": "Ilham Aliyev", "direct_quote": True, "text": "we restored our sovereignty"},
        {"speaker": "Ilham Aliyev", "direct_quote": False, "text": "talks would follow"},
        {"speaker": "Azerbaijani Foreign Ministry", "direct_quote": False, "text": "free to stay"},
    ]
    predicted = [
        Statement("Aliyev", "“We restored  our sovereignty,”", True, 0),
        Statement("Azeri President", "talks would follow on Thursday", False, 1),
        Statement("Azerbaijan's foreign ministry", "residents were free to stay", False, 2),
        Statement("Ilham Aliyev", "we restored our sovereignty", True, 3),
        Statement("Reuters", "residents were free to stay", False, 4),
    ]
    pairs = score.match_statements(gold, predicted, glossary)
    assert pairs == [(0, 0), (1, 1), (2, 2)] or pairs == [(0, 3), (1, 1), (2, 2)]


def test_per_format_shares_add_up_to_the_overall_figure(dev_score: score.Score) -> None:
    shapes = dev_score.by_format()
    assert sum(t.total for t in shapes.values()) == dev_score.overall.total
    assert sum(t.passed for t in shapes.values()) == dev_score.overall.passed


def test_dev_set_stays_above_the_floor(dev_score: score.Score) -> None:
    result = dev_score
    floor = score.floor_of(json.loads(FLOOR.read_text("utf-8")), "dev")
    assert floor, "floor.json has no figures for the dev set"
    assert set(floor) <= {key for key, _ in score.FIGURES}
    assert score.below_floor(result.figures(), floor) == []


def test_scorer_command_prints_figures_and_honours_the_floor(
    dev_score: score.Score, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(score, "score_set", lambda set_name: dev_score)
    assert score.main(["--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed["set"] == "dev"
    figures = printed["figures"]
    assert set(figures) == {key for key, _ in score.FIGURES}
    impossible = tmp_path / "floor.json"
    impossible.write_text(json.dumps({"dev": {"overall": 1.01}}), "utf-8")
    assert score.main(["--floor", str(impossible)]) == 1
    assert "below the floor" in capsys.readouterr().err


def test_only_scores_the_articles_named() -> None:
    part = score.score_set("dev", only="tass/")
    assert part.files and all(f.path.parent.name == "tass" for f in part.files)
    assert len(part.files) == len(list((CORPUS / "dev" / "tass").glob("*.gold.yaml")))
