"""Temporary site projects for tests: copies of this repository's sample site.

One factory, :func:`sample_project`, for every test that needs a project made
from the sample site, so that a change to the sample's layout (a new folder, a
renamed setting) is made here once. Each test asks for what it needs: the whole
site or only its articles and configuration, the published addresses, and its
own ``extra.briefings`` settings.

Kept free of MkDocs and of the models, so that a test of a command imports
nothing heavy to get a project.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
#: The address the sample site is published at. Plain http: the browser tests send
#: this host to the local server (see :func:`sitebuild.serve`), which speaks no TLS.
SITE_URL = "http://example.org/briefings/"
REPO_URL = "https://github.com/example/newsroom-site"
#: What a build of the sample site reads besides mkdocs.yml.
SITE_FOLDERS = ("content", "docs", "hooks")
#: An Argos packages folder inside the project (``argos_packages_dir``), so that a
#: test never reads the packages installed on the machine it runs on.
ARGOS_DIR = "argos-packages"


def sample_settings() -> dict[str, Any]:
    """The sample site's own ``extra.briefings`` settings."""
    return dict(yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))["extra"]["briefings"])


def sample_project(
    target: Path,
    *,
    folders: tuple[str, ...] = SITE_FOLDERS,
    published: bool = False,
    **settings: Any,
) -> Path:
    """A copy of the sample site in ``target`` (made if missing), returned.

    :param folders: the folders copied besides ``mkdocs.yml``: all a build reads
        by default; ``("content",)`` for the commands, which need only the articles
    :param published: set ``site_url`` and ``repo_url`` (:data:`SITE_URL`,
        :data:`REPO_URL`): the sitemap, the hreflang links and the translators'
        "correct this translation" links need them
    :param settings: ``extra.briefings`` settings to set, e.g. ``beam_size=1``; a
        mapping is merged into the setting of that name (``engines={"hy": {...}}``
        replaces the Armenian engine and keeps the others)
    """
    target.mkdir(parents=True, exist_ok=True)
    for name in folders:
        shutil.copytree(ROOT / name, target / name)
    text = (ROOT / "mkdocs.yml").read_text("utf-8")
    if published:
        for old, new in (
            ("# site_url: https://example.org/briefings/", f"site_url: {SITE_URL}"),
            ("# repo_url: https://example.org/your-newsroom/briefings", f"repo_url: {REPO_URL}"),
        ):
            assert old in text, f"mkdocs.yml no longer has {old!r}"
            text = text.replace(old, new, 1)
    (target / "mkdocs.yml").write_text(text, "utf-8")
    if settings:
        set_settings(target, **settings)
    return target


def set_settings(project: Path, **settings: Any) -> None:
    """Set ``extra.briefings`` settings in ``project``'s mkdocs.yml (see :func:`sample_project`).

    The file is read and written again as YAML: its comments go, its values and
    their order stay, and short lists and mappings stay on one line
    (``languages: [hy, az, ru]``), as the sample writes them.
    """
    config_file = project / "mkdocs.yml"
    config = yaml.safe_load(config_file.read_text("utf-8"))
    section = config.setdefault("extra", {}).setdefault("briefings", {})
    for key, value in settings.items():
        if isinstance(value, dict) and isinstance(section.get(key), dict):
            section[key] = {**section[key], **value}
        else:
            section[key] = value
    config_file.write_text(
        yaml.safe_dump(config, sort_keys=False, allow_unicode=True, default_flow_style=None,
                       width=1000),
        "utf-8",
    )
