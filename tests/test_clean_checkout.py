"""A build or a ``translate`` run on a clean checkout with no model changes no committed file.

Otherwise every drafts pull request would carry churn (a rewritten Plural-Forms
header when CLDR's data changed, a rewrapped entry, a stamped date) that a
translator then has to merge. The checkout is this working tree's tracked files,
committed afresh in a temporary repository, so what is tested is what would land.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


@pytest.fixture
def checkout(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("needs git")
    target = tmp_path / "checkout"
    tracked = git("ls-files", "-z", cwd=ROOT).split("\0")
    for name in filter(None, tracked):
        source = ROOT / name
        if source.is_file():  # a file deleted in the working tree is not part of it
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    git("init", "-q", cwd=target)
    git("add", "-A", cwd=target)
    git("-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-q", "-m", "clean",
        cwd=target)
    return target


@pytest.mark.slow
def test_build_and_translate_without_models_change_no_committed_file(
    checkout: Path, tmp_path: Path
) -> None:
    empty = tmp_path / "no-models"
    empty.mkdir()
    # No Argos package anywhere (the user's own folder included) and no hy model folder.
    env = {**os.environ, "ARGOS_PACKAGES_DIR": str(empty), "HOME": str(tmp_path)}
    env.pop("BRIEFINGS_NO_TRANSLATE", None)
    env.pop("SOURCE_DATE_EPOCH", None)  # as on a real machine: a write would be dated now
    assert not (checkout / "models").exists()
    commands = (
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
        [sys.executable, "-m", "briefings.cli", "translate", "--no-progress"],
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q"],
    )
    for command in commands:
        done = subprocess.run(command, cwd=checkout, env=env, capture_output=True, text=True,
                              check=False)
        assert done.returncode == 0, (command, done.stdout, done.stderr)
        assert git("status", "--porcelain", "--untracked-files=all", cwd=checkout) == "", command
    assert (checkout / "site" / "index.html").is_file()
