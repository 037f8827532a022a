"""The GitHub Actions workflow for site repositories: valid YAML, the jobs and steps
docs/ci.md describes, in the order that matters."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

WORKFLOW = Path(__file__).resolve().parent.parent / ".github" / "workflows" / "site.yml"


@pytest.fixture(scope="module")
def workflow() -> dict[Any, Any]:
    loaded = yaml.safe_load(WORKFLOW.read_text("utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def steps(workflow: dict[Any, Any], job: str) -> list[dict[str, Any]]:
    return workflow["jobs"][job]["steps"]


def index(job_steps: list[dict[str, Any]], *, uses: str = "", run: str = "") -> int:
    for number, step in enumerate(job_steps):
        if uses and step.get("uses", "").startswith(uses + "@"):
            return number
        if run and run in step.get("run", ""):
            return number
    raise AssertionError(f"no step {uses or run!r}")


def test_runs_on_content_pushes_to_main(workflow: dict[Any, Any]) -> None:
    # YAML 1.1 reads the key "on" as true.
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["push"]["branches"] == ["main"]
    assert {"content/**", "translations/**", "mkdocs.yml"} <= set(triggers["push"]["paths"])
    assert "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read"}


def test_build_installs_drafts_and_builds_strictly_in_order(workflow: dict[Any, Any]) -> None:
    build = steps(workflow, "build")
    install = index(build, run="pip install \"torch==")
    assert "--index-url" in build[install]["run"]
    run = build[install]["run"]
    # This repository installs itself with the lock (scripts/lock.sh).
    assert run.index("torch==") < run.index("pip install -c requirements/constraints.txt .")
    caches = [s for s in build if s.get("uses", "").startswith("actions/cache@")]
    paths = " ".join(s["with"]["path"] for s in caches)
    assert "~/.cache/pip" in paths and ".models" in paths and "models" in paths
    models = next(n for n, step in enumerate(build) if step.get("id") == "models")
    assert build[models]["uses"].startswith("actions/cache@")
    assert install < models < index(build, run="briefings translate")
    assert index(build, run="briefings translate") < index(build, run="mkdocs build --strict")
    assert index(build, run="mkdocs build --strict") < index(
        build, uses="actions/upload-pages-artifact"
    )
    assert workflow["env"]["ARGOS_PACKAGES_DIR"].endswith("/.models/argos")


def test_deploys_to_pages_with_only_the_pages_permissions(workflow: dict[Any, Any]) -> None:
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    index(deploy["steps"], uses="actions/deploy-pages")


def test_proposes_the_drafts_as_a_pull_request(workflow: dict[Any, Any]) -> None:
    job = workflow["jobs"]["propose-drafts"]
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    propose = job["steps"][index(job["steps"], uses="peter-evans/create-pull-request")]
    assert propose["with"]["add-paths"].strip() == "translations/**"
    assert propose["with"]["branch"] == "briefings/machine-drafts"
    build = steps(workflow, "build")
    upload = build[index(build, uses="actions/upload-artifact")]
    assert upload["with"]["name"] == "translations"


def test_every_action_is_pinned_to_a_major_version(workflow: dict[Any, Any]) -> None:
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            if "uses" in step:
                version = step["uses"].rpartition("@")[2]
                assert version.startswith("v") and version[1:].isdigit(), step["uses"]
