"""A build and a translate run on a fresh checkout, with no model, change no committed file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
GIT = shutil.which("git")


def git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), *args], capture_output=True, text=True,
                          check=True).stdout


@pytest.mark.skipif(GIT is None or not (ROOT / ".git").exists(), reason="a git checkout")
def test_a_build_and_translate_on_a_fresh_checkout_change_no_committed_file(
    tmp_path: Path,
) -> None:
    # The files of this checkout as git knows them (committed or not): a fresh clone of it.
    clone = tmp_path / "clone"
    tracked = git(ROOT, "ls-files", "-z", "--cached", "--others", "--exclude-standard")
    for name in filter(None, tracked.split("\0")):
        source = ROOT / name
        if source.is_file() and not name.startswith(("tests/", "bench/")):
            (clone / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, clone / name)
    git(clone.parent, "init", "-q", str(clone))
    git(clone, "add", "-A")
    git(clone, "-c", "user.email=ci@example.org", "-c", "user.name=CI", "commit", "-qm", "x")
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(tmp_path / "no-models"),
           "HOME": str(tmp_path / "home")}
    env.pop("SOURCE_DATE_EPOCH", None)  # as on a real machine: a write would be dated now

    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=clone, env=env,
                           capture_output=True, text=True, timeout=900)
    assert build.returncode == 0, build.stderr
    assert git(clone, "status", "--porcelain") == ""
    translate = subprocess.run([sys.executable, "-m", "briefings.cli", "translate",
                                "--no-progress"], cwd=clone, env=env, capture_output=True,
                               text=True, timeout=900)
    assert "Traceback" not in translate.stderr
    assert git(clone, "status", "--porcelain") == ""
