"""`briefings events` and the `event` key of `briefings inspect`, through the real commands."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from projects import sample_project

ROOT = Path(__file__).resolve().parent.parent
DATED = "aliyev-says-karabakh-operation-completed"
UNDATED = "azerbaijan-says-armenian-forces-pullback-has-begun"


def briefings(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "briefings.cli", *args],
        cwd=cwd, capture_output=True, text=True, timeout=180,
    )


def test_the_two_samples_are_one_event_and_the_command_says_why(tmp_path: Path) -> None:
    project = sample_project(tmp_path, folders=("content",))
    result = briefings("events", "--json", "--project", str(project))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    [event] = data["events"]
    assert [a["slug"] for a in event["articles"]] == [DATED, UNDATED]
    assert event["title_generated"] is True
    joined = event["articles"][1]
    assert joined["chosen"] == "automatic" and joined["published"] is None
    assert "Ilham Aliyev" in joined["shared"] and joined["score"] > 0
    assert set(data) == {"events", "near_misses", "excluded", "comparisons"}

    text = briefings("events", "--project", str(project))
    assert text.returncode == 0, text.stderr
    assert "headline generated" in text.stdout and "shares" in text.stdout


def test_inspect_shows_the_article_event(tmp_path: Path) -> None:
    project = sample_project(tmp_path, folders=("content",))
    result = briefings("inspect", str(project / "content" / f"{UNDATED}.txt"), "--json")
    assert result.returncode == 0, result.stderr
    event = json.loads(result.stdout)["event"]
    assert event["key"] == DATED and event["sources"] == 2 and event["chosen"] == "automatic"
    summary = briefings("inspect", str(project / "content" / f"{UNDATED}.txt"))
    assert f"event:       {DATED} (2 sources, automatic)" in summary.stdout


def test_editor_keys_and_none_through_the_command(tmp_path: Path) -> None:
    project = sample_project(tmp_path, folders=("content",))
    path = project / "content" / f"{DATED}.txt"
    text = path.read_text("utf-8")
    path.write_text(text.replace("---\npublished", "---\nevent: none\npublished"), "utf-8")
    data = json.loads(briefings("events", "--json", "--project", str(project)).stdout)
    assert data["events"] == [] and data["excluded"] == [DATED]
    path.write_text(path.read_text("utf-8").replace("event: none", "event: karabakh-2023"),
                    "utf-8")
    (project / "events.yaml").write_text("karabakh-2023:\n  title: Karabakh, September 2023\n",
                                         "utf-8")
    data = json.loads(briefings("events", "--json", "--project", str(project)).stdout)
    [event] = data["events"]
    assert event["key"] == "karabakh-2023" and event["title"] == "Karabakh, September 2023"
    assert event["title_generated"] is False
    assert [a["chosen"] for a in event["articles"]] == ["editor", "automatic"]


def test_a_bad_events_yaml_is_one_line(tmp_path: Path) -> None:
    project = sample_project(tmp_path, folders=("content",))
    (project / "events.yaml").write_text("Not A Key:\n  title: x\n", "utf-8")
    result = briefings("events", "--project", str(project))
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("briefings: events.yaml") and "Traceback" not in result.stderr
