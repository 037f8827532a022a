"""`briefings inspect`: the JSON contract and the one-line errors, through the real command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
VIDEO = ROOT / "content" / "azerbaijan-says-armenian-forces-pullback-has-begun.txt"
OPERATION = ROOT / "content" / "aliyev-says-karabakh-operation-completed.txt"


def briefings(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefings.cli", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120,
    )


@pytest.fixture(scope="module")
def operation() -> dict:
    result = briefings("inspect", str(OPERATION), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def video() -> dict:
    result = briefings("inspect", str(VIDEO), "--json")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_json_has_exactly_the_contract_keys_and_types(operation: dict) -> None:
    assert set(operation) == {
        "slug", "title", "title_generated", "dek", "dateline", "published", "source",
        "attribution", "paragraphs", "removed", "key_points", "statements", "timeline",
        "entities", "event", "lang", "language",
    }
    assert operation["lang"] == "en"
    assert operation["language"] == {"code": "en", "source": "detected", "analysed": True,
                                     "translated": True, "name": "English"}
    assert isinstance(operation["title_generated"], bool)
    assert set(operation["source"]) == {"name", "url", "author"}
    for statement in operation["statements"]:
        assert set(statement) == {"speaker", "text", "direct_quote", "paragraph"}
        assert isinstance(statement["paragraph"], int)
        assert isinstance(statement["direct_quote"], bool)
    for event in operation["timeline"]:
        assert set(event) == {"date", "text"}
    for entity in operation["entities"]:
        assert set(entity) == {"name", "type", "affiliation"}
        assert entity["type"] in ("person", "place", "body")


def test_second_sample(operation: dict) -> None:
    assert operation["slug"] == "aliyev-says-karabakh-operation-completed"
    assert operation["published"] == "2023-09-20"
    assert operation["dek"].startswith("The Azeri President says")
    # Unknown facts stay unknown: the text names no outlet, link or author.
    assert operation["source"] == {"name": None, "url": None, "author": None}
    speakers = {s["speaker"] for s in operation["statements"]}
    assert {
        "Ilham Aliyev", "Hikmet Hajiyev", "Vladimir Putin", "Nikol Pashinyan", "Charles Michel",
        "Azerbaijani Defense Ministry",
    } <= speakers
    quotes = [s["text"] for s in operation["statements"] if s["direct_quote"]]
    assert any(q.startswith("In just one day, Azerbaijan completed all the goals") for q in quotes)
    def dated(date: str, start: str) -> bool:
        return any(e["date"] == date and e["text"].startswith(start)
                   for e in operation["timeline"])

    assert dated("2023-09-19", "On Tuesday, Azerbaijan launched")
    assert dated("2023-09-21", "Both sides said talks on reintegrating")
    assert 3 <= len(operation["key_points"]) <= 5
    assert len(operation["removed"]) == 3
    names = {e["name"] for e in operation["entities"]}
    assert {"Ilham Aliyev", "Nikol Pashinyan", "Nagorno-Karabakh", "Yevlakh"} <= names


def test_first_sample(video: dict) -> None:
    assert video["title_generated"] is True
    assert video["published"] is None
    assert video["attribution"].startswith("official statements from Azerbaijani authorities")
    assert ("2020-11-10" in {e["date"] for e in video["timeline"]})
    by_speaker = {s["speaker"] for s in video["statements"]}
    assert {"Ilham Aliyev", "Government of Armenia", "Observers"} <= by_speaker
    # "On September 19" has no year and the article no date: left out, not guessed.
    assert not any(e["date"].endswith("-09-19") for e in video["timeline"])


def test_readable_summary_without_json() -> None:
    result = briefings("inspect", str(VIDEO))
    assert result.returncode == 0
    assert "title generated from the lead" in result.stdout
    assert "Who said what" in result.stdout
    assert "outlet:      unknown" in result.stdout


@pytest.mark.parametrize(
    ("name", "content", "problem"),
    [
        ("missing.txt", None, "cannot read the file"),
        ("empty.txt", b"", "the file is empty"),
        ("bad.md", b"---\ntitle: [oops\n---\nText.\n", "invalid front matter"),
    ],
)
def test_bad_source_gives_one_line_and_exit_1(
    tmp_path: Path, name: str, content: bytes | None, problem: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = briefings("inspect", str(path), "--json")
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0] and problem in lines[0]
    assert "Traceback" not in result.stderr


def test_commands_outside_a_project_say_so(tmp_path: Path) -> None:
    result = briefings("status", cwd=tmp_path)
    assert result.returncode == 1
    assert "no mkdocs.yml here or above" in result.stderr
    assert "Traceback" not in result.stderr
