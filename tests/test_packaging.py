"""The package as a site repository gets it: a wheel, installed, with nothing of this checkout.

``python -m build`` makes the wheel from a copy of the sources; a fresh virtual
environment outside this checkout gets the wheel with ``pip install --no-deps``
and borrows the dependencies of this one (a ``.pth`` file, added after the
install, so pip sees an empty environment and downloads nothing). There,
``briefings new`` makes a site and ``mkdocs build --strict`` builds it with the
plugin: the briefing page must exist in every language and be styled.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from importlib import metadata
from pathlib import Path

import pytest

import briefings
from briefings.cli import main

ROOT = Path(__file__).resolve().parent.parent
SLUG = "riverside-bridge-reopens"


def test_the_version_is_the_packages(capsys: pytest.CaptureFixture[str]) -> None:
    assert briefings.__version__ == metadata.version("briefings")
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out == f"briefings {briefings.__version__}\n"


def test_the_changelog_and_licence_name_this_version() -> None:
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert f"## [{briefings.__version__}]" in changelog
    assert (ROOT / "LICENSE").read_text("utf-8").startswith("MIT License")


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=900, check=False)
    assert done.returncode == 0, f"{command} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def build_wheel(workdir: Path) -> Path:
    """``python -m build --wheel`` of a copy of the sources (the checkout stays clean)."""
    source = workdir / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "briefings", source / "briefings",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    # No isolation: the build backend is this environment's setuptools, not a download.
    run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
         str(workdir / "dist"), str(source)], cwd=workdir)
    (wheel,) = (workdir / "dist").glob("briefings-*.whl")
    return wheel


def clean_env(venv: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV", "BRIEFINGS_NO_TRANSLATE")}
    env.update(PATH=f"{venv / 'bin'}{os.pathsep}{env.get('PATH', '')}", BRIEFINGS_WORKERS="1",
               NO_MKDOCS_2_WARNING="1")
    return env


@pytest.mark.slow
def test_a_site_repository_builds_from_the_installed_wheel(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    workdir = tmp_path_factory.mktemp("packaging")
    assert ROOT not in workdir.parents
    wheel = build_wheel(workdir)
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    version = briefings.__version__
    assert {
        "briefings/mkdocs/overrides/main.html",
        "briefings/mkdocs/overrides/assets/briefings.css",
        "briefings/site/locales/ru/LC_MESSAGES/briefings.po",
        "briefings/data/new/mkdocs.yml",
        "briefings/data/new/site.yml",
        f"briefings-{version}.dist-info/licenses/LICENSE",
        f"briefings-{version}.dist-info/entry_points.txt",
    } <= names

    venv = workdir / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)], cwd=workdir)
    python = str(venv / "bin" / "python")
    run([sys.executable, "-m", "pip", "--python", python, "install", "--no-deps", "--no-index",
         "--disable-pip-version-check", str(wheel)], cwd=workdir)
    # Only now the dependencies of this environment (mkdocs, material, ctranslate2 …):
    # a directory a .pth file names is not searched for .pth files, so this
    # checkout's editable install stays out of sight.
    site_packages = Path(run([python, "-c", "import sysconfig; print(sysconfig.get_paths()"
                              "['purelib'])"], cwd=workdir).strip())
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (site_packages / "borrowed-dependencies.pth").write_text("\n".join(sorted(ours)) + "\n")
    env = clean_env(venv)

    where = run([python, "-c", "import briefings; print(briefings.__file__)"], cwd=workdir, env=env)
    assert Path(where.strip()).is_relative_to(site_packages)
    assert run([str(venv / "bin" / "briefings"), "--version"], cwd=workdir,
               env=env) == f"briefings {version}\n"

    site = workdir / "newsroom"
    run([str(venv / "bin" / "briefings"), "new", str(site)], cwd=workdir, env=env)
    assert not (site / "hooks").exists() and not (site / "overrides").exists()
    run([python, "-m", "mkdocs", "build", "--strict"], cwd=site, env=env)

    css = (site_packages / "briefings" / "mkdocs" / "overrides" / "assets" /
           "briefings.css").read_bytes()
    assert b".briefing-dek {" in css
    for lang in ("", "hy/", "az/", "ru/"):
        page = (site / "site" / f"{lang}briefings/{SLUG}/index.html").read_text("utf-8")
        # Linked, and the page uses what it styles.
        assert 'href="../../assets/briefings.css"' in page
        assert 'class="briefing-dek' in page
        assert "Eastfold" in page
        assert (site / "site" / lang / "assets" / "briefings.css").read_bytes() == css
