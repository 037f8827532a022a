"""Two translators' branches merged by git with the catalogs' merge driver (docs/translating.md)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from test_catalogs import fake_draft, msgfmt_check, review, run, talks

from briefings.translation.catalogs import unit_status
from briefings.translation.pofile import read_catalog

GIT = shutil.which("git")
MSGCAT = shutil.which("msgcat")
pytestmark = pytest.mark.skipif(GIT is None or MSGCAT is None, reason="git and GNU gettext")


def git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True,
                          check=check)


def poedit_save(path: Path, date: str, who: str) -> None:
    """What Poedit does on save: stamp the header and rewrap the file its way."""
    text = path.read_text(encoding="utf-8")
    lines = []
    for line in text.split("\n"):
        if line.startswith('"PO-Revision-Date:'):
            line = f'"PO-Revision-Date: {date}\\n"'
        elif line.startswith('"Last-Translator:'):
            line = f'"Last-Translator: {who}\\n"\n"X-Generator: Poedit 3.4.2\\n"'
        lines.append(line)
    path.write_text("\n".join(lines), encoding="utf-8")
    rewrapped = subprocess.run([MSGCAT or "msgcat", "-w", "60", str(path)], capture_output=True,
                               text=True, check=True).stdout
    path.write_text(rewrapped, encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "site"
    po = repo / "translations" / "ru" / "talks.po"
    assert run(talks(), po)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "ci@example.org")
    git(repo, "config", "user.name", "CI")
    (repo / ".gitattributes").write_text(
        (Path(__file__).parents[1] / ".gitattributes").read_text(encoding="utf-8")
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "drafts")
    return repo


def branches(repo: Path) -> Path:
    po = repo / "translations" / "ru" / "talks.po"
    git(repo, "checkout", "-qb", "anna")
    review(po, "The mood was calm.", "Обстановка была спокойной.")
    poedit_save(po, "2026-03-01 10:00+0300", "Anna <anna@example.org>")
    git(repo, "commit", "-qam", "anna reviews")
    git(repo, "checkout", "-q", "main")
    git(repo, "checkout", "-qb", "boris")
    review(po, "Talks resumed in Brussels on Monday.", "Переговоры возобновились в понедельник.")
    poedit_save(po, "2026-03-02 09:00+0300", "Boris <boris@example.org>")
    git(repo, "commit", "-qam", "boris reviews")
    git(repo, "checkout", "-q", "anna")
    return po


def test_without_the_driver_two_poedit_saves_conflict(repo: Path) -> None:
    branches(repo)
    assert git(repo, "merge", "-q", "boris", check=False).returncode != 0


def test_the_merge_driver_merges_two_translators_reviews(repo: Path) -> None:
    po = branches(repo)
    driver = f"{sys.executable} -m briefings.cli merge-po %O %A %B %P"
    git(repo, "config", "merge.briefings-po.name", "briefings catalogs")
    git(repo, "config", "merge.briefings-po.driver", driver)

    result = git(repo, "merge", "-q", "--no-edit", "boris", check=False)

    assert result.returncode == 0, result.stdout + result.stderr
    msgfmt_check(po)
    catalog = read_catalog(po, "ru")
    assert unit_status(catalog.get("The mood was calm.")) == "reviewed"
    assert catalog.get("Talks resumed in Brussels on Monday.").string == (
        "Переговоры возобновились в понедельник."
    )
    assert catalog.get("Observers expect a draft treaty in the spring.").string == fake_draft(
        "Observers expect a draft treaty in the spring."
    )
    header = po.read_text(encoding="utf-8").split("\n\n")[0]
    assert '"PO-Revision-Date: 2026-03-02 09:00+0300\\n"' in header  # the later save
    assert '"Last-Translator: Boris <boris@example.org>\\n"' in header
    assert '"X-Generator: Poedit 3.4.2\\n"' in header
    assert "<<<<<<<" not in po.read_text(encoding="utf-8")
